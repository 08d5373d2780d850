"""Who may do what: the role decorator, the acting user, load-or-404, and the safe way back.

Views never catch a service's `NotFound`/`PermissionDenied`: `portal.web.errors` turns them into
the 404/403 pages. A row the viewer may not see is a 404 (no existence leak), never a 403.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user, login_required

from portal import models
from portal.extensions import db
from portal.models import Role, User
from portal.security import is_safe_next
from portal.services import audit

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M")


def role_required(*roles: Role | str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Log in first; then only these roles (admins are not let in implicitly)."""
    allowed = {Role(r) for r in roles}

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        @login_required
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def acting_user() -> User:
    """The person behind this request, for the services' explicit `user` argument. On a public
    page it is the anonymous visitor, which the services read through `is_authenticated`."""
    return cast(User, current_user._get_current_object())


def signed_in_user() -> User | None:
    """The signed-in person, or None for a visitor (services that take an optional actor)."""
    return acting_user() if current_user.is_authenticated else None


def get_or_404(model: type[M], object_id: int, allowed: Callable[[M], bool] | None = None) -> M:
    """Load a row or answer 404; a row the user may not see is also a 404 (no existence leak)."""
    obj = db.session.get(model, object_id)
    if obj is None or (allowed is not None and not allowed(obj)):
        abort(404)
    return obj


def safe_back(default: str, field: str = "back", *, or_referrer: bool = False) -> str:
    """Where the person came from (`back_target`), else `default`."""
    return back_target(field, or_referrer=or_referrer) or default


def back_target(field: str = "back", *, or_referrer: bool = False) -> str | None:
    """The form's or query's `field` (`back`, `next`), else (with `or_referrer`) the page of
    this site that linked here; None otherwise. Only paths on this site, so no link or header
    can turn a button into an open redirect."""
    target = request.form.get(field) or request.args.get(field)
    if target is not None and is_safe_next(target):
        return target
    referrer = urlsplit(request.referrer or "")
    if or_referrer and referrer.netloc == request.host:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        if is_safe_next(path):
            return path
    return None


def record_refusal(subject: object = None) -> None:
    """Note a refused request in the audit log (who, which page, which object). The refusal
    page is shown even when the log cannot be written (the database is down)."""
    try:
        audit.record_now(
            "permission_refused",
            actor=acting_user(),
            subject=subject,
            method=request.method,
            path=request.path[:300],
        )
    except sa.exc.SQLAlchemyError as exc:
        log.error("Could not log a refusal of %s: %s", request.path, exc)


# The rows a URL names, by the name of its argument.
URL_OBJECTS: dict[str, type[Any]] = {
    "application_id": models.Application,
    "credential_id": models.Credential,
    "invitation_id": models.Invitation,
    "job_id": models.Job,
    "member_id": models.OrganizationMember,
    "notification_id": models.Notification,
    "org_id": models.Organization,
    "profile_id": models.Profile,
    "report_id": models.JobReport,
    "search_id": models.SavedSearch,
    "user_id": models.User,
}


def hidden_object(view_args: dict[str, Any]) -> object | None:
    """The first existing row named by the URL (`job_id`, `application_id`…), or None: a 404
    for a row that exists means the viewer was refused it."""
    for name, value in view_args.items():
        model = URL_OBJECTS.get(name)
        if model is not None and isinstance(value, int):
            found: object | None = db.session.get(model, value)
            if found is not None:
                return found
    return None
