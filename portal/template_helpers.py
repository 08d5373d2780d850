"""Filters and globals for templates: money, dates and times, and the navigation for each role."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency
from flask import Flask, url_for
from flask_babel import format_date, get_locale, get_timezone, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import taxonomy
from portal.forms import ActionForm
from portal.matching.availability import format_time, zone_name
from portal.matching.rules import expiry_state
from portal.models import Role
from portal.places import COMMON_TIMEZONES

# The header: at most four pages per role in the bar (the account menu is the fifth item), the
# rest in the account menu. (label, endpoint, roles that see it). Each area adds its pages here.
NAV_ITEMS: list[tuple[str, str, set[Role]]] = [
    (_l("Dashboard"), "main.dashboard", {Role.SEEKER, Role.EMPLOYER, Role.SCHOOL, Role.ADMIN}),
    (_l("Search jobs"), "search.jobs", {Role.SEEKER}),
    (_l("Your applications"), "applications.mine", {Role.SEEKER}),
    (_l("Your profile"), "seekers.overview", {Role.SEEKER}),
    (_l("Your jobs"), "jobs.employer_jobs", {Role.EMPLOYER}),
    (_l("Applicants"), "applications.overview", {Role.EMPLOYER}),
    (_l("Find candidates"), "search.candidates", {Role.EMPLOYER}),
    (_l("Your graduates"), "schools.graduates", {Role.SCHOOL}),
    (_l("Moderation"), "admin.moderation", {Role.ADMIN}),
    (_l("Credentials to check"), "seekers.credentials_to_check", {Role.ADMIN}),
    (_l("Users"), "admin.users", {Role.ADMIN}),
]
MAX_NAV_ITEMS = 4  # a test holds every role to it
# The account menu (a <details>, so it opens without JavaScript); "Log out" ends it.
ACCOUNT_ITEMS: list[tuple[str, str, set[Role]]] = [
    (_l("Notifications"), "applications.notifications", {Role.SEEKER, Role.EMPLOYER}),
    (_l("Jobs for you"), "search.jobs_for_you", {Role.SEEKER}),
    (_l("Saved searches"), "alerts.index", {Role.SEEKER, Role.EMPLOYER}),
    (_l("Organization"), "employers.organization", {Role.EMPLOYER}),
    (_l("E-mails we send you"), "emails.preferences", set(Role)),
    (_l("Account settings"), "auth.account", set(Role)),
]
# Every page's footer: the pages people look for before they trust a site.
FOOTER_ITEMS: list[tuple[str, str]] = [
    (_l("About"), "pages.about"),
    (_l("Help"), "pages.help"),
    (_l("Spotting a scam"), "pages.scams"),
    (_l("Privacy notice"), "pages.privacy"),
    (_l("Terms of use"), "pages.terms"),
    (_l("Contact"), "pages.contact"),
]


def money(amount: float | Decimal | None, currency: str, period: str | None = None) -> str:
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


def zone_label(tz: str) -> str:
    """How a time zone is named after a time: "India time", "New York time", "UTC"."""
    name = str(zone_name(tz))
    if tz == "UTC" or name.endswith("time"):
        return name
    return _("%(place)s time", place=name)


def when(value: date | datetime | None) -> str:
    """A moment (naive UTC) in the reader's time zone, with the zone named, written like job
    times: "27 Nov 2026, 8:38 am India time". The zone is `portal.i18n.select_timezone`'s."""
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


def field_attrs(field, extra: dict, hint: str | None = None) -> dict:
    """ARIA links from a form field to its hint (its description, or one the template gives) and
    error, only when they exist: WTForms would print a None value as the text "None"."""
    attrs = dict(extra)
    described = []
    if hint or field.description:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria_invalid"] = "true"
    if described:
        attrs["aria_describedby"] = " ".join(described)
    return attrs


def _links(items: list[tuple[str, str, set[Role]]]) -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    return [
        (str(label), url_for(endpoint))
        for label, endpoint, roles in items
        if current_user.role in roles
    ]


def navigation() -> list[tuple[str, str]]:
    """(label, url) pairs of the header bar for the signed-in person's role, in the order they
    matter."""
    return _links(NAV_ITEMS)


def account_menu() -> list[tuple[str, str]]:
    """(label, url) pairs of the account menu for the signed-in person's role."""
    return _links(ACCOUNT_ITEMS)


def footer_links() -> list[tuple[str, str]]:
    return [(str(label), url_for(endpoint)) for label, endpoint in FOOTER_ITEMS]


def action_form() -> ActionForm:
    """`ActionForm()` for templates: renders the CSRF token without reading the request body, so
    an error page (413: the body was too large) can still show the log-out button."""
    return ActionForm(formdata=None)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        money=money, money_range=money_range, nice_date=nice_date, when=when
    )
    app.jinja_env.globals.update(
        zone_label=zone_label,
        page_timezone=lambda: str(get_timezone()),
        common_timezones=COMMON_TIMEZONES,
        taxonomy=taxonomy,
        navigation=navigation,
        account_menu=account_menu,
        footer_links=footer_links,
        field_attrs=field_attrs,
        label=taxonomy.label,
        ActionForm=action_form,
        expiry_state=expiry_state,
    )

    @app.context_processor
    def site() -> dict:
        return {"site_name": app.config["SITE_NAME"]}

    @app.context_processor
    def unread_notifications() -> dict:
        """The count next to "Notifications" in the navigation (seekers and employers)."""

        def count() -> int:
            from portal.services.notifications import unread_count

            user = current_user
            if not user.is_authenticated or user.role not in (Role.SEEKER, Role.EMPLOYER):
                return 0
            return unread_count(user)

        return {"unread_notifications": count}
