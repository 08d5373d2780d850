"""Messages: one thread per application, between the organization and the applicant.

The seeker sees the organization's name on its messages, never a recruiter's e-mail address; the
organization sees the applicant as applying revealed them. Each message notifies the other side
in the page and by e-mail (the e-mail says there is a message and links to it; the text stays on
the site). Anyone else reaching a thread gets `NotFound`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.engine import CursorResult

from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.models import Application, EmailKind, Message, Stage, User, utcnow
from portal.moderation import scam
from portal.security import fingerprint
from portal.services import email_preferences
from portal.services.notifications import notify, notify_organization, organization_recipients
from portal.services.organizations import is_member

MAX_MESSAGE = 5000

__all__ = ["Thread", "deliver", "send_message", "thread_for", "unread_for_seeker"]


@dataclass(frozen=True)
class Thread:
    application: Application
    side: Literal["seeker", "organization"]  # who is reading

    @property
    def messages(self) -> list[Message]:
        """The seeker does not see an employer's message while a moderator holds it."""
        if self.side == "seeker":
            return [m for m in self.application.messages if m.held_at is None]
        return self.application.messages

    @property
    def can_write(self) -> bool:
        # A withdrawn application's thread stays readable; writing to it would reach no one.
        return self.application.stage != Stage.WITHDRAWN


def thread_for(user: User, application_id: int) -> Thread:
    """The thread of an application the user is part of; NotFound for anyone else."""
    application = db.session.get(Application, application_id)
    if application is None or not getattr(user, "is_authenticated", False):
        raise NotFound(_("No such application."))
    if application.seeker_id == user.id:
        return Thread(application, "seeker")
    if is_member(user, application.organization):
        return Thread(application, "organization")
    raise NotFound(_("No such application."))


def mark_read(thread: Thread) -> int:
    """The reader has seen what the other side wrote."""
    from_organization = thread.side == "seeker"
    # An UPDATE's result is a CursorResult (with its rowcount); Session.execute says only Result.
    result = cast(
        "CursorResult[()]",
        db.session.execute(
            sa.update(Message)
            .where(
                Message.application_id == thread.application.id,
                Message.from_organization.is_(from_organization),
                Message.read_at.is_(None),
                Message.held_at.is_(None),
            )
            .values(read_at=utcnow())
        ),
    )
    db.session.commit()
    return result.rowcount or 0


def _submission_key(user: User, token: str | None, body: str) -> str | None:
    """The same form (token) with the same text is one message; edited text is a new one."""
    return fingerprint(user.id, token, body) if token else None


def _already_sent(application_id: int, key: str | None) -> Message | None:
    if key is None:
        return None
    return db.session.scalar(
        sa.select(Message).where(
            Message.application_id == application_id, Message.submission_key == key
        )
    )


def send_message(
    user: User, application_id: int, body: str, submission_token: str | None = None
) -> Message:
    """Post a message and tell the other side. A form sent again (same `submission_token`,
    same text) returns the message stored the first time, and tells no one twice."""
    thread = thread_for(user, application_id)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Write your message first."), field="body")
    if len(body) > MAX_MESSAGE:
        raise ValidationFailed(_("Use at most %(n)s characters.", n=MAX_MESSAGE), field="body")
    if not thread.can_write:
        raise ValidationFailed(_("This application was withdrawn, so the thread is closed."))
    application = thread.application
    key = _submission_key(user, submission_token, body)
    earlier = _already_sent(application.id, key)
    if earlier is not None:
        return earlier
    from_organization = thread.side == "organization"
    message = Message(
        sender_id=user.id, from_organization=from_organization, body=body, submission_key=key
    )
    application.messages.append(message)
    reason = scam.money_reason(body) if from_organization else None
    if reason is not None:
        # Held for a moderator; the employer reads only that the team checks it.
        message.held_at = utcnow()
        message.held_reasons = [reason]
    else:
        deliver(message, user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # The same form arrived twice at once and the other request stored it first.
        db.session.rollback()
        earlier = _already_sent(application_id, key)
        if earlier is None:
            raise
        return earlier
    return message


def deliver(message: Message, sender: User | None) -> None:
    """Tell the other side about a message (in the page and by e-mail)."""
    application = message.application
    job = application.job
    organization = application.organization
    if message.from_organization:
        notify(
            application.seeker_id,
            "message_to_seeker",
            url_for("applications.detail", application_id=application.id, _anchor="messages"),
            job=job.title,
            organization=organization.name,
        )
        seeker = application.seeker
        if seeker.disabled_at is None:
            email_preferences.queue_email(
                seeker,
                EmailKind.MESSAGES,
                _("New message from %(organization)s", organization=organization.name),
                "new_message",
                recipient_name=seeker.name,
                sender=organization.name,
                job=job,
                url=external_url(
                    "applications.detail", application_id=application.id, _anchor="messages"
                ),
            )
    else:
        link = url_for("applications.applicant", application_id=application.id, _anchor="messages")
        candidate = sender.name if sender is not None else application.seeker.name
        notify_organization(
            application.organization_id, "message_to_organization", link,
            job=job.title, candidate=candidate,
        )  # fmt: skip
        for recipient in organization_recipients(job):
            email_preferences.queue_email(
                recipient,
                EmailKind.MESSAGES,
                _("New message from %(candidate)s", candidate=candidate),
                "new_message",
                recipient_name=recipient.name,
                sender=candidate,
                job=job,
                url=external_url(
                    "applications.applicant", application_id=application.id, _anchor="messages"
                ),
            )


def unread_for_seeker(user: User) -> int:
    """Messages from employers the seeker has not opened yet."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(Message.id))
            .join(Application, Application.id == Message.application_id)
            .where(
                Application.seeker_id == user.id,
                Message.from_organization.is_(True),
                Message.read_at.is_(None),
                Message.held_at.is_(None),
            )
        )
        or 0
    )
