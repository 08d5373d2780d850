"""The one form-field library every form uses.

Each field keeps what the person typed when it is wrong (the box is not emptied) and says how to
fix it in plain words. Parsing is forgiving on every form: "1,200", "₹25,000", "9am", "1:30 pm"
and "13.30" are read the same way for a seeker, an employer or a school. `.data` holds the parsed
value (an int, a Decimal, a date, minutes since midnight) or None when the box is empty or wrong.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, PasswordField, SelectField, SelectMultipleField
from wtforms.form import BaseForm
from wtforms.validators import InputRequired, Length, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from portal.models import Frequency
from portal.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

V = TypeVar("V")

# How often a saved search is e-mailed: the alerts form and the e-mail choices page.
FREQUENCY_CHOICES = [
    (Frequency.DAILY.value, _l("Every day")),
    (Frequency.WEEKLY.value, _l("Once a week")),
    (Frequency.NEVER.value, _l("Do not e-mail me, just keep the search")),
]

CENT = Decimal("0.01")


def _with_render_kw(kwargs: dict[str, Any], **defaults: str) -> dict[str, Any]:
    """The field's own HTML attributes, over the ones its kind always has."""
    return {**kwargs, "render_kw": {**defaults, **(kwargs.get("render_kw") or {})}}


def _choice_values(choices: Any) -> set[str]:
    return {str(choice[0]) for choice in choices or []}


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the `field` macro renders it as a fieldset). An unknown
    value is "Choose only from the list."; with `validate_choice=False` the field only collects
    and the service says what is wrong."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: BaseForm) -> None:
        if not self.validate_choice:
            return
        known = _choice_values(self.choices)
        if any(str(value) not in known for value in self.data or []):
            raise StopValidation(_("Choose only from the list."))


class ChoiceField(SelectField):
    """A select whose unknown value gets a useful message instead of "Not a valid choice"."""

    def __init__(
        self,
        label: str | None = None,
        validators: list[Any] | None = None,
        invalid: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def pre_validate(self, form: BaseForm) -> None:
        if self.data not in (None, "") and str(self.data) not in _choice_values(self.choices):
            raise StopValidation(str(self.invalid or _("Choose from the list.")))


class ParsedTextField(Field, Generic[V]):
    """A text input read by `parse`; the typed text stays in the box when it is wrong, and the
    field's error is `invalid` (each field kind has a default; a form may say it its own way)."""

    widget = TextInput()
    invalid: Any = _l("Enter a valid value.")
    data: V | None

    def __init__(
        self,
        label: str | None = None,
        validators: list[Any] | None = None,
        invalid: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        if invalid is not None:
            self.invalid = invalid

    def parse(self, text: str) -> V:
        raise NotImplementedError

    def format(self, value: V) -> str:
        return str(value)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        text = (valuelist[0] or "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = self.parse(text)
        except (ValueError, InvalidOperation):
            self.data = None
            raise ValueError(str(self.invalid)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else self.format(self.data)


class WholeNumberField(ParsedTextField[int]):
    """A whole number: "5", "-3", "1,200" or "1 200"."""

    invalid = _l("Enter a whole number, like 5.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_render_kw(kwargs, inputmode="numeric"))

    def parse(self, text: str) -> int:
        digits = re.sub(r"[\s,]", "", text)
        if not re.fullmatch(r"-?\d{1,9}", digits):
            raise ValueError(text)
        return int(digits)


class MoneyField(ParsedTextField[Decimal]):
    """An amount: "25", "25.50", "25,000", "2,40,000", "$28", "₹25 000"; more than two decimals
    are rounded to the cent."""

    invalid = _l("Enter an amount in numbers, like 25 or 25000.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_render_kw(kwargs, inputmode="decimal"))

    def parse(self, text: str) -> Decimal:
        cleaned = re.sub(r"[\s,$₹€£]", "", text)
        if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
            raise ValueError(text)
        amount = Decimal(cleaned)
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            amount = amount.quantize(CENT)
        return amount

    def format(self, value: Decimal) -> str:
        value = Decimal(value)
        return str(value.quantize(Decimal(1))) if value == value.to_integral() else f"{value:.2f}"


class DateInputField(ParsedTextField[date]):
    """A date as the browser's date picker sends it (2027-03-31)."""

    invalid = _l("Enter a real date, like 2027-03-31.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_render_kw(kwargs, type="date"))

    def parse(self, text: str) -> date:
        return datetime.strptime(text, "%Y-%m-%d").date()

    def format(self, value: date) -> str:
        return value.isoformat()


def parse_time(text: str) -> int:
    """Minutes since midnight from "09:00", "9:00", "9", "9am", "1:30 pm", "13.30", "24:00"."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?", text.strip().lower())
    if not match:
        raise ValueError(text)
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix:
        if not 1 <= hours <= 12:
            raise ValueError(text)
        hours = hours % 12 + (12 if suffix.startswith("p") else 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValueError(text)
    return hours * 60 + minutes


def clock(minutes: int | None) -> str:
    """ "09:00" for 540 minutes since midnight; "" for no time."""
    return "" if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


class TimeInputField(ParsedTextField[int]):
    """A time of day, read by `parse_time`; `.data` is minutes since midnight (24:00 is 1440)."""

    invalid = _l("Enter a time like 09:00 or 17:30.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_with_render_kw(kwargs, type="time"))

    def parse(self, text: str) -> int:
        return parse_time(text)

    def format(self, value: int) -> str:
        return clock(value)


def new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            ),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=_l("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH),
            ),
        ],
        description=_l(
            "At least %(n)d characters. A short sentence only you would know is easy to "
            "remember and hard to guess.",
            n=MIN_PASSWORD_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )
