"""The employer's pipeline: a job's applicants by stage, moving them, notes and ratings.

Another organization's applications and notes are `NotFound`, like ones that do not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationNote,
    Credential,
    Job,
    Profile,
    Stage,
    User,
    organization_of,
)
from portal.models.profile_view import profile_view_for
from portal.services import audit
from portal.services import jobs as job_rules
from portal.services.applications.stages import change_stage
from portal.services.organizations import is_member

MAX_NOTE = 5000
PER_PAGE = 50
SORTS = ("score", "date")  # by match score (the default) or newest first


def employer_application(user: User, application_id: int) -> Application:
    """An application to the user's organization; any other is NotFound."""
    application = db.session.get(Application, application_id)
    if application is None or not is_member(user, application.organization):
        raise NotFound(_("No such application."))
    return application


@dataclass(frozen=True)
class ApplicantView:
    """What the organization sees of an applicant: applying revealed who they are."""

    name: str
    email: str | None
    phone: str | None
    location: str
    headline: str
    profile: Profile | None
    credentials: list[Credential]


def applicant_view(viewer: User, application: Application) -> ApplicantView:
    profile = application.profile
    try:
        view = profile_view_for(viewer, profile) if profile else None
    except NotFound:  # the seeker hid the profile since: the application stays, the rest not
        view = None
    if view is None or profile is None:
        return ApplicantView(application.seeker.name, None, None, "", "", None, [])
    return ApplicantView(
        name=view.display_name,
        email=application.seeker.email if view.contact else None,
        phone=(profile.phone or None) if view.contact else None,
        location=view.location,
        headline=profile.headline,
        profile=profile,
        credentials=list(profile.credentials),
    )


@dataclass(frozen=True)
class PipelineQuery:
    """Which of a job's applicants to list: one stage (None: every stage), the order, the page."""

    stage: Stage | None = None
    sort: str = "score"
    page: int = 1

    @classmethod
    def parse(cls, stage: str | None, sort: str | None, page: str | None) -> PipelineQuery:
        """Read the page's address: an unknown stage lists every one, an unknown sort or page
        falls back to the first."""
        try:
            chosen = Stage(stage) if stage else None
        except ValueError:
            chosen = None
        try:
            number = int(page or 1)
        except ValueError:
            number = 1
        return cls(chosen, sort if sort in SORTS else "score", number)


@dataclass(frozen=True)
class Pipeline:
    job: Job
    applications: list[Application]
    counts: dict[Stage, int]
    stage: Stage | None
    sort: str
    page: int
    pages: int
    total: int


def _stage_counts(job: Job) -> dict[Stage, int]:
    counts = dict.fromkeys(Stage, 0)
    for row_stage, count in db.session.execute(
        sa.select(Application.stage, sa.func.count(Application.id))
        .where(Application.job_id == job.id)
        .group_by(Application.stage)
    ):
        counts[Stage(row_stage)] = count
    return counts


def pipeline(user: User, job_id: int, query: PipelineQuery | None = None) -> Pipeline:
    """A job's applicants, filtered by stage, sorted by match score or date (newest first)."""
    job = job_rules.member_job(user, job_id)
    query = query or PipelineQuery()
    chosen = query.stage
    counts = _stage_counts(job)
    select = sa.select(Application).where(Application.job_id == job.id)
    if chosen is not None:
        select = select.where(Application.stage == chosen)
    total = counts[chosen] if chosen is not None else sum(counts.values())
    order = (
        (Application.match_score.desc(), Application.created_at.desc(), Application.id.desc())
        if query.sort == "score"
        else (Application.created_at.desc(), Application.id.desc())
    )
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, query.page), pages)
    applications = list(
        db.session.scalars(
            select.options(selectinload(Application.seeker), selectinload(Application.profile))
            .order_by(*order)
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    return Pipeline(job, applications, counts, chosen, query.sort, page, pages, total)


@dataclass(frozen=True)
class MoveResult:
    moved: list[Application]
    unchanged: list[Application]


def _move_stage(to_stage: str) -> Stage:
    try:
        stage = Stage(to_stage)
    except ValueError:
        raise ValidationFailed(_("Choose a stage from the list."), field="stage")
    if stage == Stage.WITHDRAWN:
        raise ValidationFailed(_("Only the applicant can withdraw an application."), field="stage")
    return stage


def move(
    user: User,
    application_ids: Iterable[int],
    to_stage: str,
    *,
    job_id: int | None = None,
    email_rejection: bool = False,
) -> MoveResult:
    """Move one or many applicants of the user's organization to a stage. Withdrawn
    applications stay withdrawn; an application already in that stage is left as it is."""
    stage = _move_stage(to_stage)
    ids = sorted({int(i) for i in application_ids})
    if not ids:
        raise ValidationFailed(_("Choose at least one applicant."), field="application_ids")
    applications = list(
        db.session.scalars(
            sa.select(Application).where(Application.id.in_(ids)).order_by(Application.id)
        )
    )
    organization = organization_of(user)
    if (
        organization is None
        or len(applications) != len(ids)
        or any(a.organization_id != organization.id for a in applications)
        or (job_id is not None and any(a.job_id != job_id for a in applications))
    ):
        raise NotFound(_("No such application."))
    moved: list[Application] = []
    unchanged: list[Application] = []
    for application in applications:
        if application.stage in (stage, Stage.WITHDRAWN):
            unchanged.append(application)
            continue
        change_stage(application, user, stage, email_rejection)
        moved.append(application)
    db.session.commit()
    return MoveResult(moved, unchanged)


def add_note(user: User, application_id: int, body: str) -> ApplicationNote:
    """A note about the applicant, for the organization's eyes only."""
    application = employer_application(user, application_id)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Write the note first."), field="body")
    if len(body) > MAX_NOTE:
        raise ValidationFailed(_("Use at most %(n)s characters.", n=MAX_NOTE), field="body")
    note = ApplicationNote(author_id=user.id, body=body)
    application.notes.append(note)
    db.session.commit()
    return note


def set_rating(user: User, application_id: int, rating: int | None) -> Application:
    """One to five stars (None clears it); only the organization sees them."""
    application = employer_application(user, application_id)
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationFailed(_("Choose from 1 to 5 stars."), field="rating")
    application.rating = rating
    db.session.commit()
    return application


@dataclass(frozen=True)
class ResumeFile:
    """A résumé sent with an application: the stored file and the name to download it as."""

    stored_name: str
    download_name: str | None


def resume_for_application(viewer: User, application_id: int) -> ResumeFile:
    """The résumé sent with an application, for the seeker and the organization only (an
    organization's download is audited)."""
    application = db.session.get(Application, application_id)
    if application is None or application.resume_file is None:
        raise NotFound(_("No résumé."))
    resume = ResumeFile(application.resume_file, application.resume_name)
    if viewer.is_authenticated and application.seeker_id == viewer.id:
        return resume
    if is_member(viewer, application.organization):
        audit.record_now("resume_downloaded", actor=viewer, subject=application)
        return resume
    raise NotFound(_("No résumé."))
