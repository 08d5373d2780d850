"""Spot employer texts that ask applicants for money or move them off the platform.

Pay-to-work scams ("registration fee Rs 1,999 via UPI", "buy the starter kit", "refundable
deposit") target our seekers. Every text an employer writes is read sentence by sentence as the
reader sees it (`normalise`), each sentence scored from signals (`detect`, phrase lists per
language in `phrases/`). A flagged text is held for a moderator, who sees the sentences and why;
the employer is only told that the team checks it. An approved text is remembered by the
fingerprints of its flagged sentences and contact details, so editing something else (the pay,
the hours) does not send it back for the same reason. Measured on the labelled corpus in
`tests/data/scam_corpus/` (docs/TRUST.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from portal.moderation.detect import HOLD_SCORE, PAIR_SCORE, Reading, read_folded
from portal.moderation.normalise import fold, sentences_of

__all__ = [
    "HOLD_SCORE",
    "Scan",
    "SentenceReading",
    "contact_details",
    "fingerprint",
    "hide_contact_details",
    "highlight",
    "money_reason",
    "scan",
]

_PAIR_KINDS = ("money", "channel", "demand", "amount", "purchase")


def fingerprint(sentence: str) -> str:
    """Stable across spacing, case and lookalike letters; changes when an amount changes."""
    return hashlib.sha256(fold(sentence).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SentenceReading:
    text: str  # as the reader sees it
    reading: Reading

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": self.reading.score,
            "signals": [s.as_list() for s in self.reading.signals],
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Scan:
    flagged: list[SentenceReading] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return max((s.reading.score for s in self.flagged), default=0.0)

    @property
    def asks_for_money(self) -> bool:
        return bool(self.flagged)

    @property
    def fingerprints(self) -> set[str]:
        return {s.fingerprint for s in self.flagged}


def _kinds(reading: Reading) -> set[str]:
    return {s.kind for s in reading.signals}


def scan(*texts: str | None) -> Scan:
    """Read every text (Markdown rendered) and return the flagged sentences and contacts."""
    flagged: dict[str, SentenceReading] = {}
    contacts: list[str] = []
    for text in texts:
        if not text:
            continue
        sentences = sentences_of(text)
        folded = [fold(s) for s in sentences]
        readings = [read_folded(f) if f else None for f in folded]
        for sentence, reading in zip(sentences, readings, strict=True):
            if reading is not None and reading.flagged:
                flagged.setdefault(fingerprint(sentence), SentenceReading(sentence, reading))
        # A demand split over two sentences ("The kit is compulsory. It costs ₹2,500.").
        for i in range(len(sentences) - 1):
            first, second = readings[i], readings[i + 1]
            if not first or not second:
                continue
            if not (_kinds(first) & set(_PAIR_KINDS)) or not (_kinds(second) & set(_PAIR_KINDS)):
                continue
            pair = read_folded(folded[i] + " ; " + folded[i + 1])
            if pair.flagged and pair.score >= PAIR_SCORE:
                for sentence in (sentences[i], sentences[i + 1]):
                    flagged.setdefault(fingerprint(sentence), SentenceReading(sentence, pair))
        for detail in contact_details(text):
            if detail not in contacts:
                contacts.append(detail)
    return Scan(list(flagged.values()), contacts)


def money_reason(*texts: str | None) -> dict[str, Any] | None:
    """A hold reason for texts that ask for money (stored as JSON), or None."""
    found = scan(*texts)
    if not found.flagged:
        return None
    return {
        "code": "money",
        "score": found.score,
        "sentences": [s.as_dict() for s in found.flagged],
    }


# Contact details --------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u034f\u180e]")
_PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\d(?:[ \t().\-–]{0,3}\d){7,14}(?![\w/])")
_YEARS = re.compile(r"^(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d$")
_MESSENGER_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|t\.me|"
    r"telegram\.(?:me|dog)|signal\.me|viber\.click)/[^\s)\]>\"']+",
    re.I,
)
_HANDLE = re.compile(
    r"(?:whats\s?app|telegram|signal|viber|wechat|instagram|insta|\btg\b|\bwa\b|"
    r"واتس\s?اب|واتساب|تلغرام|टेलीग्राम|व्हाट्सएप)"
    r"[^\n@]{0,20}?(@[A-Za-z][\w.]{2,30}\w)",
    re.I,
)


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _contact_matches(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _MESSENGER_LINK.finditer(text):
        found.append((match.start(), match.end(), match.group(0)))
    for match in _HANDLE.finditer(text):
        found.append((match.start(1), match.end(1), match.group(1)))
    for match in _PHONE.finditer(text):
        value = match.group(0).strip()
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 8 and not _YEARS.match(value):
            found.append((match.start(), match.end(), value))
    return sorted(found)


def contact_details(text: str | None) -> list[str]:
    """Phone numbers and messenger links or handles in the text, as written."""
    if not text:
        return []
    return [value for _start, _end, value in _contact_matches(_visible(text))]


def hide_contact_details(text: str | None, replacement: str) -> str:
    """The text with phone numbers and messenger handles replaced (before an application)."""
    if not text:
        return ""
    visible = _visible(text)
    pieces, last = [], 0
    for start, end, _value in _contact_matches(visible):
        if start < last:
            continue
        pieces.append(visible[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(visible[last:])
    return "".join(pieces) if last else text


def highlight(text: str | None, marked: Iterable[str]) -> Markup:
    """The text as plain sentences, escaped, the flagged ones (by fingerprint) in <mark>."""
    marked = set(marked)
    out = []
    for sentence in sentences_of(text or ""):
        safe = escape(sentence)
        out.append(Markup("<mark>%s</mark>") % safe if fingerprint(sentence) in marked else safe)
    return Markup(" ").join(out)
