"""Match one job with one candidate: hard requirements, a 0–100 score and plain-words reasons.

The search engine only retrieves; this module decides. Hard requirements (required credential
groups, work mode and location, weekly hours in the shift) make a candidate eligible or not;
soft signals rank. Each dimension yields a fraction in 0..1 that is multiplied by its weight in
`WEIGHTS`, so the score is a documented, deterministic weighted sum. The hard dimensions count
in full when eligible; an ineligible result keeps partial credit but is capped at
`INELIGIBLE_CAP`, so it always ranks below a typical eligible one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import cache

from portal import taxonomy
from portal.matching.availability import overlap_hours, weekly_hours
from portal.matching.model import (
    CandidateFacts,
    HeldCredential,
    JobFacts,
    MatchItem,
    MatchResult,
    Pay,
    _,
)

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

Check = tuple[list[MatchItem], float]


def match(
    job: JobFacts, candidate: CandidateFacts, today: date, *, distance_in_bands: bool = False
) -> MatchResult:
    """Score and explain how well `candidate` fits `job` on `today`.

    `today` decides which credentials have expired and which calendar week (the coming one)
    is used for time-zone overlap, so results are reproducible in tests. With
    `distance_in_bands` the explanation gives the home-to-office distance only as a band
    (`DISTANCE_BANDS_KM`): for an employer who may not know where an anonymous candidate
    lives, exact distances from a few offices would pinpoint the town. The score is the same.
    """
    valid, expired = _credentials_on(candidate.credentials, today)
    checks: dict[str, Check] = {
        "required_credentials": _required_credentials(job, valid, expired),
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
    items = [item for key in WEIGHTS for item in checks[key][0]]
    eligible = not any(i.required and i.status in ("missing", "partial") for i in items)
    raw = sum(WEIGHTS[key] * min(1.0, max(0.0, checks[key][1])) for key in WEIGHTS)
    score = min(100, int(math.floor(raw + 0.5)))
    if not eligible:
        score = min(score, INELIGIBLE_CAP)
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
            items.append(MatchItem(key, label, "met", True, detail))
            continue
        if len(codes) == 1:
            parts = [_("Missing %(code)s (required)") % {"code": codes[0]}]
        else:
            parts = [_("Missing one of %(codes)s (required)") % {"codes": label}]
        for code in codes:
            if code in expired and expired[code].expires_on is not None:
                parts.append(
                    _("%(code)s expired on %(date)s")
                    % {"code": code, "date": _format_date(expired[code].expires_on)}
                )
            apprentice = code + "-A"
            if apprentice in valid or apprentice in expired:
                parts.append(
                    _("%(held)s (apprentice) does not count as %(code)s")
                    % {"held": apprentice, "code": code}
                )
        items.append(MatchItem(key, label, "missing", True, "; ".join(parts)))
    return items, (met / len(groups) if groups else 1.0)


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
    item = MatchItem("preferred_credentials", label, status, False, detail)
    return [item], len(have) / len(wanted)


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
    return [MatchItem("verified_credentials", label, status, False, detail)], len(done) / len(
        relevant
    )


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

    def item(status: str, detail: str) -> Check:
        ok = status in ("met", "warning")
        return [MatchItem("work_mode", label, status, True, detail)], 1.0 if ok else 0.0

    if mode == "remote":
        if modes and "remote" not in modes:
            return item("missing", _("Does not want remote work; this job is remote"))
        return _applicant_location(job, candidate, item)
    mode_words = {"onsite": _("work at the office"), "hybrid": _("hybrid work")}
    if modes and mode not in modes:
        words = mode_words.get(mode, mode)
        return item("missing", _("Does not want %(mode)s; this job needs it") % {"mode": words})
    if not job.office_locations:
        return item("warning", _("The job gives no office location; distance not checked"))
    if candidate.location is None:
        if candidate.willing_to_relocate:
            return item("met", _("Willing to relocate"))
        return item("missing", _("No home location given to compare with the office"))
    distance = min(haversine_km(candidate.location, office) for office in job.office_locations)
    shown = distance_band(distance) if distance_in_bands else _km(distance)
    lives = _("Lives %(distance)s from the office") % {"distance": shown}
    travel = candidate.travel_km
    if travel is not None and round(distance) <= travel:
        return item("met", lives + " " + _("(travels up to %(km)s km)") % {"km": travel})
    if candidate.willing_to_relocate:
        return item("met", lives + _("; willing to relocate"))
    if travel is None:
        return item("missing", lives + " " + _("(travel distance not given)"))
    return item("missing", lives + " " + _("(travels up to %(km)s km)") % {"km": travel})


def _place_name(code: str) -> str:
    """A country or region code in words: "IN" → "India", "US-TX" → "Texas" (unknown: as is)."""
    country, _sep, region = code.partition("-")
    if not region:
        return taxonomy.COUNTRIES.get(country, code)
    regions = {"US": taxonomy.US_STATES, "IN": taxonomy.INDIA_STATES}.get(country, {})
    return regions.get(region, code)


def _applicant_location(
    job: JobFacts, candidate: CandidateFacts, item: Callable[[str, str], Check]
) -> Check:
    regions = {r.strip().upper() for r in job.applicant_regions if r.strip()}
    countries = {c.strip().upper() for c in job.applicant_countries if c.strip()}
    countries |= {r.split("-", 1)[0] for r in regions}
    if not countries:
        return item("met", _("Works from home; the job hires from anywhere"))
    codes = (countries - {r.split("-", 1)[0] for r in regions}) | regions
    places = ", ".join(sorted(_place_name(code) for code in codes))
    country = candidate.country.strip().upper() if candidate.country else None
    if country is None:
        return item(
            "missing", _("Country not given; the job hires from %(places)s") % {"places": places}
        )
    if country not in countries:
        return item(
            "missing",
            _("Lives in %(country)s; the job hires from %(places)s")
            % {"country": _place_name(country), "places": places},
        )
    allowed = {r for r in regions if r.startswith(country + "-")}
    if allowed:
        region = _region_code(candidate.region, country)
        if region is None:
            return item(
                "missing", _("Region not given; the job hires from %(places)s") % {"places": places}
            )
        if region not in allowed:
            return item(
                "missing",
                _("Lives in %(region)s; the job hires from %(places)s")
                % {"region": _place_name(region), "places": places},
            )
        return item(
            "met",
            _("Works from home in %(place)s, where the job hires") % {"place": _place_name(region)},
        )
    return item(
        "met",
        _("Works from home in %(place)s, where the job hires") % {"place": _place_name(country)},
    )


# --- hours ----------------------------------------------------------------------------------


def _hours_text(hours: float) -> str:
    return str(round(hours)) if abs(hours - round(hours)) < 0.05 else f"{hours:.1f}"


def coming_monday(today: date) -> date:
    """The Monday that starts the coming work week (today when today is a Monday)."""
    return today + timedelta(days=-today.weekday() % 7)


def _hours(job: JobFacts, candidate: CandidateFacts, today: date) -> Check:
    """Enough weekly hours, in the job's shift after time-zone conversion when it has one.

    The candidate's usable hours are capped by their `hours_max`. With shift windows the
    target is `job.hours_min`, or the whole window (capped by `hours_max`) when that is None.
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
            MatchItem(
                "hours_wanted",
                _("Hours wanted"),
                "warning",
                False,
                _("Wants at least %(wanted)s hours a week; the job offers up to %(offered)s")
                % {"wanted": candidate.hours_min, "offered": job.hours_max},
            )
        )

    if job.shift_windows:
        week = coming_monday(today)
        overlap = overlap_hours(
            candidate.availability, candidate.timezone, job.shift_windows, job.timezone, week
        )
        window = overlap_hours(
            job.shift_windows, job.timezone, job.shift_windows, job.timezone, week
        )
        usable = min(overlap, cap) if cap is not None else overlap
        if job.hours_min is not None:
            needed = float(job.hours_min)
        else:
            needed = min(window, cap) if cap is not None else window
        numbers = {
            "overlap": _hours_text(overlap),
            "window": _hours_text(window),
            "needed": _hours_text(needed),
            "cap": _hours_text(cap or 0),
        }
        if not candidate.availability:
            detail = (
                _("No weekly hours given; the job's shift is %(window)s hours a week") % numbers
            )
        elif job.hours_min is None and cap is not None and cap < window:
            # The job takes as many of its shift hours as the candidate wants to work.
            detail = (
                _(
                    "Available %(overlap)s of the %(window)s shift hours each week "
                    "(wants to work %(cap)s)"
                )
                % numbers
            )
        elif cap is not None and cap < needed <= overlap:
            # Free for enough of the shift, but wants to work fewer hours than the job needs.
            detail = _("Wants at most %(cap)s hours a week; the job needs %(needed)s") % numbers
        else:
            detail = (
                _(
                    "Available %(overlap)s of the %(window)s shift hours each week "
                    "(needs %(needed)s)"
                )
                % numbers
            )
    elif job.hours_min is None:
        items.insert(0, MatchItem("hours", label, "met", True, _("Flexible hours")))
        return items, 1.0
    else:
        needed = float(job.hours_min)
        usable = weekly_hours(candidate.availability) if candidate.availability else (cap or 0)
        usable = min(usable, cap) if cap is not None else usable
        detail = _("Can work %(usable)s hours a week; the job needs %(needed)s") % {
            "usable": _hours_text(usable),
            "needed": _hours_text(needed),
        }

    if usable + 1e-9 >= needed:
        status, fraction = "met", 1.0
    else:
        status = "partial" if usable > 0 else "missing"
        fraction = usable / needed
    items.insert(0, MatchItem("hours", label, status, True, detail))
    return items, fraction


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
    return [MatchItem(key, label, status, False, detail)], count / total


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
        items.append(
            MatchItem(f"code_set_family:{family}", _("Code set family"), "warning", False, detail)
        )
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
        return [MatchItem("years", label, "met", False, detail)], 1.0
    fraction = years / job.min_years
    if candidate.new_graduate and job.new_graduates_welcome:
        detail = _("New graduate; the job welcomes new graduates (asks for %(asks)s)") % asks
        return [MatchItem("years", label, "met", False, detail)], max(fraction, NEW_GRADUATE_FIT)
    detail = _("%(have)s of experience (asks for %(asks)s)") % asks
    if candidate.new_graduate:
        detail += _("; the job does not say new graduates are welcome")
    status = "partial" if years else "missing"
    return [MatchItem("years", label, status, False, detail)], fraction


