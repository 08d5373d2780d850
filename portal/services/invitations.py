"""What every invitation to join a team checks first: employers' organizations and schools."""

from __future__ import annotations

import re
from collections.abc import Collection

from flask_babel import gettext as _

from portal.errors import ValidationFailed

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
