"""Faults with the real components: a database that accepts and never answers, the search worker
killed mid-batch, a full disk while uploading, the search engine down with many rows. Pages
answer within a few seconds, nothing is lost, nothing is left half-written.

Meilisearch stopped and paused (SIGSTOP) are in test_outbox.py; PostgreSQL connections killed
and statements stuck behind a lock in test_faults_postgres.py.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal import create_app
from portal.extensions import db
from portal.models import Profile, SearchOutbox
from portal.search.client import write_client
from portal.search.settings import index_uid
from tests.fixtures.app import make_test_config
from tests.fixtures.environment import missing
from tests.fixtures.factories import SearchJobFactory, SearchOrganizationFactory, UserFactory
from tests.fixtures.files import tiny_pdf
from tests.fixtures.forms import pay_form
from tests.fixtures.pages import get_within
from tests.fixtures.search import MEILI_TEST_KEY, sync_all

PROJECT = Path(__file__).resolve().parents[2]


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a hung database)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()


def test_a_hung_database_gets_the_branded_503_within_seconds(tmp_path):
    with silent_server() as port:
        app = create_app(
            make_test_config(
                tmp_path,
                f"postgresql+psycopg://postgres@127.0.0.1:{port}/portal",
                DATABASE_CONNECT_TIMEOUT=2,
            )
        )
        client = app.test_client()
        for url in ("/", "/jobs?q=coder"):
            response, elapsed = get_within(app, url, 10)
            assert response.status_code == 503, url
            assert response.headers["Retry-After"], url
            page = response.get_data(as_text=True)
            assert "The service is busy" in page and "site-footer" in page, url
            assert elapsed < 5, (url, elapsed)
        # A signed-in visitor: loading the account fails too, and the page still answers.
        plain = FlaskClient(app, app.response_class)
        with plain.session_transaction() as session:
            session["_user_id"] = "a-session-token"
        started = time.perf_counter()
        response = plain.get("/dashboard")
        assert response.status_code == 503 and "The service is busy" in response.get_data(
            as_text=True
        )
        assert time.perf_counter() - started < 5
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["database"].startswith("unavailable")
        # Static files do not wait for the database.
        started = time.perf_counter()
        assert client.get("/static/css/site.css").status_code == 200
        assert time.perf_counter() - started < 1
        with app.app_context():
            db.engine.dispose()


def test_timeouts_are_configured_for_postgresql_only(tmp_path):
    pg = create_app(
        make_test_config(
            tmp_path,
            "postgresql+psycopg://db.example/portal",
            DATABASE_CONNECT_TIMEOUT=3,
            DATABASE_STATEMENT_TIMEOUT=20,
        )
    )
    options = pg.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_pre_ping"] and options["pool_timeout"] == 3
    assert options["connect_args"]["connect_timeout"] == 3
    assert options["connect_args"]["options"] == "-c statement_timeout=20000"
    lite = create_app(make_test_config(tmp_path, f"sqlite:///{tmp_path / 'x.db'}"))
    assert lite.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


# The search worker killed mid-batch -------------------------------------------------------------


def _worker_env(app) -> dict[str, str]:
    config = app.config
    return {
        **os.environ,
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "MEILI_URL": config["MEILI_URL"],
        "MEILI_API_KEY": MEILI_TEST_KEY,
        "MEILI_INDEX_PREFIX": config["MEILI_INDEX_PREFIX"],
        "SECRET_KEY": config["SECRET_KEY"],
        "DEMO_DATA": "false",
        "PYTHONUNBUFFERED": "1",
    }


def _documents_sent(uid: str) -> bool:
    tasks = write_client().get_tasks({"indexUids": [uid], "types": ["documentAdditionOrUpdate"]})
    return bool(tasks.results)


def test_a_search_worker_killed_mid_batch_loses_nothing(app):
    org = SearchOrganizationFactory()
    job_ids = {SearchJobFactory(organization=org, title=f"Coder {i}").id for i in range(300)}
    total = db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox))
    db.session.remove()
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "search", "worker"],
        cwd=PROJECT,
        env=_worker_env(app),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Kill it the moment its first batch reached the engine, before it marks the rows done.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _documents_sent(index_uid("jobs")):
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        worker.kill()
    assert _documents_sent(index_uid("jobs")), "the worker never sent a batch"
    done = db.session.scalar(
        sa.select(sa.func.count()).where(SearchOutbox.processed_at.is_not(None))
    )
    assert done < total  # killed mid-way: some rows were sent but not marked done

    # Another worker (here: this process) picks up what was left; every job ends up indexed.
    sync_all()
    index = write_client().index(index_uid("jobs"))
    ids = {int(d.id) for d in index.get_documents({"limit": 1000, "fields": ["id"]}).results}
    assert ids == job_ids


# A full disk while uploading --------------------------------------------------------------------


@contextmanager
def tiny_filesystem(path: Path, size_kib: int = 64) -> Iterator[Path]:
    """A small tmpfs at `path` (needs root, as in CI)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        missing(f"cannot mount a tmpfs for the full-disk test: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_disk_while_uploading_is_a_clear_error_and_leaves_nothing(
    app, client, auth, tmp_path
):
    from tests.fixtures.factories import ProfileFactory

    user = UserFactory(role="seeker", email="asha@example.in")
    ProfileFactory(user=user)
    auth.login("asha@example.in")
    with tiny_filesystem(tmp_path / "full") as folder:
        app.config["UPLOAD_FOLDER"] = str(folder)
        (folder / "filler").write_bytes(b"\0" * (60 * 1024))
        response = client.post(
            "/profile/pay",
            data=pay_form(resume=(io.BytesIO(tiny_pdf(padding=40_000)), "cv.pdf")),
            content_type="multipart/form-data",
        )
        left = sorted(p.name for p in folder.iterdir())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "We could not save your file just now" in page and "Nothing was saved" in page
    assert left == ["filler"]  # no partial file, no temporary file
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))
    assert profile.resume_file is None


