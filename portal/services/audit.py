"""The audit log: one function for services to call, and the admin page's query.

`record()` adds the line to the caller's transaction, so an action and its audit line commit (or
roll back) together. `record_now()` writes on its own connection at once, for events where the
request itself changes nothing or is refused: failed log-ins, permission refusals, downloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination

from portal.extensions import db
from portal.models import AuditEvent, User, utcnow

# Every action written to the log, with the label the admin page shows.
ACTIONS: dict[str, LazyString] = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed log-in"),
    "permission_refused": _l("Permission refused"),
    "account_disabled": _l("Account disabled by an administrator"),
    "account_enabled": _l("Account re-enabled by an administrator"),
    "account_deleted": _l("Account deleted by its owner"),
    "data_exported": _l("Personal data downloaded"),
    "organization_verified": _l("Organization verified"),
    "organization_declined": _l("Organization verification declined"),
    "job_approved": _l("Held job approved"),
    "job_rejected": _l("Job rejected"),
    "report_dismissed": _l("Report dismissed"),
    "held_text_released": _l("Held message released"),
    "held_text_removed": _l("Held message removed"),
    "credential_verified": _l("Credential verified"),
    "resume_downloaded": _l("Résumé downloaded"),
    "identity_revealed": _l("Identity revealed to an organization"),
}

PER_PAGE = 50


def _values(
    action: str, actor: User | None, subject: object, details: dict[str, Any]
) -> dict[str, object]:
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    actor_id = actor.id if actor is not None and getattr(actor, "is_authenticated", False) else None
    return {
        "created_at": utcnow(),
        "action": action,
        "actor_id": actor_id,
        "subject_type": type(subject).__name__.lower() if subject is not None else None,
        "subject_id": getattr(subject, "id", None),
        "ip_address": (request.remote_addr or "")[:45] or None if has_request_context() else None,
        "details": details,
    }


def record(
    action: str, *, actor: User | None = None, subject: object = None, **details: Any
) -> None:
    """Log `action` in the current transaction: it is written when the caller commits."""
    db.session.add(AuditEvent(**_values(action, actor, subject, details)))


def record_now(
    action: str, *, actor: User | None = None, subject: object = None, **details: Any
) -> None:
    """Log `action` at once, on its own connection, whatever the request does next."""
    with db.engine.begin() as connection:
        connection.execute(sa.insert(AuditEvent), [_values(action, actor, subject, details)])


# The admin page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""  # e-mail address, or part of it
    since: date | None = None
    until: date | None = None


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def events(filters: AuditFilter, page: int = 1) -> tuple[Pagination, dict[int, User]]:
    """One page of the log, newest first, filtered; and the accounts of its actors by id."""
    stmt = sa.select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if filters.action in ACTIONS:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.actor:
        actors = sa.select(User.id).where(
            User.email.like(_like_pattern(filters.actor), escape="\\")
        )
        stmt = stmt.where(AuditEvent.actor_id.in_(actors))
    if filters.since:
        stmt = stmt.where(AuditEvent.created_at >= datetime.combine(filters.since, time.min))
    if filters.until:
        end = datetime.combine(filters.until, time.min) + timedelta(days=1)
        stmt = stmt.where(AuditEvent.created_at < end)
    found = db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)
    ids = {event.actor_id for event in found.items if event.actor_id is not None}
    users = db.session.scalars(sa.select(User).where(User.id.in_(ids))).all() if ids else []
    return found, {user.id: user for user in users}
