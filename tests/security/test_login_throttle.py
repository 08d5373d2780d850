"""Behind a proxy the limits key on the real client, and wrong passwords slow the next try down
instead of locking the account: a stranger can never shut the owner out."""

from __future__ import annotations

import time

import pytest

from portal import create_app
from portal.services.login_throttle import ACCOUNT, CLIENT, wait_after
from tests.fixtures.app import FreshContextClient
from tests.fixtures.factories import PASSWORD, UserFactory

WRONG = "not the right password"


def _login(client, email, password=WRONG, client_ip=None):
    headers = {"X-Forwarded-For": client_ip} if client_ip else {}
    return client.post("/auth/login", data={"email": email, "password": password}, headers=headers)


@pytest.fixture
def proxied_app(app_config):
    """The app as deployed behind one nginx (TRUSTED_PROXIES=1)."""
    app = create_app({**app_config, "TRUSTED_PROXIES": 1})
    app.test_client_class = FreshContextClient
    return app


def test_behind_the_proxy_each_client_has_its_own_limit(app, proxied_app):
    UserFactory(email="coder@example.com")
    client = proxied_app.test_client()
    codes = [
        _login(client, f"x{i}@example.com", client_ip="203.0.113.7").status_code for i in range(11)
    ]
    assert codes[-1] == 429
    # Someone else behind the same proxy is not refused, and logs in.
    response = _login(client, "coder@example.com", PASSWORD, client_ip="198.51.100.20")
    assert response.status_code == 302


def test_without_trusted_proxies_a_forged_header_is_ignored(app, client):
    for i in range(11):
        response = _login(client, f"x{i}@example.com", client_ip=f"203.0.113.{i}")
    assert response.status_code == 429


def test_the_429_page_tells_the_real_wait(app, client):
    for i in range(11):
        response = _login(client, f"x{i}@example.com")
    page = response.get_data(as_text=True)
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 60  # "10 per minute": under a minute, not "a few minutes"
    assert "a few minutes" not in page
    words = f"{wait} seconds" if wait > 1 else "1 second"
    assert f"Please wait {words} and try again" in page


def test_waits_grow_then_stop_growing():
    client_waits = [wait_after(n, CLIENT) for n in range(1, 30)]
    assert client_waits[: CLIENT.free_failures] == [0] * CLIENT.free_failures
    assert client_waits == sorted(client_waits)
    assert max(client_waits) == CLIENT.max_wait
    assert max(wait_after(n, ACCOUNT) for n in range(1, 1000)) == ACCOUNT.max_wait <= 60


def test_wrong_passwords_slow_down_the_next_try_and_say_how_long(proxied_app, app):
    UserFactory(email="coder@example.com")
    client = proxied_app.test_client()
    for _ in range(CLIENT.free_failures):
        assert _login(client, "coder@example.com", client_ip="203.0.113.7").status_code == 200
    response = _login(client, "coder@example.com", client_ip="203.0.113.7")
    assert "has to wait 1 second" in response.get_data(as_text=True)
    # Even the right password waits its turn, and the page says for how long.
    response = _login(client, "coder@example.com", PASSWORD, client_ip="203.0.113.7")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert "wait 1 second before" in response.get_data(as_text=True)
    time.sleep(1.1)
    response = _login(client, "coder@example.com", PASSWORD, client_ip="203.0.113.7")
    assert response.status_code == 302


def test_strangers_cannot_lock_the_owner_out(proxied_app, app):
    """Twenty wrong guesses from many places used to lock the account for an hour."""
    UserFactory(email="coder@example.com")
    client = proxied_app.test_client()
    for i in range(ACCOUNT.free_failures + 10):
        _login(client, "coder@example.com", client_ip=f"203.0.113.{i}")
    response = _login(client, "coder@example.com", PASSWORD, client_ip="198.51.100.20")
    if response.status_code == 429:
        wait = int(response.headers["Retry-After"])
        assert wait <= ACCOUNT.max_wait
        time.sleep(wait + 0.1)
        response = _login(client, "coder@example.com", PASSWORD, client_ip="198.51.100.20")
    assert response.status_code == 302


def test_unknown_addresses_are_slowed_down_alike(proxied_app, app):
    """The delay does not tell which addresses have an account."""
    UserFactory(email="coder@example.com")
    client = proxied_app.test_client()
    pages = {}
    for email, place in (("coder@example.com", "203.0.113.7"), ("nobody@example.com", "::1")):
        for _ in range(CLIENT.free_failures + 1):
            response = _login(client, email, client_ip=place)
        pages[email] = (response.status_code, response.get_data(as_text=True).count("wait"))
    assert pages["coder@example.com"] == pages["nobody@example.com"]
