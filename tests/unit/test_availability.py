"""Weekly availability and time-zone overlap on the real calendar (portal.matching.availability).

Expected hours are worked out by hand in the comments: IST is UTC+5:30 all year; New York is
UTC-5 (EST) until the second Sunday of March (2026-03-08, 2:00) and UTC-4 (EDT) after it.
"""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.matching.availability import (
    TimeRange,
    describe_ranges,
    format_time,
    overlap_hours,
    validate_ranges,
    weekly_hours,
    zone_name,
)

IST = "Asia/Kolkata"
NY = "America/New_York"
WEEKDAYS = range(5)


def weekdays(start: str, end: str, days=WEEKDAYS) -> list[TimeRange]:
    return [TimeRange.parse(start, end, d) for d in days]


# An Indian night shift, 18:30–03:30 IST Mon–Fri (9 h a night, 45 h a week).
INDIA_NIGHTS = weekdays("18:30", "03:30")
# A New York day shift, 9:00–18:00 Mon–Fri (45 h a week).
NY_DAYS = weekdays("09:00", "18:00")


# --- TimeRange ------------------------------------------------------------------------------


def test_parse_builds_minutes_since_midnight():
    assert TimeRange.parse("09:00", "13:00", 0) == TimeRange(day=0, start=540, end=780)
    assert TimeRange.parse("9:30", "24:00", 6) == TimeRange(day=6, start=570, end=1440)


@pytest.mark.parametrize("bad", ["9am", "25:00", "09:60", "09:5", "", "24:01"])
def test_parse_rejects_malformed_times(bad):
    with pytest.raises(ValueError, match="time"):
        TimeRange.parse(bad, "13:00", 0)


def test_minutes_of_day_overnight_and_invalid_ranges():
    assert TimeRange.parse("09:00", "13:00", 0).minutes == 240
    night = TimeRange.parse("21:00", "06:00", 0)
    assert night.overnight
    assert night.minutes == 9 * 60
    assert TimeRange.parse("21:00", "00:00", 0).minutes == 3 * 60
    assert TimeRange.parse("09:00", "09:00", 0).minutes == 0


# --- weekly_hours ---------------------------------------------------------------------------


def test_weekly_hours_counts_overnight_ranges_in_full():
    assert weekly_hours(weekdays("21:00", "06:00")) == 45.0


def test_weekly_hours_counts_overlapping_ranges_once_and_skips_invalid_ones():
    ranges = [
        TimeRange.parse("09:00", "13:00", 0),
        TimeRange.parse("12:00", "14:00", 0),  # overlaps the first by an hour
        TimeRange.parse("10:00", "10:00", 1),  # zero length
        TimeRange.parse("22:00", "02:00", 6),  # Sunday night into Monday: 4 h
    ]
    assert weekly_hours(ranges) == 9.0


# --- overlap_hours --------------------------------------------------------------------------


def test_ist_night_fully_covers_new_york_day_in_us_summer():
    # EDT: 18:30 IST = 13:00 UTC = 9:00 EDT; 03:30 IST = 22:00 UTC = 18:00 EDT -> 9 h x 5.
    hours = overlap_hours(INDIA_NIGHTS, IST, NY_DAYS, NY, date(2026, 6, 1))
    assert hours == 45.0
    assert hours == weekly_hours(NY_DAYS)


def test_ist_night_leaves_the_last_new_york_hour_uncovered_in_us_winter():
    # EST: 18:30 IST = 8:00 EST; 03:30 IST = 17:00 EST -> 9:00-17:00 = 8 h x 5.
    assert overlap_hours(INDIA_NIGHTS, IST, NY_DAYS, NY, date(2026, 1, 12)) == 40.0


def test_us_spring_forward_changes_overlap_for_a_fixed_india_schedule():
    before = overlap_hours(INDIA_NIGHTS, IST, NY_DAYS, NY, date(2026, 3, 2))  # still EST
    after = overlap_hours(INDIA_NIGHTS, IST, NY_DAYS, NY, date(2026, 3, 9))  # EDT from Sun 8th
    assert before == 40.0
    assert after == 45.0


