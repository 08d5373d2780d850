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

from portal.moderation.normalise import unleet
from portal.moderation.signals import lexicon

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


class _Sentence:
    """One folded sentence as the phrase lists see it, and its phrases found (each kind once)."""

    def __init__(self, folded: str) -> None:
        lex = lexicon()
        self.patterns = lex.patterns
        # Billing work ("charge entry", "payment posting") is blanked, keeping the offsets.
        self.text = lex.neutral.sub(lambda m: " " * len(m.group(0)), folded)
        self.words = unleet(self.text)
        self.length = len(self.words)
        self._found: dict[str, list[re.Match[str]]] = {}
        strong, self.bare = _amount_patterns()
        # "$0 cost" is no demand.
        self.strong_amounts = [
            m for m in strong.finditer(self.text) if re.search(r"[1-9]", m.group(0))
        ]

    def find(self, kind: str) -> list[re.Match[str]]:
        if kind not in self._found:
            self._found[kind] = list(self.patterns[kind].finditer(self.words))
        return self._found[kind]

    def between(self, start: int, end: int) -> int:
        return _words_between(self.words, start, end)

    def may_ask_for_money(self) -> bool:
        """False for most sentences of an honest ad: nothing here could ask for money."""
        kinds = ("money", "demand", "channel", "purchase", "applicant_pays")
        return any(self.find(kind) for kind in kinds)


def _inside(match: re.Match[str], others: list[re.Match[str]]) -> bool:
    """The match starts inside one of `others`."""
    return any(o.start() <= match.start() < o.end() for o in others)


def _shortly_after(
    sentence: _Sentence, match: re.Match[str], before: list[re.Match[str]], reach: int
) -> bool:
    """One of `before` ends at most `reach` words ahead of the match."""
    return any(
        b.end() <= match.start() and sentence.between(b.end(), match.start()) <= reach
        for b in before
    )


class _Clauses:
    """Where the sentence's clauses and segments break, and what in them is denied, paid by the
    employer or income rather than a demand."""

    def __init__(self, sentence: _Sentence) -> None:
        self.s = sentence
        find = sentence.find
        contrasts = find("contrast")
        self.clause_breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence.words)]
        self.clause_breaks += [m.start() for m in contrasts]
        self.segment_breaks = [m.start() for m in re.finditer(r"[;؛]", sentence.words)]
        self.segment_breaks += [m.start() for m in contrasts]
        self.money_nouns = find("money")
        self.nouns = self.money_nouns + find("purchase")
        self.conditions = find("precondition")
        self.income = find("income")
        self.rates = find("rate")
        self.warnings = self._warnings()
        # "Pay range", "pay: $22/hour": the pay the applicant gets, not a demand.
        self.all_demands = [d for d in find("demand") if not _inside(d, self.income)]
        # "deposit" is a noun as often as a verb: a demand that is also a listed noun does not
        # interrupt a list of denied nouns, and is denied with the noun.
        self.verb_demands = [d for d in self.all_demands if not _inside(d, self.nouns)]
        self.negations_before = self._negations_before()
        self.negations_after = find("negation_after")
        self.employer = self._employer_payments()
        self.blockers = [(m.start(), m.end()) for m in (*self.conditions, *sentence.strong_amounts)]
        self.demands = [
            d
            for d in self.all_demands
            if not self.denied(d.start(), d.end(), noun=False)
            and not any(_inside(d, [n]) and self.denied(n.start(), n.end()) for n in self.nouns)
        ]

    # What the sentence says, before reading denials -------------------------------------------

    def _warnings(self) -> list[re.Match[str]]:
        """ "If anyone asks you to pay a fee, report it": a warning, not a demand ("not a scam"
        is no warning)."""
        denials = self.s.find("negation_before")
        return [w for w in self.s.find("warning") if not _shortly_after(self.s, w, denials, 1)]

    def _negations_before(self) -> list[re.Match[str]]:
        """A denial inside a payment phrase ("not free") or after "if" ("if you don't pay") is
        none."""
        cancellers = self.s.find("cancels_negation")
        return [
            n
            for n in self.s.find("negation_before")
            if not _shortly_after(self.s, n, cancellers, 2) and not _inside(n, self.money_nouns)
        ]

    def _employer_payments(self) -> list[re.Match[str]]:
        """ "reimburse nothing", "not paid by the company": the employer does not pay after
        all."""
        return [
            e
            for e in self.s.find("employer_pays")
            if not any(
                n.start() >= e.end() and self.s.between(e.end(), n.start()) <= 1
                for n in self.negations_after
            )
            and not _shortly_after(self.s, e, self.negations_before, 1)
        ]

    # Regions ------------------------------------------------------------------------------------

    def clause(self, position: int) -> tuple[int, int]:
        return _region(position, self.clause_breaks, self.s.length)

    def segment(self, position: int) -> tuple[int, int]:
        return _region(position, self.segment_breaks, self.s.length)

    def blocked(self, low: int, high: int) -> bool:
        return any(low <= b_start and b_end <= high for b_start, b_end in self.blockers)

    def in_a_list(self, low: int, high: int) -> bool:
        """Only short list items lie between: "no fee, deposit or charge of any kind",
        "security deposit ya registration fees bilkul nahi"."""
        if self.s.between(low, high) > LIST_REACH or self.blocked(low, high):
            return False
        if any(low <= d.start() < high for d in self.verb_demands):
            return False
        cuts = [b for b in self.clause_breaks if low <= b < high]
        if not cuts:
            return False
        edges = [low, *cuts, high]
        return all(self.s.between(a, b) <= LIST_ITEM for a, b in itertools.pairwise(edges))

    # Denials --------------------------------------------------------------------------------

    def denied(self, start: int, end: int, *, noun: bool = True) -> bool:
        """Denied in its clause ("no fee", "fee: nil"), over a list of nouns ("no fee, deposit
        or charge"), or paid by the employer."""
        return (
            self._denied_before(start, noun=noun)
            or self._denied_after(start, end, noun=noun)
            or self._warned_or_provided(start, end)
        )

    def _denied_before(self, start: int, *, noun: bool) -> bool:
        if any(n.start() < start < n.end() for n in self.negations_before):
            return True  # inside the denial itself: "will not be charged"
        low, _high = self.clause(start)
        seg_low, _seg_high = self.segment(start)
        for n in self.negations_before:
            if n.end() > start or n.start() < seg_low or self.blocked(n.end(), start):
                continue
            if n.start() >= low and self.s.between(n.end(), start) <= NEGATION_REACH:
                return True
            if n.start() >= low and self.s.between(low, n.start()) == 0:
                return True  # "No fees of any kind are charged": the clause is denied
            if noun and self.in_a_list(n.end(), start):
                return True
        return False

    def _denied_after(self, start: int, end: int, *, noun: bool) -> bool:
        _low, high = self.clause(start)
        _seg_low, seg_high = self.segment(start)
        for n in self.negations_after:
            if n.start() < end or n.start() >= seg_high:
                continue
            if n.end() <= high and self.s.between(end, n.start()) <= NEGATION_REACH:
                return True
            if noun and self.in_a_list(end, n.start()):
                return True
        return False

    def _warned_or_provided(self, start: int, end: int) -> bool:
        """A warning in the segment, "… provided" right after, or the employer pays for it."""
        seg_low, seg_high = self.segment(start)
        if any(seg_low <= w.start() < seg_high for w in self.warnings):
            return True
        if any(
            p.start() >= end
            and self.s.between(end, p.start()) <= PROVIDES_REACH
            and not self.blocked(end, p.start())
            for p in self.s.find("employer_provides")
        ):
            return True
        return any(
            seg_low <= e.start() < seg_high and self.employer_covers(e, start, end)
            for e in self.employer
        )

    def employer_covers(self, phrase: re.Match[str], start: int, end: int) -> bool:
        """ "Visa, tickets and insurance are paid by the company": the words near the phrase,
        unless a demand or a condition stands between ("laptop provided after you pay")."""
        low, high = (phrase.end(), start) if phrase.end() <= start else (end, phrase.start())
        if high < low:
            return True  # the phrase contains the word ("company-paid training")
        if self.s.between(low, high) > EMPLOYER_REACH:
            return False
        return not any(low <= d.start() < high for d in (*self.verb_demands, *self.conditions))

    # Income ---------------------------------------------------------------------------------

    def is_income(self, start: int, end: int, *, amount: bool = False) -> bool:
        """A salary word close by in the clause, nearer than any payment word and with no demand
        or condition in between: "stipend of ₹10,000", "certification allowance"."""
        clause = self.clause(start)
        # "deducted from your stipend" names the salary to take the money from.
        salary_words = [w for w in self.income if not _inside(w, self.all_demands)]
        if amount and not any(
            self.clause(n.start()) == clause for n in (*self.nouns, *self.demands)
        ):
            salary_words += self.rates  # "$26/hour": a rate with nothing to pay for is pay
        to_income = [
            d
            for d in (self._distance(w, start, end, clause) for w in salary_words)
            if d is not None and d <= INCOME_REACH
        ]
        to_money = [
            d
            for d in (self._distance(m, start, end, clause) for m in self.money_nouns)
            if d is not None
        ]
        return bool(to_income) and min(to_income) < min(to_money, default=INCOME_REACH + 1)

    def _distance(
        self, match: re.Match[str], start: int, end: int, clause: tuple[int, int]
    ) -> int | None:
        """Words from the phrase at start..end to `match` in the same clause, unless a demand or
        a condition stands between."""
        if self.clause(match.start()) != clause:
            return None
        low, high = (match.end(), start) if match.end() <= start else (end, match.start())
        if high < low or any(low <= d.start() < high for d in (*self.demands, *self.conditions)):
            return None
        return self.s.between(low, high)


