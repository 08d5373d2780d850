"""Keeping Meilisearch in step with the database: the outbox worker, reindex, check, configure.

The worker (`flask search worker`) loops over `process_batch()`:
1. take up to `BATCH_SIZE` due outbox rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several
   workers share the queue; on SQLite run one worker);
2. fan parent rows out to the documents that embed them and coalesce by (entity, id);
3. on PostgreSQL, take a transaction-scoped advisory lock per document, so two workers never
   send two versions of one document in the wrong order (rows for a locked document wait);
4. re-read the current rows and send one upsert batch and one delete batch per index;
5. wait for each task with an explicit timeout (the client's default is 5 s) and mark the rows
   processed only when every task succeeded; otherwise count an attempt and retry later with
   exponential backoff. A row that failed inside the engine is retried alone, so one bad
   document cannot hold back the others.
Delivery is at least once; upserts and deletes are idempotent, so repeats are harmless.
Comparing the index with the database (`flask search check`) is `portal.search.consistency`.
"""

from __future__ import annotations

import json
import logging
import random
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import meilisearch
import orjson
import requests
import sqlalchemy as sa
from flask import current_app
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from portal.extensions import db
from portal.models import SearchOutbox, utcnow
from portal.search import documents, ranked, rows
from portal.search.client import SearchUnavailable, write_client
from portal.search.settings import INDEXES, index_uid, settings_drift, settings_for

log = logging.getLogger(__name__)

BATCH_SIZE = 500
LOAD_BATCH = 5000
TASK_TIMEOUT_MS = 120_000
SETTINGS_TIMEOUT_MS = 600_000
# The rebuild queues every batch at once and the engine may take them all into one batch, so a
# wait covers the whole load: allowed 2 ms per document sent (an engine indexing at least 500
# documents a second; this 2-core machine does several thousand) beyond the settings' timeout.
REBUILD_MS_PER_DOCUMENT = 2
MAX_BACKOFF_SECONDS = 300
# An idle worker looks for changes five times a second: a change waits 0.1 s on average to be
# picked up (it was 0.5 s, of a 3 s budget), for 0.4 ms of CPU and one indexed query a look.
IDLE_WAIT = 0.2
RETRY_PAUSE = 1.0  # after the database or the engine failed: no warning five times a second
TASK_FAILED = "task failed: "
ENGINE_ERRORS = (
    SearchUnavailable,
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
    requests.RequestException,
    OSError,
)


class TaskFailed(RuntimeError):
    pass


@dataclass
class BatchResult:
    rows: int = 0
    upserted: int = 0
    deleted: int = 0
    deferred: int = 0
    failed: bool = False
    error: str | None = None
    seconds: float = 0.0
    task_uids: list[int] = field(default_factory=list)


def _is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def backoff_seconds(attempts: int) -> float:
    """2, 4, 8 … seconds, capped, with a little jitter so workers do not retry in step."""
    base: float = min(2**attempts, MAX_BACKOFF_SECONDS)
    return base * (0.8 + 0.4 * random.random())  # noqa: S311 - jitter, not security


def wait_for(client: meilisearch.Client, uid: int, timeout_ms: int = TASK_TIMEOUT_MS) -> None:
    """Wait for one task; raise `TaskFailed` unless it succeeded. Never the 5 s default."""
    task = client.wait_for_task(uid, timeout_in_ms=timeout_ms, interval_in_ms=50)
    if task.status != "succeeded":
        error = task.error or {}
        raise TaskFailed(f"task {uid} {task.status}: {error.get('code')}: {error.get('message')}")


def _delete_batch(client: meilisearch.Client, uid: str, ids: list[int]) -> int:
    """POST /documents/delete-batch (the client's helper warns it is deprecated)."""
    response = client.http.post(f"indexes/{uid}/documents/delete-batch", [str(i) for i in ids])
    task_uid: int = response["taskUid"]
    return task_uid


def encode_documents(docs: list[documents.Document]) -> bytes:
    """A batch of documents as JSON, by orjson: the client's `json.dumps` was a sixth of a
    reindex's CPU time, orjson takes a sixth of that. The engine reads the same values."""
    try:
        return orjson.dumps(docs)
    except TypeError:  # what orjson refuses (a lone surrogate in a string): as the client did
        return json.dumps(docs).encode()


def post_documents(client: meilisearch.Client, uid: str, body: bytes) -> int:
    """Enqueue encoded documents to add or replace; the task's uid."""
    response = client.http.post(f"indexes/{uid}/documents?primaryKey=id", body)
    task_uid: int = response["taskUid"]
    return task_uid


def send_documents(
    client: meilisearch.Client,
    uid: str,
    upserts: list[documents.Document],
    deletes: list[int],
    delete_filters: Iterable[str] = (),
) -> list[int]:
    """Enqueue one upsert and one delete batch, then the delete filters (tasks run in order,
    so a filter never removes what this batch just wrote); returns the task uids."""
    tasks = []
    if upserts:
        tasks.append(post_documents(client, uid, encode_documents(upserts)))
    if deletes:
        tasks.append(_delete_batch(client, uid, deletes))
    for expression in delete_filters:
        tasks.append(client.index(uid).delete_documents(filter=expression).task_uid)
    return tasks


# --- which documents a set of outbox rows touches ------------------------------------------


def _targets(rows: Iterable[SearchOutbox]) -> dict[int, list[tuple[str, int]]]:
    """Outbox row id -> the (entity, id) documents it asks to refresh."""
    by_entity: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        by_entity[row.entity].add(row.entity_id)
    expanded: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for entity, ids in by_entity.items():
        if entity in documents.SOURCES:
            for i in ids:
                expanded[(entity, i)] = [(entity, i)]
        elif entity in documents.FANOUT:
            fan = documents.FANOUT[entity]
            for i in ids:
                expanded[(entity, i)] = fan([i])
        else:
            log.warning("Search outbox: unknown entity %r; rows marked done", entity)
    return {row.id: expanded.get((row.entity, row.entity_id), []) for row in rows}


def _lock_key(entity: str, entity_id: int) -> tuple[int, int]:
    return zlib.crc32(entity.encode()) & 0x7FFFFFFF, entity_id & 0x7FFFFFFF


def _try_locks(targets: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """On PostgreSQL: take an advisory lock per document for this transaction; return the
    documents another worker holds. On SQLite (one worker) nothing is ever held."""
    if not _is_postgres():
        return set()
    held = set()
    for entity, entity_id in sorted(targets):
        a, b = _lock_key(entity, entity_id)
        if not db.session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(a, b))):
            held.add((entity, entity_id))
    return held


def _due_rows(limit: int) -> list[SearchOutbox]:
    query = (
        sa.select(SearchOutbox)
        .where(SearchOutbox.processed_at.is_(None), SearchOutbox.available_at <= utcnow())
        .order_by(SearchOutbox.id)
        .limit(limit)
    )
    if _is_postgres():
        query = query.with_for_update(skip_locked=True)
    rows = list(db.session.scalars(query))
    # A row that failed inside the engine goes alone, so a bad document cannot block others.
    for position, row in enumerate(rows):
        if row.last_error and row.last_error.startswith(TASK_FAILED):
            return [row] if position == 0 else rows[:position]
    return rows


def process_batch(limit: int = BATCH_SIZE, client: meilisearch.Client | None = None) -> BatchResult:
    """Send one batch of due outbox rows to the engine. Commits; never raises for engine errors."""
    started = time.perf_counter()
    result = BatchResult()
    rows = _due_rows(limit)
    if not rows:
        db.session.commit()
        return result
    targets = _targets(rows)
    held = _try_locks({t for ts in targets.values() for t in ts})
    if held:
        ready = [r for r in rows if not held.intersection(targets[r.id])]
        result.deferred = len(rows) - len(ready)
        rows = ready
    result.rows = len(rows)
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for entity, entity_id in targets[row.id]:
            wanted[entity].add(entity_id)
    try:
        client = client or write_client()
        task_uids = []
        for entity, ids in sorted(wanted.items()):
            source = documents.SOURCES[entity]
            loaded = source.load(sorted(ids))
            upserts = [e for doc in loaded.values() if doc is not None for e in source.expand(doc)]
            deletes = [i for i, doc in loaded.items() if doc is None]
            task_uids += send_documents(
                client, index_uid(source.index), upserts, deletes, source.stale_filters(loaded)
            )
            result.upserted += len(upserts)
            result.deleted += len(deletes)
        for uid in task_uids:
            wait_for(client, uid)
        result.task_uids = task_uids
    except (*ENGINE_ERRORS, TaskFailed) as exc:
        # Still in the same transaction: the rows stay locked until the attempt is recorded.
        return _record_failure(rows, exc, result, started)
    # The engine has applied the batch: ranked lists retrieved from these indexes are stale
    # (`portal.search.ranked`), in the same transaction that marks the rows done.
    ranked.bump(documents.SOURCES[entity].index for entity in wanted)
    now = utcnow()
    last_task = result.task_uids[-1] if result.task_uids else None
    for row in rows:
        row.processed_at = now
        row.task_uid = last_task
        row.last_error = None
    db.session.commit()
    result.seconds = time.perf_counter() - started
    log.info(
        "Search sync: %d outbox rows, %d upserted, %d deleted in %.2fs",
        result.rows,
        result.upserted,
        result.deleted,
        result.seconds,
    )
    return result


