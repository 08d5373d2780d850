"""Periodic commands run by two schedulers at once (several hosts, docs/SCALING.md), on
PostgreSQL: they share the work instead of failing on each other."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Cohort, Graduate, MailOutbox, Role
from portal.services.graduate_claims import send_new_invitations
from tests.fixtures.factories import SchoolFactory, UserFactory


@pytest.fixture
def db_backend():
    return "postgresql"


def test_schools_invite_on_two_hosts_at_once_shares_the_graduates(app):
    owner = UserFactory(role=Role.SCHOOL, email="owner@academy.example")
    school = SchoolFactory(owner=owner, name="Coding Academy")
    cohort = Cohort(
        school_id=school.id,
        name="CPC batch",
        credential="CPC-A",
        starts_on=date(2025, 11, 1),
        graduates_on=date(2026, 5, 1),
    )
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(
        Graduate(
            school_id=school.id,
            cohort_id=cohort.id,
            name=f"Graduate {n}",
            email=f"g{n}@example.com",
            credential="CPC-A",
        )
        for n in range(6)
    )
    db.session.commit()
    ids = db.session.scalars(sa.select(Graduate.id).order_by(Graduate.id)).all()

    # The other host's run has taken the first four graduates and not committed yet.
    with db.engine.connect() as other_host:
        transaction = other_host.begin()
        taken = other_host.execute(
            sa.select(Graduate.id).where(Graduate.id.in_(ids[:4])).with_for_update()
        ).all()
        assert len(taken) == 4
        with app.test_request_context("/"):
            assert send_new_invitations() == 2  # the others, without waiting or failing
        transaction.rollback()

    queued = db.session.scalars(sa.select(MailOutbox.to_address)).all()
    assert sorted(queued) == ["g4@example.com", "g5@example.com"]
    with app.test_request_context("/"):
        assert send_new_invitations() == 4  # the first run gave up: its graduates come now
        assert send_new_invitations() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailOutbox)) == 6
