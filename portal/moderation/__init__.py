"""Every money and scam rule in one place, below the services (layer 4: uses models, taxonomy
and text only; no database writes, no commits, no mail).

- `scam`: reads employer texts sentence by sentence (`normalise`, then `detect` from the phrase
  lists in `phrases/`, compiled by `signals`) and finds contact details.
- `text_review`: what a moderator reads about a held text, flagged sentences marked.
- `reports`: what a report about a job says and weighs, and how risky a held job is.

The decisions (verify, approve, reject, release) are services: `portal.services.moderation` and
`portal.services.held_texts` act on these rules and commit.
"""

from portal.moderation.reports import (
    HOLD_WEIGHTS,
    LIVE_JOB_RISK,
    REPORT_REASONS,
    REPORT_WEIGHTS,
    ReportGroup,
    job_risk,
    report_weight,
)
from portal.moderation.scam import (
    HOLD_SCORE,
    Scan,
    SentenceReading,
    contact_details,
    fingerprint,
    hide_contact_details,
    highlight,
    money_reason,
    scan,
)
from portal.moderation.text_review import ModerationCard, card, card_for_scan, signal_text

__all__ = [
    "HOLD_SCORE",
    "HOLD_WEIGHTS",
    "LIVE_JOB_RISK",
    "REPORT_REASONS",
    "REPORT_WEIGHTS",
    "ModerationCard",
    "ReportGroup",
    "Scan",
    "SentenceReading",
    "card",
    "card_for_scan",
    "contact_details",
    "fingerprint",
    "hide_contact_details",
    "highlight",
    "job_risk",
    "money_reason",
    "report_weight",
    "scan",
    "signal_text",
]
