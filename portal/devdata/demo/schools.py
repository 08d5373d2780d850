"""Demo data for the school pages: Coding Academy's course, a cohort of six graduates who were
invited from a spreadsheet (Linda Brooks, who studied there, has claimed her profile)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Cohort, Course, Graduate, School, User, utcnow

GRADUATES = [
    ("Linda Brooks", "linda.brooks@example.com", "CRC", "10293847"),
    ("Grace Okafor", "grace.okafor@example.com", "CPC-A", "20394857"),
    ("Meera Pillai", "meera.pillai@example.in", "CPC-A", "30495867"),
    ("Tom Becker", "tom.becker@example.com", "CPC-A", ""),
    ("Aisha Rahman", "aisha.rahman@example.com", "CPC-A", "40596877"),
    ("Joe Martinez", "joe.martinez@example.com", "CPC-A", ""),
]


def demo_school_cohorts(users: dict[str, User]) -> None:
    susan = users["placement@codingacademy.example"]
    academy = db.session.execute(sa.select(School).where(School.owner_id == susan.id)).scalar_one()
    now = utcnow()
    course = Course(
        school_id=academy.id,
        name="CPC exam preparation (evenings, online)",
        credential="CPC",
        weeks=16,
        description="Anatomy, ICD-10-CM, CPT and HCPCS, then six full practice exams.",
    )
    cohort = Cohort(
        school=academy,
        course=course,
        name="CPC evening batch, autumn",
        credential="CPC-A",
        starts_on=(now - timedelta(days=180)).date(),
        graduates_on=(now - timedelta(days=60)).date(),
    )
    db.session.add_all([course, cohort])
    for name, email, credential, number in GRADUATES:
        claimed = users.get(email)
        db.session.add(
            Graduate(
                school=academy,
                cohort=cohort,
                name=name,
                email=email,
                credential=credential,
                credential_number=number or None,
                exam_date=(now - timedelta(days=70)).date(),
                invited_at=now - timedelta(days=50),
                invitations_sent=1,
                claimed_at=now - timedelta(days=45) if claimed else None,
                user_id=claimed.id if claimed else None,
            )
        )
    db.session.commit()
