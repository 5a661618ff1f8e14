"""The walk sheet as PDF: WeasyPrint renders the very HTML and CSS of the print view."""

from pathlib import Path

from flask import current_app, render_template
from weasyprint import HTML, default_url_fetcher

from app.audit.services import record
from app.extensions import db


def _static_only_fetcher(root: Path):
    """Serve /static/ from disk; never fetch anything else (no requests back to ourselves)."""

    def fetch(url: str, *args, **kwargs):
        marker = "/static/"
        if marker in url:
            path = (root / url.split(marker, 1)[1].split("?")[0]).resolve()
            if path.is_file() and root in path.parents:
                return default_url_fetcher(path.as_uri(), *args, **kwargs)
        raise ValueError(f"not fetched: {url}")

    return fetch


def render_walk_sheet(route) -> bytes:
    html = render_template("rounds/walk_sheet.html", route=route, pdf=True)
    root = Path(current_app.static_folder).resolve()
    return HTML(
        string=html, base_url="http://localhost/", url_fetcher=_static_only_fetcher(root)
    ).write_pdf()


def walk_sheet_response(route):
    pdf = render_walk_sheet(route)
    # A printed list of addresses leaves the system: it belongs in the audit trail.
    record("walk_sheet_printed", route, round_id=route.round_id)
    db.session.commit()
    filename = f"looplijst-route-{route.id}.pdf"
    return current_app.response_class(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
