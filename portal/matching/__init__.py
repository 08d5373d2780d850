"""Pure matching between a job and a candidate: no Flask, no database, no network.

Views and the search layer convert models into `JobFacts` / `CandidateFacts` and call `match()`;
availability helpers answer time-zone questions on the real calendar. Each requirement has
its module (credentials, place, hours, pay, words); `score` combines them into the result and
`rules` into the verdict. Explanations are `Phrase`s, translated when a page shows them
(`use_translator`).
"""

from portal.matching.availability import (
    describe_ranges,
    format_time,
    monday_of,
    overlap_hours,
    validate_ranges,
    weekly_hours,
    zone_name,
)
from portal.matching.codec import (
    candidate_facts_from_json,
    candidate_facts_to_json,
    job_facts_from_json,
    job_facts_to_json,
)
from portal.matching.model import (
    CandidateFacts,
    HeldCredential,
    JobFacts,
    MatchItem,
    MatchResult,
    Pay,
    TimeRange,
)
from portal.matching.phrases import Phrase, use_translator
from portal.matching.place import DISTANCE_BANDS_KM, distance_band, haversine_km
from portal.matching.rules import (
    EXPIRY_WARNING_DAYS,
    REQUIREMENTS,
    Verdict,
    expiry_state,
    is_hard,
    verdict,
)
from portal.matching.score import INELIGIBLE_CAP, WEIGHTS, match
from portal.matching.words import CODE_SET_FAMILY, code_set_family

__all__ = [
    "CODE_SET_FAMILY",
    "DISTANCE_BANDS_KM",
    "EXPIRY_WARNING_DAYS",
    "INELIGIBLE_CAP",
    "WEIGHTS",
    "CandidateFacts",
    "HeldCredential",
    "JobFacts",
    "MatchItem",
    "MatchResult",
    "Pay",
    "Phrase",
    "REQUIREMENTS",
    "TimeRange",
    "Verdict",
    "candidate_facts_from_json",
    "candidate_facts_to_json",
    "code_set_family",
    "describe_ranges",
    "distance_band",
    "expiry_state",
    "format_time",
    "haversine_km",
    "is_hard",
    "job_facts_from_json",
    "job_facts_to_json",
    "match",
    "monday_of",
    "overlap_hours",
    "validate_ranges",
    "verdict",
    "use_translator",
    "weekly_hours",
    "zone_name",
]
