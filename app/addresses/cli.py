"""`flask --app wsgi geocode [--missing-only] [--offline]`: place households and activities."""

import click

from app.addresses.geocoding import Tally, activity_ids, geocode, household_ids
from app.addresses.location import SOURCES, TYPED
from app.addresses.lookup import register_url

SHOWN = 10  # ids listed per problem; the rest is counted


def _sources(tally: Tally) -> str:
    order = [TYPED, *SOURCES]
    parts = [f"{code} {tally.sources[code]}" for code in order if tally.sources.get(code)]
    return ", ".join(parts) or "nothing to do"


def _ids(ids: list) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:SHOWN])
    return shown + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def _report(summary) -> None:
    households, activities = summary.households, summary.activities
    click.echo(
        f"Households: {households.checked} checked ({_sources(households)}); "
        f"{len(households.changed)} got a new position"
        + (f", {households.typed} typed positions kept." if households.typed else ".")
    )
    if households.other_wijk:
        click.echo(
            f"  {len(households.other_wijk)} lie in another wijk than recorded (not "
            "changed; check them): "
            + _ids(
                [
                    f"{i} (wijk {stored}, address in {found})"
                    for i, stored, found in households.other_wijk
                ]
            )
        )
    without = households.sources.get("none", 0) + households.sources.get("street", 0)
    if without:
        click.echo(
            f"  {without} without a position: walking order puts them beside their "
            "street's neighbours."
        )
    click.echo(
        f"Activities: {activities.checked} checked ({_sources(activities)}); "
        f"{len(activities.changed)} changed position or wijk."
    )
    if activities.without_wijk:
        click.echo(
            f"  {len(activities.without_wijk)} still without a wijk (on no wijk page): "
            + _ids(activities.without_wijk)
        )
    if summary.forgotten:
        click.echo(f"Forgot {summary.forgotten} remembered register answers too old to use.")
    if summary.register_unavailable:
        click.echo(
            "The address register did not answer (or not in time): the embedded CRAB "
            "data was used instead. Run the command again later."
        )


@click.command("geocode")
@click.option(
    "--missing-only",
    is_flag=True,
    help="Only households and activities without a position (or wijk).",
)
@click.option(
    "--offline", is_flag=True, help="Do not ask the address register; use the embedded data only."
)
def geocode_command(missing_only: bool, offline: bool):
    """(Re)position households and activities from their addresses.

    Asks Flanders' address register (ADDRESS_REGISTER_URL) for each address, falling back to
    the embedded CRAB data; prints a summary of where the positions came from.
    """
    online = not offline and bool(register_url())
    total = len(household_ids(missing_only)) + len(activity_ids(missing_only))
    where = "the address register, else the embedded data" if online else "the embedded data"
    with click.progressbar(
        length=total, label=f"Placing {total} addresses ({where})", show_pos=True
    ) as bar:
        summary = geocode(missing_only=missing_only, online=online, progress=bar.update)
    _report(summary)
