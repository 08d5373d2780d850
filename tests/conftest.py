"""Shared fixtures: the app on SQLite (and PostgreSQL when PORTAL_TEST_DATABASE_URL is set), a real
Meilisearch process, a real SMTP server, and Chromium for browser tests.

Under CI=true a missing part fails the run; on a developer's machine it skips with the reason.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import uuid
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient

from portal import create_app
from portal.extensions import db, limiter
from portal.search.server import MeiliProcess, find_binary, free_port
from tests.string_lengths import refuse_overlong_strings

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("PORTAL_TEST_DATABASE_URL", "")
CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM", "/usr/bin/chromium")
MEILI_TEST_KEY = "test-master-key-0123456789abcdef"


def missing(reason: str) -> None:
    """Fail under CI, skip elsewhere: CI must never silently skip a real part."""
    if IN_CI:
        pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
    pytest.skip(reason)


DB_BACKENDS = ["sqlite", "postgresql"] if (PG_URL or IN_CI) else ["sqlite"]

# SQLite ignores column lengths; every flush in the tests checks them as PostgreSQL would.
sa.event.listen(sa.orm.Session, "before_flush", refuse_overlong_strings)


# Search engine ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def meili_server(tmp_path_factory) -> Iterator[MeiliProcess]:
    binary = find_binary()
    if binary is None:
        missing("Meilisearch binary not found: run `make install` or set MEILI_BIN")
    server = MeiliProcess(binary, tmp_path_factory.mktemp("meili") / "data", MEILI_TEST_KEY)
    server.start()
    yield server
    server.stop()


# Mail ------------------------------------------------------------------------------------------


REFUSED_DOMAIN = "refused.example"


class Mailbox:
    """What the real SMTP server received. `deliver()` runs the app's mail worker once.
    Like a real server it refuses addresses it has no mailbox for (any @refused.example)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.app = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.endswith("@" + REFUSED_DOMAIN):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd protocol
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def deliver(self) -> list[EmailMessage]:
        from portal.mail import deliver_pending

        with self.app.app_context():
            deliver_pending(limit=1000)
        return self.messages

    def to(self, address: str) -> list[EmailMessage]:
        self.deliver()
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def links(self, address: str) -> list[str]:
        urls: list[str] = []
        for message in self.to(address):
            urls += re.findall(r"https?://\S+", self.text(message))
        return urls

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, box
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, app) -> Mailbox:
    _, box = smtp_server
    box.clear()
    box.app = app
    return box


# Databases -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory) -> Iterator[dict[str, str]]:
    """One database per backend for this test process (xdist workers do not share one)."""
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"}
    created = None
    if "postgresql" in DB_BACKENDS and PG_URL:
        name = f"portal_test_{os.getpid()}_{secrets.token_hex(3)}"
        admin_url = sa.make_url(PG_URL).set(drivername="postgresql+psycopg")
        try:
            engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            created = (engine, name)
            urls["postgresql"] = admin_url.set(database=name).render_as_string(hide_password=False)
        except sa.exc.OperationalError as exc:
            urls["postgresql_error"] = str(exc).splitlines()[0]
    yield urls
    if created:
        engine, name = created
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


_schema_ready: set[str] = set()


def _clean_tables() -> None:
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


def make_test_config(tmp_path: Path, database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_URL": "http://localhost",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Cheap hashing keeps the suite fast; test_passwords checks the production values.
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 8,
        "MEILI_URL": "http://127.0.0.1:9",
        "MEILI_EXTERNAL": True,
        "MEILI_MASTER_KEY": MEILI_TEST_KEY,
        "MEILI_INDEX_PREFIX": f"t{uuid.uuid4().hex[:10]}_",
        "MEILI_TIMEOUT": 2,
        "MAIL_URL": "",
        "DEMO_DATA": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }
    config.update(overrides)
    return config


@pytest.fixture(params=DB_BACKENDS)
def db_backend(request) -> str:
    return request.param


@pytest.fixture
def app_config(tmp_path, db_backend, database_urls, smtp_server, meili_server) -> dict:
    if db_backend == "postgresql" and "postgresql" not in database_urls:
        missing(
            "PostgreSQL not reachable at PORTAL_TEST_DATABASE_URL: "
            + database_urls.get("postgresql_error", "variable not set")
        )
    controller, _ = smtp_server
    return make_test_config(
        tmp_path,
        database_urls[db_backend],
        MEILI_URL=meili_server.url,
        MAIL_URL=f"smtp://127.0.0.1:{controller.port}",
    )


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (fresh `g` and database session), as on a server;
    afterwards the test's own session forgets what it loaded, so it reads the new state."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        if url not in _schema_ready:
            db.drop_all()
            db.create_all()
            _schema_ready.add(url)
        limiter.reset()
        yield app
        db.session.remove()
        _clean_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Accounts --------------------------------------------------------------------------------------

PASSWORD = "a quiet harbour at dawn"


class AuthActions:
    def __init__(self, client) -> None:
        self.client = client

    def login(self, email: str, password: str = PASSWORD, remember: bool = False, **extra):
        data = {"email": email, "password": password, **extra}
        if remember:
            data["remember"] = "y"
        return self.client.post("/auth/login", data=data)

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def make_user(app):
    from tests.factories import UserFactory

    def make(role: str = "seeker", **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


# Browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The test app served over HTTP on a free port, for the browser."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    app.config["SERVER_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app.config["SERVER_URL"]
    server.shutdown()
    thread.join(timeout=5)


def open_menu(page) -> None:
    """Open the account menu (Notifications, Saved searches, Log out…) the way a person would."""
    if page.locator("[data-account-menu][open]").count() == 0:
        page.locator("[data-account-menu] > summary").click()


def log_out_from_menu(page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Log out").click()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