def test_week_of_any_day_means_the_calendar_week_starting_that_monday():
    wednesday = date(2026, 3, 11)
    assert overlap_hours(INDIA_NIGHTS, IST, NY_DAYS, NY, wednesday) == 45.0
    sunday_before_the_change = date(2026, 3, 8)  # belongs to the week of Monday 2 March
    assert overlap_hours(INDIA_NIGHTS, IST, NY_DAYS, NY, sunday_before_the_change) == 40.0


def test_dst_change_inside_the_week_uses_each_days_own_offset():
    # Every day, week of 2 March: Mon-Sat are EST (8 h each), Sunday 8 March is EDT (9 h).
    india = weekdays("18:30", "03:30", days=range(7))
    new_york = weekdays("09:00", "18:00", days=range(7))
    assert overlap_hours(india, IST, new_york, NY, date(2026, 3, 2)) == 6 * 8 + 9
    assert overlap_hours(new_york, NY, india, IST, date(2026, 3, 2)) == 6 * 8 + 9


def test_night_shift_over_the_us_spring_forward_is_an_hour_shorter():
    # Sat 7 March 22:00 EST -> Sun 8 March 06:00 EDT is 7 real hours, not 8.
    shift = [TimeRange.parse("22:00", "06:00", 5)]
    always = weekdays("00:00", "24:00", days=range(7))
    assert overlap_hours(always, "UTC", shift, NY, date(2026, 3, 2)) == 7.0
    assert overlap_hours(always, "UTC", shift, NY, date(2026, 3, 9)) == 8.0


def test_overnight_ranges_overlap_across_midnight():
    # Job: New York nights Mon-Fri 22:00-06:30. Candidate: every day 00:00-04:00 (same zone).
    # Tue-Sat early mornings fall in the Mon-Fri night shifts: 4 h x 5; Monday's does not.
    shift = weekdays("22:00", "06:30")
    early = weekdays("00:00", "04:00", days=range(7))
    assert overlap_hours(early, NY, shift, NY, date(2026, 1, 12)) == 20.0
    # Both overnight: Mon 23:00-01:00 lies inside Mon 22:00-06:30.
    late = [TimeRange.parse("23:00", "01:00", 0)]
    assert overlap_hours(late, NY, shift, NY, date(2026, 1, 12)) == 2.0


def test_week_boundary_us_sunday_night_is_india_monday_morning():
    # Sun 20:00-02:00 EST = Mon 01:00-07:00 UTC = Mon 06:30-12:30 IST.
    # India Mon 09:00-13:00 overlaps 09:00-12:30 = 3.5 h. With India as `b`, the US range comes
    # from the week before; with the US as `b`, India's Monday comes from the week after.
    us_sunday_night = [TimeRange.parse("20:00", "02:00", 6)]
    india_monday = [TimeRange.parse("09:00", "13:00", 0)]
    week = date(2026, 1, 12)
    assert overlap_hours(us_sunday_night, NY, india_monday, IST, week) == 3.5
    assert overlap_hours(india_monday, IST, us_sunday_night, NY, week) == 3.5


def test_week_boundary_at_the_extreme_time_zone_difference():
    # Etc/GMT+12 is UTC-12 and Pacific/Kiritimati UTC+14: 26 h apart, the widest gap.
    behind, ahead = "Etc/GMT+12", "Pacific/Kiritimati"
    week = date(2026, 1, 12)
    # Friday 23:30 -> Saturday 23:00 at UTC-12 ends Sun 11:00 UTC = Mon 01:00 at UTC+14,
    # so the Friday of the week before overlaps Monday 00:00-12:00 by one hour.
    friday_night = [TimeRange.parse("23:30", "23:00", 4)]
    monday = [TimeRange.parse("00:00", "12:00", 0)]
    assert overlap_hours(friday_night, behind, monday, ahead, week) == 1.0
    # Sunday 23:00 -> Monday 22:30 at UTC-12 ends Tue 10:30 UTC = Wed 00:30 at UTC+14,
    # so the Wednesday of the week after overlaps it by half an hour.
    sunday_night = [TimeRange.parse("23:00", "22:30", 6)]
    wednesday = [TimeRange.parse("00:00", "06:00", 2)]
    assert overlap_hours(wednesday, ahead, sunday_night, behind, week) == 0.5


