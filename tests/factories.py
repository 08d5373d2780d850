"""factory_boy factories: rows as a test needs them, committed through the app's session."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from portal.extensions import db
from portal.models import Role, User, utcnow
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
