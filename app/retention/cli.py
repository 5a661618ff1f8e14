"""`flask --app wsgi purge [--dry-run]`: anonymise what has passed its retention period."""

import click

from app.retention.services import purge


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be anonymised.")
def purge_command(dry_run):
    """Anonymise households whose rounds closed longer ago than RETENTION_MONTHS."""
    report = purge(dry_run=dry_run)
    if dry_run:
        click.echo("Dry run: nothing was changed. A purge now would do this:")
    for line in report.lines():
        click.echo(line)
