"""The schedule step's rules, one named step each: where the work is done (offices, the places
remote applicants may live in), the zone of the shift times, the shifts, and the weekly hours.

One convention for night hours on both sides (seekers' availability, employers' shifts): an
end earlier than the start is the next day, and the person says so by ticking "Ends the next
day" (`overnight_problem`).
"""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from flask_babel import gettext as _

from portal import places, taxonomy
from portal.limits import JOB_OFFICE_CITY_MAX, JOB_OFFICE_REGION_MAX
from portal.matching import TimeRange, validate_ranges, weekly_hours
from portal.services.jobs.checks import Checked, slugs
from portal.services.jobs.steps import MAX_OFFICES, OfficeInput, Problem, ScheduleInput, ShiftInput

MAX_WEEKLY_HOURS = 80


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def check_schedule(data: ScheduleInput) -> Checked:
    problems: list[Problem] = []
    work_mode = data.work_mode
    if work_mode not in taxonomy.WORK_MODES:
        problems.append(("work_mode", _("Choose where the work is done.")))
    offices = _offices(data, problems)
    countries, regions = _applicant_places(data, problems)
    timezone = _timezone(data.timezone, offices, problems)
    flexible = data.schedule_flexible
    windows = [] if flexible else _shift_windows(data.shift_patterns, problems)
    hours_min, hours_max = _weekly_hours(data, problems)
    accepts_part_time = data.accepts_part_time and not flexible
    if windows and hours_min is not None and not problems:
        _hours_against_shifts(windows, hours_min, accepts_part_time, problems)
    remote = work_mode == "remote"
    columns: dict[str, object] = {
        "work_mode": work_mode,
        "applicant_countries": countries if remote else [],
        "applicant_regions": regions if remote else [],
        # None: no office city to take the zone from (saving falls back on the organization's).
        "timezone": timezone,
        "schedule_flexible": flexible,
        "shift_windows": windows,
        "accepts_part_time": accepts_part_time,
        "hours_min": hours_min,
        "hours_max": hours_max,
    }
    return Checked(columns, problems, offices=offices)


# Where --------------------------------------------------------------------------------------


def _office(i: int, office: OfficeInput) -> OfficeInput | Problem | None:
    """One office cleaned (the state as its code), its problem, or None when left empty."""
    city = office.city.strip()
    country = office.country.strip().upper()
    region = (office.region or "").strip() or None
    if not city and not country:
        return None
    if not city:
        return (f"office{i}_city", _("Office %(n)s: enter the city.", n=i))
    if len(city) > JOB_OFFICE_CITY_MAX:
        return (f"office{i}_city", _("Office %(n)s: use at most 120 characters.", n=i))
    if country not in taxonomy.COUNTRIES:
        return (f"office{i}_country", _("Office %(n)s: choose the country.", n=i))
    if region is not None and country in places.REGIONS:
        code = places.region_code(country, region)
        if code is None:
            return (
                f"office{i}_region",
                _(
                    "Office %(n)s: enter a state of %(country)s, like TX or Texas.",
                    n=i,
                    country=taxonomy.label(taxonomy.COUNTRIES, country),
                ),
            )
        region = code
    elif region is not None and len(region) > JOB_OFFICE_REGION_MAX:
        return (f"office{i}_region", _("Office %(n)s: use at most 64 characters.", n=i))
    return OfficeInput(city=city, region=region, country=country)


def _offices(data: ScheduleInput, problems: list[Problem]) -> list[OfficeInput]:
    offices: list[OfficeInput] = []
    office_problem = False
    for i, office in enumerate(data.offices, start=1):
        found = _office(i, office)
        if isinstance(found, OfficeInput):
            offices.append(found)
        elif found is not None:
            problems.append(found)
            office_problem = True
    if len(offices) > MAX_OFFICES:
        problems.append(("office1_city", _("List at most %(n)s offices.", n=MAX_OFFICES)))
    if data.work_mode in ("onsite", "hybrid") and not offices and not office_problem:
        problems.append(("office1_city", _("Enter the city of the office where the work is done.")))
    return offices


def _applicant_places(data: ScheduleInput, problems: list[Problem]) -> tuple[list[str], list[str]]:
    """The countries and states remote applicants may live in; a state adds its country."""
    countries, unknown = slugs([c.upper() for c in data.applicant_countries], taxonomy.COUNTRIES)
    if unknown:
        problems.append(("applicant_countries", _("Choose countries from the list.")))
    regions: list[str] = []
    for code in data.applicant_regions:
        country, _sep, region = str(code).upper().partition("-")
        table = taxonomy.REGIONS.get(country)
        if table is None or region not in table:
            problems.append(("applicant_regions", _("Choose states from the lists.")))
            break
        if f"{country}-{region}" not in regions:
            regions.append(f"{country}-{region}")
    for code in regions:
        country = code.split("-", 1)[0]
        if country not in countries:
            countries.append(country)
    if data.work_mode == "remote" and not countries:
        problems.append(
            (
                "applicant_countries",
                _(
                    "Choose the countries applicants may live in. Remote jobs must say where "
                    "people can work from."
                ),
            )
        )
    return countries, regions


