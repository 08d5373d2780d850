"""Settings from environment variables; the defaults are the embedded, single-machine setup.

Every variable is listed in the README's configuration table. Secrets never have a usable default:
outside production they are generated once into the instance folder; in production the app refuses
to start without them (see `check_production`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_MEILI_PORT = 7700


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or incomplete."""


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def served_port() -> int:
    """The port the web server answers on: `make run` passes PORTAL_PORT (honcho gives every
    process its own PORT, so PORT alone is only trusted outside honcho)."""
    return _env_int("PORTAL_PORT", _env_int("PORT", 5000))


def instance_secret(instance_path: str, name: str, nbytes: int = 32) -> str:
    """Read a secret from the instance folder, creating it (mode 0600) on first use."""
    path = Path(instance_path) / name
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def _env_optional_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    return int(value)


def database_engine_options(config: dict[str, Any]) -> dict[str, Any]:
    """Engine options that keep a hung or unreachable database from freezing the site.

    On PostgreSQL a connection attempt gives up after DATABASE_CONNECT_TIMEOUT seconds (also
    against a server that accepts and never answers), and so does a request waiting for a free
    pooled connection or a connection whose peer stops acknowledging; the server cancels any
    statement running longer than DATABASE_STATEMENT_TIMEOUT seconds (0: never). The error
    page then answers 503 (`portal.web.errors`) well before gunicorn's worker
    timeout kills the request.
    """
    options: dict[str, Any] = {"pool_pre_ping": True}
    connect_timeout = config["DATABASE_CONNECT_TIMEOUT"]
    statement_timeout = config["DATABASE_STATEMENT_TIMEOUT"]
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        options["pool_timeout"] = connect_timeout
        options["connect_args"] = {
            "connect_timeout": connect_timeout,
            "options": f"-c statement_timeout={statement_timeout * 1000}",
            "tcp_user_timeout": connect_timeout * 1000,
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 5,
            "keepalives_count": 3,
        }
    return options


