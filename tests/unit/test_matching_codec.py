"""Matching facts survive JSON (`portal.matching.codec`): what a search document stores is scored
as the facts it was made from."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from portal.matching import (
    CandidateFacts,
    HeldCredential,
    JobFacts,
    Pay,
    TimeRange,
    candidate_facts_from_json,
    candidate_facts_to_json,
    job_facts_from_json,
    job_facts_to_json,
    match,
)
from tests.fixtures.matching_facts import TODAY, make_candidate, make_job

# Every field away from its default, odd values included (a night shift, a free-text region,
# coordinates with every digit, an open pay range).
JOB = JobFacts(
    required_credential_groups=[["RHIT"], ["CCS", "CIC"]],
    preferred_credentials=frozenset({"CPC", "CRC"}),
    specialties=frozenset({"inpatient_drg", "ed"}),
    code_sets=frozenset({"icd10pcs"}),
    systems=frozenset({"epic", "3m"}),
    min_years=3,
    new_graduates_welcome=True,
    work_mode="hybrid",
    office_locations=[(30.267153, -97.743057), (9.931233, 76.267304)],
    applicant_countries=frozenset({"US"}),
    applicant_regions=frozenset({"US-TX"}),
    timezone="Asia/Kolkata",
    shift_windows=[TimeRange(0, 1260, 360), TimeRange(5, 600, 900)],
    hours_min=20,
    hours_max=30,
    accepts_part_time=True,
    employment_type="part_time",
    pay=Pay(28.5, None, "USD", "hour"),
)
CANDIDATE = CandidateFacts(
    credentials=[
        HeldCredential("CPC", date(2027, 1, 31), True),
        HeldCredential("CCS", date(2025, 12, 1), False),
        HeldCredential("RHIT", None, True),
    ],
    specialties=frozenset({"ed"}),
    code_sets=frozenset({"icd10cm", "cpt"}),
    systems=frozenset({"cerner"}),
    years_experience=7,
    new_graduate=True,
    timezone="America/Chicago",
    availability=[TimeRange(4, 1320, 120), TimeRange(6, 0, 1440)],
    hours_min=10,
    hours_max=25,
    work_modes=frozenset({"remote", "hybrid"}),
    employment_types=frozenset({"part_time", "contract"}),
    location=(30.508255, -97.678896),
    travel_km=40,
    willing_to_relocate=True,
    country="PH",
    region="Metro Manila",
    pay=Pay(None, 38000.75, "PHP", "month"),
)


def through_json(value: dict) -> dict:
    return json.loads(json.dumps(value))


def test_every_field_is_stored():
    assert set(job_facts_to_json(JOB)) == {f.name for f in dataclasses.fields(JobFacts)}
    assert set(candidate_facts_to_json(CANDIDATE)) == {
        f.name for f in dataclasses.fields(CandidateFacts)
    }
    for facts in (JOB, CANDIDATE):
        defaults = type(facts)()
        assert all(
            getattr(facts, f.name) != getattr(defaults, f.name) for f in dataclasses.fields(facts)
        ), "every field set away from its default, so a field the codec drops shows"


def test_facts_come_back_equal():
    assert job_facts_from_json(through_json(job_facts_to_json(JOB))) == JOB
    assert candidate_facts_from_json(through_json(candidate_facts_to_json(CANDIDATE))) == CANDIDATE
    for job in (make_job(), make_job(pay=Pay(100, 120, "USD", "day"))):
        assert job_facts_from_json(through_json(job_facts_to_json(job))) == job
    plain = make_candidate(location=None, pay=None)
    assert candidate_facts_from_json(through_json(candidate_facts_to_json(plain))) == plain


def test_stored_facts_score_alike():
    stored_job = job_facts_from_json(through_json(job_facts_to_json(JOB)))
    stored = candidate_facts_from_json(through_json(candidate_facts_to_json(CANDIDATE)))
    assert match(stored_job, stored, TODAY) == match(JOB, CANDIDATE, TODAY)
