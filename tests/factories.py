"""factory_boy factories: rows as a test needs them, committed through the app's session."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from factory.alchemy import SQLAlchemyModelFactory

from portal.extensions import db
from portal.models import (
    Credential,
    CredentialStatus,
    Job,
    JobStatus,
    MemberRole,
    Organization,
    OrganizationMember,
    Profile,
    Role,
    School,
    User,
    utcnow,
)
from portal.security import hash_password


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    role = Role.SEEKER
    email_verified_at = factory.LazyFunction(utcnow)
    password_hash = factory.LazyFunction(lambda: hash_password("a quiet harbour at dawn"))


class ProfileFactory(BaseFactory):
    """A seeker's profile, filled in as after the four steps (remote CPC coder, weekday mornings
    in Kolkata). Pass `credentials=[]`-style overrides or build children with CredentialFactory."""

    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, role=Role.SEEKER)
    headline = "Certified coder, outpatient and E/M"
    role_types = factory.LazyFunction(lambda: ["coder"])
    years_experience = 3
    specialties = factory.LazyFunction(lambda: ["pro_fee_em"])
    code_sets = factory.LazyFunction(lambda: ["icd10cm", "cpt"])
    country = "IN"
    region = "KL"
    city = "Kochi"
    lat = 9.93988
    lng = 76.26022
    phone = "+91 98470 12345"
    timezone = "Asia/Kolkata"
    hours_min = 20
    hours_max = 30
    employment_types = factory.LazyFunction(lambda: ["part_time"])
    work_modes = factory.LazyFunction(lambda: ["remote"])
    steps_done = factory.LazyFunction(lambda: ["basics", "credentials", "availability", "pay"])


class CredentialFactory(BaseFactory):
    class Meta:
        model = Credential

    profile = factory.SubFactory(ProfileFactory)
    kind = "CPC"
    number = factory.Sequence(lambda n: f"0{1234500 + n}")
    status = CredentialStatus.SELF_REPORTED


class SchoolFactory(BaseFactory):
    """A school an administrator verified; `verified_at=None` leaves it waiting."""

    class Meta:
        model = School

    owner = factory.SubFactory(UserFactory, role=Role.SCHOOL)
    name = factory.Sequence(lambda n: f"Coding School {n}")
    country = "US"
    verified_at = factory.LazyFunction(utcnow)


class OrganizationFactory(BaseFactory):
    """A verified, established US hospital (its jobs go live without review).
    `OrganizationFactory(owner=user)` makes `user` its owner; `verified_at=None` leaves it
    unverified; `established_at=None` makes it a newcomer whose first jobs are reviewed."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Valley Health {n}")
    slug = factory.Sequence(lambda n: f"valley-health-{n}")
    kind = "hospital"
    website = factory.Sequence(lambda n: f"https://valley{n}.example")
    country = "US"
    size = "501-1000"
    about = "A community hospital group."
    verified_at = factory.LazyFunction(utcnow)
    established_at = factory.LazyFunction(utcnow)

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if extracted is not None:
            self.members.append(OrganizationMember(user=extracted, role=MemberRole.OWNER))
            if create:
                db.session.commit()


class OrganizationMemberFactory(BaseFactory):
    class Meta:
        model = OrganizationMember

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory, role=Role.EMPLOYER)
    role = MemberRole.RECRUITER


class JobFactory(BaseFactory):
    """A published remote CPC job (US day shift, $28–34 an hour) of a verified organization."""

    class Meta:
        model = Job

    organization = factory.SubFactory(OrganizationFactory)
    title = "Remote CPC coder, pro-fee E/M"
    role_type = "coder"
    employment_type = "full_time"
    openings = 1
    description = (
        "Code physician office visits (E/M) for a multi-specialty group. You work from home "
        "on a weekday day shift with a friendly team."
    )
    required_credentials = factory.LazyFunction(lambda: [["CPC"]])
    preferred_credentials = factory.LazyFunction(list)
    specialties = factory.LazyFunction(lambda: ["pro_fee_em"])
    code_sets = factory.LazyFunction(lambda: ["icd10cm", "cpt"])
    systems = factory.LazyFunction(lambda: ["epic"])
    min_years = 2
    work_mode = "remote"
    applicant_countries = factory.LazyFunction(lambda: ["US"])
    applicant_regions = factory.LazyFunction(list)
    timezone = "America/New_York"
    schedule_flexible = False
    shift_windows = factory.LazyFunction(lambda: [[day, 540, 1050] for day in range(5)])
    pay_min = Decimal("28")
    pay_max = Decimal("34")
    pay_currency = "USD"
    pay_period = "hour"
    equipment = "provided"
    apply_method = "portal"
    status = JobStatus.PUBLISHED
    last_step = "preview"
    published_at = factory.LazyFunction(utcnow)
    expires_at = factory.LazyFunction(lambda: utcnow() + timedelta(days=30))
