"""The stage machine: every stage change writes an `ApplicationEvent` (who, when, from, to),
and a change the employer makes tells the seeker in the page and in a plain-words e-mail.

A rejection e-mail is sent only when the employer asks for it on that move (off by default).
The words for each stage are beside `Stage` in `portal.models.application`.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.mail import external_url
from portal.models import Application, ApplicationEvent, EmailKind, Stage, User, utcnow
from portal.models.application import next_step, seeker_stage_label
from portal.services import email_preferences
from portal.services.notifications import notify


def record_stage(
    application: Application, actor: User | None, from_stage: Stage | None, to_stage: Stage
) -> ApplicationEvent:
    """Put the application in `to_stage` and write the step into its history."""
    event = ApplicationEvent(
        actor_id=actor.id if actor else None, from_stage=from_stage, to_stage=to_stage
    )
    application.events.append(event)
    application.stage = to_stage
    application.stage_changed_at = utcnow()
    return event


def change_stage(
    application: Application, actor: User, stage: Stage, email_rejection: bool
) -> None:
    """The employer moves an applicant: record it and tell the seeker (the caller commits)."""
    record_stage(application, actor, application.stage, stage)
    job = application.job
    organization = application.organization
    notify(
        application.seeker_id,
        "stage",
        url_for("applications.detail", application_id=application.id),
        job=job.title,
        organization=organization.name,
        stage=stage.value,
    )
    seeker = application.seeker
    if seeker.disabled_at is not None or (stage == Stage.REJECTED and not email_rejection):
        return
    email_preferences.queue_email(
        seeker,
        EmailKind.APPLICATIONS,
        _("News about your application for %(job)s", job=job.title),
        "application_stage",
        user=seeker,
        job=job,
        organization=organization,
        stage=stage.value,
        status=seeker_stage_label(stage),
        next_step=next_step(stage),
        url=external_url("applications.detail", application_id=application.id),
    )
