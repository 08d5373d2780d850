"""Several search workers on PostgreSQL: rows are shared out, one document is never sent by
two workers at once (so an older version can never overwrite a newer one)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import SearchOutbox
from portal.search import sync
from tests.fixtures.factories import SearchJobFactory, SearchOrganizationFactory


@pytest.fixture
def db_backend():
    return "postgresql"


def test_a_document_held_by_another_worker_waits(app):
    org = SearchOrganizationFactory()
    sync.ensure_indexes()
    job = SearchJobFactory(organization=org, title="Version one")
    job.title = "Version two"
    db.session.commit()
    other = SearchJobFactory(organization=org, title="Another job")
    first_row, second_row, third_row = db.session.scalars(
        sa.select(SearchOutbox).order_by(SearchOutbox.id)
    ).all()

    # Another worker, in its own transaction, holds the first row and the job's document lock.
    with db.engine.connect() as worker_b:
        transaction = worker_b.begin()
        worker_b.execute(
            sa.select(SearchOutbox.id).where(SearchOutbox.id == first_row.id).with_for_update()
        )
        a, b = sync._lock_key("job", job.id)
        assert worker_b.execute(sa.select(sa.func.pg_try_advisory_xact_lock(a, b))).scalar()

        result = sync.process_batch()
        # The locked row is skipped; the second row waits for the same document; the third goes.
        assert (result.rows, result.deferred) == (1, 1)
        db.session.expire_all()
        assert db.session.get(SearchOutbox, third_row.id).processed_at is not None
        assert db.session.get(SearchOutbox, second_row.id).processed_at is None
        transaction.rollback()

    results = sync.drain()
    assert sum(r.rows for r in results) == 2
    assert sync.pending_count() == 0
    index = sync.write_client().index(sync.index_uid("jobs"))
    assert index.get_document(job.id).title == "Version two"
    assert index.get_document(other.id).title == "Another job"
