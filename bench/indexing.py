"""Indexing: a full `flask search reindex` against pushing the same documents straight to
Meilisearch (same settings, same batch size), and commit-to-searchable freshness."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import statistics
import threading
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from flask import Flask


class Engine:
    """A small keep-alive HTTP client for Meilisearch (TCP_NODELAY, as the portal's own)."""

    def __init__(self, url: str, key: str, timeout: float = 120.0) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.key = key
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None or self.conn.sock is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.connect()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.conn

    def request(self, method: str, path: str, body: bytes | dict | list | None = None) -> dict:
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        for attempt in (1, 2):
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn = None
                if attempt == 2:
                    raise
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else {}

    def wait(self, uid: int, timeout: float = 1800.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            task = self.request("GET", f"/tasks/{uid}")
            if task["status"] in ("succeeded", "failed", "canceled"):
                if task["status"] != "succeeded":
                    raise RuntimeError(f"task {uid} {task['status']}: {task.get('error')}")
                return task
            if time.monotonic() > deadline:
                raise TimeoutError(f"task {uid} still {task['status']}")
            time.sleep(0.05)


@dataclass
class IndexingResult:
    documents: dict[str, int]
    portal_seconds: float
    portal_load_seconds: float
    direct_seconds: float | None  # None: the direct push was skipped
    batch_size: int

    @property
    def total(self) -> int:
        return sum(self.documents.values())

    @property
    def portal_rate(self) -> float:
        return self.total / self.portal_seconds if self.portal_seconds else 0.0

    @property
    def direct_rate(self) -> float | None:
        if self.direct_seconds is None:
            return None
        return self.total / self.direct_seconds if self.direct_seconds else 0.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(total=self.total, portal_rate=self.portal_rate, direct_rate=self.direct_rate)
        return data


def portal_reindex(app: Flask, batch_size: int) -> tuple[dict[str, int], float, float]:
    from portal.search import sync

    with app.app_context():
        started = time.perf_counter()
        report = sync.reindex(batch_size=batch_size)
        return dict(report.counts), time.perf_counter() - started, report.load_seconds


def documents_in_batches(app: Flask, batch_size: int) -> dict[str, list[bytes]]:
    """The documents a reindex sends (a job's office companions included), built by the
    portal's own code, as JSON batches."""
    from portal.search import documents
    from portal.search.settings import INDEXES

    out: dict[str, list[bytes]] = {}
    with app.app_context():
        for name in INDEXES:
            out[name] = [
                json.dumps(docs).encode() for docs in documents.rebuild_batches(name, batch_size)
            ]
    return out


def direct_push(
    app: Flask, engine: Engine, batches: dict[str, list[bytes]], prefix: str = "direct_"
) -> float:
    """Create each index with the portal's settings, push every batch, wait for every task:
    the same work as a reindex, without the portal. Returns the seconds it took."""
    from portal.search.settings import settings_for

    with app.app_context():
        settings = {name: settings_for(name) for name in batches}
    uids = {name: f"{prefix}{name}" for name in batches}
    for uid in uids.values():  # a previous run's leftovers
        with contextlib.suppress(RuntimeError):
            engine.wait(engine.request("DELETE", f"/indexes/{uid}")["taskUid"])
    started = time.perf_counter()
    tasks = []
    for name, uid in uids.items():
        engine.wait(engine.request("POST", "/indexes", {"uid": uid, "primaryKey": "id"})["taskUid"])
        engine.wait(engine.request("PATCH", f"/indexes/{uid}/settings", settings[name])["taskUid"])
    for name, uid in uids.items():
        for batch in batches[name]:
            tasks.append(engine.request("POST", f"/indexes/{uid}/documents", batch)["taskUid"])
    for uid in tasks:
        engine.wait(uid)
    seconds = time.perf_counter() - started
    for uid in uids.values():
        engine.wait(engine.request("DELETE", f"/indexes/{uid}")["taskUid"])
    return seconds


# --- freshness ---------------------------------------------------------------------------------


@dataclass
class FreshnessResult:
    updates: int
    seen: int
    interval_s: float
    latencies_ms: list[float] = field(default_factory=list)

    def percentile(self, p: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]

    def as_dict(self) -> dict:
        return {
            "updates": self.updates,
            "seen": self.seen,
            "interval_s": self.interval_s,
            "p50_ms": self.percentile(50),
            "p95_ms": self.percentile(95),
            "max_ms": max(self.latencies_ms, default=None),
            "mean_ms": statistics.fmean(self.latencies_ms) if self.latencies_ms else None,
        }


def freshness(
    app: Flask,
    engine: Engine,
    index_uid: str,
    seconds: float,
    interval: float = 0.2,
    settle: float = 30.0,
) -> FreshnessResult:
    """Rename one published job every `interval` seconds for `seconds` (a steady write load,
    through the ORM so the outbox hook notes it) while the search worker runs; poll the engine
    for each new title. Latency = from the commit returning to the title being searchable."""
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import Job

    count = max(1, int(seconds / interval))
    with app.app_context():
        ids = list(
            db.session.scalars(
                sa.select(Job.id).where(Job.public_clause()).order_by(Job.id).limit(count)
            )
        )
    result = FreshnessResult(updates=len(ids), seen=0, interval_s=interval)
    pending: dict[int, tuple[str, float]] = {}
    lock = threading.Lock()
    writing_done = threading.Event()
    poll_engine = Engine(f"http://{engine.host}:{engine.port}", engine.key, timeout=10)

    def poll() -> None:
        deadline = None
        while True:
            with lock:
                snapshot = dict(pending)
            if not snapshot:
                if writing_done.is_set():
                    return
                time.sleep(0.01)
                continue
            if writing_done.is_set():
                deadline = deadline or time.monotonic() + settle
                if time.monotonic() > deadline:
                    return
            body = {"ids": [str(i) for i in snapshot], "fields": ["id", "title"], "limit": 1000}
            docs = poll_engine.request("POST", f"/indexes/{index_uid}/documents/fetch", body)
            now = time.perf_counter()
            with lock:
                for doc in docs.get("results", []):
                    entry = pending.get(int(doc["id"]))
                    if entry and entry[0] in doc.get("title", ""):
                        result.latencies_ms.append((now - entry[1]) * 1000)
                        del pending[int(doc["id"])]
            time.sleep(0.02)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    started = time.perf_counter()
    with app.app_context():
        for n, job_id in enumerate(ids):
            delay = started + n * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            job = db.session.get(Job, job_id)
            token = f"fresh{n:05d}q"
            job.title = f"{token} {job.title}"[:160]
            db.session.commit()
            with lock:
                pending[job_id] = (token, time.perf_counter())
            db.session.remove()
    writing_done.set()
    poller.join(timeout=settle + 10)
    result.seen = len(result.latencies_ms)
    return result


# --- `python -m bench.indexing`: the indexing measurement alone ---------------------------------


def main(argv: list[str] | None = None) -> int:
    """Seed a fresh database, then time `flask search reindex` and the direct push of the same
    documents, back to back on the same engine (what `bench.run` does, without the pages)."""
    import argparse
    import os
    import sys
    from pathlib import Path

    from bench import run

    parser = argparse.ArgumentParser(prog="python -m bench.indexing", description=main.__doc__)
    parser.add_argument("--profiles", type=int, default=run.PRESETS["small"]["sizes"][0])
    parser.add_argument("--jobs", type=int, default=run.PRESETS["small"]["sizes"][1])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="measure the pair this many times")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--output", type=Path, help="write the results here as JSON")
    args = parser.parse_args(argv)
    args.wait_quiet, args.keep, args.skipped = 0.0, False, set()
    bench = run.Run(args)
    results = []
    try:
        bench.start_engine()
        bench.environment(bench.database_url())
        app = bench.app = bench.make_app()
        bench.seed(app)
        for _ in range(args.repeat):
            run.log(f"load average {run.loadavg()}")
            bench.measure_indexing(app)
            figures = bench.results["indexing"]
            figures["loadavg"] = run.loadavg()
            results.append(dict(figures))
            portal, direct = figures["portal_rate"], figures["direct_rate"]
            run.log(f"reindex {portal:,.0f}/s, direct push {direct:,.0f}/s: {portal / direct:.0%}")
    finally:
        bench.cleanup()
    figures = {key: bench.results.get(key) for key in ("meta", "seed", "database_size", "engine")}
    text = json.dumps({**figures, "runs": results}, indent=2, default=str)
    if args.output:
        args.output.write_text(text + "\n")
    print(text, file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
