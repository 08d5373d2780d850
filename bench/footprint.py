"""What the data costs to hold, for sizing a host: the database's size on disk, the engine's
index size (its own figures and the folder's), and the peak memory of a process during a step
(the seed, the reindex), sampled from /proc while the step runs. Memory is RSS and, beside it,
anonymous memory: Meilisearch maps its database files, whose pages count in RSS but are the
kernel's page cache (`bench.loadtest.monitors.memory_mb`)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from bench.indexing import Engine
from bench.loadtest.monitors import memory_mb


class PeakRss:
    """The largest VmRSS (and RssAnon) each of some processes reached while the `with` block
    ran (sampled every `interval` seconds, and once at each end)."""

    def __init__(self, pids: dict[str, int], interval: float = 0.25) -> None:
        self.pids = pids
        self.interval = interval
        self.peak_mb: dict[str, float] = dict.fromkeys(pids, 0.0)
        self.peak_anon_mb: dict[str, float] = dict.fromkeys(pids, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for name, pid in self.pids.items():
            rss, anon = memory_mb(pid) or (0.0, 0.0)
            self.peak_mb[name] = max(self.peak_mb[name], rss)
            self.peak_anon_mb[name] = max(self.peak_anon_mb[name], anon)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakRss:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def rounded(self, anonymous: bool = False) -> dict[str, float]:
        peaks = self.peak_anon_mb if anonymous else self.peak_mb
        return {name: round(mb, 1) for name, mb in peaks.items()}


def memory(pid: int) -> tuple[float, float]:
    """(RSS, anonymous) of a process now, in MB, rounded; zeros if it is gone."""
    rss, anon = memory_mb(pid) or (0.0, 0.0)
    return round(rss, 1), round(anon, 1)


def disk_usage(path: Path) -> int:
    """Bytes of disk a folder takes, as `du` counts them (allocated blocks, not file lengths:
    the engine's memory-mapped files are sparse)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
            except OSError:
                continue
    return total


def engine_storage(engine: Engine, data_dir: Path) -> dict[str, Any]:
    """Meilisearch's own account of its size (GET /stats: the database file, the part of it
    in use, and per index the documents and their raw size) and `du` of its data folder."""
    stats = engine.request("GET", "/stats")
    indexes = {
        uid: {
            "documents": figures.get("numberOfDocuments"),
            "raw_document_bytes": figures.get("rawDocumentDbSize"),
            "avg_document_bytes": figures.get("avgDocumentSize"),
        }
        for uid, figures in sorted(stats.get("indexes", {}).items())
    }
    return {
        "database_bytes": stats.get("databaseSize"),
        "used_database_bytes": stats.get("usedDatabaseSize"),
        "indexes": indexes,
        "data_dir_bytes": disk_usage(data_dir),
    }


def database_size(app: Flask, largest: int = 8) -> dict[str, Any]:
    """The database's size on disk and its largest tables (rows, table and index bytes) on
    PostgreSQL; the file's size on SQLite."""
    from portal.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            path = db.engine.url.database
            return {
                "backend": db.engine.dialect.name,
                "bytes": os.path.getsize(path) if path and os.path.exists(path) else None,
                "tables": [],
            }
        total = db.session.scalar(sa.text("SELECT pg_database_size(current_database())"))
        tables = db.session.execute(
            sa.text(
                "SELECT c.relname AS name, c.reltuples::bigint AS rows, "
                "pg_table_size(c.oid) AS table_bytes, pg_indexes_size(c.oid) AS index_bytes "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname = current_schema() "
                "ORDER BY pg_total_relation_size(c.oid) DESC LIMIT :largest"
            ),
            {"largest": largest},
        ).all()
        settings = {
            name: db.session.scalar(sa.text(f"SHOW {name}"))
            for name in ("server_version", "shared_buffers", "work_mem", "statement_timeout")
        }
        db.session.commit()
    return {
        "backend": "postgresql",
        "bytes": total,
        "tables": [row._asdict() for row in tables],
        "settings": settings,
    }
