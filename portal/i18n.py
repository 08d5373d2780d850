"""Locale and time zone of the person reading the page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request
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
