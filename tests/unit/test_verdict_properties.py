"""Property tests (Hypothesis) over random jobs and profiles: the badge, the rows and the
eligibility always agree, every row's hard/soft flag comes from the one table, every hard gap
says what would fix it, and the shift verdict does not flip with the date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.matching import (
    INELIGIBLE_CAP,
    CandidateFacts,
    HeldCredential,
    JobFacts,
    Pay,
    TimeRange,
    is_hard,
    match,
    verdict,
)

TODAY = date(2026, 11, 27)
CODES = ["CPC", "CPC-A", "CCS", "CIC", "RHIT", "CRC", "COC"]
ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Phoenix",
    "Asia/Kolkata",
    "Asia/Riyadh",
    "Europe/London",
    "Australia/Sydney",
    "UTC",
]
SPECIALTIES = ["pro_fee_em", "inpatient_facility", "radiology", "risk_adjustment"]
CODE_SETS = ["icd10cm", "icd10pcs", "cpt", "icd10am", "achi"]
PLACES = [(40.71, -74.0), (29.42, -98.49), (9.93, 76.26), (24.71, 46.68)]
COUNTRIES = ["US", "IN", "SA"]
TYPES = ["full_time", "part_time", "contract", "per_diem"]

half_hours = st.integers(0, 47).map(lambda n: n * 30)
ranges = st.builds(
    TimeRange, day=st.integers(0, 6), start=half_hours, end=half_hours.map(lambda m: m or 1440)
).filter(lambda r: r.start != r.end % 1440)
hours = st.none() | st.integers(1, 60)
pay = st.none() | st.builds(
    Pay,
    amount_min=st.none() | st.floats(10, 60),
    amount_max=st.none() | st.floats(10, 60),
    currency=st.sampled_from(["USD", "INR"]),
    period=st.sampled_from(["hour", "month", "chart"]),
)
credential = st.builds(
    HeldCredential,
    code=st.sampled_from(CODES),
    expires_on=st.none() | st.integers(-200, 400).map(lambda d: TODAY + timedelta(days=d)),
    verified=st.booleans(),
)
groups = st.lists(st.lists(st.sampled_from(CODES), min_size=1, max_size=3), max_size=2)


def subset(options: list[str]):
    return st.frozensets(st.sampled_from(options), max_size=len(options))


jobs = st.builds(
    JobFacts,
    required_credential_groups=groups,
    preferred_credentials=subset(CODES),
    specialties=subset(SPECIALTIES),
    code_sets=subset(CODE_SETS),
    min_years=st.integers(0, 6),
    new_graduates_welcome=st.booleans(),
    work_mode=st.sampled_from(["remote", "onsite", "hybrid"]),
    office_locations=st.lists(st.sampled_from(PLACES), max_size=2),
    applicant_countries=subset(COUNTRIES),
    timezone=st.sampled_from(ZONES),
    shift_windows=st.lists(ranges, max_size=5),
    hours_min=hours,
    hours_max=hours,
    accepts_part_time=st.booleans(),
    employment_type=st.sampled_from(TYPES),
    pay=pay,
)
candidates = st.builds(
    CandidateFacts,
    credentials=st.lists(credential, max_size=4),
    specialties=subset(SPECIALTIES),
    code_sets=subset(CODE_SETS),
    years_experience=st.integers(0, 10),
    new_graduate=st.booleans(),
    timezone=st.sampled_from(ZONES),
    availability=st.lists(ranges, max_size=7),
    hours_min=hours,
    hours_max=hours,
    work_modes=subset(["remote", "onsite", "hybrid"]),
    employment_types=subset(TYPES),
    location=st.none() | st.sampled_from(PLACES),
    travel_km=st.none() | st.integers(0, 200),
    willing_to_relocate=st.booleans(),
    country=st.none() | st.sampled_from(COUNTRIES),
    pay=pay,
)

GAPS = {"missing", "partial", "warning"}


@settings(max_examples=300, deadline=None)
@given(job=jobs, candidate=candidates)
def test_badge_rows_and_eligibility_agree(job, candidate):
    result = match(job, candidate, TODAY)
    found = verdict(result)
    hard_gaps = [i for i in result.items if i.required and i.status in ("missing", "partial")]
    # One rule decides eligibility, and the table decides what is hard.
    assert all(i.required == is_hard(i.key) for i in result.items)
    assert result.eligible == (not hard_gaps) == (found.kind != "misses")
    # "Meets every requirement" only on a clean sheet: never beside ✗, "Partly met" or "Check".
    clean = all(i.status not in GAPS for i in result.items)
    assert (found.headline == "Meets every requirement") == clean
    if found.kind == "misses":
        # Every failed hard requirement is named in the badge, and each says what would fix it.
        for i in hard_gaps:
            assert i.label in found.headline
            assert i.fix
        assert result.score <= INELIGIBLE_CAP
    elif found.kind == "fits_with_gaps":
        assert all(i.label in found.headline for i in result.items if i.status in GAPS)
    assert 0 <= result.score <= 100


@settings(max_examples=150, deadline=None)
@given(job=jobs, candidate=candidates, days=st.integers(0, 364))
def test_the_shift_verdict_does_not_flip_with_the_date(job, candidate, days):
    """Winter and summer reference weeks: any day of the year gives the same hours line."""
    other = date(TODAY.year, 1, 1) + timedelta(days=days)
    assert match(job, candidate, TODAY).get("hours") == match(job, candidate, other).get("hours")
