"""Saved search forms: a name and how often to e-mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from portal.models import Frequency
from portal.web.fields import FREQUENCY_CHOICES
from portal.web.forms import Form


class SaveSearchForm(Form):
    kind = HiddenField(default="jobs")
    query = HiddenField()
    name = StringField(
        _l("Name of this search"),
        description=_l("So you recognise it in e-mails, for example “Remote CPC jobs”."),
        validators=[Optional(), Length(max=120, message=_l("Use at most 120 characters."))],
    )
    frequency = RadioField(
        _l("How often should we e-mail you new results?"),
        choices=FREQUENCY_CHOICES,
        default=Frequency.DAILY.value,
        validators=[InputRequired(_l("Choose how often we e-mail you."))],
    )


class EditSearchForm(Form):
    name = StringField(
        _l("Name of this search"),
        validators=[
            InputRequired(_l("Enter a name.")),
            Length(max=120, message=_l("Use at most 120 characters.")),
        ],
    )
    frequency = RadioField(
        _l("E-mails"),
        choices=FREQUENCY_CHOICES,
        validators=[InputRequired(_l("Choose how often we e-mail you."))],
    )
