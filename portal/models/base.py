"""Shared column helpers. Times are stored as naive UTC on every database."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa


def utcnow() -> datetime:
    """Naive UTC now: SQLite keeps no time zone, so every timestamp is UTC by convention."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(cls: type[enum.Enum], length: int) -> sa.Enum:
    """An enum stored as its values in a plain string column (no native database enum type, so
    adding a member needs no migration of the type), checked against `length`."""
    return sa.Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )
