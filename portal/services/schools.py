"""Training schools: the school's own page and the graduates who named it.

Verifying a graduate's credential is `services.profiles.verify_credential` (the same rule serves
administrators). A hidden profile is not listed or counted here either.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal import taxonomy
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Credential, CredentialStatus, Profile, School, User, school_of
from portal.services.organizations import normalize_website


@dataclass
class SchoolInput:
    name: str
    country: str
    website: str = ""
    city: str = ""
    about: str = ""


def save_school(user: User, data: SchoolInput) -> School:
    """Create or update the school run by this school account. A new or declined school goes
    to the administrators' queue; a verified school that changes its name or website loses its
    verification (that is what the administrator checked)."""
    if not user.is_school:
        raise PermissionDenied(_("Only school accounts have a school page."))
    name = data.name.strip()
    if not name:
        raise ValidationFailed(_("Enter the name of your school."), field="name")
    if data.country not in taxonomy.COUNTRIES:
        raise ValidationFailed(_("Choose the country of your school."), field="country")
    # The same rule as an organization's: "https://" added, at most the column's 300 characters.
    website = normalize_website(data.website)
    school = school_of(user)
    if school is None:
        school = School(owner_id=user.id)
        db.session.add(school)
    if school.is_verified and (name != school.name or _host(website) != _host(school.website)):
        school.verified_at = None
        school.verified_by_id = None
    school.verification_declined_at = None
    school.name = name
    school.country = data.country
    school.website = website
    school.city = data.city.strip()
    school.about = data.about.strip()
    db.session.commit()
    return school


def _host(url: str | None) -> str | None:
    return (urlsplit(url).hostname or "").removeprefix("www.") or None if url else None


def school_choices(current_id: int | None = None) -> list[tuple[str, str]]:
    """Verified schools for the seeker's education step: (id, "Name (Country)"). The school the
    seeker already named stays on the list even if it is no longer verified."""
    schools = db.session.scalars(
        sa.select(School)
        .where(sa.or_(School.verified_at.is_not(None), School.id == current_id))
        .order_by(School.name)
    ).all()
    return [
        (str(s.id), f"{s.name} ({taxonomy.label(taxonomy.COUNTRIES, s.country)})") for s in schools
    ]


def graduates(school: School) -> list[Profile]:
    """Seekers who named this school, hidden profiles left out, newest first; none until an
    administrator verified the school."""
    if not school.is_verified:
        return []
    return list(
        db.session.scalars(
            sa.select(Profile)
            .where(Profile.school_id == school.id, Profile.visible_to_employers())
            .options(selectinload(Profile.credentials), selectinload(Profile.user))
            .order_by(Profile.created_at.desc(), Profile.id.desc())
        )
    )


@dataclass(frozen=True)
class SchoolSummary:
    school: School | None
    graduates: int
    to_verify: int


def summary(user: User) -> SchoolSummary:
    """For the school dashboard: graduates and credentials waiting for a check."""
    school = school_of(user)
    if school is None or not school.is_verified:
        return SchoolSummary(school, 0, 0)
    base = sa.select(sa.func.count()).select_from(Profile)
    count = db.session.scalar(
        base.where(Profile.school_id == school.id, Profile.visible_to_employers())
    )
    to_verify = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Credential)
        .join(Profile)
        .where(
            Profile.school_id == school.id,
            Profile.visible_to_employers(),
            Credential.status != CredentialStatus.VERIFIED,
        )
    )
    return SchoolSummary(school, count or 0, to_verify or 0)
