"""Flyer sheets: one HTML/CSS template, shown as a print view or rendered to PDF by WeasyPrint.

WeasyPrint renders the very templates the HTML print view shows, keeps the QR code as vector
paths (inline SVG), and shapes text with Pango/HarfBuzz, which the Arabic flyers will need. It runs
with a fetcher that refuses anything but local files and data: URLs, so a PDF never reaches out.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app import clock
from app.flyers import qr
from app.i18n import RTL_LANGUAGES

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
FLYER_CSS = STATIC_DIR / "css" / "flyers.css"


@dataclass(frozen=True)
class Layout:
    label: object
    copies: int  # flyers (and QR codes) per A4 sheet
    qr_size: str  # printed width of the QR code, quiet zone included


LAYOUTS = {
    "a6x4": Layout(_l("4 flyers A6 op een A4-blad, met snijlijnen"), 4, "48mm"),
    "a5x2": Layout(_l("2 flyers A5 op een A4-blad, met snijlijn"), 2, "56mm"),
    "a4": Layout(_l("Affiche A4"), 1, "100mm"),
    "doorhanger": Layout(_l("Deurhanger: we kwamen langs en misten je"), 1, "60mm"),
}


def layout_choices() -> list[tuple[str, str]]:
    return [(code, str(layout.label)) for code, layout in LAYOUTS.items()]


def _season_context() -> dict:
    season = clock.this_season()
    return {
        "season_start": format_date(season.start, "d MMMM"),
        "season_end": format_date(season.end, "d MMMM y"),
    }


def render_sheet(link, layout: str, lang: str) -> Markup:
    """One A4 sheet with the flyers of one link, its texts in the flyer's language."""
    spec = LAYOUTS[layout]
    url = qr.short_url(link.code)
    with force_locale(lang):
        # An autoescaped template of ours, not user text.
        return Markup(  # noqa: S704  # nosec B704
            render_template(
                "flyers/_sheet.html",
                layout=layout,
                copies=range(spec.copies),
                lang=lang,
                direction="rtl" if lang in RTL_LANGUAGES else "ltr",
                wijk_name=link.wijk.name if link.wijk else "",
                address=qr.printed_address(link.code),
                qr_svg=qr.qr_svg(url, size=spec.qr_size),
                phone=current_app.config["HUIS_VAN_HET_KIND_PHONE"],
                email=current_app.config["HUIS_VAN_HET_KIND_EMAIL"],
                **_season_context(),
            )
        )


def render_document(items, layout: str, *, for_pdf: bool, back_url: str = "", pdf_url: str = ""):
    """The whole print document; ``items`` are (link, lang) pairs, one sheet each."""
    sheets = [render_sheet(link, layout, lang) for link, lang in items]
    return render_template(
        "flyers/print.html",
        sheets=sheets,
        layout=layout,
        for_pdf=for_pdf,
        back_url=back_url,
        pdf_url=pdf_url,
    )


def _local_only_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Only data: URLs and files under app/static; never the network."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not path.is_relative_to(STATIC_DIR):
                    raise ValueError(f"refusing to read {url}: outside app/static")
            elif not url.startswith("data:"):
                raise ValueError(f"refusing to fetch {url}: flyers use local files only")
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


def write_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the PDF views need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _local_only_fetcher()
    # Without a shared font configuration WeasyPrint ignores @font-face: the vendored Arabic and
    # Cyrillic faces (app/static/vendor/fonts) would silently fall back to the server's fonts.
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    stylesheet = CSS(filename=str(FLYER_CSS), url_fetcher=fetcher, font_config=fonts)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
