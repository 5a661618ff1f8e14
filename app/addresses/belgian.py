"""Belgian addresses in Ghent as people write them: parsing, validation, keys, Ghent or not.

Pure functions only (no Flask app, no database): the forms, the imports, the address lookup and
the duplicate check all call these, so they must behave the same everywhere.

Errors are returned, not raised, as `FieldError` objects with a stable machine
`code` (for tests, logs and the API) and a lazily translated Dutch `message`
(for the UI). Never str() a message outside a request: Babel needs a locale.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# All postcodes of the municipality of Gent (NIS 44021); see data/README.md.
GHENT_POSTCODES: frozenset[str] = frozenset(
    {"9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"}
)
MUNICIPALITY = "Gent"

STREET_MAX_LENGTH = 120
# A raw house number longer than this is a typo or pasted junk, never a real number.
NUMBER_MAX_LENGTH = 12
# The highest house numbers in Ghent are in the low thousands; 5 digits is generous.
NUMBER_MAX_DIGITS = 5
BOX_MAX_LENGTH = 10

# "12", "12A", "12 a", "12bis" (letters are an official part of the number).
_NUMBER_SUFFIX_RE = re.compile(r"^(\d+)\s*([A-Za-z]{1,3})?$")
# "12-14", "12 - 14": one door for two plots.
_NUMBER_RANGE_RE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
# Words that introduce a box number; they must never become a letter suffix.
_BOX_WORDS = frozenset({"BUS", "BTE", "BOX", "BT"})

# Box notations people type: "12 bus 3", "12 bte 3", "12 box 3", "12 b3", "12/3".
# A bare "b" only counts when a digit follows, so "12bis" and "12 b" stay suffixes.
_BOX_RE = re.compile(
    r"^(?P<number>.*?)\s*"
    r"(?:(?:/|(?:bus|bte|boîte|boite|box|bt)\.?)\s*(?P<box>[0-9A-Za-z][0-9A-Za-z.\-]*)"
    r"|b\.?\s*(?P<bbox>\d[0-9A-Za-z.\-]*))$",
    re.IGNORECASE,
)
_BOX_CHARS_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")

# Abbreviations in street names, unified to the full word in keys so that
# "Kerkstr." and "Kerkstraat" collide. Applied to the end of each word because
# Dutch street names are compounds ("Brusselsesteenweg" / "Brusselsestwg").
_SUFFIX_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("steenweg", "steenweg"),
    ("stwg", "steenweg"),
    ("stw", "steenweg"),
    ("straat", "straat"),
    ("str", "straat"),
    ("laan", "laan"),
    ("ln", "laan"),
    ("plein", "plein"),
    ("pl", "plein"),
)
# Whole-word abbreviations ("St.-Pietersplein", "Sint-Pietersplein").
_WORD_ABBREVIATIONS: dict[str, str] = {"st": "sint"}


@dataclass(frozen=True)
class FieldError:
    """One problem with one form field: `code` is stable, `message` is for people."""

    field: str
    code: str
    message: LazyString
    detail: LazyString | str = ""  # what the message is built on, for another wording


@dataclass(frozen=True)
class HouseNumber:
    """A normalised house number ("12A", "12-14") and the key to sort it by."""

    text: str
    sort_key: tuple[int, str]

    @property
    def number(self) -> int:
        return self.sort_key[0]


@dataclass(frozen=True)
class Address:
    """A validated Ghent address; `box` is "" when there is none."""

    street: str
    number: str
    box: str
    postcode: str
    number_sort: int
    municipality: str = MUNICIPALITY

    def one_line(self) -> str:
        """The Belgian way of writing it: "Bellevue 1 bus 3, 9050 Gent"."""
        box = f" bus {self.box}" if self.box else ""
        return f"{self.street} {self.number}{box}, {self.postcode} {self.municipality}"


# --- house numbers ---------------------------------------------------------


def _number_error(code: str, message: LazyString) -> FieldError:
    return FieldError("number", code, message)


def parse_house_number(text: str) -> HouseNumber | FieldError:
    """Parse "12", "12A", "12 a", "12bis" or "12-14"; the box must be split off first."""
    raw = " ".join((text or "").split())
    if not raw:
        return _number_error("number_required", _l("Vul een huisnummer in."))
    if len(raw) > NUMBER_MAX_LENGTH:
        return _number_error("number_too_long", _l("Dit huisnummer is te lang."))
    if not raw[0].isdigit():
        return _number_error(
            "number_invalid", _l("Een huisnummer begint met een cijfer, bijvoorbeeld 12 of 12A.")
        )
    parsed = _parse_range(raw) or _parse_with_suffix(raw)
    if parsed is None:
        return _number_error(
            "number_invalid",
            _l("Dit is geen geldig huisnummer. Schrijf bijvoorbeeld 12, 12A of 12-14."),
        )
    return _check_number_value(parsed)


def _parse_range(raw: str) -> HouseNumber | FieldError | None:
    match = _NUMBER_RANGE_RE.match(raw)
    if match is None:
        return None
    first, last = match.group(1), match.group(2)
    if int(last) <= int(first):
        return _number_error(
            "number_invalid_range",
            _l("In een reeks huisnummers komt het kleinste nummer eerst, bijvoorbeeld 12-14."),
        )
    suffix = f"-{int(last)}"
    return HouseNumber(f"{int(first)}{suffix}", (int(first), suffix))


def _parse_with_suffix(raw: str) -> HouseNumber | None:
    match = _NUMBER_SUFFIX_RE.match(raw)
    if match is None:
        return None
    suffix = (match.group(2) or "").upper()
    # "12 bus" without a box number is an unfinished box, not suffix "BUS".
    if suffix in _BOX_WORDS:
        return None
    first = int(match.group(1))
    return HouseNumber(f"{first}{suffix}", (first, suffix))


def _check_number_value(parsed: HouseNumber | FieldError) -> HouseNumber | FieldError:
    if isinstance(parsed, FieldError):
        return parsed
    if parsed.number == 0:
        return _number_error("number_zero", _l("Huisnummer 0 bestaat niet."))
    if len(str(parsed.number)) > NUMBER_MAX_DIGITS:
        return _number_error("number_too_long", _l("Dit huisnummer is te lang."))
    return parsed


# --- boxes -------------------------------------------------------------------


def split_box(number_text: str) -> tuple[str, str]:
    """Split "12 bus 3", "12 b3", "12/3", "12 bte 3", "12 box 3" into ("12", "3").

    Returns (number, "") when there is no box, so it is safe on any input.
    """
    text = " ".join((number_text or "").split())
    match = _BOX_RE.match(text)
    if match is None or not match.group("number"):
        return text, ""
    box = match.group("box") or match.group("bbox") or ""
    return match.group("number").strip(), box.upper()


def normalise_box(box: str | None) -> str:
    """Reduce a box typed on its own ("bus 3", "b3", "/3", "3") to "3"."""
    text = " ".join((box or "").split())
    if not text:
        return ""
    # Reuse split_box by pretending there is a number in front.
    _, found = split_box(f"0 {text}")
    return found or text.upper()


def _validate_box(box: str) -> FieldError | None:
    if len(box) > BOX_MAX_LENGTH:
        return FieldError("box", "box_too_long", _l("Dit busnummer is te lang."))
    if box and not _BOX_CHARS_RE.match(box):
        return FieldError(
            "box", "box_invalid", _l("Een busnummer bevat alleen cijfers en letters.")
        )
    return None


# --- whole address -----------------------------------------------------------


def normalise_street(street: str) -> str:
    """Trim and collapse whitespace; the user's own casing is kept on purpose."""
    return " ".join((street or "").split())


