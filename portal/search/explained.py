"""Match results kept per process under their arguments, for pages that explain the same pairs
again and again ("best candidates": 25 + 10 cards on every view).

`portal.matching` is pure: the same facts of both sides on the same day, with distances in
bands or not, always give the same result. So a result is kept under exactly those arguments
(`basis`), and a changed fact, a new day or a reveal (exact distances instead of bands) is a
new key: nothing needs invalidating. Pieces of pages showing a result are kept under the same
basis (`portal.web.fragments.best_candidate_cards`). An explanation is many small phrases,
about 20 KB: at most `KEPT` are kept (the oldest goes first), about 10 MB.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import fields
from datetime import date
from typing import Any

from portal.matching import CandidateFacts, JobFacts, MatchResult, match

KEPT = 512
_RESULTS: dict[Hashable, MatchResult] = {}
_LOCK = threading.Lock()
_FIELDS: dict[type, tuple[str, ...]] = {}


def facts_basis(facts: JobFacts | CandidateFacts) -> Hashable:
    """`JobFacts` or `CandidateFacts` as a key: every field, lists as tuples."""
    kind = type(facts)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(facts))
    return (kind.__name__, *(_frozen(getattr(facts, name)) for name in names))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def explained(
    job: JobFacts,
    job_basis: Hashable,
    candidate: CandidateFacts,
    today: date,
    distance_in_bands: bool,
) -> tuple[MatchResult, Hashable]:
    """`match(job, candidate, today, distance_in_bands=...)` (`job_basis` is
    `facts_basis(job)`, worked out once per page), kept or new, and the basis it is kept
    under."""
    basis = (job_basis, facts_basis(candidate), today, distance_in_bands)
    result = _RESULTS.get(basis)
    if result is None:
        result = match(job, candidate, today, distance_in_bands=distance_in_bands)
        with _LOCK:
            if len(_RESULTS) >= KEPT:
                _RESULTS.pop(next(iter(_RESULTS)))  # the oldest entry
            _RESULTS[basis] = result
    return result, basis
