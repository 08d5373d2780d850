"""What became of a school's graduates: counts per cohort, never names or employers' notes.

A graduate counts from the moment they claim their profile: how far they got (profile complete,
applied, interviewing, hired) and how many days passed from graduation to their first offer.
Graduates who left the school are not counted. Public figures appear only from
`PUBLIC_MINIMUM` claimed graduates, so nobody can be picked out of them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from portal import taxonomy
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.limits import NAME_MAX
from portal.models import (
    Application,
    ApplicationEvent,
    Cohort,
    Course,
    Graduate,
    Job,
    JobStatus,
    Profile,
    School,
    Stage,
    User,
    utcnow,
)
from portal.models.profile import STEPS
from portal.services.school_staff import require_staff, school_row

PUBLIC_MINIMUM = 10
INTERVIEWING = (Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)
OFFERED = (Stage.OFFER, Stage.HIRED)


@dataclass
class Outcomes:
    """The funnel of one cohort (or of the whole school)."""

    label: str
    graduated_on: date | None = None
    invited: int = 0
    claimed: int = 0
    complete: int = 0
    applied: int = 0
    interviewing: int = 0
    hired: int = 0
    days_to_offer: list[int] = field(default_factory=list)

    @property
    def median_days_to_offer(self) -> float | None:
        return median(self.days_to_offer) if self.days_to_offer else None

    def stages(self) -> list[tuple[str, int]]:
        """The funnel in order, for tables and charts."""
        return [
            (_("Invited"), self.invited),
            (_("Claimed their profile"), self.claimed),
            (_("Profile complete"), self.complete),
            (_("Applied for a job"), self.applied),
            (_("Interviewing"), self.interviewing),
            (_("Hired"), self.hired),
        ]

    def add(self, other: Outcomes) -> None:
        for name in ("invited", "claimed", "complete", "applied", "interviewing", "hired"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.days_to_offer += other.days_to_offer


def _furthest_stages(user_ids: list[int]) -> dict[int, tuple[set[Stage], list[datetime]]]:
    """Per seeker: every stage any of their applications reached, and when offers came."""
    reached: dict[int, tuple[set[Stage], list[datetime]]] = {}
    for chunk in range(0, len(user_ids), 500):
        part = user_ids[chunk : chunk + 500]
        for seeker_id, stage in db.session.execute(
            sa.select(Application.seeker_id, Application.stage).where(
                Application.seeker_id.in_(part)
            )
        ):
            reached.setdefault(seeker_id, (set(), []))[0].add(stage)
        for seeker_id, stage, when in db.session.execute(
            sa.select(Application.seeker_id, ApplicationEvent.to_stage, ApplicationEvent.created_at)
            .join(ApplicationEvent, ApplicationEvent.application_id == Application.id)
            .where(Application.seeker_id.in_(part))
        ):
            stages, offers = reached.setdefault(seeker_id, (set(), []))
            stages.add(stage)
            if stage in OFFERED:
                offers.append(when)
    return reached


def cohort_outcomes(cohorts: list[Cohort]) -> list[Outcomes]:
    """The funnel of each cohort, in the order given."""
    by_cohort = {c.id: Outcomes(c.name, c.graduates_on) for c in cohorts}
    graduates = db.session.execute(
        sa.select(Graduate.cohort_id, Graduate.user_id, Graduate.claimed_at).where(
            Graduate.cohort_id.in_(list(by_cohort)), Graduate.left_at.is_(None)
        )
    ).all()
    user_ids = [g.user_id for g in graduates if g.claimed_at and g.user_id]
    steps = dict(
        db.session.execute(
            sa.select(Profile.user_id, Profile.steps_done).where(Profile.user_id.in_(user_ids))
        ).all()
    )
    reached = _furthest_stages(user_ids)
    graduated = {c.id: c.graduates_on for c in cohorts}
    for cohort_id, user_id, claimed_at in graduates:
        outcome = by_cohort[cohort_id]
        outcome.invited += 1
        if not (claimed_at and user_id):
            continue
        outcome.claimed += 1
        outcome.complete += set(STEPS) <= set(steps.get(user_id) or ())
        stages, offers = reached.get(user_id, (set(), []))
        outcome.applied += bool(stages)
        outcome.interviewing += bool(stages & set(INTERVIEWING))
        outcome.hired += Stage.HIRED in stages
        if offers:
            outcome.days_to_offer.append(max(0, (min(offers).date() - graduated[cohort_id]).days))
    return [by_cohort[c.id] for c in cohorts]


def overall(outcomes: list[Outcomes]) -> Outcomes:
    total = Outcomes(_("All cohorts"))
    for outcome in outcomes:
        total.add(outcome)
    return total


def _cell(text: str) -> str:
    """A spreadsheet reads a cell starting with = + - @ as a formula: make it plain text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def outcomes_csv(outcomes: list[Outcomes]) -> str:
    """The dashboard as a spreadsheet: one line per cohort and a total."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "cohort",
            "graduated_on",
            "invited",
            "claimed",
            "profile_complete",
            "applied",
            "interviewing",
            "hired",
            "median_days_to_first_offer",
        ]
    )
    for outcome in [*outcomes, overall(outcomes)]:
        days = outcome.median_days_to_offer
        writer.writerow(
            [
                _cell(outcome.label),
                outcome.graduated_on.isoformat() if outcome.graduated_on else "",
                outcome.invited,
                outcome.claimed,
                outcome.complete,
                outcome.applied,
                outcome.interviewing,
                outcome.hired,
                "" if days is None else f"{days:g}",
            ]
        )
    return out.getvalue()


def public_figures(school: School) -> Outcomes | None:
    """Placement figures for the public school page, once enough graduates have claimed."""
    cohorts = list(db.session.scalars(sa.select(Cohort).where(Cohort.school_id == school.id)))
    if not cohorts:
        return None
    total = overall(cohort_outcomes(cohorts))
    return total if total.claimed >= PUBLIC_MINIMUM else None


# Courses and cohorts --------------------------------------------------------------------------


def _credential(code: str) -> str:
    if code not in taxonomy.CREDENTIALS or code == "OTHER":
        raise ValidationFailed(_("Choose the credential it prepares for."), field="credential")
    return code


def _name(text: str) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise ValidationFailed(_("Enter a name."), field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(_("Use at most %(n)s characters.", n=NAME_MAX), field="name")
    return name


def add_course(
    user: User, name: str, credential: str, weeks: int | None, description: str
) -> Course:
    school = require_staff(user)
    if weeks is not None and not 1 <= weeks <= 260:
        raise ValidationFailed(_("Enter a number of weeks from 1 to 260."), field="weeks")
    course = Course(
        school_id=school.id,
        name=_name(name),
        credential=_credential(credential),
        weeks=weeks,
        description=(description or "").strip()[:2000],
    )
    db.session.add(course)
    db.session.commit()
    return course


def add_cohort(
    user: User, name: str, course_id: int | None, credential: str, starts_on: date, ends_on: date
) -> Cohort:
    school = require_staff(user)
    course = None
    if course_id:
        course = db.session.get(Course, course_id)
        if course is None or course.school_id != school.id:
            raise ValidationFailed(_("Choose one of your courses."), field="course_id")
    if ends_on < starts_on:
        raise ValidationFailed(
            _("Enter a graduation date after the start date."), field="graduates_on"
        )
    cohort = Cohort(
        school_id=school.id,
        course_id=course.id if course else None,
        name=_name(name),
        credential=_credential(credential or (course.credential if course else "")),
        starts_on=starts_on,
        graduates_on=ends_on,
    )
    db.session.add(cohort)
    db.session.commit()
    return cohort


def cohorts(school: School) -> list[Cohort]:
    return list(
        db.session.scalars(
            sa.select(Cohort)
            .where(Cohort.school_id == school.id)
            .order_by(Cohort.graduates_on.desc(), Cohort.id.desc())
        )
    )


def cohort_of(user: User, cohort_id: int) -> Cohort:
    return school_row(user, Cohort, cohort_id)


def graduates_of(cohort: Cohort) -> list[Graduate]:
    """The cohort's graduates who have not left the school, by name."""
    return list(
        db.session.scalars(
            sa.select(Graduate)
            .where(Graduate.cohort_id == cohort.id, Graduate.left_at.is_(None))
            .order_by(Graduate.name, Graduate.id)
        )
    )


