"""Drawing at random, fast and repeatably: weighted picks, people's names (Faker, once per
locale), phone numbers, pay, and the small conversions the phases share."""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


def ascii_slug(text: str, sep: str = ".") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip(sep)


def hhmm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class Weighted(Generic[T]):
    """rng.choices with precomputed cumulative weights (fast in a loop)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cum)[0]

    def many(self, rng: random.Random, k: int) -> list[T]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


class Names:
    """Pools of first and last names per locale, drawn once from Faker, combined by our rng
    (Faker's en_US first names are slow: 0.2 ms a call). Faker comes with the `devdata` extra."""

    LOCALES = ("en_US", "en_IN", "ar_SA")

    def __init__(self, seed: int, pool: int = 600) -> None:
        from faker import Faker  # the devdata extra, checked by `require_faker` before a run

        self.first: dict[str, list[str]] = {}
        self.last: dict[str, list[str]] = {}
        for n, locale in enumerate(self.LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed * 31 + n)
            self.first[locale] = sorted({fake.first_name() for _ in range(pool)})
            self.last[locale] = sorted({fake.last_name() for _ in range(pool // 2)})

    def person(self, rng: random.Random, locale: str) -> tuple[str, str]:
        return rng.choice(self.first[locale]), rng.choice(self.last[locale])


def phone_number(rng: random.Random, country: str) -> str:
    n = rng.randrange
    if country == "US":  # 555-01xx numbers are reserved for fiction
        return f"+1 {n(201, 990)} 555 01{n(0, 100):02d}"
    if country == "IN":
        return f"+91 {rng.choice('6789')}{n(1000, 10000):04d} {n(10000, 100000):05d}"
    codes = {"SA": "966", "AE": "971", "QA": "974", "KW": "965", "OM": "968", "BH": "973"}
    return f"+{codes.get(country, '971')} 5{n(0, 10)} {n(100, 1000)} {n(1000, 10000)}"


def money(rng: random.Random, low: float, high: float, period: str) -> Decimal:
    value = rng.uniform(low, high)
    if period == "hour":
        return Decimal(str(round(value * 2) / 2))  # $27.50
    if period == "chart":
        return Decimal(str(round(value, 2)))
    step = 500 if value < 100_000 else 5000
    if value < 5000:
        step = 10
    return Decimal(int(round(value / step) * step))


def market(country: str) -> str:
    if country in ("US", "IN", "SA"):
        return country
    return "GULF"


def availability_key(country: str) -> str:
    if country in ("US", "IN"):
        return country
    return "GULF_MON" if country == "AE" else "GULF_SUN"
