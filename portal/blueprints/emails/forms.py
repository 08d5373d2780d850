"""The e-mails a person chooses to get."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal.models import Frequency
from portal.web.fields import FREQUENCY_CHOICES, MultiCheckboxField
from portal.web.forms import Form


class EmailChoicesForm(Form):
    wanted = MultiCheckboxField(
        _l("E-mail me about"),
        description=_l("Untick what you do not want. You still see it all when you log in."),
        choices=[],
    )


class ResubscribeForm(Form):
    """Turn a saved search's e-mails back on from the page its unsubscribe link leads to."""

    frequency = RadioField(
        _l("How often?"),
        choices=FREQUENCY_CHOICES[:2],
        default=Frequency.DAILY.value,
        validators=[InputRequired(_l("Choose how often we e-mail you."))],
    )
