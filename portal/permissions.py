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
    if obj is None:
        abort(404)
    if allowed is not None and not allowed(obj):
        record_refusal(subject=obj)
        abort(404)
    return obj


def record_refusal(subject: Any = None) -> None:
    """Note a refused request in the audit log (who, which page, which object)."""
    from flask import request

    from portal.services import audit

    audit.record_now(
        "permission_refused",
        actor=current_user._get_current_object(),
        subject=subject,
        method=request.method,
        path=request.path[:300],
    )
