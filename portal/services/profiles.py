"""Coder profiles: the four steps, credentials and their verification, the résumé, and who may
see what.

Visibility rules live in ONE place, `profile_view_for(viewer, profile)`:

| viewer                               | sees                                                    |
|--------------------------------------|---------------------------------------------------------|
| the owner, an administrator          | everything, hidden or not                               |
| an employer in an organization       | visible profiles; anonymised (no name, e-mail, phone,   |
|                                      | exact city, résumé) unless revealed to that             |
|                                      | organization; never credential numbers or proofs        |
| the school the seeker named          | its visible graduates: name, credentials with numbers   |
|                                      | and proofs (to verify them); no contact details, résumé |
| other seekers, other schools,        | nothing: 404                                            |
| employers without an organization,   |                                                         |
| anonymous visitors                   |                                                         |

A hidden profile is a 404 for everyone but its owner and administrators, and is never counted
(`visible_to_employers()` is the SQL condition for any count or list). Identity is revealed to an
organization by `reveal_profile_to` (called by applications and invitations).

Every function that changes a profile commits once; the outbox hook notes the change for search
in the same transaction. Uploaded files are written before the commit and removed again if it
fails; replaced files are removed after it succeeds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import mail, places, taxonomy, uploads
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.formatting import day_text
from portal.matching import (
    CandidateFacts,
    HeldCredential,
    Pay,
    TimeRange,
    expiry_state,
    validate_ranges,
)
from portal.models import (
    AvailabilitySlot,
    Credential,
    CredentialStatus,
    Organization,
    Profile,
    ProfileReveal,
    RevealReason,
    Role,
    School,
    User,
    Visibility,
    organization_of,
    school_of,
    utcnow,
)
from portal.models.profile import STEPS
from portal.services import audit, verification
from portal.services.notifications import external_url, notify

T = TypeVar("T")

MAX_YEARS = 60
MAX_WEEKLY_HOURS = 168
MAX_TRAVEL_KM = 1000
MAX_PAY = Decimal("9999999999.99")  # fits Numeric(12, 2)
MAX_SLOTS_PER_DAY = 3

# Input shapes (filled by the forms, re-checked here) ------------------------------------------


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


# Rules shared with the forms (each returns a message, or None when the value is fine) -----------


def unknown_slugs(values: Iterable[str], vocabulary: dict[str, Any]) -> list[str]:
    return [v for v in values if v not in vocabulary]


def expiry_problem(issued_on: date | None, expires_on: date | None) -> str | None:
    if issued_on and expires_on and expires_on <= issued_on:
        return _("Enter an expiry date after the issue date.")
    return None


def hours_problem(hours_min: int | None, hours_max: int | None) -> str | None:
    if hours_min is not None and hours_max is not None and hours_max < hours_min:
        return _("The most hours a week must be the same as or more than the fewest hours.")
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


# Reading ---------------------------------------------------------------------------------------


def profile_of(user: User) -> Profile | None:
    """The seeker's own profile, if they have started one."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))


def visible_to_employers() -> sa.ColumnElement[bool]:
    """SQL condition for profiles that exist for employers (and may be counted anywhere):
    not hidden, and the seeker's account is not disabled."""
    return sa.and_(
        Profile.visibility == Visibility.EMPLOYERS,
        Profile.user.has(User.disabled_at.is_(None)),
    )


def is_searchable(profile: Profile) -> bool:
    """Whether the profile belongs in the search index: visible to employers and open to work."""
    return (
        profile.visibility == Visibility.EMPLOYERS
        and profile.open_to_work
        and profile.user.is_active
    )


def revealed_to(profile: Profile, organization_id: int) -> bool:
    return (
        db.session.scalar(
            sa.select(ProfileReveal.id).where(
                ProfileReveal.profile_id == profile.id,
                ProfileReveal.organization_id == organization_id,
            )
        )
        is not None
    )