def _per_hour(amount: float, period: str) -> float:
    return amount / HOURS_PER_PERIOD[period] if period != "chart" else amount


def _pay(job_pay: Pay | None, ask: Pay | None) -> Check:
    """Compare the candidate's lowest acceptable pay with the job's range, per hour.

    Only the same currency is compared (no exchange rates: they drift and mislead), and pay
    per chart only with pay per chart.
    """
    label = _("Pay")

    def info(detail: str) -> Check:
        return [MatchItem("pay", label, "info", False, detail)], UNKNOWN_FIT

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
        return [MatchItem("pay", label, status, False, detail)], fraction
    if low is not None and asked_rate < low * (1 - 1e-9):
        detail = _("Asks below the pay range") + note
    else:
        detail = _("Within the pay range") + note
    return [MatchItem("pay", label, "met", False, detail)], 1.0


def _employment_key(value: str) -> str:
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    return _EMPLOYMENT_ALIASES.get(key, key)


def _employment_type(job: JobFacts, candidate: CandidateFacts) -> Check:
    label = _("Employment type")
    job_type = _employment_key(job.employment_type)
    wanted = sorted({_employment_key(t) for t in candidate.employment_types})
    job_words = EMPLOYMENT_TYPE_NAMES.get(job_type, job_type.replace("_", " "))
    if not wanted:
        detail = _("Employment type wanted not given; this job is %(type)s") % {"type": job_words}
        return [MatchItem("employment_type", label, "info", False, detail)], UNKNOWN_FIT
    if job_type in wanted:
        detail = _("Wants %(type)s work") % {"type": job_words}
        return [MatchItem("employment_type", label, "met", False, detail)], 1.0
    names = [EMPLOYMENT_TYPE_NAMES.get(t, t.replace("_", " ")) for t in wanted]
    detail = _("Wants %(types)s work; this job is %(type)s") % {
        "types": _join_or(names),
        "type": job_words,
    }
    return [MatchItem("employment_type", label, "missing", False, detail)], 0.0
