"""The e-mails a person chooses to get."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from portal.blueprints.jobs.forms import MultiCheckboxField


class EmailChoicesForm(FlaskForm):
    wanted = MultiCheckboxField(
        _l("E-mail me about"),
        description=_l("Untick what you do not want. You still see it all when you log in."),
        choices=[],
    )
