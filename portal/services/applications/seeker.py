"""What a seeker reaches of their applications: their own, never anyone else's (`NotFound`)."""

from __future__ import annotations

from typing import TypedDict

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.errors import NotFound
from portal.extensions import db
from portal.models import Application, ApplicationEvent, Invitation, Profile, User


class SeekerSummary(TypedDict):
    """The seeker's dashboard: recent applications and invitations waiting for an answer."""

    recent_applications: list[Application]
    application_count: int
    open_invitations: int


def existing_application(job_id: int, seeker_id: int) -> Application | None:
    """The one application of this seeker to this job (withdrawn ones included)."""
    return db.session.scalar(
        sa.select(Application).where(
            Application.job_id == job_id, Application.seeker_id == seeker_id
        )
    )


def application_for(user: User, job_id: int) -> Application | None:
    """The seeker's application to this job, if they have sent one."""
    if not user.is_authenticated or not user.is_seeker:
        return None
    return existing_application(job_id, user.id)


def seeker_applications(user: User) -> list[Application]:
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.seeker_id == user.id)
            .options(selectinload(Application.job), selectinload(Application.organization))
            .order_by(Application.updated_at.desc(), Application.id.desc())
        )
    )


def seeker_application(user: User, application_id: int) -> Application:
    """The seeker's own application; anyone else's is NotFound."""
    application = db.session.get(Application, application_id)
    if application is None or not user.is_authenticated:
        raise NotFound(_("No such application."))
    if application.seeker_id != user.id:
        raise NotFound(_("No such application."))
    return application


def seeker_timeline(application: Application) -> list[ApplicationEvent]:
    """The application's history, newest first (the seeker sees stages, not who moved them)."""
    return list(reversed(application.events))


def seeker_summary(user: User, limit: int = 5) -> SeekerSummary:
    """For the seeker's dashboard: recent applications and invitations waiting for an answer."""
    recent = list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.seeker_id == user.id)
            .options(selectinload(Application.job), selectinload(Application.organization))
            .order_by(Application.updated_at.desc(), Application.id.desc())
            .limit(limit)
        )
    )
    total = db.session.scalar(
        sa.select(sa.func.count(Application.id)).where(Application.seeker_id == user.id)
    )
    waiting = db.session.scalar(
        sa.select(sa.func.count(Invitation.id))
        .join(Profile, Profile.id == Invitation.profile_id)
        .where(
            Profile.user_id == user.id,
            Invitation.accepted_at.is_(None),
            Invitation.declined_at.is_(None),
        )
    )
    return {
        "recent_applications": recent,
        "application_count": total or 0,
        "open_invitations": waiting or 0,
    }
