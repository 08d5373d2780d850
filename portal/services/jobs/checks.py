"""The rules of each posting step: a step's input in, the job's column values out, and every
problem with the field it belongs to (so a form shows them all at once). The schedule step's
rules live in `schedule.py`; `posting.check_step` picks the step's rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from flask_babel import gettext as _

from portal import taxonomy
from portal.limits import (
    JOB_APPLY_URL_MAX,
    JOB_DESCRIPTION_MAX,
    JOB_DESCRIPTION_MIN,
    JOB_QUESTION_MAX,
    JOB_TITLE_MAX,
)
from portal.models import utcnow
from portal.services.jobs.credentials import parse_credential_groups
from portal.services.jobs.steps import (
    APPLY_METHODS,
    EQUIPMENT,
    MAX_QUESTIONS,
    ApplyInput,
    BasicsInput,
    JobInvalid,
    OfficeInput,
    PayInput,
    Problem,
    QuestionInput,
    RequirementsInput,
)

DEFAULT_EXPIRY_DAYS = 30
MAX_EXPIRY_DAYS = 90


@dataclass
class Checked:
    """A step's cleaned values: `columns` set on the job as they are; the offices and screening
    questions, when the step has them, replace the job's."""

    columns: dict[str, object]
    problems: list[Problem] = field(default_factory=list)
    offices: list[OfficeInput] | None = None
    questions: list[QuestionInput] | None = None


def slugs(values: Iterable[str], allowed: Mapping[str, object]) -> tuple[list[str], list[str]]:
    """The known values once each, in order, and the unknown ones."""
    kept: list[str] = []
    unknown: list[str] = []
    for value in values:
        if value in allowed:
            if value not in kept:
                kept.append(value)
        else:
            unknown.append(str(value))
    return kept, unknown


# Basics and requirements --------------------------------------------------------------------


def check_basics(data: BasicsInput) -> Checked:
    problems: list[Problem] = []
    title = data.title.strip()
    if not title:
        problems.append(("title", _("Enter the job title, for example Remote CPC coder.")))
    elif len(title) > JOB_TITLE_MAX:
        problems.append(
            ("title", _("Use at most %(n)s characters for the title.", n=JOB_TITLE_MAX))
        )
    if data.role_type not in taxonomy.ROLE_TYPES:
        problems.append(("role_type", _("Choose the kind of role.")))
    if data.employment_type not in taxonomy.EMPLOYMENT_TYPES:
        problems.append(("employment_type", _("Choose full time, part time or another type.")))
    openings = 1 if data.openings is None else data.openings
    if not 1 <= openings <= 999:
        problems.append(("openings", _("Enter a number of openings between 1 and 999.")))
    description = data.description.strip()
    if len(description) < JOB_DESCRIPTION_MIN:
        problems.append(
            (
                "description",
                _(
                    "Describe the job in a few sentences: the work, the team and what a day "
                    "looks like (at least 30 characters)."
                ),
            )
        )
    elif len(description) > JOB_DESCRIPTION_MAX:
        problems.append(("description", _("Use at most 20,000 characters for the description.")))
    columns: dict[str, object] = {
        "title": title,
        "role_type": data.role_type,
        "employment_type": data.employment_type,
        "openings": openings,
        "description": description,
    }
    return Checked(columns, problems)


def check_requirements(data: RequirementsInput) -> Checked:
    problems: list[Problem] = []
    try:
        required = parse_credential_groups(data.required_credentials)
    except JobInvalid as error:
        problems += error.problems
        required = []
    preferred, unknown = slugs(data.preferred_credentials, taxonomy.CREDENTIALS)
    if unknown:
        problems.append(("preferred_credentials", _("Choose credentials from the list.")))
    lists: dict[str, object] = {}
    for key, values, table in (
        ("specialties", data.specialties, taxonomy.SPECIALTIES),
        ("code_sets", data.code_sets, taxonomy.CODE_SETS),
        ("systems", data.systems, taxonomy.SYSTEMS),
    ):
        lists[key], unknown = slugs(values, table)
        if unknown:
            problems.append((key, _("Choose from the list.")))
    min_years = 0 if data.min_years is None else data.min_years
    if not 0 <= min_years <= 40:
        problems.append(("min_years", _("Enter the years of experience as a number from 0 to 40.")))
    columns: dict[str, object] = {
        "required_credentials": required,
        "preferred_credentials": preferred,
        **lists,
        "min_years": min_years,
        "new_graduates_welcome": data.new_graduates_welcome,
        "training_provided": data.training_provided,
    }
    return Checked(columns, problems)


# Pay ----------------------------------------------------------------------------------------


def _amount_in_range(value: Decimal) -> bool:
    return Decimal("0.01") <= value <= Decimal("99999999")


def _pay_amounts(data: PayInput, problems: list[Problem]) -> tuple[Decimal | None, Decimal | None]:
    pay_min, pay_max = data.pay_min, data.pay_max
    out_of_range = _("Enter an amount above 0 and below 100,000,000.")
    if pay_min is None:
        problems.append(("pay_min", _("Enter the lowest pay, for example 25 or 25000.")))
    elif not _amount_in_range(pay_min):
        problems.append(("pay_min", out_of_range))
    if pay_max is not None and not _amount_in_range(pay_max):
        problems.append(("pay_max", out_of_range))
    if pay_min is not None and pay_max is not None and pay_min > pay_max:
        problems.append(
            (
                "pay_max",
                _("The highest pay must be at least the lowest pay. Check the two amounts."),
            )
        )
    return pay_min, pay_max


