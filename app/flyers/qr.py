"""QR codes as vector SVG, and the public address a printed code points to."""

import re

import qrcode
import qrcode.constants
from flask import current_app
from markupsafe import Markup, escape
from qrcode.image.svg import SvgPathImage

from app.http import public_host

# Q recovers from ~25% damage (a folded, rained-on flyer) and still fits our ~35-character
# addresses in a version 3–4 symbol, so modules stay large enough for cheap phone cameras.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
QUIET_ZONE_MODULES = 4  # the minimum the QR standard asks for around the symbol


def short_url(code: str) -> str:
    """Exactly what the QR code encodes (contract §7): PUBLIC_BASE_URL/q/<code>."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/q/{code}"


def printed_address(code: str) -> str:
    """The short address as people type it: host and path, without the scheme."""
    return f"{public_host()}/q/{code}"


def qr_svg(data: str, *, size: str | None = None, css_class: str = "qr") -> Markup:
    """An inline <svg> of the QR code: one path of squares, so it stays sharp at any size.

    ``size`` (a CSS length such as ``"40mm"``) sets the printed width and height; without it the
    stylesheet sizes the code (the full-screen page scales it to the phone).
    """
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECTION,
        border=QUIET_ZONE_MODULES,
        image_factory=SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    attrs = f'class="{css_class}" role="img" aria-label="QR-code: {escape(data)}"'
    if size:
        attrs += f' width="{size}" height="{size}"'
    # Replace the generated width/height (one millimetre per module) with ours.
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', f"<svg {attrs}", svg, count=1)
    # qrcode output for a URL we built; the label is escaped above.
    return Markup(svg)  # noqa: S704  # nosec B704
