"""Invitations to apply, sent from "best candidates": the employer invites, the seeker accepts
or declines, and the employer is told either way.

- The candidate stays anonymous to the organization until they accept (or apply); accepting
  reveals who they are to that organization only.
- Contact details in the message are hidden from the candidate until an application exists,
  and a message that seems to ask for money is held for a moderator (`services.held_texts`).
- An organization may send `INVITATIONS_PER_DAY` invitations in any 24 hours (counted from the
  rows, so every web process agrees).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.matching import MatchResult
from portal.models import (
    EmailKind,
    Invitation,
    Job,
    Profile,
    RevealReason,
    User,
    organization_of,
    utcnow,
)
from portal.models.profile_view import ProfileView, profile_view_for, visible_identity
from portal.moderation import scam
from portal.services import email_preferences, profiles
from portal.services import jobs as job_rules
from portal.services.applications.explanation import current_match
from portal.services.applications.seeker import application_for, existing_application
from portal.services.notifications import notify, notify_organization, organization_recipients
from portal.services.organizations import is_member

MAX_INVITATION_MESSAGE = 1000
DEFAULT_INVITATIONS_PER_DAY = 30


@dataclass(frozen=True)
class InviteTarget:
    """Who the employer is about to invite to which job, as the employer may see them."""

    job: Job
    profile: Profile
    view: ProfileView


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    candidate: str  # "Candidate K7QX2M" until they accept (unless their profile is not anonymous)


# The employer invites ------------------------------------------------------------------------


def invitations_per_day() -> int:
    return int(current_app.config.get("INVITATIONS_PER_DAY", DEFAULT_INVITATIONS_PER_DAY))


def invitations_left_today(organization_id: int, now: datetime | None = None) -> int:
    now = now or utcnow()
    sent = db.session.scalar(
        sa.select(sa.func.count(Invitation.id)).where(
            Invitation.organization_id == organization_id,
            Invitation.created_at > now - timedelta(days=1),
        )
    )
    return max(0, invitations_per_day() - (sent or 0))


def invited_profile_ids(job_id: int) -> set[int]:
    """Profiles already invited to this job (the "best candidates" page shows "Invited")."""
    return set(
        db.session.scalars(sa.select(Invitation.profile_id).where(Invitation.job_id == job_id))
    )


def invite_target(user: User, job_id: int, profile_id: int) -> InviteTarget:
    """The job (the user's organization's) and the candidate (one the user may see) of the
    invitation page; NotFound for either otherwise."""
    job = job_rules.member_job(user, job_id)
    profile = db.session.get(Profile, profile_id)
    view = profile_view_for(user, profile)
    return InviteTarget(job, view.profile, view)


def _check_invitation(job_id: int, profile: Profile, message: str) -> None:
    """The refusals of `invite` once the job and the candidate are known to the inviter."""
    if len(message) > MAX_INVITATION_MESSAGE:
        raise ValidationFailed(
            _("Use at most %(n)s characters.", n=MAX_INVITATION_MESSAGE), field="message"
        )
    if existing_application(job_id, profile.user_id) is not None:
        raise ValidationFailed(_("This candidate has already applied for this job."))
    if db.session.scalar(
        sa.select(Invitation.id).where(
            Invitation.job_id == job_id, Invitation.profile_id == profile.id
        )
    ):
        raise ValidationFailed(_("You have already invited this candidate to this job."))


def invite(
    user: User, job_id: int, profile_id: int, message: str = "", now: datetime | None = None
) -> Invitation:
    """Invite a candidate to apply. They stay anonymous to the organization until they accept."""
    job = job_rules.member_job(user, job_id)
    profile = db.session.get(Profile, profile_id)
    if profile is None or profile.is_hidden:
        raise NotFound(_("No such candidate."))
    if not job.is_public():
        raise ValidationFailed(_("You can invite people to a job only while it is published."))
    if not profile.open_to_work:
        raise ValidationFailed(_("This candidate is not looking for work at the moment."))
    message = (message or "").strip()
    _check_invitation(job.id, profile, message)
    if invitations_left_today(job.organization_id, now) <= 0:
        raise ValidationFailed(
            _(
                "Your organization has sent %(n)s invitations in the last 24 hours, the most "
                "we allow. Try again tomorrow.",
                n=invitations_per_day(),
            )
        )
    invitation = Invitation(
        job_id=job.id,
        organization_id=job.organization_id,
        profile_id=profile.id,
        invited_by_id=user.id,
        message=message,
    )
    if now is not None:
        invitation.created_at = now
    reason = scam.money_reason(message)
    if reason is not None:
        # Held for a moderator; the employer reads only that the team checks it.
        invitation.held_at = invitation.created_at or utcnow()
        invitation.held_reasons = [reason]
    db.session.add(invitation)
    db.session.flush()
    if reason is None:
        deliver_invitation(invitation, user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_("You have already invited this candidate to this job."))
    return invitation


def deliver_invitation(invitation: Invitation, inviter: User | None) -> None:
    """Tell the candidate (in the page and by e-mail), with contact details in the message
    hidden: they reach the candidate only once there is an application."""
    job = invitation.job
    profile = invitation.profile
    organization = invitation.organization
    link = url_for("applications.invitation", invitation_id=invitation.id)
    notify(profile.user_id, "invitation", link, job=job.title, organization=organization.name)
    seeker = profile.user
    if seeker.disabled_at is None:
        email_preferences.queue_email(
            seeker,
            EmailKind.APPLICATIONS,
            _("%(organization)s invites you to apply", organization=organization.name),
            "invitation",
            user=seeker,
            job=job,
            organization=organization,
            message=invitation_message_for_seeker(invitation),
            name_hidden=inviter is None or not visible_identity(profile, inviter),
            url=external_url("applications.invitation", invitation_id=invitation.id),
        )


def organization_invitations(user: User, limit: int = 200) -> list[SentInvitation]:
    """The organization's invitations, newest first, each with the candidate as it may name them."""
    organization = organization_of(user)
    if organization is None:
        return []
    invitations = db.session.scalars(
        sa.select(Invitation)
        .where(Invitation.organization_id == organization.id)
        .options(selectinload(Invitation.job), selectinload(Invitation.profile))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(limit)
    )
    result = []
    for invitation in invitations:
        try:
            name = profile_view_for(user, invitation.profile).display_name
        except NotFound:
            name = str(_l("A candidate"))
        result.append(SentInvitation(invitation, name))
    return result


