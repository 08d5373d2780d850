"""A graduate claims the profile their school prepared, or leaves the school.

The claim link is the proof that the graduate owns the e-mail address: claiming creates a
confirmed job-seeker account with an anonymous profile holding the school and the credential the
school reported. Until then nothing about the graduate exists outside the school's own lists.
Unclaimed links expire; staff may send a new one at most once a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from portal import mail
from portal.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.models import (
    Credential,
    CredentialStatus,
    Graduate,
    Profile,
    Role,
    School,
    User,
    utcnow,
)
from portal.security import hash_password, make_token, password_problem, read_token
from portal.services.school_staff import require_verified, school_row

CLAIM_MAX_AGE = 30 * 24 * 3600
RESEND_AFTER = timedelta(days=1)


def claim_token(graduate: Graduate) -> str:
    # The count makes an older link stop working once a new one is sent.
    return make_token(
        "graduate-claim",
        {"gid": graduate.id, "email": graduate.email, "n": graduate.invitations_sent},
    )


def queue_invitation(graduate: Graduate, now: datetime) -> None:
    """Queue the claim e-mail; the caller commits. The key makes a second scheduler that runs at
    the same time queue nothing more."""
    graduate.invitations_sent += 1
    graduate.invited_at = now
    mail.queue_email(
        graduate.email,
        _("%(school)s prepared your CoderMatch profile", school=graduate.school.name),
        "graduate_claim",
        dedupe_key=f"claim:{graduate.id}:{graduate.invitations_sent}",
        graduate=graduate,
        school=graduate.school,
        claim_url=external_url("schools.claim", token=claim_token(graduate)),
        days=CLAIM_MAX_AGE // 86400,
    )


def send_new_invitations(limit: int = 2000, batch: int = 200) -> int:
    """Queue the first claim e-mail of graduates imported but not yet e-mailed, oldest first.

    Confirming an import queues the first few at once; the scheduler (or cron: `flask schools
    invite`) sends the rest of a large cohort within minutes, so no request renders thousands
    of e-mails. Runs on several hosts at once split the graduates between them."""
    queued = 0
    while queued < limit:
        due = db.session.scalars(
            sa.select(Graduate)
            .join(School, Graduate.school_id == School.id)
            .where(
                School.verified_at.is_not(None),  # a school's verification can be withdrawn
                Graduate.invitations_sent == 0,
                Graduate.claimed_at.is_(None),
                Graduate.left_at.is_(None),
            )
            .order_by(Graduate.id)
            .limit(min(batch, limit - queued))
            # Two schedulers at once (several hosts) share the graduates instead of both taking
            # the same batch, whose second copy would fail as a whole on the e-mails' unique
            # dedupe keys. SQLite (one host) ignores it.
            .with_for_update(skip_locked=True, of=Graduate)
        ).all()
        if not due:
            break
        now = utcnow()
        for graduate in due:
            queue_invitation(graduate, now)
        db.session.commit()
        queued += len(due)
    return queued


def graduate_for_token(token: str) -> Graduate | None:
    """The unclaimed graduate a link names; None for a forged, expired, replaced or used link."""
    data = read_token("graduate-claim", token, CLAIM_MAX_AGE)
    if data is None:
        return None
    graduate = db.session.get(Graduate, data.get("gid"))
    if (
        graduate is None
        or graduate.claimed_at is not None
        or graduate.left_at is not None
        or graduate.email != data.get("email")
        or graduate.invitations_sent != data.get("n")
    ):
        return None
    return graduate


def account_for(graduate: Graduate) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == graduate.email))


def _attach(graduate: Graduate, user: User, profile: Profile) -> None:
    """The profile joins the school, with the credential the school reported (once)."""
    profile.school = graduate.school
    profile.new_graduate = True
    if not any(c.kind == graduate.credential for c in profile.credentials):
        profile.credentials.append(
            Credential(
                kind=graduate.credential,
                number=graduate.credential_number,
                issued_on=graduate.exam_date,
                status=CredentialStatus.SELF_REPORTED,
            )
        )
    graduate.claimed_at = utcnow()
    graduate.user_id = user.id


def claim(graduate: Graduate, name: str, password: str) -> User:
    """Create the graduate's account and profile from the school's record."""
    if account_for(graduate) is not None:
        raise Conflict(_("This e-mail address already has an account. Log in to join the school."))
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("Enter your name."), field="name")
    problem = password_problem(password, email=graduate.email, name=name)
    if problem:
        raise ValidationFailed(problem, field="password")
    now = utcnow()
    user = User(
        name=name,
        email=graduate.email,
        password_hash=hash_password(password),
        role=Role.SEEKER,
        email_verified_at=now,  # the claim link reached this mailbox
    )
    profile = Profile(
        user=user,
        steps_done=[],
        headline=_("%(credential)s, new graduate", credential=graduate.credential),
        phone=graduate.phone or "",
    )
    db.session.add_all([user, profile])
    _attach(graduate, user, profile)
    db.session.commit()
    return user


def join_with_account(graduate: Graduate, user: User) -> None:
    """A graduate who already has a seeker account joins the school from the claim link."""
    if not user.is_seeker or user.email != graduate.email:
        raise PermissionDenied(
            _("This link is for %(email)s. Log in with that address.", email=graduate.email)
        )
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))
    if profile is None:
        profile = Profile(user=user, steps_done=[])
        db.session.add(profile)
    _attach(graduate, user, profile)
    db.session.commit()


def resend(user: User, graduate_id: int) -> Graduate:
    """Staff send a fresh claim link; at most once a day per graduate."""
    graduate = school_row(user, Graduate, graduate_id)
    if graduate.left_at is not None:
        raise NotFound(_("No such graduate."))
    require_verified(graduate.school)
    if graduate.claimed_at is not None:
        raise Conflict(_("%(name)s has already claimed the profile.", name=graduate.name))
    now = utcnow()
    if graduate.invited_at and now - graduate.invited_at < RESEND_AFTER:
        raise Conflict(
            _("We e-mailed %(name)s less than a day ago. Try again tomorrow.", name=graduate.name)
        )
    queue_invitation(graduate, now)
    db.session.commit()
    return graduate


def exam_record(school: School | None, credential: Credential) -> Graduate | None:
    """What the school imported about this credential's holder (its exam record), if the holder
    claimed a profile from this school and the record names the same credential."""
    if school is None:
        return None
    return db.session.scalar(
        sa.select(Graduate).where(
            Graduate.school_id == school.id,
            Graduate.user_id == credential.profile.user_id,
            Graduate.credential == credential.kind,
            Graduate.left_at.is_(None),
        )
    )


def leave_school(user: User) -> None:
    """The graduate leaves their school: its staff no longer see or verify them."""
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))
    if profile is None or profile.school_id is None:
        raise Conflict(_("Your profile names no school."))
    now = utcnow()
    for graduate in db.session.scalars(
        sa.select(Graduate).where(
            Graduate.user_id == user.id,
            Graduate.school_id == profile.school_id,
            Graduate.left_at.is_(None),
        )
    ):
        graduate.left_at = now
    profile.school = None
    db.session.commit()
