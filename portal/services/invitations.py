"""What every invitation to join a team checks first: employers' organizations and schools."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TypeVar

from flask_babel import gettext as _

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import OrganizationInvitation, SchoolInvitation
from portal.security import make_token, read_token

T = TypeVar("T", OrganizationInvitation, SchoolInvitation)

MAX_OPEN_INVITATIONS = 20


def invitee_email(email: str, members: Collection[str], waiting: Collection[str]) -> str:
    """The invited address, normalised; refused when it is not an address, is already on the
    team or already invited, or when too many invitations wait unanswered."""
    email = (email or "").strip().lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) or len(email) > 254:
        raise ValidationFailed(_("Enter an e-mail address like name@example.com."), field="email")
    if email in members:
        raise ValidationFailed(_("This person is already a member."), field="email")
    if email in waiting:
        raise ValidationFailed(
            _("This person is already invited. They can use the link we sent."), field="email"
        )
    if len(waiting) >= MAX_OPEN_INVITATIONS:
        raise ValidationFailed(
            _("You have many invitations waiting. Withdraw some before inviting more."),
            field="email",
        )
    return email


def invitation_token(purpose: str, invitation: OrganizationInvitation | SchoolInvitation) -> str:
    """The signed link of an invitation (organization or school), naming its id and address."""
    return make_token(purpose, {"iid": invitation.id, "email": invitation.email})


def invitation_for_token(purpose: str, model: type[T], token: str, max_age: int) -> T | None:
    """The open invitation a link names, or None for a forged, expired or used link."""
    data = read_token(purpose, token, max_age)
    if data is None:
        return None
    invitation = db.session.get(model, data.get("iid"))
    if invitation is None or not invitation.is_open or invitation.email != data.get("email"):
        return None
    return invitation
