"""Spot job postings that ask applicants for money.

Work-from-home coding jobs are a known target of "pay for training / equipment / registration to
get hired" scams aimed at homemakers and retirees. A real employer never charges to apply, so a
posting that asks for money is held for a moderator, with the phrases found shown as the reason.

`money_requests(text)` returns the phrases as they appear in the text. Each rule is a regular
expression over lower-cased text with whitespace collapsed; a match right after a negation ("no
registration fee", "we never charge a deposit", "we reimburse the training fee") is ignored, so
honest postings that reassure applicants are not held. Rules cover English as written in the US,
India ("registration fee of Rs 2,000", "₹1500 refundable deposit", "kindly pay") and the Gulf
("visa charges", "agency fee", "deposit of SAR 500"). False positives only cost a moderator a
look; false negatives are what reports are for.
"""

from __future__ import annotations

import re

_MONEY = r"(?:rs\.?|inr|₹|\$|usd|sar|sr|aed|qar|kwd|omr|bhd|php|₱|dhs?)"
_AMOUNT = r"\d[\d,.]*(?:\s?/-)?"

RULES: tuple[tuple[str, str], ...] = (
    # (label for the moderator, pattern)
    ("fee", r"\bregistration\s+(?:fees?|charges?|amount|money)\b"),
    (
        "fee",
        r"\b(?:processing|joining|onboarding|enrol(?:l)?ment|application|admin(?:istration)?"
        r"|documentation|verification|id\s+card|placement|recruitment|agency|interview|"
        r"certificate|kit)\s+(?:fees?|charges?)\b",
    ),
    ("fee", r"\btraining\s+(?:fees?|charges?|cost|costs|amount)\b"),
    (
        "fee",
        r"\b(?:undergo|attend|take|complete|join|enrol(?:l)?\s+in)\s+(?:a\s+|our\s+)?"
        r"paid\s+training\b",
    ),
    (
        "fee",
        r"\bpay\s+(?:for\s+)?(?:your\s+|the\s+|a\s+)?(?:own\s+)?(?:training|kit|course|"
        r"certification|software\s+licen[cs]e|login\s+id|id\s+card)\b",
    ),
    ("fee", r"\bpay\s+for\s+your\s+kit\b"),
    ("deposit", r"\b(?:security|refundable|caution|advance)\s+(?:deposit|amount|money)\b"),
    ("deposit", r"\brefundable\s+(?:fees?|charges?)\b"),
    ("deposit", r"\bdeposit\s+(?:of\s+)?" + _MONEY + r"\s?" + _AMOUNT),
    (
        "equipment",
        r"\b(?:buy|purchase)\s+(?:a\s+|the\s+|your\s+own\s+|our\s+)?"
        r"(?:laptop|computer|pc|desktop|equipment|headset|software|kit|system)\b",
    ),
    (
        "equipment",
        r"\b(?:laptop|equipment|software|kit)\s+(?:must\s+be\s+)?purchased\s+from\s+us\b",
    ),
    ("payment", r"\badvance\s+payment\b"),
    ("payment", r"\bkindly\s+(?:pay|deposit|transfer|remit|send)\b"),
    (
        "payment",
        r"\b(?:pay|send|transfer|remit)\s+(?:a\s+|the\s+)?(?:small\s+|nominal\s+|one[-\s]time\s+)?"
        r"(?:amount|sum|fee|charges?)\b",
    ),
    (
        "payment",
        r"\b(?:via|through|by|using)\s+(?:upi|paytm|g\s?pay|google\s+pay|phonepe|"
        r"western\s+union|moneygram|gift\s+cards?|bitcoin|crypto)\b",
    ),
    ("visa", r"\bvisa\s+(?:charges?|fees?|processing\s+(?:fees?|charges?)|cost)\b"),
    ("visa", r"\b(?:ticket|medical\s+test)\s+charges?\b"),
    # An amount of money next to a word that asks for it, either way round:
    # "registration fee of Rs 2,500", "₹1500 (refundable)", "INR 3000 deposit".
    (
        "amount",
        r"\b(?:fees?|deposit|charges?|payment)\s+(?:of\s+|is\s+|:\s*)?" + _MONEY + r"\s?" + _AMOUNT,
    ),
    (
        "amount",
        r"(?:^|[\s(])"
        + _MONEY
        + r"\s?"
        + _AMOUNT
        + r"\s*(?:\(?\s*(?:one[-\s]time\s+|non[-\s]refundable\s+|refundable\s+)?"
        r"(?:fees?|deposit|charges?|refundable|registration)\b)",
    ),
)

_COMPILED = tuple((label, re.compile(pattern)) for label, pattern in RULES)
_NEGATION = re.compile(
    r"\b(?:no|never|not|don'?t|doesn'?t|without|zero|free\s+of|reimburse[sd]?|reimbursement|"
    r"cover(?:s|ed)?|waive[sd]?|paid\s+by\s+(?:us|the\s+company|the\s+employer))\b"
    r"(?:[^\w.!?;]+[\w']+){0,4}[^\w.!?;]*$"
)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).lower()


def money_requests(*texts: str | None) -> list[str]:
    """The phrases in `texts` that ask applicants for money, in order, each once.

    >>> money_requests("Pay a registration fee of Rs 2,000 to start")
    ['registration fee', 'fee of rs 2,000']
    >>> money_requests("We never charge a registration fee.")
    []
    """
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for text in texts:
        if not text:
            continue
        flat = _normalise(text)
        for _label, pattern in _COMPILED:
            for match in pattern.finditer(flat):
                phrase = match.group(0).strip(" (")
                before = flat[max(0, match.start() - 60) : match.start()]
                if _NEGATION.search(before):
                    continue
                if phrase not in seen:
                    seen.add(phrase)
                    found.append((match.start(), phrase))
    # Drop phrases contained in a longer phrase that was also found.
    phrases = [p for _pos, p in sorted(found)]
    return [p for p in phrases if not any(p != other and p in other for other in phrases)]
