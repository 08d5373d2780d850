"""Make SQLite refuse what PostgreSQL refuses: a string longer than its column.

PostgreSQL stops such a write with an error (a 500 page, as a 158-character job title in a
200-character mail subject did); SQLite stores it silently, so a test on SQLite would pass. The
conftest registers `refuse_overlong_strings` on every session flush, on both databases, so the
same test fails on either one, with the column named.
"""

from __future__ import annotations

import sqlalchemy as sa


class StringTooLong(sa.exc.DataError):
    """Raised at flush time, like the DataError PostgreSQL's driver raises."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _limited_string_columns(mapper) -> list[tuple[str, sa.Column, int]]:
    found = []
    for attr in mapper.column_attrs:
        for column in attr.columns:
            length = getattr(column.type, "length", None)
            if isinstance(column.type, sa.String) and length:
                found.append((attr.key, column, length))
    return found


def refuse_overlong_strings(session, flush_context, instances) -> None:
    for obj in (*session.new, *session.dirty):
        for key, column, length in _limited_string_columns(sa.inspect(obj).mapper):
            value = getattr(obj, key, None)
            if isinstance(value, str) and len(value) > length:
                raise StringTooLong(
                    f"{column.table.name}.{column.name} holds {length} characters; "
                    f"{len(value)} were about to be written: {value[:60]!r}…"
                )
