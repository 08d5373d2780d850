"""The portal on several hosts (docs/SCALING.md): one PostgreSQL database, one Meilisearch, one
Redis, and on top of them two web hosts (each its own gunicorn with two workers and its own
instance folder), two search workers and a mail worker, all real processes on free ports.

People work through both hosts at once, each behind the proxy address a load balancer would pass
on: employers publish jobs and rename them again and again, seekers apply, every application sent
to both hosts at the same moment. Afterwards every job is in the engine once, with its latest
title; every outbox row was handled once; no application, notification or e-mail is doubled; and
the rate limiter and the log-in delays count across the hosts.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
import sqlalchemy as sa

from portal import create_app
from portal.extensions import db
from portal.models import (
    Application,
    Job,
    JobStatus,
    MailOutbox,
    Notification,
    Role,
    SearchOutbox,
)
from portal.search.server import find_binary, free_port
from tests.fixtures.app import make_test_config
from tests.fixtures.environment import PG_URL, missing
from tests.fixtures.factories import PASSWORD, JobFactory, ProfileFactory, UserFactory, employer
from tests.fixtures.jobs import step_data
from tests.fixtures.processes import form_fields, stop_processes, wait_for
from tests.fixtures.search import MEILI_TEST_KEY

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
REDIS_URL = "redis://127.0.0.1:6379/0"
WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord"]  # one per job, for searching
EDITS = 3  # each job is renamed this many times after it is published
SEEKERS = 4


@dataclass
class Person:
    """Someone with their own browser session, behind their own address (as the proxy says)."""

    email: str
    address: str
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.session.headers["X-Forwarded-For"] = self.address

    def login(self, base: str) -> None:
        fields = form_fields(self.session, f"{base}/auth/login", "/auth/login")
        fields.update(email=self.email, password=PASSWORD)
        response = self.session.post(f"{base}/auth/login", data=fields, allow_redirects=False)
        assert response.status_code in (302, 303), response.text[:500]


@dataclass
class Cluster:
    hosts: list[str]
    prefix: str
    meili_url: str
    logs: dict[str, Path]
    mailbox: Any
    limits_prefix: str

    def host(self, n: int) -> str:
        return self.hosts[n % len(self.hosts)]


Employers = list[tuple[Person, list[int]]]  # each employer with the ids of their jobs


def _create_database() -> tuple[sa.Engine, str, str]:
    name = f"portal_hosts_{os.getpid()}_{secrets.token_hex(3)}"
    admin_url = sa.make_url(PG_URL).set(drivername="postgresql+psycopg")
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    return engine, name, url


def _require_parts() -> None:
    if not PG_URL:
        missing("PORTAL_TEST_DATABASE_URL is not set: several hosts need one PostgreSQL database")
    for tool in ("flask", "gunicorn"):
        if not (VENV_BIN / tool).exists():
            missing(f"{VENV_BIN / tool} not found: run `make install`")
    if find_binary() is None:
        missing("Meilisearch binary not found: run `make install` or set MEILI_BIN")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        missing(f"Redis not reachable at {REDIS_URL}: {exc}")


@pytest.fixture
def cluster(tmp_path, meili_server, smtp_server) -> Iterator[Cluster]:
    """Two web hosts, two search workers and a mail worker on one database, engine and Redis."""
    _require_parts()
    controller, box = smtp_server
    box.clear()
    admin, name, database_url = _create_database()
    prefix, limits_prefix = f"h{secrets.token_hex(5)}_", f"hosts-{secrets.token_hex(5)}"
    ports = [free_port(), free_port()]
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MEILI_", "RATELIMIT_", "PORTAL_", "DATABASE_"))
        and key not in {"SERVER_URL", "SECRET_KEY", "PORT", "INSTANCE_PATH", "UPLOAD_FOLDER"}
    }
    base_env.update(
        FLASK_APP="wsgi",
        PORTAL_ENV="development",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(32),  # the same on every host: sessions move freely
        SERVER_URL=f"http://127.0.0.1:{ports[0]}",  # the public address, not the host's own
        MEILI_URL=meili_server.url,
        MEILI_MASTER_KEY=MEILI_TEST_KEY,
        MEILI_INDEX_PREFIX=prefix,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=limits_prefix,
        TRUSTED_PROXIES="1",
        UPLOAD_FOLDER=str(tmp_path / "shared-uploads"),  # one shared volume for every host
        MAIL_URL=f"smtp://127.0.0.1:{controller.port}",
        DEMO_DATA="false",
    )
    migrate = subprocess.run(
        [VENV_BIN / "flask", "db", "upgrade"],
        cwd=ROOT,
        env={**base_env, "INSTANCE_PATH": str(tmp_path / "deploy")},
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr

    commands = {
        "web-a": [VENV_BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{ports[0]}"],
        "web-b": [VENV_BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{ports[1]}"],
        "search-1": [VENV_BIN / "flask", "search", "worker", "--interval", "0.5"],
        "search-2": [VENV_BIN / "flask", "search", "worker", "--interval", "0.5"],
        "mail": [VENV_BIN / "flask", "mail", "worker"],
    }
    processes, logs = [], {}
    for index, (role, command) in enumerate(commands.items()):
        if role.startswith("web"):
            command = [*command, "wsgi:app"]
        logs[role] = tmp_path / f"{role}.log"
        # Each process is its own "host": its own instance folder (secrets come from the env).
        env = {**base_env, "INSTANCE_PATH": str(tmp_path / f"host-{index}")}
        with open(logs[role], "wb") as log:
            processes.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    hosts = [f"http://127.0.0.1:{port}" for port in ports]
    app = create_app(
        make_test_config(
            tmp_path,
            database_url,
            MEILI_URL=meili_server.url,
            MEILI_INDEX_PREFIX=prefix,
            INSTANCE_PATH=str(tmp_path / "test-process"),
        )
    )
    try:
        for host in hosts:

            def ready(host: str = host) -> bool:
                try:
                    return requests.get(f"{host}/healthz", timeout=2).status_code == 200
                except requests.RequestException:
                    return False

            wait_for(f"the web host {host}", ready)
        with app.app_context():
            yield Cluster(hosts, prefix, meili_server.url, logs, box, limits_prefix)
            db.session.remove()
            db.engine.dispose()
    finally:
        stop_processes(processes)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{limits_prefix}:*"):
            client.delete(key)


# What the people do -------------------------------------------------------------------------


def publish(person: Person, base: str, job_id: int) -> None:
    fields = form_fields(
        person.session,
        f"{base}/employer/jobs/{job_id}/preview",
        f"/employer/jobs/{job_id}/publish",
    )
    response = person.session.post(
        f"{base}/employer/jobs/{job_id}/publish",
        data={"csrf_token": fields["csrf_token"]},
        allow_redirects=False,
    )
    assert response.status_code in (302, 303), response.text[:500]


def rename(person: Person, base: str, job_id: int, title: str) -> None:
    url = f"{base}/employer/jobs/{job_id}/edit/basics"
    fields = form_fields(person.session, url, f"/employer/jobs/{job_id}/edit/basics")
    data = {**step_data()["basics"], "title": title, "csrf_token": fields["csrf_token"]}
    response = person.session.post(url, data=data, allow_redirects=False)
    assert response.status_code in (302, 303), response.text[:800]


def apply_on_both_hosts(person: Person, cluster: Cluster, job_id: int) -> list[int]:
    """The same application sent to host A and host B at the same moment (a double click that
    a load balancer spread over two hosts)."""
    path = f"/jobs/{job_id}/apply"
    fields = form_fields(person.session, cluster.hosts[0] + path, path)
    fields.update(send="1", confirm_unmet="y")
    start = threading.Barrier(2)

    def send(base: str) -> int:
        start.wait()
        response = person.session.post(base + path, data=fields, allow_redirects=False)
        return response.status_code

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(send, cluster.hosts))


def title(job_id: int, word: str, version: int) -> str:
    return f"Remote CPC coder {word} version {version} ({job_id})"


# The test -----------------------------------------------------------------------------------


def build_people() -> tuple[Employers, list[Person]]:
    """Three employers with two finished drafts each, four seekers with a profile."""
    employers = []
    for n in range(3):
        user, organization = employer(f"recruiter{n}@hosts.example", name=f"Hosts Clinic {n}")
        drafts = [
            JobFactory(
                organization=organization,
                created_by_id=user.id,
                title=f"Draft {n}-{k}",
                status=JobStatus.DRAFT,
                published_at=None,
            ).id
            for k in range(2)
        ]
        employers.append((Person(user.email, f"198.51.100.{10 + n}"), drafts))
    seekers = []
    for n in range(SEEKERS):
        user = UserFactory(email=f"seeker{n}@hosts.example", role=Role.SEEKER)
        ProfileFactory(user=user)
        seekers.append(Person(user.email, f"203.0.113.{10 + n}"))
    return employers, seekers


def engine_documents(cluster: Cluster) -> list[dict[str, Any]]:
    response = requests.get(
        f"{cluster.meili_url}/indexes/{cluster.prefix}jobs/documents",
        params={"limit": 1000, "fields": "id,job_id,title"},
        headers={"Authorization": f"Bearer {MEILI_TEST_KEY}"},
        timeout=10,
    )
    response.raise_for_status()
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def rows_logged(log: Path) -> int:
    return sum(int(n) for n in re.findall(r"Search sync: (\d+) outbox rows", log.read_text()))


def publish_and_edit_everywhere(
    cluster: Cluster, employers: Employers, seekers: list[Person], words: dict[int, str]
) -> None:
    """Employers publish their drafts at the same time through alternating hosts; then they keep
    renaming them while every seeker applies to every job, each application sent to both hosts
    at the same moment."""
    job_ids = list(words)

    def publish_all(n: int) -> None:
        person, drafts = employers[n]
        for k, job_id in enumerate(drafts):
            publish(person, cluster.host(n + k), job_id)
            rename(person, cluster.host(n + k + 1), job_id, title(job_id, words[job_id], 0))

    def edit_all(n: int) -> None:
        person, drafts = employers[n]
        for version in range(1, EDITS + 1):
            for k, job_id in enumerate(drafts):
                new_title = title(job_id, words[job_id], version)
                rename(person, cluster.host(n + k + version), job_id, new_title)

    def apply_all(n: int) -> list[int]:
        statuses = []
        for job_id in job_ids[n:] + job_ids[:n]:  # each seeker starts somewhere else
            statuses += apply_on_both_hosts(seekers[n], cluster, job_id)
        return statuses

    with ThreadPoolExecutor(len(employers)) as pool:
        list(pool.map(publish_all, range(len(employers))))
    with ThreadPoolExecutor(len(employers) + len(seekers)) as pool:
        edits = [pool.submit(edit_all, n) for n in range(len(employers))]
        applying = [pool.submit(apply_all, n) for n in range(len(seekers))]
        for future in edits:
            future.result()
        statuses = [s for future in applying for s in future.result()]
    assert set(statuses) <= {302, 303}, Counter(statuses)  # never an error, on either host


def wait_for_workers(cluster: Cluster) -> Counter[tuple[str, str]]:
    """Until the search outbox is drained and every queued e-mail was delivered; returns what
    the mail outbox holds, as (to, subject)."""

    def outbox_done() -> bool:
        db.session.expire_all()
        return not db.session.scalar(
            sa.select(sa.func.count()).where(SearchOutbox.processed_at.is_(None))
        )

    queued: dict[int, tuple[str, str]] = {}

    def mail_done() -> bool:
        db.session.expire_all()
        rows = db.session.scalars(sa.select(MailOutbox)).all()
        queued.update((m.id, (m.to_address, " ".join(m.subject.split()))) for m in rows)
        return all(m.sent_at for m in rows) and len(cluster.mailbox.messages) >= len(rows)

    wait_for("the search outbox to drain", outbox_done)
    wait_for("the mail worker", mail_done)
    time.sleep(2)  # a message sent twice would arrive now
    return Counter(queued.values())


def check_nothing_doubled(cluster: Cluster, queued: Counter[tuple[str, str]], jobs: int) -> None:
    """One application per (job, seeker), each told once to the employer and the seeker."""
    applications = db.session.scalars(sa.select(Application)).all()
    assert len(applications) == jobs * SEEKERS
    applied = sa.select(Notification).where(Notification.kind == "applied")
    notified = Counter(n.link for n in db.session.scalars(applied))
    assert len(notified) == len(applications) and set(notified.values()) == {1}, notified
    messages = cluster.mailbox.messages
    sent = Counter((m["To"], " ".join(m["Subject"].split())) for m in messages)
    assert sent == queued  # every queued message delivered, once
    for n in range(SEEKERS):
        mine = [key for key in sent if key[0] == f"seeker{n}@hosts.example"]
        assert len(mine) == jobs, mine  # "your application was sent", once per job


def check_search(cluster: Cluster, words: dict[int, str]) -> None:
    """Every outbox row handled once, by one of the two workers, at the first attempt; the engine
    holds each job once, with its latest title; both hosts find it."""
    outbox = db.session.scalars(sa.select(SearchOutbox)).all()
    assert all(row.processed_at and row.attempts == 0 for row in outbox)
    handled = {role: rows_logged(log) for role, log in cluster.logs.items() if "search" in role}
    assert sum(handled.values()) == len(outbox), (handled, len(outbox))

    documents = engine_documents(cluster)
    assert Counter(d["job_id"] for d in documents) == Counter(list(words))
    for doc in documents:
        job = db.session.get(Job, doc["job_id"])
        assert job.title == title(job.id, words[job.id], EDITS)
        assert doc["title"] == job.title
    for n, (job_id, word) in enumerate(words.items()):
        page = requests.get(f"{cluster.host(n)}/jobs", params={"q": word}, timeout=10)
        assert page.text.count(f'href="/jobs/{job_id}"') == 1
        assert f"version {EDITS} ({job_id})" in page.text


def check_limits_shared(cluster: Cluster) -> None:
    """Rate limits count across hosts: five "send the link again" requests (five an hour are
    allowed) spread over both hosts, and the sixth is refused by either. So do the log-in delays:
    five wrong passwords from one place are free wherever they land; the next one earns a wait
    that the other host enforces (counted per process, the first wait would come much later)."""
    stranger = Person("nobody@hosts.example", "192.0.2.77")
    fields: dict[str, str] = {}
    for n in range(5):
        base = cluster.host(n)
        fields = form_fields(stranger.session, f"{base}/auth/check-email", "/auth/check-email")
        fields["email"] = stranger.email
        response = stranger.session.post(f"{base}/auth/check-email", data=fields)
        assert response.status_code == 200, (n, response.status_code)
    for base in reversed(cluster.hosts):
        response = stranger.session.post(f"{base}/auth/check-email", data=fields)
        assert response.status_code == 429

    guesser = Person("seeker0@hosts.example", "192.0.2.78")
    answers: list[int] = []
    while len(answers) < 9 and 429 not in answers:
        base = cluster.host(len(answers))
        fields = form_fields(guesser.session, f"{base}/auth/login", "/auth/login")
        fields.update(email=guesser.email, password="not the password")
        answers.append(guesser.session.post(f"{base}/auth/login", data=fields).status_code)
    assert answers[:5] == [200] * 5 and answers[-1] == 429, answers
    counters = redis.Redis.from_url(REDIS_URL).scan_iter(f"{cluster.limits_prefix}:*")
    assert any(b"login:client:seeker0@hosts.example" in key for key in counters)


def test_two_hosts_and_two_search_workers_give_one_result_each(cluster):
    employers, seekers = build_people()  # in the database, as an import would
    job_ids = [job_id for _, drafts in employers for job_id in drafts]
    words = dict(zip(job_ids, WORDS, strict=True))
    people = [person for person, _ in employers] + seekers
    for n, person in enumerate(people):
        person.login(cluster.host(n))  # logged in on one host, served by both afterwards

    publish_and_edit_everywhere(cluster, employers, seekers, words)
    queued = wait_for_workers(cluster)

    check_nothing_doubled(cluster, queued, len(job_ids))
    check_search(cluster, words)
    check_limits_shared(cluster)
