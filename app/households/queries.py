"""Reading households: the searchable list, near-duplicates of an address, what hangs off one."""

from app.addresses.belgian import split_box
from app.extensions import db
from app.followups.models import FollowUp
from app.households.duplicates import AddressLike, is_near_duplicate
from app.households.models import Household
from app.organisations.models import Organisation
from app.rounds.models import Stop
from app.visits.models import Visit


def household_list(*, q: str = "", wijk: int | None = None, organisation: int | None = None):
    """A select of households, filtered by address text, wijk and partner, in address order."""
    stmt = db.select(Household).order_by(
        Household.street, Household.number_sort, Household.number, Household.box
    )
    q = " ".join(q.split())
    if q:
        # "Kerkstraat 12" searches street and number; a lone word searches the street.
        street, _, number = q.rpartition(" ")
        if street and number[:1].isdigit():
            number, _box = split_box(number)
            stmt = stmt.where(
                db.func.lower(Household.street).contains(street.lower(), autoescape=True),
                db.func.lower(Household.number).startswith(number.lower(), autoescape=True),
            )
        else:
            stmt = stmt.where(db.func.lower(Household.street).contains(q.lower(), autoescape=True))
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
