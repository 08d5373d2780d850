"""Turn what an employer typed into what a reader sees, in one comparable form.

Scammers write "f e e", "fее" with Cyrillic letters, "fe\u00ade" with a soft hyphen, "**fee**",
full-width "ｆｅｅ" or "₹1,999/-". A reader sees the same word each time, so the filter must too:
Markdown is rendered to plain text and split into sentences, then each sentence is folded (NFKC,
invisible characters removed, lookalike letters from other scripts mapped to the Latin letter they
imitate, spaced-out letters joined, digits of every script made ASCII, lower case). Hindi, Arabic,
Malayalam and Tamil letters are kept: their phrase lists are written in those scripts.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import markdown as markdown_lib
from anyascii import anyascii
from confusable_homoglyphs import confusables

# Scripts our seekers read and whose phrase lists are written in that script.
_KEPT_SCRIPTS = (
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x0900, 0x097F),  # Devanagari
    (0x0B80, 0x0BFF),  # Tamil
    (0x0D00, 0x0D7F),  # Malayalam
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, tatweel
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_ABBREVIATIONS = frozenset(
    [
        "rs",
        "reg",
        "regn",
        "amt",
        "no",
        "nos",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "etc",
        "dr",
        "mr",
        "mrs",
        "ms",
        "approx",
        "st",
        "vs",
        "inc",
        "ltd",
        "pvt",
        "co",
        "jr",
        "sr",
        "min",
        "max",
        "incl",
        "est",
        "dept",
        "a.m",
        "p.m",
        "u.s",
        "hrs",
        "yrs",
    ]
)
_BLOCK_TAGS = re.compile(r"<\s*(?:/p|br\s*/?|/li|/h\d|/tr|/blockquote|/pre|hr\s*/?)\s*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?।؟])[\"'”’)\]]*\s+|\n+")
# "f e e", "f.e.e", "F-E-E", "r e g i s t r a t i o n": three or more single letters in a row.
# The same separator throughout, so "r e g i s t e r   f.e.e" gives two words, not one.
_SPACED = re.compile(
    r"(?<![\w])[^\W\d_](?P<sep>[\s.\-_*·•|/]{1,3})(?:[^\W\d_](?P=sep)){1,}[^\W\d_](?![\w])"
)
# Digits or symbols standing in for letters inside a word: "f33", "d3p0sit", "regi$tration".
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_LEET_WORD = re.compile(r"(?<![\w@$])[@$]?[a-z](?=[a-z]*[0-9@$])[a-z0-9@$]{2,}(?![\w@$])")


def markdown_to_text(text: str) -> str:
    """The text as the page shows it: Markdown rendered, tags dropped, one line per block."""
    rendered = markdown_lib.markdown(text, output_format="html")
    rendered = _BLOCK_TAGS.sub("\n", rendered)
    return html.unescape(_TAG.sub("", rendered))


def split_sentences(text: str) -> list[str]:
    """Sentences as a reader sees them; "Rs. 500", "e.g." and "f. e. e." do not end one."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        last_word = piece.rsplit(None, 1)[-1].rstrip(".!?।؟").lower() if piece.strip() else ""
        if "\n" not in match.group(0) and (last_word in _ABBREVIATIONS or len(last_word) == 1):
            continue
        if piece.strip():
            sentences.append(piece.strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def _kept(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _KEPT_SCRIPTS)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """A character from another script as the Latin letter it imitates; digits as ASCII."""
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category == "Nd":
        return str(unicodedata.digit(char))
    if _kept(char):
        return char
    if category in ("Cf", "Mn", "Me") or char in "\u00ad\u034f\u115f\u1160\u3164":
        return ""  # zero-width, joiners, soft hyphen, directional marks, combining marks
    if category.startswith("Z"):
        return " "
    if category == "Sc" or not category.startswith("L"):
        return char  # ₹, €, £ and punctuation stay as they are
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True)
    if found:
        for glyph in found[0]["homoglyphs"]:
            letter: str = glyph["c"]
            if letter.isascii() and letter.isalpha():
                return letter
    return anyascii(char) or char


def fold(sentence: str) -> str:
    """One sentence in the form the phrase lists are written in."""
    text = unicodedata.normalize("NFKC", sentence)
    text = "".join(fold_char(c) for c in text).casefold()
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    text = _SPACED.sub(lambda m: m.group(0).replace(m.group("sep"), ""), text)
    return re.sub(r"\s+", " ", text).strip()


def unleet(folded: str) -> str:
    """Words spelled with digits for letters ("f33", "dep0sit") as the word they imitate."""
    return _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), folded)


def sentences_of(text: str) -> list[str]:
    """The sentences of one text as shown to a reader (Markdown rendered)."""
    if not text:
        return []
    return split_sentences(markdown_to_text(text))
