"""Security baseline: CSRF everywhere, headers, error pages without stack traces, production
refusing unsafe configuration, password hashing parameters."""

from __future__ import annotations

import pytest
from flask import abort

from portal import create_app
from portal.config import ConfigError
from portal.security import common_passwords, hash_password
from tests.fixtures.app import make_test_config

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# The one-click unsubscribe a mail provider POSTs without a session (RFC 8058): a signed token in
# the URL instead of a CSRF token; a wrong one changes nothing (404).
SIGNED_TOKEN_INSTEAD = {"emails.unsubscribe_now"}


def example_value(rule, argument: str):
    """A value the route accepts: 1, or the first choice of an `any(...)` part."""
    choices = getattr(rule._converters.get(argument), "items", None)
    return sorted(choices)[0] if choices else 1


def test_every_state_changing_route_refuses_a_missing_csrf_token(app, auth):
    app.config["WTF_CSRF_ENABLED"] = True
    checked = 0
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & STATE_CHANGING
        if not methods or rule.endpoint == "static":
            continue
        values = {arg: example_value(rule, arg) for arg in rule.arguments}
        url = rule.build(values, append_unknown=False)[1] if rule.arguments else rule.rule
        for method in methods:
            response = auth.client.open(url, method=method, data={"x": "1"})
            expected = 404 if rule.endpoint in SIGNED_TOKEN_INSTEAD else 400
            assert response.status_code == expected, (rule.rule, method, response.status_code)
            checked += 1
    assert checked >= 8


def test_csrf_refusal_shows_a_helpful_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/auth/login", data={"email": "a@example.com", "password": "x" * 10})
    assert response.status_code == 400
    assert "Something in the request was not right" in response.get_data(as_text=True)


def test_security_headers_on_pages_and_errors(client):
    for path in ("/", "/auth/login", "/no-such-page"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_in_pages(client):
    html = client.get("/").get_data(as_text=True)
    assert "<script>" not in html
    assert " onclick=" not in html


@pytest.fixture
def error_app(app):
    @app.route("/_boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.route("/_abort/<int:code>")
    def abort_with(code):
        abort(code)

    return app


@pytest.mark.parametrize(
    ("path", "code", "text"),
    [
        ("/_abort/400", 400, "Something in the request was not right"),
        ("/_abort/403", 403, "You cannot open this page"),
        ("/missing", 404, "Page not found"),
        ("/_abort/429", 429, "Too many attempts"),
        ("/_boom", 500, "Something went wrong on our side"),
    ],
)
def test_error_pages_are_styled_and_hide_internals(error_app, path, code, text):
    error_app.config["PROPAGATE_EXCEPTIONS"] = False
    client = error_app.test_client()
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert text in html
    assert "Traceback" not in html and "secret internals" not in html
    assert '<a class="skip-link"' in html  # the real layout, not a bare page


def test_method_not_allowed_page(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "That action is not allowed here" in response.get_data(as_text=True)


def test_oversized_request_gets_the_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/auth/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_healthz_reports_database_and_search(client):
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["database"] == "ok"
    assert body["search"] == "available"
    assert body["search_outbox_backlog"] == 0


def test_healthz_when_search_is_down(app, client):
    app.config["MEILI_URL"] = "http://127.0.0.1:9"
    body = client.get("/healthz").get_json()
    assert body["status"] == "degraded"
    assert body["search"].startswith("unavailable")


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"SECRET_KEY": "dev"}, "SECRET_KEY"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "DATABASE_URL"),
        ({"MEILI_API_KEY": None}, "MEILI_API_KEY"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI"),
        ({"MAIL_URL": ""}, "MAIL_URL"),
        ({"SERVER_URL": "http://127.0.0.1:5000"}, "SERVER_URL"),
        ({"SERVER_URL": "http://jobs.example.org"}, "SERVER_URL"),
        ({"SERVER_URL": ""}, "SERVER_URL"),
        ({"MEILI_MASTER_KEY": "scoped-key"}, "master key"),
        ({"TRUSTED_PROXIES": None}, "TRUSTED_PROXIES"),
    ],
)
def test_production_refuses_default_secrets(tmp_path, overrides, problem):
    good = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/portal",
        "MEILI_EXTERNAL": True,
        "MEILI_API_KEY": "scoped-key",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "MAIL_URL": "smtp+starttls://mailer:pw@smtp.example.org:587",
        "SERVER_URL": "https://jobs.example.org",
        "MEILI_MASTER_KEY": "the-master-key",
        "TRUSTED_PROXIES": 1,
    }
    create_app(make_test_config(tmp_path, "sqlite://", **good))  # a good config starts
    with pytest.raises(ConfigError, match=problem):
        create_app(make_test_config(tmp_path, "sqlite://", **{**good, **overrides}))


def test_production_cookies_are_secure(tmp_path):
    import os

    os.environ["PORTAL_ENV"] = "production"
    try:
        app = create_app(
            make_test_config(
                tmp_path,
                "postgresql+psycopg://db/portal",
                PORTAL_ENV="production",
                SECRET_KEY="s" * 40,
                MEILI_API_KEY="k",
                RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
                MAIL_URL="smtp://smtp.example.org:25",
                SERVER_URL="https://jobs.example.org",
                TRUSTED_PROXIES=0,
            )
        )
    finally:
        del os.environ["PORTAL_ENV"]
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_production_password_hash_parameters(tmp_path):
    import os

    for name in ("PASSWORD_HASH_TIME_COST", "PASSWORD_HASH_MEMORY_KIB"):
        os.environ.pop(name, None)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40})
    with app.app_context():
        assert hash_password("a quiet harbour at dawn").startswith(
            "$argon2id$v=19$m=19456,t=2,p=1$"
        )


def test_common_password_list_is_shipped():
    words = common_passwords()
    assert len(words) > 1000
    assert "password123" in words and "iloveyou" in words
