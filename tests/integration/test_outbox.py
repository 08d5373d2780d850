"""The search outbox and the worker against the real engine: nothing lost, nothing doubled.

Engine outages use a Meilisearch process started by the test itself (never the shared one).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import JobStatus, SearchOutbox, Visibility, utcnow
from portal.search import consistency, sync
from portal.search.client import write_client
from portal.search.server import MeiliProcess, find_binary
from portal.search.settings import index_uid
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import NEXT_YEAR, sync_all

LIMITED = "Search is limited right now"
ROOT = Path(__file__).resolve().parents[2]


def index_docs(name: str) -> dict[int, dict]:
    index = write_client().index(index_uid(name))
    return {
        int(d["id"]): dict(d)
        for d in index.get_documents({"limit": 1000}).results
        for d in [dict(d)]
    }


def pending() -> list[SearchOutbox]:
    return list(
        db.session.scalars(sa.select(SearchOutbox).where(SearchOutbox.processed_at.is_(None)))
    )


def wait_until_due(timeout: float = 10.0) -> None:
    """Wait out the retry backoff of the pending rows, as the worker would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        latest = db.session.scalar(
            sa.select(sa.func.max(SearchOutbox.available_at)).where(
                SearchOutbox.processed_at.is_(None)
            )
        )
        if latest is None or latest <= utcnow():
            return
        time.sleep(0.2)
    raise AssertionError("outbox rows never became due")


@pytest.fixture
def own_engine(app, tmp_path):
    """A Meilisearch process for this test only, so it can be stopped and started."""
    binary = find_binary()
    if binary is None:
        pytest.fail("Meilisearch binary not found")
    server = MeiliProcess(binary, tmp_path / "meili", "own-engine-master-key-0123456789").start()
    app.config.update(MEILI_URL=server.url, MEILI_MASTER_KEY=server.master_key, MEILI_RETRY_AFTER=5)
    yield server
    server.stop()


# --- the worker ------------------------------------------------------------------------------


def test_changes_are_coalesced_and_marked_done_after_the_task(app):
    org = SearchOrganizationFactory()
    job = SearchJobFactory(organization=org, title="First title")
    job.title = "Second title"
    db.session.commit()
    job.title = "Third title"
    db.session.commit()
    assert len(pending()) == 3
    sync.ensure_indexes()
    [result] = sync.drain()
    assert (result.rows, result.upserted, result.deleted) == (3, 1, 0)
    rows = db.session.scalars(sa.select(SearchOutbox)).all()
    assert all(r.processed_at and r.task_uid == result.task_uids[-1] for r in rows)
    assert index_docs("jobs")[job.id]["title"] == "Third title"

    job.status = JobStatus.CLOSED
    db.session.commit()
    [result] = sync.drain()
    assert (result.upserted, result.deleted) == (0, 1)
    assert index_docs("jobs") == {}


def test_an_idle_worker_takes_a_change_up_within_a_fifth_of_a_second(app, tmp_path):
    """`flask search worker` looks for changes every 0.2 s when idle (it was 1 s: half a second,
    on average, of the 3 s a change has to become searchable). Each change committed at any
    moment of that wait reaches the engine's queue within the wait and the time to build it."""
    org = SearchOrganizationFactory()
    sync_all()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MEILI_", "PORTAL_", "DATABASE_", "FLASK_"))
    }
    env.update(
        PORTAL_ENV="development",
        DEMO_DATA="false",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY=app.config["SECRET_KEY"],
        INSTANCE_PATH=str(tmp_path / "worker"),
        MEILI_URL=app.config["MEILI_URL"],
        MEILI_MASTER_KEY=app.config["MEILI_MASTER_KEY"],
        MEILI_INDEX_PREFIX=app.config["MEILI_INDEX_PREFIX"],
    )
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "search", "worker"]
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        SearchJobFactory(organization=org, title="Warm-up coder")
        wait_until_processed()
        moments = random.Random(16)
        for i in range(8):
            time.sleep(moments.uniform(0.05, 0.45))
            SearchJobFactory(organization=org, title=f"Fresh coder {i}")
        wait_until_processed()
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    rows = db.session.scalars(sa.select(SearchOutbox).order_by(SearchOutbox.id)).all()[-8:]
    engine = write_client().http
    delays = [
        (
            datetime.fromisoformat(engine.get(f"tasks/{row.task_uid}")["enqueuedAt"])
            - row.created_at.replace(tzinfo=UTC)
        ).total_seconds()
        for row in rows
    ]
    assert max(delays) < 0.6, delays


