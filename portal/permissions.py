"""Who may do what: role decorators and load-or-404 helpers used by every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from portal.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def role_required(*roles: Role | str) -> Callable[[F], F]:
    """Log in first; then only these roles (admins are not let in implicitly)."""
    allowed = {Role(r) for r in roles}

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def get_or_404(model: type, object_id: int, allowed: Callable[[Any], bool] | None = None) -> Any:
    """Load a row or answer 404; a row the user may not see is also a 404 (no existence leak)."""
    from portal.extensions import db

    obj = db.session.get(model, object_id)
    if obj is None or (allowed is not None and not allowed(obj)):
        abort(404)
    return obj


def record_refusal(subject: Any = None) -> None:
    """Note a refused request in the audit log (who, which page, which object). The refusal
    page is shown even when the log cannot be written (the database is down)."""
    import logging

    import sqlalchemy as sa
    from flask import request

    from portal.services import audit

    try:
        audit.record_now(
            "permission_refused",
            actor=current_user._get_current_object(),
            subject=subject,
            method=request.method,
            path=request.path[:300],
        )
    except sa.exc.SQLAlchemyError as exc:
        logging.getLogger(__name__).error("Could not log a refusal of %s: %s", request.path, exc)


def hidden_object(view_args: dict[str, Any]) -> Any:
    """The first existing row named by the URL (`job_id`, `application_id`…), or None: a 404
    for a row that exists means the viewer was refused it."""
    from portal import models
    from portal.extensions import db

    url_objects = {
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
    for name, value in view_args.items():
        model = url_objects.get(name)
        if model is not None and isinstance(value, int):
            found = db.session.get(model, value)
            if found is not None:
                return found
    return None
