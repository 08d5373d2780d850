"""A school's staff: the owner invites colleagues by e-mail; owners and staff act for the school.

Owners manage staff and the school page; staff import cohorts, verify credentials and read
placement figures. An account works for one school at most.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _

from portal import mail
from portal.errors import Conflict, NotFound, PermissionDenied
from portal.extensions import db
from portal.mail import external_url
from portal.models import (
    School,
    SchoolInvitation,
    SchoolMember,
    SchoolRole,
    User,
    school_of,
    school_role,
    utcnow,
)
from portal.services import invitations
from portal.services.invitations import invitee_email


class SchoolRow(Protocol):
    """A row that belongs to one school: a cohort, a graduate, an import…"""

    @property
    def school_id(self) -> int: ...


T = TypeVar("T", bound=SchoolRow)

INVITATION_MAX_AGE = 7 * 24 * 3600


def require_staff(user: User) -> School:
    """The school this account acts for; refused for anyone else."""
    school = school_of(user)
    if school is None:
        raise PermissionDenied(_("Only a school's staff can do this."))
    return school


def require_verified(school: School) -> School:
    """Only a school our team has verified may e-mail graduates (imports, claim links)."""
    if not school.is_verified:
        raise PermissionDenied(
            _(
                "Our team checks every school before it can invite graduates. We will e-mail "
                "you when %(school)s is verified.",
                school=school.name,
            )
        )
    return school


def school_row(user: User, model: type[T], row_id: int) -> T:
    """A row (cohort, graduate, import…) of the school this account acts for; another school's
    row is NotFound, as if it did not exist."""
    school = require_staff(user)
    row = db.session.get(model, row_id)
    if row is None or row.school_id != school.id:
        raise NotFound(_("Not found."))
    return row


def require_owner(user: User) -> School:
    school = require_staff(user)
    if school_role(user, school) != SchoolRole.OWNER:
        raise PermissionDenied(_("Only an owner of the school can do this."))
    return school


def staff(school: School) -> list[tuple[User, SchoolRole]]:
    """Everyone who acts for the school, the founding owner first."""
    people = [(school.owner, SchoolRole.OWNER)]
    people += [(m.user, m.role) for m in sorted(school.members, key=lambda m: m.created_at)]
    return people


def open_invitations(school: School) -> list[SchoolInvitation]:
    cutoff = utcnow().timestamp() - INVITATION_MAX_AGE
    return [
        i
        for i in db.session.scalars(
            sa.select(SchoolInvitation)
            .where(
                SchoolInvitation.school_id == school.id,
                SchoolInvitation.accepted_at.is_(None),
                SchoolInvitation.revoked_at.is_(None),
            )
            .order_by(SchoolInvitation.created_at.desc())
        )
        if i.created_at.timestamp() >= cutoff
    ]


def invitation_token(invitation: SchoolInvitation) -> str:
    return invitations.invitation_token("school-invite", invitation)


def invite_staff(user: User, email: str) -> SchoolInvitation:
    """E-mail a colleague a link to join the school's staff."""
    school = require_owner(user)
    email = invitee_email(
        email,
        members={person.email for person, _role in staff(school)},
        waiting=[i.email for i in open_invitations(school)],
    )
    invitation = SchoolInvitation(school_id=school.id, email=email, invited_by_id=user.id)
    db.session.add(invitation)
    db.session.flush()
    mail.queue_email(
        email,
        _("%(name)s invites you to the staff of %(school)s", name=user.name, school=school.name),
        "school_staff_invitation",
        school=school,
        inviter=user,
        join_url=external_url("schools.join", token=invitation_token(invitation)),
        signup_url=external_url("auth.signup", role="school"),
        days=INVITATION_MAX_AGE // 86400,
    )
    db.session.commit()
    return invitation


def invitation_for_token(token: str) -> SchoolInvitation | None:
    """The open invitation a link names, or None for a forged, expired or used link."""
    return invitations.invitation_for_token(
        "school-invite", SchoolInvitation, token, INVITATION_MAX_AGE
    )


def accept_invitation(user: User, invitation: SchoolInvitation) -> School:
    """Join as staff. The account must be a school account with the invited e-mail address."""
    if not user.is_school:
        raise PermissionDenied(
            _("Staff invitations are for school accounts. Sign up or log in as a school.")
        )
    if not invitation.is_open:
        raise Conflict(_("This invitation was already used or withdrawn."))
    if user.email.lower() != invitation.email:
        raise PermissionDenied(
            _(
                "This invitation is for %(email)s. Log in with that address to accept it.",
                email=invitation.email,
            )
        )
    current = school_of(user)
    if current is not None:
        raise Conflict(
            _("Your account already works for %(school)s.", school=current.name)
            if current.id != invitation.school_id
            else _("You are already on this school's staff.")
        )
    db.session.add(SchoolMember(school_id=invitation.school_id, user_id=user.id))
    invitation.accepted_at = utcnow()
    db.session.commit()
    return invitation.school


def _invitation_of(school: School, invitation_id: int) -> SchoolInvitation:
    invitation = db.session.get(SchoolInvitation, invitation_id)
    if invitation is None or invitation.school_id != school.id:
        raise NotFound(_("No such invitation."))
    return invitation


def revoke_invitation(user: User, invitation_id: int) -> None:
    invitation = _invitation_of(require_owner(user), invitation_id)
    if invitation.is_open:
        invitation.revoked_at = utcnow()
        db.session.commit()


def _member_of(school: School, member_user_id: int) -> SchoolMember:
    member = db.session.scalar(
        sa.select(SchoolMember).where(
            SchoolMember.school_id == school.id, SchoolMember.user_id == member_user_id
        )
    )
    if member is None:
        raise NotFound(_("No such staff member."))
    return member


def remove_staff(user: User, member_user_id: int) -> None:
    """An owner removes a colleague (the founding owner cannot be removed)."""
    school = require_owner(user)
    db.session.delete(_member_of(school, member_user_id))
    db.session.commit()


def make_owner(user: User, member_user_id: int) -> None:
    school = require_owner(user)
    _member_of(school, member_user_id).role = SchoolRole.OWNER
    db.session.commit()
