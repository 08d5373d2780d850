"""Work mode and place: remote jobs by where the candidate lives, office jobs by distance.

Distances are great-circle kilometres to the nearest office; an anonymous candidate's
distance can be shown only as a band so a few offices cannot pinpoint their town.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from portal import taxonomy
from portal.matching.model import CandidateFacts, JobFacts
from portal.matching.phrases import _
from portal.matching.rules import Check, item

EARTH_RADIUS_KM = 6371.0088
# Farther than this from every office, only moving would fix it (nobody commutes that far).
MOVE_ONLY_KM = 300
# Upper edges of the bands an anonymous candidate's distance is shown in.
DISTANCE_BANDS_KM = (25, 50, 100)


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


def work_mode(job: JobFacts, candidate: CandidateFacts, distance_in_bands: bool) -> Check:
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
