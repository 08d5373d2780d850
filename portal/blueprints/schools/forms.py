"""The school's page, staff, courses, cohorts, graduate import and the graduate's claim."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal import taxonomy
from portal.limits import EMAIL_MAX, NAME_MAX, SCHOOL_NAME_MAX, WEBSITE_MAX
from portal.services.placement import CohortInput
from portal.services.schools import SchoolInput
from portal.web.fields import ChoiceField, DateInputField, WholeNumberField, new_password_field
from portal.web.forms import Form


class SchoolForm(Form):
    name = StringField(
        _l("Name of your school"),
        validators=[
            InputRequired(_l("Enter the name of your school.")),
            Length(max=SCHOOL_NAME_MAX),
        ],
    )
    country = ChoiceField(
        _l("Country"),
        choices=[("", _l("Choose a country")), *taxonomy.choices(taxonomy.COUNTRIES)],
        validators=[InputRequired(_l("Choose the country of your school."))],
        invalid=_l("Choose the country of your school."),
    )
    city = StringField(_l("Town or city"), validators=[Optional(), Length(max=120)])
    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=WEBSITE_MAX)],
        description=_l("For example codingacademy.example"),
        render_kw={"type": "url", "inputmode": "url"},
    )
    about = TextAreaField(
        _l("About your school"),
        validators=[Optional(), Length(max=4000, message=_l("Use at most 4,000 characters."))],
        description=_l("The courses you teach and the credentials your graduates take."),
    )

    def to_input(self) -> SchoolInput:
        return SchoolInput(
            name=self.name.data or "",
            country=self.country.data or "",
            website=self.website.data or "",
            city=self.city.data or "",
            about=self.about.data or "",
        )


def _credential_choices() -> list[tuple[str, str]]:
    return [("", _l("Choose a credential"))] + [
        (code, f"{code} – {c.name}") for code, c in taxonomy.CREDENTIALS.items() if code != "OTHER"
    ]


class InviteStaffForm(Form):
    email = EmailField(
        _l("Colleague's e-mail address"),
        validators=[InputRequired(_l("Enter an e-mail address.")), Length(max=EMAIL_MAX)],
        render_kw={"autocomplete": "off"},
    )


class CourseForm(Form):
    name = StringField(
        _l("Name of the course"),
        validators=[InputRequired(_l("Enter a name.")), Length(max=NAME_MAX)],
        description=_l("For example “CPC exam preparation, evening batch”."),
    )
    credential = ChoiceField(
        _l("Credential it prepares for"),
        choices=_credential_choices(),
        validators=[InputRequired(_l("Choose the credential it prepares for."))],
        invalid=_l("Choose the credential it prepares for."),
    )
    weeks = WholeNumberField(_l("Length in weeks"), validators=[Optional()])
    description = TextAreaField(
        _l("What students learn"),
        validators=[Optional(), Length(max=2000, message=_l("Use at most 2,000 characters."))],
    )


class CohortForm(Form):
    name = StringField(
        _l("Name of the cohort"),
        validators=[InputRequired(_l("Enter a name.")), Length(max=NAME_MAX)],
        description=_l("For example “CPC batch, May 2026”."),
    )
    course_id = ChoiceField(_l("Course"), choices=[], validators=[Optional()], coerce=str)
    credential = ChoiceField(
        _l("Credential it prepared for"),
        choices=_credential_choices(),
        validators=[Optional()],
        description=_l("Leave empty to use the course's credential."),
        invalid=_l("Choose a credential from the list."),
    )
    starts_on = DateInputField(
        _l("Start date"), validators=[InputRequired(_l("Enter the start date."))]
    )
    graduates_on = DateInputField(
        _l("Graduation date"), validators=[InputRequired(_l("Enter the graduation date."))]
    )

    def to_input(self) -> CohortInput:
        """Call after `validate()`: both dates are then present."""
        starts_on, graduates_on = self.starts_on.data, self.graduates_on.data
        if starts_on is None or graduates_on is None:
            raise ValueError("CohortForm.to_input() needs a validated form")
        return CohortInput(
            name=self.name.data or "",
            course_id=int(self.course_id.data) if self.course_id.data else None,
            credential=self.credential.data or "",
            starts_on=starts_on,
            graduates_on=graduates_on,
        )


class ImportForm(Form):
    file = FileField(
        _l("CSV file of graduates"),
        validators=[FileRequired(_l("Choose a CSV file."))],
        description=_l(
            "One graduate per line with the columns name, email, credential and, if you have "
            "them, credential_number, exam_date and phone. Save from Excel as “CSV UTF-8”."
        ),
        render_kw={"accept": ".csv,text/csv"},
    )


class ClaimForm(Form):
    name = StringField(
        _l("Your full name"),
        validators=[InputRequired(_l("Enter your name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    password = new_password_field(_l("Choose a password"))
    adult = BooleanField(
        _l("I am 18 or older and I agree to the terms of use"),
        validators=[InputRequired(_l("You must be 18 or older to use CoderMatch."))],
    )
