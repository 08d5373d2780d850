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
from collections.abc import Iterable
from dataclasses import dataclass

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
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"candidate-label:{profile_id}".encode(), hashlib.sha256).digest()
    return str(_("Candidate %(code)s", code=base64.b32encode(digest).decode()[:6]))


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


def profile_views_for(viewer: User, profiles: Iterable[Profile]) -> dict[int, ProfileView]:
    """`profile_view_for` for a list of profiles (search results, best candidates): the same
    rules, but an employer's organization and reveals are read once, not once per profile.
    Profiles the viewer may not see are left out."""
    profiles = list(profiles)
    views: dict[int, ProfileView] = {}
    employer = (
        viewer.is_authenticated
        and viewer.is_active
        and viewer.is_employer
        and not getattr(viewer, "is_admin", False)  # the anonymous visitor has no role
    )
    if not employer:
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
    for profile in profiles:
        if profile.user_id == viewer.id:
            views[profile.id] = profile_view_for(viewer, profile)
        elif not profile.is_hidden and profile.user.is_active:
            views[profile.id] = _employer_view(profile, profile.id in revealed)
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