def wait_until_processed(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while pending():
        assert time.monotonic() < deadline, "the worker left changes waiting"
        db.session.expire_all()
        time.sleep(0.1)


def test_children_and_parents_reach_the_documents(app):
    org = SearchOrganizationFactory(name="Old Name Hospital", verified=False)
    job = SearchJobFactory(
        organization=org, offices=[("Austin", "US", 30.27, -97.74)], work_mode="onsite"
    )
    profile = SearchProfileFactory(name="Nora Named", anonymous=False, credentials=["CPC"])
    sync_all()
    # A child row (credential) changes the profile document.
    profile.credentials[0].kind = "CCS"
    # Parent rows copied into documents: the organization's name and badge, the user's name.
    org.name = "New Name Hospital"
    org.verified_at = utcnow()
    profile.user.name = "Nora Renamed"
    db.session.commit()
    sync_all()
    assert index_docs("jobs")[job.id]["organization_name"] == "New Name Hospital"
    assert index_docs("jobs")[job.id]["organization_verified"] is True
    doc = index_docs("profiles")[profile.id]
    assert doc["credentials_held"] == ["CCS"] and doc["name"] == "Nora Renamed"
    # A disabled account's profile leaves the index.
    profile.user.disabled_at = utcnow()
    db.session.commit()
    sync_all()
    assert profile.id not in index_docs("profiles")
    # Logging in (last_login_at) writes nothing to the outbox.
    profile.user.last_login_at = utcnow()
    db.session.commit()
    assert pending() == []


def test_a_failed_task_is_retried_with_backoff_and_isolated(app):
    SearchOrganizationFactory()
    sync.ensure_indexes()
    client = write_client()
    # Break the index the way an operator might: a wrong primary key makes every add fail.
    sync.wait_for(client, client.delete_index(index_uid("jobs")).task_uid)
    sync.wait_for(client, client.create_index(index_uid("jobs"), {"primaryKey": "uid"}).task_uid)
    org = SearchOrganizationFactory()
    first, second = (
        SearchJobFactory(organization=org, title="One"),
        SearchJobFactory(organization=org, title="Two"),
    )
    result = sync.process_batch()
    assert result.failed and "task failed" in result.error
    rows = pending()
    assert len(rows) == 2
    assert all(r.attempts == 1 and r.available_at > utcnow() for r in rows)
    assert all(r.last_error.startswith("task failed") for r in rows)
    # A row that failed in the engine is retried alone, so one bad document blocks no other.
    wait_until_due()
    result = sync.process_batch()
    assert result.failed and result.rows == 1
    # Repaired: the next attempts succeed and nothing was lost.
    sync.wait_for(client, client.delete_index(index_uid("jobs")).task_uid)
    sync.ensure_indexes()
    wait_until_due()
    sync.drain()
    assert set(index_docs("jobs")) == {first.id, second.id}
    assert pending() == []


def test_engine_down_pages_answer_and_every_change_is_indexed_once(app, client, auth, own_engine):
    org = SearchOrganizationFactory()
    employer = EmployerFactory(owns=org)
    seeker = SearchProfileFactory(
        name="Priya Nair", credentials=[("CPC", NEXT_YEAR, True)], slots=[(0, 540, 1020)]
    )
    hidden = SearchProfileFactory(name="Hana Hidden", credentials=["CPC"])
    base_job = SearchJobFactory(
        organization=org, title="Base Coder", required_credentials=[["CPC"]]
    )
    sync_all()
    own_engine.stop()

    # 20 changes while the engine is down: every write still succeeds.
    new_jobs = [
        SearchJobFactory(organization=org, title=f"Night Coder {i}", required_credentials=[["CPC"]])
        for i in range(12)
    ]
    for job in new_jobs[:4]:
        job.title = job.title.replace("Night", "Day")
        db.session.commit()
    for job in new_jobs[4:6]:
        job.status = JobStatus.CLOSED
        db.session.commit()
    hidden.visibility = Visibility.HIDDEN
    db.session.commit()
    late = SearchProfileFactory(name="Lata Late", credentials=["CCS"])
    assert len(pending()) == 20

    pages = {
        "/jobs?q=coder": LIMITED,
        "/jobs?mode=remote&credential=CPC": LIMITED,
        f"/jobs/{base_job.id}/match": "Has CPC (required)",
        "/jobs/for-you": LIMITED,
    }
    auth.login(seeker.user.email, PASSWORD)
    for url, text in pages.items():
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.get_data(as_text=True), url
        assert time.perf_counter() - started < 5, url
    auth.logout()
    auth.login(employer.email, PASSWORD)
    for url in ("/candidates?q=coder", f"/employer/jobs/{base_job.id}/candidates"):
        response = client.get(url)
        assert response.status_code == 200 and LIMITED in response.get_data(as_text=True), url
    health = client.get("/healthz").get_json()
    assert health["search"].startswith("unavailable") and health["search_outbox_backlog"] == 20
    assert sync.process_batch().failed  # the worker keeps trying, losing nothing
    assert len(pending()) == 20

    own_engine.start()
    wait_until_due()
    results = sync.drain()
    assert sum(r.rows for r in results) == 20 and not any(r.failed for r in results)
    assert pending() == []
    jobs = index_docs("jobs")
    live = [base_job, *new_jobs[:4], *new_jobs[6:]]
    assert set(jobs) == {j.id for j in live}
    assert all(jobs[j.id]["title"] == j.title for j in live)
    assert set(index_docs("profiles")) == {seeker.id, late.id}
    # Exactly once: one upsert and one delete task per index since the restart, no repeats.
    tasks = write_client().get_tasks(
        {"indexUids": [index_uid("jobs")], "types": ["documentAdditionOrUpdate"]}
    )
    after_restart = [
        t for t in tasks.results if t.details and t.details.get("receivedDocuments") == 10
    ]
    assert len(after_restart) == 1
    assert client.get("/healthz").get_json()["search_outbox_backlog"] == 0
    assert LIMITED not in client.get("/candidates?q=coder").get_data(as_text=True)


def test_a_frozen_engine_degrades_pages_within_seconds(app, client, own_engine):
    SearchJobFactory(organization=SearchOrganizationFactory(), title="Frozen Coder")
    sync_all()
    os.kill(own_engine.process.pid, signal.SIGSTOP)
    try:
        started = time.perf_counter()
        first = client.get("/jobs?q=coder")
        slow = time.perf_counter() - started
        started = time.perf_counter()
        second = client.get("/jobs?q=frozen")
        fast = time.perf_counter() - started
    finally:
        os.kill(own_engine.process.pid, signal.SIGCONT)
    assert first.status_code == second.status_code == 200
    page = first.get_data(as_text=True)
    # What the page said and where it asked, should this fail again (it failed once in CI, an
    # answer with neither the notice nor the job, and has not been reproduced).
    shown = re.findall(r"<strong>\d+ jobs?</strong>", page), app.config["MEILI_URL"], slow
    assert LIMITED in page and "Frozen Coder" in page, shown
    assert slow < 5  # MEILI_TIMEOUT (2 s) to notice, then the SQL answer
    assert fast < 1  # the circuit breaker skips the engine for a while
    from portal.search.client import reset_breaker

    reset_breaker()
    assert LIMITED not in client.get("/jobs?q=coder").get_data(as_text=True)


# --- reindex, check, configure ---------------------------------------------------------------


def test_reindex_swaps_in_new_indexes_while_searches_keep_answering(app):
    org = SearchOrganizationFactory()
    for i in range(30):
        SearchJobFactory(organization=org, title=f"Coder {i}")
    sync_all()
    plain = FlaskClient(app, app.response_class)
    failures: list[str] = []
    answered: list[int] = []
    stop = threading.Event()

    def searcher() -> None:
        while not stop.is_set():
            response = plain.get("/jobs?q=coder")
            body = response.get_data(as_text=True)
            if response.status_code != 200 or LIMITED in body:
                failures.append(f"{response.status_code} {LIMITED in body}")
            else:
                found = re.search(r"<strong>(\d+) jobs?</strong>", body)
                answered.append(int(found.group(1)) if found else -1)

    thread = threading.Thread(target=searcher)
    thread.start()
    added: list = []

    def during(message: str) -> None:
        # After the jobs were loaded into the new index and before the swap: a new job is
        # indexed into the old live index. The replay must carry it over.
        if message.startswith("jobs:") and not added:
            added.append(SearchJobFactory(organization=org, title="Coder added during the rebuild"))
            sync.drain()

    try:
        first = sync.reindex(echo=during)
        second = sync.reindex()
    finally:
        stop.set()
        thread.join(timeout=30)
    assert failures == []
    assert len(answered) >= 5 and set(answered) <= {30, 31}
    assert first.counts == {"jobs": 30, "profiles": 0} and first.replayed >= 1
    assert second.counts["jobs"] == 31
    assert added[0].id in index_docs("jobs")
    assert consistency.check().ok


def test_check_reports_and_repairs_drift(app, runner):
    org = SearchOrganizationFactory()
    jobs = [SearchJobFactory(organization=org, title=f"Coder {i}") for i in range(3)]
    profile = SearchProfileFactory(name="Dora Drift", credentials=[("CPC", NEXT_YEAR, False)])
    sync_all()
    client = write_client()
    index = client.index(index_uid("jobs"))
    sync.wait_for(client, index.add_documents([{"id": 999, "title": "Ghost job"}]).task_uid)
    sync.wait_for(
        client,
        client.http.post(f"indexes/{index_uid('jobs')}/documents/delete-batch", [str(jobs[0].id)])[
            "taskUid"
        ],
    )
    sync.wait_for(
        client, index.update_documents([{"id": jobs[1].id, "title": "Tampered"}]).task_uid
    )
    # Time passes without a write: the credential expires, the document is out of date.
    profile.credentials[0].expires_on = utcnow().date() - timedelta(days=1)
    db.session.execute(sa.update(SearchOutbox).values(processed_at=utcnow()))
    db.session.commit()

    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1, result.output
    assert "jobs: 3 expected, 1 missing, 1 extra, 1 out of date" in result.output
    assert "profiles: 1 expected, 0 missing, 0 extra, 1 out of date" in result.output
    result = runner.invoke(args=["search", "check", "--repair"])
    assert "Repairs sent" in result.output, result.output
    assert consistency.check().ok
    assert set(index_docs("jobs")) == {j.id for j in jobs}
    assert index_docs("profiles")[profile.id]["credentials_held"] == []


def test_check_repair_recreates_a_missing_index(app, runner):
    """A deleted index used to make `check --repair` fail with "engine unavailable"."""
    jobs = [
        SearchJobFactory(organization=SearchOrganizationFactory(), title=f"Coder {i}")
        for i in range(2)
    ]
    sync_all()
    client = write_client()
    sync.wait_for(client, client.delete_index(index_uid("jobs")).task_uid)

    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1, result.output
    assert "jobs: the index does not exist" in result.output
    assert "jobs: 2 expected, 2 missing" in result.output
    result = runner.invoke(args=["search", "check", "--repair"])
    assert result.exit_code == 0 and "Repairs sent" in result.output, result.output
    assert consistency.check().ok
    assert set(index_docs("jobs")) == {j.id for j in jobs}
    assert sync.ensure_indexes() == {}  # created with the right settings


def test_configure_rebuilds_only_when_settings_change(app, runner):
    SearchJobFactory(organization=SearchOrganizationFactory(), title="Configured Coder")
    result = runner.invoke(args=["search", "configure"])
    assert result.exit_code == 0 and "Settings were up to date" in result.output, result.output
    sync.drain()
    client = write_client()
    task = client.index(index_uid("jobs")).update_settings({"searchableAttributes": ["title"]})
    sync.wait_for(client, task.task_uid)
    assert sync.ensure_indexes() == {"jobs": ["searchableAttributes"]}
    result = runner.invoke(args=["search", "configure"])
    assert result.exit_code == 0, result.output
    assert "settings changed (searchableAttributes)" in result.output
    assert sync.ensure_indexes() == {}
    assert [d["title"] for d in index_docs("jobs").values()] == ["Configured Coder"]


def test_worker_once_and_reindex_commands(app, runner):
    SearchJobFactory(organization=SearchOrganizationFactory(), title="Command Coder")
    result = runner.invoke(args=["search", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 indexed" in result.output and "0 changes waiting" in result.output
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Reindexed 1 jobs, 0 profiles" in result.output, result.output


def test_expired_jobs_leave_search_without_a_write(app, client):
    # Enough margin that a slow, shared CI machine still searches before the closing date.
    closes = utcnow() + timedelta(seconds=8)
    SearchJobFactory(
        organization=SearchOrganizationFactory(), title="Soon Expiring Coder", expires_at=closes
    )
    sync_all()
    assert "<strong>1 job</strong>" in client.get("/jobs?q=expiring").get_data(as_text=True)
    # The closing date passes; nothing in the database changes.
    time.sleep(max(0.0, (closes - utcnow()).total_seconds()) + 1.1)
    assert "<strong>0 jobs</strong>" in client.get("/jobs?q=expiring").get_data(as_text=True)
    assert len(index_docs("jobs")) == 1
    sync.sweep_expired()
    assert index_docs("jobs") == {}


def test_several_workers_share_the_queue(app):
    org = SearchOrganizationFactory()
    sync.ensure_indexes()
    jobs = [SearchJobFactory(organization=org, title=f"Parallel Coder {i}") for i in range(40)]
    totals: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                for result in sync.drain(limit=5):
                    totals.append(result.rows)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    db.session.expire_all()
    assert pending() == []
    assert set(index_docs("jobs")) == {j.id for j in jobs}
    if db.engine.dialect.name == "postgresql":
        assert sum(totals) == 40  # SKIP LOCKED: no row taken by two workers
