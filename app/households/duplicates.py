"""Near-duplicate households: the same door written twice, with a typo or another notation."""

from typing import Protocol

from app.addresses.belgian import address_key, levenshtein, street_typo_limit


class AddressLike(Protocol):
    """Anything with the four address fields: an `Address`, an ORM row, a form. (Read-only
    properties, so that a class whose `box` is a plain str fits as well.)"""

    @property
    def street(self) -> str: ...

    @property
    def number(self) -> str: ...

    @property
    def box(self) -> str | None: ...

    @property
    def postcode(self) -> str: ...


def is_near_duplicate(a: AddressLike, b: AddressLike) -> bool:
    """Same key, or same number, box and postcode with a street name one or two typos off."""
    return near_keys(
        address_key(a.street, a.number, a.box, a.postcode),
        address_key(b.street, b.number, b.box, b.postcode),
    )


def near_keys(key_a: str, key_b: str) -> bool:
    """is_near_duplicate for two address keys already made (an import makes each one once)."""
    if key_a == key_b:
        return True
    street_a, rest_a = key_a.split("|", 1)
    street_b, rest_b = key_b.split("|", 1)
    if rest_a != rest_b:
        return False
    threshold = street_typo_limit(street_a, street_b)
    return levenshtein(street_a, street_b, threshold) <= threshold
