"""Ranked lists computed once: "best candidates" per job and "jobs for you" per profile.

`RankedList` holds the ordered ids of one list with each one's score and verdict, as the
engine and matching left them (`portal.search.ranked`). `RankedListVersion` counts changes per
search index: the worker adds one each time it has applied a batch touching that index, so a
list computed at an older version is stale, whoever changed. The lists are a cache: deleting
every row is always safe.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import Model
from portal.models.base import utcnow


class RankedList(Model):
    __tablename__ = "ranked_lists"

    # "candidates" (owner: a job) or "jobs" (owner: a profile).
    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    owner_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # Matching counts expiry and time zones on this calendar day.
    day: Mapped[date]
    # A digest of the owner's matching facts (and the ranking's constants).
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    # `RankedListVersion.version` of the index the list was retrieved from.
    version: Mapped[int]
    # {"retrieved": n, "ranked": [[id, score, eligible], ...]}
    entries: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RankedListVersion(Model):
    __tablename__ = "ranked_list_versions"

    # The search index: "jobs" or "profiles".
    name: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
