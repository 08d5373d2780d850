"""Locale and time zone of the person reading the page."""

from __future__ import annotations

import pytz
import sqlalchemy as sa
from flask import current_app, has_request_context, request
from flask_login import current_user

SUPPORTED_LOCALES = ("en",)


def select_locale() -> str:
    if not has_request_context():  # CLI commands and workers: e-mails in the default locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return (
        request.accept_languages.best_match(SUPPORTED_LOCALES)
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str | None:
    """The account's zone, else (a seeker who has not chosen one yet) the profile's: the basics
    step fills it from the city. Flask-Babel asks once per request and keeps the answer."""
    if not has_request_context():
        return None
    if not (current_user and current_user.is_authenticated):
        return None
    tz = current_user.timezone or _profile_timezone(current_user)
    if not tz:
        return None
    try:
        pytz.timezone(tz)
    except pytz.UnknownTimeZoneError:
        return None
    return tz


def _profile_timezone(user) -> str | None:
    if not getattr(user, "is_seeker", False):
        return None
    from portal.extensions import db
    from portal.models import Profile

    return db.session.scalar(sa.select(Profile.timezone).where(Profile.user_id == user.id))
