"""Admin forms: the audit log's filters (a GET form, so no CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from portal.services.audit import ACTIONS


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(
        _l("What happened"),
        choices=[("", _l("Everything"))] + list(ACTIONS.items()),
        validators=[Optional()],
        default="",
    )
    actor = StringField(
        _l("Who (e-mail address or part of it)"),
        validators=[Optional(), Length(max=254, message=_l("Use at most 254 characters."))],
    )
    since = DateField(
        _l("From"),
        validators=[Optional()],
        format="%Y-%m-%d",
        description=_l("For example 2026-11-01"),
    )
    until = DateField(
        _l("Until"),
        validators=[Optional()],
        format="%Y-%m-%d",
        description=_l("For example 2026-11-30"),
    )
