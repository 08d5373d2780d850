"""The job posting steps, the employer's job list actions and the report form.

Each step form turns its fields into the data `portal.services.jobs.save_step` accepts
(`to_data()`) and fills itself from a saved job (`fill()`); the service checks the rules, so the
fields here only parse what the person typed and keep it on error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal import taxonomy
from portal.forms import Form
from portal.limits import JOB_TITLE_MAX
from portal.moderation import REPORT_REASONS
from portal.services import jobs as job_rules
from portal.web.fields import (
    DateInputField,
    MoneyField,
    MultiCheckboxField,
    TimeInputField,
    WholeNumberField,
    clock,
    parse_time,
)

DAYS = [
    ("0", _l("Monday")),
    ("1", _l("Tuesday")),
    ("2", _l("Wednesday")),
    ("3", _l("Thursday")),
    ("4", _l("Friday")),
    ("5", _l("Saturday")),
    ("6", _l("Sunday")),
]

# Zones employers on this board use most; the service accepts any IANA zone.
TIMEZONES = [
    ("America/New_York", _l("US Eastern (New York)")),
    ("America/Chicago", _l("US Central (Chicago)")),
    ("America/Denver", _l("US Mountain (Denver)")),
    ("America/Phoenix", _l("US Arizona (Phoenix)")),
    ("America/Los_Angeles", _l("US Pacific (Los Angeles)")),
    ("America/Anchorage", _l("US Alaska (Anchorage)")),
    ("Pacific/Honolulu", _l("US Hawaii (Honolulu)")),
    ("Asia/Kolkata", _l("India (IST)")),
    ("Asia/Riyadh", _l("Saudi Arabia (Riyadh)")),
    ("Asia/Dubai", _l("United Arab Emirates (Dubai)")),
    ("Asia/Qatar", _l("Qatar (Doha)")),
    ("Asia/Kuwait", _l("Kuwait")),
    ("Asia/Muscat", _l("Oman (Muscat)")),
    ("Asia/Bahrain", _l("Bahrain")),
    ("Asia/Manila", _l("Philippines (Manila)")),
    ("Asia/Karachi", _l("Pakistan (Karachi)")),
    ("Africa/Cairo", _l("Egypt (Cairo)")),
    ("Asia/Amman", _l("Jordan (Amman)")),
    ("Europe/London", _l("United Kingdom (London)")),
    ("America/Toronto", _l("Canada Eastern (Toronto)")),
    ("Australia/Sydney", _l("Australia Eastern (Sydney)")),
    ("UTC", _l("UTC")),
]


# The services check every choice and say how to fix a wrong one, so the fields only collect.
def _select(*args: Any, **kwargs: Any) -> SelectField:
    return SelectField(*args, validate_choice=False, **kwargs)


def _radio(*args: Any, **kwargs: Any) -> RadioField:
    return RadioField(*args, validate_choice=False, **kwargs)


def _multi(*args: Any, **kwargs: Any) -> MultiCheckboxField:
    return MultiCheckboxField(*args, validate_choice=False, **kwargs)


# Step 1 -------------------------------------------------------------------------------------


class BasicsForm(Form):
    title = StringField(
        _l("Job title"),
        validators=[
            InputRequired(_l("Enter the job title, for example Remote CPC coder.")),
            Length(max=JOB_TITLE_MAX),
        ],
        description=_l("Plain words people search for: Remote CPC coder, Inpatient DRG coder."),
    )
    role_type = _select(
        _l("Kind of role"),
        choices=taxonomy.choices(taxonomy.ROLE_TYPES),
        default="coder",
        validators=[InputRequired(_l("Choose the kind of role."))],
    )
    employment_type = _radio(
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

    def to_data(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "role_type": self.role_type.data,
            "employment_type": self.employment_type.data,
            "openings": self.openings.data,
            "description": self.description.data,
        }

    def fill(self, data: dict[str, Any]) -> None:
        self.title.data = data["title"]
        self.role_type.data = data["role_type"]
        self.employment_type.data = data["employment_type"]
        self.openings.data = data["openings"]
        self.description.data = data["description"]


# Step 2 -------------------------------------------------------------------------------------


class RequirementsForm(Form):
    required_credentials = StringField(
        _l("Required credentials"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            'Use "and" between credentials a person must all have and "or" between '
            "alternatives, for example: RHIT and (CCS or CIC). Leave empty if none is required."
        ),
    )
    preferred_credentials = _multi(
        _l("Preferred credentials"),
        choices=[(c, c) for c in taxonomy.CREDENTIALS if c != "OTHER"],
        description=_l("Nice to have, not required."),
    )
    specialties = _multi(_l("Specialties"), choices=taxonomy.choices(taxonomy.SPECIALTIES))
    code_sets = _multi(_l("Code sets"), choices=taxonomy.choices(taxonomy.CODE_SETS))
    systems = _multi(_l("Systems and software"), choices=taxonomy.choices(taxonomy.SYSTEMS))
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

    def to_data(self) -> dict[str, Any]:
        return {
            "required_credentials": self.required_credentials.data or "",
            "preferred_credentials": self.preferred_credentials.data or [],
            "specialties": self.specialties.data or [],
            "code_sets": self.code_sets.data or [],
            "systems": self.systems.data or [],
            "min_years": self.min_years.data,
            "new_graduates_welcome": self.new_graduates_welcome.data,
            "training_provided": self.training_provided.data,
        }

    def fill(self, data: dict[str, Any]) -> None:
        self.required_credentials.data = job_rules.format_credential_groups(
            data["required_credentials"]
        )
        for key in ("preferred_credentials", "specialties", "code_sets", "systems"):
            getattr(self, key).data = list(data[key])
        self.min_years.data = data["min_years"]
        self.new_graduates_welcome.data = data["new_graduates_welcome"]
        self.training_provided.data = data["training_provided"]


# Step 3 -------------------------------------------------------------------------------------


class ScheduleForm(Form):
    work_mode = _radio(
        _l("Where is the work done?"),
        choices=taxonomy.choices(taxonomy.WORK_MODES),
        default="remote",
        validators=[InputRequired(_l("Choose where the work is done."))],
    )
    applicant_countries = _multi(
        _l("For remote work: countries applicants may live in"),
        choices=taxonomy.choices(taxonomy.COUNTRIES),
        description=_l("Required for remote jobs. Tax and employment law decide this."),
    )
    applicant_us_states = _multi(
        _l("Only these US states"),
        choices=taxonomy.choices(taxonomy.US_STATES),
        description=_l("Leave empty to hire from every state."),
    )
    applicant_india_states = _multi(
        _l("Only these Indian states"),
        choices=taxonomy.choices(taxonomy.INDIA_STATES),
        description=_l("Leave empty to hire from all of India."),
    )
    timezone = _select(
        _l("Time zone of the shift times"),
        choices=[("", _l("Automatic: the first office's city, else your organization's country"))]
        + TIMEZONES,
        validators=[Optional()],
        description=_l("Houston gives US Central time. Choose a zone to set it yourself."),
    )
    schedule = _radio(
        _l("Hours"),
        validators=[InputRequired(_l("Choose fixed shifts or flexible hours."))],
        choices=[
            ("fixed", _l("Fixed shifts (days and times)")),
            ("flexible", _l("Flexible hours: people choose when they work")),
        ],
        default="fixed",
    )
    accepts_part_time = BooleanField(
        _l("We take part-time or split shifts"),
        description=_l(
            "Tick this if people may work part of the shifts. Without it, whoever takes the "
            "job works all the shift hours, and only people free for all of them match."
        ),
    )
    hours_min = WholeNumberField(
        _l("Fewest hours a week"),
        description=_l(
            "Required for flexible hours. For shifts, only with part-time or split shifts: "
            "the fewest of the shift hours someone must work."
        ),
    )
    hours_max = WholeNumberField(_l("Most hours a week"))

    def to_data(self) -> dict[str, Any]:
        regions = [f"US-{code}" for code in self.applicant_us_states.data or []]
        regions += [f"IN-{code}" for code in self.applicant_india_states.data or []]
        return {
            "work_mode": self.work_mode.data,
            "offices": [
                {
                    "city": getattr(self, f"office{i}_city").data,
                    "region": getattr(self, f"office{i}_region").data,
                    "country": getattr(self, f"office{i}_country").data,
                }
                for i in range(1, job_rules.MAX_OFFICES + 1)
            ],
            "applicant_countries": self.applicant_countries.data or [],
            "applicant_regions": regions,
            "timezone": self.timezone.data,
            "schedule_flexible": self.schedule.data == "flexible",
            "accepts_part_time": bool(self.accepts_part_time.data),
            "shift_patterns": [
                {
                    "days": getattr(self, f"shift{i}_days").data or [],
                    "start": clock(getattr(self, f"shift{i}_start").data),
                    "end": clock(getattr(self, f"shift{i}_end").data),
                    "next_day": bool(getattr(self, f"shift{i}_next_day").data),
                }
                for i in range(1, job_rules.MAX_SHIFT_PATTERNS + 1)
            ],
            "hours_min": self.hours_min.data,
            "hours_max": self.hours_max.data,
        }

    def fill(self, data: dict[str, Any]) -> None:
        self.work_mode.data = data["work_mode"]
        for i, office in enumerate(data["offices"][: job_rules.MAX_OFFICES], start=1):
            getattr(self, f"office{i}_city").data = office["city"]
            getattr(self, f"office{i}_region").data = office["region"] or ""
            getattr(self, f"office{i}_country").data = office["country"]
        self.applicant_countries.data = list(data["applicant_countries"])
        self.applicant_us_states.data = [
            r[3:] for r in data["applicant_regions"] if r.startswith("US-")
        ]
        self.applicant_india_states.data = [
            r[3:] for r in data["applicant_regions"] if r.startswith("IN-")
        ]
        self.timezone.data = data["timezone"]
        self.schedule.data = "flexible" if data["schedule_flexible"] else "fixed"
        self.accepts_part_time.data = bool(data.get("accepts_part_time"))
        patterns = data["shift_patterns"][: job_rules.MAX_SHIFT_PATTERNS]
        for i, pattern in enumerate(patterns, start=1):
            getattr(self, f"shift{i}_days").data = [str(d) for d in pattern["days"]]
            getattr(self, f"shift{i}_start").data = parse_time(pattern["start"])
            getattr(self, f"shift{i}_end").data = parse_time(pattern["end"])
            getattr(self, f"shift{i}_next_day").data = pattern["next_day"]
        self.hours_min.data = data["hours_min"]
        self.hours_max.data = data["hours_max"]


for _i in range(1, job_rules.MAX_OFFICES + 1):
    setattr(ScheduleForm, f"office{_i}_city", StringField(_l("City"), validators=[Length(max=120)]))
    setattr(
        ScheduleForm,
        f"office{_i}_region",
        StringField(
            _l("State or region"),
            validators=[Length(max=64)],
            description=_l("For the US and India, the state: TX or Texas, TN or Tamil Nadu."),
        ),
    )
    setattr(
        ScheduleForm,
        f"office{_i}_country",
        _select(
            _l("Country"), choices=[("", _l("Choose one"))] + taxonomy.choices(taxonomy.COUNTRIES)
        ),
    )
for _i in range(1, job_rules.MAX_SHIFT_PATTERNS + 1):
    setattr(ScheduleForm, f"shift{_i}_days", _multi(_l("Days"), choices=DAYS))
    setattr(
        ScheduleForm,
        f"shift{_i}_start",
        TimeInputField(
            _l("Starts at"), invalid=_l("Shift %(n)s: enter a start time like 09:00.", n=_i)
        ),
    )
    setattr(
        ScheduleForm,
        f"shift{_i}_end",
        TimeInputField(
            _l("Ends at"),
            invalid=_l("Shift %(n)s: enter an end time like 17:30.", n=_i),
            description=_l('For a night shift, such as 19:30 to 04:30, tick "Ends the next day".'),
        ),
    )
    setattr(
        ScheduleForm, f"shift{_i}_next_day", BooleanField(_l("Ends the next day (after midnight)"))
    )


# Step 4 -------------------------------------------------------------------------------------


class PayForm(Form):
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
    pay_currency = _select(
        _l("Currency"),
        choices=[(code, code) for code in taxonomy.CURRENCIES],
        default="USD",
        validators=[InputRequired(_l("Choose the currency of the pay."))],
    )
    pay_period = _select(
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
    equipment = _radio(
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

    def to_data(self) -> dict[str, Any]:
        return {
            "pay_min": self.pay_min.data,
            "pay_max": self.pay_max.data,
            "pay_currency": self.pay_currency.data,
            "pay_period": self.pay_period.data,
            "charts_per_day": self.charts_per_day.data,
            "qa_accuracy": self.qa_accuracy.data,
            "equipment": self.equipment.data or None,
            "onsite_training_weeks": self.onsite_training_weeks.data,
            "no_dependent_care": self.no_dependent_care.data,
        }

    def fill(self, data: dict[str, Any]) -> None:
        self.pay_min.data = data["pay_min"]
        self.pay_max.data = data["pay_max"]
        if data["pay_currency"]:
            self.pay_currency.data = data["pay_currency"]
        if data["pay_period"]:
            self.pay_period.data = data["pay_period"]
        self.charts_per_day.data = data["charts_per_day"]
        self.qa_accuracy.data = data["qa_accuracy"]
        self.equipment.data = data["equipment"] or ""
        self.onsite_training_weeks.data = data["onsite_training_weeks"]
        self.no_dependent_care.data = data["no_dependent_care"]


# Step 5 -------------------------------------------------------------------------------------


class ApplyForm(Form):
    apply_method = _radio(
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
        validators=[Length(max=500)],
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

    def to_data(self) -> dict[str, Any]:
        return {
            "questions": [
                {
                    "text": getattr(self, f"question{i}_text").data,
                    "must_be_yes": getattr(self, f"question{i}_must_be_yes").data,
                }
                for i in range(1, job_rules.MAX_QUESTIONS + 1)
            ],
            "apply_method": self.apply_method.data,
            "apply_url": self.apply_url.data,
            "expires_on": self.expires_on.data,
        }

    def fill(self, data: dict[str, Any], expires_on: date | None) -> None:
        for i, question in enumerate(data["questions"][: job_rules.MAX_QUESTIONS], start=1):
            getattr(self, f"question{i}_text").data = question["text"]
            getattr(self, f"question{i}_must_be_yes").data = question["must_be_yes"]
        self.apply_method.data = data["apply_method"]
        self.apply_url.data = data["apply_url"] or ""
        self.expires_on.data = expires_on


for _i in range(1, job_rules.MAX_QUESTIONS + 1):
    setattr(
        ApplyForm,
        f"question{_i}_text",
        StringField(
            _l("Question %(n)s", n=_i),
            validators=[Length(max=300)],
            description=_l("A yes/no question, for example: Do you hold an active CPC?")
            if _i == 1
            else None,
        ),
    )
    setattr(
        ApplyForm,
        f"question{_i}_must_be_yes",
        BooleanField(_l("A yes is needed for this job (a deal-breaker)")),
    )


STEP_FORMS: dict[str, type[Form]] = {
    "basics": BasicsForm,
    "requirements": RequirementsForm,
    "schedule": ScheduleForm,
    "pay": PayForm,
    "apply": ApplyForm,
}


# Other forms --------------------------------------------------------------------------------


class RenewForm(Form):
    days = SelectField(
        _l("Keep it open for"),
        choices=[
            ("30", _l("30 more days")),
            ("60", _l("60 more days")),
            ("90", _l("90 more days")),
        ],
        default="30",
    )


class ReportForm(Form):
    reason = _radio(
        _l("What is wrong with this job?"),
        choices=[(key, label) for key, label in REPORT_REASONS.items()],
        validators=[InputRequired(_l("Choose what is wrong with this job."))],
    )
    details = TextAreaField(
        _l("Anything else we should know"),
        validators=[Optional(), Length(max=1000)],
        description=_l("For example what they asked you to pay, and how."),
        render_kw={"rows": 4},
    )
