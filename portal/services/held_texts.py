"""Employers' messages and invitations held because they seem to ask for money.

The candidate hears nothing while one waits. A moderator reads it with the flagged sentences
marked, then releases it (delivered as if just sent) or removes it (the organization is told it
was not delivered, without the sentences, so the filter is not taught).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from portal.errors import Conflict, PermissionDenied
from portal.extensions import db
from portal.models import Invitation, Message, User
from portal.moderation import text_review
from portal.services import audit
from portal.services.applications import deliver_invitation
from portal.services.messages import deliver
from portal.services.notifications import notify_organization

__all__ = [
    "held_invitations",
    "held_messages",
    "release_invitation",
    "release_message",
    "remove_invitation",
    "remove_message",
]


def _require_admin(user: User) -> None:
    if not getattr(user, "is_admin", False):
        raise PermissionDenied(_("Only administrators moderate."))


def held_messages(limit: int = 100) -> list[Message]:
    return list(
        db.session.scalars(
            sa.select(Message)
            .where(Message.held_at.is_not(None))
            .order_by(Message.held_at, Message.id)
            .limit(limit)
        )
    )


def held_invitations(limit: int = 100) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(Invitation.held_at.is_not(None))
            .order_by(Invitation.held_at, Invitation.id)
            .limit(limit)
        )
    )


def card(text: str, reasons: list[dict[str, Any]] | None) -> text_review.ModerationCard:
    sentences = [s for r in reasons or [] for s in r.get("sentences", [])]
    return text_review.card([(_("Message"), text)], sentences)


def _still_held(item: Message | Invitation) -> None:
    if item.held_at is None:
        raise Conflict(_("This message was already released."))


def release_message(admin: User, message: Message) -> None:
    _require_admin(admin)
    _still_held(message)
    message.held_at = None
    message.held_reasons = None
    deliver(message, message.sender)
    audit.record("held_text_released", actor=admin, subject=message)
    db.session.commit()


def remove_message(admin: User, message: Message) -> None:
    _require_admin(admin)
    _still_held(message)
    application = message.application
    link = url_for("applications.applicant", application_id=application.id, _anchor="messages")
    notify_organization(
        application.organization_id, "message_removed", link, job=application.job.title
    )
    audit.record("held_text_removed", actor=admin, subject=message)
    db.session.delete(message)
    db.session.commit()


def release_invitation(admin: User, invitation: Invitation) -> None:
    _require_admin(admin)
    _still_held(invitation)
    invitation.held_at = None
    invitation.held_reasons = None
    deliver_invitation(invitation, invitation.invited_by)
    audit.record("held_text_released", actor=admin, subject=invitation)
    db.session.commit()


def remove_invitation(admin: User, invitation: Invitation) -> None:
    """The candidate never hears of it; the organization may invite them again in words that
    do not ask for money."""
    _require_admin(admin)
    _still_held(invitation)
    link = url_for("applications.organization_invitations")
    notify_organization(
        invitation.organization_id, "message_removed", link, job=invitation.job.title
    )
    audit.record("held_text_removed", actor=admin, subject=invitation)
    db.session.delete(invitation)
    db.session.commit()
