"""`flask scheduler`: the periodic commands on a timer, for `make run` (cron runs them in
production, see the README)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from flask.globals import app_ctx

from portal.cli.periodic import expire_jobs, invite_graduates, send_alerts
from portal.extensions import db

log = logging.getLogger("portal.scheduler")

# (command it stands for, task, the setting holding its interval in seconds)
TASKS: tuple[tuple[str, Callable[[], object], str], ...] = (
    ("alerts send", send_alerts, "SCHEDULE_ALERTS_SECONDS"),
    ("jobs expire", expire_jobs, "SCHEDULE_EXPIRE_SECONDS"),
    ("schools invite", invite_graduates, "SCHEDULE_INVITES_SECONDS"),
)


def _in_app(app: Flask, name: str, task: Callable[[], object]) -> Callable[[], None]:
    """The task in its own app context, its result logged, its session closed."""

    def run() -> None:
        with app.app_context():
            try:
                log.info("%s: %s", name, task())
            finally:
                db.session.remove()

    return run


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the periodic commands on a timer: `alerts send`, `jobs expire` and `schools invite`
    (what `make run` starts; in production cron runs them instead, see the README)."""
    app = app_ctx.app  # the application itself, not the context-local proxy: jobs run later
    scheduler = BlockingScheduler(timezone=UTC)
    start = datetime.now(UTC)
    for name, task, setting in TASKS:
        seconds = app.config[setting]
        # Overlapping or missed runs collapse into one: both commands are idempotent anyway.
        scheduler.add_job(
            _in_app(app, name, task),
            "interval",
            seconds=seconds,
            next_run_time=start,
            max_instances=1,
            coalesce=True,
            name=name,
        )
        click.echo(f"Scheduler: `{name}` every {seconds} s")
    scheduler.start()
