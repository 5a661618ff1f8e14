"""`flask --app wsgi seed-scale`: city-scale synthetic data on top of the demo data."""

import time

import click
from flask import current_app
from werkzeug.security import generate_password_hash

from app import clock
from app.extensions import db


@click.command("seed-scale")
@click.option("--households", default=20000, show_default=True, type=click.IntRange(0))
@click.option("--visits", default=200000, show_default=True, type=click.IntRange(0))
@click.option("--activities", default=2000, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=2027, show_default=True, help="Random seed (same seed, same data).")
def seed_scale_command(households, visits, activities, seed):
    """Add synthetic households, rounds, visits and activities for benchmarks.

    Runs demo-data first (idempotent). The scale workers sign in as
    stoepbezoeker001@scale.gent … with the demo password; stoepbezoeker001 has a route today.
    """
    from app.demo import DEMO_PASSWORD, seed_demo
    from app.demo.scale.seed import Seeder, package_type_ids

    began = time.monotonic()
    for line in seed_demo():
        click.echo(line)
    seeder = Seeder(seed=seed, today=clock.today(), echo=click.echo)
    config = current_app.config
    partner_ids = seeder.partners()
    workers = seeder.workers(partner_ids, generate_password_hash(DEMO_PASSWORD, method="scrypt"))
    by_wijk = seeder.households(households, partner_ids)
    db.session.commit()
    if by_wijk:
        seeder.rounds(by_wijk, visits, workers, package_type_ids(), bench_worker_id=workers[0][0])
        db.session.commit()
    seeder.activities(
        activities, config["SEASON_START"], config["SEASON_END"], clock.this_season().year
    )
    db.session.commit()
    _analyse()
    click.echo("Totals: " + ", ".join(f"{n} {t}" for t, n in sorted(seeder.totals.items())))
    click.echo(f"seed-scale done in {time.monotonic() - began:.1f} s.")


def _analyse() -> None:
    """Fresh planner statistics after a bulk load, so the first queries use the indexes."""
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
