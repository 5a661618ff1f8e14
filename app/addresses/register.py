"""Flanders' address register (Basisregisters Vlaanderen, API v2): the authority, when it answers.

`ask()` sends `GET {ADDRESS_REGISTER_URL}/adresmatch?gemeentenaam=Gent&postcode=…&straatnaam=…
&huisnummer=…[&busnummer=…]` (header `x-api-key` when a key is set) and picks the best match:
the same house number, the asked box (else the building's own address, else any of its boxes),
an address in use before a retired one, a score of at least MIN_SCORE, and a position that marks
the building rather than the street or the municipality. Positions come as GML points in Belgian
Lambert 72 (EPSG:31370); pyproj turns them into WGS84.

No answer within TIMEOUT seconds — a slow server, a dead network, a DNS lookup that hangs — is
`RegisterUnavailable`, and the caller falls back to the embedded data. After such a failure the
register is left alone for PAUSE_SECONDS, so that a page or an import does not wait two seconds
per address while it is down.
"""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import cache
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from app.addresses.belgian import MUNICIPALITY

TIMEOUT = 2.0
PAUSE_SECONDS = 60.0
MIN_SCORE = 85.0
# The largest answer we read: ten matches are ~20 kB; anything far bigger is not an answer.
MAX_ANSWER_BYTES = 1_000_000
# Positions that stand for the whole street or municipality say nothing about the door.
VAGUE_POSITIONS = frozenset({"gemeente", "straat", "wegsegment"})
STATUS_RANK = {"inGebruik": 0, "voorgesteld": 1, "gehistoreerd": 2}  # "afgekeurd": never

_POS_RE = re.compile(r"<gml:pos>\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*</gml:pos>")
_SRS_RE = re.compile(r"EPSG(?:/0/|::?)(\d+)", re.IGNORECASE)


class RegisterUnavailable(Exception):
    """The register did not answer in time, or answered with an error."""


class RegisterRefused(RegisterUnavailable):
    """The register turned this one question down (HTTP 4xx): no reason to pause asking."""


@dataclass(frozen=True)
class Match:
    """The register's best match: a WGS84 point and what the register calls the address."""

    lat: float
    lon: float
    address: str
    score: float
    status: str


# --- asking ------------------------------------------------------------------------------


_paused_until: dict[str, float] = {}
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Threads for the requests, made on first use (after gunicorn forked its workers)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="address-register")
        return _executor


def paused(url: str) -> bool:
    """Whether the register at this URL failed lately and is being left alone."""
    return time.monotonic() < _paused_until.get(url, 0.0)


def reset() -> None:
    """Forget every pause: the next question goes to the register again."""
    _paused_until.clear()


def _fetch(request: Request) -> dict:
    try:
        # The URL is our own configuration (https by default), never user input.
        with urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310  # nosec B310
            body = response.read(MAX_ANSWER_BYTES + 1)
    except HTTPError as error:
        if 400 <= error.code < 500 and error.code != 429:
            raise RegisterRefused(f"HTTP {error.code}") from error
        raise RegisterUnavailable(f"HTTP {error.code}") from error
    except OSError as error:  # refused, reset, DNS, TLS, socket time-out
        raise RegisterUnavailable(str(error)) from error
    if len(body) > MAX_ANSWER_BYTES:
        raise RegisterUnavailable("answer too large")
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise RegisterUnavailable("not JSON") from error
    if not isinstance(payload, dict):
        raise RegisterUnavailable("not an adresmatch answer")
    return payload


def ask(
    street: str,
    number: str,
    postcode: str,
    box: str = "",
    *,
    url: str,
    api_key: str | None = None,
) -> Match | None:
    """The register's best match for this Ghent address, or None when it knows no such address.

    Raises RegisterUnavailable when it does not answer within TIMEOUT seconds or answers an error.
    """
    if paused(url):
        raise RegisterUnavailable("paused after an earlier failure")
    query = {
        "gemeentenaam": MUNICIPALITY,
        "postcode": postcode,
        "straatnaam": street,
        "huisnummer": number,
    }
    if box:
        query["busnummer"] = box
    headers = {"Accept": "application/json"}
    if api_key:
        headers["x-api-key"] = api_key
    if not url.startswith(("https://", "http://")):
        raise RegisterRefused("ADDRESS_REGISTER_URL is not an http(s) address")
    # Checked just above: http(s) only, and the URL is our configuration, not user input.
    request = Request(  # noqa: S310
        f"{url.rstrip('/')}/adresmatch?{urlencode(query)}", headers=headers
    )
    future = _pool().submit(_fetch, request)
    try:
        payload = future.result(timeout=TIMEOUT)
    except RegisterRefused:
        raise
    except (FutureTimeout, RegisterUnavailable) as error:
        _paused_until[url] = time.monotonic() + PAUSE_SECONDS
        raise RegisterUnavailable(str(error) or "no answer within the time-out") from error
    return best_match(payload, number, box)


# --- reading the answer ------------------------------------------------------------------


def _box_key(box: str | None) -> str:
    text = (box or "").strip().casefold()
    return text.lstrip("0") or ("0" if text else "")


def _number_key(number: str | None) -> str:
    return "".join((number or "").split()).casefold()


@cache
def _to_wgs84(epsg: int):
    from pyproj import Transformer  # heavy: only when the register answers

    return Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)


def point_of(match: dict) -> tuple[float, float] | None:
    """(lat, lon) in WGS84 of a match's `adresPositie`, or None when it has no usable one."""
    position = match.get("adresPositie") or {}
    if position.get("positieSpecificatie") in VAGUE_POSITIONS:
        return None
    gml = (position.get("geometrie") or {}).get("gml") or ""
    found = _POS_RE.search(gml)
    if found is None:
        return None
    srs = _SRS_RE.search(gml)
    x, y = float(found.group(1)), float(found.group(2))
    lon, lat = _to_wgs84(int(srs.group(1)) if srs else 31370).transform(x, y)
    return lat, lon


def _full_address(match: dict) -> str:
    return ((match.get("volledigAdres") or {}).get("geografischeNaam") or {}).get("spelling", "")


def best_match(payload: dict, number: str, box: str = "") -> Match | None:
    """The match to trust for this number and box, or None (see the module's first lines)."""
    wanted_number, wanted_box = _number_key(number), _box_key(box)
    ranked = []
    for match in payload.get("adresMatches") or []:
        score = float(match.get("score") or 0)
        status = match.get("adresStatus") or ""
        if score < MIN_SCORE or status not in STATUS_RANK:
            continue
        if _number_key(match.get("huisnummer")) != wanted_number:
            continue
        point = point_of(match)
        if point is None:
            continue
        their_box = _box_key(match.get("busnummer"))
        box_rank = 0 if their_box == wanted_box else (1 if not their_box else 2)
        ranked.append(((box_rank, STATUS_RANK[status], -score), point, match))
    if not ranked:
        return None
    _rank, (lat, lon), match = min(ranked, key=lambda item: item[0])
    return Match(
        lat,
        lon,
        _full_address(match),
        float(match.get("score") or 0),
        match.get("adresStatus") or "",
    )
