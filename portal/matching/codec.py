"""Matching facts as plain JSON values and back, so they can be stored (in the search
documents: `search.documents`, field `match_facts`) and scored later without the database.

Decoding gives back facts equal to the ones encoded, field for field: sets travel as sorted
lists, dates as ISO days, slots and shifts as `[day, start, end]`, pay as
`[min, max, currency, period]`, places as `[lat, lng]` with every digit the database holds.
Decoding trusts its input: callers check the document's version first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.matching.model import CandidateFacts, HeldCredential, JobFacts, Pay, TimeRange

Json = dict[str, Any]


def _ranges(ranges: list[TimeRange]) -> list[list[int]]:
    return [[r.day, r.start, r.end] for r in ranges]


def _ranges_from(values: list[list[int]]) -> list[TimeRange]:
    return [TimeRange(day, start, end) for day, start, end in values]


def _pay(pay: Pay | None) -> list[Any] | None:
    if pay is None:
        return None
    return [pay.amount_min, pay.amount_max, pay.currency, pay.period]


def _pay_from(value: list[Any] | None) -> Pay | None:
    if value is None:
        return None
    amount_min, amount_max, currency, period = value
    return Pay(amount_min, amount_max, currency, period)


def _set(values: frozenset[str]) -> list[str]:
    return sorted(values)


def job_facts_to_json(facts: JobFacts) -> Json:
    """`facts` as JSON values (every field, by name)."""
    return {
        "required_credential_groups": [list(g) for g in facts.required_credential_groups],
        "preferred_credentials": _set(facts.preferred_credentials),
        "specialties": _set(facts.specialties),
        "code_sets": _set(facts.code_sets),
        "systems": _set(facts.systems),
        "min_years": facts.min_years,
        "new_graduates_welcome": facts.new_graduates_welcome,
        "work_mode": facts.work_mode,
        "office_locations": [[lat, lng] for lat, lng in facts.office_locations],
        "applicant_countries": _set(facts.applicant_countries),
        "applicant_regions": _set(facts.applicant_regions),
        "timezone": facts.timezone,
        "shift_windows": _ranges(facts.shift_windows),
        "hours_min": facts.hours_min,
        "hours_max": facts.hours_max,
        "accepts_part_time": facts.accepts_part_time,
        "employment_type": facts.employment_type,
        "pay": _pay(facts.pay),
    }


def job_facts_from_json(data: Json) -> JobFacts:
    """The `JobFacts` that `job_facts_to_json` encoded."""
    return JobFacts(
        required_credential_groups=[list(g) for g in data["required_credential_groups"]],
        preferred_credentials=frozenset(data["preferred_credentials"]),
        specialties=frozenset(data["specialties"]),
        code_sets=frozenset(data["code_sets"]),
        systems=frozenset(data["systems"]),
        min_years=data["min_years"],
        new_graduates_welcome=data["new_graduates_welcome"],
        work_mode=data["work_mode"],
        office_locations=[(lat, lng) for lat, lng in data["office_locations"]],
        applicant_countries=frozenset(data["applicant_countries"]),
        applicant_regions=frozenset(data["applicant_regions"]),
        timezone=data["timezone"],
        shift_windows=_ranges_from(data["shift_windows"]),
        hours_min=data["hours_min"],
        hours_max=data["hours_max"],
        accepts_part_time=data["accepts_part_time"],
        employment_type=data["employment_type"],
        pay=_pay_from(data["pay"]),
    )


def candidate_facts_to_json(facts: CandidateFacts) -> Json:
    """`facts` as JSON values (every field, by name)."""
    return {
        "credentials": [
            [c.code, c.expires_on.isoformat() if c.expires_on else None, c.verified]
            for c in facts.credentials
        ],
        "specialties": _set(facts.specialties),
        "code_sets": _set(facts.code_sets),
        "systems": _set(facts.systems),
        "years_experience": facts.years_experience,
        "new_graduate": facts.new_graduate,
        "timezone": facts.timezone,
        "availability": _ranges(facts.availability),
        "hours_min": facts.hours_min,
        "hours_max": facts.hours_max,
        "work_modes": _set(facts.work_modes),
        "employment_types": _set(facts.employment_types),
        "location": list(facts.location) if facts.location is not None else None,
        "travel_km": facts.travel_km,
        "willing_to_relocate": facts.willing_to_relocate,
        "country": facts.country,
        "region": facts.region,
        "pay": _pay(facts.pay),
    }


def candidate_facts_from_json(data: Json) -> CandidateFacts:
    """The `CandidateFacts` that `candidate_facts_to_json` encoded."""
    location = data["location"]
    return CandidateFacts(
        credentials=[
            HeldCredential(code, date.fromisoformat(expires) if expires else None, verified)
            for code, expires, verified in data["credentials"]
        ],
        specialties=frozenset(data["specialties"]),
        code_sets=frozenset(data["code_sets"]),
        systems=frozenset(data["systems"]),
        years_experience=data["years_experience"],
        new_graduate=data["new_graduate"],
        timezone=data["timezone"],
        availability=_ranges_from(data["availability"]),
        hours_min=data["hours_min"],
        hours_max=data["hours_max"],
        work_modes=frozenset(data["work_modes"]),
        employment_types=frozenset(data["employment_types"]),
        location=(location[0], location[1]) if location is not None else None,
        travel_km=data["travel_km"],
        willing_to_relocate=data["willing_to_relocate"],
        country=data["country"],
        region=data["region"],
        pay=_pay_from(data["pay"]),
    )