# The seeker answers --------------------------------------------------------------------------


def invitation_message_for_seeker(invitation: Invitation) -> str:
    """The invitation's message as the candidate reads it: phone numbers and messenger handles
    are hidden until an application exists, so the conversation stays on the platform."""
    if application_for(invitation.profile.user, invitation.job_id) is not None:
        return invitation.message
    return scam.hide_contact_details(
        invitation.message, _("[contact details are shared once you apply]")
    )


def seeker_invitations(user: User) -> list[Invitation]:
    """The seeker's invitations, newest first; one held for a moderator is not shown yet."""
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .join(Profile, Profile.id == Invitation.profile_id)
            .where(Profile.user_id == user.id, Invitation.held_at.is_(None))
            .options(selectinload(Invitation.job), selectinload(Invitation.organization))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def seeker_invitation(user: User, invitation_id: int) -> Invitation:
    """The seeker's own invitation; anyone else's (or one still held) is NotFound."""
    invitation = db.session.get(Invitation, invitation_id)
    if (
        invitation is None
        or not user.is_authenticated
        or invitation.profile.user_id != user.id
        or invitation.held_at is not None
    ):
        raise NotFound(_("No such invitation."))
    return invitation


def invitation_match(invitation: Invitation, today: date | None = None) -> MatchResult:
    """How the seeker compares with the job now (the same explanation the employer sees)."""
    return current_match(invitation.job, invitation.profile, today)


def _tell_inviter(invitation: Invitation, kind: str, candidate: str) -> None:
    job = invitation.job
    link = url_for("applications.organization_invitations")
    notify_organization(invitation.organization_id, kind, link, job=job.title, candidate=candidate)
    inviter = invitation.invited_by
    recipients = (
        [inviter]
        if inviter is not None
        and inviter.disabled_at is None
        and is_member(inviter, invitation.organization)
        else organization_recipients(job)
    )
    accepted = kind == "invitation_accepted"
    for recipient in recipients:
        email_preferences.queue_email(
            recipient,
            EmailKind.APPLICATIONS,
            _("%(candidate)s accepted your invitation", candidate=candidate)
            if accepted
            else _("A candidate declined your invitation"),
            "invitation_answer",
            recipient=recipient,
            job=job,
            accepted=accepted,
            candidate=candidate,
            url=external_url("applications.organization_invitations"),
        )


def accept_invitation(user: User, invitation_id: int) -> Invitation:
    """Accept: the seeker's identity is revealed to this organization (and no other)."""
    invitation = seeker_invitation(user, invitation_id)
    if invitation.accepted_at is not None:
        return invitation
    if invitation.declined_at is not None:
        raise ValidationFailed(_("You declined this invitation."))
    profiles.reveal_profile_to(
        invitation.profile, invitation.organization_id, RevealReason.INVITATION_ACCEPTED
    )
    invitation.accepted_at = utcnow()
    _tell_inviter(invitation, "invitation_accepted", user.name)
    db.session.commit()
    return invitation


def decline_invitation(user: User, invitation_id: int) -> Invitation:
    """Decline: the employer is told, without a reason and without learning who it was."""
    invitation = seeker_invitation(user, invitation_id)
    if invitation.declined_at is not None:
        return invitation
    if invitation.accepted_at is not None:
        raise ValidationFailed(_("You have already accepted this invitation."))
    invitation.declined_at = utcnow()
    _tell_inviter(invitation, "invitation_declined", "")
    db.session.commit()
    return invitation
