"""The profile steps' forms. Every message says how to fix the problem; typed values are kept."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from portal import places, taxonomy, uploads
from portal.forms import Form
from portal.matching import TimeRange, format_time
from portal.matching.availability import validate_ranges
from portal.matching.model import MINUTES_PER_DAY
from portal.services import profiles as service

DAY_LABELS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
WEEKDAYS = range(5)
SLOTS_PER_DAY = service.MAX_SLOTS_PER_DAY

# Fields that say what is wrong in plain words ------------------------------------------------


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (the `field` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        known = {value for value, _label in self.choices or []}
        if any(value not in known for value in self.data or []):
            raise StopValidation(_("Choose only from the list."))


class ChoiceField(SelectField):
    """A select whose unknown value gets a useful message instead of "Not a valid choice"."""

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def pre_validate(self, form):
        known = {str(value) for value, _label in self.choices or []}
        if self.data not in (None, "") and str(self.data) not in known:
            raise StopValidation(str(self.invalid or _("Choose from the list.")))


class _TextParsedField(Field):
    """A text input parsed by `parse`; the typed text stays in the box when it is wrong."""

    widget = TextInput()
    invalid = _l("Enter a valid value.")

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        if invalid is not None:
            self.invalid = invalid

    def parse(self, text: str):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = self.parse(text)
        except (ValueError, InvalidOperation):
            self.data = None
            raise ValueError(str(self.invalid))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.format(self.data)

    def format(self, value) -> str:
        return str(value)


class WholeNumberField(_TextParsedField):
    invalid = _l("Enter a whole number, like 5.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> int:
        if not re.fullmatch(r"-?\d{1,7}", text.replace(",", "")):
            raise ValueError(text)
        return int(text.replace(",", ""))


class MoneyField(_TextParsedField):
    invalid = _l("Enter an amount in numbers, like 25 or 25000.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> Decimal:
        cleaned = re.sub(r"[\s,$₹€£]", "", text)
        if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
            raise ValueError(text)
        return Decimal(cleaned)

    def format(self, value) -> str:
        value = Decimal(value)
        return str(value.quantize(Decimal(1))) if value == value.to_integral() else f"{value:.2f}"


class DateInputField(_TextParsedField):
    invalid = _l("Enter a real date, like 2027-03-31.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> date:
        return datetime.strptime(text, "%Y-%m-%d").date()

    def format(self, value) -> str:
        return value.isoformat()


def parse_time(text: str) -> int:
    """Minutes since midnight from "09:00", "9:00", "9", "9am", "1:30 pm", "13.30"."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?", text.strip().lower())
    if not match:
        raise ValueError(text)
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix:
        if not 1 <= hours <= 12:
            raise ValueError(text)
        hours = hours % 12 + (12 if suffix.startswith("p") else 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValueError(text)
    return hours * 60 + minutes


class TimeInputField(_TextParsedField):
    invalid = _l("Enter a time like 09:00 or 17:30.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "time"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> int:
        return parse_time(text)

    def format(self, value) -> str:
        return f"{value // 60:02d}:{value % 60:02d}"


# Step 1: basics ---------------------------------------------------------------------------------


class BasicsForm(Form):
    headline = StringField(
        _l("Headline"),
        validators=[InputRequired(_l("Enter a short headline.")), Length(max=160)],
        description=_l(
            'One line employers read first, for example "CPC coder, 6 years in outpatient clinics".'
        ),
    )
    role_types = MultiCheckboxField(
        _l("What work are you looking for?"),
        choices=taxonomy.choices(taxonomy.ROLE_TYPES),
        validators=[InputRequired(_l("Choose at least one kind of work."))],
    )
    years_experience = WholeNumberField(
        _l("Years of experience in coding or billing"),
        validators=[Optional()],
        description=_l("Count all your paid work in coding or billing. Enter 0 if you are new."),
    )
    specialties = MultiCheckboxField(
        _l("Specialties and settings you have worked in"),
        choices=taxonomy.choices(taxonomy.SPECIALTIES),
    )
    code_sets = MultiCheckboxField(
        _l("Code sets you know"),
        choices=taxonomy.choices(taxonomy.CODE_SETS),
        description=_l("ICD-10-CM and CPT are used in the US; ICD-10-AM and ACHI in Saudi Arabia."),
    )
    systems = MultiCheckboxField(
        _l("Software you have used"),
        choices=taxonomy.choices(taxonomy.SYSTEMS),
        description=_l("Encoders such as 3M or Optum, and health record systems such as Epic."),
    )
    languages = MultiCheckboxField(
        _l("Languages you can work in"), choices=taxonomy.choices(taxonomy.LANGUAGES)
    )
    summary = TextAreaField(
        _l("About you"),
        validators=[Optional(), Length(max=4000, message=_l("Use at most 4,000 characters."))],
        description=_l(
            "A few sentences about your experience. Do not write your name or phone number "
            "here: employers see them only when you apply."
        ),
    )
    country = ChoiceField(
        _l("Country you live in"),
        choices=[("", _l("Choose a country")), *taxonomy.choices(taxonomy.COUNTRIES)],
        validators=[InputRequired(_l("Choose the country you live in."))],
        invalid=_l("Choose the country you live in."),
    )
    region = StringField(
        _l("State or region"),
        validators=[Optional(), Length(max=80)],
        description=_l("For example Texas, or Kerala."),
        render_kw={"list": "region-list", "autocomplete": "address-level1"},
    )
    city = StringField(
        _l("Town or city"),
        validators=[Optional(), Length(max=120)],
        description=_l("Employers see only your state and country until you apply to them."),
        render_kw={"autocomplete": "address-level2"},
    )
    phone = StringField(
        _l("Phone number"),
        validators=[Optional(), Length(max=32)],
        description=_l("With the country code, like +91 98470 12345. Shown only when you apply."),
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    school_id = ChoiceField(
        _l("Where did you train?"),
        choices=[],
        validators=[Optional()],
        invalid=_l("Choose your school from the list."),
        description=_l("Your school can then confirm your credentials for employers."),
    )
    education = TextAreaField(
        _l("Education and training"),
        validators=[Optional(), Length(max=2000, message=_l("Use at most 2,000 characters."))],
        description=_l("For example: Medical coding diploma, 2023. B.Sc. Nursing, 2015."),
    )
    new_graduate = BooleanField(
        _l("I finished my coding training recently and am looking for my first coding job")
    )
    career_break = BooleanField(_l("I am coming back to work after a career break"))
    career_break_years = WholeNumberField(
        _l("How many years were you away from work?"),
        description=_l("Many employers welcome people returning after raising a family."),
    )

    def validate_years_experience(self, field):
        if field.data is not None and not 0 <= field.data <= service.MAX_YEARS:
            raise ValidationError(_("Enter a number of years from 0 to 60."))

    def validate_career_break_years(self, field):
        if field.data is not None and not 0 <= field.data <= service.MAX_YEARS:
            raise ValidationError(_("Enter a number of years from 0 to 60."))
        if self.career_break.data and field.data is None:
            raise ValidationError(_("Enter how many years you were away from work."))

    def validate_region(self, field):
        value = (field.data or "").strip()
        country = self.country.data
        if value and country in places.REGIONS and places.region_code(country, value) is None:
            example = "Texas" if country == "US" else "Kerala"
            raise ValidationError(
                _(
                    "Enter a state of %(country)s, like %(example)s.",
                    country=taxonomy.COUNTRIES[country],
                    example=example,
                )
            )

    def validate_phone(self, field):
        value = (field.data or "").strip()
        digits = re.sub(r"\D", "", value)
        if value and (not re.fullmatch(r"\+?[\d\s().-]+", value) or not 6 <= len(digits) <= 15):
            raise ValidationError(_("Enter a phone number like +91 98470 12345."))

    def load(self, profile) -> None:
        for name in (
            "headline",
            "role_types",
            "years_experience",
            "specialties",
            "code_sets",
            "systems",
            "languages",
            "summary",
            "country",
            "region",
            "city",
            "phone",
            "education",
            "new_graduate",
            "career_break_years",
        ):
            getattr(self, name).data = getattr(profile, name)
        self.school_id.data = str(profile.school_id) if profile.school_id else ""
        self.career_break.data = profile.career_break_years is not None

    def to_input(self) -> service.Basics:
        return service.Basics(
            headline=self.headline.data or "",
            role_types=list(self.role_types.data or []),
            country=self.country.data or "",
            summary=self.summary.data or "",
            phone=self.phone.data or "",
            years_experience=self.years_experience.data or 0,
            specialties=list(self.specialties.data or []),
            code_sets=list(self.code_sets.data or []),
            systems=list(self.systems.data or []),
            languages=list(self.languages.data or []),
            region=self.region.data or "",
            city=self.city.data or "",
            school_id=int(self.school_id.data) if self.school_id.data else None,
            education=self.education.data or "",
            new_graduate=bool(self.new_graduate.data),
            career_break_years=self.career_break_years.data if self.career_break.data else None,
        )


# Step 2: credentials ----------------------------------------------------------------------------


class CredentialForm(Form):
    kind = ChoiceField(
        _l("Credential"),
        choices=[("", _l("Choose a credential")), *taxonomy.credential_choices()],
        validators=[InputRequired(_l("Choose a credential from the list."))],
        invalid=_l("Choose a credential from the list."),
        description=_l("CPC-A: you passed the CPC exam but have less than 2 years of experience."),
    )
    other_name = StringField(
        _l("Name of the credential"),
        validators=[Optional(), Length(max=120)],
        description=_l('Only if you chose "Other credential" above.'),
    )
    number = StringField(
        _l("Member or certificate number"),
        validators=[Optional(), Length(max=64)],
        description=_l(
            "Private: only you, our administrators and your school see it. It helps us check "
            "your credential with AAPC or AHIMA."
        ),
    )
    issued_on = DateInputField(_l("Date you got it"), validators=[Optional()])
    expires_on = DateInputField(
        _l("Date it expires"),
        validators=[Optional()],
        description=_l("AAPC and AHIMA credentials are renewed every 2 years."),
    )
    proof = uploads.UploadField(
        _l("Proof: your certificate (PDF, PNG or JPEG, at most 5 MB)"),
        validators=[uploads.FileCheck(uploads.DOCUMENTS)],
        description=_l("A photo or scan of your certificate or membership card."),
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"},
    )
    remove_proof = BooleanField(_l("Remove the proof I uploaded"))

    def validate_other_name(self, field):
        if self.kind.data == "OTHER" and not (field.data or "").strip():
            raise ValidationError(_("Enter the name of the credential."))

    def validate_expires_on(self, field):
        problem = service.expiry_problem(self.issued_on.data, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_issued_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_("Enter a date that is today or in the past."))

    def load(self, credential) -> None:
        self.kind.data = credential.kind
        self.other_name.data = credential.other_name or ""
        self.number.data = credential.number or ""
        self.issued_on.data = credential.issued_on
        self.expires_on.data = credential.expires_on

    def to_input(self) -> service.CredentialInput:
        return service.CredentialInput(
            kind=self.kind.data or "",
            other_name=self.other_name.data or "",
            number=self.number.data or "",
            issued_on=self.issued_on.data,
            expires_on=self.expires_on.data,
        )


# Step 3: availability ------------------------------------------------------------------------


def _day_label(day: int) -> str:
    return str(DAY_LABELS[day])


class AvailabilityForm(Form):
    timezone = StringField(
        _l("Your time zone"),
        validators=[InputRequired(_l("Enter your time zone, like Asia/Kolkata."))],
        description=_l("Enter the hours below in this time zone, as your own clock shows them."),
        render_kw={
            "list": "timezone-list",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-suggest-zone": _l("Use this device's time zone (%(zone)s)"),
        },
    )
    hours_min = WholeNumberField(_l("Fewest hours a week"), validators=[Optional()])
    hours_max = WholeNumberField(_l("Most hours a week"), validators=[Optional()])
    weekday_from = TimeInputField(_l("From"), validators=[Optional()])
    weekday_to = TimeInputField(_l("To"), validators=[Optional()])
    weekday_next_day = BooleanField(_l("Ends the next day (after midnight)"))
    available_from = DateInputField(
        _l("Earliest date you can start"),
        validators=[Optional()],
        description=_l("Leave empty if you can start now."),
    )
    employment_types = MultiCheckboxField(
        _l("Kinds of jobs you want"),
        choices=taxonomy.choices(taxonomy.EMPLOYMENT_TYPES),
        validators=[InputRequired(_l("Choose at least one kind of job."))],
    )
    work_modes = MultiCheckboxField(
        _l("Where you can work"),
        choices=taxonomy.choices(taxonomy.WORK_MODES),
        validators=[InputRequired(_l("Choose where you can work."))],
    )
    travel_km = WholeNumberField(
        _l("How far you can travel to an office, in kilometres"),
        description=_l("Only for office or hybrid work. 10 miles is about 16 km."),
    )
    willing_to_relocate = BooleanField(_l("I would move to another city for the right job"))

    ranges: list[TimeRange]

    def rows(self, day: int) -> list[tuple[Field, Field, Field]]:
        return [
            (
                getattr(self, f"d{day}_{i}_from"),
                getattr(self, f"d{day}_{i}_to"),
                getattr(self, f"d{day}_{i}_next"),
            )
            for i in range(SLOTS_PER_DAY)
        ]

    def day_has_errors(self, day: int) -> bool:
        return any(f.errors for row in self.rows(day) for f in row)

    def day_has_extra(self, day: int) -> bool:
        return any(f.data for row in self.rows(day)[1:] for f in row[:2])

    def day_by_day_used(self) -> bool:
        """Whether any day's own rows are filled in or wrong (then they are shown unfolded)."""
        return any(
            f.data or f.errors for day in range(7) for row in self.rows(day) for f in row[:2]
        )

    def slot_fields(self):
        for day in range(7):
            yield from self.rows(day)

    def validate_hours_min(self, field):
        if field.data is not None and not 0 <= field.data <= service.MAX_WEEKLY_HOURS:
            raise ValidationError(_("Enter a number of hours from 0 to 168."))

    def validate_hours_max(self, field):
        if field.data is not None and not 0 <= field.data <= service.MAX_WEEKLY_HOURS:
            raise ValidationError(_("Enter a number of hours from 0 to 168."))
        problem = service.hours_problem(self.hours_min.data, field.data)
        if problem and not self.hours_min.errors:
            raise ValidationError(problem)

    def validate_timezone(self, field):
        if field.data and places.canonical_timezone(field.data) is None:
            raise ValidationError(
                _(
                    "Enter a time zone we know: your city, an abbreviation such as IST, ET, "
                    "CT or PT, or a name like Asia/Kolkata."
                )
            )

    def validate_travel_km(self, field):
        if field.data is not None and not 0 <= field.data <= service.MAX_TRAVEL_KM:
            raise ValidationError(_("Enter a distance from 0 to 1000 km."))
        if field.data is None and set(self.work_modes.data or []) & {"onsite", "hybrid"}:
            raise ValidationError(_("Enter how far you can travel to work, in kilometres."))

    def _row_range(
        self, day: int, where: str, start_f: Field, end_f: Field, next_f: Field
    ) -> TimeRange | None:
        """One row as a TimeRange, or None (empty, or its problem put on the field). `where`
        names the row ("Tuesday, time 2"): the error summary lists every row's problems, and
        "Enter a finishing time" twice says nothing about which day to fix."""

        def problem(f: Field, message: str) -> None:
            f.errors.append(_("%(where)s: %(message)s", where=where, message=message))

        if start_f.errors or end_f.errors:
            return None
        start, end = start_f.data, end_f.data
        if start is None and end is None:
            return None
        if start is None:
            problem(start_f, _("Enter the time you start."))
            return None
        if end is None:
            problem(end_f, _("Enter the time you finish."))
            return None
        if start == MINUTES_PER_DAY:
            problem(start_f, _("Enter a start time before midnight, like 23:00."))
            return None
        if end in (0, MINUTES_PER_DAY) and start > 0:
            return TimeRange(day, start, MINUTES_PER_DAY)  # until midnight
        if start == end:
            problem(end_f, _("Enter a finishing time different from the start time."))
            return None
        if end < start and not next_f.data:
            problem(
                end_f,
                _(
                    'Enter a finishing time after the start time, or tick "Ends the next day" '
                    "for night hours."
                ),
            )
            return None
        if end > start and next_f.data:
            problem(end_f, _('These hours would be longer than a day: untick "Ends the next day".'))
            return None
        return TimeRange(day, start, end)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        found: list[tuple[TimeRange, Field, str]] = []
        weekday = self._row_range(
            0,
            _("Monday to Friday"),
            self.weekday_from,
            self.weekday_to,
            self.weekday_next_day,
        )
        if weekday is not None:
            found += [
                (TimeRange(d, weekday.start, weekday.end), self.weekday_from, _("Monday to Friday"))
                for d in WEEKDAYS
            ]
        for day in range(7):
            for n, (start_f, end_f, next_f) in enumerate(self.rows(day), start=1):
                where = _("%(day)s, time %(n)s", day=_day_label(day), n=n)
                r = self._row_range(day, where, start_f, end_f, next_f)
                if r is not None:
                    found.append((r, start_f, where))
        for i, (first, _f, _where) in enumerate(found):
            for second, second_field, where in found[i + 1 :]:
                if validate_ranges([first, second]) and not second_field.errors:
                    second_field.errors.append(
                        _(
                            "%(where)s: these hours overlap %(day)s %(start)s – %(end)s. Change "
                            "or remove one of them.",
                            where=where,
                            day=_day_label(first.day),
                            start=format_time(first.start),
                            end=format_time(first.end),
                        )
                    )
        self.ranges = [r for r, _f, _where in found]
        return (
            valid
            and not any(f.errors for row in self.slot_fields() for f in row)
            and not (self.weekday_from.errors or self.weekday_to.errors)
        )

    def load(self, profile) -> None:
        for name in (
            "timezone",
            "hours_min",
            "hours_max",
            "available_from",
            "employment_types",
            "work_modes",
            "travel_km",
            "willing_to_relocate",
        ):
            getattr(self, name).data = getattr(profile, name)
        slots = [(s.day, s.start_minute, s.end_minute) for s in profile.availability]
        by_day: dict[int, list[tuple[int, int]]] = {d: [] for d in range(7)}
        for day, start, end in slots:
            by_day[day].append((start, end))
        same = [by_day[d] for d in WEEKDAYS]
        if len(same[0]) == 1 and all(s == same[0] for s in same):
            start, end = same[0][0]
            self.weekday_from.data, self.weekday_to.data = start, end % MINUTES_PER_DAY
            self.weekday_next_day.data = end < start
            for d in WEEKDAYS:
                by_day[d] = []
        for day, ranges in by_day.items():
            for (start, end), (start_f, end_f, next_f) in zip(ranges, self.rows(day), strict=False):
                start_f.data, end_f.data = start, end % MINUTES_PER_DAY
                next_f.data = end < start

    def to_input(self) -> service.AvailabilityInput:
        return service.AvailabilityInput(
            timezone=self.timezone.data or "",
            ranges=list(self.ranges),
            employment_types=list(self.employment_types.data or []),
            work_modes=list(self.work_modes.data or []),
            hours_min=self.hours_min.data,
            hours_max=self.hours_max.data,
            available_from=self.available_from.data,
            travel_km=self.travel_km.data,
            willing_to_relocate=bool(self.willing_to_relocate.data),
        )


for _day in range(7):
    for _i in range(SLOTS_PER_DAY):
        setattr(
            AvailabilityForm,
            f"d{_day}_{_i}_from",
            TimeInputField(_l("From"), validators=[Optional()]),
        )
        setattr(
            AvailabilityForm, f"d{_day}_{_i}_to", TimeInputField(_l("To"), validators=[Optional()])
        )
        setattr(
            AvailabilityForm,
            f"d{_day}_{_i}_next",
            BooleanField(_l("Ends the next day (after midnight)")),
        )


# Step 4: pay and privacy -----------------------------------------------------------------------


class PayPrivacyForm(Form):
    pay_min = MoneyField(
        _l("Lowest pay you would accept"),
        validators=[Optional()],
        description=_l("Leave empty if you would rather not say."),
    )
    pay_max = MoneyField(_l("Up to (for a range)"), validators=[Optional()])
    currency = ChoiceField(
        _l("Currency"),
        choices=[("", _l("Choose a currency")), *taxonomy.choices(taxonomy.CURRENCIES)],
        validators=[Optional()],
        invalid=_l("Choose the currency of the amount."),
    )
    pay_period = ChoiceField(
        _l("How often"),
        choices=[("", _l("Choose")), *taxonomy.choices(taxonomy.PAY_PERIODS)],
        validators=[Optional()],
        invalid=_l("Choose whether the amount is per hour, chart, month or year."),
    )
    open_to_work = RadioField(
        _l("Are you looking for work now?"),
        choices=[("yes", _l("Yes, show me to employers")), ("no", _l("Not right now"))],
        validators=[InputRequired(_l("Say whether you are looking for work now."))],
        description=_l("When you say not right now, employers do not find you in search."),
    )
    visibility = RadioField(
        _l("Who can see your profile?"),
        choices=[
            ("employers", _l("Employers on CoderMatch")),
            ("hidden", _l("Nobody: hide my profile")),
        ],
        validators=[InputRequired(_l("Choose who can see your profile."))],
        description=_l(
            "A hidden profile is not shown to anyone, not even your school, until you change "
            "this. You can still apply to jobs."
        ),
    )
    anonymous = BooleanField(
        _l("Hide my name and contact details until I apply or accept an invitation"),
        description=_l(
            "Recommended. Employers then see your skills, hours, state and country, but not "
            "your name, e-mail, phone, town or résumé."
        ),
    )
    resume = uploads.UploadField(
        _l("Résumé (PDF, at most 5 MB)"),
        validators=[uploads.FileCheck(uploads.PDF_ONLY)],
        render_kw={"accept": ".pdf,application/pdf"},
    )
    remove_resume = BooleanField(_l("Remove my résumé"))

    def validate_pay_min(self, field):
        problem = service.pay_problem(field.data, None)
        if problem:
            raise ValidationError(problem[1])

    def validate_pay_max(self, field):
        if self.pay_min.errors:
            problem = service.pay_problem(None, field.data)
        else:
            problem = service.pay_problem(self.pay_min.data, field.data)
        if problem:
            raise ValidationError(problem[1])

    def _has_amount(self) -> bool:
        return self.pay_min.data is not None or self.pay_max.data is not None

    def validate_currency(self, field):
        if self._has_amount() and not field.data:
            raise ValidationError(_("Choose the currency of the amount."))

    def validate_pay_period(self, field):
        if self._has_amount() and not field.data:
            raise ValidationError(_("Choose whether the amount is per hour, chart, month or year."))

    def load(self, profile) -> None:
        self.pay_min.data, self.pay_max.data = profile.pay_min, profile.pay_max
        self.currency.data = profile.currency or ""
        self.pay_period.data = profile.pay_period or ""
        self.open_to_work.data = "yes" if profile.open_to_work else "no"
        self.visibility.data = profile.visibility.value
        self.anonymous.data = profile.anonymous

    def to_input(self) -> service.PayPrivacy:
        return service.PayPrivacy(
            open_to_work=self.open_to_work.data == "yes",
            visibility=self.visibility.data or "",
            anonymous=bool(self.anonymous.data),
            pay_min=self.pay_min.data,
            pay_max=self.pay_max.data,
            currency=self.currency.data or "",
            pay_period=self.pay_period.data or "",
        )


# Verification -------------------------------------------------------------------------------


class VerifyForm(Form):
    method = StringField(
        _l("How did you check it?"),
        validators=[
            InputRequired(_l("Say how you checked this credential.")),
            Length(max=200, message=_l("Use at most 200 characters.")),
        ],
        description=_l(
            'For example "Checked the AAPC credential directory" or "Our exam records".'
        ),
        render_kw={"list": "method-list"},
    )
