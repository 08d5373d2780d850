"""PostgreSQL faults with the real server: connections killed under the pool, a statement stuck
behind a lock. Each answers within a few seconds; the portal's own 503 page when it cannot."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.fixtures.factories import JobFactory
from tests.fixtures.pages import get_within


@pytest.fixture
def db_backend():
    return "postgresql"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "DATABASE_STATEMENT_TIMEOUT": 1}


def _other_connection(app):
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def test_terminated_connections_do_not_fail_the_next_request(app, client):
    job_id = JobFactory(title="Coder after the restart").id
    db.session.remove()
    assert client.get(f"/jobs/{job_id}").status_code in (200, 301, 302)
    database = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    killer = _other_connection(app)
    with killer.connect() as conn:
        killed = conn.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": database},
        ).scalar()
    killer.dispose()
    assert killed >= 1  # the pooled connection the last request used
    started = time.perf_counter()
    response = client.get(f"/jobs/{job_id}", follow_redirects=True)
    assert response.status_code == 200
    assert "Coder after the restart" in response.get_data(as_text=True)
    assert time.perf_counter() - started < 3


def test_every_connection_carries_the_statement_timeout(app):
    assert db.session.execute(sa.text("SHOW statement_timeout")).scalar() == "1s"
    started = time.perf_counter()
    with pytest.raises(sa.exc.OperationalError, match="statement timeout"):
        db.session.execute(sa.text("SELECT pg_sleep(5)"))
    db.session.rollback()
    assert time.perf_counter() - started < 3


def test_a_statement_stuck_behind_a_lock_gets_the_branded_503(app, client):
    job_id = JobFactory(title="Locked job").id
    db.session.remove()
    locker = _other_connection(app)
    with locker.connect() as conn:
        conn.execute(sa.text("BEGIN"))
        conn.execute(sa.text("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE"))
        response, elapsed = get_within(app, f"/jobs/{job_id}", 10)
        static = client.get("/static/css/site.css")
        conn.execute(sa.text("ROLLBACK"))
    locker.dispose()
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert "The service is busy" in page and "site-footer" in page  # the portal's own page
    assert elapsed < 4
    assert static.status_code == 200
    # Once the lock is gone, the same page answers again.
    assert client.get(f"/jobs/{job_id}", follow_redirects=True).status_code == 200
