"""Locale and time zone of the person reading the page."""

from __future__ import annotations

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
    if not has_request_context():
        return None
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return None
