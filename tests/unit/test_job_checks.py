"""The posting steps' rules on typed inputs, without a database: what each schedule step says
about shifts, night hours, weekly hours and places, and that a clean step gives its columns."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from portal.services.jobs import (
    BasicsInput,
    JobInvalid,
    OfficeInput,
    RequirementsInput,
    ScheduleInput,
    ShiftInput,
    check_step,
    parse_credential_groups,
)

WEEKDAYS = [0, 1, 2, 3, 4]


DAY_SHIFT = ScheduleInput(
    work_mode="remote",
    applicant_countries=["US"],
    timezone="America/New_York",
    shift_patterns=[ShiftInput(days=WEEKDAYS, start="09:00", end="17:30")],
)


def _remote(**changes: Any) -> ScheduleInput:
    return replace(DAY_SHIFT, **changes)


def _fields(data: ScheduleInput) -> list[str | None]:
    with pytest.raises(JobInvalid) as caught:
        check_step(data)
    return [field for field, _message in caught.value.problems]


def test_a_day_shift_becomes_one_window_per_day():
    checked = check_step(_remote())
    assert checked.columns["shift_windows"] == [[d, 540, 1050] for d in WEEKDAYS]
    assert checked.columns["applicant_countries"] == ["US"]
    assert checked.offices == []


def test_a_night_shift_needs_the_next_day_tick_from_a_form_but_not_from_data():
    night = ShiftInput(days=[0], start="19:30", end="04:30", next_day=False)
    assert _fields(_remote(shift_patterns=[night])) == ["shift1_end"]
    ticked = ShiftInput(days=[0], start="19:30", end="04:30", next_day=True)
    assert check_step(_remote(shift_patterns=[ticked])).columns["shift_windows"] == [[0, 1170, 270]]
    untyped = ShiftInput(days=[0], start="19:30", end="04:30")
    assert check_step(_remote(shift_patterns=[untyped])).columns["shift_windows"]


def test_overlapping_shifts_and_impossible_hours_are_named():
    twice = [
        ShiftInput(days=[0], start="09:00", end="17:00"),
        ShiftInput(days=[0], start="12:00", end="20:00"),
    ]
    assert _fields(_remote(shift_patterns=twice)) == ["shift1_days"]
    # 42.5 shift hours a week: nobody can be asked for more, nor for fewer without part-time.
    assert _fields(_remote(hours_min=50, hours_max=60, accepts_part_time=True)) == ["hours_min"]
    assert _fields(_remote(hours_min=20)) == ["hours_min"]
    assert check_step(_remote(hours_min=20, accepts_part_time=True)).columns["hours_min"] == 20


def test_places_a_remote_or_office_job_needs():
    assert _fields(_remote(applicant_countries=[])) == ["applicant_countries"]
    # A state brings its country along.
    checked = check_step(_remote(applicant_countries=[], applicant_regions=["us-tx"]))
    assert checked.columns["applicant_countries"] == ["US"]
    assert checked.columns["applicant_regions"] == ["US-TX"]
    assert _fields(_remote(work_mode="onsite")) == ["office1_city"]
    office = OfficeInput(city="Houston", region="Texas", country="us")
    checked = check_step(_remote(work_mode="onsite", offices=[office], timezone=""))
    assert checked.offices == [OfficeInput(city="Houston", region="TX", country="US")]
    assert checked.columns["timezone"] == "America/Chicago"  # the office's, not New York's


def test_other_steps_list_every_problem_at_once():
    with pytest.raises(JobInvalid) as caught:
        check_step(BasicsInput(title="x" * 161, role_type="?", employment_type="full_time"))
    assert [field for field, _m in caught.value.problems] == ["title", "role_type", "description"]
    with pytest.raises(JobInvalid) as caught:
        check_step(RequirementsInput(required_credentials="CPC and XYZ", min_years=41))
    assert [field for field, _m in caught.value.problems] == ["required_credentials", "min_years"]


def test_credentials_read_as_people_write_them():
    assert parse_credential_groups("RHIT and (CCS or CIC)") == [["RHIT"], ["CCS", "CIC"]]
    assert parse_credential_groups("cpc; ccs/cic, ccs") == [["CPC"], ["CCS", "CIC"]]