def _record_failure(
    rows: list[SearchOutbox], exc: BaseException, result: BatchResult, started: float
) -> BatchResult:
    ids = [r.id for r in rows]
    message = (TASK_FAILED if isinstance(exc, TaskFailed) else "") + f"{type(exc).__name__}: {exc}"
    now = utcnow()
    for row in rows:
        row.attempts += 1
        row.available_at = now + timedelta(seconds=backoff_seconds(row.attempts))
        row.last_error = message[:1000]
    db.session.commit()
    result.failed = True
    result.error = message
    result.seconds = time.perf_counter() - started
    log.warning("Search sync failed for %d outbox rows: %s", len(ids), message)
    return result


def drain(max_batches: int = 1000, limit: int = BATCH_SIZE) -> list[BatchResult]:
    """Process due rows until none are left or a batch fails (`flask search worker --once`)."""
    results = []
    for _ in range(max_batches):
        result = process_batch(limit)
        if result.rows or result.deferred or result.failed:
            results.append(result)
        if result.failed or (not result.rows and not result.deferred):
            break
        if not result.rows:
            time.sleep(0.2)
    return results


def pending_count() -> int:
    pending = sa.select(sa.func.count()).where(SearchOutbox.processed_at.is_(None))
    return db.session.scalar(pending) or 0


def sweep_expired(client: meilisearch.Client | None = None) -> int:
    """Delete job documents whose expiry passed (time moves without a database write)."""
    client = client or write_client()
    now = int(time.time())
    task = client.index(index_uid("jobs")).delete_documents(filter=f"expires_at <= {now}")
    wait_for(client, task.task_uid)
    return task.task_uid


def run_worker(interval: float = IDLE_WAIT, sweep_every: float = 600.0) -> None:
    """Loop forever: drain the outbox; when idle, wait `interval` (coalescing changes); after
    a failure, at least `RETRY_PAUSE`."""
    log.info("Search worker started for %s", current_app.config["MEILI_URL"])
    ready = False
    last_sweep = 0.0
    while True:
        try:
            if not ready:
                ensure_indexes()
                ready = True
            result = process_batch()
            if time.monotonic() - last_sweep > sweep_every:
                sweep_expired()
                last_sweep = time.monotonic()
        except sa.exc.OperationalError as exc:
            db.session.rollback()
            log.warning("Search worker: database unavailable: %s", exc)
            result = BatchResult(failed=True)
        except (*ENGINE_ERRORS, TaskFailed) as exc:
            db.session.rollback()
            log.warning("Search worker: engine unavailable: %s", exc)
            result = BatchResult(failed=True)
        db.session.remove()
        if result.failed:
            time.sleep(max(interval, RETRY_PAUSE))
        elif not result.rows:
            time.sleep(interval)


# --- indexes: create, configure, rebuild and swap -------------------------------------------


def index_exists(client: meilisearch.Client, uid: str) -> bool:
    try:
        client.http.get(f"indexes/{uid}")
    except MeilisearchApiError as exc:
        if exc.code == "index_not_found":
            return False
        raise
    return True


def _created_at(client: meilisearch.Client, uid: str) -> str:
    created: str = client.http.get(f"indexes/{uid}")["createdAt"]
    return created


