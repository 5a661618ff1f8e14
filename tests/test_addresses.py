"""Tests for app.addresses.belgian and the near-duplicate check; errors are compared by code."""

import pytest

from app.addresses.belgian import (
    GHENT_POSTCODES,
    Address,
    FieldError,
    HouseNumber,
    address_key,
    levenshtein,
    normalise_box,
    parse_house_number,
    split_box,
    street_key,
    validate_address,
)
from app.households.duplicates import is_near_duplicate


def _codes(result: Address | list[FieldError]) -> set[tuple[str, str]]:
    assert isinstance(result, list)
    return {(error.field, error.code) for error in result}


@pytest.mark.parametrize(
    ("text", "normalised", "sort_key"),
    [
        ("12", "12", (12, "")),
        ("12A", "12A", (12, "A")),
        ("12 a", "12A", (12, "A")),
        (" 012b ", "12B", (12, "B")),
        ("12bis", "12BIS", (12, "BIS")),
        ("12-14", "12-14", (12, "-14")),
        ("12 - 14", "12-14", (12, "-14")),
        ("1", "1", (1, "")),
    ],
)
def test_parse_house_number_accepts(text, normalised, sort_key):
    result = parse_house_number(text)
    assert isinstance(result, HouseNumber)
    assert result.text == normalised
    assert result.sort_key == sort_key


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "number_required"),
        ("   ", "number_required"),
        ("0", "number_zero"),
        ("00", "number_zero"),
        ("A12", "number_invalid"),
        ("twaalf", "number_invalid"),
        ("12 bus", "number_invalid"),
        ("12/3", "number_invalid"),  # the box must be split off first
        ("14-12", "number_invalid_range"),
        ("123456", "number_too_long"),
        ("1" * 40, "number_too_long"),
        ("12ABCD", "number_invalid"),
    ],
)
def test_parse_house_number_rejects(text, code):
    result = parse_house_number(text)
    assert isinstance(result, FieldError)
    assert (result.field, result.code) == ("number", code)


def test_sort_keys_order_doors_naturally():
    texts = ["12A", "2", "12", "12-14", "10"]
    parsed = [parse_house_number(text) for text in texts]
    ordered = [number.text for number in sorted(parsed, key=lambda number: number.sort_key)]
    assert ordered == ["2", "10", "12", "12-14", "12A"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 bus 3", ("12", "3")),
        ("12 b3", ("12", "3")),
        ("12 b 3", ("12", "3")),
        ("12/3", ("12", "3")),
        ("12 / 3", ("12", "3")),
        ("12 bte 3", ("12", "3")),
        ("12 box 3", ("12", "3")),
        ("12 Bus 3", ("12", "3")),
        ("12bus3", ("12", "3")),
        ("12A bus 0.1", ("12A", "0.1")),
        ("12 bus a", ("12", "A")),
        ("12", ("12", "")),
        ("12A", ("12A", "")),
        ("12bis", ("12bis", "")),
        ("12 b", ("12 b", "")),
        ("", ("", "")),
    ],
)
def test_split_box(text, expected):
    assert split_box(text) == expected


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        ("bus 3", "3"),
        ("b3", "3"),
        ("/3", "3"),
        ("bte 3", "3"),
        ("3", "3"),
        (" a ", "A"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_box(box, expected):
    assert normalise_box(box) == expected


def test_validate_address_normalises():
    result = validate_address("  Sint-Pietersnieuwstraat   ", "12 a", "bus 3", " 9000 ")
    assert result == Address("Sint-Pietersnieuwstraat", "12A", "3", "9000", 12)
    assert result.municipality == "Gent"


def test_validate_address_keeps_user_casing_and_collapses_spaces():
    result = validate_address("de  Pintelaan", "1", "", "9000")
    assert isinstance(result, Address)
    assert result.street == "de Pintelaan"
    assert result.box == ""


def test_validate_address_box_in_number_field():
    result = validate_address("Bellevue", "1 bus 3", None, "9050")
    assert isinstance(result, Address)
    assert (result.number, result.box) == ("1", "3")
    # The same box typed twice is fine; two different boxes are not.
    assert isinstance(validate_address("Bellevue", "1 bus 3", "3", "9050"), Address)
    assert _codes(validate_address("Bellevue", "1 bus 3", "4", "9050")) == {("box", "box_conflict")}


def test_validate_address_all_ghent_postcodes():
    for postcode in sorted(GHENT_POSTCODES):
        assert isinstance(validate_address("Kerkstraat", "1", "", postcode), Address)
    assert validate_address("Kerkstraat", "1", "", "B-9000").postcode == "9000"


def test_validate_address_collects_all_errors():
    result = validate_address("   ", "0", "bus ###", "1000")
    assert _codes(result) == {
        ("street", "street_required"),
        ("number", "number_zero"),
        ("box", "box_invalid"),
        ("postcode", "postcode_not_ghent"),
    }


@pytest.mark.parametrize(
    ("street", "number", "box", "postcode", "expected"),
    [
        ("x" * 121, "1", "", "9000", ("street", "street_too_long")),
        ("123", "1", "", "9000", ("street", "street_invalid")),
        ("Kerkstraat", "", "", "9000", ("number", "number_required")),
        ("Kerkstraat", "1", "12345678901", "9000", ("box", "box_too_long")),
        ("Kerkstraat", "1", "", "", ("postcode", "postcode_required")),
        ("Kerkstraat", "1", "", "900", ("postcode", "postcode_invalid")),
        ("Kerkstraat", "1", "", "9060", ("postcode", "postcode_not_ghent")),
    ],
)
def test_validate_address_single_errors(street, number, box, postcode, expected):
    assert _codes(validate_address(street, number, box, postcode)) == {expected}


def test_street_of_max_length_is_accepted():
    assert isinstance(validate_address("x" * 120, "1", "", "9000"), Address)


def test_error_messages_are_lazy_strings():
    errors = validate_address("", "1", "", "9000")
    assert isinstance(errors, list)
    # Lazy: creating it needs no app or request; rendering happens in the template.
    assert type(errors[0].message).__name__ == "LazyString"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Kerkstraat", "12", "bus 3", "9000"), ("kerkstr.", "12", "b3", "9000")),
        (("Kerkstraat", "12 bus 3", "", "9000"), ("KERKSTRAAT", "12/3", None, "9000")),
        (("Brusselsesteenweg", "5", "", "9050"), ("Brusselsestwg.", "5", "", "9050")),
        (("Brusselse Steenweg", "5", "", "9050"), ("brusselse stwg", "5", "", "9050")),
        (("Groot-Brittanniëlaan", "1", "", "9000"), ("Groot Brittannieln", "1", "", "9000")),
        (("Emile Braunplein", "1", "", "9000"), ("Emile Braunpl.", "1", "", "9000")),
        (("Sint-Pietersplein", "1", "", "9000"), ("St.-Pietersplein", "1", "", "9000")),
        (("Kerkstraat", "12a", "bte 03", "9000"), ("Kerkstraat", "12 A", "3", "9000")),
    ],
)
def test_address_key_unifies_notations(a, b):
    assert address_key(*a) == address_key(*b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Kerkstraat", "12", "", "9000"), ("Kerkstraat", "14", "", "9000")),
        (("Kerkstraat", "12", "1", "9000"), ("Kerkstraat", "12", "2", "9000")),
        (("Kerkstraat", "12", "", "9000"), ("Kerkstraat", "12A", "", "9000")),
        (("Kerkstraat", "12", "", "9000"), ("Kerkstraat", "12", "", "9050")),
        (("Kerkstraat", "1", "23", "9000"), ("Kerkstraat", "12", "3", "9000")),
    ],
)
def test_address_key_keeps_different_doors_apart(a, b):
    assert address_key(*a) != address_key(*b)