class _Signals:
    """The phrases that still count once denials, the employer's payments and income are
    read, per signal kind, each phrase once."""

    def __init__(self, clauses: _Clauses) -> None:
        self.c = clauses
        self.s = clauses.s
        self.found: dict[str, list[str]] = {}
        self._named_kinds()
        for m in clauses.demands:
            self.keep("demand", m)
        self._purchases()
        self._strong_amounts()
        self._bare_amounts()

    def keep(self, kind: str, match: re.Match[str]) -> None:
        phrases = self.found.setdefault(kind, [])
        phrase = match.group(0).strip()
        if phrase not in phrases:
            phrases.append(phrase)

    def _named_kinds(self) -> None:
        for kind in ("money", "channel", "applicant_pays", "precondition", "lure", "contact"):
            for m in self.s.find(kind):
                if kind in ("money", "channel", "applicant_pays") and self.c.denied(
                    m.start(), m.end(), noun=kind != "applicant_pays"
                ):
                    continue
                if kind == "channel" and self.c.is_income(m.start(), m.end()):
                    continue
                self.keep(kind, m)

    def _purchases(self) -> None:
        for m in self.s.find("purchase"):
            if not self.c.denied(m.start(), m.end()) and not self.c.is_income(m.start(), m.end()):
                self.keep("purchase", m)

    def _counts_as_amount(self, m: re.Match[str]) -> bool:
        return not self.c.denied(m.start(), m.end()) and not self.c.is_income(
            m.start(), m.end(), amount=True
        )

    def _strong_amounts(self) -> None:
        for m in self.s.strong_amounts:
            if self._counts_as_amount(m):
                self.keep("amount", m)

    def _bare_amounts(self) -> None:
        """A bare number counts only in a clause that names a payment: "deposit 5000"."""
        payments = (*self.c.money_nouns, *self.c.demands)
        money_clauses = [self.c.clause(m.start()) for m in payments]
        for m in self.s.bare.finditer(self.s.text):
            if _inside(m, self.s.strong_amounts):
                continue
            if self.c.clause(m.start()) in money_clauses and self._counts_as_amount(m):
                self.keep("amount", m)


def _weighed(signals: dict[str, list[str]]) -> Reading:
    """What the signals add up to: whether the sentence asks for money, and its score."""
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


@lru_cache(maxsize=8192)
def read_folded(folded: str) -> Reading:
    """The signals of one folded sentence (or two neighbouring ones) and what they add up to.
    Cached: a job is read again on every saved step, mostly the same sentences."""
    sentence = _Sentence(folded)
    if not sentence.may_ask_for_money():
        return _EMPTY
    return _weighed(_Signals(_Clauses(sentence)).found)
