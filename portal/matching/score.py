"""Match one job with one candidate: hard requirements, a 0–100 score and plain-words reasons.

The search engine only retrieves; this module decides. Which requirements are hard (decide
eligibility) and which are soft (rank) is the table in `portal.matching.rules`; every line
says what would close its gap (`MatchItem.fix`). Each requirement's module (credentials,
place, hours, pay, words) yields its lines and a fraction in 0..1 that is multiplied by its
weight in `WEIGHTS`, so the score is a documented, deterministic weighted sum. The hard
dimensions count in full when eligible; an ineligible result keeps partial credit scaled into
0..`INELIGIBLE_CAP`, so it always ranks below a typical eligible one.
"""

from __future__ import annotations

import math
from datetime import date

from portal.matching import credentials, hours, pay, place, words
from portal.matching.model import CandidateFacts, JobFacts, MatchResult
from portal.matching.phrases import _
from portal.matching.rules import Check

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
    valid, expired = credentials.held_on(candidate.credentials, today)
    checks: dict[str, Check] = {
        "required_credentials": credentials.required(job, valid, expired),
        "expiry": credentials.expiring(job, valid, today),
        "work_mode": place.work_mode(job, candidate, distance_in_bands),
        "hours": hours.hours_fit(job, candidate, today),
        "specialties": words.coverage(
            "specialties",
            _("Specialties"),
            job.specialties,
            candidate.specialties,
            _("specialty"),
            _("specialties"),
        ),
        "code_sets": words.code_sets(job, candidate),
        "years": words.years(job, candidate),
        "pay": pay.pay_fit(job.pay, candidate.pay),
        "employment_type": words.employment_type(job, candidate),
        "systems": words.coverage(
            "systems", _("Systems"), job.systems, candidate.systems, _("system"), _("systems")
        ),
        "preferred_credentials": credentials.preferred(job, valid),
        "verified_credentials": credentials.verified(job, valid),
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
