"""Weekly hours: shift hours covered after time-zone conversion, or the flexible minimum.

Shifts are judged on a winter and a summer week (`reference_weeks`), so a pair does not flip
at a daylight-saving change; when only one season fits, the line says which.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from portal.matching.availability import (
    overlap_hours,
    reference_weeks,
    uncovered_by_day,
    weekly_hours,
    zone_name,
)
from portal.matching.model import DAY_NAMES, CandidateFacts, JobFacts, MatchItem
from portal.matching.phrases import _, join
from portal.matching.rules import Check, item


def _hours_text(hours: float) -> str:
    return str(round(hours)) if abs(hours - round(hours)) < 0.05 else f"{hours:.1f}"


# A job whose hours can be as few as this a week takes part-time workers.
PART_TIME_MAX_HOURS = 30


def shift_hours_needed(job: JobFacts, window: float, cap: int | None) -> float:
    """Hours of a week's shifts (`window` long) a candidate who works at most `cap` must cover.

    Fixed full-time shifts: all of them. Shifts open to part-time or split work: the job's
    stated minimum, or without one as many as the candidate wants to work.
    """
    if not job.accepts_part_time:
        return window
    if job.hours_min is not None:
        return min(float(job.hours_min), window)
    return min(window, float(cap)) if cap is not None else window


def takes_part_time(job: JobFacts) -> bool:
    """Whether the job can be done in part-time hours, whatever its employment-type word."""
    if job.shift_windows and not job.accepts_part_time:
        return weekly_hours(job.shift_windows) <= PART_TIME_MAX_HOURS
    return job.hours_min is None or job.hours_min <= PART_TIME_MAX_HOURS


class _ShiftWeek:
    """One reference week of a shift job: the overlap, what is needed, what is uncovered."""

    def __init__(self, job: JobFacts, candidate: CandidateFacts, monday: date) -> None:
        self.monday = monday
        self.overlap = overlap_hours(
            candidate.availability, candidate.timezone, job.shift_windows, job.timezone, monday
        )
        self.window = overlap_hours(
            job.shift_windows, job.timezone, job.shift_windows, job.timezone, monday
        )
        cap = candidate.hours_max
        self.needed = shift_hours_needed(job, self.window, cap)
        self.usable = min(self.overlap, cap) if cap is not None else self.overlap
        self.capped = cap is not None and cap + 1e-9 < self.needed
        self.ok = self.usable + 1e-9 >= self.needed
        self._pair = (job, candidate)

    @property
    def uncovered(self) -> dict[int, float]:
        """Shift hours not covered, by the job's weekday (only needed to word a fix)."""
        job, candidate = self._pair
        return uncovered_by_day(
            candidate.availability, candidate.timezone, job.shift_windows, job.timezone, self.monday
        )


def _hours_fix(job: JobFacts, week: _ShiftWeek) -> str:
    """What would close a shift shortfall: named days covered, more hours wanted, or both."""
    fixes = []
    short = week.needed - week.overlap
    if short > 1e-9:
        days = {d: h for d, h in week.uncovered.items() if h >= 0.05}
        if not days:
            fixes.append(
                _("Cover %(hours)s more shift hours a week") % {"hours": _hours_text(short)}
            )
        elif len(days) == 1:
            fixes.append(
                _("Cover %(hours)s more hours on %(day)s")
                % {"hours": _hours_text(short), "day": DAY_NAMES[next(iter(days))]}
            )
        else:
            open_hours = ", ".join(
                f"{DAY_NAMES[d]} {_hours_text(h)} h" for d, h in sorted(days.items())
            )
            fixes.append(
                _("Cover %(hours)s more shift hours a week (not covered now: %(days)s)")
                % {"hours": _hours_text(short), "days": open_hours}
            )
    if week.capped:
        numbers = {"needed": _hours_text(week.needed)}
        if job.accepts_part_time:
            fixes.append(_("Be willing to work %(needed)s hours a week") % numbers)
        else:
            fixes.append(
                _(
                    "Be willing to work the full %(needed)s hours a week, or find jobs "
                    "that take part-time or split shifts"
                )
                % numbers
            )
    return join("; ", fixes)


def _shift_detail(job: JobFacts, candidate: CandidateFacts, week: _ShiftWeek) -> str:
    cap = candidate.hours_max
    numbers = {
        "overlap": _hours_text(week.overlap),
        "window": _hours_text(week.window),
        "needed": _hours_text(week.needed),
        "cap": _hours_text(cap or 0),
    }
    if week.capped and week.overlap + 1e-9 >= week.needed:
        if job.accepts_part_time:
            return _("Wants at most %(cap)s hours a week; the job needs %(needed)s") % numbers
        return (
            _(
                "Wants at most %(cap)s hours a week; the shifts are %(window)s hours and the "
                "job does not take part-time or split shifts"
            )
            % numbers
        )
    if job.accepts_part_time and job.hours_min is None and cap is not None and cap < week.window:
        # The job takes as many of its shift hours as the candidate wants to work.
        return (
            _(
                "Available %(overlap)s of the %(window)s shift hours each week "
                "(wants to work %(cap)s)"
            )
            % numbers
        )
    detail = (
        _("Available %(overlap)s of the %(window)s shift hours each week (needs %(needed)s)")
        % numbers
    )
    if week.capped and not job.accepts_part_time:
        detail += (
            "; "
            + _("wants at most %(cap)s hours, and the job does not take part-time or split shifts")
            % numbers
        )
    return detail


