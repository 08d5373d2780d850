"""Filters and globals for templates: money, dates and the navigation for each role."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_currency
from flask import Flask, url_for
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import taxonomy
from portal.forms import ActionForm
from portal.models import Role

# The navigation bar: (label, endpoint, roles that see it). Each area adds its pages here.
NAV_ITEMS: list[tuple[str, str, set[Role]]] = [
    (_l("Dashboard"), "main.dashboard", {Role.SEEKER, Role.EMPLOYER, Role.SCHOOL, Role.ADMIN}),
    (_l("Users"), "admin.users", {Role.ADMIN}),
]


def money(amount: float | Decimal | None, currency: str, period: str | None = None) -> str:
    """ "$28 an hour", "₹25,000 a month": whole amounts lose their decimals."""
    if amount is None:
        return ""
    value = Decimal(str(amount))
    fmt = "¤#,##0" if value == value.to_integral() else None
    text = format_currency(
        value, currency, format=fmt, locale=str(get_locale() or "en"), currency_digits=fmt is None
    )
    if period:
        text = f"{text} {taxonomy.label(taxonomy.PAY_PERIODS, period)}"
    return text


def money_range(low, high, currency: str, period: str | None = None) -> str:
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        return money(low if low is not None else high, currency, period)
    per = f" {taxonomy.label(taxonomy.PAY_PERIODS, period)}" if period else ""
    return f"{money(low, currency)}–{money(high, currency)}{per}"


def nice_date(value: date | datetime | None) -> str:
    return format_date(value, "d MMM yyyy") if value else ""


def navigation() -> list[tuple[str, str]]:
    """(label, url) pairs for the signed-in person's role, in the order they matter."""
    if not current_user.is_authenticated:
        return []
    return [
        (str(label), url_for(endpoint))
        for label, endpoint, roles in NAV_ITEMS
        if current_user.role in roles
    ]


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(money=money, money_range=money_range, nice_date=nice_date)
    app.jinja_env.globals.update(
        taxonomy=taxonomy, navigation=navigation, label=taxonomy.label, ActionForm=ActionForm
    )

    @app.context_processor
    def site() -> dict:
        return {"site_name": app.config["SITE_NAME"]}
