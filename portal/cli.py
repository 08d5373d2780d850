"""`flask` commands: users, setup-local, search, mail. Each area adds its own group here."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from portal.config import served_port
from portal.errors import ValidationFailed
from portal.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
search_cli = AppGroup("search", help="Run and maintain the search engine.")
mail_cli = AppGroup("mail", help="Deliver queued e-mail.")
alerts_cli = AppGroup("alerts", help="Job and candidate alerts, credential reminders.")
schools_cli = AppGroup("schools", help="Training schools' graduates.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrator", show_default=True)
def create_admin(email: str, name: str) -> None:
    """Create the first administrator and print a generated password once."""
    from portal.services.accounts import create_admin as create

    try:
        user, password = create(email, name)
    except ValidationFailed as error:
        raise click.ClickException(error.message)
    click.echo(f"Administrator {user.email} created.")
    click.echo(f"Password (shown once, change it after logging in): {password}")


@click.command("setup-local")
def setup_local() -> None:
    """Prepare a local run: secrets, database schema, demo data on the first run only."""
    from portal.demo import load_demo_data
    from portal.models import User
    from portal.search.client import master_key

    master_key()  # generated into instance/ now, before the search server reads it
    upgrade()
    if current_app.config["DEMO_DATA"] and not db.session.scalar(sa.select(User.id).limit(1)):
        load_demo_data()
        click.echo("Demo data loaded. Log in with the accounts listed in the README.")
    click.echo(f"CoderMatch will answer on http://127.0.0.1:{served_port()}")
    mail_url = current_app.config["MAIL_URL"]
    click.echo(
        f"E-mail goes to {urlsplit(mail_url).hostname}"
        if mail_url
        else "E-mail (sign-up links included) is written to this log; set MAIL_URL to send it."
    )


@search_cli.command("serve")
def search_serve() -> None:
    """Run the bundled Meilisearch in the foreground (or wait, when MEILI_URL is external)."""
    from pathlib import Path

    from portal.search.client import master_key
    from portal.search.server import MeiliProcess, find_binary

    cfg = current_app.config
    if cfg["MEILI_EXTERNAL"]:
        click.echo(f"Using the search engine at {cfg['MEILI_URL']}; not starting one.")
        signal.pause()
        return
    binary = find_binary(cfg.get("MEILI_BIN"))
    if binary is None:
        raise click.ClickException("No Meilisearch binary: run `make install` or set MEILI_BIN.")
    port = int(cfg["MEILI_URL"].rsplit(":", 1)[1])
    server = MeiliProcess(binary, Path(current_app.instance_path) / "meili", master_key(), port)
    os.execv(server.binary, server.command())  # noqa: S606 - replace this process; honcho stops it


@mail_cli.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due and stop.")
def mail_worker(once: bool) -> None:
    """Deliver queued e-mail (SMTP, or the log when MAIL_URL is empty)."""
    from portal.mail import deliver_pending, run_worker

    if once:
        click.echo(f"{deliver_pending(limit=1000)} sent")
        return
    run_worker()


def _send_alerts():
    from portal.services.alerts import send_all

    # E-mail links are built with url_for, which needs a request; SERVER_URL makes them absolute.
    with current_app.test_request_context("/"):
        return send_all()


def _invite_graduates() -> int:
    from portal.services.graduate_claims import send_new_invitations

    with current_app.test_request_context("/"):
        return send_new_invitations()


@schools_cli.command("invite")
def schools_invite() -> None:
    """Queue the claim e-mails of imported graduates not yet e-mailed (cron; idempotent)."""
    click.echo(f"{_invite_graduates()} claim e-mails queued")


def _expire_jobs() -> int:
    from portal.services.jobs import expire_due

    return expire_due()


@alerts_cli.command("send")
def alerts_send() -> None:
    """Queue due saved-search digests and credential reminders (run from cron; idempotent)."""
    run = _send_alerts()
    click.echo(
        f"{run.checked} saved searches checked, {run.sent} digests queued, "
        f"{run.reminders} credential reminders queued"
        + (f", {len(run.failed)} failed (see the log)" if run.failed else "")
    )
    if run.failed:
        raise SystemExit(1)


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the periodic commands on a timer: `alerts send`, `jobs expire` and `schools invite`
    (what `make run` starts; in production cron runs them instead, see the README)."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    app = current_app._get_current_object()
    log = logging.getLogger("portal.scheduler")

    def in_app(name: str, task: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            with app.app_context():
                try:
                    log.info("%s: %s", name, task())
                finally:
                    db.session.remove()

        return run

    scheduler = BlockingScheduler(timezone=UTC)
    start = datetime.now(UTC)
    for name, task, seconds in (
        ("alerts send", _send_alerts, app.config["SCHEDULE_ALERTS_SECONDS"]),
        ("jobs expire", _expire_jobs, app.config["SCHEDULE_EXPIRE_SECONDS"]),
        ("schools invite", _invite_graduates, app.config["SCHEDULE_INVITES_SECONDS"]),
    ):
        # Overlapping or missed runs collapse into one: both commands are idempotent anyway.
        scheduler.add_job(
            in_app(name, task),
            "interval",
            seconds=seconds,
            next_run_time=start,
            max_instances=1,
            coalesce=True,
            name=name,
        )
        click.echo(f"Scheduler: `{name}` every {seconds} s")
    scheduler.start()


@click.command("seed")
@click.option("--profiles", default=1000, show_default=True, help="Coder profiles.")
@click.option("--jobs", default=500, show_default=True, help="Open jobs (plus ~10% closed/draft).")
@click.option("--applications", default=10_000, show_default=True)
@click.option("--orgs", default=50, show_default=True, help="Employer organizations.")
@click.option("--schools", type=int, default=None, help="Training schools [1 per 2,000 profiles].")
@click.option("--seed", "seed_value", default=1, show_default=True, help="Same seed, same rows.")
@click.option("--no-index", is_flag=True, help="Load the database only; reindex later.")
def seed_command(profiles, jobs, applications, orgs, schools, seed_value, no_index) -> None:
    """Load realistic synthetic data in bulk, then rebuild the search indexes once."""
    import time

    from portal import seed as seeding

    try:
        seeding.refuse_in_production()
    except seeding.SeedRefused as exc:
        raise click.ClickException(str(exc)) from exc
    sizes = seeding.Sizes(profiles, jobs, applications, orgs, schools)
    total = sum(seeding.expected_rows(sizes).values())
    started = time.perf_counter()
    with click.progressbar(length=total, label="Seeding", show_pos=True) as bar:
        report = seeding.seed(
            sizes, seed_value, index=False, progress=lambda _phase, n: bar.update(n)
        )
    counts = ", ".join(f"{n:,} {table}" for table, n in report.counts.items())
    click.echo(f"Loaded {counts} in {time.perf_counter() - started:.1f}s.")
    if not no_index:
        from portal.search import sync

        try:
            indexed = sync.reindex(echo=click.echo)
        except (*sync.ENGINE_ERRORS, sync.TaskFailed) as exc:  # the data stays
            raise click.ClickException(
                f"Data loaded, but indexing failed ({exc}); run `flask search reindex`."
            ) from exc
        click.echo(f"Indexed {indexed.counts} in {indexed.seconds:.1f}s.")
    click.echo(
        f"Done in {time.perf_counter() - started:.1f}s. Every password: {seeding.SEED_PASSWORD!r}."
    )
    for role, email in sorted(report.accounts.items()):
        click.echo(f"  {role}: {email}")


def init_app(app: Flask) -> None:
    from portal.blueprints.jobs.cli import jobs_cli

    app.cli.add_command(jobs_cli)
    from portal.search.cli import register as register_search

    register_search(search_cli)
    for command in (
        users_cli,
        search_cli,
        mail_cli,
        alerts_cli,
        schools_cli,
        setup_local,
        scheduler_command,
        seed_command,
    ):
        app.cli.add_command(command)