def candidate_label(profile_id: int) -> str:
    """How a profile is named to those who may not see who it is: "Candidate K7QX2M".

    Stable for a profile, but not its id: ids count up, so they would tell an employer how many
    people signed up and in which order. The code is the start of an HMAC of the id with the
    SECRET_KEY, in base32 (capital letters and the digits 2-7).
    """
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"candidate-label:{profile_id}".encode(), hashlib.sha256).digest()
    return _("Candidate %(code)s", code=base64.b32encode(digest).decode()[:6])


@dataclass(frozen=True)
class ProfileView:
    """What one viewer may see of one profile. Templates read only these flags."""

    profile: Profile
    audience: str  # "owner", "admin", "employer", "school"
    identity: bool  # name and exact city
    contact: bool  # e-mail and phone
    credential_numbers: bool
    proofs: bool  # may download credential proof documents
    resume: bool  # may download the résumé
    preview: bool = False  # the owner looking at what employers see

    @property
    def display_name(self) -> str:
        if self.identity:
            return self.profile.user.name
        return candidate_label(self.profile.id)

    @property
    def location(self) -> str:
        """ "Kochi, Kerala, India" with identity; "Kerala, India" without."""
        p = self.profile
        country = taxonomy.label(taxonomy.COUNTRIES, p.country) if p.country else None
        parts = (p.city if self.identity else None, p.region_label(), country)
        return ", ".join(part for part in parts if part)

    @property
    def full(self) -> bool:
        return self.audience in ("owner", "admin")


def _full_view(profile: Profile, audience: str) -> ProfileView:
    return ProfileView(profile, audience, True, True, True, True, True)


def _employer_view(profile: Profile, revealed: bool, preview: bool = False) -> ProfileView:
    identity = revealed or not profile.anonymous
    return ProfileView(
        profile,
        "employer",
        identity=identity,
        contact=identity,
        credential_numbers=False,
        proofs=False,
        resume=identity and profile.resume_file is not None,
        preview=preview,
    )


def _graduate_of(profile: Profile, viewer: User) -> bool:
    """The viewer's school is the one the seeker named, and an administrator verified it."""
    if not viewer.is_authenticated or not viewer.is_school or profile.school_id is None:
        return False
    school = school_of(viewer)
    return school is not None and school.id == profile.school_id and school.is_verified


def profile_view_for(viewer: User, profile: Profile | None) -> ProfileView:
    """What `viewer` (possibly anonymous) may see of `profile`; NotFound when nothing."""
    if profile is None:
        raise NotFound(_("No such profile."))
    if viewer.is_authenticated and viewer.id == profile.user_id:
        return _full_view(profile, "owner")
    if viewer.is_authenticated and viewer.is_admin:
        return _full_view(profile, "admin")
    if profile.is_hidden or not profile.user.is_active:
        raise NotFound(_("No such profile."))
    if not viewer.is_authenticated or not viewer.is_active:
        raise NotFound(_("No such profile."))
    if viewer.is_employer:
        organization = organization_of(viewer)
        if organization is None:
            raise NotFound(_("No such profile."))
        return _employer_view(profile, revealed_to(profile, organization.id))
    if _graduate_of(profile, viewer):
        return ProfileView(profile, "school", True, False, True, True, False)
    raise NotFound(_("No such profile."))


def profile_views_for(viewer: User, profiles: Iterable[Profile]) -> dict[int, ProfileView]:
    """`profile_view_for` for a list of profiles (search results, best candidates): the same
    rules, but an employer's organization and reveals are read once, not once per profile.
    Profiles the viewer may not see are left out."""
    profiles = list(profiles)
    employer = (
        viewer.is_authenticated
        and viewer.is_active
        and viewer.is_employer
        and not getattr(viewer, "is_admin", False)
    )
    if not employer:
        views = {}
        for profile in profiles:
            try:
                views[profile.id] = profile_view_for(viewer, profile)
            except NotFound:
                continue
        return views
    organization = organization_of(viewer)
    if organization is None or not profiles:
        return {}
    revealed = set(
        db.session.scalars(
            sa.select(ProfileReveal.profile_id).where(
                ProfileReveal.organization_id == organization.id,
                ProfileReveal.profile_id.in_([p.id for p in profiles]),
            )
        )
    )
    views = {}
    for profile in profiles:
        if profile.user_id == viewer.id:
            views[profile.id] = profile_view_for(viewer, profile)
        elif not profile.is_hidden and profile.user.is_active:
            views[profile.id] = _employer_view(profile, profile.id in revealed)
    return views


def identities_known_to(organization_id: int, profiles: Iterable[Profile]) -> set[int]:
    """Ids of the profiles whose name and city the organization may see: not anonymous, or
    revealed to it. For the others, distances are shown only in bands (see `match`)."""
    profiles = list(profiles)
    revealed = set(
        db.session.scalars(
            sa.select(ProfileReveal.profile_id).where(
                ProfileReveal.organization_id == organization_id,
                ProfileReveal.profile_id.in_([p.id for p in profiles]),
            )
        )
    )
    return {p.id for p in profiles if not p.anonymous or p.id in revealed}


def employer_preview(profile: Profile) -> ProfileView:
    """ "See what employers see": an employer the seeker has not applied to."""
    return _employer_view(profile, revealed=False, preview=True)


def visible_identity(profile: Profile, viewer: User) -> bool:
    """Whether `viewer` may see who the seeker is (name, exact city; contact for employers)."""
    try:
        return profile_view_for(viewer, profile).identity
    except NotFound:
        return False


def reveal_profile_to(
    profile: Profile, organization_id: int, reason: RevealReason | str
) -> ProfileReveal:
    """Let an organization see who the seeker is, because they applied to it or accepted its
    invitation. Idempotent (the first reason is kept). Adds to the session WITHOUT committing, so
    the caller's application or acceptance and the reveal commit together."""
    reason = RevealReason(reason)
    existing = db.session.scalar(
        sa.select(ProfileReveal).where(
            ProfileReveal.profile_id == profile.id,
            ProfileReveal.organization_id == organization_id,
        )
    )
    if existing is not None:
        return existing
    if db.session.get(Organization, organization_id) is None:
        raise NotFound(_("No such organization."))
    reveal = ProfileReveal(profile_id=profile.id, organization_id=organization_id, reason=reason)
    db.session.add(reveal)
    audit.record(
        "identity_revealed", actor=profile.user, subject=profile, organization_id=organization_id
    )
    return reveal


# Matching --------------------------------------------------------------------------------------


def _facts_region(profile: Profile) -> str | None:
    if not profile.region:
        return None
    if profile.country in places.REGIONS:
        return f"{profile.country}-{profile.region}"
    return profile.region


def to_candidate_facts(profile: Profile) -> CandidateFacts:
    """What matching needs to know about the profile (`portal.matching.CandidateFacts`).

    Expired credentials are included with their date: matching counts only unexpired ones and
    can say "CPC expired on …". "Other" credentials are left out (nothing can require them).
    """
    pay = None
    if profile.has_pay and profile.pay_period in taxonomy.PAY_PERIODS:
        pay = Pay(
            amount_min=float(profile.pay_min) if profile.pay_min is not None else None,
            amount_max=float(profile.pay_max) if profile.pay_max is not None else None,
            currency=profile.currency or "",
            period=profile.pay_period,
        )
    location = (
        (profile.lat, profile.lng) if profile.lat is not None and profile.lng is not None else None
    )
    return CandidateFacts(
        credentials=[
            HeldCredential(code=c.kind, expires_on=c.expires_on, verified=c.is_verified)
            for c in profile.credentials
            if c.kind != "OTHER"
        ],
        specialties=frozenset(profile.specialties or ()),
        code_sets=frozenset(profile.code_sets or ()),
        systems=frozenset(profile.systems or ()),
        years_experience=profile.years_experience or 0,
        new_graduate=profile.new_graduate,
        timezone=profile.timezone or "UTC",
        availability=time_ranges(profile),
        hours_min=profile.hours_min,
        hours_max=profile.hours_max,
        work_modes=frozenset(profile.work_modes or ()),
        employment_types=frozenset(profile.employment_types or ()),
        location=location,
        travel_km=profile.travel_km,
        willing_to_relocate=profile.willing_to_relocate,
        country=profile.country,
        region=_facts_region(profile),
        pay=pay,
    )


def time_ranges(profile: Profile) -> list[TimeRange]:
    return [TimeRange(s.day, s.start_minute, s.end_minute) for s in profile.availability]


# Completeness ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    label: Any  # the next useful thing to do, in plain words (lazily translated)
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
    days_left: int

    @property
    def message(self) -> str:
        c = self.credential
        if self.state == "expired":
            return _(
                "%(code)s expired on %(date)s and no longer counts: jobs that require it do "
                "not match you. Renew it, then add the new expiry date.",
                code=c.title,
                date=day_text(c.expires_on),
            )
        return _(
            "%(code)s expires on %(date)s, in %(days)s days. Renew it before then and add the "
            "new expiry date, or jobs that require it stop matching you.",
            code=c.title,
            date=day_text(c.expires_on),
            days=self.days_left,
        )


def credential_alerts(profile: Profile | None, today: date | None = None) -> list[CredentialAlert]:
    """Expired credentials and those expiring within 90 days, soonest first."""
    if profile is None:
        return []
    today = today or date.today()
    alerts = []
    for c in profile.credentials:
        state = expiry_state(c.expires_on, today)
        if state is not None:
            alerts.append(CredentialAlert(c, state, (c.expires_on - today).days))
    return sorted(alerts, key=lambda a: a.credential.expires_on)


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


# Writing: the steps -----------------------------------------------------------------------------


def _once_more_if_created_twice(step: Callable[..., T]) -> Callable[..., T]:
    """A double submit of a seeker's very first step can try to create two profiles; the
    database refuses the second (one profile per user), so that request runs again and
    updates the profile the first one created."""

    @wraps(step)
    def run(user: User, *args: Any, **kwargs: Any) -> T:
        try:
            return step(user, *args, **kwargs)
        except sa.exc.IntegrityError:
            db.session.rollback()
            return step(user, *args, **kwargs)

    return run


def _ensure_profile(user: User) -> Profile:
    if not user.is_seeker:
        raise PermissionDenied(_("Only job seekers have a profile."))
    profile = profile_of(user)
    if profile is None:
        profile = Profile(user=user, steps_done=[])
        db.session.add(profile)
    return profile


def _mark_step(profile: Profile, step: str) -> None:
    if step not in (profile.steps_done or []):
        profile.steps_done = [*(profile.steps_done or []), step]


def _check_slugs(values: list[str], vocabulary: dict[str, Any], field_name: str) -> list[str]:
    if unknown_slugs(values, vocabulary):
        raise ValidationFailed(_("Choose only from the list."), field=field_name)
    return list(dict.fromkeys(values))


def _check_int(value: int | None, low: int, high: int, field_name: str) -> int | None:
    if value is not None and not low <= value <= high:
        raise ValidationFailed(
            _("Enter a number from %(low)s to %(high)s.", low=low, high=high),
            field=field_name,
        )
    return value


@_once_more_if_created_twice
def save_basics(user: User, data: Basics) -> Profile:
    """Step 1. Looks the city up offline; an unknown town is kept without coordinates."""
    headline = data.headline.strip()
    if not headline:
        raise ValidationFailed(_("Enter a short headline."), field="headline")
    if not data.role_types:
        raise ValidationFailed(_("Choose at least one kind of work."), field="role_types")
    if data.country not in taxonomy.COUNTRIES:
        raise ValidationFailed(_("Choose the country you live in."), field="country")
    region = places.region_code(data.country, data.region)
    if data.region.strip() and region is None:
        raise ValidationFailed(
            _("Enter a state of %(country)s, like %(example)s.",
                   country=taxonomy.COUNTRIES[data.country],
                   example="Texas" if data.country == "US" else "Kerala"),
            field="region",
        )  # fmt: skip
    profile = _ensure_profile(user)
    school = None
    if data.school_id is not None:
        school = db.session.get(School, data.school_id)
        # Only verified schools are offered; a school named earlier may be kept.
        if school is None or not (school.is_verified or school.id == profile.school_id):
            raise ValidationFailed(_("Choose your school from the list."), field="school_id")
    profile.headline = headline
    profile.summary = data.summary.strip()
    profile.phone = data.phone.strip()
    profile.role_types = _check_slugs(data.role_types, taxonomy.ROLE_TYPES, "role_types")
    profile.years_experience = _check_int(
        data.years_experience or 0, 0, MAX_YEARS, "years_experience"
    )
    profile.specialties = _check_slugs(data.specialties, taxonomy.SPECIALTIES, "specialties")
    profile.code_sets = _check_slugs(data.code_sets, taxonomy.CODE_SETS, "code_sets")
    profile.systems = _check_slugs(data.systems, taxonomy.SYSTEMS, "systems")
    profile.languages = _check_slugs(data.languages, taxonomy.LANGUAGES, "languages")
    profile.education = data.education.strip()
    profile.school = school
    profile.new_graduate = data.new_graduate
    profile.career_break_years = _check_int(
        data.career_break_years, 0, MAX_YEARS, "career_break_years"
    )
    profile.country = data.country
    profile.region = region
    city = data.city.strip() or None
    profile.city = city
    place = places.find_city(data.country, city, region) if city else None
    profile.lat, profile.lng = (place.lat, place.lng) if place else (None, None)
    if place and not profile.timezone:
        profile.timezone = place.timezone
    _mark_step(profile, "basics")
    db.session.commit()
    return profile


def own_credential(user: User, credential_id: int) -> Credential:
    credential = db.session.get(Credential, credential_id)
    if credential is None or credential.profile.user_id != user.id:
        raise NotFound(_("No such credential."))
    return credential


def _apply_credential(credential: Credential, data: CredentialInput) -> None:
    if data.kind not in taxonomy.CREDENTIALS:
        raise ValidationFailed(_("Choose a credential from the list."), field="kind")
    other_name = data.other_name.strip()
    if data.kind == "OTHER" and not other_name:
        raise ValidationFailed(_("Enter the name of the credential."), field="other_name")
    problem = expiry_problem(data.issued_on, data.expires_on)
    if problem:
        raise ValidationFailed(problem, field="expires_on")
    new_values = {
        "kind": data.kind,
        "other_name": other_name if data.kind == "OTHER" else None,
        "number": data.number.strip() or None,
        "issued_on": data.issued_on,
        "expires_on": data.expires_on,
    }
    changed = any(getattr(credential, k) != v for k, v in new_values.items())
    for key, value in new_values.items():
        setattr(credential, key, value)
    if changed and credential.status == CredentialStatus.VERIFIED:
        _clear_verification(credential)


def _clear_verification(credential: Credential) -> None:
    """A changed credential is no longer what was verified."""
    credential.status = (
        CredentialStatus.PROOF_UPLOADED if credential.proof_file else CredentialStatus.SELF_REPORTED
    )
    credential.verified_at = None
    credential.verified_by_id = None
    credential.verified_by_school_id = None
    credential.verification_method = None


_NOT_YET_CHECKED = (
    CredentialStatus.SELF_REPORTED,
    CredentialStatus.PROOF_UPLOADED,
    CredentialStatus.PROOF_REJECTED,
    CredentialStatus.PROOF_REQUESTED,
)


def _attach_proof(credential: Credential, proof: uploads.CheckedFile, stored: str) -> str | None:
    old = credential.proof_file
    credential.proof_file = stored
    credential.proof_name = proof.original_name[:200] or None
    credential.proof_size = proof.size
    credential.proof_uploaded_at = utcnow()
    if credential.status in _NOT_YET_CHECKED:
        # A new proof is checked afresh, whatever was said about the last one.
        credential.status = CredentialStatus.PROOF_UPLOADED
        credential.proof_review_note = None
        credential.proof_reviewed_at = None
    return old


def _detach_proof(credential: Credential) -> str | None:
    old = credential.proof_file
    credential.proof_file = credential.proof_name = None
    credential.proof_size = credential.proof_uploaded_at = None
    if credential.status in _NOT_YET_CHECKED:
        credential.status = CredentialStatus.SELF_REPORTED
    return old


def _same_credential(a: Credential, b: Credential) -> bool:
    keys = ("kind", "other_name", "number", "issued_on", "expires_on")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _commit_with_files(new_files: list[str], old_files: list[str | None]) -> None:
    """Commit; on failure remove the files just written, on success the files replaced."""
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for name in new_files:
            uploads.delete(name)
        raise
    for name in old_files:
        uploads.delete(name)


@_once_more_if_created_twice
def add_credential(
    user: User, data: CredentialInput, proof: uploads.CheckedFile | None = None
) -> Credential:
    profile = _ensure_profile(user)
    credential = Credential(status=CredentialStatus.SELF_REPORTED)
    _apply_credential(credential, data)
    same = next((c for c in profile.credentials if _same_credential(c, credential)), None)
    if same is not None:  # a double submit: the first request already added it
        return same
    profile.credentials.append(credential)
    new_files = []
    if proof is not None:
        stored = uploads.store(proof)
        new_files.append(stored)
        _attach_proof(credential, proof, stored)
    _commit_with_files(new_files, [])
    return credential


def update_credential(
    user: User,
    credential_id: int,
    data: CredentialInput,
    proof: uploads.CheckedFile | None = None,
    remove_proof: bool = False,
) -> Credential:
    credential = own_credential(user, credential_id)
    _apply_credential(credential, data)
    new_files, old_files = [], []
    if proof is not None:
        stored = uploads.store(proof)
        new_files.append(stored)
        old_files.append(_attach_proof(credential, proof, stored))
    elif remove_proof:
        old_files.append(_detach_proof(credential))
    _commit_with_files(new_files, old_files)
    return credential


def delete_credential(user: User, credential_id: int) -> None:
    credential = own_credential(user, credential_id)
    old = credential.proof_file
    credential.profile.credentials.remove(credential)
    _commit_with_files([], [old])


@_once_more_if_created_twice
def finish_credentials(user: User) -> Profile:
    """Step 2 is a list; "continue" records that the seeker has been through it."""
    profile = _ensure_profile(user)
    _mark_step(profile, "credentials")
    db.session.commit()
    return profile


@_once_more_if_created_twice
def save_availability(user: User, data: AvailabilityInput) -> Profile:
    """Step 3: time zone, the weekly hours grid, kinds of jobs and travel."""
    timezone = places.canonical_timezone(data.timezone)
    if timezone is None:
        raise ValidationFailed(
            _(
                "Enter a time zone we know: your city, an abbreviation such as IST, ET, CT or PT, "
                "or a name like Asia/Kolkata."
            ),
            field="timezone",
        )
    _check_int(data.hours_min, 0, MAX_WEEKLY_HOURS, "hours_min")
    _check_int(data.hours_max, 0, MAX_WEEKLY_HOURS, "hours_max")
    problem = hours_problem(data.hours_min, data.hours_max)
    if problem:
        raise ValidationFailed(problem, field="hours_max")
    problems = ranges_problems(data.ranges)
    if problems:
        raise ValidationFailed(problems[0], field="ranges")
    if not data.employment_types:
        raise ValidationFailed(_("Choose at least one kind of job."), field="employment_types")
    if not data.work_modes:
        raise ValidationFailed(_("Choose where you can work."), field="work_modes")
    employment_types = _check_slugs(
        data.employment_types, taxonomy.EMPLOYMENT_TYPES, "employment_types"
    )
    work_modes = _check_slugs(data.work_modes, taxonomy.WORK_MODES, "work_modes")
    if set(work_modes) & {"onsite", "hybrid"} and data.travel_km is None:
        raise ValidationFailed(
            _("Enter how far you can travel to work, in kilometres."), field="travel_km"
        )
    _check_int(data.travel_km, 0, MAX_TRAVEL_KM, "travel_km")

    profile = _ensure_profile(user)
    profile.timezone = timezone
    profile.hours_min = data.hours_min
    profile.hours_max = data.hours_max
    profile.available_from = data.available_from
    profile.employment_types = employment_types
    profile.work_modes = work_modes
    profile.travel_km = data.travel_km
    profile.willing_to_relocate = data.willing_to_relocate
    wanted = sorted({(r.day, r.start, r.end) for r in data.ranges})
    current = sorted((s.day, s.start_minute, s.end_minute) for s in profile.availability)
    if wanted != current:
        profile.availability = [
            AvailabilitySlot(day=d, start_minute=s, end_minute=e) for d, s, e in wanted
        ]
    if user.timezone is None:  # pages then show times in the seeker's own zone
        user.timezone = timezone
    _mark_step(profile, "availability")
    db.session.commit()
    return profile


@_once_more_if_created_twice
def save_pay_privacy(
    user: User,
    data: PayPrivacy,
    resume: uploads.CheckedFile | None = None,
    remove_resume: bool = False,
) -> Profile:
    """Step 4: pay expectation, privacy choices and the résumé."""
    problem = pay_problem(data.pay_min, data.pay_max)
    if problem:
        raise ValidationFailed(problem[1], field=problem[0])
    has_amount = data.pay_min is not None or data.pay_max is not None
    if has_amount and data.currency not in taxonomy.CURRENCIES:
        raise ValidationFailed(_("Choose the currency of the amount."), field="currency")
    if has_amount and data.pay_period not in taxonomy.PAY_PERIODS:
        raise ValidationFailed(
            _("Choose whether the amount is per hour, chart, month or year."),
            field="pay_period",
        )
    try:
        visibility = Visibility(data.visibility)
    except ValueError:
        raise ValidationFailed(_("Choose who can see your profile."), field="visibility")

    profile = _ensure_profile(user)
    profile.pay_min, profile.pay_max = data.pay_min, data.pay_max
    profile.currency = data.currency if has_amount else None
    profile.pay_period = data.pay_period if has_amount else None
    profile.open_to_work = data.open_to_work
    profile.visibility = visibility
    profile.anonymous = data.anonymous
    new_files, old_files = [], []
    if resume is not None:
        stored = uploads.store(resume)
        new_files.append(stored)
        old_files.append(_set_resume(profile, resume, stored))
    elif remove_resume:
        old_files.append(_set_resume(profile, None, None))
    _mark_step(profile, "pay")
    _commit_with_files(new_files, old_files)
    return profile


def _set_resume(
    profile: Profile, checked: uploads.CheckedFile | None, stored: str | None
) -> str | None:
    old = profile.resume_file
    profile.resume_file = stored
    profile.resume_name = (checked.original_name[:200] or "resume.pdf") if checked else None
    profile.resume_size = checked.size if checked else None
    profile.resume_uploaded_at = utcnow() if checked else None
    return old


def delete_resume(user: User) -> None:
    profile = profile_of(user)
    if profile is None or profile.resume_file is None:
        return
    _commit_with_files([], [_set_resume(profile, None, None)])


# Documents ----------------------------------------------------------------------------------------


def resume_for(viewer: User, profile_id: int) -> Profile:
    """The profile whose résumé `viewer` may download; NotFound otherwise (or when none)."""
    profile = db.session.get(Profile, profile_id)
    view = profile_view_for(viewer, profile)
    if not view.resume or profile.resume_file is None:
        raise NotFound(_("No résumé."))
    if profile.user_id != viewer.id:
        audit.record_now("resume_downloaded", actor=viewer, subject=profile)
    return profile


def proof_for(viewer: User, credential_id: int) -> Credential:
    """The credential whose proof `viewer` may download; NotFound otherwise (or when none)."""
    credential = db.session.get(Credential, credential_id)
    if credential is None:
        raise NotFound(_("No such credential."))
    view = profile_view_for(viewer, credential.profile)
    if not view.proofs or credential.proof_file is None:
        raise NotFound(_("No proof."))
    return credential


# Verification ----------------------------------------------------------------------------------


def can_verify(viewer: User, credential: Credential) -> bool:
    """Administrators verify any credential; a verified school verifies its visible graduates',
    never its own people's (see `verification.same_person_or_staff`)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.is_admin:
        return True
    profile = credential.profile
    return (
        _graduate_of(profile, viewer)
        and not profile.is_hidden
        and not verification.same_person_or_staff(school_of(viewer), profile.user)
    )


def credentials_to_check(page: int = 1, per_page: int = 50):
    """For administrators: credentials with an uploaded proof that nobody has checked yet,
    oldest upload first (a Flask-SQLAlchemy pagination)."""
    stmt = (
        sa.select(Credential)
        .where(Credential.status == CredentialStatus.PROOF_UPLOADED)
        .order_by(Credential.proof_uploaded_at, Credential.id)
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def credential_to_verify(viewer: User, credential_id: int) -> Credential:
    credential = db.session.get(Credential, credential_id)
    if credential is None or not can_verify(viewer, credential):
        raise NotFound(_("No such credential."))
    return credential


def verify_credential(viewer: User, credential_id: int, method: str) -> Credential:
    """Mark a credential verified: by whom (the admin, or the school), when and how."""
    credential = credential_to_verify(viewer, credential_id)
    method = method.strip()
    if not method:
        raise ValidationFailed(_("Say how you checked this credential."), field="method")
    if len(method) > 200:
        raise ValidationFailed(_("Use at most 200 characters."), field="method")
    credential.status = CredentialStatus.VERIFIED
    credential.verified_at = utcnow()
    credential.verified_by_id = viewer.id
    credential.verified_by_school_id = None if viewer.role == Role.ADMIN else school_of(viewer).id
    credential.verification_method = method
    audit.record("credential_verified", actor=viewer, subject=credential, method=method)
    db.session.commit()
    return credential


PROOF_OUTCOMES = {
    "reject": CredentialStatus.PROOF_REJECTED,
    "ask_again": CredentialStatus.PROOF_REQUESTED,
}


def review_proof(admin: User, credential_id: int, outcome: str, reason: str) -> Credential:
    """An administrator rejects a proof ("reject": it does not show this credential) or asks
    for a new one ("ask_again": unreadable, cut off, someone else's name). The coder reads the
    reason in the page and by e-mail; uploading a new proof puts it back in the queue."""
    if not getattr(admin, "is_admin", False):
        raise NotFound(_("No such credential."))
    credential = db.session.get(Credential, credential_id)
    if credential is None:
        raise NotFound(_("No such credential."))
    if outcome not in PROOF_OUTCOMES:
        raise ValidationFailed(_("Choose what should happen to the proof."), field="outcome")
    if credential.proof_file is None or credential.status == CredentialStatus.VERIFIED:
        raise ValidationFailed(_("Only a proof that is not verified yet can be sent back."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(_("Write the reason the coder will read."), field="reason")
    if len(reason) > 1000:
        raise ValidationFailed(_("Use at most 1000 characters."), field="reason")
    if credential.status == PROOF_OUTCOMES[outcome] and credential.proof_review_note == reason:
        return credential  # sent twice: the coder was told once
    credential.status = PROOF_OUTCOMES[outcome]
    credential.proof_review_note = reason
    credential.proof_reviewed_at = utcnow()
    seeker = credential.profile.user
    link = url_for("seekers.edit_credential", credential_id=credential.id)
    notify(seeker.id, f"proof_{outcome}", link, credential=credential.title, reason=reason)
    if seeker.disabled_at is None:
        subject = (
            _("Your %(credential)s proof was not accepted", credential=credential.title)
            if outcome == "reject"
            else _("Please send a new proof of your %(credential)s", credential=credential.title)
        )
        mail.queue_email(
            seeker.email,
            subject,
            "credential_proof",
            user=seeker,
            credential=credential,
            outcome=outcome,
            reason=reason,
            credential_url=external_url("seekers.edit_credential", credential_id=credential.id),
        )
    db.session.commit()
    return credential


def unverify_credential(viewer: User, credential_id: int) -> Credential:
    """Withdraw a verification (a mistake, or the credential turned out not to be held)."""
    credential = credential_to_verify(viewer, credential_id)
    _clear_verification(credential)
    db.session.commit()
    return credential