def test_overlapping_ranges_on_either_side_are_counted_once():
    doubled = [TimeRange.parse("09:00", "13:00", 0), TimeRange.parse("12:00", "14:00", 0)]
    always = weekdays("00:00", "24:00", days=range(7))
    assert overlap_hours(always, "UTC", doubled, "UTC", date(2026, 1, 12)) == 5.0
    assert overlap_hours(doubled, "UTC", always, "UTC", date(2026, 1, 12)) == 5.0


def test_no_overlap_when_schedules_do_not_meet():
    india_mornings = weekdays("09:00", "13:00")  # 22:30-02:30 EST the night before
    assert overlap_hours(india_mornings, IST, NY_DAYS, NY, date(2026, 1, 12)) == 0.0
    assert overlap_hours([], IST, NY_DAYS, NY, date(2026, 1, 12)) == 0.0


def _brute_force_overlap(a, a_tz, b, b_tz, monday: date, step: int = 5) -> float:
    """Walk b's week minute by minute (in steps) and ask whether a's clock is inside a range."""

    def available(ranges, zone, instant) -> bool:
        local = instant.astimezone(zone)
        day, minute = local.weekday(), local.hour * 60 + local.minute
        for r in ranges:
            if r.end > r.start and r.day == day and r.start <= minute < r.end:
                return True
            if r.end < r.start and (
                (r.day == day and minute >= r.start) or ((r.day + 1) % 7 == day and minute < r.end)
            ):
                return True
        return False

    b_zone, a_zone = ZoneInfo(b_tz), ZoneInfo(a_tz)
    covered = set()
    for r in b:
        start = datetime.combine(monday + timedelta(days=r.day), datetime.min.time())
        start = (start + timedelta(minutes=r.start)).replace(tzinfo=b_zone).astimezone(UTC)
        covered.update(start + timedelta(minutes=m) for m in range(0, r.minutes, step))
    return sum(step for t in covered if available(a, a_zone, t)) / 60


def test_overlap_matches_a_brute_force_count_for_random_schedules():
    zones = [IST, NY, "Asia/Manila", "Etc/GMT+12", "Pacific/Kiritimati", "Asia/Kathmandu",
             "Australia/Sydney", "UTC"]  # fmt: skip
    rng = random.Random(20260112)
    monday = date(2026, 1, 12)  # no daylight-saving change anywhere in this week

    def schedule() -> list[TimeRange]:
        start, length = rng.randrange(0, 1440, 15), rng.randrange(60, 1440, 15)
        days = rng.sample(range(7), rng.randint(1, 4))
        return [TimeRange(d, start, (start + length) % 1440) for d in days]

    for _ in range(40):
        a, b = schedule(), schedule()
        a_tz, b_tz = rng.choice(zones), rng.choice(zones)
        expected = _brute_force_overlap(a, a_tz, b, b_tz, monday)
        assert overlap_hours(a, a_tz, b, b_tz, monday) == expected, (a, a_tz, b, b_tz)


# --- validate_ranges ------------------------------------------------------------------------


def test_valid_schedule_with_overnight_and_adjacent_ranges_has_no_problems():
    ranges = [
        TimeRange.parse("09:00", "13:00", 0),
        TimeRange.parse("13:00", "17:00", 0),  # touches, does not overlap
        TimeRange.parse("21:00", "06:00", 2),  # overnight is fine
        TimeRange.parse("06:00", "09:00", 3),  # starts when Wednesday night ends
    ]
    assert validate_ranges(ranges) == []


def test_zero_length_range_is_a_problem():
    problems = validate_ranges([TimeRange.parse("09:00", "09:00", 2)])
    assert problems == ["Wed 9:00 am – 9:00 am starts and ends at the same time"]


