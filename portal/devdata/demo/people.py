"""The demo's people: an administrator, four seekers (with their profiles), four employers'
recruiters and a school's placement officer, whose Coding Academy vouches for Linda."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app, has_request_context

from portal.extensions import db
from portal.matching import TimeRange
from portal.models import Profile, Role, User, utcnow
from portal.security import hash_password
from portal.services import profiles, schools, verification

DEMO_PASSWORD = "coding is my calling"

DEMO_USERS = [
    ("admin@codermatch.example", "Site Administrator", Role.ADMIN),
    ("priya.nair@example.in", "Priya Nair", Role.SEEKER),
    ("maria.gonzalez@example.com", "Maria Gonzalez", Role.SEEKER),
    ("fatima.alharbi@example.sa", "Fatima Al-Harbi", Role.SEEKER),
    ("linda.brooks@example.com", "Linda Brooks", Role.SEEKER),
    ("recruiter@mercyvalley.example", "James Carter", Role.EMPLOYER),
    ("hr@clearclaim-bpo.example", "Anil Sharma", Role.EMPLOYER),
    ("talent@riyadhcare.example", "Omar Haddad", Role.EMPLOYER),
    ("hiring@desertrose.example", "Layla Mansour", Role.EMPLOYER),
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


def demo_profiles(users: dict[str, User]) -> None:
    """The four seekers' profiles and Susan Miller's Coding Academy, which vouches for Linda."""
    if not has_request_context():  # e-mails carry absolute links built with url_for
        with current_app.test_request_context("/"):
            return demo_profiles(users)
    today = date.today()

    def week(days: Iterable[int], start: str, end: str) -> list[TimeRange]:
        return [TimeRange.parse(start, end, day) for day in days]

    susan = users["placement@codingacademy.example"]
    academy = schools.save_school(
        susan,
        schools.SchoolInput(
            name="Coding Academy",
            country="US",
            city="Columbus",
            website="https://codingacademy.example",
            about="Online CPC, CRC and CCS exam courses for career changers and returners.",
        ),
    )
    verification.verify_school(
        users["admin@codermatch.example"],
        academy,
        verification.Evidence(
            registration_kind="us_ein",
            registration_number="31-7654321",
            website="https://codingacademy.example",
            contact_name="Susan Miller, placement officer",
            contact_detail="Called the number on the AAPC approved-provider listing",
        ),
    )

    people = [
        # Priya: CPC in Kochi, codes for US clinics at night, from home. Free from 6:30 pm to
        # 4:30 am India time, so a US day shift fits in winter and in summer.
        (
            "priya.nair@example.in",
            profiles.Basics(
                headline="CPC coder, 4 years of E/M and outpatient coding for US clinics",
                role_types=["coder"],
                country="IN",
                region="Kerala",
                city="Kochi",
                phone="+91 98470 12345",
                years_experience=4,
                specialties=["pro_fee_em", "outpatient_facility", "radiology"],
                code_sets=["icd10cm", "cpt", "hcpcs", "modifiers"],
                systems=["eclinicalworks", "3m_coding_reference"],
                languages=["english", "malayalam", "hindi"],
                summary="I code physician and outpatient charts for US practices, 95% accuracy "
                "in quality audits. Happy to work US day shifts from home.",
                education="B.Sc. Nursing, 2017. Medical coding certificate course, 2020.",
            ),
            [
                profiles.CredentialInput(
                    "CPC",
                    number="01928374",
                    issued_on=date(2020, 9, 12),
                    expires_on=today + timedelta(days=400),
                )
            ],
            profiles.AvailabilityInput(
                timezone="Asia/Kolkata",
                ranges=week(range(5), "18:30", "04:30"),
                employment_types=["full_time", "contract"],
                work_modes=["remote"],
                hours_min=40,
                hours_max=45,
            ),
            profiles.PayPrivacy(
                True, "employers", True, Decimal(30000), Decimal(40000), "INR", "month"
            ),
        ),
        # Maria: CCS and RHIT in San Antonio, inpatient DRG coding, part-time mornings.
        (
            "maria.gonzalez@example.com",
            profiles.Basics(
                headline="CCS and RHIT, inpatient DRG coding and validation, 9 years",
                role_types=["coder", "auditor"],
                country="US",
                region="TX",
                city="San Antonio",
                phone="+1 210 555 0142",
                years_experience=9,
                specialties=["inpatient_facility", "auditing"],
                code_sets=["icd10cm", "icd10pcs", "ms_drg"],
                systems=["epic", "3m_360_encompass"],
                languages=["english", "spanish"],
                summary="Inpatient coder at a 400-bed hospital; DRG validation and CDI queries. "
                "Looking for morning hours while my children are at school.",
                education="Associate degree in Health Information Technology, 2014.",
            ),
            [
                profiles.CredentialInput(
                    "CCS",
                    number="CCS-55120",
                    issued_on=date(2016, 5, 3),
                    expires_on=today + timedelta(days=300),
                ),
                profiles.CredentialInput(
                    "RHIT",
                    number="RHIT-88412",
                    issued_on=date(2014, 8, 20),
                    expires_on=today + timedelta(days=500),
                ),
                profiles.CredentialInput(
                    "COC",
                    number="01177330",
                    issued_on=date(2019, 2, 1),
                    expires_on=today - timedelta(days=60),
                ),
            ],
            profiles.AvailabilityInput(
                timezone="America/Chicago",
                ranges=week(range(5), "07:00", "12:00"),
                employment_types=["part_time", "per_diem"],
                work_modes=["remote", "hybrid"],
                hours_min=20,
                hours_max=25,
                travel_km=40,
            ),
            profiles.PayPrivacy(True, "employers", False, Decimal(38), Decimal(45), "USD", "hour"),
        ),
        # Fatima: CCS in Riyadh, ICD-10-AM and ACHI for Saudi hospitals.
        (
            "fatima.alharbi@example.sa",
            profiles.Basics(
                headline="CCS coder, ICD-10-AM and ACHI, inpatient and day surgery",
                role_types=["coder"],
                country="SA",
                region="Riyadh Province",
                city="Riyadh",
                phone="+966 55 123 4567",
                years_experience=5,
                specialties=["inpatient_facility", "ambulatory_surgery"],
                code_sets=["icd10am", "achi", "ar_drg"],
                systems=["oracle_health"],
                languages=["arabic", "english"],
                summary="Clinical coder at a Riyadh hospital, coding under the Australian Coding "
                "Standards and submitting claims through NPHIES.",
                education="Bachelor of Health Information Management, King Saud University, 2019.",
            ),
            [
                profiles.CredentialInput(
                    "CCS",
                    number="CCS-70311",
                    issued_on=date(2021, 3, 15),
                    expires_on=today + timedelta(days=200),
                )
            ],
            profiles.AvailabilityInput(
                timezone="Asia/Riyadh",
                ranges=week((6, 0, 1, 2, 3), "08:00", "16:00"),
                employment_types=["full_time"],
                work_modes=["onsite", "hybrid"],
                hours_min=40,
                hours_max=40,
                travel_km=30,
            ),
            profiles.PayPrivacy(
                True, "employers", True, Decimal(9000), Decimal(12000), "SAR", "month"
            ),
        ),
        # Linda: retired coding manager in Dayton, back for 20 hours a week of risk adjustment.
        # Her CPC is due for renewal in 45 days: the app flags it everywhere.
        (
            "linda.brooks@example.com",
            profiles.Basics(
                headline="CPC and CRC, risk adjustment (HCC) reviews, 20 hours a week",
                role_types=["coder", "auditor"],
                country="US",
                region="OH",
                city="Dayton",
                years_experience=25,
                specialties=["risk_adjustment", "pro_fee_em", "auditing"],
                code_sets=["icd10cm", "cpt"],
                systems=["optum_encoderpro"],
                languages=["english"],
                summary="Retired coding manager. I review HCC charts for Medicare Advantage plans "
                "and enjoy mentoring new coders.",
                school_id=academy.id,
                education="CRC exam course at Coding Academy, 2025.",
                career_break_years=3,
            ),
            [
                profiles.CredentialInput(
                    "CPC",
                    number="00456712",
                    issued_on=date(2001, 6, 1),
                    expires_on=today + timedelta(days=45),
                ),
                profiles.CredentialInput(
                    "CRC",
                    number="01839902",
                    issued_on=date(2025, 4, 10),
                    expires_on=today + timedelta(days=600),
                ),
            ],
            profiles.AvailabilityInput(
                timezone="America/New_York",
                ranges=week(range(4), "09:00", "14:00"),
                employment_types=["part_time", "contract"],
                work_modes=["remote"],
                hours_min=15,
                hours_max=20,
            ),
            profiles.PayPrivacy(True, "employers", True, Decimal(32), None, "USD", "hour"),
        ),
    ]
    for email, basics, credentials, availability, pay in people:
        user = users[email]
        profiles.save_basics(user, basics)
        for credential in credentials:
            profiles.add_credential(user, credential)
        profiles.finish_credentials(user)
        profiles.save_availability(user, availability)
        profiles.save_pay_privacy(user, pay)

    linda = profile_of(users["linda.brooks@example.com"])
    crc = next(c for c in linda.credentials if c.kind == "CRC")
    profiles.verify_credential(susan, crc.id, "Our exam records")


def profile_of(user: User) -> Profile:
    """A demo seeker's profile, made above (the demo stops here if it was not)."""
    profile = profiles.profile_of(user)
    if profile is None:
        raise LookupError(f"{user.email} has no profile")
    return profile
