"""Ranked lists computed once, not per view: the cache behind `matches.best_candidates` and
`matches.jobs_for`.

A list is stored per owner (`RankedList`: a job's best candidates, a profile's jobs) as the
ordered ids with each one's score and verdict. It is valid while three things hold:

* the **day** is the one it was computed on (matching counts expiry and time zones on the
  calendar);
* the owner's **fingerprint** is unchanged: a digest of its matching facts (`Job.facts()`,
  `Profile.facts()`) and of the ranking's constants, so an edit of the owner itself misses at
  once, before any worker ran;
* the **version** of the index the list was retrieved from is unchanged. The worker adds one
  to an index's version after the engine applied a batch touching it (`bump`), so any new,
  edited, hidden or closed profile makes every "best candidates" list stale, and any job
  change every "jobs for you" list. That is the only correct rule that is also cheap: a new
  profile can enter any job's list, and which lists an edit leaves alone cannot be known
  without scoring it against every job. The check is one indexed row read per view.

The version is read *before* the engine is asked, and the worker bumps it only *after* the
engine applied the change, so a list can never be stored as fresh when it was built from an
older index. Writes go through their own short transaction and never fail a page; the table
is a cache and may be emptied at any time (`clear`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.models import RankedList, RankedListVersion, utcnow

log = logging.getLogger(__name__)

# Change when scoring or retrieval changes meaning, so lists computed by older code miss.
RANKING_VERSION = 1
CANDIDATES = "candidates"  # owner: a job; retrieved from the profiles index
JOBS = "jobs"  # owner: a profile; retrieved from the jobs index
SOURCE_INDEX = {CANDIDATES: "profiles", JOBS: "jobs"}


@dataclass(frozen=True)
class Entry:
    id: int
    score: int
    eligible: bool


@dataclass(frozen=True)
class Cached:
    entries: list[Entry]
    retrieved: int


@dataclass(frozen=True)
class Lookup:
    """What the cache holds for one owner: the list if still valid, and the index version to
    store a recomputed list under."""

    hit: Cached | None
    version: int


def _plain(value: Any) -> Any:
    """Facts as JSON with a stable order (sets sorted), for the fingerprint."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def fingerprint(facts: Any, *constants: object) -> str:
    """A digest of an owner's matching facts and the ranking's constants."""
    text = json.dumps([RANKING_VERSION, _plain(facts), [repr(c) for c in constants]], default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def shown(entries: list[Entry], show: int) -> list[Entry]:
    """The entries a page showing `show` fits reads: the first `show` eligible, in order, and
    every near miss (the stored list holds no more near misses than a page shows)."""
    fits = [e for e in entries if e.eligible][:show]
    return fits + [e for e in entries if not e.eligible]


def _version_of(name: str) -> sa.ScalarSelect[Any]:
    return (
        sa.select(RankedListVersion.version).where(RankedListVersion.name == name).scalar_subquery()
    )


def lookup(kind: str, owner_id: int, day: date, digest: str) -> Lookup:
    """The stored list of `owner_id` if it is still valid (one statement on a hit)."""
    current = sa.func.coalesce(_version_of(SOURCE_INDEX[kind]), 0)
    row = db.session.execute(
        sa.select(
            RankedList.day, RankedList.fingerprint, RankedList.version, RankedList.entries, current
        ).where(RankedList.kind == kind, RankedList.owner_id == owner_id)
    ).first()
    if row is None:
        version = db.session.scalar(sa.select(current)) or 0
        return Lookup(None, int(version))
    stored_day, stored_digest, stored_version, entries, version = row
    if stored_day != day or stored_digest != digest or stored_version != version:
        return Lookup(None, int(version))
    ranked = [Entry(int(i), int(score), bool(ok)) for i, score, ok in entries["ranked"]]
    return Lookup(Cached(ranked, int(entries["retrieved"])), int(version))


def _insert(table: sa.Table) -> Any:
    if db.engine.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def store(
    kind: str,
    owner_id: int,
    day: date,
    digest: str,
    version: int,
    entries: Iterable[Entry],
    retrieved: int,
) -> None:
    """Save a computed list (insert or replace) in its own transaction. A failure is logged,
    never raised: the page has its list either way."""
    values = {
        "kind": kind,
        "owner_id": owner_id,
        "day": day,
        "fingerprint": digest,
        "version": version,
        "entries": {
            "retrieved": retrieved,
            "ranked": [[e.id, e.score, e.eligible] for e in entries],
        },
        "computed_at": utcnow(),
    }
    table = RankedList.__table__
    statement = _insert(table).values(**values)  # type: ignore[arg-type]
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "owner_id"],
        set_={k: statement.excluded[k] for k in values if k not in ("kind", "owner_id")},
    )
    try:
        with db.engine.begin() as connection:
            connection.execute(statement)
    except sa.exc.DBAPIError as exc:
        log.warning("Ranked list %s/%s not cached: %s", kind, owner_id, exc)


def bump(names: Iterable[str]) -> None:
    """Add one to the version of each index in `names`, in the caller's transaction (the
    worker's, after the engine applied the batch). Sorted, so two workers never deadlock."""
    table = RankedListVersion.__table__
    for name in sorted(set(names)):
        statement = _insert(table).values(name=name, version=1)  # type: ignore[arg-type]
        statement = statement.on_conflict_do_update(
            index_elements=["name"], set_={"version": table.c.version + 1}
        )
        db.session.execute(statement)


def clear() -> None:
    """Drop every stored list (they are recomputed on the next view)."""
    db.session.execute(sa.delete(RankedList))
