"""Step 3 of the profile: the time zone, the weekly hours grid (Monday to Friday at once, or
day by day with up to three ranges a day), the kinds of jobs wanted and how far the seeker can
travel. Every row's problem names its day, so the error summary says which row to fix."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, StringField
from wtforms.validators import InputRequired, Optional, ValidationError

from portal import places, taxonomy
from portal.forms import Form
from portal.matching import TimeRange, format_time
from portal.matching.availability import validate_ranges
from portal.matching.model import MINUTES_PER_DAY
from portal.models import Profile
from portal.services import profiles as service
from portal.web.fields import DateInputField, MultiCheckboxField, TimeInputField, WholeNumberField

DAY_LABELS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
WEEKDAYS = range(5)
SLOTS_PER_DAY = service.MAX_SLOTS_PER_DAY


def _day_label(day: int) -> str:
    return str(DAY_LABELS[day])


class AvailabilityForm(Form):
    timezone = StringField(
        _l("Your time zone"),
        validators=[InputRequired(_l("Enter your time zone, like Asia/Kolkata."))],
        description=_l("Enter the hours below in this time zone, as your own clock shows them."),
        render_kw={
            "list": "timezone-list",
            "autocomplete": "off",
            "spellcheck": "false",
            "data-suggest-zone": _l("Use this device's time zone (%(zone)s)"),
        },
    )
    hours_min = WholeNumberField(_l("Fewest hours a week"), validators=[Optional()])
    hours_max = WholeNumberField(_l("Most hours a week"), validators=[Optional()])
    weekday_from = TimeInputField(_l("From"), validators=[Optional()])
    weekday_to = TimeInputField(_l("To"), validators=[Optional()])
    weekday_next_day = BooleanField(_l("Ends the next day (after midnight)"))
    available_from = DateInputField(
        _l("Earliest date you can start"),
        validators=[Optional()],
        description=_l("Leave empty if you can start now."),
    )
    employment_types = MultiCheckboxField(
        _l("Kinds of jobs you want"),
        choices=taxonomy.choices(taxonomy.EMPLOYMENT_TYPES),
        validators=[InputRequired(_l("Choose at least one kind of job."))],
    )
    work_modes = MultiCheckboxField(
        _l("Where you can work"),
        choices=taxonomy.choices(taxonomy.WORK_MODES),
        validators=[InputRequired(_l("Choose where you can work."))],
    )
    travel_km = WholeNumberField(
        _l("How far you can travel to an office, in kilometres"),
        description=_l("Only for office or hybrid work. 10 miles is about 16 km."),
    )
    willing_to_relocate = BooleanField(_l("I would move to another city for the right job"))

    ranges: list[TimeRange]

    def rows(self, day: int) -> list[tuple[Field, Field, Field]]:
        return [
            (
                getattr(self, f"d{day}_{i}_from"),
                getattr(self, f"d{day}_{i}_to"),
                getattr(self, f"d{day}_{i}_next"),
            )
            for i in range(SLOTS_PER_DAY)
        ]

    def day_has_errors(self, day: int) -> bool:
        return any(f.errors for row in self.rows(day) for f in row)

    def day_has_extra(self, day: int) -> bool:
        return any(f.data for row in self.rows(day)[1:] for f in row[:2])

    def day_by_day_used(self) -> bool:
        """Whether any day's own rows are filled in or wrong (then they are shown unfolded)."""
        return any(
            f.data or f.errors for day in range(7) for row in self.rows(day) for f in row[:2]
        )

    def slot_fields(self) -> Iterator[tuple[Field, Field, Field]]:
        for day in range(7):
            yield from self.rows(day)

    def validate_hours_min(self, field: WholeNumberField) -> None:
        if field.data is not None and not 0 <= field.data <= service.MAX_WEEKLY_HOURS:
            raise ValidationError(_("Enter a number of hours from 0 to 168."))

    def validate_hours_max(self, field: WholeNumberField) -> None:
        if field.data is not None and not 0 <= field.data <= service.MAX_WEEKLY_HOURS:
            raise ValidationError(_("Enter a number of hours from 0 to 168."))
        problem = service.hours_problem(self.hours_min.data, field.data)
        if problem and not self.hours_min.errors:
            raise ValidationError(problem)

    def validate_timezone(self, field: Field) -> None:
        if field.data and places.canonical_timezone(field.data) is None:
            raise ValidationError(
                _(
                    "Enter a time zone we know: your city, an abbreviation such as IST, ET, "
                    "CT or PT, or a name like Asia/Kolkata."
                )
            )

    def validate_travel_km(self, field: WholeNumberField) -> None:
        if field.data is not None and not 0 <= field.data <= service.MAX_TRAVEL_KM:
            raise ValidationError(_("Enter a distance from 0 to 1000 km."))
        if field.data is None and set(self.work_modes.data or []) & {"onsite", "hybrid"}:
            raise ValidationError(_("Enter how far you can travel to work, in kilometres."))

    def _row_range(
        self, day: int, where: str, start_f: Field, end_f: Field, next_f: Field
    ) -> TimeRange | None:
        """One row as a TimeRange, or None (empty, or its problem put on the field). `where`
        names the row ("Tuesday, time 2"): the error summary lists every row's problems, and
        "Enter a finishing time" twice says nothing about which day to fix."""

        def problem(f: Field, message: str) -> None:
            f.errors = [*f.errors, _("%(where)s: %(message)s", where=where, message=message)]

        if start_f.errors or end_f.errors:
            return None
        start, end = start_f.data, end_f.data
        if start is None and end is None:
            return None
        if start is None:
            problem(start_f, _("Enter the time you start."))
            return None
        if end is None:
            problem(end_f, _("Enter the time you finish."))
            return None
        if start == MINUTES_PER_DAY:
            problem(start_f, _("Enter a start time before midnight, like 23:00."))
            return None
        if end in (0, MINUTES_PER_DAY) and start > 0:
            return TimeRange(day, start, MINUTES_PER_DAY)  # until midnight
        if start == end:
            problem(end_f, _("Enter a finishing time different from the start time."))
            return None
        if end < start and not next_f.data:
            problem(
                end_f,
                _(
                    'Enter a finishing time after the start time, or tick "Ends the next day" '
                    "for night hours."
                ),
            )
            return None
        if end > start and next_f.data:
            problem(end_f, _('These hours would be longer than a day: untick "Ends the next day".'))
            return None
        return TimeRange(day, start, end)

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        found: list[tuple[TimeRange, Field, str]] = []
        weekday = self._row_range(
            0,
            _("Monday to Friday"),
            self.weekday_from,
            self.weekday_to,
            self.weekday_next_day,
        )
        if weekday is not None:
            found += [
                (TimeRange(d, weekday.start, weekday.end), self.weekday_from, _("Monday to Friday"))
                for d in WEEKDAYS
            ]
        for day in range(7):
            for n, (start_f, end_f, next_f) in enumerate(self.rows(day), start=1):
                where = _("%(day)s, time %(n)s", day=_day_label(day), n=n)
                r = self._row_range(day, where, start_f, end_f, next_f)
                if r is not None:
                    found.append((r, start_f, where))
        for i, (first, _f, _where) in enumerate(found):
            for second, second_field, where in found[i + 1 :]:
                if validate_ranges([first, second]) and not second_field.errors:
                    overlap = _(
                        "%(where)s: these hours overlap %(day)s %(start)s – %(end)s. Change "
                        "or remove one of them.",
                        where=where,
                        day=_day_label(first.day),
                        start=format_time(first.start),
                        end=format_time(first.end),
                    )
                    second_field.errors = [*second_field.errors, overlap]
        self.ranges = [r for r, _f, _where in found]
        return (
            valid
            and not any(f.errors for row in self.slot_fields() for f in row)
            and not (self.weekday_from.errors or self.weekday_to.errors)
        )

    def load(self, profile: Profile) -> None:
        for name in (
            "timezone",
            "hours_min",
            "hours_max",
            "available_from",
            "employment_types",
            "work_modes",
            "travel_km",
            "willing_to_relocate",
        ):
            getattr(self, name).data = getattr(profile, name)
        slots = [(s.day, s.start_minute, s.end_minute) for s in profile.availability]
        by_day: dict[int, list[tuple[int, int]]] = {d: [] for d in range(7)}
        for day, start, end in slots:
            by_day[day].append((start, end))
        same = [by_day[d] for d in WEEKDAYS]
        if len(same[0]) == 1 and all(s == same[0] for s in same):
            start, end = same[0][0]
            self.weekday_from.data, self.weekday_to.data = start, end % MINUTES_PER_DAY
            self.weekday_next_day.data = end < start
            for d in WEEKDAYS:
                by_day[d] = []
        for day, ranges in by_day.items():
            for (start, end), (start_f, end_f, next_f) in zip(ranges, self.rows(day), strict=False):
                start_f.data, end_f.data = start, end % MINUTES_PER_DAY
                next_f.data = end < start

    def to_input(self) -> service.AvailabilityInput:
        return service.AvailabilityInput(
            timezone=self.timezone.data or "",
            ranges=list(self.ranges),
            employment_types=list(self.employment_types.data or []),
            work_modes=list(self.work_modes.data or []),
            hours_min=self.hours_min.data,
            hours_max=self.hours_max.data,
            available_from=self.available_from.data,
            travel_km=self.travel_km.data,
            willing_to_relocate=bool(self.willing_to_relocate.data),
        )


for _day in range(7):
    for _i in range(SLOTS_PER_DAY):
        setattr(
            AvailabilityForm,
            f"d{_day}_{_i}_from",
            TimeInputField(_l("From"), validators=[Optional()]),
        )
        setattr(
            AvailabilityForm, f"d{_day}_{_i}_to", TimeInputField(_l("To"), validators=[Optional()])
        )
        setattr(
            AvailabilityForm,
            f"d{_day}_{_i}_next",
            BooleanField(_l("Ends the next day (after midnight)")),
        )
