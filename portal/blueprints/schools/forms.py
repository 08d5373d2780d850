"""The school's own page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal import taxonomy
from portal.blueprints.seekers.forms import ChoiceField
from portal.forms import Form
from portal.services.schools import SchoolInput


class SchoolForm(Form):
    name = StringField(
        _l("Name of your school"),
        validators=[InputRequired(_l("Enter the name of your school.")), Length(max=160)],
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
        validators=[Optional(), Length(max=300)],
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
