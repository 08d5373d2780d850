"""When the work happens, for search: shift times in the viewer's zone and the "When" filter.

A job's fixed shifts are indexed as minutes of the week (Monday 00:00 = 0) three ways: where
each shift starts on the job's own clock (`shift_starts_local`), and, on the UTC clock of the
week the document was built, where each starts (`shift_starts_utc`) and which quarter hours it
covers (`shift_quarters_utc`). A viewer's "day", "evening" or "night" (the start of a shift on
their own clock) and "weekend" (any work on their Saturday or Sunday) then become range filters
on the UTC fields; a visitor whose zone we do not know gets the job's own clock. "Fits my
availability" asks that no covered quarter hour falls outside the seeker's weekly hours.

Offsets are those of the current week on both sides; around a daylight-saving change a
category boundary can be an hour off until the document is rebuilt (the match page, which
judges on the real calendar, has the last word).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from portal.matching import TimeRange, describe_ranges, monday_of
from portal.search.engine import both, either

DAY = 1440
WEEK = 7 * DAY
QUARTER = 15

# Shift start on the viewer's clock, [from, to) minutes of the day; night wraps past midnight.
STARTS: dict[str, tuple[int, int]] = {
    "day": (5 * 60, 12 * 60),
    "evening": (12 * 60, 19 * 60),
    "night": (19 * 60, 29 * 60),
}
WHEN_CHOICES: dict[str, Any] = {
    "day": _l("Day shifts (start 5 am to noon)"),
    "evening": _l("Evening shifts (start noon to 7 pm)"),
    "night": _l("Night shifts (start 7 pm to 5 am)"),
    "weekend": _l("Weekend work"),
    "flexible": _l("Flexible hours: you choose when"),
}
# Words typed in the keyword box that mean a "When" choice ("night coder", "weekend").
WHEN_WORDS: dict[str, str] = {
    "morning": "day",
    "mornings": "day",
    "daytime": "day",
    "afternoon": "evening",
    "afternoons": "evening",
    "evening": "evening",
    "evenings": "evening",
    "night": "night",
    "nights": "night",
    "overnight": "night",
    "graveyard": "night",
    "weekend": "weekend",
    "weekends": "weekend",
}


def _offset_minutes(tz: str, moment: datetime) -> int:
    offset = moment.replace(tzinfo=ZoneInfo(tz)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _utc_intervals(ranges: Iterable[TimeRange], tz: str, week_of: date) -> list[tuple[int, int]]:
    """The ranges as [start, end) minutes of the UTC week (may run past WEEK or below 0)."""
    monday = monday_of(week_of)
    out = []
    for r in ranges:
        day = datetime.combine(monday + timedelta(days=r.day), datetime.min.time())
        start = r.day * DAY + r.start - _offset_minutes(tz, day + timedelta(minutes=r.start))
        minutes = (r.end - r.start) % DAY or DAY
        out.append((start, start + minutes))
    return out


def _quarters(intervals: Iterable[tuple[int, int]], whole: bool) -> set[int]:
    """Quarter hours of the week touched by (`whole=False`) or inside (`True`) the intervals."""
    found: set[int] = set()
    for start, end in intervals:
        first = -(-start // QUARTER) if whole else start // QUARTER
        last = end // QUARTER if whole else -(-end // QUARTER)
        found.update(q % (WEEK // QUARTER) for q in range(first, last))
    return found


def shift_fields(
    ranges: list[TimeRange], tz: str, week_of: date
) -> dict[str, list[int] | list[list[int]]]:
    """The document fields of a job's fixed shifts (empty lists for flexible hours)."""
    intervals = _utc_intervals(ranges, tz, week_of)
    return {
        "shift_windows": [[r.day, r.start, r.end] for r in ranges],
        "shift_starts_local": sorted({r.day * DAY + r.start for r in ranges}),
        "shift_starts_utc": sorted({start % WEEK for start, _end in intervals}),
        "shift_quarters_utc": sorted(_quarters(intervals, whole=False)),
    }


@dataclass(frozen=True)
class Span:
    """`attribute` holds a value in [low, high] (both ends included, as the engine's TO)."""

    attribute: str
    low: int
    high: int

    @property
    def filter(self) -> str:
        return f"{self.attribute} {self.low} TO {self.high}"

    def holds(self, doc: dict[str, Any]) -> bool:
        return any(self.low <= v <= self.high for v in doc.get(self.attribute) or ())


