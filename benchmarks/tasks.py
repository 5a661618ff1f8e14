"""Batch work a coordinator waits for: flyer PDFs for every wijk, a 20,000-household import."""

import csv
import io
import random
import time

from benchmarks.targets import COORDINATOR


def sign_in_as(email: str) -> None:
    """In a test request context: that user signed in, as a real sign-in makes them."""
    from flask_login import login_user

    from app.auth import sign_ins
    from app.auth.models import User
    from app.extensions import db

    user = db.session.scalar(db.select(User).where(User.email == email))
    sign_ins.start(user)
    db.session.commit()
    login_user(user)


def flyer_pdfs(app, languages=("nl", "ar"), layout: str = "a6x4", wijken: int = 25) -> dict:
    """One PDF with the flyers of all 25 wijken in two languages (as the bulk print makes it)."""
    from app.extensions import db
    from app.flyers import pdf, services
    from app.flyers.models import ShortLink
    from app.wijken.models import Wijk

    with app.test_request_context("/flyers/bulk"):
        sign_in_as(COORDINATOR)
        links = []
        for wijk in db.session.scalars(db.select(Wijk).order_by(Wijk.number).limit(wijken)):
            for lang in languages:
                link = db.session.scalar(
                    db.select(ShortLink).where(
                        ShortLink.wijk_number == wijk.number,
                        ShortLink.lang == lang,
                        ShortLink.active.is_(True),
                    )
                ) or services.create_short_link(
                    label=f"Flyer {wijk.name} ({lang})",
                    target=None,
                    wijk_number=wijk.number,
                    lang=lang,
                )
                links.append((link, lang))
        began = time.monotonic()
        body = pdf.write_pdf(pdf.render_document(links, layout, for_pdf=True))
        seconds = time.monotonic() - began
    return {
        "wijken": wijken,
        "flyers": len(links),
        "layout": layout,
        "languages": list(languages),
        "seconds": round(seconds, 2),
        "kb": round(len(body) / 1024),
    }


def household_csv(rows: int, seed: int = 7) -> bytes:
    from app.demo.scale.places import HOUSEHOLD_WEIGHTS, load_places, weighted_wijken

    rng = random.Random(seed)
    places = load_places()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["straat", "huisnummer", "bus", "postcode", "wijk", "kinderen 6-8"])
    for i, wijk in enumerate(weighted_wijken(rng, HOUSEHOLD_WEIGHTS, rows)):
        place = places[wijk]
        writer.writerow(
            [
                rng.choice(place.streets),
                300 + i // 40,
                str(i % 40 + 1),
                place.postcode,
                wijk,
                rng.randint(0, 3),
            ]
        )
    return out.getvalue().encode()


def household_import(app, rows: int = 20000) -> dict:
    """Read, check and store `rows` households through the import's own functions, in files of
    HOUSEHOLD_IMPORT_MAX_ROWS (5,000): the most one upload may hold."""
    from app.households import imports, services

    per_file = app.config["HOUSEHOLD_IMPORT_MAX_ROWS"]
    lines = household_csv(rows).decode().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    timings = {"read_s": 0.0, "check_s": 0.0, "store_s": 0.0}
    stored = 0
    with app.test_request_context("/huishoudens/import"):
        sign_in_as(COORDINATOR)
        for start in range(0, len(body), per_file):
            data = (header + "".join(body[start : start + per_file])).encode()
            t0 = time.monotonic()
            table = imports.read_table("huishoudens.csv", data)
            t1 = time.monotonic()
            preview = imports.check_rows(table)
            t2 = time.monotonic()
            good = [c.values for c in preview.rows if c.values and not c.errors]
            stored += services.import_households(good)
            t3 = time.monotonic()
            timings["read_s"] += t1 - t0
            timings["check_s"] += t2 - t1
            timings["store_s"] += t3 - t2
    result = {"rows": rows, "files": -(-rows // per_file), "stored": stored}
    result.update({k: round(v, 2) for k, v in timings.items()})
    result["total_s"] = round(sum(timings.values()), 2)
    return result


def geocoded_household_csv(rows: int, seed: int = 11) -> bytes:
    """`rows` households at real Ghent doors from the embedded address data (app/data/ghent/),
    without a wijk or a position: the import places each one itself. One in ten has a box, one
    in twenty a house number the data does not hold (placed between its neighbours)."""
    from app.addresses.crab import ADDRESSES_FILE

    rng = random.Random(seed)
    with open(ADDRESSES_FILE, encoding="utf-8", newline="") as f:
        doors = [r for r in csv.DictReader(f) if r["huisnummer"].isdigit()]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["straat", "huisnummer", "bus", "postcode", "kinderen 6-8"])
    for i, door in enumerate(rng.sample(doors, rows)):
        number = door["huisnummer"]
        if i % 20 == 7:
            number = str(int(number) + 1001)
        writer.writerow(
            [
                door["straatnaam"],
                number,
                str(i % 5 + 1) if i % 10 == 3 else "",
                door["postcode"],
                rng.randint(0, 3),
            ]
        )
    return out.getvalue().encode()


def household_import_geocoded(app, rows: int = 5000) -> dict:
    """One upload of `rows` (5,000: the most one file may hold) read, checked and stored as the
    coordinator's import does it, every address placed offline (ADDRESS_REGISTER_URL empty: the
    embedded CRAB data and the remembered answers only). The embedded data's index is built on
    first use in a process; that is timed apart (`index_s`) and included in `total_s`."""
    from app.addresses import crab
    from app.households import imports, services

    data = geocoded_household_csv(rows)
    saved = app.config.get("ADDRESS_REGISTER_URL")
    app.config["ADDRESS_REGISTER_URL"] = ""
    try:
        with app.test_request_context("/huishoudens/import"):
            sign_in_as(COORDINATOR)
            cpu = time.process_time()
            t0 = time.monotonic()
            crab._index = None  # as a freshly started worker finds it
            crab.index()
            t1 = time.monotonic()
            table = imports.read_table("huishoudens.csv", data)
            t2 = time.monotonic()
            preview = imports.check_rows(table)
            t3 = time.monotonic()
            good = [c.values for c in preview.rows if c.values and not c.errors]
            stored = services.import_households(good)
            t4 = time.monotonic()
            cpu = time.process_time() - cpu
    finally:
        app.config["ADDRESS_REGISTER_URL"] = saved
    sources: dict[str, int] = {}
    for check in preview.rows:
        source = (check.placement.position_source or "no position") if check.placement else "none"
        sources[source] = sources.get(source, 0) + 1
    why: dict[str, int] = {}
    for check in preview.bad:
        reason = str(check.errors[0])[:80]
        why[reason] = why.get(reason, 0) + 1
    return {
        "rows": rows,
        "stored": stored,
        "rejected": len(preview.bad),
        "rejected_why": why,
        "placed_by": sources,
        "index_s": round(t1 - t0, 2),
        "read_s": round(t2 - t1, 2),
        "check_s": round(t3 - t2, 2),
        "store_s": round(t4 - t3, 2),
        "total_s": round(t4 - t0, 2),
        # this process's CPU time (on SQLite the database's work too): what a busy machine's
        # other work does not add to
        "cpu_s": round(cpu, 2),
    }
