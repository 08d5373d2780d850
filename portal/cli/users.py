"""`flask users create-admin`: the first administrator, before anyone can log in."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.errors import ValidationFailed
from portal.services import accounts

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrator", show_default=True)
def create_admin(email: str, name: str) -> None:
    """Create the first administrator and print a generated password once."""
    try:
        user, password = accounts.create_admin(email, name)
    except ValidationFailed as error:
        raise click.ClickException(error.message)
    click.echo(f"Administrator {user.email} created.")
    click.echo(f"Password (shown once, change it after logging in): {password}")
