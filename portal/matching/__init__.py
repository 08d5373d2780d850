"""Pure matching between a job and a candidate: no Flask, no database, no network.

Views and the search layer convert models into `JobFacts` / `CandidateFacts` and call `match()`;
availability helpers answer time-zone questions on the real calendar.
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
from portal.matching.model import (
    CandidateFacts,
    HeldCredential,
    JobFacts,
    MatchItem,
    MatchResult,
    Pay,
    TimeRange,
)
from portal.matching.rules import (
    EXPIRY_WARNING_DAYS,
    REQUIREMENTS,
    Verdict,
    expiry_state,
    is_hard,
    verdict,
)
from portal.matching.score import (
    CODE_SET_FAMILY,
    DISTANCE_BANDS_KM,
    HOURS_PER_PERIOD,
    INELIGIBLE_CAP,
    WEIGHTS,
    code_set_family,
    distance_band,
    haversine_km,
    match,
)

__all__ = [
    "CODE_SET_FAMILY",
    "DISTANCE_BANDS_KM",
    "EXPIRY_WARNING_DAYS",
    "HOURS_PER_PERIOD",
    "INELIGIBLE_CAP",
    "WEIGHTS",
    "CandidateFacts",
    "HeldCredential",
    "JobFacts",
    "MatchItem",
    "MatchResult",
    "Pay",
    "REQUIREMENTS",
    "TimeRange",
    "Verdict",
    "code_set_family",
    "describe_ranges",
    "distance_band",
    "expiry_state",
    "format_time",
    "haversine_km",
    "is_hard",
    "match",
    "monday_of",
    "overlap_hours",
    "validate_ranges",
    "verdict",
    "weekly_hours",
    "zone_name",
]
