"""Posting a job step by step: check a step's input, save it (a first "basics" starts a draft),
read a saved job back as the steps' inputs, and list what still stops it from being published.

Every change to a job (or its offices and questions) writes a search outbox row through the hook
in `portal.models.outbox`; nothing here writes one by hand.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask_babel import gettext as _

from portal import places
from portal.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    Job,
    JobOffice,
    JobStatus,
    Organization,
    ScreeningQuestion,
    User,
    organization_of,
    utcnow,
)
from portal.services.jobs.checks import (
    Checked,
    check_apply,
    check_basics,
    check_pay,
    check_requirements,
    default_expiry,
)
from portal.services.jobs.credentials import format_credential_groups
from portal.services.jobs.holds import hold_reasons
from portal.services.jobs.schedule import check_schedule, office_timezone
from portal.services.jobs.statuses import EDITABLE
from portal.services.jobs.steps import (
    STEPS,
    ApplyInput,
    BasicsInput,
    JobInput,
    JobInvalid,
    OfficeInput,
    PayInput,
    QuestionInput,
    RequirementsInput,
    ScheduleInput,
    ShiftInput,
    StepInput,
)
from portal.services.jobs.visibility import require_member

# Starting values for an organization's first job: the zone and the currency of its country.
DEFAULT_TIMEZONES = {
    "US": "America/New_York",
    "IN": "Asia/Kolkata",
    "SA": "Asia/Riyadh",
    "AE": "Asia/Dubai",
    "QA": "Asia/Qatar",
    "KW": "Asia/Kuwait",
    "OM": "Asia/Muscat",
    "BH": "Asia/Bahrain",
    "PH": "Asia/Manila",
    "GB": "Europe/London",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "EG": "Africa/Cairo",
    "JO": "Asia/Amman",
    "PK": "Asia/Karachi",
}
LOCAL_CURRENCY = {
    "US": "USD",
    "IN": "INR",
    "SA": "SAR",
    "AE": "AED",
    "QA": "QAR",
    "KW": "KWD",
    "OM": "OMR",
    "BH": "BHD",
    "PH": "PHP",
    "GB": "GBP",
    "CA": "CAD",
    "AU": "AUD",
}


def default_timezone(organization: Organization) -> str:
    return DEFAULT_TIMEZONES.get(organization.country, "UTC")


def pay_defaults(organization: Organization) -> tuple[str, str]:
    """The currency and period an organization most likely pays in: "$ an hour" in the US,
    "₹ a month" in India and the Gulf. Only a starting value for the form."""
    currency = LOCAL_CURRENCY.get(organization.country, "USD")
    return currency, "hour" if organization.country in ("US", "CA") else "month"


# Checking -----------------------------------------------------------------------------------


def step_problems(data: StepInput) -> Checked:
    """The step's values and its problems, without raising (publishing lists every step's)."""
    match data:
        case BasicsInput():
            return check_basics(data)
        case RequirementsInput():
            return check_requirements(data)
        case ScheduleInput():
            return check_schedule(data)
        case PayInput():
            return check_pay(data)
        case ApplyInput():
            return check_apply(data)


def check_step(data: StepInput) -> Checked:
    """The step's cleaned values, or JobInvalid with every problem and its field."""
    checked = step_problems(data)
    if checked.problems:
        raise JobInvalid(checked.problems)
    return checked


def publish_problems(job: Job, now: datetime | None = None) -> list[tuple[str, str]]:
    """What stops publishing, as (step, message): every step checked against the saved job."""
    now = now or utcnow()
    problems: list[tuple[str, str]] = []
    for data in saved_input(job).steps():
        if isinstance(data, ApplyInput):  # a stale closing date is said once, below
            data = replace(data, expires_on=None)
        problems += [(data.STEP, message) for _field, message in step_problems(data).problems]
    if job.expires_at is not None and job.expires_at <= now:
        problems.append(("apply", _("The closing date has passed. Choose a new one.")))
    return problems


# Saving -------------------------------------------------------------------------------------


def locate(city: str, region: str | None, country: str) -> tuple[float, float] | None:
    """(lat, lng) of a city from the offline gazetteer (`portal.places`), preferring the state."""
    place = places.find_city(country.upper(), city, region)
    return (place.lat, place.lng) if place is not None else None


def _posting_organization(user: User, data: StepInput) -> Organization:
    """The organization a new draft is posted for; a draft starts with the first step."""
    organization = organization_of(user)
    if organization is None:
        raise PermissionDenied(_("Create your organization before posting a job."))
    if not isinstance(data, BasicsInput):
        raise NotFound(_("Start with the first step."))
    return organization


def save_step(user: User, job: Job | None, data: StepInput) -> Job:
    """Check and save one step; `job=None` with a `BasicsInput` starts a draft.

    Nothing is saved when any field is wrong (JobInvalid lists them all). A change to a live job
    is checked again: if it now asks for money, or the organization is unverified, it goes back
    to the review queue.
    """
    try:
        return _save_step(user, job, data)
    except ValidationFailed:
        db.session.rollback()  # the page shows the job as saved, never half-changed
        raise