def test_times_and_days_outside_the_week_are_problems():
    problems = validate_ranges([TimeRange(day=1, start=0, end=1500), TimeRange(7, 0, 60)])
    assert problems == [
        "Tue: times must be between 00:00 and 24:00",
        "Day must be Monday to Sunday (0–6), not 7",
    ]
    assert validate_ranges([TimeRange(0, -30, 60)]) != []


def test_overlapping_ranges_on_one_day_are_a_problem():
    problems = validate_ranges(
        [TimeRange.parse("12:00", "17:00", 3), TimeRange.parse("09:00", "13:00", 3)]
    )
    assert problems == ["Thu 9:00 am – 1:00 pm overlaps Thu 12:00 pm – 5:00 pm"]


def test_overnight_range_spilling_into_the_next_days_range_is_a_problem():
    tuesday = validate_ranges(
        [TimeRange.parse("21:00", "06:00", 0), TimeRange.parse("05:00", "09:00", 1)]
    )
    assert tuesday == ["Mon 9:00 pm – 6:00 am overlaps Tue 5:00 am – 9:00 am"]
    # Sunday night spills into Monday of the (repeating) week.
    sunday = validate_ranges(
        [TimeRange.parse("21:00", "06:00", 6), TimeRange.parse("05:00", "09:00", 0)]
    )
    assert sunday == ["Mon 5:00 am – 9:00 am overlaps Sun 9:00 pm – 6:00 am"]


# --- describe_ranges and names --------------------------------------------------------------


def test_format_time_uses_12_hour_clock():
    assert [format_time(m) for m in (0, 540, 720, 1110, 1440)] == [
        "12:00 am",
        "9:00 am",
        "12:00 pm",
        "6:30 pm",
        "12:00 am",
    ]


def test_describe_groups_consecutive_days_with_equal_times():
    ranges = [
        TimeRange.parse("10:00", "14:00", 5),
        *weekdays("14:00", "18:00", days=(0, 1)),
        *weekdays("09:00", "13:00"),
    ]
    assert describe_ranges(ranges, NY) == [
        "Mon–Fri 9:00 am – 1:00 pm",
        "Mon, Tue 2:00 pm – 6:00 pm",
        "Sat 10:00 am – 2:00 pm",
    ]
    assert describe_ranges(ranges, NY, NY) == describe_ranges(ranges, NY)


def test_describe_lists_separate_days_and_wraps_the_weekend():
    ranges = weekdays("09:00", "17:00", days=(0, 2, 4, 5, 6))
    assert describe_ranges(ranges, "UTC") == ["Fri–Mon, Wed 9:00 am – 5:00 pm"]
    assert describe_ranges(weekdays("09:00", "17:00", days=(1, 3)), "UTC") == [
        "Tue, Thu 9:00 am – 5:00 pm"
    ]


def test_describe_converts_to_the_viewers_zone_for_the_week_of_today():
    india = weekdays("19:30", "04:30")
    winter = describe_ranges(india, IST, NY, today=date(2026, 1, 14))
    assert winter == [
        "Mon–Fri 7:30 pm – 4:30 am (next day) India time (9:00 am – 6:00 pm New York)"
    ]
    summer = describe_ranges(india, IST, NY, today=date(2026, 7, 15))
    assert summer == [
        "Mon–Fri 7:30 pm – 4:30 am (next day) India time (10:00 am – 7:00 pm New York)"
    ]


def test_describe_shows_the_viewers_days_when_they_differ():
    india_mornings = weekdays("08:00", "12:00")  # 21:30-01:30 EST the evening before
    assert describe_ranges(india_mornings, IST, NY, today=date(2026, 1, 14)) == [
        "Mon–Fri 8:00 am – 12:00 pm India time (Sun–Thu 9:30 pm – 1:30 am (next day) New York)"
    ]


def test_zone_names_use_the_mapping_then_the_last_path_component():
    assert zone_name("Asia/Kolkata") == "India time"
    assert zone_name("Asia/Qatar") == "Doha"
    assert zone_name("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert zone_name("UTC") == "UTC"
