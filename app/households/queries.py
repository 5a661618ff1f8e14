"""Reading households: the searchable list, near-duplicates of an address, what hangs off one."""

from app.addresses.belgian import split_box
from app.extensions import db
from app.followups.models import FollowUp
from app.households.duplicates import AddressLike, is_near_duplicate
from app.households.models import Household
from app.organisations.models import Organisation
from app.rounds.models import Stop
from app.visits.models import Visit


def _address_query(q: str) -> tuple[str, str, str, str]:
    """What an address typed into the search box asks for: (street, number, box, postcode), in
    lower case, each "" when not given. Takes the address as the list shows it, "Kerkstraat 12
    bus 3, 9000 Gent", or any part of it: "kerkstraat", "kerkstraat 12", "12/3", "9040"."""
    words = q.replace(",", " ").lower().split()
    if words and words[-1] == "gent":
        words.pop()
    postcode = ""
    for at in (-1, 0):
        if words and len(words[at]) == 4 and words[at].isdigit() and words[at].startswith("9"):
            postcode = words.pop(at)
            break
    first_number = next((i for i, word in enumerate(words) if word[:1].isdigit()), len(words))
    street = " ".join(words[:first_number])
    number, box = split_box(" ".join(words[first_number:]))
    return street, number.lower(), box.lower(), postcode


def household_list(*, q: str = "", wijk: int | None = None, organisation: int | None = None):
    """A select of households, filtered by address text, wijk and partner, in address order."""
    stmt = db.select(Household).order_by(
        Household.street, Household.number_sort, Household.number, Household.box
    )
    street, number, box, postcode = _address_query(q)
    if street:
        stmt = stmt.where(db.func.lower(Household.street).contains(street, autoescape=True))
    if number:
        stmt = stmt.where(db.func.lower(Household.number).startswith(number, autoescape=True))
    if box:
        stmt = stmt.where(db.func.lower(Household.box) == box)
    if postcode:
        stmt = stmt.where(Household.postcode == postcode)
    if wijk:
        stmt = stmt.where(Household.wijk_number == wijk)
    if organisation:
        stmt = stmt.where(Household.partner_organisation_id == organisation)
    return stmt


def near_duplicates(address: AddressLike, *, exclude_id: int | None = None) -> list[Household]:
    """Households whose address is a near-duplicate (spelling, case, accents, bus notation).

    Near-duplicates share number, box and postcode, so the database narrows by postcode and
    first house number and Python compares the streets.
    """
    number_part, _box = split_box(address.number)
    digits = "".join(ch for ch in number_part.split("-")[0] if ch.isdigit())
    stmt = db.select(Household).where(
        Household.postcode == address.postcode.strip(),
        Household.anonymised_at.is_(None),
    )
    if digits:
        stmt = stmt.where(Household.number_sort == int(digits))
    if exclude_id is not None:
        stmt = stmt.where(Household.id != exclude_id)
    return [h for h in db.session.scalars(stmt) if is_near_duplicate(address, h)]


def household_counts(household_id: int) -> dict[str, int]:
    def count(model):
        return db.session.scalar(
            db.select(db.func.count()).select_from(model).where(model.household_id == household_id)
        )

    return {"stops": count(Stop), "visits": count(Visit), "followups": count(FollowUp)}


def organisation_choices(*, include_id: int | None = None) -> list[tuple[int, str]]:
    """Active partners, plus the one a record already points to even if it was deactivated."""
    rows = db.session.execute(
        db.select(Organisation.id, Organisation.name)
        .where(db.or_(Organisation.active.is_(True), Organisation.id == include_id))
        .order_by(Organisation.name)
    )
    return [(i, name) for i, name in rows]


def organisations_by_name() -> dict[str, int]:
    rows = db.session.execute(db.select(Organisation.id, Organisation.name))
    return {name.casefold(): i for i, name in rows}
