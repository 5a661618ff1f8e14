"""Batch work a coordinator waits for: flyer PDFs for every wijk, a 20,000-household import."""

import csv
import io
import random
import time

from benchmarks.targets import COORDINATOR


def flyer_pdfs(app, languages=("nl", "ar"), layout: str = "a6x4", wijken: int = 25) -> dict:
    """One PDF with the flyers of all 25 wijken in two languages (as the bulk print makes it)."""
    from flask_login import login_user

    from app.auth.models import User
    from app.extensions import db
    from app.flyers import pdf, services
    from app.flyers.models import ShortLink
    from app.wijken.models import Wijk

    with app.test_request_context("/flyers/bulk"):
        login_user(db.session.scalar(db.select(User).where(User.email == COORDINATOR)))
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
    from flask_login import login_user

    from app.auth.models import User
    from app.extensions import db
    from app.households import imports, services

    per_file = app.config["HOUSEHOLD_IMPORT_MAX_ROWS"]
    lines = household_csv(rows).decode().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    timings = {"read_s": 0.0, "check_s": 0.0, "store_s": 0.0}
    stored = 0
    with app.test_request_context("/huishoudens/import"):
        login_user(db.session.scalar(db.select(User).where(User.email == COORDINATOR)))
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