def _address(street: str, number: str = "12", box: str = "", postcode: str = "9000") -> Address:
    result = validate_address(street, number, box, postcode)
    assert isinstance(result, Address)
    return result


def test_levenshtein_bounded():
    assert levenshtein("kitten", "sitting", 5) == 3
    assert levenshtein("kitten", "sitting", 2) == 3  # capped at max + 1
    assert levenshtein("", "abc", 5) == 3
    assert levenshtein("abc", "abc", 0) == 0
    assert levenshtein("a", "abcdef", 2) == 3  # length difference alone exceeds the bound


def test_near_duplicate_same_key():
    assert is_near_duplicate(_address("Kerkstraat", "12 bus 3"), _address("kerkstr.", "12", "b3"))


def test_near_duplicate_typos_in_long_street():
    # "sintpietersnieuwstraat" is long: two typos still count.
    assert is_near_duplicate(_address("Sint-Pietersnieuwstraat"), _address("Sint-Pitersnieuwstrat"))
    assert not is_near_duplicate(
        _address("Sint-Pietersnieuwstraat"), _address("Sint-Ptrsnieuwstrat")
    )


def test_near_duplicate_short_street_allows_one_typo():
    assert is_near_duplicate(_address("Hoek"), _address("Hoeck"))
    assert not is_near_duplicate(_address("Hoek"), _address("Hoefje"))
    assert not is_near_duplicate(_address("Hoek"), _address("Haak"))


def test_near_duplicate_requires_same_door():
    assert not is_near_duplicate(_address("Kerkstraat", "12"), _address("Kerkstrat", "14"))
    assert not is_near_duplicate(
        _address("Kerkstraat", "12", "1"), _address("Kerkstraat", "12", "2")
    )
    assert not is_near_duplicate(
        _address("Kerkstraat", postcode="9000"), _address("Kerkstraat", postcode="9050")
    )


def test_near_duplicate_accepts_any_address_like_object():
    class Row:
        street = "Kerkstraat"
        number = "12"
        box = None
        postcode = "9000"

    assert is_near_duplicate(Row(), _address("Kerkstraat"))


def test_street_key():
    assert street_key("  Sint-Baafsplein ") == "sint-baafsplein"
    assert street_key("Groot-Brittanniëlaan") == "groot-brittannielaan"
    assert street_key("Emile   Braunplein") == "emile braunplein"
    assert street_key("") == ""
