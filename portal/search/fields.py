"""The values inside search documents: dates and days as numbers, amounts, labels, pay and
hours bands, points on the map and plain text. Shared by the document builders
(`documents.py`), the facets and the searches that filter on them."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from portal import taxonomy
from portal.search.highlight import strip_control

# Seeker coordinates are rounded to 2 decimals (about 1.1 km): enough for a commute radius,
# never a house.
PROFILE_GEO_DECIMALS = 2

# "Pay at least" facet: per currency, the period people think in and the thresholds offered.
# A job is tagged "USD:hour:25" when its top of range reaches $25 an hour.
PAY_BANDS: dict[str, tuple[str, tuple[int, ...]]] = {
    "USD": ("hour", (15, 20, 25, 30, 40, 50)),
    "INR": ("month", (15000, 20000, 30000, 50000, 75000)),
    "SAR": ("month", (4000, 6000, 8000, 12000, 16000)),
    "AED": ("month", (4000, 6000, 8000, 12000, 16000)),
    "QAR": ("month", (4000, 6000, 8000, 12000, 16000)),
    "PHP": ("month", (20000, 30000, 40000, 60000)),
    "GBP": ("hour", (12, 15, 20, 25)),
    "CAD": ("hour", (20, 25, 30, 40)),
    "AUD": ("hour", (25, 30, 40, 50)),
}
HOURS_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under_20", 0, 19),
    ("20_29", 20, 29),
    ("30_39", 30, 39),
    ("40_plus", 40, 10_000),
)


def unix(value: datetime | None) -> int | None:
    """Naive-UTC datetime as unix seconds."""
    if value is None:
        return None
    return int(value.replace(tzinfo=UTC).timestamp())


def day_number(value: date | None, default: int | None = None) -> int | None:
    """A date as an int like 20270131, comparable in filters."""
    if value is None:
        return default
    return value.year * 10000 + value.month * 100 + value.day


def number(value: Decimal | float | int | None) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else round(number, 2)


# id(mapping) -> (the mapping, its labels): `taxonomy.label` of every key, worked out once per
# catalogue (they are constants) rather than once per key per document.
_LABELS: dict[int, tuple[Mapping[str, object], dict[str, str]]] = {}


def labels(mapping: Mapping[str, object], keys: Sequence[str]) -> list[str]:
    """`taxonomy.label` of each key (an unknown key is its own label)."""
    known = _LABELS.get(id(mapping))
    if known is None or known[0] is not mapping:
        known = _LABELS[id(mapping)] = (mapping, {k: taxonomy.label(mapping, k) for k in mapping})
    table = known[1]
    return [table.get(k, k) for k in keys if k]


def hourly(amount: Decimal | float | None, period: str | None) -> float | None:
    if amount is None or not period:
        return None
    hourly = taxonomy.to_hourly(amount, period)
    return None if hourly is None else round(hourly, 4)


def hours_band(hours: int | float | None) -> str | None:
    if hours is None:
        return None
    for key, low, high in HOURS_BANDS:
        if low <= hours <= high:
            return key
    return None


def pay_tags(amount: Decimal | float | None, currency: str | None, period: str | None) -> list[str]:
    """ "USD:hour:25"-style tags for every "pay at least" threshold this amount reaches."""
    if amount is None or not currency or not period or currency not in PAY_BANDS:
        return []
    band_period, thresholds = PAY_BANDS[currency]
    hourly = taxonomy.to_hourly(amount, period)
    hours = taxonomy.HOURS_PER_PERIOD.get(band_period)
    if hourly is None or hours is None:
        return []
    value = hourly * hours
    return [f"{currency}:{band_period}:{t}" for t in thresholds if value + 1e-6 >= t]


def point(
    lat: float | None, lng: float | None, decimals: int | None = None
) -> dict[str, float] | None:
    if lat is None or lng is None:
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or math.isnan(lat) or math.isnan(lng):
        return None
    if decimals is not None:
        lat, lng = round(lat, decimals), round(lng, decimals)
    return {"lat": lat, "lng": lng}


def plain_text(value: str | None, limit: int = 1000) -> str:
    """Plain text for a document: no control characters (they could forge the highlight
    sentinels, see `highlight.py`), at most `limit` characters, cut at a word."""
    value = strip_control(value or "").strip()
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0]