# The search fallback in bounded time ------------------------------------------------------------


def test_the_fallback_reads_a_bounded_window_and_says_so(app, client):
    org = SearchOrganizationFactory()
    for i in range(30):
        SearchJobFactory(
            organization=org,
            title=f"Window coder {i}",
            employment_type="full_time" if i % 2 else "contract",
        )
    app.config.update(MEILI_URL="http://127.0.0.1:9", SEARCH_FALLBACK_ROWS=10)
    page = client.get("/jobs?q=coder").get_data(as_text=True)
    assert "Search is limited right now" in page
    assert "Only the newest 10 jobs were looked through." in page
    assert "Window coder 29" in page and "Window coder 19" not in page

    # Type of job is filtered in SQL, so the window holds only matching rows.
    page = client.get("/jobs?q=coder&type=contract").get_data(as_text=True)
    assert "Window coder 28" in page and "Window coder 29" not in page

    # Few enough rows: no note.
    app.config["SEARCH_FALLBACK_ROWS"] = 500
    page = client.get("/jobs?q=coder").get_data(as_text=True)
    assert "were looked through" not in page and "<strong>30 jobs</strong>" in page


def test_the_fallback_stops_at_its_time_budget(app):
    from portal.search import fallback

    org = SearchOrganizationFactory()
    for i in range(120):
        SearchJobFactory(organization=org, title=f"Budget coder {i}")
    app.config.update(SEARCH_FALLBACK_SECONDS=0.0)
    with app.test_request_context():
        scan = fallback.public_job_documents("coder")
    # An exhausted budget still reads the newest rows (a loaded machine answers, never empty).
    assert scan.cut_short and len(scan.docs) == fallback.ALWAYS_READ
    assert scan.docs[0]["title"] == "Budget coder 119"
    app.config.update(SEARCH_FALLBACK_SECONDS=5.0)
    with app.test_request_context():
        scan = fallback.public_job_documents("coder")
    assert not scan.cut_short and len(scan.docs) == 120


@pytest.fixture
def many_profiles(app):
    from tests.fixtures.factories import SearchProfileFactory

    return [SearchProfileFactory(name=f"Candidate {i}", credentials=["CPC"]) for i in range(12)]


def test_candidate_fallback_is_bounded_too(app, client, auth, many_profiles):
    from tests.fixtures.factories import PASSWORD, EmployerFactory

    employer = EmployerFactory(owns=SearchOrganizationFactory())
    app.config.update(MEILI_URL="http://127.0.0.1:9", SEARCH_FALLBACK_ROWS=5)
    auth.login(employer.email, PASSWORD)
    page = client.get("/candidates").get_data(as_text=True)
    assert "Search is limited right now" in page
    assert "Only the 5 most recently updated profiles were looked through." in page