def _validate_street(street: str) -> FieldError | None:
    if not street:
        return FieldError("street", "street_required", _l("Vul een straatnaam in."))
    if len(street) > STREET_MAX_LENGTH:
        return FieldError("street", "street_too_long", _l("Deze straatnaam is te lang."))
    if not any(char.isalpha() for char in street):
        return FieldError("street", "street_invalid", _l("Een straatnaam bevat letters."))
    return None


def normalise_postcode(postcode: str) -> str:
    """Accept "9000", " 9000 ", "B-9000" and "B9000" as 9000."""
    text = "".join((postcode or "").split()).upper()
    return text.removeprefix("B-").removeprefix("B")


def _validate_postcode(postcode: str) -> FieldError | None:
    if not postcode:
        return FieldError("postcode", "postcode_required", _l("Vul een postcode in."))
    if not (len(postcode) == 4 and postcode.isdigit()):
        return FieldError(
            "postcode", "postcode_invalid", _l("Een Belgische postcode heeft vier cijfers.")
        )
    if postcode not in GHENT_POSTCODES:
        return FieldError(
            "postcode", "postcode_not_ghent", _l("Deze postcode ligt niet in Gent (9000 tot 9052).")
        )
    return None


def _resolve_box(embedded: str, typed: str) -> tuple[str, FieldError | None]:
    """Merge a box typed in the number field with one typed in the box field."""
    if embedded and typed and embedded != typed:
        return typed, FieldError(
            "box",
            "box_conflict",
            _l("Het huisnummer en het busnummer vermelden een verschillende bus."),
        )
    return typed or embedded, None


