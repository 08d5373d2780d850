"""Notifications in the page (the count in the navigation, the list) and the helpers every e-mail
of applications, messages and alerts shares: absolute links and who in an organization is told.

`notify()` and `notify_organization()` only add rows; the calling service commits them together
with the change they describe. A notification stores its `kind` and a few names in `data`; the
sentence is worded when shown (`text()`), so it follows the reader's language.

The services that notify (applications, messages, profiles…) import this module; it imports
none of them (a stage's words come from `portal.models.application`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import InstrumentedAttribute

from portal.errors import NotFound
from portal.extensions import db
from portal.mail import external_url
from portal.models import (
    Job,
    MemberRole,
    Notification,
    OrganizationMember,
    User,
    utcnow,
)
from portal.models.application import seeker_stage_label
from portal.security import is_safe_next

LIST_LIMIT = 100

__all__ = [
    "external_url",
    "mark_all_read",
    "notifications_for",
    "notify",
    "notify_organization",
    "open_notification",
    "organization_recipients",
    "text",
    "unread_count",
]


def notify(user_id: int, kind: str, link: str = "", **data: Any) -> Notification:
    """Add a notification for one person (the caller commits)."""
    notification = Notification(user_id=user_id, kind=kind, link=link, data=data)
    db.session.add(notification)
    return notification


def organization_members(organization_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(OrganizationMember, OrganizationMember.user_id == User.id)
            .where(
                OrganizationMember.organization_id == organization_id,
                User.disabled_at.is_(None),
            )
            .order_by(User.id)
        )
    )


def notify_organization(
    organization_id: int, kind: str, link: str = "", *, exclude: int | None = None, **data: Any
) -> list[Notification]:
    """Notify every active member of an organization (except `exclude`, usually the actor)."""
    return [
        notify(member.id, kind, link, **data)
        for member in organization_members(organization_id)
        if member.id != exclude
    ]


def organization_recipients(job: Job) -> list[User]:
    """Who is e-mailed about a job's applicants: the person who posted it while still a member,
    else the organization's owners (else every member)."""
    members = organization_members(job.organization_id)
    poster = next((m for m in members if m.id == job.created_by_id), None)
    if poster is not None:
        return [poster]
    owners = set(
        db.session.scalars(
            sa.select(OrganizationMember.user_id).where(
                OrganizationMember.organization_id == job.organization_id,
                OrganizationMember.role == MemberRole.OWNER,
            )
        )
    )
    return [m for m in members if m.id in owners] or members


# Reading -------------------------------------------------------------------------------------


def unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(_unread_select(), {"user_id": user.id}) or 0


def _unread_of(user_id: sa.ColumnElement[int] | InstrumentedAttribute[int]) -> sa.Select[int]:
    return sa.select(sa.func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )


@lru_cache(maxsize=1)
def _unread_select() -> sa.Select[int]:
    """`unread_count`'s select, built once: the account menu counts on every signed-in page,
    and building the select cost more than running it."""
    return _unread_of(sa.bindparam("user_id"))


def unread_count_column() -> sa.ScalarSelect[int]:
    """`unread_count` as a column of a select of `User`: the sign-in reads it with the account
    (`web.auth_session`), one statement instead of two on every signed-in page."""
    return _unread_of(User.id).scalar_subquery()


def notifications_for(user: User, limit: int = LIST_LIMIT) -> list[Notification]:
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def open_notification(user: User, notification_id: int) -> str:
    """Mark one notification read and return where it points (a path on this site)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification.link if is_safe_next(notification.link) else url_for("main.dashboard")


def mark_all_read(user: User) -> int:
    # An UPDATE's result is a CursorResult (with its rowcount); Session.execute says only Result.
    result = cast(
        "CursorResult[()]",
        db.session.execute(
            sa.update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        ),
    )
    db.session.commit()
    return result.rowcount or 0


def text(notification: Notification) -> str:
    """The notification in plain words."""
    d = notification.data or {}
    job = d.get("job", "")
    org = d.get("organization", "")
    who = d.get("candidate", "")
    kind = notification.kind
    if kind == "stage":
        return _(
            "Your application for %(job)s at %(organization)s: %(status)s",
            job=job,
            organization=org,
            status=seeker_stage_label(d.get("stage", "")),
        )
    if kind == "invitation":
        return _("%(organization)s invites you to apply for %(job)s", organization=org, job=job)
    if kind == "message_to_seeker":
        return _("New message from %(organization)s about %(job)s", organization=org, job=job)
    if kind == "message_to_organization":
        return _("New message from %(candidate)s about %(job)s", candidate=who, job=job)
    if kind == "applied":
        return _("%(candidate)s applied for %(job)s", candidate=who, job=job)
    if kind == "withdrawn":
        return _("%(candidate)s withdrew their application for %(job)s", candidate=who, job=job)
    if kind == "invitation_accepted":
        return _(
            "%(candidate)s accepted your invitation to apply for %(job)s", candidate=who, job=job
        )
    if kind == "message_removed":
        return _(
            "Our team did not deliver your message about %(job)s: employers never ask "
            "candidates for money.",
            job=job,
        )
    if kind == "invitation_declined":
        return _("A candidate declined your invitation to apply for %(job)s", job=job)
    if kind == "proof_reject":
        return _(
            "Your proof of %(credential)s was not accepted: %(reason)s",
            credential=d.get("credential", ""),
            reason=d.get("reason", ""),
        )
    if kind == "proof_ask_again":
        return _(
            "Please upload a new proof of %(credential)s: %(reason)s",
            credential=d.get("credential", ""),
            reason=d.get("reason", ""),
        )
    return _("Something changed: %(job)s", job=job)
