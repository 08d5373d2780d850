"""Money, dates and moments as people read them, the same in pages, e-mails and search.

Templates use these as filters (`portal.web.templating`); e-mails and search import them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency
from flask_babel import get_locale
from flask_babel import gettext as _

from portal import taxonomy

Amount = int | float | Decimal


def money(amount: Amount | None, currency: str, period: str | None = None) -> str:
    """ "$28 an hour", "₹25,000 a month": whole amounts lose their decimals."""
    if amount is None:
        return ""
    return _money(str(amount), currency, period, str(get_locale() or "en"))


@lru_cache(maxsize=4096)
def _money(amount: str, currency: str, period: str | None, locale: str) -> str:
    # Babel's format_currency costs ~0.25 ms a call and a search page shows 40 amounts; the
    # same few hundred amounts come up again and again, so remember them (per process).
    value = Decimal(amount)
    fmt = "¤#,##0" if value == value.to_integral() else None
    text = format_currency(value, currency, format=fmt, locale=locale, currency_digits=fmt is None)
    if period:
        text = f"{text} {taxonomy.label(taxonomy.PAY_PERIODS, period)}"
    return str(text)


def money_range(
    low: Amount | None, high: Amount | None, currency: str, period: str | None = None
) -> str:
    """ "$25–30 an hour"; one amount when both ends are the same or only one is given."""
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return money(low if low is not None else high, currency, period)
    per = f" {taxonomy.label(taxonomy.PAY_PERIODS, period)}" if period else ""
    return f"{money(low, currency)}–{money(high, currency)}{per}"


# Search documents (dicts from the engine or the SQL fallback), as cards and e-mails show them.

SearchDocument = Mapping[str, object]


def _number(value: object) -> Amount | None:
    return value if isinstance(value, int | float | Decimal) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def search_pay(doc: SearchDocument) -> str:
    """Pay of a search document: "$25–30 an hour"."""
    currency = _text(doc.get("pay_currency"))
    if not currency:
        return ""
    return money_range(
        _number(doc.get("pay_min")),
        _number(doc.get("pay_max")),
        currency,
        _text(doc.get("pay_period")),
    )


def search_place(doc: SearchDocument) -> str:
    """ "Remote in United States", "On-site: Chennai, India"."""
    mode = _text(doc.get("work_mode"))
    label = taxonomy.label(taxonomy.WORK_MODES, mode)
    if mode == "remote":
        countries = doc.get("applicant_countries")
        if isinstance(countries, list) and countries:
            names = ", ".join(taxonomy.label(taxonomy.COUNTRIES, str(c)) for c in countries)
            return _("%(mode)s in %(places)s", mode=label, places=names)
        return label
    city = _text(doc.get("city"))
    country = taxonomy.label(taxonomy.COUNTRIES, _text(doc.get("country")))
    where = ", ".join(p for p in (city, country) if p)
    return f"{label}: {where}" if where else label
