"""What the pages ask the engine and the database, measured in-process with the test client.

- `engine_requests(...)`: the exact multi-search body a page sends (the engine floor replays it
  with wrk), recorded by wrapping `portal.search.engine.search_post` for one request.
- `QueryLog` / `queries_per_page(...)`: SQL statements per page, counted with SQLAlchemy's
  `before_cursor_execute`/`after_cursor_execute` events, and the plan of the slowest one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient


@contextmanager
def recording_engine() -> Iterator[list[tuple[str, dict]]]:
    from portal.search import engine

    recorded: list[tuple[str, dict]] = []
    original = engine.search_post

    def recorder(path: str, body: dict) -> dict:
        recorded.append((path, json.loads(json.dumps(body))))
        return original(path, body)

    engine.search_post = recorder
    try:
        yield recorded
    finally:
        engine.search_post = original


def logged_in_client(app: Flask, email: str | None, password: str) -> FlaskClient:
    """A test client (CSRF is off in the bench's in-process app), logged in when `email`."""
    client = app.test_client()
    if email:
        response = client.post("/auth/login", data={"email": email, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"Could not log in as {email}: {response.status_code}")
    return client


def engine_requests(client: FlaskClient, url: str) -> list[tuple[str, dict]]:
    with recording_engine() as recorded:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return recorded


@dataclass
class Statement:
    sql: str
    parameters: Any
    ms: float


@dataclass
class QueryLog:
    """Statements run while `active`, with their time."""

    active: bool = False
    statements: list[Statement] = field(default_factory=list)

    def install(self, engine: sa.Engine) -> None:
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def remove(self, engine: sa.Engine) -> None:
        sa.event.remove(engine, "before_cursor_execute", self._before)
        sa.event.remove(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not self.active:
            return
        started = conn.info.pop("bench_started", time.perf_counter())
        elapsed = (time.perf_counter() - started) * 1000
        self.statements.append(Statement(statement, parameters, elapsed))

    @contextmanager
    def capture(self) -> Iterator[list[Statement]]:
        self.statements = []
        self.active = True
        try:
            yield self.statements
        finally:
            self.active = False


@dataclass
class PageQueries:
    name: str
    url: str
    status: int
    queries: int
    sql_ms: float
    slowest: Statement | None
    loads_gazetteer: bool = False


def count_queries(
    app: Flask, log: QueryLog, name: str, client: FlaskClient, url: str
) -> PageQueries:
    """Request the page twice (the first warms per-process caches) and count the second."""
    from portal import places

    client.get(url)
    places._cities.cache_clear()  # so we can tell whether this page needs the gazetteer
    places._largest_by_area.cache_clear()
    with log.capture() as statements:
        response = client.get(url)
    slowest = max(statements, key=lambda s: s.ms, default=None)
    return PageQueries(
        name=name,
        url=url,
        status=response.status_code,
        queries=len(statements),
        sql_ms=round(sum(s.ms for s in statements), 2),
        slowest=slowest,
        loads_gazetteer=places._cities.cache_info().currsize > 0,
    )


def explain(app: Flask, statement: Statement) -> str:
    """The database's plan for a captured statement, with the same parameters."""
    from portal.extensions import db

    with app.app_context():
        dialect = db.engine.dialect.name
        prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql(prefix + statement.sql, statement.parameters).all()
    if dialect != "sqlite":
        return "\n".join(str(row[0]) for row in rows)
    depth: dict[int, int] = {}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return "\n".join(lines)
