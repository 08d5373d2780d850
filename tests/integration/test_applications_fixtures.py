"""Builders and fixtures shared by the application, message and alert tests (no tests here).

`world`: organization A ("Mercy Valley", owner Ana and recruiter Raj) with a published remote
CPC job posted by Ana; organization B ("Harbor Claims", owner Ben) with its own job; two seekers
with profiles (Priya: CPC, résumé; Linda: CCS, anonymous).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.models import (
    Application,
    AvailabilitySlot,
    Job,
    MemberRole,
    Organization,
    OrganizationMember,
    Profile,
    Role,
    ScreeningQuestion,
    User,
)
from tests.factories import (
    CredentialFactory,
    JobFactory,
    OrganizationFactory,
    ProfileFactory,
    UserFactory,
)


def pdf_bytes(text: str = "resume") -> bytes:
    """A small, valid one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass
class World:
    ana: User  # owner of A, posted the job
    raj: User  # recruiter of A
    ben: User  # owner of B
    org_a: Organization
    org_b: Organization
    job: Job
    job_b: Job
    priya: User
    priya_profile: Profile
    linda: User
    linda_profile: Profile


@pytest.fixture(name="world")
def world_fixture(app) -> World:
    ana = UserFactory(role=Role.EMPLOYER, email="ana@mercy.example", name="Ana Ortiz")
    raj = UserFactory(role=Role.EMPLOYER, email="raj@mercy.example", name="Raj Patel")
    ben = UserFactory(role=Role.EMPLOYER, email="ben@harbor.example", name="Ben Cole")
    org_a = OrganizationFactory(owner=ana, name="Mercy Valley")
    org_a.members.append(OrganizationMember(user=raj, role=MemberRole.RECRUITER))
    org_b = OrganizationFactory(owner=ben, name="Harbor Claims")
    db.session.commit()
    job = JobFactory(organization=org_a, created_by_id=ana.id, title="Remote CPC coder")
    job_b = JobFactory(organization=org_b, created_by_id=ben.id, title="Harbor biller")
    priya = UserFactory(role=Role.SEEKER, email="priya@example.in", name="Priya Nair")
    # Priya meets the job (CPC, US, free for the whole New York day shift); Linda does not.
    priya_profile = ProfileFactory(
        user=priya,
        anonymous=True,
        country="US",
        region="TX",
        timezone="America/New_York",
        hours_min=40,
        hours_max=45,
        employment_types=["full_time"],
    )
    priya_profile.availability = [
        AvailabilitySlot(day=day, start_minute=9 * 60, end_minute=17 * 60 + 30) for day in range(5)
    ]
    CredentialFactory(
        profile=priya_profile, kind="CPC", expires_on=date.today() + timedelta(days=400)
    )
    linda = UserFactory(role=Role.SEEKER, email="linda@example.com", name="Linda Brooks")
    linda_profile = ProfileFactory(user=linda, anonymous=True, country="US")
    CredentialFactory(profile=linda_profile, kind="CCS")
    return World(
        ana, raj, ben, org_a, org_b, job, job_b, priya, priya_profile, linda, linda_profile
    )


def add_question(job: Job, text: str, must_be_yes: bool = False) -> ScreeningQuestion:
    question = ScreeningQuestion(job_id=job.id, text=text, must_be_yes=must_be_yes)
    db.session.add(question)
    db.session.commit()
    return question


def apply_via_page(client, job: Job, **fields):
    data = {"send": "1", "cover_note": "I code E/M every day.", "resume_choice": "none"}
    data.update(fields)
    return client.post(f"/jobs/{job.id}/apply", data=data, content_type="multipart/form-data")


def applications_of(job: Job) -> list[Application]:
    return list(db.session.scalars(db.select(Application).where(Application.job_id == job.id)))


def subjects(messages) -> list[str]:
    return [m["Subject"] for m in messages]
