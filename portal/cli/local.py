"""`flask setup-local`: the first step of `make run`."""

from __future__ import annotations

from urllib.parse import urlsplit

import click
import sqlalchemy as sa
from flask import current_app
from flask_migrate import upgrade

from portal.config import served_port
from portal.devdata.demo import load_demo_data
from portal.extensions import db
from portal.models import User
from portal.search.client import master_key


@click.command("setup-local")
def setup_local() -> None:
    """Prepare a local run: secrets, database schema, demo data on the first run only."""
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
