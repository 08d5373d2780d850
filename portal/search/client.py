"""The Meilisearch clients: a search-only one for pages, a write one for the worker.

Keys (see README "Configuration"):
- `MEILI_API_KEY`, when set, is used as given for everything this process does. In production
  give the web processes a key with the `search` action on `{prefix}*`, and the worker processes
  one with the write actions below (two environments, one variable).
- Otherwise the app derives two keys from the master key the first time it needs them
  (`flask search configure` or the first worker start do it up front): a search key and a write
  key, both limited to the indexes `{prefix}*`. Their uids are derived from the server URL and
  the prefix, so every process finds the same keys; the values are cached in the instance folder.
  The master key is only used to create or look up these keys, never for a query.

Timeouts: pages connect within 1 s and read within `MEILI_TIMEOUT` (2 s) so a slow engine
degrades a page instead of pinning a worker; after a timeout the engine is skipped for
`MEILI_RETRY_AFTER` seconds (a per-process circuit breaker) and pages answer from SQL.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import meilisearch
import orjson
import requests
from flask import current_app
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError

from portal.config import instance_secret

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 1.0
WRITE_TIMEOUT = 30.0
SEARCH_ACTIONS = ["search"]
WRITE_ACTIONS = [
    "search",
    "documents.*",
    "indexes.*",
    "settings.*",
    "tasks.get",
    "stats.get",
]
KEY_CACHE = "meili_keys.json"
_key_lock = threading.Lock()
# Per-process circuit breaker: url -> monotonic time until which the engine is skipped.
_skip_until: dict[str, float] = {}


class SearchUnavailable(RuntimeError):
    """The engine did not answer (down, slow, or refusing our key): answer from SQL instead."""


def master_key() -> str | None:
    """The master key: from the environment, or generated into the instance folder locally."""
    cfg = current_app.config
    configured: str | None = cfg.get("MEILI_MASTER_KEY")
    if configured:
        return configured
    if cfg.get("MEILI_EXTERNAL"):
        return None
    return instance_secret(current_app.instance_path, "meili_master_key")


def index_prefix() -> str:
    prefix: str = current_app.config.get("MEILI_INDEX_PREFIX", "portal_")
    return prefix


def _key_uid(purpose: str) -> str:
    cfg = current_app.config
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{cfg['MEILI_URL']}#{index_prefix()}#{purpose}"))


def _cache_path() -> Path:
    return Path(current_app.instance_path) / KEY_CACHE


_cache_read: dict[Path, tuple[tuple[int, int, int], dict[str, dict[str, str]]]] = {}


def _read_cache() -> dict[str, dict[str, str]]:
    """Keys by slot (one per engine URL and index prefix), as `ensure_keys` wrote them.

    Every search asks for the key: the file is read again only when another process (or this
    one) has replaced it, a `stat` instead of reading and parsing it per request.
    """
    path = _cache_path()
    try:
        stat = path.stat()
        version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)  # written by rename: new inode
        kept = _cache_read.get(path)
        if kept is not None and kept[0] == version:
            return kept[1]
        cache: dict[str, dict[str, str]] = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    _cache_read[path] = (version, cache)
    return cache


def _write_cache(data: dict[str, dict[str, str]]) -> None:
    path = _cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


def _cache_slot() -> str:
    return f"{current_app.config['MEILI_URL']}#{index_prefix()}"


def _get_or_create_key(
    admin: meilisearch.Client, uid: str, purpose: str, actions: list[str]
) -> str:
    try:
        return admin.get_key(uid).key
    except MeilisearchApiError as exc:
        if exc.code != "api_key_not_found":
            raise
    try:
        return admin.create_key(
            {
                "uid": uid,
                "name": f"{index_prefix()}{purpose}",
                "description": f"CoderMatch {purpose} key for indexes {index_prefix()}*",
                "actions": actions,
                "indexes": [f"{index_prefix()}*"],
                "expiresAt": None,
            }
        ).key
    except MeilisearchApiError as exc:
        if exc.code != "api_key_already_exists":  # another process created it just now
            raise
        return admin.get_key(uid).key


def ensure_keys(refresh: bool = False) -> dict[str, str]:
    """The search and write keys for this prefix, created from the master key when needed."""
    slot = _cache_slot()
    with _key_lock:
        cache = _read_cache()
        if not refresh and slot in cache:
            return cache[slot]
        master = master_key()
        if not master:
            raise SearchUnavailable(
                "No MEILI_API_KEY and no master key: cannot create the portal's search keys"
            )
        admin = meilisearch.Client(
            current_app.config["MEILI_URL"],
            master,
            timeout=(CONNECT_TIMEOUT, WRITE_TIMEOUT),  # type: ignore[arg-type]  # requests takes (connect, read); the client's hint says int
        )
        keys = {}
        for purpose, actions in (("search", SEARCH_ACTIONS), ("write", WRITE_ACTIONS)):
            uid = _key_uid(purpose)
            keys[purpose] = _get_or_create_key(admin, uid, purpose, actions)
        cache = {**_read_cache(), slot: keys}
        _write_cache(cache)
        return keys


def _key(purpose: str) -> str:
    configured: str | None = current_app.config.get("MEILI_API_KEY")
    if configured:
        return configured
    return ensure_keys()[purpose]


def _breaker_open(url: str) -> bool:
    until = _skip_until.get(url)
    return until is not None and time.monotonic() < until


def trip_breaker() -> None:
    """Skip the engine for a while after it was too slow to answer (per process)."""
    cfg = current_app.config
    seconds = float(cfg.get("MEILI_RETRY_AFTER") or os.environ.get("MEILI_RETRY_AFTER") or 10)
    if seconds > 0:
        _skip_until[cfg["MEILI_URL"]] = time.monotonic() + seconds


def reset_breaker() -> None:
    _skip_until.pop(current_app.config["MEILI_URL"], None)


class EngineError(RuntimeError):
    """The engine answered with an error (`code` as Meilisearch names it)."""

    def __init__(self, status: int, code: str | None, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


_local = threading.local()


def _connection(
    url: str, connect_timeout: float, read_timeout: float
) -> http.client.HTTPConnection:
    """This thread's kept-alive connection to the engine, with TCP_NODELAY.

    Measured on loopback (2 vCPU): the official client (a new connection per call) 8.2 ms p50
    per search, `requests.Session` keep-alive 48 ms (a Nagle/delayed-ACK stall), this 2.5 ms.
    """
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    conn = connections.get(url)
    if conn is None or conn.sock is None:
        parts = urlsplit(url)
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = cls(parts.hostname or "", parts.port, timeout=connect_timeout)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connections[url] = conn
    conn.sock.settimeout(read_timeout)
    return conn


def _drop_connection(url: str) -> None:
    conn = getattr(_local, "connections", {}).pop(url, None)
    if conn is not None:
        conn.close()


def search_post(path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST a search request with the search key over a kept-alive connection.

    Raises `SearchUnavailable` when the breaker is open or the engine cannot be reached,
    `TimeoutError` when it is too slow, `EngineError` when it answers with an error.
    """
    cfg = current_app.config
    url = cfg["MEILI_URL"]
    if _breaker_open(url):
        raise SearchUnavailable("search engine skipped after a recent timeout")
    try:
        key = _key("search")
    except (MeilisearchCommunicationError, requests.RequestException) as exc:
        raise SearchUnavailable(f"search engine unreachable: {type(exc).__name__}") from exc
    except MeilisearchApiError as exc:
        raise SearchUnavailable(f"search engine refused: {exc.code}") from exc
    payload = orjson.dumps(body)
    headers = {
        "Authorization": f"Bearer {key}",
        "Content-Type": "application/json",
        "Content-Length": str(len(payload)),
    }
    prefix = urlsplit(url).path.rstrip("/")
    for attempt in (1, 2):
        try:
            conn = _connection(url, CONNECT_TIMEOUT, float(cfg["MEILI_TIMEOUT"]))
            conn.request("POST", prefix + path, body=payload, headers=headers)
            response = conn.getresponse()
            data = response.read()
            break
        except TimeoutError:
            _drop_connection(url)
            raise
        except (http.client.HTTPException, ConnectionError) as exc:
            # A kept-alive connection the server closed (restart, idle timeout): once more.
            _drop_connection(url)
            if attempt == 2:
                raise SearchUnavailable(f"search engine unreachable: {type(exc).__name__}") from exc
        except OSError as exc:
            _drop_connection(url)
            raise SearchUnavailable(f"search engine unreachable: {type(exc).__name__}") from exc
    if response.status >= 400:
        try:
            error = json.loads(data)
        except ValueError:
            error = {}
        raise EngineError(response.status, error.get("code"), error.get("message", ""))
    # orjson: a search page's answer is ~35 KB of hits; the standard library took about a
    # tenth of the page's own CPU to decode it.
    answer: dict[str, Any] = orjson.loads(data)
    return answer


def write_client(timeout: float = WRITE_TIMEOUT) -> meilisearch.Client:
    """The client the worker and maintenance commands use (write key, longer read timeout)."""
    cfg = current_app.config
    return meilisearch.Client(
        cfg["MEILI_URL"],
        _key("write"),
        timeout=(CONNECT_TIMEOUT, timeout),  # type: ignore[arg-type]  # as in ensure_keys
    )


def get_client(timeout: float | None = None) -> meilisearch.Client:
    """A client for health checks and other reads that need no key of ours."""
    cfg = current_app.config
    key = cfg.get("MEILI_API_KEY") or _read_cache().get(_cache_slot(), {}).get("search")
    return meilisearch.Client(
        cfg["MEILI_URL"],
        key,
        timeout=(CONNECT_TIMEOUT, timeout or cfg["MEILI_TIMEOUT"]),  # type: ignore[arg-type]  # as in ensure_keys
    )


def engine_status() -> str:
    """'available', or why not, for /healthz and the degraded-mode notice."""
    try:
        health = get_client(timeout=1).health()
    except Exception as exc:  # noqa: BLE001 - any failure means the engine is not usable now
        return f"unavailable ({type(exc).__name__})"
    return "available" if health.get("status") == "available" else str(health.get("status"))
