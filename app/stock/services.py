"""Changes to package types and stock; each commits once and writes the audit trail."""

from flask_login import current_user

from app.audit.services import record
from app.extensions import db
from app.stock.models import PackageType, StockMovement


def save_package_type(package_type: PackageType | None, *, name, contents, age_band, active):
    created = package_type is None
    if created:
        package_type = PackageType()
        db.session.add(package_type)
    package_type.name = name.strip()
    package_type.contents = (contents or "").strip()
    package_type.age_band = (age_band or "").strip()
    package_type.active = bool(active)
    db.session.flush()
    record("package_type_created" if created else "package_type_changed", package_type)
    db.session.commit()
    return package_type


def _movement(kind: str, organisation_id, package_type_id, quantity: int, **extra):
    movement = StockMovement(
        kind=kind,
        organisation_id=int(organisation_id),
        package_type_id=int(package_type_id),
        quantity=quantity,
        created_by_id=current_user.id if current_user.is_authenticated else None,
        **extra,
    )
    db.session.add(movement)
    return movement


def record_received(*, organisation_id, package_type_id, quantity: int, reason: str = ""):
    movement = _movement(
        "received", organisation_id, package_type_id, quantity, reason=reason.strip()
    )
    db.session.flush()
    record("stock_received", movement, quantity=quantity)
    db.session.commit()
    return movement


def record_correction(*, organisation_id, package_type_id, quantity: int, reason: str):
    """A count that differs from the books: the reason is kept with the movement."""
    movement = _movement(
        "correction", organisation_id, package_type_id, quantity, reason=reason.strip()
    )
    db.session.flush()
    record("stock_corrected", movement, quantity=quantity)
    db.session.commit()
    return movement


def record_transfer(
    *, from_organisation_id, to_organisation_id, package_type_id, quantity: int, reason=""
):
    """Two movements in one transaction: the giver's stock goes down as the receiver's goes up."""
    out = _movement(
        "transfer_out",
        from_organisation_id,
        package_type_id,
        -quantity,
        other_organisation_id=int(to_organisation_id),
        reason=reason.strip(),
    )
    into = _movement(
        "transfer_in",
        to_organisation_id,
        package_type_id,
        quantity,
        other_organisation_id=int(from_organisation_id),
        reason=reason.strip(),
    )
    db.session.flush()
    record("stock_transferred", out, quantity=quantity, transfer_in_id=into.id)
    db.session.commit()
    return out, into
