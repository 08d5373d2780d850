"""The match explanation of an application: worked out now (the apply and invitation pages), or
as it was saved when the application was sent (what the employer reads later)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from portal.matching import MatchItem, MatchResult, match, verdict
from portal.models import Application, Job, Profile, utcnow


def current_match(
    job: Job, profile: Profile, today: date | None = None, *, distance_in_bands: bool = False
) -> MatchResult:
    """How the seeker compares with the job today. With `distance_in_bands` the distance is
    given only as a band (an employer who may not know where an anonymous candidate lives)."""
    return match(
        job.facts(),
        profile.facts(),
        today or utcnow().date(),
        distance_in_bands=distance_in_bands,
    )


def match_json(result: MatchResult) -> list[dict[str, Any]]:
    """The explanation as the application keeps it (a JSON column)."""
    return [dataclasses.asdict(item) for item in result.items]


def match_items(application: Application) -> list[MatchItem]:
    """The explanation saved at apply time, as `MatchItem`s for the templates."""
    fields = {f.name for f in dataclasses.fields(MatchItem)}
    return [
        MatchItem(**{k: v for k, v in item.items() if k in fields})
        for item in application.match_items or []
    ]


def unmet_requirements(rows: MatchResult | list[MatchItem]) -> str:
    """The hard requirements a seeker misses, in the words the confirmation and the
    employer's flag both use: "Missing CCS (required); Lives in India; …"."""
    found = verdict(rows)
    return "; ".join(item.detail for item in found.causes) if found.kind == "misses" else ""
