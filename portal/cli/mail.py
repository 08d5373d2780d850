"""`flask mail worker`: deliver the e-mail queued in the database."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.mail import deliver_pending, run_worker

mail_cli = AppGroup("mail", help="Deliver queued e-mail.")


@mail_cli.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due and stop.")
def mail_worker(once: bool) -> None:
    """Deliver queued e-mail (SMTP, or the log when MAIL_URL is empty)."""
    if once:
        click.echo(f"{deliver_pending(limit=1000)} sent")
        return
    run_worker()