def _create_index(client: meilisearch.Client, name: str, uid: str) -> None:
    """Create an empty index and apply its settings before any document arrives."""
    wait_for(client, client.create_index(uid, {"primaryKey": "id"}).task_uid)
    task = client.index(uid).update_settings(settings_for(name))
    wait_for(client, task.task_uid, SETTINGS_TIMEOUT_MS)


OLDER_DOCUMENTS = "documents"  # what `ensure_indexes` reports for an index of older documents


def older_documents(client: meilisearch.Client, uid: str) -> int:
    """How many documents of `uid` have another shape than the code builds
    (`documents.DOCUMENT_VERSION`; documents from before versions count too)."""
    answer = client.http.post(
        f"indexes/{uid}/search",
        {"q": "", "filter": f"document_version != {documents.DOCUMENT_VERSION}", "limit": 0},
    )
    count: int = answer.get("estimatedTotalHits", 0)
    return count


def ensure_indexes(client: meilisearch.Client | None = None) -> dict[str, list[str]]:
    """Create missing indexes with their settings; report (never apply) drift: settings that
    differ from the code, or documents of an older shape (`OLDER_DOCUMENTS`).

    Either makes the engine reindex everything, so it goes through `configure()` (rebuild and
    swap), never silently at start-up. Until then searches work as before, and ranked lists
    read the rows of hits whose documents are older (`matches.py`).
    """
    client = client or write_client()
    drift = {}
    for name in INDEXES:
        uid = index_uid(name)
        if not index_exists(client, uid):
            _create_index(client, name, uid)
            log.info("Search index %s created", uid)
            continue
        # The count needs the settings that make `document_version` filterable.
        changed = settings_drift(name, client.index(uid).get_settings()) or (
            [OLDER_DOCUMENTS] if older_documents(client, uid) else []
        )
        if changed:
            drift[name] = changed
            log.warning(
                "Search index %s differs from the code (%s): run `flask search configure`",
                uid,
                ", ".join(changed),
            )
    return drift


@dataclass
class ReindexReport:
    counts: dict[str, int] = field(default_factory=dict)
    replayed: int = 0
    seconds: float = 0.0
    load_seconds: float = 0.0


def _max_outbox_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(SearchOutbox.id), 0))) or 0


def _load(
    client: meilisearch.Client,
    names: list[str],
    batch_size: int,
    report: ReindexReport,
    echo: Callable[[str], object],
) -> list[int]:
    """Send every document of `names` to the rebuild indexes; the task uids, in order.

    Three things run side by side: the engine indexes, a thread posts the last batch built (the
    engine reads and checks a payload before it answers), and this thread reads and builds the
    next. Nothing waits for the engine: the portal builds faster than the engine indexes, so
    tasks queue up, and the engine takes every waiting task of an index into one batch, as when
    the same documents are pushed all at once (each batch of its own cost the engine about a
    second more at 40,000 profiles, and more as the index grows). The price: a write to a live
    index during a reindex waits for the batch in progress, which may be most of an index.
    `report.counts` gets the documents sent per index.

    The cycle collector stays paused for the whole load, not only while a batch is built
    (`rows.collector_paused` in `documents.rebuild_batches`): re-enabled between batches, it
    walked each batch once more while it was encoded and posted, a quarter more CPU."""
    task_uids: list[int] = []
    with (
        rows.collector_paused(),
        ThreadPoolExecutor(1, thread_name_prefix="reindex-post") as poster,
    ):
        for name in names:
            uid = index_uid(name, rebuild=True)
            posted: Future[int] | None = None
            sent = 0
            for docs in documents.rebuild_batches(name, batch_size):
                body = encode_documents(docs)
                if posted is not None:
                    task_uids.append(posted.result())
                posted = poster.submit(post_documents, client, uid, body)
                sent += len(docs)
            if posted is not None:
                task_uids.append(posted.result())
            report.counts[name] = sent
            echo(f"{name}: {sent} documents sent")
    return task_uids