def _spans(attribute: str, start: int, end: int, period: int = WEEK) -> list[Span]:
    """[start, end) of the week as spans, wrapped at the week's end (`period` is the week in
    the attribute's unit: minutes, or quarter hours)."""
    start, end = start % period, start % period + (end - start)
    pieces = [(start, min(end, period))] + ([(0, end - period)] if end > period else [])
    return [Span(attribute, a, b - 1) for a, b in pieces if b > a]


@dataclass
class WhenRule:
    """The "When" choices as conditions, for the engine (`filter`) and for documents read
    from SQL when the engine is down (`holds`): one rule, two readers."""

    spans: list[Span] = field(default_factory=list)
    flexible: bool = False
    forbidden: list[Span] | None = None  # "fits": fixed shifts must touch none of these
    hours: float = 0.0

    @property
    def filter(self) -> str | None:
        if self.forbidden is not None:
            flexible = both("flexible_hours = true", f"hours_needed <= {self.hours}")
            clash = either(*(s.filter for s in self.forbidden))
            fixed = both("flexible_hours = false", f"NOT {clash}" if clash else None)
            return either(flexible, fixed)
        return either(
            *(s.filter for s in self.spans), "flexible_hours = true" if self.flexible else None
        )

    def holds(self, doc: dict[str, Any]) -> bool:
        if self.forbidden is not None:
            if doc.get("flexible_hours"):
                return (doc.get("hours_needed") or 0) <= self.hours
            return not any(s.holds(doc) for s in self.forbidden)
        return (self.flexible and bool(doc.get("flexible_hours"))) or any(
            s.holds(doc) for s in self.spans
        )


def when_rule(choices: Iterable[str], viewer_tz: str | None, now: datetime) -> WhenRule | None:
    """Jobs with work at any of the chosen times, on the viewer's clock (or, without one,
    the job's own)."""
    choices = list(choices)
    if not choices:
        return None
    offset = _offset_minutes(viewer_tz, now) if viewer_tz else 0
    rule = WhenRule(flexible="flexible" in choices)
    starts = "shift_starts_utc" if viewer_tz else "shift_starts_local"
    for choice in choices:
        if choice == "weekend" and viewer_tz:  # any quarter hour of the viewer's Sat or Sun
            first, last = (5 * DAY - offset) // QUARTER, (7 * DAY - offset) // QUARTER
            rule.spans += _spans("shift_quarters_utc", first, last, WEEK // QUARTER)
        elif choice == "weekend":
            rule.spans += _spans("shift_starts_local", 5 * DAY, 7 * DAY)
        elif choice in STARTS:
            start, end = STARTS[choice]
            for day in range(7):
                rule.spans += _spans(starts, day * DAY + start - offset, day * DAY + end - offset)
    return rule


def fits_rule(availability: list[TimeRange], tz: str, hours: float, week_of: date) -> WhenRule:
    """Jobs the seeker's weekly hours cover: flexible jobs needing no more hours than they
    have, and fixed shifts none of whose quarter hours fall outside their availability."""
    available = _quarters(_utc_intervals(availability, tz, week_of), whole=True)
    forbidden: list[Span] = []
    for q in range(WEEK // QUARTER):
        if q in available:
            continue
        if forbidden and forbidden[-1].high == q - 1:
            forbidden[-1] = Span("shift_quarters_utc", forbidden[-1].low, q)
        else:
            forbidden.append(Span("shift_quarters_utc", q, q))
    return WhenRule(forbidden=forbidden, hours=hours)


def to_zone(ranges: list[TimeRange], tz: str, viewer_tz: str, week_of: date) -> list[TimeRange]:
    """The ranges as the viewer's clock shows them in that week (overnight ends before start)."""
    out = []
    monday = datetime.combine(monday_of(week_of), datetime.min.time())
    for start, end in _utc_intervals(ranges, tz, week_of):
        offset = _offset_minutes(viewer_tz, monday + timedelta(minutes=start))
        local_start = (start + offset) % WEEK
        minutes = end - start
        day, start_minute = divmod(local_start, DAY)
        out.append(TimeRange(day, start_minute, (start_minute + minutes) % DAY or DAY))
    return out


def shift_lines(doc: dict[str, Any], viewer_tz: str | None, today: date) -> list[str]:
    """A job's fixed shifts in the viewer's zone ("Mon–Fri 9:00 pm – 1:00 am (next day)"),
    or in the job's zone when the viewer's is unknown; [] for flexible hours."""
    ranges = [TimeRange(d, s, e) for d, s, e in doc.get("shift_windows") or []]
    tz = doc.get("timezone") or "UTC"
    if not ranges:
        return []
    if viewer_tz and viewer_tz != tz:
        ranges = to_zone(ranges, tz, viewer_tz, today)
    return describe_ranges(ranges, viewer_tz or tz)