def office_timezone(offices: list[OfficeInput]) -> str | None:
    """The zone of the first office whose city (else state, else country) we know:
    Houston → America/Chicago, not the organization's default."""
    for office in offices:
        zone = places.suggest_timezone(office.country, office.region, office.city)
        if zone:
            return zone
    return None


def _timezone(chosen: str, offices: list[OfficeInput], problems: list[Problem]) -> str | None:
    if not chosen:  # "the office's zone"
        return office_timezone(offices)
    if chosen not in known_timezones():
        problems.append(("timezone", _("Choose the time zone of the shift times.")))
    return chosen


# When ---------------------------------------------------------------------------------------


def overnight_problem(start: int, end: int, next_day: bool | None) -> str | None:
    """What is wrong with a shift's "Ends the next day" tick, if anything. `next_day=None`
    lets the times decide. Ending at midnight (00:00) needs no tick."""
    if next_day is None or (end % 1440 == 0 and start > 0):
        return None
    if end < start and not next_day:
        return _(
            'the end is earlier than the start. Tick "Ends the next day" for a night shift, '
            "or correct the time."
        )
    if end > start and next_day:
        return _('this would be longer than a day: untick "Ends the next day".')
    return None


def _parse_time(text: str) -> int | None:
    try:
        return TimeRange.parse(text or "", text or "", 0).start
    except ValueError:
        return None


def _shift(i: int, pattern: ShiftInput) -> list[list[int]] | Problem:
    """One shift pattern as [day, start, end] windows, or its problem."""
    days = pattern.days
    if not days or any(not 0 <= d <= 6 for d in days):
        return (f"shift{i}_days", _("Shift %(n)s: choose the days it is worked.", n=i))
    start, end = _parse_time(pattern.start), _parse_time(pattern.end)
    if start is None or start >= 1440:
        return (f"shift{i}_start", _("Shift %(n)s: enter a start time like 09:00.", n=i))
    if end is None:
        return (f"shift{i}_end", _("Shift %(n)s: enter an end time like 17:30.", n=i))
    if end % 1440 == start:
        return (
            f"shift{i}_end",
            _("Shift %(n)s: the end time must differ from the start time.", n=i),
        )
    problem = overnight_problem(start, end, pattern.next_day)
    if problem:
        return (f"shift{i}_end", _("Shift %(n)s: %(problem)s", n=i, problem=problem))
    return [[d, start, end] for d in sorted(set(days))]


def _shift_windows(patterns: list[ShiftInput], problems: list[Problem]) -> list[list[int]]:
    """Fixed shifts as [day, start, end] windows: at least one, none overlapping."""
    windows: list[list[int]] = []
    seen_any = False
    for i, pattern in enumerate(patterns, start=1):
        if not pattern.days and not pattern.start and not pattern.end:
            continue
        seen_any = True
        found = _shift(i, pattern)
        if isinstance(found, tuple):
            problems.append(found)
        else:
            windows += found
    if not seen_any:
        problems.append(
            (
                "shift1_days",
                _(
                    "Enter the shift: the days and the start and end times. Or choose "
                    "flexible hours."
                ),
            )
        )
    elif windows:
        overlaps = validate_ranges(TimeRange(d, s, e) for d, s, e in windows)
        if overlaps:
            problems.append(
                ("shift1_days", _("Shifts overlap: %(overlaps)s.", overlaps="; ".join(overlaps)))
            )
    return windows


def _weekly_hours(data: ScheduleInput, problems: list[Problem]) -> tuple[int | None, int | None]:
    hours_min, hours_max = data.hours_min, data.hours_max
    for key, value in (("hours_min", hours_min), ("hours_max", hours_max)):
        if value is not None and not 1 <= value <= MAX_WEEKLY_HOURS:
            problems.append((key, _("Enter weekly hours between 1 and 80.")))
    if data.schedule_flexible and hours_min is None and hours_max is None:
        problems.append(("hours_min", _("Enter the fewest hours a week you need someone to work.")))
    if hours_min is not None and hours_max is not None and hours_min > hours_max:
        problems.append(
            ("hours_max", _("The most hours a week must be at least the fewest hours a week."))
        )
    return hours_min, hours_max


def _hours_against_shifts(
    windows: list[list[int]], hours_min: int, accepts_part_time: bool, problems: list[Problem]
) -> None:
    """Without part-time, everyone works every shift hour; with it, at most the shift hours."""
    window_hours = weekly_hours(TimeRange(d, s, e) for d, s, e in windows)
    hours = f"{window_hours:g}"
    if not accepts_part_time and hours_min + 1e-9 < window_hours:
        problems.append(
            (
                "hours_min",
                _(
                    "Without part-time or split shifts everyone works all the shift hours "
                    "(%(hours)s a week). Leave the fewest hours empty, or say that you "
                    "take part-time or split shifts.",
                    hours=hours,
                ),
            )
        )
    elif hours_min > window_hours + 1e-9:
        problems.append(
            (
                "hours_min",
                _(
                    "The shifts add up to %(hours)s hours a week; the fewest hours "
                    "cannot be more than that.",
                    hours=hours,
                ),
            )
        )