# Jobs for graduates ---------------------------------------------------------------------------


@dataclass
class JobForCohort:
    job: Job
    missing: list[list[str]]  # required credential groups the cohort's credential does not meet

    @property
    def fits(self) -> bool:
        return not self.missing


def jobs_for_cohort(cohort: Cohort, limit: int = 50) -> list[JobForCohort]:
    """Live jobs that welcome new graduates, those the cohort's credential qualifies for first;
    for the others, what else they ask for."""
    jobs = db.session.scalars(
        sa.select(Job)
        .options(joinedload(Job.organization))  # each card names its employer
        .where(
            Job.status == JobStatus.PUBLISHED,
            Job.new_graduates_welcome.is_(True),
            sa.or_(Job.expires_at.is_(None), Job.expires_at > utcnow()),
        )
        .order_by(Job.published_at.desc())
        .limit(500)
    ).all()
    listed = [
        JobForCohort(
            job,
            [group for group in (job.required_credentials or []) if cohort.credential not in group],
        )
        for job in jobs
    ]
    listed = [entry for entry in listed if len(entry.missing) <= 1]  # a fit or a near miss
    listed.sort(
        key=lambda entry: (not entry.fits, -(entry.job.published_at or utcnow()).timestamp())
    )
    return listed[:limit]
