"""The verdict rule stated once: the hard/soft table (in code and in docs/MATCHING.md), the
hours rule that follows from part-time acceptance, seasons, and what would fix each gap."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from portal.matching import (
    REQUIREMENTS,
    CandidateFacts,
    HeldCredential,
    JobFacts,
    TimeRange,
    match,
    verdict,
)

TODAY = date(2026, 11, 27)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "MATCHING.md"


def weekdays(start: str, end: str, days=range(5)) -> list[TimeRange]:
    return [TimeRange.parse(start, end, d) for d in days]


FULL_TIME_DAY = JobFacts(
    timezone="America/New_York",
    shift_windows=weekdays("08:00", "16:30"),  # 42.5 hours
    applicant_countries=frozenset({"US"}),
    employment_type="full_time",
)
RETIREE = CandidateFacts(
    timezone="America/New_York",
    availability=weekdays("08:00", "16:30"),
    hours_min=15,
    hours_max=20,
    work_modes=frozenset({"remote"}),
    employment_types=frozenset({"part_time"}),
    country="US",
)


def test_the_docs_show_the_same_table_as_the_code():
    rows = re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| (hard|soft) \|", DOCS.read_text(), re.M)
    assert rows == [(r.key, "hard" if r.hard else "soft") for r in REQUIREMENTS]


def test_a_part_timer_is_not_eligible_for_fixed_full_time_shifts():
    """The retiree who wants 15-20 hours got "Meets every requirement" for a 42.5-hour job."""
    result = match(FULL_TIME_DAY, RETIREE, TODAY)
    assert not result.eligible
    hours = result.get("hours")
    assert hours.detail == (
        "Wants at most 20 hours a week; the shifts are 42.5 hours and the job does not take "
        "part-time or split shifts"
    )
    assert verdict(result).headline == "Misses Weekly hours"
    # Open to part-time or split shifts with a 15-hour minimum: she fits.
    open_job = replace(FULL_TIME_DAY, accepts_part_time=True, hours_min=15)
    fits = match(open_job, RETIREE, TODAY)
    assert fits.eligible
    assert fits.get("employment_type").status == "met"


def test_a_flexible_contract_suits_a_part_timer_on_hours_not_on_the_word():
    contract = JobFacts(
        timezone="America/New_York",
        applicant_countries=frozenset({"US"}),
        hours_min=10,
        hours_max=30,
        employment_type="contract",
    )
    result = match(contract, RETIREE, TODAY)
    assert result.eligible
    row = result.get("employment_type")
    assert row.status == "met"
    assert row.detail == "Wants part-time work; this contract job takes part-time hours"


def test_a_full_time_shift_ranks_the_coder_who_covers_most_of_it_above_a_part_timer():
    """Before, a part-timer was judged only on the hours she wanted and outranked a night-shift
    coder covering 37.5 of the 42.5 hours."""
    india = CandidateFacts(
        timezone="Asia/Kolkata",
        availability=weekdays("19:00", "03:30"),
        work_modes=frozenset({"remote"}),
        country="US",  # the job hires from the US; this test is about hours
    )
    night = match(FULL_TIME_DAY, india, TODAY)
    part_timer = match(FULL_TIME_DAY, RETIREE, TODAY)
    assert not night.eligible and not part_timer.eligible
    assert night.score > part_timer.score


def test_two_failures_are_both_named():
    job = replace(FULL_TIME_DAY, required_credential_groups=[["CCS"]])
    result = match(job, replace(RETIREE, country="IN"), TODAY)
    headline = verdict(result).headline
    assert headline == "Misses CCS, Work mode and location and Weekly hours"


def test_a_soft_miss_is_never_called_meeting_every_requirement():
    job = replace(FULL_TIME_DAY, preferred_credentials=frozenset({"CRC"}))
    full_timer = replace(RETIREE, hours_min=40, hours_max=45, employment_types=frozenset())
    result = match(job, full_timer, TODAY)
    assert result.eligible
    assert verdict(result).headline == "Meets the requirements; check Preferred credentials"


def test_seasons_say_which_clock_fits_instead_of_flipping():
    """New York day shift 9-5:30; Kolkata coder free 7:30 pm - 4:30 am India time (no DST)."""
    job = replace(FULL_TIME_DAY, shift_windows=weekdays("09:00", "17:30"))
    india = CandidateFacts(
        timezone="Asia/Kolkata",
        availability=weekdays("19:30", "04:30"),
        work_modes=frozenset({"remote"}),
        country="US",
    )
    for day in (date(2026, 1, 5), date(2026, 3, 9), date(2026, 7, 20), date(2026, 11, 2)):
        hours = match(job, india, day).get("hours")
        assert hours.status == "partial"
        assert hours.detail.startswith(
            "Fits only while New York clocks are on standard time: available 42.5 of the "
            "42.5 shift hours then, 37.5 otherwise"
        )
        assert hours.fix.endswith("for the rest of the year")
    # Arizona keeps standard time all year, like India: the same answer in every season.
    phoenix = replace(job, timezone="America/Phoenix")
    rows = {match(phoenix, india, d).get("hours") for d in (date(2026, 1, 5), date(2026, 7, 20))}
    assert len(rows) == 1


def test_fixes_name_the_credential_the_day_and_the_move():
    job = replace(FULL_TIME_DAY, required_credential_groups=[["CCS", "CIC"], ["RHIT"]])
    short_friday = [*weekdays("08:00", "16:30", range(4)), TimeRange.parse("08:00", "14:30", 4)]
    coder = replace(
        RETIREE,
        hours_min=None,
        hours_max=None,
        availability=short_friday,
        credentials=[HeldCredential("RHIT", TODAY - timedelta(days=1))],
    )
    result = match(job, coder, TODAY)
    fixes = {i.key: i.fix for i in result.blocking}
    assert fixes["credential:CCS|CIC"] == "Add one of CCS or CIC"
    assert fixes["credential:RHIT"] == "Renew RHIT"
    assert fixes["hours"] == "Cover 2 more hours on Fri"

    onsite = replace(FULL_TIME_DAY, work_mode="onsite", office_locations=[(39.96, -83.0)])
    near = replace(RETIREE, work_modes=frozenset(), location=(39.76, -84.19), travel_km=30)
    far = replace(near, location=(29.42, -98.49))
    assert match(onsite, near, TODAY).get("work_mode").fix == (
        "Travel up to 104 km, or say you would move for the job"
    )
    assert match(onsite, far, TODAY).get("work_mode").fix == "Say you would move for the job"


def test_a_credential_expiring_within_90_days_is_a_check_row_with_a_fix():
    job = replace(FULL_TIME_DAY, required_credential_groups=[["CPC"]])
    coder = replace(
        RETIREE,
        hours_min=40,
        hours_max=45,
        employment_types=frozenset(),
        credentials=[HeldCredential("CPC", TODAY + timedelta(days=45), verified=True)],
    )
    result = match(job, coder, TODAY)
    assert result.eligible
    row = result.get("expiry:CPC")
    assert row.status == "warning" and not row.required
    assert row.detail == ("CPC expires on 11 Jan 2027, in 45 days; after that it no longer counts")
    assert row.fix == "Renew CPC before 11 Jan 2027 and add the new expiry date"
    later = replace(coder, credentials=[HeldCredential("CPC", TODAY + timedelta(days=91))])
    assert match(job, later, TODAY).get("expiry:CPC") is None
