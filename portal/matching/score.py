"""Match one job with one candidate: hard requirements, a 0–100 score and plain-words reasons.

The search engine only retrieves; this module decides. Which requirements are hard (decide
eligibility) and which are soft (rank) is the table in `portal.matching.rules`; every line
says what would close its gap (`MatchItem.fix`). Each dimension yields a fraction in 0..1
that is multiplied by its weight in `WEIGHTS`, so the score is a documented, deterministic
weighted sum. The hard dimensions count in full when eligible; an ineligible result keeps
partial credit scaled into 0..`INELIGIBLE_CAP`, so it always ranks below a typical eligible
one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from portal import taxonomy
from portal.matching.availability import (
    overlap_hours,
    reference_weeks,
    uncovered_by_day,
    weekly_hours,
    zone_name,
)
from portal.matching.model import (
    DAY_NAMES,
    CandidateFacts,
    HeldCredential,
    JobFacts,
    MatchItem,
    MatchResult,
    Pay,
    _,
)
from portal.matching.rules import expiry_state, item

# Points per dimension; they add up to 100. The first three are the hard requirements.
WEIGHTS: dict[str, int] = {
    "required_credentials": 28,
    "hours": 14,
    "work_mode": 10,
    "specialties": 14,
    "code_sets": 10,
    "years": 8,
    "pay": 6,
    "employment_type": 3,
    "systems": 3,
    "preferred_credentials": 2,
    "verified_credentials": 2,
}
INELIGIBLE_CAP = 40
# Fraction given when a dimension cannot be judged (pay in another currency, nothing stated):
# neither rewarded nor punished.
UNKNOWN_FIT = 0.5
# A new graduate for a job that welcomes them earns at least this share of the years points.
NEW_GRADUATE_FIT = 0.6
# Asking this many percent above the top of the pay range leaves no pay points.
PAY_TOLERANCE_PCT = 50.0

# Working hours per pay period (same as portal.taxonomy: a month is a twelfth of 2080 h).
HOURS_PER_PERIOD: dict[str, float] = {
    "hour": 1.0,
    "day": 8.0,
    "week": 40.0,
    "month": 2080 / 12,
    "year": 2080.0,
}

# Code sets that transfer between each other share a family. Fallback for portal.taxonomy.
CODE_SET_FAMILY: dict[str, str] = {
    "icd10cm": "US",
    "icd10pcs": "US",
    "cpt": "US",
    "hcpcs": "US",
    "modifiers": "US",
    "ncci": "US",
    "ms_drg": "US",
    "icd10am": "AU",
    "achi": "AU",
    "ar_drg": "AU",
    "icd11": "WHO",
}
FAMILY_DESCRIPTION: dict[str, str] = {
    "US": _("US"),
    "AU": _("Australian, used in Saudi Arabia"),
    "WHO": _("WHO"),
}
CODE_SET_NAMES: dict[str, str] = {
    "icd10cm": "ICD-10-CM",
    "icd10pcs": "ICD-10-PCS",
    "cpt": "CPT",
    "hcpcs": "HCPCS Level II",
    "modifiers": _("modifiers"),
    "ncci": _("NCCI edits"),
    "ms_drg": "MS-DRG",
    "icd10am": "ICD-10-AM",
    "achi": "ACHI",
    "ar_drg": "AR-DRG",
    "icd11": "ICD-11",
}
EMPLOYMENT_TYPE_NAMES: dict[str, str] = {
    "full_time": _("full-time"),
    "part_time": _("part-time"),
    "contract": _("contract"),
    "per_diem": _("per diem"),
    "temporary": _("temporary"),
    "other": _("other"),
}
_EMPLOYMENT_ALIASES = {"contractor": "contract", "fulltime": "full_time", "parttime": "part_time"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EARTH_RADIUS_KM = 6371.0088
# Farther than this from every office, only moving would fix it (nobody commutes that far).
MOVE_ONLY_KM = 300

Check = tuple[list[MatchItem], float]


def match(
    job: JobFacts, candidate: CandidateFacts, today: date, *, distance_in_bands: bool = False
) -> MatchResult:
    """Score and explain how well `candidate` fits `job` on `today`.

    `today` decides which credentials have expired or expire soon, and the year whose winter
    and summer weeks are used for time-zone overlap, so results are reproducible in tests.
    With `distance_in_bands` the explanation gives the home-to-office distance only as a band
    (`DISTANCE_BANDS_KM`): for an employer who may not know where an anonymous candidate
    lives, exact distances from a few offices would pinpoint the town. The verdict is the same.
    """
    valid, expired = _credentials_on(candidate.credentials, today)
    checks: dict[str, Check] = {
        "required_credentials": _required_credentials(job, valid, expired),
        "expiry": _expiry(job, valid, today),
        "work_mode": _work_mode(job, candidate, distance_in_bands),
        "hours": _hours(job, candidate, today),
        "specialties": _coverage(
            "specialties",
            _("Specialties"),
            job.specialties,
            candidate.specialties,
            _("specialty"),
            _("specialties"),
        ),
        "code_sets": _code_sets(job, candidate),
        "years": _years(job, candidate),
        "pay": _pay(job.pay, candidate.pay),
        "employment_type": _employment_type(job, candidate),
        "systems": _coverage(
            "systems", _("Systems"), job.systems, candidate.systems, _("system"), _("systems")
        ),
        "preferred_credentials": _preferred(job, valid),
        "verified_credentials": _verified(job, valid),
    }
    items = [row for key in checks for row in checks[key][0]]
    eligible = not any(i.required and i.status in ("missing", "partial") for i in items)
    raw = sum(WEIGHTS[key] * min(1.0, max(0.0, checks[key][1])) for key in WEIGHTS)
    if not eligible:
        # Scaled, not clipped, so near misses keep their order: covering 37.5 of 42.5 shift
        # hours ranks above covering 20.
        raw = raw * INELIGIBLE_CAP / 100
    score = min(100, int(math.floor(raw + 0.5)))
    return MatchResult(score=score, eligible=eligible, items=items)


# --- credentials ----------------------------------------------------------------------------


def _code(code: str) -> str:
    return code.strip().upper()


def _format_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _join_or(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s or %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _join_and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _credentials_on(
    held: Iterable[HeldCredential], today: date
) -> tuple[dict[str, HeldCredential], dict[str, HeldCredential]]:
    """Split held credentials into valid and expired ones, keyed by code.

    A credential is valid through its expiry date. When a code is held twice, the verified or
    later-expiring record wins.
    """
    valid: dict[str, HeldCredential] = {}
    expired: dict[str, HeldCredential] = {}
    for cred in held:
        code = _code(cred.code)
        target = valid if cred.expires_on is None or cred.expires_on >= today else expired
        current = target.get(code)
        if current is None or _better(cred, current):
            target[code] = cred
    return valid, expired


def _better(new: HeldCredential, old: HeldCredential) -> bool:
    if new.verified != old.verified:
        return new.verified
    return (new.expires_on or date.max) > (old.expires_on or date.max)


def _required_credentials(
    job: JobFacts, valid: dict[str, HeldCredential], expired: dict[str, HeldCredential]
) -> Check:
    items: list[MatchItem] = []
    groups = [[_code(c) for c in group if c.strip()] for group in job.required_credential_groups]
    groups = [g for g in groups if g]
    met = 0
    for codes in groups:
        key = "credential:" + "|".join(codes)
        label = _join_or(codes)
        held = sorted((c for c in codes if c in valid), key=lambda c: not valid[c].verified)
        if held:
            met += 1
            detail = _("Has %(code)s (required) ✓") % {"code": held[0]}
            items.append(item(key, label, "met", detail))
            continue
        if len(codes) == 1:
            parts = [_("Missing %(code)s (required)") % {"code": codes[0]}]
            fix = _("Add %(code)s") % {"code": codes[0]}
        else:
            parts = [_("Missing one of %(codes)s (required)") % {"codes": label}]
            fix = _("Add one of %(codes)s") % {"codes": label}
        for code in codes:
            if code in expired and expired[code].expires_on is not None:
                parts.append(
                    _("%(code)s expired on %(date)s and no longer counts")
                    % {"code": code, "date": _format_date(expired[code].expires_on)}
                )
                fix = _("Renew %(code)s") % {"code": code}
            apprentice = code + "-A"
            if apprentice in valid or apprentice in expired:
                parts.append(
                    _("%(held)s (apprentice) does not count as %(code)s")
                    % {"held": apprentice, "code": code}
                )
        items.append(item(key, label, "missing", "; ".join(parts), fix))
    return items, (met / len(groups) if groups else 1.0)


def _expiry(job: JobFacts, valid: dict[str, HeldCredential], today: date) -> Check:
    """A credential this job asks for (required or preferred) that expires within 90 days.

    It still counts today, so eligibility is unchanged; the line says when it stops counting
    and what to do. Expired credentials are reported by the requirement they fail.
    """
    asked = {_code(c) for group in job.required_credential_groups for c in group}
    asked |= {_code(c) for c in job.preferred_credentials}
    items: list[MatchItem] = []
    for code in sorted(asked & set(valid)):
        expires_on = valid[code].expires_on
        if expires_on is None or expiry_state(expires_on, today) != "expiring":
            continue
        days = (expires_on - today).days
        numbers = {"code": code, "date": _format_date(expires_on), "days": days}
        detail = (
            _("%(code)s expires on %(date)s, in %(days)s days; after that it no longer counts")
            % numbers
        )
        fix = _("Renew %(code)s before %(date)s and add the new expiry date") % numbers
        items.append(item(f"expiry:{code}", _("%(code)s expiry") % numbers, "warning", detail, fix))
    return items, 1.0


def _preferred(job: JobFacts, valid: dict[str, HeldCredential]) -> Check:
    wanted = sorted({_code(c) for c in job.preferred_credentials if c.strip()})
    if not wanted:
        return [], 1.0
    have = [c for c in wanted if c in valid]
    lacking = [c for c in wanted if c not in valid]
    label = _("Preferred credentials")
    if not lacking:
        detail = _("Has %(codes)s (preferred)") % {"codes": _join_and(have)}
        status = "met"
    elif have:
        detail = _("Has %(have)s; not %(lacking)s (preferred)") % {
            "have": _join_and(have),
            "lacking": _join_or(lacking),
        }
        status = "partial"
    else:
        detail = _("None of the preferred credentials (%(codes)s)") % {"codes": ", ".join(wanted)}
        status = "missing"
    row = item("preferred_credentials", label, status, detail)
    return [row], len(have) / len(wanted)


def _verified(job: JobFacts, valid: dict[str, HeldCredential]) -> Check:
    """Verification of the credentials that matter for this job, else of all valid ones."""
    relevant: list[str] = []
    for group in job.required_credential_groups:
        held = sorted(
            (_code(c) for c in group if _code(c) in valid), key=lambda c: not valid[c].verified
        )
        if held and held[0] not in relevant:
            relevant.append(held[0])
    if not relevant:
        relevant = sorted(_code(c) for c in job.preferred_credentials if _code(c) in valid)
    if not relevant:
        relevant = sorted(valid)
    if not relevant:
        return [], 0.0
    done = [c for c in relevant if valid[c].verified]
    pending = [c for c in relevant if not valid[c].verified]
    label = _("Verified credentials")
    if not pending:
        detail, status = _("%(codes)s verified") % {"codes": _join_and(done)}, "met"
    elif done:
        detail = _("%(done)s verified; %(pending)s not verified yet") % {
            "done": _join_and(done),
            "pending": _join_and(pending),
        }
        status = "partial"
    else:
        detail, status = _("%(codes)s not verified yet") % {"codes": _join_and(pending)}, "info"
    return [item("verified_credentials", label, status, detail)], len(done) / len(relevant)


# --- work mode and location -----------------------------------------------------------------


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lng) points; good to a few metres here."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _km(distance: float) -> str:
    if distance < 1:
        return _("less than 1 km")
    return _("%(km)s km") % {"km": round(distance)}


# Upper edges of the bands an anonymous candidate's distance is shown in.
DISTANCE_BANDS_KM = (25, 50, 100)


def distance_band(distance: float) -> str:
    """ "under 25 km", "25–50 km", "50–100 km", "over 100 km"."""
    if distance < DISTANCE_BANDS_KM[0]:
        return _("under %(km)s km") % {"km": DISTANCE_BANDS_KM[0]}
    for low, high in zip(DISTANCE_BANDS_KM, DISTANCE_BANDS_KM[1:], strict=False):
        if distance < high:
            return _("%(low)s–%(high)s km") % {"low": low, "high": high}
    return _("over %(km)s km") % {"km": DISTANCE_BANDS_KM[-1]}


def _region_code(region: str | None, country: str | None) -> str | None:
    if not region:
        return None
    region = region.strip().upper()
    if "-" not in region and country:
        region = f"{country.strip().upper()}-{region}"
    return region


def _work_mode(job: JobFacts, candidate: CandidateFacts, distance_in_bands: bool) -> Check:
    """Mode accepted (an empty set means any), then location: applicant places or distance."""
    mode = job.work_mode.strip().lower()
    modes = {m.strip().lower() for m in candidate.work_modes}
    label = _("Work mode and location")

    def row(status: str, detail: str, fix: str = "") -> Check:
        ok = status in ("met", "warning")
        return [item("work_mode", label, status, detail, fix)], 1.0 if ok else 0.0

    if mode == "remote":
        if modes and "remote" not in modes:
            return row(
                "missing",
                _("Does not want remote work; this job is remote"),
                _("Add working from home to the work modes you accept"),
            )
        return _applicant_location(job, candidate, row)
    mode_words = {"onsite": _("work at the office"), "hybrid": _("hybrid work")}
    if modes and mode not in modes:
        words = mode_words.get(mode, mode)
        return row(
            "missing",
            _("Does not want %(mode)s; this job needs it") % {"mode": words},
            _("Add %(mode)s to the work modes you accept") % {"mode": words},
        )
    if not job.office_locations:
        return row("warning", _("The job gives no office location; distance not checked"))
    if candidate.location is None:
        if candidate.willing_to_relocate:
            return row("met", _("Willing to relocate"))
        return row(
            "missing",
            _("No home location given to compare with the office"),
            _("Add your city to your profile"),
        )
    distance = min(haversine_km(candidate.location, office) for office in job.office_locations)
    shown = distance_band(distance) if distance_in_bands else _km(distance)
    lives = _("Lives %(distance)s from the office") % {"distance": shown}
    travel = candidate.travel_km
    if travel is not None and round(distance) <= travel:
        return row("met", lives + " " + _("(travels up to %(km)s km)") % {"km": travel})
    if candidate.willing_to_relocate:
        return row("met", lives + _("; willing to relocate"))
    if distance > MOVE_ONLY_KM:
        fix = _("Say you would move for the job")
    elif distance_in_bands:  # the exact distance would be in the advice instead
        fix = _("Travel farther, or say you would move for the job")
    else:
        fix = _("Travel up to %(km)s km, or say you would move for the job") % {
            "km": math.ceil(distance)
        }
    if travel is None:
        return row("missing", lives + " " + _("(travel distance not given)"), fix)
    return row("missing", lives + " " + _("(travels up to %(km)s km)") % {"km": travel}, fix)


def _applicant_location(
    job: JobFacts, candidate: CandidateFacts, row: Callable[..., Check]
) -> Check:
    regions = {r.strip().upper() for r in job.applicant_regions if r.strip()}
    countries = {c.strip().upper() for c in job.applicant_countries if c.strip()}
    countries |= {r.split("-", 1)[0] for r in regions}
    if not countries:
        return row("met", _("Works from home; the job hires from anywhere"))
    codes = (countries - {r.split("-", 1)[0] for r in regions}) | regions
    places = ", ".join(sorted(taxonomy.place_name(code) for code in codes))
    country = candidate.country.strip().upper() if candidate.country else None
    if country is None:
        return row(
            "missing",
            _("Country not given; the job hires from %(places)s") % {"places": places},
            _("Add your country to your profile"),
        )
    if country not in countries:
        return row(
            "missing",
            _("Lives in %(country)s; the job hires from %(places)s")
            % {"country": taxonomy.place_name(country), "places": places},
            _("Only if the employer opens the job to people in %(country)s")
            % {"country": taxonomy.place_name(country)},
        )
    allowed = {r for r in regions if r.startswith(country + "-")}
    if allowed:
        region = _region_code(candidate.region, country)
        if region is None:
            return row(
                "missing",
                _("Region not given; the job hires from %(places)s") % {"places": places},
                _("Add your state or region to your profile"),
            )
        if region not in allowed:
            return row(
                "missing",
                _("Lives in %(region)s; the job hires from %(places)s")
                % {"region": taxonomy.place_name(region), "places": places},
                _("Only if the employer opens the job to people in %(region)s")
                % {"region": taxonomy.place_name(region)},
            )
        return row(
            "met",
            _("Works from home in %(place)s, where the job hires")
            % {"place": taxonomy.place_name(region)},
        )
    return row(
        "met",
        _("Works from home in %(place)s, where the job hires")
        % {"place": taxonomy.place_name(country)},
    )


# --- hours ----------------------------------------------------------------------------------


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
    return "; ".join(fixes)


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


def _hours(job: JobFacts, candidate: CandidateFacts, today: date) -> Check:
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


# --- soft signals ---------------------------------------------------------------------------


def _coverage(
    key: str, label: str, wanted: frozenset[str], have: frozenset[str], one: str, many: str
) -> Check:
    """ "3 of 4 specialties": share of what the job lists that the candidate has."""
    if not wanted:
        return [], 1.0
    count = len(wanted & have)
    total = len(wanted)
    status = "met" if count == total else "partial" if count else "missing"
    detail = _("%(count)s of %(total)s %(noun)s") % {
        "count": count,
        "total": total,
        "noun": one if total == 1 else many,
    }
    return [item(key, label, status, detail)], count / total


@cache
def _taxonomy_families() -> Callable[[Iterable[str]], set[str]] | None:
    """`portal.taxonomy.code_set_families` when importable; matching must work without it."""
    try:
        from portal.taxonomy import code_set_families
    except Exception:
        return None
    return code_set_families


def code_set_family(slug: str) -> str | None:
    """The family ("US", "AU", "WHO") of a code-set slug, preferring portal.taxonomy."""
    lookup = _taxonomy_families()
    if lookup is not None:
        try:
            families = lookup([slug])
        except Exception:
            families = set()
        if len(families) == 1:
            return next(iter(families)).upper()
    return CODE_SET_FAMILY.get(slug)


def _by_family(slugs: Iterable[str]) -> dict[str, list[str]]:
    order = list(CODE_SET_NAMES)
    grouped: dict[str, list[str]] = {}
    for slug in sorted(slugs, key=lambda s: (order.index(s) if s in order else len(order), s)):
        family = code_set_family(slug)
        if family is not None:
            grouped.setdefault(family, []).append(slug)
    return grouped


def _describe_families(grouped: dict[str, list[str]]) -> str:
    parts = []
    for family in sorted(grouped):
        names = ", ".join(CODE_SET_NAMES.get(s, s) for s in grouped[family])
        parts.append(f"{names} ({FAMILY_DESCRIPTION.get(family, family)})")
    return _join_and(parts)


def _code_sets(job: JobFacts, candidate: CandidateFacts) -> Check:
    """Coverage, plus a warning when experience is in another family (ICD-10-CM vs -AM)."""
    items, fraction = _coverage(
        "code_sets",
        _("Code sets"),
        job.code_sets,
        candidate.code_sets,
        _("code set"),
        _("code sets"),
    )
    job_families = _by_family(job.code_sets)
    own_families = _by_family(candidate.code_sets)
    if not job_families or not own_families:
        return items, fraction
    foreign = {f: s for f, s in own_families.items() if f not in job_families} or own_families
    for family in sorted(set(job_families) - set(own_families)):
        detail = _("Experience is in %(own)s; this role codes in %(job)s") % {
            "own": _describe_families(foreign),
            "job": _describe_families({family: job_families[family]}),
        }
        items.append(item(f"code_set_family:{family}", _("Code set family"), "warning", detail))
    return items, fraction


def _years_text(years: int) -> str:
    if years == 1:
        return _("1 year")
    return _("%(years)s years") % {"years": years}


def _years(job: JobFacts, candidate: CandidateFacts) -> Check:
    if job.min_years <= 0:
        return [], 1.0
    label = _("Experience")
    years = max(0, candidate.years_experience)
    asks = {"have": _years_text(years), "asks": _years_text(job.min_years)}
    if years >= job.min_years:
        detail = _("%(have)s of experience (asks for %(asks)s)") % asks
        return [item("years", label, "met", detail)], 1.0
    fraction = years / job.min_years
    if candidate.new_graduate and job.new_graduates_welcome:
        detail = _("New graduate; the job welcomes new graduates (asks for %(asks)s)") % asks
        return [item("years", label, "met", detail)], max(fraction, NEW_GRADUATE_FIT)
    detail = _("%(have)s of experience (asks for %(asks)s)") % asks
    if candidate.new_graduate:
        detail += _("; the job does not say new graduates are welcome")
    status = "partial" if years else "missing"
    return [item("years", label, status, detail)], fraction


def _per_hour(amount: float, period: str) -> float:
    return amount / HOURS_PER_PERIOD[period] if period != "chart" else amount


def _pay(job_pay: Pay | None, ask: Pay | None) -> Check:
    """Compare the candidate's lowest acceptable pay with the job's range, per hour.

    Only the same currency is compared (no exchange rates: they drift and mislead), and pay
    per chart only with pay per chart.
    """
    label = _("Pay")

    def info(detail: str) -> Check:
        return [item("pay", label, "info", detail)], UNKNOWN_FIT

    if job_pay is None or (job_pay.amount_min is None and job_pay.amount_max is None):
        return info(_("The job does not state pay"))
    asked = (
        None if ask is None else ask.amount_min if ask.amount_min is not None else ask.amount_max
    )
    if ask is None or asked is None:
        return info(_("No pay expectation given"))
    if job_pay.currency.strip().upper() != ask.currency.strip().upper():
        return info(
            _("Pay is in %(job)s, the expectation in %(ask)s; not compared")
            % {"job": job_pay.currency.upper(), "ask": ask.currency.upper()}
        )
    if (job_pay.period == "chart") != (ask.period == "chart"):
        return info(_("Pay per chart and pay by time are not compared"))
    asked_rate = _per_hour(asked, ask.period)
    low = None if job_pay.amount_min is None else _per_hour(job_pay.amount_min, job_pay.period)
    high = None if job_pay.amount_max is None else _per_hour(job_pay.amount_max, job_pay.period)
    note = ""
    if job_pay.period != ask.period and ask.period != "chart":
        note = " " + _("(compared per hour)")
    if high is not None and asked_rate > high * (1 + 1e-9):
        pct = (asked_rate - high) / high * 100
        fraction = max(0.0, 1 - pct / PAY_TOLERANCE_PCT)
        detail = _("Asks %(pct)s%% above the pay range") % {"pct": max(1, round(pct))} + note
        status = "partial" if fraction > 0 else "missing"
        return [item("pay", label, status, detail)], fraction
    if low is not None and asked_rate < low * (1 - 1e-9):
        detail = _("Asks below the pay range") + note
    else:
        detail = _("Within the pay range") + note
    return [item("pay", label, "met", detail)], 1.0


def _employment_key(value: str) -> str:
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    return _EMPLOYMENT_ALIASES.get(key, key)


def _employment_type(job: JobFacts, candidate: CandidateFacts) -> Check:
    """The kind of job wanted. Part-time is a question of hours, not of the job's word: a
    flexible 10–30 hour contract suits a part-time seeker, a fixed 42.5-hour shift does not."""
    label = _("Employment type")
    job_type = _employment_key(job.employment_type)
    wanted = sorted({_employment_key(t) for t in candidate.employment_types})
    job_words = EMPLOYMENT_TYPE_NAMES.get(job_type, job_type.replace("_", " "))
    if not wanted:
        detail = _("Employment type wanted not given; this job is %(type)s") % {"type": job_words}
        return [item("employment_type", label, "info", detail)], UNKNOWN_FIT
    if job_type in wanted:
        detail = _("Wants %(type)s work") % {"type": job_words}
        return [item("employment_type", label, "met", detail)], 1.0
    if "part_time" in wanted and takes_part_time(job):
        detail = _("Wants part-time work; this %(type)s job takes part-time hours") % {
            "type": job_words
        }
        return [item("employment_type", label, "met", detail)], 1.0
    names = [EMPLOYMENT_TYPE_NAMES.get(t, t.replace("_", " ")) for t in wanted]
    detail = _("Wants %(types)s work; this job is %(type)s") % {
        "types": _join_or(names),
        "type": job_words,
    }
    if "part_time" in wanted:
        detail += " " + _("and does not take part-time hours")
    return [item("employment_type", label, "missing", detail)], 0.0
