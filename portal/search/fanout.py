"""Outbox notes for parent rows whose fields are copied into search documents.

`portal/models/outbox.py` notes changes to indexed rows and their children. A few documents
also carry fields of *other* rows: a job shows its organization's name and verified badge; a
profile carries its owner's name (when not anonymous) and disappears when the account is
disabled; a profile names its school. When one of those fields changes, this hook (which the
app factory registers through `portal.search.init_app`) adds an outbox row for the parent
("organization", "user", "school") in the same transaction, and the worker fans it out to the
documents that embed it (`documents.FANOUT`).

Only the listed attributes count, so a log-in (which stamps `last_login_at`) writes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.models import Organization, School, SearchOutbox, User

WATCHED: dict[type, tuple[str, tuple[str, ...]]] = {
    Organization: ("organization", ("name", "verified_at", "country")),
    User: ("user", ("name", "disabled_at", "email_verified_at")),
    School: ("school", ("name", "verified_at")),
}


def listen() -> None:
    """Register the hook on every session (idempotent: the factory calls it for each app)."""
    if not event.contains(Session, "before_flush", _note_parent_changes):
        event.listen(Session, "before_flush", _note_parent_changes)


def _note_parent_changes(session: Session, flush_context: object, instances: object) -> None:
    noted: set[tuple[str, int]] = set()
    for obj in session.dirty:
        watched = WATCHED.get(type(obj))
        if watched is None or getattr(obj, "id", None) is None:
            continue
        entity, attributes = watched
        state = sa.inspect(obj)
        if any(state.attrs[name].history.has_changes() for name in attributes):
            key = (entity, obj.id)
            if key not in noted:
                noted.add(key)
                session.add(SearchOutbox(entity=entity, entity_id=obj.id, op="upsert"))
