"""The audit log: who did what that matters for security and trust, append-only.

Rows are written through `portal.services.audit` only. They are never changed or deleted: the
ORM refuses it here and, on PostgreSQL, a trigger refuses it in the database too. `actor_id` and
`subject_id` are plain numbers, not foreign keys, so the log outlives what it talks about and no
cascade ever rewrites it (deleted accounts keep their id as an anonymised placeholder).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import Model
from portal.models.base import utcnow


class AuditEvent(Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_action_created", "action", "created_at"),
        sa.Index("ix_audit_events_actor_created", "actor_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(sa.String(48))  # portal.services.audit.ACTIONS
    actor_id: Mapped[int | None]  # the user who acted (None: a visitor)
    subject_type: Mapped[str | None] = mapped_column(sa.String(32))  # "job", "user", …
    subject_id: Mapped[int | None]
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


def _refuse_change(
    mapper: sa.orm.Mapper[AuditEvent], connection: sa.Connection, target: AuditEvent
) -> None:
    raise RuntimeError("The audit log is append-only")


sa.event.listen(AuditEvent, "before_update", _refuse_change)
sa.event.listen(AuditEvent, "before_delete", _refuse_change)

# The same rule in PostgreSQL itself (also created by migration 0007).
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
"""
for _statement in (APPEND_ONLY_FUNCTION, APPEND_ONLY_TRIGGER):
    sa.event.listen(
        AuditEvent.__table__,
        "after_create",
        # SQLAlchemy leaves DDL.__init__ unannotated; it takes the statement as a str.
        sa.DDL(_statement).execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
    )
