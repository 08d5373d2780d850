"""Score each sentence the way a moderator reads it.

A sentence asks the applicant for money when several signals meet: a payment word ("fee",
"deposit", "investment"), something to buy ("kit", "licence", "exam"), a demand ("pay", "buy",
"at your own cost"), an amount ("₹1,999/-", "SAR 500", "2 lakh"), a precondition ("before",
"to activate"), a payment channel ("UPI", "gift cards", "USDT"); off-platform contact and lures
("no interview", "guaranteed") add a little. A signal does not count when it is denied in its
clause, before ("no registration fee") or after ("registration fee: nil"), or when the employer
pays ("visa and tickets are borne by the company", "paid training"); an amount or an item next to
a salary word ("stipend ₹10,000", "certification allowance") is income, not a demand. A
reassurance does not protect what follows a "but", "only" or "just" ("no hidden charges, just
pay ₹299"). Two neighbouring sentences are also read together, so splitting the demand across
them does not hide it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from portal.scam.normalise import unleet
from portal.scam.signals import lexicon

# How much each signal adds; a sentence at or over HOLD_SCORE that asks for money is flagged.
WEIGHTS = {
    "money": 2.0,
    "channel": 2.5,
    "demand": 1.5,
    "applicant_pays": 1.0,
    "amount": 1.5,
    "purchase": 1.0,  # 2.0 next to an amount, a channel or a demand
    "precondition": 1.0,
    "contact": 0.5,
    "lure": 0.5,
}
HOLD_SCORE = 3.5
PAIR_SCORE = 4.5  # two sentences read together must say more
NEGATION_REACH = 3  # words between a denial and what it denies
LIST_REACH = 10  # "no registration fee, deposit or charge of any kind"
LIST_ITEM = 4  # words in one item of such a list
PROVIDES_REACH = 3  # "laptop and headset provided"
EMPLOYER_REACH = 12  # "visa, flight tickets and medical insurance are paid by the company"
# Where a denial stops: a comma, a semicolon, "and"/"or" (Hindi "aur"/"ya").
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;،؛&]|\b(?:and|or|aur|ya)\b")  # not "25,000"
INCOME_REACH = 4  # words between a salary word and the amount it describes

_NUMBER = r"\d{1,3}(?:[,.' ]\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULTIPLIER = r"(?:\s?(?:k|thousand|lakhs?|lacs?|lakh|crores?|cr|hazaa?r|हजार|हज़ार|लाख|الف|ألف))"
_SYMBOL = "[₹$£€﷼]"


@cache
def _amount_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Amounts with a currency, "/-" or a multiplier (strong) and bare numbers (weak)."""
    currency = lexicon().currency
    units = (
        r"%|hours?|hrs?|days?|years?|yrs?|charts?|words?|wpm|people|employees|staff|beds|"
        r"members|seats|positions|openings|vacancies|am|pm|accounts?|claims?"
    )
    strong = re.compile(
        rf"(?:(?:{_SYMBOL}|{currency})\s?\.?\s?(?:{_NUMBER}){_MULTIPLIER}?)"
        # "for just 499", "only 1,999": a price, even without a currency
        rf"|(?:(?<![a-z])(?:just|only) (?:\d{{1,3}}(?:,\d{{3}})+|\d{{3,7}})"
        rf"(?![\w,.%-]|\s?(?:{units})))"
        rf"|(?:(?<![\w.])(?:{_NUMBER}){_MULTIPLIER}?\s?(?:{_SYMBOL}|{currency}))"
        rf"|(?:(?<![\w.])(?:{_NUMBER})\s?/-)"
        rf"|(?:(?<![\w.,])\d{{1,2}}(?:,\d{{2}})+,\d{{3}}(?![\d,]))"
        rf"|(?:(?<![\w.])(?:{_NUMBER}){_MULTIPLIER}(?![a-z]))"
    )
    bare = re.compile(
        rf"(?<![\w.,/:-])(?:\d{{1,3}}(?:,\d{{3}})+|\d{{3,7}})(?![\w,/:%-]|\.\d|\s?(?:{units}))"
    )
    return strong, bare


@dataclass(frozen=True)
class Signal:
    kind: str
    phrase: str

    def as_list(self) -> list[str]:
        return [self.kind, self.phrase]


@dataclass(frozen=True)
class Reading:
    score: float
    signals: tuple[Signal, ...]
    asks_for_money: bool

    @property
    def flagged(self) -> bool:
        return self.asks_for_money and self.score >= HOLD_SCORE


_EMPTY = Reading(0.0, (), False)


def _words_between(text: str, start: int, end: int) -> int:
    """Words, not punctuation: "membership ($19.99" has none between."""
    if end <= start:
        return 0
    return sum(1 for word in text[start:end].split() if any(c.isalnum() for c in word))


def _region(position: int, breaks: list[int], length: int) -> tuple[int, int]:
    low = max((b for b in breaks if b <= position), default=0)
    high = min((b for b in breaks if b > position), default=length)
    return low, high


