"""What a moderator reads when a text was held: the text as seekers would see it, the flagged
sentences marked, and for each the signals that flagged it (see `portal.moderation.scam`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.moderation import scam

SIGNAL_LABELS = {
    "money": _l("payment word"),
    "purchase": _l("something to pay for"),
    "demand": _l("told to pay"),
    "applicant_pays": _l("the applicant pays"),
    "amount": _l("amount"),
    "precondition": _l("condition"),
    "channel": _l("payment channel"),
    "contact": _l("off-platform contact"),
    "lure": _l("lure"),
}


def signal_text(signals: list[list[str]]) -> str:
    """Why a sentence was flagged: "payment word “fee”; amount “₹500”"."""
    return "; ".join(f"{SIGNAL_LABELS.get(kind, kind)} “{phrase}”" for kind, phrase in signals)


@dataclass(frozen=True)
class ModerationCard:
    parts: list[tuple[str, Markup]]  # (which text, escaped text with <mark>s)
    sentences: list[dict[str, Any]]  # flagged: text, score, signals, why
    score: float
    contacts: list[str]


def card(
    named_texts: list[tuple[str, str | None]], sentences: list[dict[str, Any]]
) -> ModerationCard:
    """`sentences` are flagged sentences as stored (`scam.SentenceReading.as_dict`)."""
    marked = {s["fingerprint"] for s in sentences}
    texts = [(label, text) for label, text in named_texts if text]
    contacts = [c for _label, text in texts for c in scam.contact_details(text)]
    return ModerationCard(
        parts=[(label, scam.highlight(text, marked)) for label, text in texts],
        sentences=[{**s, "why": signal_text(s["signals"])} for s in sentences],
        score=max((s["score"] for s in sentences), default=0.0),
        contacts=list(dict.fromkeys(contacts)),
    )


def card_for_scan(named_texts: list[tuple[str, str | None]]) -> ModerationCard:
    """A card for texts not held before (an organization's name and about): scan them now."""
    found = scam.scan(*(text for _label, text in named_texts))
    return card(named_texts, [s.as_dict() for s in found.flagged])
