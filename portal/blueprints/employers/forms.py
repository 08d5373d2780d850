"""Organization forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from portal import taxonomy
from portal.forms import Form
from portal.limits import ABOUT_MAX, EMAIL_MAX, ORGANIZATION_NAME_MAX, WEBSITE_MAX


class OrganizationForm(Form):
    name = StringField(
        _l("Name of your organization"),
        validators=[
            InputRequired(_l("Enter the name of your organization.")),
            Length(max=ORGANIZATION_NAME_MAX),
        ],
        render_kw={"autocomplete": "organization"},
    )
    kind = SelectField(
        _l("Kind of organization"),
        choices=[("", _l("Choose one"))] + taxonomy.choices(taxonomy.ORGANIZATION_KINDS),
        validators=[InputRequired(_l("Choose what kind of organization it is."))],
    )
    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=WEBSITE_MAX)],
        description=_l(
            "For example https://www.example.com. We check that your e-mail address belongs "
            "to this website before we verify you."
        ),
        render_kw={"type": "url", "inputmode": "url", "autocomplete": "url"},
    )
    country = SelectField(
        _l("Country"),
        choices=[("", _l("Choose one"))] + taxonomy.choices(taxonomy.COUNTRIES),
        validators=[InputRequired(_l("Choose the country of your organization."))],
    )
    size = SelectField(
        _l("Number of employees"),
        choices=[("", _l("Choose one"))] + taxonomy.choices(taxonomy.ORGANIZATION_SIZES),
        validators=[Optional()],
    )
    about = TextAreaField(
        _l("About your organization"),
        validators=[Optional(), Length(max=ABOUT_MAX)],
        description=_l("A few sentences job seekers will read on your company page."),
    )

    def data_for_service(self) -> dict[str, str | None]:
        return {
            "name": self.name.data,
            "kind": self.kind.data,
            "website": self.website.data,
            "country": self.country.data,
            "size": self.size.data,
            "about": self.about.data,
        }


class InviteForm(Form):
    email = EmailField(
        _l("Your colleague's e-mail address"),
        validators=[
            InputRequired(_l("Enter your colleague's e-mail address.")),
            Email(_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
            Length(max=EMAIL_MAX),
        ],
        description=_l("We e-mail them a link to join as a recruiter. It works for 7 days."),
        render_kw={"autocomplete": "off"},
    )