def validate_address(
    street: str, number: str, box: str | None, postcode: str
) -> Address | list[FieldError]:
    """Validate and normalise one address; returns an Address or all field errors."""
    errors: list[FieldError] = []
    clean_street = normalise_street(street)
    number_part, embedded_box = split_box(number)
    clean_box, box_error = _resolve_box(embedded_box, normalise_box(box))
    clean_postcode = normalise_postcode(postcode)
    parsed = parse_house_number(number_part)

    for error in (
        _validate_street(clean_street),
        parsed if isinstance(parsed, FieldError) else None,
        box_error or _validate_box(clean_box),
        _validate_postcode(clean_postcode),
    ):
        if error is not None:
            errors.append(error)
    if errors or isinstance(parsed, FieldError):
        return errors
    return Address(clean_street, parsed.text, clean_box, clean_postcode, parsed.number)


# --- keys and duplicates --------------------------------------------------


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def street_key(street: str) -> str:
    """Key to match a street to a known wijk: lowercase, no accents, single spaces."""
    return " ".join(_strip_accents(street or "").casefold().split())


def _unify_word(word: str) -> str:
    bare = word.rstrip(".")
    if bare in _WORD_ABBREVIATIONS:
        return _WORD_ABBREVIATIONS[bare]
    for short, full in _SUFFIX_ABBREVIATIONS:
        if bare.endswith(short):
            return bare[: -len(short)] + full
    return bare


def street_match_key(street: str) -> str:
    """Street part of address_key: abbreviations unified, accents, spaces and hyphens removed.

    "Sint-Pietersplein", "St. Pietersplein" and "sint pietersplein" give the same key.
    """
    words = re.split(r"[\s\-]+", street_key(street))
    unified = "".join(_unify_word(word) for word in words if word)
    return "".join(char for char in unified if char.isalnum())


def _box_key(box: str) -> str:
    # "bus 03" and "bus 3" are the same door in practice.
    if box.isdigit():
        return box.lstrip("0") or "0"
    return box.casefold()


def _number_and_box_key(number: str, box: str | None) -> tuple[str, str]:
    number_part, embedded_box = split_box(number)
    parsed = parse_house_number(number_part)
    number_key = parsed.text if isinstance(parsed, HouseNumber) else number_part
    box_text = normalise_box(box) or embedded_box
    alnum = "".join(char for char in number_key.casefold() if char.isalnum() or char == "-")
    return alnum, _box_key(box_text)


