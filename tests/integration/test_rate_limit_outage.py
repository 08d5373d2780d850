"""The rate-limit storage (Redis in production) going away: a real redis-server is stopped under
the running app. Limited forms keep answering normally (never a 500), the limits and log-in
delays keep holding within the process, /healthz says "degraded", and once Redis is back the
counting is shared again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
import redis

from portal import create_app
from portal.extensions import limiter
from portal.search.server import free_port
from portal.services import login_throttle
from portal.services.login_throttle import CLIENT
from tests.fixtures.app import FreshContextClient
from tests.fixtures.environment import missing
from tests.fixtures.factories import PASSWORD, UserFactory
from tests.fixtures.forms import signup
from tests.fixtures.processes import stop_processes, wait_for
from tests.fixtures.world import applications_of, apply_via_page

WRONG = "not the right password"


class RedisServer:
    """A throw-away redis-server on its own port (nothing saved), stopped and started at will."""

    def __init__(self, binary: str, port: int, folder: Path) -> None:
        self.binary, self.port, self.folder = binary, port, folder
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        wait_for(f"redis-server on port {self.port}", self.answers, timeout=30)

    def stop(self) -> None:
        if self.process is not None:
            stop_processes([self.process])
            self.process = None

    def freeze(self, frozen: bool) -> None:
        """SIGSTOP: connections are still accepted, nothing is answered (SIGCONT undoes it)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP if frozen else signal.SIGCONT)

    def stored_keys(self) -> list[str]:
        client = redis.Redis.from_url(self.url, decode_responses=True)
        return list(client.scan_iter("*"))


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(binary, free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


def _app_with_limits_in(app_config, url: str):
    limited = create_app({**app_config, "RATELIMIT_STORAGE_URI": url})
    limited.test_client_class = FreshContextClient
    return limited


@pytest.fixture
def restore_limiter():
    """The limiter and the log-in throttle are module-level: whatever outage a test leaves
    behind must not reach the next test's app (which counts in memory://)."""
    yield
    limiter._storage_dead = False
    login_throttle._down_since = None
    login_throttle._fallback.reset()


def _login(client, email, password=WRONG, address="192.0.2.10"):
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_overrides={"REMOTE_ADDR": address},
    )


def _health(client) -> dict:
    response = client.get("/healthz")
    assert response.status_code == 200
    return response.get_json()


def _still_limited_within_the_process(client, world) -> None:
    """What each limited form does while the storage is down: the normal answers, the log-in
    delay after repeated wrong passwords, and the limits themselves still refusing."""
    anonymous = client.application.test_client()
    assert signup(anonymous, email="new.coder@example.com").status_code == 302

    UserFactory(email="coder@example.com")
    for _ in range(CLIENT.free_failures):
        response = _login(client, "coder@example.com")
        assert response.status_code == 200
        assert "That e-mail and password do not match an account." in response.get_data(
            as_text=True
        )
    assert "has to wait 1 second" in _login(client, "coder@example.com").get_data(as_text=True)
    assert _login(client, "coder@example.com", PASSWORD).status_code == 429

    # "10 per minute" per address still refuses the eleventh try from one address.
    codes = [
        _login(client, f"x{i}@example.com", address="192.0.2.11").status_code for i in range(11)
    ]
    assert codes[:10] == [200] * 10
    assert codes[-1] == 429

    seeker = client.application.test_client()
    assert _login(seeker, world.priya.email, PASSWORD, address="192.0.2.12").status_code == 302
    assert apply_via_page(seeker, world.job).status_code == 302
    assert len(applications_of(world.job)) == 1


def test_limits_hold_per_process_while_redis_is_down_and_are_shared_once_it_is_back(
    app, app_config, world, redis_server, restore_limiter
):
    limited = _app_with_limits_in(app_config, redis_server.url)
    client = limited.test_client()
    assert _health(client)["rate_limits"] == "ok"
    assert _login(client, "before@example.com", address="192.0.2.1").status_code == 200
    assert any("login:client:before@example.com" in key for key in redis_server.stored_keys())

    redis_server.stop()
    health = _health(client)
    assert health["rate_limits"] == "unreachable"
    assert health["status"] == "degraded"
    _still_limited_within_the_process(client, world)

    redis_server.start()  # the same port, empty (nothing is saved)
    assert _health(client)["rate_limits"] == "ok"
    polls = iter(range(1, 250))

    def shared_again() -> bool:
        # Each try from a new address, so the limits counted meanwhile do not refuse it.
        _login(client, "after@example.com", address=f"198.51.100.{next(polls)}")
        keys = redis_server.stored_keys()
        return any("LIMITER/" in k for k in keys) and any("login:" in k for k in keys)

    wait_for("the limits and log-in delays to count in Redis again", shared_again, timeout=90)


def test_a_storage_that_never_answered_still_limits_per_process(
    app, app_config, world, restore_limiter
):
    limited = _app_with_limits_in(app_config, f"redis://127.0.0.1:{free_port()}/0")
    client = limited.test_client()
    health = _health(client)
    assert (health["rate_limits"], health["status"]) == ("unreachable", "degraded")
    _still_limited_within_the_process(client, world)


def test_a_frozen_redis_is_given_up_on_not_waited_for(
    app, app_config, world, redis_server, restore_limiter
):
    """Accepting connections and never answering: the short socket timeout (redis-py's default is
    none) lets the log-in page and /healthz answer instead of hanging."""
    limited = _app_with_limits_in(app_config, redis_server.url)
    client = limited.test_client()
    redis_server.freeze(True)
    try:
        assert _health(client)["rate_limits"] == "unreachable"
        assert _login(client, "coder@example.com").status_code == 200
        assert signup(limited.test_client()).status_code == 302
    finally:
        redis_server.freeze(False)
