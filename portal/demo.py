"""Demo data for a local run: a handful of people and organizations that look real.

Each area adds its part in `load_demo_data`; everything is created through the same services the
pages use, so the demo shows the product as it behaves.
"""

from __future__ import annotations

from portal.extensions import db
from portal.models import Role, User, utcnow
from portal.security import hash_password

DEMO_PASSWORD = "coding is my calling"

DEMO_USERS = [
    ("admin@codermatch.local", "Site Administrator", Role.ADMIN),
    ("priya.nair@example.in", "Priya Nair", Role.SEEKER),
    ("maria.gonzalez@example.com", "Maria Gonzalez", Role.SEEKER),
    ("fatima.alharbi@example.sa", "Fatima Al-Harbi", Role.SEEKER),
    ("linda.brooks@example.com", "Linda Brooks", Role.SEEKER),
    ("recruiter@mercyvalley.example", "James Carter", Role.EMPLOYER),
    ("hr@clearclaim-bpo.example", "Anil Sharma", Role.EMPLOYER),
    ("talent@riyadhcare.example", "Omar Haddad", Role.EMPLOYER),
    ("placement@codingacademy.example", "Susan Miller", Role.SCHOOL),
]


def demo_users() -> dict[str, User]:
    password_hash = hash_password(DEMO_PASSWORD)
    users = {}
    for email, name, role in DEMO_USERS:
        user = User(
            email=email,
            name=name,
            role=role,
            password_hash=password_hash,
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        users[email] = user
    db.session.flush()
    return users


def load_demo_data() -> None:
    demo_users()
    db.session.commit()
