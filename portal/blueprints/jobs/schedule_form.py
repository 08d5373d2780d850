"""The posting step "Schedule and place": where the work is done, the zone of the shift
times, up to three shift patterns (or flexible hours), and the weekly hours."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, StringField
from wtforms.validators import InputRequired, Length, Optional

from portal import taxonomy
from portal.blueprints.jobs.forms import (
    StepForm,
    day_numbers,
    multi_field,
    radio_field,
    select_field,
)
from portal.limits import JOB_OFFICE_CITY_MAX, JOB_OFFICE_REGION_MAX
from portal.services import jobs as job_rules
from portal.services.jobs import JobInput, OfficeInput, ScheduleInput, ShiftInput
from portal.web.fields import TimeInputField, WholeNumberField, clock, parse_time


def _minutes(clock_text: str) -> int | None:
    """A saved shift time ("09:00") back as the minutes the time field holds."""
    return parse_time(clock_text) if clock_text else None


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


# Step 3 -------------------------------------------------------------------------------------


class ScheduleForm(StepForm):
    work_mode = radio_field(
        _l("Where is the work done?"),
        choices=taxonomy.choices(taxonomy.WORK_MODES),
        default="remote",
        validators=[InputRequired(_l("Choose where the work is done."))],
    )
    applicant_countries = multi_field(
        _l("For remote work: countries applicants may live in"),
        choices=taxonomy.choices(taxonomy.COUNTRIES),
        description=_l("Required for remote jobs. Tax and employment law decide this."),
    )
    applicant_us_states = multi_field(
        _l("Only these US states"),
        choices=taxonomy.choices(taxonomy.US_STATES),
        description=_l("Leave empty to hire from every state."),
    )
    applicant_india_states = multi_field(
        _l("Only these Indian states"),
        choices=taxonomy.choices(taxonomy.INDIA_STATES),
        description=_l("Leave empty to hire from all of India."),
    )
    timezone = select_field(
        _l("Time zone of the shift times"),
        choices=[("", _l("Automatic: the first office's city, else your organization's country"))]
        + TIMEZONES,
        validators=[Optional()],
        description=_l("Houston gives US Central time. Choose a zone to set it yourself."),
    )
    schedule = radio_field(
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

    def to_input(self) -> ScheduleInput:
        regions = [f"US-{code}" for code in self.applicant_us_states.data or []]
        regions += [f"IN-{code}" for code in self.applicant_india_states.data or []]
        return ScheduleInput(
            work_mode=self.work_mode.data or "",
            offices=[
                OfficeInput(
                    city=self._field(f"office{i}_city").data or "",
                    region=self._field(f"office{i}_region").data,
                    country=self._field(f"office{i}_country").data or "",
                )
                for i in range(1, job_rules.MAX_OFFICES + 1)
            ],
            applicant_countries=self.applicant_countries.data or [],
            applicant_regions=regions,
            timezone=self.timezone.data or "",
            schedule_flexible=self.schedule.data == "flexible",
            accepts_part_time=bool(self.accepts_part_time.data),
            shift_patterns=[
                ShiftInput(
                    days=day_numbers(self._field(f"shift{i}_days").data),
                    start=clock(self._field(f"shift{i}_start").data),
                    end=clock(self._field(f"shift{i}_end").data),
                    next_day=bool(self._field(f"shift{i}_next_day").data),
                )
                for i in range(1, job_rules.MAX_SHIFT_PATTERNS + 1)
            ],
            hours_min=self.hours_min.data,
            hours_max=self.hours_max.data,
        )

    def _field(self, name: str) -> Field:
        """One of the numbered office and shift fields added below the class."""
        field: Field = getattr(self, name)
        return field

    def fill(self, saved: JobInput) -> None:
        data = saved.schedule
        self.work_mode.data = data.work_mode
        for i, office in enumerate(data.offices[: job_rules.MAX_OFFICES], start=1):
            self._field(f"office{i}_city").data = office.city
            self._field(f"office{i}_region").data = office.region or ""
            self._field(f"office{i}_country").data = office.country
        self.applicant_countries.data = list(data.applicant_countries)
        self.applicant_us_states.data = [
            r[3:] for r in data.applicant_regions if r.startswith("US-")
        ]
        self.applicant_india_states.data = [
            r[3:] for r in data.applicant_regions if r.startswith("IN-")
        ]
        self.timezone.data = data.timezone
        self.schedule.data = "flexible" if data.schedule_flexible else "fixed"
        self.accepts_part_time.data = data.accepts_part_time
        patterns = data.shift_patterns[: job_rules.MAX_SHIFT_PATTERNS]
        for i, pattern in enumerate(patterns, start=1):
            self._field(f"shift{i}_days").data = [str(d) for d in pattern.days]
            self._field(f"shift{i}_start").data = _minutes(pattern.start)
            self._field(f"shift{i}_end").data = _minutes(pattern.end)
            self._field(f"shift{i}_next_day").data = pattern.next_day
        self.hours_min.data = data.hours_min
        self.hours_max.data = data.hours_max


for _i in range(1, job_rules.MAX_OFFICES + 1):
    setattr(
        ScheduleForm,
        f"office{_i}_city",
        StringField(_l("City"), validators=[Length(max=JOB_OFFICE_CITY_MAX)]),
    )
    setattr(
        ScheduleForm,
        f"office{_i}_region",
        StringField(
            _l("State or region"),
            validators=[Length(max=JOB_OFFICE_REGION_MAX)],
            description=_l("For the US and India, the state: TX or Texas, TN or Tamil Nadu."),
        ),
    )
    setattr(
        ScheduleForm,
        f"office{_i}_country",
        select_field(
            _l("Country"), choices=[("", _l("Choose one"))] + taxonomy.choices(taxonomy.COUNTRIES)
        ),
    )
for _i in range(1, job_rules.MAX_SHIFT_PATTERNS + 1):
    setattr(ScheduleForm, f"shift{_i}_days", multi_field(_l("Days"), choices=DAYS))
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
