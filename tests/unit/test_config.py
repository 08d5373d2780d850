"""Settings that follow the port actually served (`PORT=8000 make run`)."""

from __future__ import annotations

import pytest

from portal import config


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("SERVER_URL", "PORT", "PORTAL_PORT", "MEILI_URL", "MEILI_PORT", "PORTAL_ENV"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_links_default_to_port_5000(clean_env, tmp_path):
    assert config.load(str(tmp_path))["SERVER_URL"] == "http://127.0.0.1:5000"


def test_links_follow_the_port_make_run_serves(clean_env, tmp_path):
    clean_env.setenv("PORT", "5123")  # outside honcho
    assert config.load(str(tmp_path))["SERVER_URL"] == "http://127.0.0.1:5123"
    # Under honcho every process gets its own PORT; make run's PORTAL_PORT is the web server's.
    clean_env.setenv("PORTAL_PORT", "8000")
    assert config.load(str(tmp_path))["SERVER_URL"] == "http://127.0.0.1:8000"


def test_an_explicit_server_url_wins(clean_env, tmp_path):
    clean_env.setenv("PORTAL_PORT", "8000")
    clean_env.setenv("SERVER_URL", "https://jobs.example.org/")
    assert config.load(str(tmp_path))["SERVER_URL"] == "https://jobs.example.org"


def test_the_bundled_engine_port_can_move(clean_env, tmp_path):
    assert config.load(str(tmp_path))["MEILI_URL"] == "http://127.0.0.1:7700"
    clean_env.setenv("MEILI_PORT", "7711")
    settings = config.load(str(tmp_path))
    assert settings["MEILI_URL"] == "http://127.0.0.1:7711" and not settings["MEILI_EXTERNAL"]


def test_rate_limit_counters_can_carry_a_deployments_prefix(clean_env, tmp_path):
    clean_env.delenv("RATELIMIT_KEY_PREFIX", raising=False)
    assert config.load(str(tmp_path))["RATELIMIT_STORAGE_OPTIONS"]["key_prefix"] == "LIMITS"
    clean_env.setenv("RATELIMIT_KEY_PREFIX", "staging")  # sharing production's Redis
    assert config.load(str(tmp_path))["RATELIMIT_STORAGE_OPTIONS"]["key_prefix"] == "staging"


def test_an_unanswering_rate_limit_storage_is_given_up_on_quickly(clean_env, tmp_path):
    clean_env.delenv("RATELIMIT_STORAGE_TIMEOUT", raising=False)
    settings = config.load(str(tmp_path))
    options = settings["RATELIMIT_STORAGE_OPTIONS"]
    assert options["socket_connect_timeout"] == options["socket_timeout"] == 0.5
    assert settings["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    clean_env.setenv("RATELIMIT_STORAGE_TIMEOUT", "2")
    assert config.load(str(tmp_path))["RATELIMIT_STORAGE_OPTIONS"]["socket_timeout"] == 2.0
