"""The posting steps' forms, one per step (the schedule's is in `schedule_form.py`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal import taxonomy
from portal.blueprints.jobs.forms import (
    StepForm,
    multi_field,
    radio_field,
    select_field,
)
from portal.blueprints.jobs.schedule_form import ScheduleForm
from portal.limits import JOB_APPLY_URL_MAX, JOB_QUESTION_MAX, JOB_TITLE_MAX
from portal.services import jobs as job_rules
from portal.services.jobs import (
    ApplyInput,
    BasicsInput,
    JobInput,
    PayInput,
    QuestionInput,
    RequirementsInput,
)
from portal.web.fields import DateInputField, MoneyField, WholeNumberField

# Step 1 -------------------------------------------------------------------------------------


class BasicsForm(StepForm):
    title = StringField(
        _l("Job title"),
        validators=[
            InputRequired(_l("Enter the job title, for example Remote CPC coder.")),
            Length(max=JOB_TITLE_MAX),
        ],
        description=_l("Plain words people search for: Remote CPC coder, Inpatient DRG coder."),
    )
    role_type = select_field(
        _l("Kind of role"),
        choices=taxonomy.choices(taxonomy.ROLE_TYPES),
        default="coder",
        validators=[InputRequired(_l("Choose the kind of role."))],
    )
    employment_type = radio_field(
        _l("Type of employment"),
        choices=taxonomy.choices(taxonomy.EMPLOYMENT_TYPES),
        default="full_time",
        validators=[InputRequired(_l("Choose full time, part time or another type."))],
    )
    openings = WholeNumberField(_l("Number of openings"), default=1)
    description = TextAreaField(
        _l("Describe the job"),
        validators=[InputRequired(_l("Describe the job in a few sentences."))],
        description=_l(
            "The work, the team and what a day looks like. You can use Markdown: **bold**, "
            "lists with -, and links."
        ),
        render_kw={"rows": 12},
    )

    def to_input(self) -> BasicsInput:
        return BasicsInput(
            title=self.title.data or "",
            role_type=self.role_type.data or "",
            employment_type=self.employment_type.data or "",
            openings=self.openings.data,
            description=self.description.data or "",
        )

    def fill(self, saved: JobInput) -> None:
        data = saved.basics
        self.title.data = data.title
        self.role_type.data = data.role_type
        self.employment_type.data = data.employment_type
        self.openings.data = data.openings
        self.description.data = data.description


# Step 2 -------------------------------------------------------------------------------------


class RequirementsForm(StepForm):
    required_credentials = StringField(
        _l("Required credentials"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            'Use "and" between credentials a person must all have and "or" between '
            "alternatives, for example: RHIT and (CCS or CIC). Leave empty if none is required."
        ),
    )
    preferred_credentials = multi_field(
        _l("Preferred credentials"),
        choices=[(c, c) for c in taxonomy.CREDENTIALS if c != "OTHER"],
        description=_l("Nice to have, not required."),
    )
    specialties = multi_field(_l("Specialties"), choices=taxonomy.choices(taxonomy.SPECIALTIES))
    code_sets = multi_field(_l("Code sets"), choices=taxonomy.choices(taxonomy.CODE_SETS))
    systems = multi_field(_l("Systems and software"), choices=taxonomy.choices(taxonomy.SYSTEMS))
    min_years = WholeNumberField(
        _l("Years of experience needed"), default=0, description=_l("0 if none.")
    )
    new_graduates_welcome = BooleanField(
        _l("New graduates and CPC-A holders are welcome"),
        description=_l("People who passed the exam but have less than 2 years of experience."),
    )
    training_provided = BooleanField(
        _l("We provide a preceptor or training"),
        description=_l("Someone checks new coders' work and helps them learn."),
    )

    def to_input(self) -> RequirementsInput:
        return RequirementsInput(
            required_credentials=self.required_credentials.data or "",
            preferred_credentials=self.preferred_credentials.data or [],
            specialties=self.specialties.data or [],
            code_sets=self.code_sets.data or [],
            systems=self.systems.data or [],
            min_years=self.min_years.data,
            new_graduates_welcome=bool(self.new_graduates_welcome.data),
            training_provided=bool(self.training_provided.data),
        )

    def fill(self, saved: JobInput) -> None:
        data = saved.requirements
        self.required_credentials.data = data.required_credentials
        self.preferred_credentials.data = list(data.preferred_credentials)
        self.specialties.data = list(data.specialties)
        self.code_sets.data = list(data.code_sets)
        self.systems.data = list(data.systems)
        self.min_years.data = data.min_years
        self.new_graduates_welcome.data = data.new_graduates_welcome
        self.training_provided.data = data.training_provided


# Step 4 -------------------------------------------------------------------------------------


class PayForm(StepForm):
    pay_min = MoneyField(
        _l("Lowest pay"),
        validators=[InputRequired(_l("Enter the lowest pay, for example 25 or 25000."))],
        invalid=_l("Enter the lowest pay, for example 25 or 25000."),
    )
    pay_max = MoneyField(
        _l("Highest pay"),
        description=_l("Leave empty if the pay is one amount."),
        invalid=_l("Enter the highest pay as a number, or leave it empty."),
    )
    pay_currency = select_field(
        _l("Currency"),
        choices=[(code, code) for code in taxonomy.CURRENCIES],
        default="USD",
        validators=[InputRequired(_l("Choose the currency of the pay."))],
    )
    pay_period = select_field(
        _l("Paid"),
        choices=[(key, period.label) for key, period in taxonomy.PAY_PERIODS.items()],
        default="hour",
        validators=[InputRequired(_l("Choose how often the pay is counted."))],
    )
    charts_per_day = WholeNumberField(
        _l("Charts a day expected"), description=_l("Leave empty if you do not set a number.")
    )
    qa_accuracy = WholeNumberField(
        _l("Accuracy expected in quality checks (%)"), description=_l("For example 95.")
    )
    equipment = radio_field(
        _l("Computer for remote work"),
        choices=[
            ("provided", _l("We provide the computer and equipment")),
            ("own", _l("People use their own computer")),
            ("", _l("Not stated")),
        ],
        default="",
        validators=[Optional()],
    )
    onsite_training_weeks = WholeNumberField(
        _l("Weeks of training at the office first"), description=_l("0 or empty if none.")
    )
    no_dependent_care = BooleanField(
        _l("No caring for children or others while working"),
        description=_l("Many remote employers ask this; say it plainly so nobody is surprised."),
    )

    def to_input(self) -> PayInput:
        return PayInput(
            pay_min=self.pay_min.data,
            pay_max=self.pay_max.data,
            pay_currency=self.pay_currency.data or "",
            pay_period=self.pay_period.data or "",
            charts_per_day=self.charts_per_day.data,
            qa_accuracy=self.qa_accuracy.data,
            equipment=self.equipment.data or "",
            onsite_training_weeks=self.onsite_training_weeks.data,
            no_dependent_care=bool(self.no_dependent_care.data),
        )

    def fill(self, saved: JobInput) -> None:
        data = saved.pay
        self.pay_min.data = data.pay_min
        self.pay_max.data = data.pay_max
        if data.pay_currency:
            self.pay_currency.data = data.pay_currency
        if data.pay_period:
            self.pay_period.data = data.pay_period
        self.charts_per_day.data = data.charts_per_day
        self.qa_accuracy.data = data.qa_accuracy
        self.equipment.data = data.equipment
        self.onsite_training_weeks.data = data.onsite_training_weeks
        self.no_dependent_care.data = data.no_dependent_care


# Step 5 -------------------------------------------------------------------------------------


class ApplyForm(StepForm):
    apply_method = radio_field(
        _l("How do people apply?"),
        choices=[
            ("portal", _l("On CoderMatch: we collect the applications for you")),
            ("external", _l("On our own website")),
        ],
        default="portal",
        validators=[InputRequired(_l("Choose how people apply."))],
    )
    apply_url = StringField(
        _l("Address of your application page"),
        validators=[Length(max=JOB_APPLY_URL_MAX)],
        description=_l(
            "Only for applying on your own website. The full address, like "
            "https://careers.example.com/job/123."
        ),
        render_kw={"type": "url", "inputmode": "url"},
    )
    expires_on = DateInputField(
        _l("Closing date"),
        invalid=_l("Enter the closing date like 2026-12-31."),
        description=_l(
            "The job comes down after this day. At most 90 days from today; you can renew it."
        ),
    )

    def to_input(self) -> ApplyInput:
        return ApplyInput(
            questions=[
                QuestionInput(
                    text=self._field(f"question{i}_text").data or "",
                    must_be_yes=bool(self._field(f"question{i}_must_be_yes").data),
                )
                for i in range(1, job_rules.MAX_QUESTIONS + 1)
            ],
            apply_method=self.apply_method.data or "",
            apply_url=self.apply_url.data or "",
            expires_on=self.expires_on.data,
        )

    def _field(self, name: str) -> Field:
        """One of the numbered question fields added below the class."""
        field: Field = getattr(self, name)
        return field

    def fill(self, saved: JobInput) -> None:
        data = saved.apply
        for i, question in enumerate(data.questions[: job_rules.MAX_QUESTIONS], start=1):
            self._field(f"question{i}_text").data = question.text
            self._field(f"question{i}_must_be_yes").data = question.must_be_yes
        self.apply_method.data = data.apply_method
        self.apply_url.data = data.apply_url
        self.expires_on.data = data.expires_on


for _i in range(1, job_rules.MAX_QUESTIONS + 1):
    setattr(
        ApplyForm,
        f"question{_i}_text",
        StringField(
            _l("Question %(n)s", n=_i),
            validators=[Length(max=JOB_QUESTION_MAX)],
            description=_l("A yes/no question, for example: Do you hold an active CPC?")
            if _i == 1
            else "",
        ),
    )
    setattr(
        ApplyForm,
        f"question{_i}_must_be_yes",
        BooleanField(_l("A yes is needed for this job (a deal-breaker)")),
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    "basics": BasicsForm,
    "requirements": RequirementsForm,
    "schedule": ScheduleForm,
    "pay": PayForm,
    "apply": ApplyForm,
}
