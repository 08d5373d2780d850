"""Answers from the database when the engine is down or slow (degraded mode).

The pages say so ("Search is limited right now…"). The fallback reads a bounded number of the
newest public rows with plain SQL conditions, builds the same documents the index would hold,
and applies the page's filters to those documents in Python, so the rules (what is public, what
a facet value means) are the same code as for the index, only slower and without typo
tolerance or relevance ranking.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.matching import haversine_km
from portal.search import documents

SCAN_LIMIT = 2000


def _words(q: str) -> list[str]:
    return [w for w in q.lower().split() if len(w) > 1][:6]


def _like(column: Any, word: str) -> sa.ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(column).like(f"%{escaped}%", escape="\\")


def public_job_documents(q: str = "", modes: Sequence[str] = ()) -> list[documents.Document]:
    """Documents of the newest public jobs whose title or description has every word."""
    from portal.models import Job
    from portal.services.jobs import publicly_visible_clause

    stmt = sa.select(Job).where(publicly_visible_clause())
    for word in _words(q):
        stmt = stmt.where(sa.or_(_like(Job.title, word), _like(Job.description, word)))
    if modes:
        stmt = stmt.where(Job.work_mode.in_(list(modes)))
    stmt = (
        stmt.options(selectinload(Job.organization), selectinload(Job.offices))
        .order_by(Job.published_at.desc(), Job.id.desc())
        .limit(SCAN_LIMIT)
    )
    docs = [documents.job_document(job) for job in db.session.scalars(stmt)]
    return [d for d in docs if d is not None]


def searchable_profile_documents(q: str = "") -> list[documents.Document]:
    """Documents of the most recently updated searchable profiles matching every word."""
    from portal.models import Profile
    from portal.services.profiles import visible_to_employers

    stmt = sa.select(Profile).where(visible_to_employers(), Profile.open_to_work.is_(True))
    for word in _words(q):
        stmt = stmt.where(sa.or_(_like(Profile.headline, word), _like(Profile.summary, word)))
    stmt = (
        stmt.options(
            selectinload(Profile.credentials),
            selectinload(Profile.availability),
            selectinload(Profile.user),
            selectinload(Profile.school),
        )
        .order_by(Profile.updated_at.desc(), Profile.id.desc())
        .limit(SCAN_LIMIT)
    )
    docs = [documents.profile_document(p) for p in db.session.scalars(stmt)]
    return [d for d in docs if d is not None]


def newest_public_job_ids(limit: int = 300) -> list[int]:
    """Ids of the newest public jobs (candidates to score when the engine is down)."""
    from portal.models import Job
    from portal.services.jobs import publicly_visible_clause

    stmt = (
        sa.select(Job.id)
        .where(publicly_visible_clause())
        .order_by(Job.published_at.desc(), Job.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def recent_profile_ids(limit: int = 300) -> list[int]:
    """Ids of the most recently updated searchable profiles."""
    from portal.models import Profile
    from portal.services.profiles import visible_to_employers

    stmt = (
        sa.select(Profile.id)
        .where(visible_to_employers(), Profile.open_to_work.is_(True))
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
