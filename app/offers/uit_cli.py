"""`flask --app wsgi uitdatabank import FILE [--publish]` and `uitdatabank sync [--publish]`.

For a nightly cron: both print `created N, updated N, review N, skipped N` (contract §8), then one
line per event that went to review or was skipped, with its title and the reason in the staff's
language. Exit status 1 when nothing could be read or fetched, so cron mails the failure.
"""

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from app import clock
from app.offers import uit_import

uitdatabank_cli = AppGroup("uitdatabank", help="Import the summer offer from UiTdatabank.")

_PUBLISH = click.option(
    "--publish",
    is_flag=True,
    help="Publish at once what maps without a question; the rest waits in review.",
)
_LANG = click.option(
    "--lang",
    default=None,
    help="Language of the reasons (a staff language, e.g. nl or en; default: the app's).",
)


def _language(lang: str | None) -> str:
    """The staff language to speak: the one asked for, else the app's default."""
    config = current_app.config
    if lang is None:
        return config["BABEL_DEFAULT_LOCALE"]
    if lang not in config["LANGUAGES"]:
        raise click.BadParameter(
            f"choose one of {', '.join(config['LANGUAGES'])}", param_hint="--lang"
        )
    return lang


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _print(report: uit_import.ImportReport) -> None:
    click.echo(report.summary())
    for label, why in report.review:
        click.echo(f"review: {label}: {why}")
    for label, why in report.skipped:
        click.echo(f"skipped: {label}: {why}")
    if report.not_embedded:
        click.echo(
            _(
                "Let op: %(n)s evenementen waren alleen een verwijzing. Vraag de Search API "
                "met embed=true, dan staat elk evenement zelf in het antwoord.",
                n=report.not_embedded,
            )
        )


@uitdatabank_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_PUBLISH
@_LANG
def import_command(file: Path, publish: bool, lang: str | None):
    """Import FILE, a Search API v3 response (JSON)."""
    with force_locale(_language(lang)):
        try:
            payload = json.loads(file.read_bytes().decode("utf-8"))
        except OSError as exc:
            _fail(_("Kan %(file)s niet lezen: %(error)s", file=file, error=exc.strerror or exc))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            _fail(_("%(file)s is geen JSON-bestand van UiTdatabank.", file=file))
        _print(uit_import.import_payload(payload, clock.this_season(), publish=publish))


@uitdatabank_cli.command("sync")
@_PUBLISH
@_LANG
def sync_command(publish: bool, lang: str | None):
    """Fetch the season's events in Ghent for children (UITDATABANK_SEARCH_URL), import them."""
    season = clock.this_season()
    with force_locale(_language(lang)):
        try:
            payload = uit_import.fetch_events(season)
        except uit_import.FetchError as exc:
            _fail(str(exc))
        _print(uit_import.import_payload(payload, season, publish=publish))
