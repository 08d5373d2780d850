"""Locale and time zone of the person reading the page."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

SUPPORTED_LOCALES = ("en",)


def select_locale() -> str:
    return (
        request.accept_languages.best_match(SUPPORTED_LOCALES)
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str | None:
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return None
