"""What every job form shares (choice fields that leave the rules to the service, the base of
the posting steps' forms), and the small forms: renewing a job and reporting one.

The step forms are in `step_forms.py` (and `schedule_form.py`, the longest): each turns its
fields into the typed input `portal.services.jobs.save_step` accepts (`to_input()`) and fills
itself from a saved job (`fill()`). The fields (`portal.web.fields`) parse what the person
typed and keep it on error; the service checks the rules.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import Form
from portal.moderation import REPORT_REASONS
from portal.services.jobs import JobInput, StepInput
from portal.web.fields import MultiCheckboxField


# The services check every choice and say how to fix a wrong one, so the fields only collect.
def select_field(*args: Any, **kwargs: Any) -> SelectField:
    kwargs.setdefault("validate_choice", False)
    return SelectField(*args, **kwargs)


def radio_field(*args: Any, **kwargs: Any) -> RadioField:
    kwargs.setdefault("validate_choice", False)
    return RadioField(*args, **kwargs)


def multi_field(*args: Any, **kwargs: Any) -> MultiCheckboxField:
    kwargs.setdefault("validate_choice", False)
    return MultiCheckboxField(*args, **kwargs)


def day_numbers(values: list[str] | None) -> list[int]:
    return [int(d) for d in values or [] if d.isdigit()]


class StepForm(Form):
    """A posting step's form: what the person typed as the step's input, and back."""

    def to_input(self) -> StepInput:
        raise NotImplementedError

    def fill(self, saved: JobInput) -> None:
        raise NotImplementedError


# Other forms --------------------------------------------------------------------------------


class RenewForm(Form):
    days = SelectField(
        _l("Keep it open for"),
        choices=[
            ("30", _l("30 more days")),
            ("60", _l("60 more days")),
            ("90", _l("90 more days")),
        ],
        default="30",
    )


class ReportForm(Form):
    reason = radio_field(
        _l("What is wrong with this job?"),
        choices=[(key, label) for key, label in REPORT_REASONS.items()],
        validators=[InputRequired(_l("Choose what is wrong with this job."))],
    )
    details = TextAreaField(
        _l("Anything else we should know"),
        validators=[Optional(), Length(max=1000)],
        description=_l("For example what they asked you to pay, and how."),
        render_kw={"rows": 4},
    )
