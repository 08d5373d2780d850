"""Weekly availability: validation, totals, time-zone overlap and plain-words descriptions.

Offshore coders (India, the Philippines) often work US hours at night, so "do these two weekly
schedules overlap?" must be answered on the real calendar: every slot becomes an aware datetime
via `zoneinfo` and is compared in UTC, which handles daylight-saving changes, slots crossing
midnight and slots crossing the week boundary (a US Sunday night is an Indian Monday morning).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from portal.matching.model import DAY_NAMES, MINUTES_PER_DAY, TimeRange
from portal.matching.phrases import _

__all__ = [
    "TimeRange",
    "describe_ranges",
    "format_span",
    "format_time",
    "monday_of",
    "overlap_hours",
    "reference_weeks",
    "uncovered_by_day",
    "validate_ranges",
    "weekly_hours",
    "zone_name",
]

MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

ZONE_NAMES: dict[str, str] = {
    "Asia/Kolkata": _("India time"),
    "Asia/Calcutta": _("India time"),
    "America/New_York": _("New York"),
    "America/Chicago": _("Chicago"),
    "America/Denver": _("Denver"),
    "America/Los_Angeles": _("Los Angeles"),
    "Asia/Riyadh": _("Riyadh"),
    "Asia/Dubai": _("Dubai"),
    "Asia/Qatar": _("Doha"),
    "Asia/Manila": _("Manila"),
    "Europe/London": _("London"),
}


def zone_name(tz: str) -> str:
    """A short human name for an IANA zone ("Asia/Kolkata" → "India time")."""
    if tz in ZONE_NAMES:
        return ZONE_NAMES[tz]
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def format_time(minutes: int) -> str:
    """Minutes since midnight as "9:00 am"; 0 and 1440 are both "12:00 am" (midnight)."""
    hours, mins = divmod(minutes % MINUTES_PER_DAY, 60)
    suffix = "am" if hours < 12 else "pm"
    return f"{hours % 12 or 12}:{mins:02d} {suffix}"


def format_span(start: int, end: int) -> str:
    """ "9:00 am – 5:30 pm", or "9:00 pm – 1:00 am (next day)" when the end is after midnight
    (ending at midnight itself is the same day)."""
    text = f"{format_time(start)} – {format_time(end)}"
    if 0 < end % MINUTES_PER_DAY < start:
        text = f"{text} {_('(next day)')}"
    return text


def monday_of(day: date) -> date:
    """The Monday starting the calendar week that contains `day`."""
    return day - timedelta(days=day.weekday())


def _is_usable(r: TimeRange) -> bool:
    return (
        0 <= r.day <= 6
        and 0 <= r.start < MINUTES_PER_DAY
        and 0 <= r.end <= MINUTES_PER_DAY
        and r.start != r.end
    )


def _label(r: TimeRange) -> str:
    day = DAY_NAMES[r.day] if 0 <= r.day <= 6 else f"day {r.day}"
    return f"{day} {format_time(r.start)} – {format_time(r.end)}"


def _week_segments(r: TimeRange) -> list[tuple[int, int]]:
    """The range as half-open minute intervals on a Monday-00:00-based week, wrapped at Sunday."""
    start = r.day * MINUTES_PER_DAY + r.start
    end = start + r.minutes
    if end <= MINUTES_PER_WEEK:
        return [(start, end)]
    return [(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]


def validate_ranges(ranges: Iterable[TimeRange]) -> list[str]:
    """Plain-words problems with a weekly schedule; an empty list means it is valid.

    Overnight ranges (end before start) are fine. Reported: a day outside Monday–Sunday, times
    outside 00:00–24:00, zero-length ranges, and ranges that overlap, including an overnight
    range spilling into the next day's range (Sunday night spills into Monday).
    """
    problems: list[str] = []
    usable: list[TimeRange] = []
    for r in ranges:
        if not 0 <= r.day <= 6:
            problems.append(_("Day must be Monday to Sunday (0–6), not %(day)s") % {"day": r.day})
        elif not (0 <= r.start < MINUTES_PER_DAY and 0 <= r.end <= MINUTES_PER_DAY):
            problems.append(
                _("%(day)s: times must be between 00:00 and 24:00") % {"day": DAY_NAMES[r.day]}
            )
        elif r.start == r.end:
            problems.append(_("%(range)s starts and ends at the same time") % {"range": _label(r)})
        else:
            usable.append(r)
    ordered = sorted(usable, key=lambda r: (r.day, r.start, r.end))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if _segments_overlap(_week_segments(first), _week_segments(second)):
                problems.append(
                    _("%(first)s overlaps %(second)s")
                    % {"first": _label(first), "second": _label(second)}
                )
    return problems


def _segments_overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of half-open intervals, sorted, so overlapping input is never counted twice."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def weekly_hours(ranges: Iterable[TimeRange]) -> float:
    """Total wall-clock hours per week, counting overlapping ranges once; invalid ones add 0."""
    segments = [s for r in ranges if _is_usable(r) for s in _week_segments(r)]
    return sum(end - start for start, end in _merge(segments)) / 60


def _to_utc_seconds(local_date: date, minutes: int, zone: ZoneInfo) -> int:
    """Unix seconds of a local wall-clock time: one offset lookup, no aware-datetime round trip.

    Same result as `.replace(tzinfo=zone).astimezone(UTC).timestamp()` (fold=0), twice as fast.
    """
    naive = datetime.combine(local_date, time()) + timedelta(minutes=minutes)
    offset = zone.utcoffset(naive)
    local = (local_date.toordinal() - _EPOCH_ORDINAL) * 86400 + minutes * 60
    return local - int(offset.total_seconds()) if offset is not None else local


@lru_cache(maxsize=4096)
def _materialise(
    ranges: tuple[TimeRange, ...], tz: str, monday: date
) -> tuple[tuple[int, int], ...]:
    """The week's ranges as merged UTC second intervals (cached: a job is compared many times).

    Start and end are converted separately from local wall-clock time, so a night shift over a
    daylight-saving change really is an hour shorter or longer. Nonexistent local times (in a
    spring-forward gap) use the offset before the change, as zoneinfo does with fold=0.
    """
    zone = ZoneInfo(tz)
    intervals = []
    for r in ranges:
        if not _is_usable(r):
            continue
        day = monday + timedelta(days=r.day)
        start = _to_utc_seconds(day, r.start, zone)
        end_day = day if r.end > r.start else day + timedelta(days=1)
        end = _to_utc_seconds(end_day, r.end, zone)
        if end > start:
            intervals.append((start, end))
    return tuple(_merge(intervals))


def reference_weeks(year: int) -> tuple[date, date]:
    """The Mondays of a winter and a summer week of `year` (mid-January and mid-July).

    Clocks in every zone that changes them are on one setting in the first and the other in
    the second, and neither week contains a change, so judging a pair on both weeks covers
    the whole year.
    """
    return monday_of(date(year, 1, 15)), monday_of(date(year, 7, 15))


def _a_intervals(a_key: tuple[TimeRange, ...], a_tz: str, monday: date) -> list[tuple[int, int]]:
    """a's ranges around b's week: Fri-Sun of the week before, the week, Mon-Wed after.

    Zones differ by at most 26 h (UTC-12 to UTC+14) and a range lasts under 24 h, so nothing
    else can reach b's week.
    """
    before = tuple(r for r in a_key if r.day >= 4)
    after = tuple(r for r in a_key if r.day <= 2)
    return _merge(
        [
            *_materialise(before, a_tz, monday - timedelta(days=7)),
            *_materialise(a_key, a_tz, monday),
            *_materialise(after, a_tz, monday + timedelta(days=7)),
        ]
    )


def _intersection_seconds(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> int:
    """Seconds shared by two sorted lists of merged half-open intervals."""
    a, b = list(a), list(b)
    total = 0
    i = j = 0
    while i < len(a) and j < len(b):
        a_start, a_end = a[i]
        b_start, b_end = b[j]
        total += max(0, min(a_end, b_end) - max(a_start, b_start))
        if a_end < b_end:
            i += 1
        else:
            j += 1
    return total


def uncovered_by_day(
    a_ranges: Iterable[TimeRange],
    a_tz: str,
    b_ranges: Iterable[TimeRange],
    b_tz: str,
    week_of: date,
) -> dict[int, float]:
    """Hours of each of b's shift days (b's weekday) that a's schedule does not cover.

    Used to say what would fix a shortfall: "cover 2 more hours of Friday's shift".
    """
    a_key = tuple(a_ranges)
    monday = monday_of(week_of)
    a_intervals = _a_intervals(a_key, a_tz, monday) if a_key else []
    uncovered: dict[int, float] = {}
    for r in b_ranges:
        shift = _materialise((r,), b_tz, monday)
        length = sum(end - start for start, end in shift)
        missing = length - _intersection_seconds(a_intervals, shift)
        if missing > 0:
            uncovered[r.day] = uncovered.get(r.day, 0.0) + missing / 3600
    return uncovered


def overlap_hours(
    a_ranges: Iterable[TimeRange],
    a_tz: str,
    b_ranges: Iterable[TimeRange],
    b_tz: str,
    week_of: date,
) -> float:
    """Hours per week in which both schedules are available, on the real calendar week.

    The week is the one starting on the Monday of `week_of`, as `b` counts it: b's ranges that
    start in that week (an overnight Sunday range is counted whole) are intersected with a's
    ranges from the week before, the week itself and the week after, so overlaps across the
    week boundary and across time zones are found. Pass the job's shift as `b`.
    """
    a_key, b_key = tuple(a_ranges), tuple(b_ranges)
    if not a_key or not b_key:
        return 0.0
    monday = monday_of(week_of)
    b_intervals = _materialise(b_key, b_tz, monday)
    return _intersection_seconds(_a_intervals(a_key, a_tz, monday), b_intervals) / 3600


def _day_runs(days: Iterable[int]) -> list[list[int]]:
    """Consecutive days as runs, wrapping Sunday into Monday (Sat, Sun, Mon is one run)."""
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for d in ordered:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == 6:
        runs[-1].extend(runs.pop(0))
        runs.insert(0, runs.pop())
    return runs


def _days_label(days: Iterable[int]) -> str:
    """ "Mon–Fri", "Mon, Wed, Fri", "Sun–Thu", "Sat, Sun"."""
    parts = []
    for run in _day_runs(days):
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}–{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    return ", ".join(parts)


def _convert(r: TimeRange, zone: ZoneInfo, viewer: ZoneInfo, monday: date) -> tuple[int, str]:
    """The range's weekday and times as the viewer's clock shows them in that week."""
    day = monday + timedelta(days=r.day)
    end_day = day if r.end > r.start else day + timedelta(days=1)
    start = datetime.fromtimestamp(_to_utc_seconds(day, r.start, zone), UTC).astimezone(viewer)
    end = datetime.fromtimestamp(_to_utc_seconds(end_day, r.end, zone), UTC).astimezone(viewer)
    times = format_span(start.hour * 60 + start.minute, end.hour * 60 + end.minute)
    return start.weekday(), times


def describe_ranges(
    ranges: Iterable[TimeRange],
    tz: str,
    viewer_tz: str | None = None,
    *,
    today: date | None = None,
) -> list[str]:
    """One line per group of days with equal times, e.g. "Mon–Fri 9:00 am – 1:00 pm".

    When `viewer_tz` differs from `tz`, each line names the owner's zone and adds the viewer's
    clock for the week of `today` (default: the current date), because offsets change with
    daylight saving: "Mon–Fri 7:30 pm – 4:30 am India time (9:00 am – 6:00 pm New York)". The
    viewer's days are shown only when they differ ("(Sun–Thu 9:00 pm – 2:00 am New York)").
    """
    usable = [r for r in ranges if _is_usable(r)]
    by_times: dict[tuple[int, int], list[TimeRange]] = {}
    for r in sorted(usable, key=lambda r: (r.day, r.start, r.end)):
        by_times.setdefault((r.start, r.end % MINUTES_PER_DAY), []).append(r)

    viewer_name = viewer_tz if viewer_tz is not None and viewer_tz != tz else None
    if viewer_name is not None:
        zone, viewer = ZoneInfo(tz), ZoneInfo(viewer_name)
        monday = monday_of(today or date.today())

    lines: list[tuple[int, int, str]] = []
    for (start, end), group in by_times.items():
        days = [r.day for r in group]
        text = f"{_days_label(days)} {format_span(start, end)}"
        if viewer_name is not None:
            converted = [_convert(r, zone, viewer, monday) for r in group]
            viewer_times = {times for _day, times in converted}
            if len(viewer_times) == 1:
                viewer_days = [d for d, _times in converted]
                prefix = "" if set(viewer_days) == set(days) else _days_label(viewer_days) + " "
                shown = prefix + viewer_times.pop()
            else:  # a daylight-saving change inside this week
                shown = "; ".join(f"{DAY_NAMES[d]} {times}" for d, times in converted)
            text = f"{text} {zone_name(tz)} ({shown} {zone_name(viewer_name)})"
        lines.append((min(days), start, text))
    return [text for _day, _start, text in sorted(lines)]
