"""The verdict rule, stated once: which requirements decide eligibility, and what the badge says.

`REQUIREMENTS` is the table (docs/MATCHING.md shows it to people; a test keeps the two equal).
A *hard* requirement decides whether a candidate is eligible; a *soft* one only moves the score.
Every `MatchItem` takes its `required` flag from this table through `is_hard`, so no check can
quietly promote or demote itself. `verdict` derives the badge from the rows alone, so it can
never claim "Meets every requirement" next to a ✗, "Missing" or "Check".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from portal.matching.model import MatchItem, MatchResult
from portal.matching.phrases import _, join_and

# A credential expiring within this many days is flagged wherever it is shown.
EXPIRY_WARNING_DAYS = 90
# Fraction given when a dimension cannot be judged (pay in another currency, nothing stated):
# neither rewarded nor punished.
UNKNOWN_FIT = 0.5

# What each requirement's check returns: its explanation lines and a fraction in 0..1.
Check = tuple[list[MatchItem], float]


@dataclass(frozen=True, slots=True)
class Requirement:
    """One row of the table: the item key (before any ":"), hard or soft, and why."""

    key: str
    label: str
    hard: bool
    rule: str


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "credential",
        _("Required credentials"),
        True,
        _(
            "Each required credential (or one of each “or” group) is held and not expired; "
            "an apprentice credential (CPC-A) does not count as the full one."
        ),
    ),
    Requirement(
        "work_mode",
        _("Work mode and location"),
        True,
        _(
            "Remote: the candidate accepts remote work and lives where the job hires. Onsite or "
            "hybrid: accepts it and lives within their travel distance of an office, or would move."
        ),
    ),
    Requirement(
        "hours",
        _("Weekly hours"),
        True,
        _(
            "Fixed full-time shifts: available for all the shift hours and willing to work that "
            "many. Shifts open to part-time or split work: the job's stated minimum hours inside "
            "the shifts. Flexible hours: the stated minimum. Judged on a winter and a summer week."
        ),
    ),
    Requirement(
        "expiry",
        _("Credential expiry"),
        False,
        _("A credential the job asks for expires within 90 days: renew it to keep matching."),
    ),
    Requirement(
        "hours_wanted",
        _("Hours wanted"),
        False,
        _("The candidate wants more hours than the job offers at most."),
    ),
    Requirement("specialties", _("Specialties"), False, _("Share of the job's specialties.")),
    Requirement("code_sets", _("Code sets"), False, _("Share of the job's code sets.")),
    Requirement(
        "code_set_family",
        _("Code set family"),
        False,
        _("Experience in another family of code sets (ICD-10-AM against ICD-10-CM)."),
    ),
    Requirement("years", _("Experience"), False, _("Years of experience against the minimum.")),
    Requirement("pay", _("Pay"), False, _("The candidate's lowest pay against the job's range.")),
    Requirement(
        "employment_type",
        _("Employment type"),
        False,
        _(
            "Full-time, contract, per diem… as wanted; a part-time seeker is judged on the "
            "hours the job takes, not on the word."
        ),
    ),
    Requirement("systems", _("Systems"), False, _("Share of the job's software.")),
    Requirement(
        "preferred_credentials",
        _("Preferred credentials"),
        False,
        _("Credentials the job prefers but does not require."),
    ),
    Requirement(
        "verified_credentials",
        _("Verified credentials"),
        False,
        _("The credentials that matter for the job are verified."),
    ),
)
_BY_KEY = {r.key: r for r in REQUIREMENTS}

# Statuses that show as ✗, "Partly met" or "Check" next to a row; on a hard row the first two
# make the candidate ineligible.
GAP_STATUSES = frozenset({"missing", "partial", "warning"})
BLOCKING_STATUSES = frozenset({"missing", "partial"})


def requirement_for(key: str) -> Requirement:
    """The table row for an item key such as "credential:CCS|CIC" (KeyError when unknown)."""
    return _BY_KEY[key.split(":", 1)[0]]


def is_hard(key: str) -> bool:
    """Whether the item with this key decides eligibility."""
    return requirement_for(key).hard


def item(key: str, label: str, status: str, detail: str, fix: str = "") -> MatchItem:
    """A `MatchItem` whose hard/soft flag comes from the table, never from the caller."""
    return MatchItem(key, label, status, is_hard(key), detail, fix)  # type: ignore[arg-type]


VerdictKind = Literal["fits", "fits_with_gaps", "misses"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the badge says, derived from the rows: the kind and the rows that caused it."""

    kind: VerdictKind
    causes: tuple[MatchItem, ...]

    @property
    def headline(self) -> str:
        """ "Meets every requirement", "Meets the requirements; check Pay and Systems",
        "Misses CCS and Weekly hours"."""
        names = join_and(_cause_names(self.causes))
        if self.kind == "fits":
            return _("Meets every requirement")
        if self.kind == "fits_with_gaps":
            return _("Meets the requirements; check %(causes)s") % {"causes": names}
        return _("Misses %(causes)s") % {"causes": names}


def verdict(rows: MatchResult | Iterable[MatchItem]) -> Verdict:
    """The badge for a result (or the rows saved with an application): any hard gap makes it
    a miss naming every one; else any soft gap (✗, partly met or check) names those; only a
    clean sheet "meets every requirement"."""
    items = list(rows.items if isinstance(rows, MatchResult) else rows)
    blocking = tuple(i for i in items if i.required and i.status in BLOCKING_STATUSES)
    if blocking:
        return Verdict("misses", blocking)
    gaps = tuple(i for i in items if i.status in GAP_STATUSES)
    if gaps:
        return Verdict("fits_with_gaps", gaps)
    return Verdict("fits", ())


def _cause_names(items: tuple[MatchItem, ...]) -> list[str]:
    """Distinct labels in order ("CCS or CIC", "Weekly hours")."""
    names: list[str] = []
    for i in items:
        if i.label not in names:
            names.append(i.label)
    return names


ExpiryState = Literal["expired", "expiring"]


def expiry_state(expires_on: date | None, today: date) -> ExpiryState | None:
    """ "expired" after the expiry date, "expiring" within `EXPIRY_WARNING_DAYS`, else None."""
    if expires_on is None:
        return None
    if expires_on < today:
        return "expired"
    if (expires_on - today).days <= EXPIRY_WARNING_DAYS:
        return "expiring"
    return None
