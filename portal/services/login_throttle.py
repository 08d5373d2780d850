"""Progressive delays after wrong passwords, instead of locking an account.

A lock-out lets a stranger shut a known person out by guessing badly on purpose. Here every
wrong password makes the next try from the same place wait a little longer (a few tries are
free, then 1 s, 2 s, 4 s … up to `CLIENT_MAX_WAIT`); across all places together the wait grows
too, but never beyond `ACCOUNT_MAX_WAIT`, so strangers elsewhere can slow the owner down by
seconds, never shut them out. Counts are kept per e-mail address as typed, whether or not it has
an account, so the answers do not tell which addresses exist. The counters live in the rate
limiter's storage (Redis in production), shared by every worker.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import ngettext

from portal.extensions import limiter

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
    storage = limiter.storage
    now = time.time()
    waits = [
        storage.get_expiry(f"{key}:wait") - now
        for _scope, key in _keys(email, client)
        if storage.get(f"{key}:wait")
    ]
    return max([0, *(math.ceil(w) for w in waits if w > 0)])


def record_failure(email: str, client: str | None) -> int:
    """Count a wrong password; returns the wait it earns (seconds)."""
    if not _enabled():
        return 0
    storage = limiter.storage
    longest = 0
    for scope, key in _keys(email, client):
        failures = storage.incr(f"{key}:failures", FAILURE_MEMORY)
        wait = wait_after(failures, scope)
        if wait:
            storage.incr(f"{key}:wait", wait)
            longest = max(longest, wait)
    return longest


def record_success(email: str, client: str | None) -> None:
    """The right password from here: this place starts afresh (the account-wide count stays,
    so one success does not reset what strangers elsewhere have been trying)."""
    if not _enabled():
        return
    _scope, key = _keys(email, client)[0]
    limiter.storage.clear(f"{key}:failures")
    limiter.storage.clear(f"{key}:wait")


def wait_text(seconds: int) -> str:
    """ "40 seconds", "3 minutes": the true wait, in words."""
    if seconds < 120:
        return ngettext("%(num)s second", "%(num)s seconds", seconds)
    return ngettext("%(num)s minute", "%(num)s minutes", math.ceil(seconds / 60))
