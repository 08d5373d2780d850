"""The portal as `make run` starts it: `flask setup-local`, then the real Procfile under honcho
(search engine, search worker, mail worker, scheduler, gunicorn) on free ports in a temporary
instance folder, with MAIL_URL pointing at the test SMTP server.

A newcomer signs up over HTTP, receives the confirmation e-mail, follows the link and logs in;
then the scheduler, with no command typed, e-mails a saved-search digest and expires a job.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
import sqlalchemy as sa

from portal import create_app
from portal.extensions import db
from portal.models import Job, JobStatus, SavedSearch, utcnow
from portal.search.server import find_binary, free_port
from tests.fixtures.environment import missing

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
EMAIL = "new.coder@example.com"
PASSWORD = "a quiet harbour at dawn"


def wait_for(what: str, check: Callable[[], object], timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.5)
    pytest.fail(f"Timed out after {timeout:.0f}s waiting for {what}")


class FormReader(HTMLParser):
    """The fields of the page's forms, as a browser would submit them (first value wins)."""

    def __init__(self, action: str, page: str) -> None:
        super().__init__()
        self.action, self.page, self.inside, self.fields = action, page, False, {}
        self.checkboxes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            target = attrs.get("action") or self.page  # no action: the page itself
            self.inside = target.split("?")[0] == self.action
        elif tag == "input" and self.inside and attrs.get("name"):
            if attrs.get("type") == "checkbox":
                self.checkboxes.append(attrs["name"])
            elif attrs.get("type") != "radio" or "checked" in attrs:
                self.fields.setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def submit(session: requests.Session, base: str, page: str, action: str, **values: str):
    """Open `page`, fill the form posting to `action` (every box ticked) and send it."""
    reader = FormReader(action, page)
    reader.feed(session.get(base + page).text)
    assert "csrf_token" in reader.fields, f"no form posting to {action} on {page}"
    data = {**reader.fields, **{name: "y" for name in reader.checkboxes}, **values}
    return session.post(urljoin(base + page, action), data=data)


@pytest.fixture
def portal_processes(tmp_path, smtp_server) -> Iterator[dict]:
    """`flask setup-local` then `honcho start` of the Procfile, as `make run` does."""
    for tool in ("flask", "honcho", "gunicorn"):
        if not (VENV_BIN / tool).exists():
            missing(f"{VENV_BIN / tool} not found: run `make install`")
    if find_binary() is None:
        missing("Meilisearch binary not found: run `make install` or set MEILI_BIN")
    controller, _ = smtp_server
    instance, port = tmp_path / "instance", free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SERVER_URL", "MEILI_URL", "MEILI_API_KEY", "PORT"}
    }
    env.update(
        FLASK_APP="wsgi",
        PORTAL_ENV="development",
        INSTANCE_PATH=str(instance),
        PORTAL_PORT=str(port),
        MEILI_PORT=str(free_port()),
        MAIL_URL=f"smtp://127.0.0.1:{controller.port}",
        DEMO_DATA="false",
        SCHEDULE_ALERTS_SECONDS="2",
        SCHEDULE_EXPIRE_SECONDS="2",
        ALERTS_LAG_SECONDS="1",
    )
    setup = subprocess.run(
        [VENV_BIN / "flask", "setup-local"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert setup.returncode == 0, setup.stderr
    assert f"will answer on http://127.0.0.1:{port}" in setup.stdout

    log_path = tmp_path / "honcho.log"
    with open(log_path, "wb") as log:
        honcho = subprocess.Popen(
            [VENV_BIN / "honcho", "start", "-f", "Procfile"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:

        def engine_ready():
            try:
                health = requests.get(f"{base}/healthz", timeout=2).json()
            except (requests.RequestException, ValueError):
                return False
            return health["search"] == "available"

        wait_for("the web server and search engine", engine_ready, timeout=90)
        yield {"base": base, "port": port, "instance": instance, "log": log_path}
    finally:
        os.killpg(honcho.pid, signal.SIGTERM)
        try:
            honcho.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()


@pytest.fixture
def portal_db(portal_processes):
    """The same SQLite database the processes use, opened by the test to publish jobs."""
    instance = portal_processes["instance"]
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def mail_to(box, address: str, subject: str) -> list:
    return [m for m in box.messages if m["To"] == address and subject in m["Subject"]]


def test_make_run_processes_deliver_signup_mail_and_scheduled_digests(
    portal_processes, portal_db, smtp_server
):
    from tests.fixtures.factories import JobFactory, employer

    _, box = smtp_server
    base, port = portal_processes["base"], portal_processes["port"]
    log = portal_processes["log"]

    # An employer's job closes a minute ago: the scheduler's `jobs expire` must take it down.
    _, organization = employer()
    stale = JobFactory(organization=organization, title="Closed CPC desk")
    stale.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    # Sign up as a job seeker, through the pages.
    session = requests.Session()
    response = submit(
        session, base, "/auth/signup", "/auth/signup",
        role="seeker", name="Nadia Coder", email=EMAIL, password=PASSWORD,
    )  # fmt: skip
    assert response.status_code == 200 and "/auth/check-email" in response.url

    confirmation = wait_for("the confirmation e-mail", lambda: mail_to(box, EMAIL, "onfirm"))[0]
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"https?://\S+", text)
    assert links and all(link.startswith(f"http://127.0.0.1:{port}/") for link in links), links
    session.get(links[0])
    if session.get(f"{base}/dashboard", allow_redirects=False).status_code != 200:
        submit(session, base, "/auth/login", "/auth/login", email=EMAIL, password=PASSWORD)
    dashboard = session.get(f"{base}/dashboard", allow_redirects=False)
    assert dashboard.status_code == 200 and "Nadia Coder" in dashboard.text

    # She saves a search; a matching job is published after it.
    saved = submit(
        session, base, "/alerts/new?kind=jobs&query=q%3Dharbour%2Bdesk", "/alerts/new",
        name="Harbour desk jobs", frequency="daily",
    )  # fmt: skip
    assert saved.status_code == 200 and "Harbour desk jobs" in saved.text
    job = JobFactory(organization=organization, title="Remote CPC coder, harbour desk")
    wait_for(
        "the new job in search (the search worker)",
        lambda: "harbour desk" in session.get(f"{base}/jobs?q=harbour+desk").text,
    )

    # As if she had saved the search an hour before the job appeared (the first scheduled runs
    # may already have looked at it and found nothing new). A run that was under way when this
    # is written saves its own window afterwards, so write it again until the digest comes.
    def digest_after_backdating():
        search = db.session.scalars(sa.select(SavedSearch)).one()
        search.created_at = job.published_at - timedelta(hours=1)
        search.last_run_at = search.last_period = None
        db.session.commit()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            if found := mail_to(box, EMAIL, "Harbour desk jobs"):
                return found
            time.sleep(0.5)
        return None

    digest = wait_for("the saved-search digest", digest_after_backdating, timeout=80)[0]
    body = digest.get_body(preferencelist=("plain",)).get_content()
    assert "harbour desk" in body
    assert f"http://127.0.0.1:{port}/jobs/{job.id}" in body
    assert digest["List-Unsubscribe"].startswith(f"<http://127.0.0.1:{port}/")

    def expired():
        db.session.expire_all()
        return db.session.get(Job, stale.id).status == JobStatus.EXPIRED

    wait_for("the closed job to expire", expired, timeout=20)
    assert "Scheduler: `alerts send`" in log.read_text()
