"""`flask jobs ...`: maintenance commands for jobs, safe to run from cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Maintain job postings.")


@jobs_cli.command("expire")
def expire() -> None:
    """Mark published jobs past their closing date as expired (idempotent; run from cron)."""
    from portal.services.jobs import expire_due

    count = expire_due()
    click.echo(f"{count} job{'s' if count != 1 else ''} expired")
