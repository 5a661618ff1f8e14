"""The walk sheet as PDF: WeasyPrint renders the very HTML and CSS of the print view."""

import mimetypes
from pathlib import Path

from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.audit.services import record_read


class StaticFetcher(URLFetcher):
    """Serve /static/ from disk and fetch nothing else: no request back to our own server
    (which could wait on itself) and nothing from the internet."""

    def __init__(self, root: Path, **kwargs):
        super().__init__(**kwargs)
        self.root = root

    def fetch(self, url, headers=None):
        marker = "/static/"
        if marker in url:
            path = (self.root / url.split(marker, 1)[1].split("?")[0]).resolve()
            if path.is_file() and self.root in path.parents:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        raise ValueError(f"not fetched: {url}")


def render_walk_sheet(route) -> bytes:
    html = render_template("rounds/walk_sheet.html", route=route, pdf=True)
    fetcher = StaticFetcher(Path(current_app.static_folder).resolve())
    return HTML(string=html, base_url="http://localhost/", url_fetcher=fetcher).write_pdf()


def walk_sheet_response(route):
    pdf = render_walk_sheet(route)
    # A printed list of addresses leaves the system: it belongs in the audit trail.
    record_read(
        "walk_sheet_printed", "household", route.stops, route_id=route.id, round_id=route.round_id
    )
    filename = f"looplijst-route-{route.id}.pdf"
    return current_app.response_class(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
