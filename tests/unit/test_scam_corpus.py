"""The money filter measured on the labelled corpus (docs/TRUST.md records the figures).

Every scam is also checked in each way scammers disguise the same words: spaced-out letters,
lookalike Cyrillic letters, zero-width characters and soft hyphens inside words, Markdown
emphasis and full-width letters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from portal.moderation import scam

CORPUS = Path(__file__).parents[1] / "data" / "scam_corpus"
# Documented in docs/TRUST.md; the test fails below them.
MIN_RECALL = 0.95
MAX_FALSE_HOLDS = 0.03
_CYRILLIC = str.maketrans("aeopcxyAEOPCXHKMT", "аеорсхуАЕОРСХНКМТ")


def load(name: str) -> list[dict]:
    with (CORPUS / f"{name}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _words(text: str, change) -> str:
    return re.sub(r"[A-Za-z]{3,}", lambda m: change(m.group(0)), text)


EVASIONS = {
    "spaced letters": lambda t: re.sub(
        r"[A-Za-z]{3,}|\s+", lambda m: "   " if m.group(0).isspace() else " ".join(m.group(0)), t
    ),
    "lookalike letters": lambda t: t.translate(_CYRILLIC),
    "zero-width character": lambda t: _words(t, lambda w: w[:2] + "\u200b" + w[2:]),
    "soft hyphen": lambda t: _words(t, lambda w: w[:2] + "\u00ad" + w[2:]),
    "markdown emphasis": lambda t: _words(t, lambda w: f"**{w}**" if len(w) > 3 else w),
    "full-width letters": lambda t: "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and c.isalnum() else c for c in t
    ),
}


def held(text: str) -> bool:
    return scam.scan(text).asks_for_money


def rates(rows: list[dict], transform=lambda t: t) -> tuple[float, float, list, list]:
    scams = [r for r in rows if r["label"] == "scam"]
    honest = [r for r in rows if r["label"] == "honest"]
    missed = [r["id"] for r in scams if not held(transform(r["text"]))]
    false_holds = [r["id"] for r in honest if held(transform(r["text"]))]
    return 1 - len(missed) / len(scams), len(false_holds) / len(honest), missed, false_holds


def test_corpus_is_big_and_labelled():
    ads, messages = load("ads"), load("messages")
    assert len(ads) >= 200 and len(messages) >= 100
    for rows in (ads, messages):
        assert {r["label"] for r in rows} == {"scam", "honest"}
        assert {r["lang"] for r in rows} >= {"en", "hi", "ar", "hinglish"}
        assert {r["region"] for r in rows} == {"US", "IN", "GULF"}
        assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("name", ["ads", "messages"])
def test_recall_and_false_holds(name):
    recall, false_rate, missed, false_holds = rates(load(name))
    assert recall >= MIN_RECALL, f"missed {missed}"
    assert false_rate <= MAX_FALSE_HOLDS, f"held honest {false_holds}"


@pytest.mark.parametrize("evasion", sorted(EVASIONS))
def test_disguised_scams_are_still_held(evasion):
    latin = [r for r in load("ads") + load("messages") if r["lang"] in ("en", "hinglish")]
    recall, false_rate, missed, false_holds = rates(latin, EVASIONS[evasion])
    assert recall >= MIN_RECALL, f"{evasion}: missed {missed}"
    assert false_rate <= MAX_FALSE_HOLDS, f"{evasion}: held honest {false_holds}"


def test_every_hold_says_why():
    for row in load("ads"):
        for sentence in scam.scan(row["text"]).flagged:
            assert sentence.text and sentence.reading.signals
            assert sentence.reading.score >= scam.HOLD_SCORE


def report() -> None:
    """Print the figures docs/TRUST.md records: `python -m tests.unit.test_scam_corpus`."""
    for name in ("ads", "messages"):
        rows = load(name)
        recall, false_rate, missed, false_holds = rates(rows)
        print(f"{name}: {len(rows)} texts, held {recall:.1%} of scams, {false_rate:.1%} of honest")
        for region in ("US", "IN", "GULF"):
            part = [r for r in rows if r["region"] == region]
            recall, false_rate, _m, _f = rates(part)
            print(f"  {region}: held {recall:.1%} of scams, {false_rate:.1%} of honest")
    latin = [r for r in load("ads") + load("messages") if r["lang"] in ("en", "hinglish")]
    for evasion, transform in sorted(EVASIONS.items()):
        recall, false_rate, _m, _f = rates(latin, transform)
        print(f"{evasion}: held {recall:.1%} of scams, {false_rate:.1%} of honest")


if __name__ == "__main__":
    report()
