"""How complete a profile is, what to do next, and which credentials need renewing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.formatting import day_text
from portal.matching import expiry_state
from portal.models import Credential, Profile
from portal.models.profile import STEPS


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    label: LazyString  # the next useful thing to do, in plain words
    step: str
    weight: int
    done: bool


@dataclass(frozen=True)
class Completeness:
    percent: int
    items: list[CompletenessItem]

    @property
    def next_item(self) -> CompletenessItem | None:
        return next((i for i in self.items if not i.done), None)

    @property
    def complete(self) -> bool:
        return self.next_item is None


@dataclass(frozen=True)
class CredentialAlert:
    """A credential that has expired (it no longer counts for matching) or expires within
    `EXPIRY_WARNING_DAYS`, with what to do about it."""

    credential: Credential
    state: str  # "expired" | "expiring"
    expires_on: date
    days_left: int

    @property
    def message(self) -> str:
        c = self.credential
        if self.state == "expired":
            return str(
                _(
                    "%(code)s expired on %(date)s and no longer counts: jobs that require it do "
                    "not match you. Renew it, then add the new expiry date.",
                    code=c.title,
                    date=day_text(self.expires_on),
                )
            )
        return str(
            _(
                "%(code)s expires on %(date)s, in %(days)s days. Renew it before then and add the "
                "new expiry date, or jobs that require it stop matching you.",
                code=c.title,
                date=day_text(self.expires_on),
                days=self.days_left,
            )
        )


def credential_alerts(profile: Profile | None, today: date | None = None) -> list[CredentialAlert]:
    """Expired credentials and those expiring within 90 days, soonest first."""
    if profile is None:
        return []
    today = today or date.today()
    alerts = []
    for c in profile.credentials:
        state = expiry_state(c.expires_on, today)
        if state is not None and c.expires_on is not None:
            alerts.append(CredentialAlert(c, state, c.expires_on, (c.expires_on - today).days))
    return sorted(alerts, key=lambda a: a.expires_on)


def completeness(profile: Profile | None, today: date | None = None) -> Completeness:
    """How complete the profile is, and the next useful step (most useful for matching first)."""
    p = profile
    checks = [
        ("work", _l("Say what work you are looking for"), "basics", 15,
         bool(p and p.headline and p.role_types)),
        ("experience", _l("Add your specialties and code sets"), "basics", 15,
         bool(p and (p.specialties or p.code_sets))),
        ("location", _l("Say where you live"), "basics", 10, bool(p and p.country)),
        ("credentials", _l("Add your credentials, such as CPC or CCS"), "credentials", 20,
         bool(p and any(c.counts_as_held(today) for c in p.credentials))),
        ("hours", _l("Add the hours you can work each week"), "availability", 20,
         bool(p and p.timezone and p.availability)),
        ("job_kinds", _l("Say which kinds of jobs you want"), "availability", 5,
         bool(p and p.employment_types and p.work_modes)),
        ("pay", _l("Add the pay you expect"), "pay", 10, bool(p and p.has_pay)),
        ("resume", _l("Upload your résumé"), "pay", 5, bool(p and p.resume_file)),
    ]  # fmt: skip
    items = [CompletenessItem(k, label, step, w, done) for k, label, step, w, done in checks]
    percent = sum(i.weight for i in items if i.done)
    return Completeness(percent=percent, items=items)


def next_step(profile: Profile | None) -> str:
    """The first step not yet saved ("check" when all are): where "continue" resumes."""
    done = set(profile.steps_done or ()) if profile else set()
    return next((s for s in STEPS if s not in done), "check")