def load(instance_path: str) -> dict[str, Any]:
    """Build the configuration mapping from the environment."""
    env = os.environ.get("PORTAL_ENV", "development")
    production = env == "production"
    sqlite_path = Path(instance_path) / "portal.sqlite3"
    meili_url = os.environ.get("MEILI_URL")
    bundled_meili = f"http://127.0.0.1:{_env_int('MEILI_PORT', DEFAULT_MEILI_PORT)}"

    config: dict[str, Any] = {
        "PORTAL_ENV": env,
        "SITE_NAME": os.environ.get("SITE_NAME", "CoderMatch"),
        # Links in e-mails. Locally they follow the port actually served.
        "SERVER_URL": (os.environ.get("SERVER_URL") or f"http://127.0.0.1:{served_port()}").rstrip(
            "/"
        ),
        "SECRET_KEY": os.environ.get("SECRET_KEY")
        or (None if production else instance_secret(instance_path, "secret_key")),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or f"sqlite:///{sqlite_path}",
        # Seconds; see database_engine_options (applied in create_app once the URL is final).
        "DATABASE_CONNECT_TIMEOUT": _env_int("DATABASE_CONNECT_TIMEOUT", 5),
        "DATABASE_STATEMENT_TIMEOUT": _env_int("DATABASE_STATEMENT_TIMEOUT", 15),
        # Search engine. Without MEILI_URL the bundled server runs on 127.0.0.1.
        "MEILI_URL": (meili_url or bundled_meili).rstrip("/"),
        "MEILI_EXTERNAL": bool(meili_url),
        "MEILI_API_KEY": os.environ.get("MEILI_API_KEY"),
        "MEILI_MASTER_KEY": os.environ.get("MEILI_MASTER_KEY"),
        "MEILI_BIN": os.environ.get("MEILI_BIN"),
        "MEILI_INDEX_PREFIX": os.environ.get("MEILI_INDEX_PREFIX", "portal_"),
        "MEILI_TIMEOUT": float(os.environ.get("MEILI_TIMEOUT", "2")),
        # While the engine is down: rows read and seconds spent per search (portal.search.fallback).
        "SEARCH_FALLBACK_ROWS": _env_int("SEARCH_FALLBACK_ROWS", 200),
        "SEARCH_FALLBACK_SECONDS": float(os.environ.get("SEARCH_FALLBACK_SECONDS", "0.3")),
        # Mail: smtp://user:pass@host:port (smtps:// for TLS); empty writes mail to the log.
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "CoderMatch <no-reply@codermatch.local>"),
        # Where people write to us (help, privacy requests, scam reports); shown on /contact.
        "CONTACT_EMAIL": os.environ.get("CONTACT_EMAIL", "help@codermatch.local"),
        # A message that cannot be delivered is retried with backoff for this long, then failed.
        "MAIL_GIVE_UP_AFTER": _env_int("MAIL_GIVE_UP_AFTER", 4 * 24 * 60 * 60),
        # `flask scheduler` (started by `make run`): seconds between periodic runs.
        "SCHEDULE_ALERTS_SECONDS": _env_int("SCHEDULE_ALERTS_SECONDS", 60 * 60),
        "SCHEDULE_EXPIRE_SECONDS": _env_int("SCHEDULE_EXPIRE_SECONDS", 5 * 60),
        "SCHEDULE_INVITES_SECONDS": _env_int("SCHEDULE_INVITES_SECONDS", 60),
        # Saved-search digests wait this long for new jobs to be searchable.
        "ALERTS_LAG_SECONDS": _env_int("ALERTS_LAG_SECONDS", 120),
        # How many proxies (nginx, a load balancer) stand in front of the app and set
        # X-Forwarded-For/-Proto; unset (0 outside production) trusts none of those headers.
        "TRUSTED_PROXIES": _env_optional_int("TRUSTED_PROXIES"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Every counter's key starts with this (the limits library's default is "LIMITS"), so
        # several deployments (or test runs) can share one Redis without counting together.
        "RATELIMIT_STORAGE_OPTIONS": {
            "key_prefix": os.environ.get("RATELIMIT_KEY_PREFIX") or "LIMITS",
            # A Redis that does not answer is given up on quickly (redis-py waits forever by
            # default), so neither a request nor /healthz hangs on it.
            "socket_connect_timeout": float(os.environ.get("RATELIMIT_STORAGE_TIMEOUT", "0.5")),
            "socket_timeout": float(os.environ.get("RATELIMIT_STORAGE_TIMEOUT", "0.5")),
        },
        # While that storage cannot be reached, each process counts the same limits in its own
        # memory (never a 500, never unlimited) and goes back to it once it answers again.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Flask-Limiter would put its window's reset on every limited page as Retry-After;
        # the 429 page and the log-in delay set the real wait themselves.
        "RATELIMIT_HEADER_RETRY_AFTER": "X-RateLimit-Retry-After",
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(Path(instance_path) / "uploads"),
        # A 5 MB file plus the rest of its form; larger bodies get the 413 page.
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 12 * 1024 * 1024),
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "MAX_FORM_PARTS": 1000,
        # Argon2id, OWASP minimum: m=19 MiB, t=2, p=1.
        "PASSWORD_HASH_TIME_COST": _env_int("PASSWORD_HASH_TIME_COST", 2),
        "PASSWORD_HASH_MEMORY_KIB": _env_int("PASSWORD_HASH_MEMORY_KIB", 19456),
        "PASSWORD_HASH_PARALLELISM": 1,
        "EMAIL_TOKEN_MAX_AGE": _env_int("EMAIL_TOKEN_MAX_AGE", 60 * 60 * 24),
        "RESET_TOKEN_MAX_AGE": _env_int("RESET_TOKEN_MAX_AGE", 60 * 60),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 7,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "WTF_CSRF_TIME_LIMIT": None,
        "DEMO_DATA": _env_bool("DEMO_DATA", not production),
    }
    if production:
        config.update(
            SESSION_COOKIE_SECURE=True,
            SESSION_COOKIE_NAME="__Host-session",
            REMEMBER_COOKIE_SECURE=True,
            PREFERRED_URL_SCHEME="https",
        )
    return config


def check_production(config: dict[str, Any]) -> None:
    """Refuse to start a production app with missing or default secrets."""
    if config.get("PORTAL_ENV") != "production":
        return
    problems = []
    secret = config.get("SECRET_KEY") or ""
    if len(secret) < 32 or secret in {"dev", "change-me", "secret"}:
        problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        problems.append("DATABASE_URL must point at the production database (PostgreSQL)")
    if not config.get("MEILI_EXTERNAL"):
        problems.append("MEILI_URL must point at the production Meilisearch server")
    if not config.get("MEILI_API_KEY"):
        problems.append("MEILI_API_KEY must be a key scoped to the portal's indexes")
    elif config.get("MEILI_API_KEY") == config.get("MEILI_MASTER_KEY"):
        problems.append("MEILI_API_KEY must be a scoped key, never the master key")
    if config.get("RATELIMIT_STORAGE_URI", "").startswith("memory://"):
        problems.append("RATELIMIT_STORAGE_URI must be shared by all workers (redis://…)")
    if not config.get("MAIL_URL"):
        problems.append("MAIL_URL must point at an SMTP server (reset links would go to the log)")
    # Unset, it is the local http://127.0.0.1 default: links in e-mails would lead nowhere.
    if not str(config.get("SERVER_URL") or "").startswith("https://"):
        problems.append("SERVER_URL must be the public https:// address (used in e-mail links)")
    proxies = config.get("TRUSTED_PROXIES")
    if proxies is None or not isinstance(proxies, int) or proxies < 0:
        problems.append(
            "TRUSTED_PROXIES must say how many proxies stand in front of the app (0 for none)"
        )
    if problems:
        raise ConfigError("Refusing to start in production:\n- " + "\n- ".join(problems))