def _season_words(job: JobFacts, candidate: CandidateFacts, fits: date, other: date) -> str:
    """ "New York clocks are on standard time": the zone whose change decides, and its setting
    in the week that fits (the job's zone first)."""
    for tz in (job.timezone, candidate.timezone):
        zone = ZoneInfo(tz)
        at_fit = datetime.combine(fits, datetime.min.time())
        at_other = datetime.combine(other, datetime.min.time())
        if zone.utcoffset(at_fit) != zone.utcoffset(at_other):
            setting = _("daylight-saving time") if zone.dst(at_fit) else _("standard time")
            return _("%(zone)s clocks are on %(setting)s") % {
                "zone": zone_name(tz),
                "setting": setting,
            }
    return _("the other season's clocks apply")


def hours_fit(job: JobFacts, candidate: CandidateFacts, today: date) -> Check:
    """Enough weekly hours: in the job's shifts after time-zone conversion, or the job's
    minimum when its hours are flexible.

    Shifts are judged on a winter and a summer week (`reference_weeks`), so a pair does not
    flip at a daylight-saving change: it fits when it fits in both, and when only one season
    fits the line says which ("fits only while New York clocks are on standard time").
    """
    label = _("Weekly hours")
    cap = candidate.hours_max
    items: list[MatchItem] = []
    if (
        candidate.hours_min is not None
        and job.hours_max is not None
        and candidate.hours_min > job.hours_max
    ):
        items.append(
            item(
                "hours_wanted",
                _("Hours wanted"),
                "warning",
                _("Wants at least %(wanted)s hours a week; the job offers up to %(offered)s")
                % {"wanted": candidate.hours_min, "offered": job.hours_max},
            )
        )

    def result(status: str, detail: str, fraction: float, fix: str = "") -> Check:
        items.insert(0, item("hours", label, status, detail, fix))
        return items, fraction

    def shortfall(usable: float) -> str:
        return "partial" if usable > 0 else "missing"

    if job.shift_windows:
        if not candidate.availability:
            window = weekly_hours(job.shift_windows)
            return result(
                "missing",
                _("No weekly hours given; the job's shift is %(window)s hours a week")
                % {"window": _hours_text(window)},
                0.0,
                _("Add the hours you can work to your profile"),
            )
        weeks = [_ShiftWeek(job, candidate, monday) for monday in reference_weeks(today.year)]
        worst = min(weeks, key=lambda w: (w.ok, w.usable - w.needed))
        fraction = min(1.0, worst.usable / worst.needed) if worst.needed > 0 else 1.0
        if all(w.ok for w in weeks):
            return result("met", _shift_detail(job, candidate, worst), 1.0)
        if not any(w.ok for w in weeks):
            detail = _shift_detail(job, candidate, worst)
            status = shortfall(worst.usable)
            return result(status, detail, fraction, _hours_fix(job, worst))
        fits = next(w for w in weeks if w.ok)
        season = _season_words(job, candidate, fits.monday, worst.monday)
        detail = _(
            "Fits only while %(season)s: available %(fit)s of the %(window)s shift hours "
            "then, %(other)s otherwise (needs %(needed)s)"
        ) % {
            "season": season,
            "fit": _hours_text(fits.overlap),
            "window": _hours_text(fits.window),
            "other": _hours_text(worst.usable),
            "needed": _hours_text(worst.needed),
        }
        fix = _hours_fix(job, worst) + " " + _("for the rest of the year")
        return result("partial", detail, fraction, fix)

    if job.hours_min is None:
        return result("met", _("Flexible hours"), 1.0)
    needed = float(job.hours_min)
    weekly = weekly_hours(candidate.availability) if candidate.availability else None
    usable = weekly if weekly is not None else float(cap or 0)
    usable = min(usable, cap) if cap is not None else usable
    detail = _("Can work %(usable)s hours a week; the job needs %(needed)s") % {
        "usable": _hours_text(usable),
        "needed": _hours_text(needed),
    }
    if usable + 1e-9 >= needed:
        return result("met", detail, 1.0)
    numbers = {"more": _hours_text(needed - usable), "needed": _hours_text(needed)}
    if cap is not None and cap + 1e-9 < needed:
        fix = _("Be willing to work %(needed)s hours a week") % numbers
    elif weekly is None:
        fix = _("Add the hours you can work to your profile")
    else:
        fix = _("Add %(more)s more hours a week to the times you can work") % numbers
    return result(shortfall(usable), detail, usable / needed, fix)
