"""The posting steps: their names and titles, the typed input each step form builds, and a saved
job read back as those inputs (to fill the forms and to check the whole job before publishing).

Inputs carry what the person gave, parsed by the form's fields (numbers, amounts, dates) but not
yet checked; credentials stay as typed ("RHIT and (CCS or CIC)"). The checks in `checks.py` and
`schedule.py` turn them into column values or say what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from flask_babel import lazy_gettext as _l

from portal.errors import ValidationFailed

# The posting steps in order; "preview" is the check-your-answers page before publishing.
STEPS: tuple[str, ...] = ("basics", "requirements", "schedule", "pay", "apply")
STEP_TITLES: dict[str, str] = {
    "basics": _l("About the job"),
    "requirements": _l("Who you are looking for"),
    "schedule": _l("Schedule and place"),
    "pay": _l("Pay and terms"),
    "apply": _l("Screening and how to apply"),
}
MAX_OFFICES = 3
MAX_SHIFT_PATTERNS = 3
MAX_QUESTIONS = 5
EQUIPMENT = {"provided": _l("Equipment provided"), "own": _l("Bring your own computer")}
APPLY_METHODS = {"portal": _l("On CoderMatch"), "external": _l("On our own website")}

# A problem found in a step: the form field it belongs to (None for the whole step), the message.
Problem = tuple[str | None, str]


class JobInvalid(ValidationFailed):
    """Several problems at once, each with its field, so a form can show all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        field_name, message = problems[0]
        super().__init__(message, field=field_name)
        self.problems = problems


@dataclass(frozen=True)
class BasicsInput:
    STEP: ClassVar[str] = "basics"
    title: str = ""
    role_type: str = ""
    employment_type: str = ""
    openings: int | None = None  # None: one opening
    description: str = ""  # Markdown


@dataclass(frozen=True)
class RequirementsInput:
    STEP: ClassVar[str] = "requirements"
    required_credentials: str = ""  # as typed: "RHIT and (CCS or CIC)"
    preferred_credentials: list[str] = field(default_factory=list)
    specialties: list[str] = field(default_factory=list)
    code_sets: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    min_years: int | None = None  # None: no experience needed
    new_graduates_welcome: bool = False
    training_provided: bool = False


@dataclass(frozen=True)
class OfficeInput:
    city: str = ""
    region: str | None = None  # "TX" or "Texas" for the US and India, else as typed
    country: str = ""


@dataclass(frozen=True)
class ShiftInput:
    days: list[int] = field(default_factory=list)  # 0 is Monday
    start: str = ""  # "09:00"
    end: str = ""
    # Ticked "Ends the next day"; None (not typed into a form, e.g. the demo) lets the times say.
    next_day: bool | None = None


@dataclass(frozen=True)
class ScheduleInput:
    STEP: ClassVar[str] = "schedule"
    work_mode: str = ""
    offices: list[OfficeInput] = field(default_factory=list)
    applicant_countries: list[str] = field(default_factory=list)
    applicant_regions: list[str] = field(default_factory=list)  # "US-TX"
    timezone: str = ""  # "": the first office's zone, else the organization's country's
    schedule_flexible: bool = False
    shift_patterns: list[ShiftInput] = field(default_factory=list)
    accepts_part_time: bool = False
    hours_min: int | None = None
    hours_max: int | None = None


@dataclass(frozen=True)
class PayInput:
    STEP: ClassVar[str] = "pay"
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None  # None: the pay is one amount
    pay_currency: str = ""
    pay_period: str = ""
    charts_per_day: int | None = None
    qa_accuracy: int | None = None
    equipment: str = ""  # "provided", "own" or "" (not stated)
    onsite_training_weeks: int | None = None
    no_dependent_care: bool = False


@dataclass(frozen=True)
class QuestionInput:
    text: str = ""
    must_be_yes: bool = False


@dataclass(frozen=True)
class ApplyInput:
    STEP: ClassVar[str] = "apply"
    questions: list[QuestionInput] = field(default_factory=list)
    apply_method: str = ""
    apply_url: str = ""
    expires_on: date | None = None  # None: keep the closing date (or the default one)


StepInput = BasicsInput | RequirementsInput | ScheduleInput | PayInput | ApplyInput


@dataclass(frozen=True)
class JobInput:
    """A whole job, step by step: what the forms fill and what publishing checks again."""

    basics: BasicsInput
    requirements: RequirementsInput
    schedule: ScheduleInput
    pay: PayInput
    apply: ApplyInput

    def steps(self) -> tuple[StepInput, ...]:
        """Each step's input, in the order of `STEPS`."""
        return (self.basics, self.requirements, self.schedule, self.pay, self.apply)

    def step(self, name: str) -> StepInput:
        return self.steps()[STEPS.index(name)]
