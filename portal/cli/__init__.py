"""The `flask` commands, one module per area; `init_app` is the factory's one call that
registers them all. Command names and options are what the Procfile, cron lines in the README
and `tests/process/test_procfile.py` run."""

from __future__ import annotations

from click import Command
from flask import Flask

from portal.cli.devdata import seed_command
from portal.cli.local import setup_local
from portal.cli.mail import mail_cli
from portal.cli.periodic import alerts_cli, jobs_cli, schools_cli
from portal.cli.scheduler import scheduler_command
from portal.cli.search import search_cli
from portal.cli.users import users_cli

COMMANDS: tuple[Command, ...] = (
    users_cli,
    setup_local,
    search_cli,
    mail_cli,
    alerts_cli,
    jobs_cli,
    schools_cli,
    scheduler_command,
    seed_command,
)

__all__ = ["COMMANDS", "init_app"]


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
