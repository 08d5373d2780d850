"""The one field library: every form reads numbers, amounts, dates and times the same forgiving
way, keeps what was typed when it is wrong, and says how to fix it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import Babel
from werkzeug.datastructures import MultiDict
from wtforms import Form

from portal.web.fields import (
    DateInputField,
    MoneyField,
    MultiCheckboxField,
    TimeInputField,
    WholeNumberField,
    clock,
    parse_time,
)


class Sample(Form):
    count = WholeNumberField("Count")
    amount = MoneyField("Amount")
    day = DateInputField("Day", invalid="Enter the closing date like 2026-12-31.")
    start = TimeInputField("Start")
    kinds = MultiCheckboxField("Kinds", choices=[("a", "A"), ("b", "B")])


@pytest.fixture(autouse=True)
def _babel():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        yield


def _form(**data: str | list[str]) -> Sample:
    form = Sample(
        MultiDict([(k, v) for k, vs in data.items() for v in ([vs] if isinstance(vs, str) else vs)])
    )
    form.validate()
    return form


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("09:00", 540), ("9", 540), ("9am", 540), ("1:30 pm", 810), ("13.30", 810), ("24:00", 1440)],
)
def test_times_are_read_the_forgiving_way(text: str, minutes: int) -> None:
    assert parse_time(text) == minutes
    assert clock(minutes) == (
        "24:00" if minutes == 1440 else f"{minutes // 60:02d}:{minutes % 60:02d}"
    )


@pytest.mark.parametrize("text", ["25:00", "13pm", "9:75", "noon"])
def test_impossible_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


def test_numbers_and_amounts_with_separators_and_symbols() -> None:
    form = _form(count="1,200", amount="₹2,40,000", day="2027-03-31", start="9am", kinds=["a"])
    assert form.count.data == 1200
    assert form.amount.data == Decimal("240000")
    assert form.day.data == date(2027, 3, 31)
    assert form.start.data == 540
    assert form.errors == {}
    assert _form(amount="25.999").amount.data == Decimal("26.00")


def test_a_wrong_value_keeps_the_typed_text_and_says_how_to_fix_it() -> None:
    form = _form(count="five", amount="lots", day="FAR", start="25:00", kinds=["c"])
    assert form.count.errors == ["Enter a whole number, like 5."]
    assert form.amount.errors == ["Enter an amount in numbers, like 25 or 25000."]
    assert form.day.errors == ["Enter the closing date like 2026-12-31."]
    assert form.start.errors == ["Enter a time like 09:00 or 17:30."]
    assert form.kinds.errors == ["Choose only from the list."]
    assert form.count._value() == "five" and form.day._value() == "FAR"
