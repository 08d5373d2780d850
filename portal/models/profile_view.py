"""Who may see what of a coder's profile: ONE rule, `profile_view_for(viewer, profile)`.

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
(`Profile.visible_to_employers()` is the SQL condition for any count or list). Identity is
revealed to an organization by `services.profiles.reveal_profile_to` (called by applications
and invitations). The rule lives beside the model so search, services and pages all read it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from portal import taxonomy
from portal.errors import NotFound
from portal.extensions import db
from portal.models.organization import organization_of
from portal.models.profile import Profile, ProfileReveal
from portal.models.school import school_of
from portal.models.user import User


def candidate_label(profile_id: int) -> str:
    """How a profile is named to those who may not see who it is: "Candidate K7QX2M".

    Stable for a profile, but not its id: ids count up, so they would tell an employer how many
    people signed up and in which order. The code is the start of an HMAC of the id with the
    SECRET_KEY, in base32 (capital letters and the digits 2-7).
    """
    code = _label_code(current_app.config["SECRET_KEY"], profile_id)
    return str(_("Candidate %(code)s", code=code))


@lru_cache(maxsize=8192)
def _label_code(secret: str | bytes, profile_id: int) -> str:
    """Cached: the same code for the same key and id, and a list of candidates shows 20-35."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"candidate-label:{profile_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:6]


def _display_name(profile_id: int, name: str, identity: bool) -> str:
    return name if identity else candidate_label(profile_id)


def _location(city: str | None, region: str, country: str | None, identity: bool) -> str:
    """ "Kochi, Kerala, India" with identity; "Kerala, India" without."""
    country_name = taxonomy.label(taxonomy.COUNTRIES, country) if country else None
    parts = (city if identity else None, region, country_name)
    return ", ".join(part for part in parts if part)


def _employer_identity(anonymous: bool, revealed: bool) -> bool:
    """An employer sees who the seeker is unless the profile is anonymous and was not revealed
    to the employer's organization."""
    return revealed or not anonymous


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
        return _display_name(self.profile.id, self.profile.user.name, self.identity)

    @property
    def location(self) -> str:
        """ "Kochi, Kerala, India" with identity; "Kerala, India" without."""
        p = self.profile
        return _location(p.city, p.region_label(), p.country, self.identity)

    @property
    def full(self) -> bool:
        return self.audience in ("owner", "admin")


def _full_view(profile: Profile, audience: str) -> ProfileView:
    return ProfileView(profile, audience, True, True, True, True, True)


def _employer_view(profile: Profile, revealed: bool, preview: bool = False) -> ProfileView:
    identity = _employer_identity(profile.anonymous, revealed)
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


def revealed_to(profile: Profile, organization_id: int) -> bool:
    """Whether the seeker applied to the organization or accepted its invitation."""
    return (
        db.session.scalar(
            sa.select(ProfileReveal.id).where(
                ProfileReveal.profile_id == profile.id,
                ProfileReveal.organization_id == organization_id,
            )
        )
        is not None
    )


def graduate_of(profile: Profile, viewer: User) -> bool:
    """The viewer's school is the one the seeker named, and an administrator verified it."""
    if not viewer.is_authenticated or not viewer.is_school or profile.school_id is None:
        return False
    school = school_of(viewer)
    return school is not None and school.id == profile.school_id and school.is_verified


def profile_view_for(viewer: User, profile: Profile | None) -> ProfileView:
    """What `viewer` (possibly Flask-Login's anonymous visitor) may see of `profile`;
    NotFound when nothing."""
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
    if graduate_of(profile, viewer):
        return ProfileView(profile, "school", True, False, True, True, False)
    raise NotFound(_("No such profile."))


@dataclass(frozen=True)
class ListedProfile:
    """A profile on a list of search results an employer reads: the columns its card shows from
    the database and those the rules above need, read with Core (no ORM object, no credential,
    slot or private column). The card's other facts come from the search document, which holds
    nothing an employer may not see."""

    id: int
    user_id: int
    anonymous: bool
    city: str | None
    region: str | None
    country: str | None
    headline: str
    created_at: datetime
    name: str  # the seeker's name: shown only with identity
    revealed: bool  # to the viewer's organization

    def region_label(self) -> str:
        return taxonomy.region_name(self.country, self.region)


@dataclass(frozen=True)
class ListedView:
    """What one employer may see of a `ListedProfile`: `ProfileView`'s name and place."""

    profile: ListedProfile
    identity: bool

    @property
    def display_name(self) -> str:
        return _display_name(self.profile.id, self.profile.name, self.identity)

    @property
    def location(self) -> str:
        p = self.profile
        return _location(p.city, p.region_label(), p.country, self.identity)


@lru_cache(maxsize=1)
def _listed_select() -> sa.Executable:
    """`listed_views_for`'s statement, built once (building it cost more than running it)."""
    revealed = sa.exists().where(
        ProfileReveal.profile_id == Profile.id,
        ProfileReveal.organization_id == sa.bindparam("organization_id"),
    )
    return (
        sa.select(
            Profile.id,
            Profile.user_id,
            Profile.anonymous,
            Profile.city,
            Profile.region,
            Profile.country,
            Profile.headline,
            Profile.created_at,
            User.name,
            revealed.label("revealed"),
        )
        .join(User, User.id == Profile.user_id)
        .where(Profile.id.in_(sa.bindparam("ids", expanding=True)), Profile.searchable_clause())
    )


def listed_views_for(
    viewer: User, organization_id: int | None, ids: Sequence[int]
) -> dict[int, ListedView]:
    """`profile_view_for` for a list of profiles (candidate search, best candidates) read by
    `viewer`, whose organization (`organization_of`) is `organization_id`: one statement reads
    the profiles still searchable (visible to employers, open to work, account active: a
    profile hidden a second ago is left out) with their reveal to that organization. An
    administrator sees every name, as on a profile; an employer those its organization may see
    (none without an organization); anyone else, to whom these lists are not shown, none."""
    if not ids or not viewer.is_authenticated or not viewer.is_active:
        return {}
    admin = bool(getattr(viewer, "is_admin", False))
    if not admin and (not viewer.is_employer or organization_id is None):
        return {}
    db.session.flush()  # what this session changed is what the list shows
    rows = db.session.connection().execute(
        _listed_select(), {"ids": list(ids), "organization_id": organization_id}
    )
    views = {}
    for row in rows:
        profile = ListedProfile(
            id=row.id,
            user_id=row.user_id,
            anonymous=row.anonymous,
            city=row.city,
            region=row.region,
            country=row.country,
            headline=row.headline,
            created_at=row.created_at,
            name=row.name,
            revealed=bool(row.revealed),
        )
        own = profile.user_id == viewer.id  # the owner sees everything
        identity = admin or own or _employer_identity(profile.anonymous, profile.revealed)
        views[profile.id] = ListedView(profile, identity)
    return views


def employer_preview(profile: Profile) -> ProfileView:
    """ "See what employers see": an employer the seeker has not applied to."""
    return _employer_view(profile, revealed=False, preview=True)


def visible_identity(profile: Profile, viewer: User) -> bool:
    """Whether `viewer` may see who the seeker is (name, exact city; contact for employers)."""
    try:
        return profile_view_for(viewer, profile).identity
    except NotFound:
        return False
