"""Talking to the engine for pages: filter expressions and one multi-search round trip.

Every filter value goes through `quote()`; values come from the taxonomy or from numbers we
computed, but quoting keeps a stray quote or backslash from ever changing the expression.
Any failure (down, slow, key refused, index missing, a bad request) raises `SearchUnavailable`
so the page answers from SQL instead; a bad request is also logged as the bug it is.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

import requests
from flask import current_app, g
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError

from portal.search.client import (
    EngineError,
    SearchUnavailable,
    ensure_keys,
    search_post,
    trip_breaker,
)

log = logging.getLogger(__name__)


def quote(value: object) -> str:
    """A filter value: numbers and booleans as they are, anything else as a quoted string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def eq(attribute: str, value: object) -> str:
    return f"{attribute} = {quote(value)}"


def any_of(attribute: str, values: Iterable[object]) -> str | None:
    values = list(values)
    if not values:
        return None
    if len(values) == 1:
        return eq(attribute, values[0])
    return f"{attribute} IN [{', '.join(quote(v) for v in values)}]"


def either(*parts: str | None) -> str | None:
    parts_ = [p for p in parts if p]
    if not parts_:
        return None
    if len(parts_) == 1:
        return parts_[0]
    return "(" + " OR ".join(parts_) + ")"


def both(*parts: str | None) -> str | None:
    parts_ = [p for p in parts if p]
    if not parts_:
        return None
    if len(parts_) == 1:
        return parts_[0]
    return "(" + " AND ".join(parts_) + ")"


def geo_radius(lat: float, lng: float, km: float) -> str:
    return f"_geoRadius({lat:.5f}, {lng:.5f}, {int(km * 1000)})"


def _timed(queries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    started = time.perf_counter()
    results: list[dict[str, Any]] = search_post("/multi-search", {"queries": list(queries)})[
        "results"
    ]
    elapsed = (time.perf_counter() - started) * 1000
    # Exposed for logs and the Server-Timing header: engine time vs round trip, summed over
    # the request's round trips (an empty job search makes a second one for its suggestions).
    before = g.get("search_timing") or {"engine_ms": 0, "round_trip_ms": 0.0, "queries": 0}
    g.search_timing = {
        "engine_ms": before["engine_ms"] + sum(r.get("processingTimeMs", 0) for r in results),
        "round_trip_ms": round(before["round_trip_ms"] + elapsed, 1),
        "queries": before["queries"] + len(queries),
    }
    return results


def multi_search(queries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run all queries in one round trip; `SearchUnavailable` on any engine problem."""
    if not queries:
        return []
    try:
        try:
            return _timed(queries)
        except EngineError as exc:
            if exc.code != "invalid_api_key" or current_app.config.get("MEILI_API_KEY"):
                raise
            ensure_keys(refresh=True)  # the server was reset since the keys were cached
            return _timed(queries)
    except TimeoutError as exc:
        trip_breaker()
        raise SearchUnavailable("search engine too slow") from exc
    except (MeilisearchApiError, MeilisearchCommunicationError, requests.RequestException) as exc:
        # From refreshing the keys.
        raise SearchUnavailable(f"search engine unreachable: {type(exc).__name__}") from exc
    except EngineError as exc:
        if exc.status == 400:
            log.error("Search query rejected (%s): %s", exc.code, exc.message)
        raise SearchUnavailable(f"search engine refused the query: {exc.code}") from exc
