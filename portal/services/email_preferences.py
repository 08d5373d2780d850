"""Which e-mails a person gets, and one-click unsubscribe (RFC 8058) from each of them.

Every e-mail that a person may turn off has an `EmailKind` and is queued through this module's
`queue_email`, which leaves it out when the person turned that kind off and otherwise passes
`unsubscribe_url(user, kind)` to `portal.mail.queue_email` (shown in the message and sent as the
List-Unsubscribe header). The link is signed
(the token is the permission, no login, no CSRF token: a mail provider's one-click POST carries
neither), and only ever turns e-mails off or back on. A saved search's digest carries the search
in its token: its link stops that search's e-mails, not every saved search.

Mail about the account's security (confirmation links, password resets) and about moderation
decisions has no kind: it is always sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import mail
from portal.errors import NotFound
from portal.extensions import db
from portal.mail import external_url
from portal.models import EmailKind, EmailOptOut, MailOutbox, Role, SavedSearch, User
from portal.security import make_token, read_token

PURPOSE = "unsubscribe"
TOKEN_MAX_AGE = 10 * 365 * 24 * 3600  # links in old e-mails keep working

# What each role can receive, in the order the preferences page lists it.
KINDS_BY_ROLE: dict[Role, tuple[EmailKind, ...]] = {
    Role.SEEKER: (
        EmailKind.APPLICATIONS,
        EmailKind.MESSAGES,
        EmailKind.ALERTS,
        EmailKind.REMINDERS,
    ),
    Role.EMPLOYER: (EmailKind.APPLICATIONS, EmailKind.MESSAGES, EmailKind.ALERTS),
    Role.SCHOOL: (),
    Role.ADMIN: (),
}

KIND_LABELS = {
    EmailKind.APPLICATIONS: _l("News about applications and invitations to apply"),
    EmailKind.MESSAGES: _l("New messages about an application"),
    EmailKind.ALERTS: _l("New results for your saved searches"),
    EmailKind.REMINDERS: _l("Reminders before a credential expires (60, 30 and 7 days before)"),
}


def kinds_for(user: User) -> tuple[EmailKind, ...]:
    return KINDS_BY_ROLE.get(user.role, ())


def turned_off(user: User) -> set[EmailKind]:
    return set(
        db.session.scalars(sa.select(EmailOptOut.kind).where(EmailOptOut.user_id == user.id))
    )


def wants(user: User, kind: EmailKind) -> bool:
    """Whether `user` still gets e-mails of `kind` (the senders ask before queueing)."""
    return (
        db.session.scalar(
            sa.select(EmailOptOut.user_id).where(
                EmailOptOut.user_id == user.id, EmailOptOut.kind == kind
            )
        )
        is None
    )


def _turn_off(user: User, kind: EmailKind) -> None:
    if db.session.get(EmailOptOut, (user.id, kind)) is None:
        db.session.add(EmailOptOut(user_id=user.id, kind=kind))


def _turn_on(user: User, kind: EmailKind) -> None:
    db.session.execute(
        sa.delete(EmailOptOut).where(EmailOptOut.user_id == user.id, EmailOptOut.kind == kind)
    )


def choose(user: User, wanted: Iterable[str]) -> None:
    """Keep exactly the `wanted` kinds (of those this person's role receives)."""
    wanted = set(wanted)
    for kind in kinds_for(user):
        if kind.value in wanted:
            _turn_on(user, kind)
        else:
            _turn_off(user, kind)
    db.session.commit()


def queue_email(
    user: User,
    kind: EmailKind,
    subject: str,
    template: str,
    /,
    *,
    saved_search: SavedSearch | None = None,
    dedupe_key: str | None = None,
    **context: object,
) -> MailOutbox | None:
    """`portal.mail.queue_email` for an e-mail the person may turn off: nothing when they did,
    else queued with its one-click unsubscribe link and header (for a `saved_search`'s digest,
    the link stops that search). The caller commits."""
    if not wants(user, kind):
        return None
    return mail.queue_email(
        user.email,
        subject,
        template,
        dedupe_key=dedupe_key,
        unsubscribe_url=unsubscribe_url(user, kind, saved_search),
        email_choices_url=external_url("emails.preferences"),
        **context,
    )


# One-click unsubscribe -------------------------------------------------------------------------


@dataclass
class Subscription:
    """What an unsubscribe link names: a kind of e-mail, or one saved search's digests."""

    user: User
    kind: EmailKind
    search: SavedSearch | None = None

    @property
    def label(self) -> str:
        if self.search is not None:
            return _("New results for your saved search “%(name)s”", name=self.search.name)
        return str(KIND_LABELS[self.kind])


def unsubscribe_token(user: User, kind: EmailKind, search: SavedSearch | None = None) -> str:
    payload: dict[str, object] = {"uid": user.id, "kind": kind.value}
    if search is not None:
        payload["sid"] = search.id
    return make_token(PURPOSE, payload)


def unsubscribe_url(user: User, kind: EmailKind, search: SavedSearch | None = None) -> str:
    """The absolute one-click link for an e-mail of `kind` to `user` (GET shows a page, POST
    unsubscribes)."""
    return external_url("emails.unsubscribe", token=unsubscribe_token(user, kind, search))


def subscription_for(token: str) -> Subscription:
    """The subscription a signed link names; NotFound for a forged, altered or stale link."""
    data = read_token(PURPOSE, token, TOKEN_MAX_AGE) or {}
    user = db.session.get(User, data["uid"]) if isinstance(data.get("uid"), int) else None
    try:
        kind = EmailKind(str(data.get("kind")))
    except ValueError:
        user = None
    if user is None:
        raise NotFound(_("This link is not valid."))
    search = None
    if "sid" in data:
        search = db.session.get(SavedSearch, data["sid"])
        if search is None or search.user_id != user.id:
            raise NotFound(_("This link is not valid."))
    return Subscription(user, kind, search)


def unsubscribe(token: str) -> Subscription:
    """Stop what the link names. Doing it twice is harmless."""
    from portal.services import alerts

    subscription = subscription_for(token)
    if subscription.search is not None:
        alerts.stop_search(subscription.search)
    else:
        _turn_off(subscription.user, subscription.kind)
    db.session.commit()
    return subscription


def resubscribe(token: str, frequency: str | None = None) -> Subscription:
    """Undo an unsubscribe from the same link (a mail scanner may have followed it)."""
    from portal.services import alerts

    subscription = subscription_for(token)
    if subscription.search is not None:
        alerts.restart_search(subscription.search, frequency or "")
        _turn_on(subscription.user, EmailKind.ALERTS)
    else:
        _turn_on(subscription.user, subscription.kind)
    db.session.commit()
    return subscription
