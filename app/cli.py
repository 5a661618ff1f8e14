"""Command-line tools: user create, demo-data, load-wijken, backup, purge, seed-scale, geocode."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db

user_cli = AppGroup("user", help="Manage staff accounts.")


@user_cli.command("create")
@click.argument("email")
@click.option(
    "--role", required=True, type=click.Choice(["admin", "coordinator", "worker", "provider"])
)
@click.option("--organisation", required=True, help="Name of the organisation (created if new).")
@click.option("--name", default=None, help="Display name (default: the part before @).")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
def create_user_command(email, role, organisation, name, password_stdin):
    """Create a staff account."""
    from app.admin.services import create_user
    from app.auth.services import find_user_by_email
    from app.organisations.models import Organisation

    password = sys.stdin.readline().rstrip("\r\n")
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise click.ClickException(f"The password needs at least {minimum} characters.")
    if find_user_by_email(email):
        raise click.ClickException(f"An account for {email} exists already.")
    org = db.session.scalar(db.select(Organisation).where(Organisation.name == organisation))
    if org is None:
        org = Organisation(name=organisation, kind="other")
        db.session.add(org)
        db.session.flush()
    user = create_user(
        email=email,
        name=name or email.split("@")[0],
        role=role,
        organisation_id=org.id,
        password=password,
    )
    click.echo(f"Created {user.role} {user.email} ({org.name}).")


@click.command("demo-data")
def demo_data_command():
    """Seed the demo accounts and data (idempotent: running it again changes nothing)."""
    from app.demo import seed_demo

    for line in seed_demo():
        click.echo(line)


@click.command("load-wijken")
def load_wijken_command():
    """Load or refresh Ghent's 25 wijken from app/data/ghent/."""
    from app.wijken.services import load_wijken

    created = load_wijken()
    db.session.commit()
    click.echo(f"Wijken loaded ({created} new).")


@click.command("db-is-empty", hidden=True)
def db_is_empty_command():
    """Exit 0 when no account exists yet (used by `make run` to seed a fresh database)."""
    from app.auth.models import User

    sys.exit(0 if db.session.scalar(db.select(db.func.count()).select_from(User)) == 0 else 1)


def init_app(app) -> None:
    from app.addresses.cli import geocode_command
    from app.backup import backup_command
    from app.demo.scale.cli import seed_scale_command
    from app.offers.uit_cli import uitdatabank_cli
    from app.retention.cli import purge_command

    app.cli.add_command(backup_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(user_cli)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(load_wijken_command)
    app.cli.add_command(db_is_empty_command)
    app.cli.add_command(seed_scale_command)
    app.cli.add_command(geocode_command)
    app.cli.add_command(uitdatabank_cli)
