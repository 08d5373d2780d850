"""The periodic work: `flask alerts send`, `flask jobs expire`, `flask schools invite`.

Each is idempotent (safe on several hosts at once): cron runs them in production (the README's
cron lines) and `flask scheduler` runs the same tasks on a timer under `make run`.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.services.alerts import AlertRun, send_all
from portal.services.graduate_claims import send_new_invitations
from portal.services.jobs import expire_due

alerts_cli = AppGroup("alerts", help="Job and candidate alerts, credential reminders.")
jobs_cli = AppGroup("jobs", help="Maintain job postings.")
schools_cli = AppGroup("schools", help="Training schools' graduates.")


def send_alerts() -> AlertRun:
    # E-mail links are built with url_for, which needs a request; SERVER_URL makes them absolute.
    with current_app.test_request_context("/"):
        return send_all()


def expire_jobs() -> int:
    return expire_due()


def invite_graduates() -> int:
    with current_app.test_request_context("/"):
        return send_new_invitations()


@alerts_cli.command("send")
def alerts_send() -> None:
    """Queue due saved-search digests and credential reminders (run from cron; idempotent)."""
    run = send_alerts()
    click.echo(
        f"{run.checked} saved searches checked, {run.sent} digests queued, "
        f"{run.reminders} credential reminders queued"
        + (f", {len(run.deferred)} deferred (search engine down)" if run.deferred else "")
        + (f", {len(run.failed)} failed (see the log)" if run.failed else "")
    )
    if run.failed:
        raise SystemExit(1)


@jobs_cli.command("expire")
def jobs_expire() -> None:
    """Mark published jobs past their closing date as expired (idempotent; run from cron)."""
    count = expire_jobs()
    click.echo(f"{count} job{'s' if count != 1 else ''} expired")


@schools_cli.command("invite")
def schools_invite() -> None:
    """Queue the claim e-mails of imported graduates not yet e-mailed (cron; idempotent)."""
    click.echo(f"{invite_graduates()} claim e-mails queued")
