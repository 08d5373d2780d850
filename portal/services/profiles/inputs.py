"""What the profile steps accept, and the rules the forms share with the service: each rule
returns a message (or None when the value is fine), so a form can show it next to its field and
the service can refuse the same input when it comes another way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from portal.matching import TimeRange, validate_ranges

MAX_YEARS = 60
MAX_WEEKLY_HOURS = 168
MAX_TRAVEL_KM = 1000
MAX_PAY = Decimal("9999999999.99")  # fits Numeric(12, 2)
MAX_SLOTS_PER_DAY = 3


@dataclass
class Basics:
    headline: str
    role_types: list[str]
    country: str
    summary: str = ""
    phone: str = ""
    years_experience: int = 0
    specialties: list[str] = field(default_factory=list)
    code_sets: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    region: str = ""
    city: str = ""
    school_id: int | None = None
    education: str = ""
    new_graduate: bool = False
    career_break_years: int | None = None


@dataclass
class CredentialInput:
    kind: str
    other_name: str = ""
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None


@dataclass
class AvailabilityInput:
    timezone: str
    ranges: list[TimeRange]
    employment_types: list[str]
    work_modes: list[str]
    hours_min: int | None = None
    hours_max: int | None = None
    available_from: date | None = None
    travel_km: int | None = None
    willing_to_relocate: bool = False


@dataclass
class PayPrivacy:
    open_to_work: bool
    visibility: str
    anonymous: bool
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    currency: str = ""
    pay_period: str = ""


def unknown_slugs(values: Iterable[str], vocabulary: Mapping[str, object]) -> list[str]:
    return [v for v in values if v not in vocabulary]


def expiry_problem(issued_on: date | None, expires_on: date | None) -> str | None:
    if issued_on and expires_on and expires_on <= issued_on:
        return str(_("Enter an expiry date after the issue date."))
    return None


def hours_problem(hours_min: int | None, hours_max: int | None) -> str | None:
    if hours_min is not None and hours_max is not None and hours_max < hours_min:
        return str(_("The most hours a week must be the same as or more than the fewest hours."))
    return None


def pay_problem(pay_min: Decimal | None, pay_max: Decimal | None) -> tuple[str, str] | None:
    """(field, message) for a pay range that cannot be right."""
    for name, value in (("pay_min", pay_min), ("pay_max", pay_max)):
        if value is not None and value < 0:
            return name, _("Enter an amount of 0 or more, without a minus sign.")
        if value is not None and value > MAX_PAY:
            return name, _("Enter a smaller amount.")
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        return "pay_max", _("Enter a top of the range that is not below the lowest amount.")
    return None


def ranges_problems(ranges: Sequence[TimeRange]) -> list[str]:
    problems = validate_ranges(ranges)
    per_day: dict[int, int] = {}
    for r in ranges:
        per_day[r.day] = per_day.get(r.day, 0) + 1
    if any(count > MAX_SLOTS_PER_DAY for count in per_day.values()):
        problems.append(_("Enter at most 3 time ranges a day."))
    return problems