def _save_step(user: User, job: Job | None, data: StepInput) -> Job:
    if job is None:
        organization = _posting_organization(user, data)
        checked = check_step(data)
        job = Job(
            organization=organization,
            created_by_id=user.id,
            status=JobStatus.DRAFT,
            timezone=default_timezone(organization),
        )
        db.session.add(job)
    else:
        require_member(user, job)
        if job.status not in EDITABLE:
            raise Conflict(
                _("This job is closed and can no longer be changed. Duplicate it to post it again.")
            )
        checked = check_step(data)
    if "timezone" in checked.columns and checked.columns["timezone"] is None:
        checked.columns["timezone"] = default_timezone(job.organization)
    # One flush at commit: one search outbox row per saved step, not one per lazy load.
    with db.session.no_autoflush:
        _apply(job, checked)
        _advance(job, data.STEP)
        job.updated_at = utcnow()
        _hold_again_if_needed(job)
    db.session.commit()
    return job


def _apply(job: Job, checked: Checked) -> None:
    for key, value in checked.columns.items():
        setattr(job, key, value)
    # Children get the job's id up front (when it has one) so the outbox hook sees one change
    # to one job, not a second note after the flush.
    if checked.offices is not None:
        job.offices.clear()
        for position, office in enumerate(checked.offices):
            lat_lng = locate(office.city, office.region, office.country)
            job.offices.append(
                JobOffice(
                    job_id=job.id,
                    position=position,
                    city=office.city,
                    region=office.region,
                    country=office.country,
                    lat=lat_lng[0] if lat_lng else None,
                    lng=lat_lng[1] if lat_lng else None,
                )
            )
    if checked.questions is not None:
        job.questions.clear()
        for position, question in enumerate(checked.questions):
            job.questions.append(
                ScreeningQuestion(
                    job_id=job.id,
                    position=position,
                    text=question.text,
                    must_be_yes=question.must_be_yes,
                )
            )


def _advance(job: Job, step: str) -> None:
    """Remember the furthest step reached, so "resume" lands on the next one to fill in."""
    order = (*STEPS, "preview")
    reached = order.index(step) + 1
    if reached > (order.index(job.last_step) if job.last_step in order else 0):
        job.last_step = order[reached]


def _hold_again_if_needed(job: Job) -> None:
    """A live job that now needs a moderator goes back to the queue; a waiting one gets its
    reasons again (keeping reports and "edited")."""
    if job.status == JobStatus.PUBLISHED:
        reasons = hold_reasons(job)
        if reasons:
            job.status = JobStatus.PENDING_REVIEW
            job.held_reasons = reasons + [{"code": "edited"}]
            job.submitted_at = utcnow()
    elif job.status == JobStatus.PENDING_REVIEW:
        kept = [r for r in job.held_reasons or [] if r.get("code") in ("reported", "edited")]
        job.held_reasons = hold_reasons(job) + kept


# Reading back -------------------------------------------------------------------------------


def saved_input(job: Job) -> JobInput:
    """The saved job as the inputs each step accepts (to fill the forms and to re-check)."""
    patterns: dict[tuple[int, int], list[int]] = {}
    for d, s, e in job.shift_windows or []:
        patterns.setdefault((s, e), []).append(d)
    offices = [OfficeInput(city=o.city, region=o.region, country=o.country) for o in job.offices]
    return JobInput(
        basics=BasicsInput(
            title=job.title,
            role_type=job.role_type,
            employment_type=job.employment_type,
            openings=job.openings,
            description=job.description,
        ),
        requirements=RequirementsInput(
            required_credentials=format_credential_groups(job.required_credentials or []),
            preferred_credentials=list(job.preferred_credentials or []),
            specialties=list(job.specialties or []),
            code_sets=list(job.code_sets or []),
            systems=list(job.systems or []),
            min_years=job.min_years,
            new_graduates_welcome=job.new_graduates_welcome,
            training_provided=job.training_provided,
        ),
        schedule=ScheduleInput(
            work_mode=job.work_mode,
            offices=offices,
            applicant_countries=list(job.applicant_countries or []),
            applicant_regions=list(job.applicant_regions or []),
            timezone=_timezone_choice(job, offices),
            schedule_flexible=job.schedule_flexible,
            shift_patterns=[
                ShiftInput(days=days, start=_hhmm(s), end=_hhmm(e), next_day=e < s)
                for (s, e), days in patterns.items()
            ],
            accepts_part_time=job.accepts_part_time,
            hours_min=job.hours_min,
            hours_max=job.hours_max,
        ),
        pay=PayInput(
            pay_min=job.pay_min,
            pay_max=job.pay_max,
            pay_currency=job.pay_currency or "",
            pay_period=job.pay_period or "",
            charts_per_day=job.charts_per_day,
            qa_accuracy=job.qa_accuracy,
            equipment=job.equipment or "",
            onsite_training_weeks=job.onsite_training_weeks,
            no_dependent_care=job.no_dependent_care,
        ),
        apply=ApplyInput(
            questions=[
                QuestionInput(text=q.text, must_be_yes=q.must_be_yes) for q in job.questions
            ],
            apply_method=job.apply_method,
            apply_url=job.apply_url or "",
            # The closing date the form offers: the saved one, else the default one.
            expires_on=(job.expires_at or default_expiry()).date(),
        ),
    )


def _timezone_choice(job: Job, offices: list[OfficeInput]) -> str:
    """ "" ("the office's zone") while the job's zone is its first office's, or while the
    schedule was never saved (the organization's default is only a placeholder then)."""
    never_saved = job.last_step in STEPS[: STEPS.index("schedule") + 1] and not offices
    if never_saved or (offices and job.timezone == office_timezone(offices)):
        return ""
    return job.timezone


def _hhmm(minutes: int) -> str:
    if minutes == 1440:
        return "24:00"
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
