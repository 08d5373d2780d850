"""Account forms. Validation messages say how to fix the problem."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
)
from wtforms.validators import Email, InputRequired, Length

from portal.limits import EMAIL_MAX
from portal.security import MAX_PASSWORD_LENGTH
from portal.web.fields import new_password_field
from portal.web.forms import Form

EMAIL_VALIDATORS = [
    InputRequired(_l("Enter your e-mail address.")),
    Email(_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
    Length(max=EMAIL_MAX),
]

ROLE_CHOICES = [
    ("seeker", _l("I am looking for work")),
    ("employer", _l("I am hiring")),
    ("school", _l("I run a training school")),
]


class SignupForm(Form):
    role = RadioField(
        _l("What brings you here?"),
        choices=ROLE_CHOICES,
        validators=[InputRequired(_l("Choose what brings you here."))],
    )
    name = StringField(
        _l("Your full name"),
        validators=[InputRequired(_l("Enter your name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mail address"), validators=EMAIL_VALIDATORS, render_kw={"autocomplete": "email"}
    )
    password = new_password_field(_l("Password"))
    adult = BooleanField(
        _l("I am 18 or older and I agree to the terms of use"),
        validators=[InputRequired(_l("You must be 18 or older to use CoderMatch."))],
    )
    # The version of the terms shown on the page, recorded as the one agreed to.
    terms_version = HiddenField()


class LoginForm(Form):
    email = EmailField(
        _l("E-mail address"), validators=EMAIL_VALIDATORS, render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this computer"))


class EmailOnlyForm(Form):
    email = EmailField(
        _l("E-mail address"), validators=EMAIL_VALIDATORS, render_kw={"autocomplete": "email"}
    )


class ResetPasswordForm(Form):
    new_password = new_password_field(_l("New password"))


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(_l("Enter your current password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = new_password_field(_l("New password"))


class ChangeEmailForm(Form):
    new_email = EmailField(
        _l("New e-mail address"), validators=EMAIL_VALIDATORS, render_kw={"autocomplete": "email"}
    )
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(_l("Enter your current password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class LogoutForm(Form):
    """Logging out changes state, so it is a POST with a CSRF token."""


class TimeZoneForm(Form):
    timezone = StringField(
        _l("Your time zone"),
        validators=[
            InputRequired(_l("Enter your time zone, like IST, US Central or a city.")),
            Length(max=64),
        ],
        description=_l(
            "Times on the site are shown in this zone. Type a city, a country with one time zone, "
            "an abbreviation such as IST, ET, CT or PT, or a name such as Gulf or Asia/Kolkata."
        ),
        render_kw={
            "list": "timezone-list",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-suggest-zone": _l("Use this device's time zone (%(zone)s)"),
        },
    )
