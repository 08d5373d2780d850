"""`flask search worker|reindex|check|configure` — filled in by the search package."""

from __future__ import annotations

import logging
import time

from flask.cli import AppGroup

log = logging.getLogger(__name__)


def register(group: AppGroup) -> None:
    @group.command("worker")
    def worker() -> None:
        """Drain the search outbox into Meilisearch."""
        log.info("Search worker waiting: no index is defined yet.")
        while True:
            time.sleep(60)
