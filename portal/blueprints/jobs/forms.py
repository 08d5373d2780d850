"""What every job form shares (the fields that parse what people type, the base of the posting
steps' forms), and the small forms: renewing a job and reporting one.

The step forms are in `step_forms.py` (and `schedule_form.py`, the longest): each turns its
fields into the typed input `portal.services.jobs.save_step` accepts (`to_input()`) and fills
itself from a saved job (`fill()`); the service checks the rules, so the fields only parse what
the person typed and keep it on error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import Form
from portal.moderation import REPORT_REASONS
from portal.services.jobs import JobInput, StepInput


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the form macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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


class WholeNumberField(StringField):
    """A whole number typed in a text box, with a message that says how to fix it."""

    def __init__(self, *args: Any, minimum: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {}).update(inputmode="numeric")
        super().__init__(*args, **kwargs)
        self.minimum = minimum

    @property
    def number(self) -> int | None:
        text = (self.data or "").strip()
        return int(text) if text.lstrip("-").isdigit() else None

    def pre_validate(self, form: Any) -> None:
        text = (self.data or "").strip()
        if text and not text.lstrip("-").isdigit():
            raise ValidationError(_l("Enter a whole number, like 5."))

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class AmountField(StringField):
    """An amount of money: digits with an optional decimal point and thousands commas."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {}).update(inputmode="decimal")
        super().__init__(*args, **kwargs)

    def _value(self) -> str:
        if self.data is None:
            return ""
        text = str(self.data)
        return text[:-3] if text.endswith(".00") else text


class ClosingDateField(StringField):
    """A date typed as YYYY-MM-DD (the browser's date picker sends that)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {}).update(type="date")
        super().__init__(*args, **kwargs)

    @property
    def day(self) -> date | None:
        try:
            return date.fromisoformat((self.data or "").strip())
        except ValueError:
            return None

    def pre_validate(self, form: Any) -> None:
        if (self.data or "").strip() and self.day is None:
            raise ValidationError(_l("Enter the closing date like 2026-12-31."))

    def _value(self) -> str:
        if isinstance(self.data, date):
            return self.data.isoformat()
        return self.data or ""


def number_text(value: int | None) -> str:
    return "" if value is None else str(value)


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
