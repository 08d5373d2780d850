"""`flask search serve|worker|configure|reindex|check`: run and maintain the search engine."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.search import consistency, sync
from portal.search.client import ensure_keys, master_key
from portal.search.server import MeiliProcess, find_binary

search_cli = AppGroup("search", help="Run and maintain the search engine.")

# What a command reports as "the engine is unavailable" instead of a traceback.
ENGINE_ERRORS: tuple[type[Exception], ...] = (*sync.ENGINE_ERRORS, sync.TaskFailed)


@search_cli.command("serve")
def search_serve() -> None:
    """Run the bundled Meilisearch in the foreground (or wait, when MEILI_URL is external)."""
    cfg = current_app.config
    if cfg["MEILI_EXTERNAL"]:
        click.echo(f"Using the search engine at {cfg['MEILI_URL']}; not starting one.")
        signal.pause()
        return
    binary = find_binary(cfg.get("MEILI_BIN"))
    if binary is None:
        raise click.ClickException("No Meilisearch binary: run `make install` or set MEILI_BIN.")
    port = int(cfg["MEILI_URL"].rsplit(":", 1)[1])
    key = master_key() or ""  # never empty here: not external, so configured or generated
    server = MeiliProcess(binary, Path(current_app.instance_path) / "meili", key, port)
    os.execv(server.binary, server.command())  # noqa: S606 - replace this process; honcho stops it


@search_cli.command("worker")
@click.option("--once", is_flag=True, help="Send what is due, then stop (tests, cron).")
@click.option(
    "--interval", default=sync.IDLE_WAIT, show_default=True, help="Seconds to wait when idle."
)
def worker(once: bool, interval: float) -> None:
    """Drain the search outbox into Meilisearch (run as many as you like on PostgreSQL)."""
    if not once:
        sync.run_worker(interval=interval)
        return
    try:
        sync.ensure_indexes()
        results = sync.drain()
    except ENGINE_ERRORS as exc:
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


@search_cli.command("configure")
@click.option("--force", is_flag=True, help="Rebuild even when the settings are unchanged.")
def configure(force: bool) -> None:
    """Create the scoped keys and indexes; apply changed settings or documents by rebuild
    and swap."""
    try:
        if not current_app.config.get("MEILI_API_KEY"):
            ensure_keys(refresh=True)
        drift = sync.configure(force=force, echo=click.echo)
    except ENGINE_ERRORS as exc:
        raise click.ClickException(f"Search engine unavailable: {exc}") from exc
    click.echo("Settings were up to date." if not drift and not force else "Done.")


@search_cli.command("reindex")
@click.option("--batch-size", default=5000, show_default=True)
def reindex(batch_size: int) -> None:
    """Rebuild both indexes from the database and swap them in (searches keep working)."""
    try:
        report = sync.reindex(batch_size=batch_size, echo=click.echo)
    except ENGINE_ERRORS as exc:
        raise click.ClickException(f"Reindex failed, live indexes untouched: {exc}") from exc
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    click.echo(
        f"Reindexed {counts} in {report.seconds:.1f}s (loading {report.load_seconds:.1f}s); "
        f"{report.replayed} recent changes replayed."
    )


def _index_line(report: consistency.CheckReport, name: str) -> str:
    """One index's figures, with a few of the ids to look at when something is off."""
    line = (
        f"{name}: {report.checked[name]} expected, {len(report.missing[name])} missing, "
        f"{len(report.extra[name])} extra, {len(report.stale[name])} out of date"
    )
    if not report.ok:
        line += f" e.g. {(report.missing[name] + report.stale[name])[:5]}"
    return line


@search_cli.command("check")
@click.option("--repair", is_flag=True, help="Queue and send the fixes.")
def check(repair: bool) -> None:
    """Compare database and index; report (and repair) missing, extra and stale documents."""
    started = time.perf_counter()
    try:
        report = consistency.check(repair=repair)
    except ENGINE_ERRORS as exc:
        raise click.ClickException(f"Search engine unavailable: {exc}") from exc
    for name in report.absent:
        click.echo(f"{name}: the index does not exist")
    for name in report.checked:
        click.echo(_index_line(report, name))
    click.echo(f"Checked in {time.perf_counter() - started:.1f}s.")
    if report.ok:
        click.echo("Database and index agree.")
    elif repair:
        click.echo("Repairs sent.")
    else:
        click.echo("Run `flask search check --repair` to fix.")
        raise SystemExit(1)
