"""Styled error pages for people, JSON bodies for the API; never a stack trace.

A service's `NotFound` / `PermissionDenied` (`portal.errors`) reaching here is the 404 / 403
page, so views let them through instead of catching them one by one."""

from __future__ import annotations

import logging
import math
import time

import sqlalchemy as sa
from flask import (
    Flask,
    Response,
    g,
    has_request_context,
    jsonify,
    render_template,
    request,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import (
    Forbidden,
    HTTPException,
    InternalServerError,
    ServiceUnavailable,
)
from werkzeug.exceptions import NotFound as NotFoundPage

from portal.errors import NotFound, PermissionDenied
from portal.extensions import db, limiter, login_manager
from portal.services.login_throttle import wait_text
from portal.web.permissions import hidden_object, record_refusal

log = logging.getLogger(__name__)

# A page or JSON body, its status, and its extra headers.
ErrorResponse = tuple[str | Response, int, dict[str, str]]

MESSAGES = {
    400: (
        _l("Something in the request was not right"),
        _l(
            "Go back, check what you entered and try again. If you were filling in a form, "
            "reload the page first: it may have been open for a long time."
        ),
    ),
    403: (
        _l("You cannot open this page"),
        _l(
            "Your account does not have access to this page. If you think it should, log in "
            "with the right account."
        ),
    ),
    404: (
        _l("Page not found"),
        _l("The page may have been moved or removed, or the address may be mistyped."),
    ),
    405: (
        _l("That action is not allowed here"),
        _l("Go back to the previous page and use its buttons."),
    ),
    413: (
        _l("The file is too large"),
        _l(
            "Files can be at most 5 MB. Go back and choose a smaller file; what you typed "
            "in the form is still there in your browser."
        ),
    ),
    429: (_l("Too many attempts"), None),  # the advice says how long to wait
    500: (
        _l("Something went wrong on our side"),
        _l("We have been told about it. Please try again in a few minutes."),
    ),
    503: (_l("The service is busy"), _l("Please try again in a minute.")),
}

# Errors that mean the database is unreachable, hung or cancelled a slow statement.
DATABASE_UNAVAILABLE = (sa.exc.OperationalError, sa.exc.TimeoutError)


def wants_json() -> bool:
    """The API and health check, and clients that prefer JSON, get a JSON body."""
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def retry_after() -> int:
    """Seconds until the exceeded rate limit lets this client in again (60 when unknown)."""
    breached = [r for r in limiter.current_limits if r.breached] if has_request_context() else []
    if not breached:
        return 60
    return max(1, math.ceil(max(r.window[0] for r in breached) - time.time()))


def render_error(error: HTTPException) -> ErrorResponse:
    code = error.code or 500
    if code == 403:
        record_refusal()
    elif code == 404 and current_user.is_authenticated:
        hidden = hidden_object(request.view_args or {})
        if hidden is not None:
            record_refusal(subject=hidden)
    title, advice = MESSAGES.get(code, (error.name, error.description))
    wait = retry_after() if code == 429 else 60
    if code == 429:
        advice = _l(
            "For your safety we paused this. Please wait %(wait)s and try again.",
            wait=wait_text(wait),
        )
    response: str | Response
    if wants_json():
        response = jsonify(error={"code": code, "title": str(title), "message": str(advice)})
    else:
        response = render_template("errors/error.html", code=code, title=title, advice=advice)
    headers: dict[str, str] = {}
    if code == 429 or code == 503:
        headers["Retry-After"] = str(wait)
    return response, code, headers


def handle_not_found(_error: NotFound) -> ErrorResponse:
    """A service found no such object for this viewer: the 404 page."""
    return render_error(NotFoundPage())


def handle_permission_denied(_error: PermissionDenied) -> ErrorResponse:
    """A service refused the acting user: the 403 page."""
    return render_error(Forbidden())


def handle_database_unavailable(error: Exception) -> ErrorResponse:
    """A hung or unreachable database: the branded 503 page, built without asking the database
    again (the visitor is shown as logged out, no notification count)."""
    log.error("Database unavailable on %s %s: %s", request.method, request.path, error)
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        db.session().invalidate()
    g._login_user = login_manager.anonymous_user()
    return render_error(ServiceUnavailable())


def handle_unexpected(error: Exception) -> ErrorResponse:
    if isinstance(error, DATABASE_UNAVAILABLE):
        return handle_database_unavailable(error)
    db.session.rollback()
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return render_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(NotFound, handle_not_found)
    app.register_error_handler(PermissionDenied, handle_permission_denied)
    app.register_error_handler(Exception, handle_unexpected)
