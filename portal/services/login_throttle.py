"""Progressive delays after wrong passwords, instead of locking an account.

A lock-out lets a stranger shut a known person out by guessing badly on purpose. Here every
wrong password makes the next try from the same place wait a little longer (a few tries are
free, then 1 s, 2 s, 4 s … up to `CLIENT_MAX_WAIT`); across all places together the wait grows
too, but never beyond `ACCOUNT_MAX_WAIT`, so strangers elsewhere can slow the owner down by
seconds, never shut them out. Counts are kept per e-mail address as typed, whether or not it has
an account, so the answers do not tell which addresses exist. The counters live in the rate
limiter's storage (Redis in production), shared by every worker; while it cannot be reached,
each process keeps them in its own memory (`_counted`) and goes back to it when it answers.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app
from flask_babel import ngettext
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage

from portal.extensions import limiter

log = logging.getLogger(__name__)
T = TypeVar("T")

# Failures are forgotten this long after the first one of a series.
FAILURE_MEMORY = 60 * 60


@dataclass(frozen=True)
class Scope:
    name: str
    free_failures: int
    max_wait: int


CLIENT = Scope("client", free_failures=5, max_wait=5 * 60)
ACCOUNT = Scope("account", free_failures=10, max_wait=30)


def wait_after(failures: int, scope: Scope) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: 0, then doubling, capped."""
    over = failures - scope.free_failures
    if over <= 0:
        return 0
    return min(scope.max_wait, 1 << (over - 1))  # 1, 2, 4, 8…


# While the shared storage is unreachable: this process's own counters, and when it was last tried.
_fallback = MemoryStorage()
_down_since: float | None = None
RETRY_SHARED_AFTER = 5.0


def _counted(action: Callable[[Storage], T]) -> T:
    """`action` on the shared storage, or on this process's memory while that cannot be reached
    (tried again every `RETRY_SHARED_AFTER` seconds): the delays keep holding, per process,
    instead of every log-in answering 500. One warning when it goes, one note when it is back."""
    global _down_since
    if _down_since is not None and time.monotonic() - _down_since < RETRY_SHARED_AFTER:
        return action(_fallback)
    shared = limiter.storage
    try:
        result = action(shared)
    except Exception as exc:
        if not isinstance(exc, (StorageError, shared.base_exceptions)):
            raise
        if _down_since is None:
            log.warning(
                "Log-in delays counted per process: rate-limit storage unreachable: %s", exc
            )
        _down_since = time.monotonic()
        return action(_fallback)
    if _down_since is not None:
        log.warning("Log-in delays shared again: rate-limit storage reachable")
        _down_since = None
        _fallback.reset()  # the shared counts are the ones that hold from now on
    return result


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _keys(email: str, client: str | None) -> list[tuple[Scope, str]]:
    account = email.strip().lower()
    return [
        (CLIENT, f"login:{CLIENT.name}:{account}|{client}"),
        (ACCOUNT, f"login:{ACCOUNT.name}:{account}"),
    ]


def seconds_to_wait(email: str, client: str | None) -> int:
    """How long before `email` may be tried again from the address `client` (0: now)."""
    if not _enabled():
        return 0

    def waits(storage: Storage) -> list[float]:
        now = time.time()
        return [
            storage.get_expiry(f"{key}:wait") - now
            for _scope, key in _keys(email, client)
            if storage.get(f"{key}:wait")
        ]

    return max([0, *(math.ceil(w) for w in _counted(waits) if w > 0)])


def record_failure(email: str, client: str | None) -> int:
    """Count a wrong password; returns the wait it earns (seconds)."""
    if not _enabled():
        return 0

    def count(storage: Storage) -> int:
        longest = 0
        for scope, key in _keys(email, client):
            failures = storage.incr(f"{key}:failures", FAILURE_MEMORY)
            wait = wait_after(failures, scope)
            if wait:
                storage.incr(f"{key}:wait", wait)
                longest = max(longest, wait)
        return longest

    return _counted(count)


def record_success(email: str, client: str | None) -> None:
    """The right password from here: this place starts afresh (the account-wide count stays,
    so one success does not reset what strangers elsewhere have been trying)."""
    if not _enabled():
        return
    _scope, key = _keys(email, client)[0]

    def forget(storage: Storage) -> None:
        storage.clear(f"{key}:failures")
        storage.clear(f"{key}:wait")

    _counted(forget)


def wait_text(seconds: int) -> str:
    """ "40 seconds", "3 minutes": the true wait, in words."""
    if seconds < 120:
        return ngettext("%(num)s second", "%(num)s seconds", seconds)
    return ngettext("%(num)s minute", "%(num)s minutes", math.ceil(seconds / 60))
