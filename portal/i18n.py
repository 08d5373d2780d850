"""Locale and time zone of the person reading the page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import get_translations
from flask_login import current_user

from portal.extensions import db
from portal.models import Profile

SUPPORTED_LOCALES = ("en",)


def select_locale() -> str:
    """The browser's language among those we translate; the default outside a request (CLI
    commands and workers: e-mails in the default locale), and without reading the header when
    the default is the only language we have."""
    default = str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if not has_request_context() or (default,) == SUPPORTED_LOCALES:
        return default
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or default


def page_translations() -> NullTranslations:
    """This request's catalogue, found once. Flask-Babel finds it anew for every string a
    template translates (ten look-ups through `flask.g`, ~10 µs each time; a job search page
    translates about fifty). It is kept in Flask-Babel's own per-request slot,
    `babel_translations`, which its `refresh()` and `force_locale()` clear and restore, so a
    change of language within a request is still followed."""
    if not has_app_context():
        return get_translations()
    found: NullTranslations | None = getattr(g.get("_flask_babel"), "babel_translations", None)
    if found is None:
        found = get_translations()  # creates Flask-Babel's per-request state
        g._flask_babel.babel_translations = found
    return found


def use_page_translations(app: Flask) -> None:
    """Templates translate through `page_translations` (after Flask-Babel set up Jinja)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
    )


def viewer_timezone() -> str | None:
    """The one rule for the reader's zone: the account's (a recruiter's is filled from their
    organization's when they join it), else a seeker's profile zone (the basics step fills it
    from the city); None for visitors and when nothing valid is known. Worked out once per
    request: Flask-Babel (`select_timezone`) and the views showing shifts both ask."""
    if not has_request_context():
        return None
    if "viewer_timezone" not in g:
        g.viewer_timezone = _valid(_chosen_timezone())
    zone: str | None = g.viewer_timezone
    return zone


# Flask-Babel's time-zone selector: pages show moments in the viewer's zone (UTC when unknown).
select_timezone = viewer_timezone


def _chosen_timezone() -> str | None:
    if not (current_user and current_user.is_authenticated):
        return None
    account_zone: str | None = current_user.timezone
    if account_zone or not current_user.is_seeker:
        return account_zone
    return db.session.scalar(sa.select(Profile.timezone).where(Profile.user_id == current_user.id))


def _valid(zone: str | None) -> str | None:
    if not zone:
        return None
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        return None
    return zone
