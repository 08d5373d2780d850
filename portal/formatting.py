"""Money, dates and moments as people read them, the same in pages, e-mails and search.

Templates use these as filters (`portal.web.templating`); e-mails and search import them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency
from flask_babel import format_date, get_locale, get_timezone, to_user_timezone
from flask_babel import gettext as _

from portal import taxonomy
from portal.matching.availability import format_time, zone_name

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


def nice_date(value: date | datetime | None) -> str:
    """ "27 Nov 2026"."""
    return str(format_date(value, "d MMM yyyy")) if value else ""


def day_text(day: date) -> str:
    """ "05 Nov 2026": a credential's expiry as its alerts, e-mails and comparisons write it."""
    return day.strftime("%d %b %Y")


def zone_label(tz: str) -> str:
    """How a time zone is named after a time: "India time", "New York time", "UTC"."""
    name = str(zone_name(tz))
    if tz == "UTC" or name.endswith("time"):
        return name
    return _("%(place)s time", place=name)


def when(value: date | datetime | None) -> str:
    """A moment (naive UTC) in the reader's time zone, with the zone named, written like job
    times: "27 Nov 2026, 8:38 am India time". The zone is `portal.i18n.viewer_timezone`'s."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return nice_date(value)
    local = to_user_timezone(value)
    return _(
        "%(date)s, %(time)s %(zone)s",
        date=format_date(local, "d MMM yyyy", rebase=False),
        time=format_time(local.hour * 60 + local.minute),
        zone=zone_label(str(get_timezone())),
    )


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


def search_hours(doc: SearchDocument) -> str:
    """ "20 to 30 hours a week", "40 hours a week", "Flexible hours"."""
    low, high = _number(doc.get("hours_min")), _number(doc.get("hours_max"))
    if low is not None and high is not None and low != high:
        return _("%(low)s to %(high)s hours a week", low=low, high=high)
    if low is not None or high is not None:
        return _("%(n)s hours a week", n=low if low is not None else high)
    shift_hours = _number(doc.get("shift_hours"))
    if shift_hours:
        return _("%(n)s hours a week", n=f"{shift_hours:g}")
    return _("Flexible hours")


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