@lru_cache(maxsize=8192)
def read_folded(folded: str) -> Reading:
    """The signals of one folded sentence (or two neighbouring ones) and what they add up to.
    Cached: a job is read again on every saved step, mostly the same sentences."""
    lex = lexicon().patterns
    # Billing work ("charge entry", "payment posting") is blanked, keeping the offsets.
    text = lexicon().neutral.sub(lambda m: " " * len(m.group(0)), folded)
    words = unleet(text)
    length = len(words)

    found: dict[str, list[re.Match[str]]] = {}

    def find(kind: str) -> list[re.Match[str]]:
        if kind not in found:
            found[kind] = list(lex[kind].finditer(words))
        return found[kind]

    strong, bare = _amount_patterns()
    # "$0 cost" is no demand.
    strong_amounts = [m for m in strong.finditer(text) if re.search(r"[1-9]", m.group(0))]
    if not any(find(k) for k in ("money", "demand", "channel", "purchase", "applicant_pays")):
        return _EMPTY  # nothing here could ask for money: most sentences of an honest ad

    contrasts = find("contrast")
    clause_breaks = [m.start() for m in _CLAUSE_BREAK.finditer(words)]
    clause_breaks += [m.start() for m in contrasts]
    segment_breaks = [m.start() for m in re.finditer(r"[;؛]", words)]
    segment_breaks += [m.start() for m in contrasts]
    nouns = find("money") + find("purchase")
    conditions = find("precondition")
    # "deposit" is a noun as often as a verb: a demand that is also a listed noun does not
    # interrupt a list of denied nouns, and is denied with the noun.
    # "If anyone asks you to pay a fee, report it": a warning, not a demand ("not a scam" is
    # no warning).
    warnings = [
        w
        for w in find("warning")
        if not any(
            n.end() <= w.start() and _words_between(words, n.end(), w.start()) <= 1
            for n in find("negation_before")
        )
    ]
    income = find("income")
    # "Pay range", "pay: $22/hour": the pay the applicant gets, not a demand.
    all_demands = [
        d for d in find("demand") if not any(i.start() <= d.start() < i.end() for i in income)
    ]
    verb_demands = [
        d for d in all_demands if not any(n.start() <= d.start() < n.end() for n in nouns)
    ]
    cancellers = find("cancels_negation")
    money_nouns = find("money")
    # A denial inside a payment phrase ("not free") or after "if" ("if you don't pay") is none.
    negations_before = [
        n
        for n in find("negation_before")
        if not any(
            c.end() <= n.start() and _words_between(words, c.end(), n.start()) <= 2
            for c in cancellers
        )
        and not any(m.start() <= n.start() < m.end() for m in money_nouns)
    ]
    negations_after = find("negation_after")
    # "reimburse nothing", "not paid by the company": the employer does not pay after all.
    employer = [
        e
        for e in find("employer_pays")
        if not any(
            n.start() >= e.end() and _words_between(words, e.end(), n.start()) <= 1
            for n in negations_after
        )
        and not any(
            n.end() <= e.start() and _words_between(words, n.end(), e.start()) <= 1
            for n in negations_before
        )
    ]
    rates = find("rate")
    blockers = [(m.start(), m.end()) for m in (*conditions, *strong_amounts)]

    def blocked(low: int, high: int) -> bool:
        return any(low <= b_start and b_end <= high for b_start, b_end in blockers)

    def employer_covers(phrase: re.Match[str], start: int, end: int) -> bool:
        """ "Visa, tickets and insurance are paid by the company": the words near the phrase,
        unless a demand or a condition stands between ("laptop provided after you pay")."""
        low, high = (phrase.end(), start) if phrase.end() <= start else (end, phrase.start())
        if high < low:
            return True  # the phrase contains the word ("company-paid training")
        if _words_between(words, low, high) > EMPLOYER_REACH:
            return False
        return not any(low <= d.start() < high for d in (*verb_demands, *conditions))

    def in_a_list(low: int, high: int) -> bool:
        """Only short list items lie between: "no fee, deposit or charge of any kind",
        "security deposit ya registration fees bilkul nahi"."""
        if _words_between(words, low, high) > LIST_REACH or blocked(low, high):
            return False
        if any(low <= d.start() < high for d in verb_demands):
            return False
        cuts = [b for b in clause_breaks if low <= b < high]
        if not cuts:
            return False
        edges = [low, *cuts, high]
        return all(_words_between(words, a, b) <= LIST_ITEM for a, b in itertools.pairwise(edges))

    def denied(start: int, end: int, *, noun: bool = True) -> bool:
        """Denied in its clause ("no fee", "fee: nil"), over a list of nouns ("no fee, deposit
        or charge"), or paid by the employer."""
        low, high = _region(start, clause_breaks, length)
        seg_low, seg_high = _region(start, segment_breaks, length)
        if any(n.start() < start < n.end() for n in negations_before):
            return True  # inside the denial itself: "will not be charged"
        for n in negations_before:
            if n.end() > start or n.start() < seg_low or blocked(n.end(), start):
                continue
            gap = _words_between(words, n.end(), start)
            if n.start() >= low and gap <= NEGATION_REACH:
                return True
            if n.start() >= low and _words_between(words, low, n.start()) == 0:
                return True  # "No fees of any kind are charged": the clause is denied
            if noun and in_a_list(n.end(), start):
                return True
        for n in negations_after:
            if n.start() < end or n.start() >= seg_high:
                continue
            gap = _words_between(words, end, n.start())
            if n.end() <= high and gap <= NEGATION_REACH:
                return True
            if noun and in_a_list(end, n.start()):
                return True
        if any(seg_low <= w.start() < seg_high for w in warnings):
            return True
        if any(
            p.start() >= end
            and _words_between(words, end, p.start()) <= PROVIDES_REACH
            and not blocked(end, p.start())
            for p in find("employer_provides")
        ):
            return True
        return any(
            seg_low <= e.start() < seg_high and employer_covers(e, start, end) for e in employer
        )

    demands = [
        d
        for d in all_demands
        if not denied(d.start(), d.end(), noun=False)
        and not any(n.start() <= d.start() < n.end() and denied(n.start(), n.end()) for n in nouns)
    ]

    def is_income(start: int, end: int, *, amount: bool = False) -> bool:
        """A salary word close by in the clause, nearer than any payment word and with no demand
        or condition in between: "stipend of ₹10,000", "certification allowance"."""
        clause = _region(start, clause_breaks, length)

        def distance(match: re.Match[str]) -> int | None:
            if _region(match.start(), clause_breaks, length) != clause:
                return None
            low, high = (match.end(), start) if match.end() <= start else (end, match.start())
            if high < low or any(low <= d.start() < high for d in (*demands, *conditions)):
                return None
            return _words_between(words, low, high)

        # "deducted from your stipend" names the salary to take the money from.
        salary_words = [
            w for w in income if not any(d.start() <= w.start() < d.end() for d in all_demands)
        ]
        if amount and not any(
            _region(n.start(), clause_breaks, length) == clause for n in (*nouns, *demands)
        ):
            salary_words += rates  # "$26/hour": a rate with nothing to pay for is pay
        to_income = [d for d in map(distance, salary_words) if d is not None and d <= INCOME_REACH]
        to_money = [d for d in map(distance, money_nouns) if d is not None]
        return bool(to_income) and min(to_income) < min(to_money, default=INCOME_REACH + 1)

    signals: dict[str, list[str]] = {}

    def keep(kind: str, phrase: str) -> None:
        found = signals.setdefault(kind, [])
        if phrase not in found:
            found.append(phrase)

    for kind in ("money", "channel", "applicant_pays", "precondition", "lure", "contact"):
        for m in find(kind):
            if kind in ("money", "channel", "applicant_pays") and denied(
                m.start(), m.end(), noun=kind != "applicant_pays"
            ):
                continue
            if kind == "channel" and is_income(m.start(), m.end()):
                continue
            keep(kind, m.group(0).strip())
    for m in demands:
        keep("demand", m.group(0).strip())
    for m in find("purchase"):
        if not denied(m.start(), m.end()) and not is_income(m.start(), m.end()):
            keep("purchase", m.group(0).strip())
    for m in strong_amounts:
        if not denied(m.start(), m.end()) and not is_income(m.start(), m.end(), amount=True):
            keep("amount", m.group(0).strip())
    # A bare number counts only in a clause that names a payment: "deposit 5000".
    money_clauses = [_region(m.start(), clause_breaks, length) for m in (*money_nouns, *demands)]
    for m in bare.finditer(text):
        if any(a.start() <= m.start() < a.end() for a in strong_amounts):
            continue
        in_money_clause = _region(m.start(), clause_breaks, length) in money_clauses
        if (
            in_money_clause
            and not denied(m.start(), m.end())
            and not is_income(m.start(), m.end(), amount=True)
        ):
            keep("amount", m.group(0).strip())

    has = {kind: bool(signals.get(kind)) for kind in WEIGHTS}
    asks = (
        has["money"]
        or has["channel"]
        or (has["demand"] and (has["amount"] or has["purchase"]))
        or (has["purchase"] and has["amount"])
    )
    score = 0.0
    for kind, present in has.items():
        if not present:
            continue
        weight = WEIGHTS[kind]
        if kind == "purchase" and (has["amount"] or has["channel"] or has["demand"]):
            weight = 2.0
        if kind in ("applicant_pays", "precondition", "contact", "lure") and not asks:
            weight = 0.0
        score += weight
    ordered = tuple(Signal(kind, phrase) for kind in WEIGHTS for phrase in signals.get(kind, []))
    return Reading(round(score, 2), ordered, asks)