def check_pay(data: PayInput) -> Checked:
    problems: list[Problem] = []
    pay_min, pay_max = _pay_amounts(data, problems)
    if data.pay_currency not in taxonomy.CURRENCIES:
        problems.append(("pay_currency", _("Choose the currency of the pay.")))
    if data.pay_period not in taxonomy.PAY_PERIODS:
        problems.append(
            ("pay_period", _("Choose how often the pay is counted: an hour, a month..."))
        )
    charts = data.charts_per_day
    if charts is not None and not 1 <= charts <= 2000:
        problems.append(("charts_per_day", _("Enter charts a day as a number from 1 to 2,000.")))
    qa = data.qa_accuracy
    if qa is not None and not 50 <= qa <= 100:
        problems.append(("qa_accuracy", _("Enter the accuracy as a percentage from 50 to 100.")))
    equipment = data.equipment or None
    if equipment is not None and equipment not in EQUIPMENT:
        problems.append(("equipment", _("Choose who provides the computer.")))
    weeks = data.onsite_training_weeks
    if weeks is not None and not 0 <= weeks <= 52:
        problems.append(("onsite_training_weeks", _("Enter a number of weeks from 0 to 52.")))
    columns: dict[str, object] = {
        "pay_min": pay_min,
        "pay_max": pay_max,
        "pay_currency": data.pay_currency or None,
        "pay_period": data.pay_period or None,
        "charts_per_day": charts,
        "qa_accuracy": qa,
        "equipment": equipment,
        "onsite_training_weeks": weeks,
        "no_dependent_care": data.no_dependent_care,
    }
    return Checked(columns, problems)


# How to apply -------------------------------------------------------------------------------


def expiry_bounds(today: date | None = None) -> tuple[date, date]:
    today = today or utcnow().date()
    return today, today + timedelta(days=MAX_EXPIRY_DAYS)


def expiry_from_date(day: date) -> datetime:
    """A closing date means the job stays up through that whole day (UTC)."""
    return datetime.combine(day, time(23, 59, 59))


def default_expiry(now: datetime | None = None) -> datetime:
    now = now or utcnow()
    return expiry_from_date((now + timedelta(days=DEFAULT_EXPIRY_DAYS)).date())


def _questions(data: ApplyInput, problems: list[Problem]) -> list[QuestionInput]:
    questions: list[QuestionInput] = []
    for i, question in enumerate(data.questions, start=1):
        text = question.text.strip()
        if not text:
            if question.must_be_yes:
                problems.append(
                    (f"question{i}_text", _("Question %(n)s: enter the question.", n=i))
                )
            continue
        if len(text) > JOB_QUESTION_MAX:
            problems.append(
                (f"question{i}_text", _("Question %(n)s: use at most 300 characters.", n=i))
            )
            continue
        questions.append(QuestionInput(text=text, must_be_yes=question.must_be_yes))
    if len(questions) > MAX_QUESTIONS:
        problems.append(("question1_text", _("Ask at most %(n)s questions.", n=MAX_QUESTIONS)))
    return questions


def _apply_url(data: ApplyInput, problems: list[Problem]) -> str | None:
    """The external application page's address; None when people apply on CoderMatch."""
    if data.apply_method != "external":
        return None
    url = data.apply_url.strip() or None
    if not url:
        problems.append(("apply_url", _("Enter the address of the page where people apply.")))
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(
            (
                "apply_url",
                _(
                    "Enter a web address that starts with https:// or http://, like "
                    "https://careers.example.com/job/123."
                ),
            )
        )
    elif len(url) > JOB_APPLY_URL_MAX:
        problems.append(("apply_url", _("Use a web address of at most 500 characters.")))
    return url


def _expires_at(expires_on: date | None, problems: list[Problem]) -> datetime | None:
    if expires_on is None:
        return None
    first, last = expiry_bounds()
    if expires_on < first:
        problems.append(("expires_on", _("The closing date is in the past. Choose a later date.")))
        return None
    if expires_on > last:
        problems.append(
            (
                "expires_on",
                _(
                    "Choose a closing date at most %(days)s days from today "
                    "(by %(last)s). You can renew the job later.",
                    days=MAX_EXPIRY_DAYS,
                    last=last.isoformat(),
                ),
            )
        )
        return None
    return expiry_from_date(expires_on)


def check_apply(data: ApplyInput) -> Checked:
    problems: list[Problem] = []
    questions = _questions(data, problems)
    if data.apply_method not in APPLY_METHODS:
        problems.append(("apply_method", _("Choose how people apply.")))
    url = _apply_url(data, problems)
    columns: dict[str, object] = {
        "apply_method": data.apply_method,
        "apply_url": url,
        "expires_at": _expires_at(data.expires_on, problems),
    }
    return Checked(columns, problems, questions=questions)