def address_key(street: str, number: str, box: str | None, postcode: str) -> str:
    """Normalisation key: equal keys mean "the same door written differently"."""
    number_key, box_key = _number_and_box_key(number, box)
    return "|".join((street_match_key(street), number_key, box_key, normalise_postcode(postcode)))


def levenshtein(a: str, b: str, max_distance: int) -> int:
    """Edit distance between a and b, or max_distance + 1 as soon as it is exceeded.

    Bounded so that comparing one address with thousands stays cheap.
    """
    if abs(len(a) - len(b)) > max_distance:
        return max_distance + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        if min(current) > max_distance:
            return max_distance + 1
        previous = current
    return min(previous[-1], max_distance + 1)


def street_typo_limit(a: str, b: str) -> int:
    """How many typos two street keys may differ by and still be the same street."""
    # Short names differ in one letter from a different real street ("Hoek"/"Hoef").
    return 2 if min(len(a), len(b)) >= 8 else 1


# --- Ghent or not ------------------------------------------------------------------------

# The parts of the municipality of Gent that people write as the place of an address, with
# their postcode (data/README.md). The city's own name spans every postcode.
DISTRICT_POSTCODES: dict[str, str] = {
    "Mariakerke": "9030",
    "Drongen": "9031",
    "Wondelgem": "9032",
    "Sint-Amandsberg": "9040",
    "Oostakker": "9041",
    "Desteldonk": "9042",
    "Mendonk": "9042",
    "Sint-Kruis-Winkel": "9042",
    "Gentbrugge": "9050",
    "Ledeberg": "9050",
    "Afsnee": "9051",
    "Sint-Denijs-Westrem": "9051",
    "Zwijnaarde": "9052",
}
# Gent in Dutch, English and French: UiTdatabank and providers write all three.
CITY_NAMES = ("Gent", "Ghent", "Gand")


def _place_key(text: str) -> str:
    """ "Sint-Amandsberg", "St. Amandsberg", "SINT AMANDSBERG" → "sintamandsberg"."""
    words = re.findall(r"[a-z0-9]+", _strip_accents(text or "").casefold())
    return "".join(_WORD_ABBREVIATIONS.get(word, word) for word in words if not word.isdigit())


_CITY_KEYS = frozenset(_place_key(name) for name in CITY_NAMES)
_DISTRICT_BY_KEY = {_place_key(name): name for name in DISTRICT_POSTCODES}


def ghent_part(locality: str | None) -> str | None:
    """The part of Gent a written place names ("Oostakker (Gent)" → "Oostakker"), or None.

    "Gent", "Ghent" and "Gand" give "Gent"; a place outside Gent gives None. Postcodes typed into
    the place ("9041 Oostakker"), brackets, hyphens, case and accents do not matter.
    """
    key = _place_key(locality or "")
    if not key:
        return None
    if key in _CITY_KEYS:
        return MUNICIPALITY
    if key in _DISTRICT_BY_KEY:
        return _DISTRICT_BY_KEY[key]
    # "Oostakker (Gent)", "Gent-Oostakker": the city's name before or after the district's.
    for city in _CITY_KEYS:
        for rest in (key.removeprefix(city), key.removesuffix(city)):
            if rest != key and rest in _DISTRICT_BY_KEY:
                return _DISTRICT_BY_KEY[rest]
    return None


def postcode_of_place(locality: str | None) -> str | None:
    """The postcode a Ghent district implies; None for "Gent" itself or a place elsewhere."""
    return DISTRICT_POSTCODES.get(ghent_part(locality) or "")


def is_ghent(postcode: str | None, locality: str | None) -> bool:
    """Does this postcode and/or place lie in the municipality of Gent?

    Every Ghent postcode (9000–9052) and every district as people write it counts. When both
    are given, both must say Gent: "9000 Antwerpen" is a typo we cannot place.
    """
    code = normalise_postcode(postcode or "")
    place = (locality or "").strip()
    if code and code not in GHENT_POSTCODES:
        return False
    if place and ghent_part(place) is None:
        return False
    return bool(code or place)
