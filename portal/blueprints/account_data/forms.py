"""Deleting an account: the password and a plain confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired, Length

from portal.web.forms import Form


class DeleteAccountForm(Form):
    password = PasswordField(
        _l("Your password"),
        validators=[
            InputRequired(message=_l("Enter your password to delete your account.")),
            Length(max=1024, message=_l("Use at most 1024 characters.")),
        ],
    )
    confirm = BooleanField(
        _l("I understand that my account and my data will be deleted for good."),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )
