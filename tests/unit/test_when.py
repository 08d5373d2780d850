"""Shift times for search: UTC minutes of the week, conversion to the viewer's clock, and the
"When" rule read the same way by the engine's filter and by documents from SQL."""

from __future__ import annotations

from datetime import date, datetime

from portal.matching import TimeRange
from portal.search.keywords import extract, whole_short_codes
from portal.search.when import fits_rule, shift_fields, shift_lines, to_zone, when_rule

WINTER = date(2026, 1, 14)  # New York UTC-5, Chicago UTC-6, India UTC+5:30 all year
SUMMER = date(2026, 7, 15)


def test_an_india_night_shift_in_utc_and_on_a_chicago_clock():
    night = [TimeRange(d, 19 * 60 + 30, 4 * 60 + 30) for d in range(5)]
    fields = shift_fields(night, "Asia/Kolkata", WINTER)
    assert fields["shift_starts_local"][0] == 19 * 60 + 30
    assert fields["shift_starts_utc"][0] == 14 * 60  # 7:30 pm IST is 2:00 pm UTC
    assert len(fields["shift_quarters_utc"]) == 5 * 9 * 4
    winter = to_zone(night, "Asia/Kolkata", "America/Chicago", WINTER)
    summer = to_zone(night, "Asia/Kolkata", "America/Chicago", SUMMER)
    assert winter[0] == TimeRange(0, 8 * 60, 17 * 60)
    assert summer[0] == TimeRange(0, 9 * 60, 18 * 60)


def test_sunday_night_wraps_into_monday_on_the_utc_week():
    sunday_night = [TimeRange(6, 22 * 60, 6 * 60)]  # New York, ends Monday 6 am
    fields = shift_fields(sunday_night, "America/New_York", WINTER)
    assert fields["shift_starts_utc"] == [3 * 60]  # Monday 3:00 am UTC
    lines = shift_lines(
        {"shift_windows": [[6, 22 * 60, 6 * 60]], "timezone": "America/New_York"}, None, WINTER
    )
    assert lines == ["Sun 10:00 pm – 6:00 am (next day)"]


def test_the_when_rule_reads_documents_as_the_filter_does():
    now = datetime(2026, 1, 14, 12, 0)
    india = {
        "flexible_hours": False,
        **shift_fields(
            [TimeRange(d, 19 * 60 + 30, 4 * 60 + 30) for d in range(5)], "Asia/Kolkata", WINTER
        ),
    }
    assert when_rule(["night"], None, now).holds(india)  # on its own clock
    assert not when_rule(["night"], "America/Chicago", now).holds(india)
    assert when_rule(["day"], "America/Chicago", now).holds(india)
    assert not when_rule(["weekend"], "America/Chicago", now).holds(india)
    assert when_rule(["weekend"], "Asia/Tokyo", now).holds(india)  # Fri night ends Sat in Tokyo
    assert "shift_starts_utc" in when_rule(["day"], "America/Chicago", now).filter
    assert when_rule([], "America/Chicago", now) is None

    flexible = {"flexible_hours": True, "hours_needed": 20}
    assert when_rule(["flexible"], None, now).holds(flexible)
    fits = fits_rule(
        [TimeRange(d, 8 * 60, 18 * 60) for d in range(5)], "America/Chicago", 30, WINTER
    )
    assert fits.holds(india) and fits.holds(flexible)
    assert not fits_rule([], "UTC", 10, WINTER).holds(flexible)  # 20 hours, only 10 to give
    assert "NOT" in fits.filter


def test_place_and_time_words_come_out_of_the_query():
    found = extract("night coder in ohio")
    assert (found.q, found.places, found.when) == ("coder", ["US-OH"], ["night"])
    assert extract("Remote coder Tamil Nadu").places == ["IN-TN"]
    assert extract("coder in or near houston").city == "Houston"
    assert extract("billing coder").city is None and extract("billing coder").q == "billing coder"
    assert extract("TX coder").places == ["US-TX"] and extract("tx coder").places == []
    assert extract("MA risk adjustment").places == []  # Medicare Advantage, not Massachusetts
    assert extract("Massachusetts").places == ["US-MA"]
    assert extract("houston", want_city=False).q == "houston"


def test_short_codes_are_phrases():
    assert whole_short_codes("E/M audit") == '"E/M" audit'
    assert whole_short_codes("e&m HCC coder") == '"e&m" "HCC" coder'
    assert whole_short_codes('"exact phrase" E/M') == '"exact phrase" E/M'
