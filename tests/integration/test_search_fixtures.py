"""Data builders and fixtures shared by the search tests (no tests here).

Rows are created as the services store them (published jobs with offices, profiles with
credentials and availability), committed, so the outbox hook writes its rows as in production.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import (
    AvailabilitySlot,
    Credential,
    CredentialStatus,
    Job,
    JobOffice,
    JobStatus,
    MemberRole,
    Organization,
    OrganizationMember,
    Profile,
    Role,
    School,
    Visibility,
    utcnow,
)
from portal.search import sync
from tests.factories import UserFactory

_seq = itertools.count(1)

AUSTIN = (30.2672, -97.7431)
ROUND_ROCK = (30.5083, -97.6789)  # about 27 km north of Austin
DALLAS = (32.7767, -96.7970)  # about 300 km from Austin


def make_org(name: str = "Mercy Valley Hospital", verified: bool = True, **extra) -> Organization:
    n = next(_seq)
    org = Organization(
        name=name,
        slug=f"org-{n}",
        kind="hospital",
        country=extra.pop("country", "US"),
        verified_at=utcnow() if verified else None,
        **extra,
    )
    db.session.add(org)
    db.session.commit()
    return org


def make_employer(org: Organization, email: str | None = None):
    user = UserFactory(role=Role.EMPLOYER, email=email or f"recruiter{next(_seq)}@example.com")
    db.session.add(
        OrganizationMember(organization_id=org.id, user_id=user.id, role=MemberRole.OWNER)
    )
    db.session.commit()
    return user


def make_job(org: Organization, title: str = "Medical Coder", **fields) -> Job:
    offices = fields.pop("offices", [])
    status = fields.pop("status", JobStatus.PUBLISHED)
    now = utcnow()
    values = {
        "description": "Code outpatient charts.",
        "work_mode": "remote",
        "employment_type": "full_time",
        "timezone": "America/New_York",
        "schedule_flexible": True,
        "published_at": now - timedelta(days=1),
        "expires_at": now + timedelta(days=30),
    }
    values.update(fields)
    job = Job(organization_id=org.id, title=title, status=status, **values)
    for position, (city, country, lat, lng) in enumerate(offices):
        job.offices.append(
            JobOffice(position=position, city=city, country=country, lat=lat, lng=lng)
        )
    db.session.add(job)
    db.session.commit()
    return job


def make_profile(
    name: str = "Priya Nair",
    credentials: list | tuple = (),
    slots: list | tuple = (),
    school: School | None = None,
    email: str | None = None,
    **fields,
) -> Profile:
    """`credentials`: codes, or (code, expires_on, verified) tuples."""
    user = UserFactory(
        role=Role.SEEKER, name=name, email=email or f"seeker{next(_seq)}@example.com"
    )
    values = {
        "headline": "Certified coder",
        "country": "US",
        "region": "TX",
        "city": "Austin",
        "timezone": "America/Chicago",
        "work_modes": ["remote"],
        "employment_types": ["full_time"],
        "hours_max": 40,
        "open_to_work": True,
        "visibility": Visibility.EMPLOYERS,
        "anonymous": True,
    }
    values.update(fields)
    profile = Profile(user_id=user.id, school_id=school.id if school else None, **values)
    for cred in credentials:
        code, expires, verified = (cred, None, False) if isinstance(cred, str) else cred
        profile.credentials.append(
            Credential(
                kind=code,
                expires_on=expires,
                status=CredentialStatus.VERIFIED if verified else CredentialStatus.SELF_REPORTED,
            )
        )
    for day, start, end in slots:
        profile.availability.append(AvailabilitySlot(day=day, start_minute=start, end_minute=end))
    db.session.add(profile)
    db.session.commit()
    return profile


def make_school(name: str = "Coding Academy") -> School:
    owner = UserFactory(role=Role.SCHOOL, email=f"school{next(_seq)}@example.com")
    school = School(owner_id=owner.id, name=name, country="US", verified_at=utcnow())
    db.session.add(school)
    db.session.commit()
    return school


def weekdays(start_h: int, end_h: int, days=range(5)) -> list[tuple[int, int, int]]:
    return [(d, start_h * 60, end_h * 60) for d in days]


def sync_all() -> None:
    """What the worker does: create the indexes, then drain the outbox."""
    sync.ensure_indexes()
    results = sync.drain()
    assert not any(r.failed for r in results), [r.error for r in results]
    assert sync.pending_count() == 0


TODAY = date.today()
NEXT_YEAR = TODAY + timedelta(days=365)
LAST_MONTH = TODAY - timedelta(days=30)
USD = "USD"
Decimal = Decimal


@pytest.fixture
def search_app(app):
    """The app with its own index prefix on the shared test Meilisearch, indexes created."""
    sync.ensure_indexes()
    return app
