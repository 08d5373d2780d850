"""The phrase lists (data files in `phrases/`) compiled into one pattern per signal."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PHRASES = Path(__file__).with_name("phrases")
LANGUAGES = ("en", "hinglish", "hi", "ar", "ml", "ta")
KINDS = (
    "money",
    "purchase",
    "demand",
    "precondition",
    "channel",
    "currency",
    "employer_pays",
    "employer_provides",
    "warning",
    "negation_before",
    "negation_after",
    "cancels_negation",
    "applicant_pays",
    "contrast",
    "income",
    "rate",
    "lure",
    "contact",
)
_LATIN = re.compile(r"^[\x00-\x7f]*$")


def _alternation(entries: list[str]) -> str:
    """Latin entries match whole words; others anywhere (Arabic and Hindi glue on affixes), so
    short words in those scripts carry their own whitespace lookarounds in the data file."""
    latin = [e for e in entries if _LATIN.match(e)]
    other = [e for e in entries if not _LATIN.match(e)]
    parts = []
    if latin:
        parts.append(r"(?<![a-z])(?:" + "|".join(latin) + r")(?![a-z])")
    if other:
        parts.append("(?:" + "|".join(other) + ")")
    return "|".join(parts) or r"(?!x)x"


@dataclass(frozen=True)
class Lexicon:
    patterns: dict[str, re.Pattern[str]]
    neutral: re.Pattern[str]
    currency: str  # alternation, for the amount patterns


@cache
def lexicon() -> Lexicon:
    """Every language's lists merged per signal: one ad often mixes English and Hindi."""
    merged: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for language in LANGUAGES:
        data = tomllib.loads((PHRASES / f"{language}.toml").read_text("utf-8"))
        unknown = set(data) - set(KINDS)
        if unknown:
            raise ValueError(f"{language}.toml: unknown signals {sorted(unknown)}")
        for kind, entries in data.items():
            merged[kind].extend(entries)
    neutral = tomllib.loads((PHRASES / "domain.toml").read_text("utf-8"))["neutral"]
    # Longest first, so "registration fee" wins over "registration" in one alternation.
    patterns = {
        kind: re.compile(_alternation(sorted(set(entries), key=len, reverse=True)))
        for kind, entries in merged.items()
    }
    return Lexicon(
        patterns=patterns,
        neutral=re.compile(_alternation(sorted(neutral, key=len, reverse=True))),
        currency=_alternation(sorted(set(merged["currency"]), key=len, reverse=True)),
    )
