"""Transactional outbox: every change to a searchable row leaves a note in the same transaction.

A model opts in with `__search_entity__ = "job"` (its own id is indexed) or, for a child row that
lives inside a parent's document, a `search_owner()` method returning `(entity, id)`. The
`before_flush` hook below writes one `SearchOutbox` row per touched entity, so no service can
forget it and nothing is indexed from uncommitted data: the worker reads committed rows only.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import Model
from portal.models.base import utcnow


class SearchOutbox(Model):
    __tablename__ = "search_outbox"
    __table_args__ = (sa.Index("ix_search_outbox_pending", "processed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(32))
    entity_id: Mapped[int]
    # "upsert" re-reads the row and indexes it (or removes it if it is no longer public);
    # "delete" removes it. The worker decides from the current row, so order never matters.
    op: Mapped[str] = mapped_column(sa.String(16), default="upsert")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    task_uid: Mapped[int | None]


def _search_key(obj: object) -> tuple[str, int] | None:
    """The search document a row lives in, as (entity, id); None when it lives in none or its id
    is not known yet (a new row before the flush)."""
    owner = getattr(obj, "search_owner", None)
    entity: str | None
    entity_id: int | None
    if callable(owner):
        entity, entity_id = owner()
    else:
        entity, entity_id = getattr(obj, "__search_entity__", None), getattr(obj, "id", None)
    if not entity or entity_id is None:
        return None
    return entity, entity_id


@event.listens_for(Session, "before_flush")
def _write_outbox_rows(session: Session, flush_context: object, instances: object) -> None:
    touched: dict[tuple[str, int], str] = {}
    pending_new = []
    for obj in session.new:
        if isinstance(obj, SearchOutbox):
            continue
        key = _search_key(obj)
        if key is not None:
            touched.setdefault(key, "upsert")
        elif getattr(obj, "__search_entity__", None) or hasattr(obj, "search_owner"):
            pending_new.append(obj)
    for obj in session.dirty:
        if isinstance(obj, SearchOutbox) or not session.is_modified(obj):
            continue
        key = _search_key(obj)
        if key is not None:
            touched.setdefault(key, "upsert")
    for obj in session.deleted:
        key = _search_key(obj)
        if key is not None:
            own = getattr(obj, "__search_entity__", None)
            touched[key] = "delete" if own and not hasattr(obj, "search_owner") else "upsert"
    written = session.info.setdefault("outbox_written", {})
    for key, op in touched.items():
        if written.get(key) == op:
            continue  # one row per entity and operation per transaction is enough
        written[key] = op
        session.add(SearchOutbox(entity=key[0], entity_id=key[1], op=op))
    if pending_new:
        session.info.setdefault("outbox_pending_new", []).extend(pending_new)


@event.listens_for(Session, "after_flush")
def _write_outbox_rows_for_new(session: Session, flush_context: object) -> None:
    """New rows get their id only during the flush; note them now, still in the transaction."""
    pending = session.info.pop("outbox_pending_new", None)
    if not pending:
        return
    rows = []
    written = session.info.setdefault("outbox_written", {})
    for obj in pending:
        key = _search_key(obj)
        if key is None or written.get(key) == "upsert":
            continue
        written[key] = "upsert"
        rows.append(
            {
                "entity": key[0],
                "entity_id": key[1],
                "op": "upsert",
                "created_at": utcnow(),
                "available_at": utcnow(),
                "attempts": 0,
            }
        )
    if rows:
        session.connection().execute(sa.insert(SearchOutbox), rows)


@event.listens_for(Session, "after_transaction_end")
def _forget_written_keys(session: Session, transaction: object) -> None:
    if getattr(transaction, "parent", None) is None:
        session.info.pop("outbox_written", None)
