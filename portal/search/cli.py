"""`flask search worker|reindex|check|configure` (the group lives in `portal.cli`)."""

from __future__ import annotations

import logging
import time

import click
from flask.cli import AppGroup

log = logging.getLogger(__name__)


def _engine_errors() -> tuple[type[Exception], ...]:
    from portal.search.sync import ENGINE_ERRORS, TaskFailed

    return (*ENGINE_ERRORS, TaskFailed)


def register(group: AppGroup) -> None:
    @group.command("worker")
    @click.option("--once", is_flag=True, help="Send what is due, then stop (tests, cron).")
    @click.option("--interval", default=1.0, show_default=True, help="Seconds to wait when idle.")
    def worker(once: bool, interval: float) -> None:
        """Drain the search outbox into Meilisearch (run as many as you like on PostgreSQL)."""
        from portal.search import sync

        if not once:
            sync.run_worker(interval=interval)
            return
        try:
            sync.ensure_indexes()
            results = sync.drain()
        except _engine_errors() as exc:
            raise click.ClickException(f"Search engine unavailable: {exc}") from exc
        for r in results:
            click.echo(
                f"{r.rows} changes: {r.upserted} indexed, {r.deleted} removed "
                f"in {r.seconds * 1000:.0f} ms" + (f" (FAILED: {r.error})" if r.failed else "")
            )
        left = sync.pending_count()
        click.echo(f"{left} changes waiting")
        if any(r.failed for r in results):
            raise SystemExit(1)

    @group.command("configure")
    @click.option("--force", is_flag=True, help="Rebuild even when the settings are unchanged.")
    def configure(force: bool) -> None:
        """Create the scoped keys and indexes; apply changed settings by rebuild and swap."""
        from flask import current_app

        from portal.search import sync
        from portal.search.client import ensure_keys

        try:
            if not current_app.config.get("MEILI_API_KEY"):
                ensure_keys(refresh=True)
            drift = sync.configure(force=force, echo=click.echo)
        except _engine_errors() as exc:
            raise click.ClickException(f"Search engine unavailable: {exc}") from exc
        click.echo("Settings were up to date." if not drift and not force else "Done.")

    @group.command("reindex")
    @click.option("--batch-size", default=5000, show_default=True)
    def reindex(batch_size: int) -> None:
        """Rebuild both indexes from the database and swap them in (searches keep working)."""
        from portal.search import sync

        try:
            report = sync.reindex(batch_size=batch_size, echo=click.echo)
        except _engine_errors() as exc:
            raise click.ClickException(f"Reindex failed, live indexes untouched: {exc}") from exc
        counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
        click.echo(
            f"Reindexed {counts} in {report.seconds:.1f}s (loading {report.load_seconds:.1f}s); "
            f"{report.replayed} recent changes replayed."
        )

    @group.command("check")
    @click.option("--repair", is_flag=True, help="Queue and send the fixes.")
    def check(repair: bool) -> None:
        """Compare database and index; report (and repair) missing, extra and stale documents."""
        from portal.search import consistency

        started = time.perf_counter()
        try:
            report = consistency.check(repair=repair)
        except _engine_errors() as exc:
            raise click.ClickException(f"Search engine unavailable: {exc}") from exc
        for name in report.absent:
            click.echo(f"{name}: the index does not exist")
        for name in report.checked:
            click.echo(
                f"{name}: {report.checked[name]} expected, {len(report.missing[name])} missing, "
                f"{len(report.extra[name])} extra, {len(report.stale[name])} out of date"
                + (
                    f" e.g. {(report.missing[name] + report.stale[name])[:5]}"
                    if not report.ok
                    else ""
                )
            )
        click.echo(f"Checked in {time.perf_counter() - started:.1f}s.")
        if report.ok:
            click.echo("Database and index agree.")
        elif repair:
            click.echo("Repairs sent.")
        else:
            click.echo("Run `flask search check --repair` to fix.")
            raise SystemExit(1)
