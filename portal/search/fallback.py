"""Answers from the database when the engine is down or slow (degraded mode).

The pages say so ("Search is limited right now…"). The fallback reads the newest public rows
with plain SQL conditions (the words, and the filters that are plain indexed columns), builds
the same documents the index would hold, and applies the rest of the page's filters to those
documents in Python, so the rules (what is public, what a facet value means) are the same code
as for the index, only slower and without typo tolerance or relevance ranking.

The work is bounded, so an outage cannot make every page slow: at most SEARCH_FALLBACK_ROWS rows
are read and documents are built for at most SEARCH_FALLBACK_SECONDS; when either limit ends the
scan early the page says how many rows it looked through (`Scan.cut_short`). The time budget never
cuts the first ALWAYS_READ rows: a busy machine (a pause longer than the budget) must still answer
with the newest rows, not with an empty page.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.matching import haversine_km
from portal.models import Job, Profile
from portal.search import documents

ALWAYS_READ = 25  # rows read whatever the clock says: more than a page of results


@dataclass
class Scan:
    """Documents built from the newest matching rows; `cut_short` when the row window or the
    time budget stopped the scan before every matching row was read."""

    docs: list[documents.Document] = field(default_factory=list)
    cut_short: bool = False

    def note(self, kind: str) -> str | None:
        """The sentence shown under the "Search is limited" notice, or None."""
        if not self.cut_short:
            return None
        if kind == "jobs":
            return _("Only the newest %(num)d jobs were looked through.", num=len(self.docs))
        return _(
            "Only the %(num)d most recently updated profiles were looked through.",
            num=len(self.docs),
        )


def _bounded(stmt: sa.Select[Any], build: Callable[[Any], documents.Document | None]) -> Scan:
    """Read at most the window of rows in batches, building documents until the budget ends."""
    config = current_app.config
    window = int(config["SEARCH_FALLBACK_ROWS"])
    deadline = time.monotonic() + float(config["SEARCH_FALLBACK_SECONDS"])
    scan = Scan()
    rows = db.session.scalars(stmt.limit(window + 1).execution_options(yield_per=100))
    for read, row in enumerate(rows):
        if read == window or (read >= ALWAYS_READ and time.monotonic() > deadline):
            scan.cut_short = True
            break
        doc = build(row)
        if doc is not None:
            scan.docs.append(doc)
    rows.close()
    return scan


def _words(q: str) -> list[str]:
    return [w for w in q.lower().split() if len(w) > 1][:6]


def _like(column: Any, word: str) -> sa.ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(column).like(f"%{escaped}%", escape="\\")


def public_job_documents(
    q: str = "", modes: Sequence[str] = (), employment_types: Sequence[str] = ()
) -> Scan:
    """Documents of the newest public jobs whose title or description has every word, in the
    chosen work modes and types of job (plain columns, filtered in SQL)."""
    stmt = sa.select(Job).where(Job.public_clause())
    for word in _words(q):
        stmt = stmt.where(sa.or_(_like(Job.title, word), _like(Job.description, word)))
    if modes:
        stmt = stmt.where(Job.work_mode.in_(list(modes)))
    if employment_types:
        stmt = stmt.where(Job.employment_type.in_(list(employment_types)))
    stmt = stmt.options(selectinload(Job.organization), selectinload(Job.offices)).order_by(
        Job.published_at.desc(), Job.id.desc()
    )
    return _bounded(stmt, documents.job_document)


def searchable_profile_documents(q: str = "") -> Scan:
    """Documents of the most recently updated searchable profiles matching every word."""
    stmt = sa.select(Profile).where(Profile.visible_to_employers(), Profile.open_to_work.is_(True))
    for word in _words(q):
        stmt = stmt.where(sa.or_(_like(Profile.headline, word), _like(Profile.summary, word)))
    stmt = stmt.options(
        selectinload(Profile.credentials),
        selectinload(Profile.availability),
        selectinload(Profile.user),
        selectinload(Profile.school),
    ).order_by(Profile.updated_at.desc(), Profile.id.desc())
    return _bounded(stmt, documents.profile_document)


def newest_public_job_ids(limit: int = 300) -> list[int]:
    """Ids of the newest public jobs (candidates to score when the engine is down)."""
    stmt = (
        sa.select(Job.id)
        .where(Job.public_clause())
        .order_by(Job.published_at.desc(), Job.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def recent_profile_ids(limit: int = 300) -> list[int]:
    """Ids of the most recently updated searchable profiles."""
    stmt = (
        sa.select(Profile.id)
        .where(Profile.visible_to_employers(), Profile.open_to_work.is_(True))
        .order_by(Profile.updated_at.desc(), Profile.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def has_any(doc: documents.Document, attribute: str, values: Iterable[Any]) -> bool:
    """The document's attribute (a value or a list) holds one of `values` (as the engine's IN)."""
    wanted = {str(v).lower() for v in values}
    value = doc.get(attribute)
    items = value if isinstance(value, list) else [value]
    return any(item is not None and str(item).lower() in wanted for item in items)


def within(doc: documents.Document, lat: float, lng: float, km: float) -> bool:
    """Any of the document's points (a job: every office) lies within `km`."""
    points = doc.get("office_points") or ([doc["_geo"]] if doc.get("_geo") else [])
    return any(haversine_km((lat, lng), (p["lat"], p["lng"])) <= km for p in points)


def distribution(docs: Iterable[documents.Document], attribute: str) -> dict[str, int]:
    """Facet counts over documents, like the engine's facetDistribution."""
    counts: dict[str, int] = {}
    for doc in docs:
        value = doc.get(attribute)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item is None:
                continue
            key = ("true" if item else "false") if isinstance(item, bool) else str(item)
            counts[key] = counts.get(key, 0) + 1
    return counts
