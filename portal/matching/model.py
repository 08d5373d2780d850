"""The public contract of matching: plain dataclasses that views and the search layer fill in.

Matching never sees a database model. Callers convert a job and a profile into `JobFacts` and
`CandidateFacts`, call `match()`, and render the `MatchResult`. Keeping these types small, frozen
and free of behaviour lets the score be a pure, unit-tested function.

`TimeRange` lives here (and is re-exported by `availability`) so that this module depends on
nothing else in the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from portal import taxonomy

MINUTES_PER_DAY = 1440
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PAY_PERIODS = frozenset(taxonomy.PAY_PERIODS)

Status = Literal["met", "partial", "missing", "warning", "info"]


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A weekly slot in the owner's local time.

    `day` is 0=Monday … 6=Sunday; `start`/`end` are minutes since local midnight. `end <= start`
    means the slot crosses midnight into the next day (21:00–06:00 is a night shift); `end ==
    start` is invalid (see `validate_ranges`). The constructor does not raise, so forms can build
    ranges first and report every problem at once.
    """

    day: int
    start: int
    end: int

    @classmethod
    def parse(cls, start: str, end: str, day: int) -> TimeRange:
        """Build from "HH:MM" strings as forms submit them; "24:00" is allowed as an end."""
        return cls(day=day, start=_parse_hhmm(start), end=_parse_hhmm(end))

    @property
    def overnight(self) -> bool:
        """True when the slot ends on the next day."""
        return self.end < self.start

    @property
    def minutes(self) -> int:
        """Length in wall-clock minutes (0 for an invalid zero-length range)."""
        if self.end == self.start:
            return 0
        if self.end > self.start:
            return self.end - self.start
        return MINUTES_PER_DAY - self.start + self.end


def _parse_hhmm(text: str) -> int:
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"Expected a time like 09:00, got {text!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > MINUTES_PER_DAY:
        raise ValueError(f"Expected a time between 00:00 and 24:00, got {text!r}")
    return value


@dataclass(frozen=True, slots=True)
class HeldCredential:
    """A credential a candidate holds; it counts only while unexpired (`expires_on` inclusive)."""

    code: str
    expires_on: date | None = None
    verified: bool = False


@dataclass(frozen=True, slots=True)
class Pay:
    """An amount with its currency and period, because neither means anything alone.

    For a job it is the offered range; for a candidate, `amount_min` is the lowest acceptable
    pay (the "ask"). Either bound may be None. `period` is one of hour, chart, day, week, month,
    year; per-chart pay is only comparable with per-chart pay.
    """

    amount_min: float | None
    amount_max: float | None
    currency: str
    period: str

    def __post_init__(self) -> None:
        if self.period not in PAY_PERIODS:
            raise ValueError(
                f"Unknown pay period {self.period!r}; use one of {sorted(PAY_PERIODS)}"
            )


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    """What matching needs to know about a seeker's profile.

    Slugs and codes are the keys of `portal.taxonomy`. `location` is (lat, lng); `travel_km` is
    how far the seeker will commute; `region` is ISO 3166-2 ("US-TX"; "TX" is read within
    `country`). `hours_min`/`hours_max` are the weekly hours wanted.
    """

    credentials: list[HeldCredential] = field(default_factory=list)
    specialties: frozenset[str] = frozenset()
    code_sets: frozenset[str] = frozenset()
    systems: frozenset[str] = frozenset()
    years_experience: int = 0
    new_graduate: bool = False
    timezone: str = "UTC"
    availability: list[TimeRange] = field(default_factory=list)
    hours_min: int | None = None
    hours_max: int | None = None
    work_modes: frozenset[str] = frozenset()
    employment_types: frozenset[str] = frozenset()
    location: tuple[float, float] | None = None
    travel_km: int | None = None
    willing_to_relocate: bool = False
    country: str | None = None
    region: str | None = None
    pay: Pay | None = None


@dataclass(frozen=True, slots=True)
class JobFacts:
    """What matching needs to know about a job.

    `required_credential_groups` is an AND of groups, each satisfied by any one code in it:
    [["RHIT"], ["CCS", "CIC"]] means RHIT and (CCS or CIC). Empty `applicant_countries` and
    `applicant_regions` mean a remote job hires from anywhere; a country without listed regions
    is open as a whole. Empty `shift_windows` means flexible hours. `accepts_part_time` says
    the shifts may be covered in part (part-time or split shifts): then `hours_min` is what a
    candidate must cover; otherwise the whole shift is.
    """

    required_credential_groups: list[list[str]] = field(default_factory=list)
    preferred_credentials: frozenset[str] = frozenset()
    specialties: frozenset[str] = frozenset()
    code_sets: frozenset[str] = frozenset()
    systems: frozenset[str] = frozenset()
    min_years: int = 0
    new_graduates_welcome: bool = False
    work_mode: str = "remote"
    office_locations: list[tuple[float, float]] = field(default_factory=list)
    applicant_countries: frozenset[str] = frozenset()
    applicant_regions: frozenset[str] = frozenset()
    timezone: str = "UTC"
    shift_windows: list[TimeRange] = field(default_factory=list)
    hours_min: int | None = None
    hours_max: int | None = None
    accepts_part_time: bool = False
    employment_type: str = "full_time"
    pay: Pay | None = None


@dataclass(frozen=True, slots=True)
class MatchItem:
    """One line of the explanation, worded so both the seeker and the employer can read it.

    `key` is stable for templates and tests ("credential:CCS|CIC", "hours", "pay" …); `label`
    and `detail` are plain words. `required` marks hard requirements (set from the table in
    `portal.matching.rules`). `fix` says what would close a gap ("Add CCS", "Cover 2 more hours
    of Friday's shift"); empty when nothing needs fixing or nothing the two sides can do.
    """

    key: str
    label: str
    status: Status
    required: bool
    detail: str
    fix: str = ""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A 0–100 score, whether every hard requirement passes, and the explanation lines."""

    score: int
    eligible: bool
    items: list[MatchItem]

    @property
    def met(self) -> list[MatchItem]:
        """Items fully met."""
        return [i for i in self.items if i.status == "met"]

    @property
    def partial(self) -> list[MatchItem]:
        """Items partly met (e.g. 3 of 4 specialties)."""
        return [i for i in self.items if i.status == "partial"]

    @property
    def missing(self) -> list[MatchItem]:
        """Items not met at all."""
        return [i for i in self.items if i.status == "missing"]

    @property
    def warnings(self) -> list[MatchItem]:
        """Caveats worth reading even when eligible (e.g. a different code-set family)."""
        return [i for i in self.items if i.status == "warning"]

    @property
    def blocking(self) -> list[MatchItem]:
        """Hard requirements that are not fully met; empty exactly when `eligible`."""
        return [i for i in self.items if i.required and i.status in ("missing", "partial")]

    def get(self, key: str) -> MatchItem | None:
        """The item with this key, if present."""
        return next((i for i in self.items if i.key == key), None)