def reindex(
    names: Iterable[str] = INDEXES,
    batch_size: int = LOAD_BATCH,
    echo: Callable[[str], object] | None = None,
) -> ReindexReport:
    """Build fresh `{name}__rebuild` indexes, check them, swap them in, replay recent writes.

    1. note the outbox high-water mark and the time; 2. (re)create the rebuild indexes and
    apply the settings first; 3. load every indexable row in batches of `batch_size` (`_load`)
    and wait for every task; 4. compare the document counts with what was sent; 5. swap all
    indexes in one atomic task and delete the old copies; 6. mark outbox rows written since the
    start as pending again and drain them, so changes that reached the old index during the
    rebuild are not lost. Searches keep answering from the old index until the swap (a 2 ms task).
    """
    echo = echo or (lambda message: log.info(message))
    names = list(names)
    report = ReindexReport()
    started_at = utcnow()
    t0 = time.perf_counter()
    mark = _max_outbox_id()
    db.session.commit()
    client = write_client()
    for name in names:
        uid = index_uid(name, rebuild=True)
        if index_exists(client, uid):
            wait_for(client, client.delete_index(uid).task_uid)
        _create_index(client, name, uid)
    load_started = time.perf_counter()
    task_uids = _load(client, names, batch_size, report, echo)
    timeout_ms = SETTINGS_TIMEOUT_MS + REBUILD_MS_PER_DOCUMENT * sum(report.counts.values())
    for task_uid in task_uids:
        wait_for(client, task_uid, timeout_ms)
    report.load_seconds = time.perf_counter() - load_started
    for name in names:
        stats = client.index(index_uid(name, rebuild=True)).get_stats()
        if stats.number_of_documents != report.counts[name]:
            raise TaskFailed(
                f"{index_uid(name, rebuild=True)} holds {stats.number_of_documents} documents, "
                f"{report.counts[name]} were sent; the live index was left as it was"
            )
    for name in names:
        if not index_exists(client, index_uid(name)):
            _create_index(client, name, index_uid(name))
    built = {name: _created_at(client, index_uid(name, rebuild=True)) for name in names}
    client.swap_indexes(
        [{"indexes": [index_uid(name), index_uid(name, rebuild=True)]} for name in names]
    )
    # A key limited to `{prefix}*` cannot read the swap task (it names no single index), so
    # wait for the next task instead (tasks run in enqueue order) and check the result: after
    # a swap the live name carries the rebuilt index's creation time.
    for name in names:
        wait_for(client, client.delete_index(index_uid(name, rebuild=True)).task_uid)
    for name in names:
        if _created_at(client, index_uid(name)) != built[name]:
            raise TaskFailed(f"the swap of {index_uid(name)} did not happen; nothing changed")
    ranked.bump(names)  # lists retrieved from the old indexes are stale
    db.session.commit()
    report.replayed = replay_since(mark, started_at)
    drain()
    report.seconds = time.perf_counter() - t0
    return report


def replay_since(mark: int, started_at: datetime, margin: float = 30.0) -> int:
    """Mark outbox rows written since a rebuild started as pending again.

    Rows after the high-water mark, plus (because ids are handed out before commit) rows
    created shortly before the start. Replaying more than needed is harmless: idempotent.
    """
    since = started_at - timedelta(seconds=margin)
    result: sa.CursorResult[Any] = db.session.execute(  # type: ignore[assignment]  # an UPDATE's result is a CursorResult
        sa.update(SearchOutbox)
        .where(sa.or_(SearchOutbox.id > mark, SearchOutbox.created_at >= since))
        .where(SearchOutbox.processed_at.is_not(None))
        .values(processed_at=None, available_at=utcnow(), attempts=0, last_error=None)
    )
    db.session.commit()
    return result.rowcount or 0


def configure(
    force: bool = False, echo: Callable[[str], object] | None = None
) -> dict[str, list[str]]:
    """Create missing indexes; apply changed settings, or a new shape of documents, through
    rebuild and swap."""
    echo = echo or (lambda message: log.info(message))
    drift = ensure_indexes()
    if drift or force:
        names = list(drift) if not force else list(INDEXES)
        for name in names:
            reasons = drift.get(name, ["forced"])
            if reasons == [OLDER_DOCUMENTS]:
                echo(f"{index_uid(name)}: documents of an older shape")
            else:
                echo(f"{index_uid(name)}: settings changed ({', '.join(reasons)})")
        report = reindex(names, echo=echo)
        echo(f"Rebuilt and swapped {', '.join(names)} in {report.seconds:.1f}s")
    return drift
