"""Saved searches: a job search (seekers) or a candidate search (employers), e-mailed daily or
weekly by `flask alerts send` with what is new since the last run.

`query_string` is the query string of the search page exactly as the browser showed it ("q=cpc&mode=
remote"), so opening a saved search is a link and the search layer stays the only place that
knows what each parameter means. `last_period` ("2026-11-26" or "2026-W48") and `last_run_at`
make the command idempotent: a search already handled in this period is skipped, and the
e-mail's `dedupe_key` holds even when two runs overlap.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.base import enum_column, utcnow
from portal.models.user import User


class SearchKind(enum.StrEnum):
    JOBS = "jobs"
    CANDIDATES = "candidates"


class Frequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"  # kept on the list, no e-mail (after "unsubscribe")


class SavedSearch(Model):
    __tablename__ = "saved_searches"
    __table_args__ = (sa.Index("ix_saved_searches_frequency", "frequency", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SearchKind] = mapped_column(enum_column(SearchKind, 16), default=SearchKind.JOBS)
    name: Mapped[str] = mapped_column(sa.String(120))
    query_string: Mapped[str] = mapped_column(sa.String(1000), default="")
    frequency: Mapped[Frequency] = mapped_column(
        enum_column(Frequency, 16), default=Frequency.DAILY
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Results newer than this are "new" in the next e-mail.
    last_run_at: Mapped[datetime | None]
    last_period: Mapped[str | None] = mapped_column(sa.String(16))
    last_sent_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.frequency != Frequency.NEVER
