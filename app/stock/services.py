"""Changes to package types and stock; each commits once and writes the audit trail."""

from flask_login import current_user
from sqlalchemy.exc import IntegrityError

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


def _once(kind: str, form_id: str | None, write):
    """Run `write()` (which adds the movements and the audit event) and commit, unless the form
    `form_id` was stored before: answer (the first movement, True when stored now)."""
    earlier = stored_form(kind, form_id)
    if earlier is not None:
        return earlier, False
    try:
        result = write()
        db.session.commit()
    except IntegrityError:
        # The same form, sent twice at once: the other request stored it first.
        db.session.rollback()
        earlier = stored_form(kind, form_id)
        if earlier is None:
            raise
        return earlier, False
    return result, True


def stored_form(kind: str, form_id: str | None) -> StockMovement | None:
    if form_id is None:
        return None
    return db.session.scalar(
        db.select(StockMovement).where(StockMovement.form_id == form_id, StockMovement.kind == kind)
    )


def record_received(
    *, organisation_id, package_type_id, quantity: int, reason: str = "", form_id=None
):
    """Packages that came in; answers (movement, stored now?)."""
    return _record_one(
        "received", "stock_received", organisation_id, package_type_id, quantity, reason, form_id
    )


def record_correction(
    *, organisation_id, package_type_id, quantity: int, reason: str, form_id=None
):
    """A count that differs from the books: the reason is kept with the movement."""
    return _record_one(
        "correction", "stock_corrected", organisation_id, package_type_id, quantity, reason, form_id
    )


def _record_one(kind, action, organisation_id, package_type_id, quantity, reason, form_id):
    """One movement at one partner, audited as `action`, stored once per form."""

    def write():
        movement = _movement(
            kind,
            organisation_id,
            package_type_id,
            quantity,
            reason=reason.strip(),
            form_id=form_id,
        )
        db.session.flush()
        record(action, movement, quantity=quantity)
        return movement

    return _once(kind, form_id, write)


def record_transfer(
    *,
    from_organisation_id,
    to_organisation_id,
    package_type_id,
    quantity: int,
    reason="",
    form_id=None,
):
    """Two movements in one transaction: the giver's stock goes down as the receiver's goes up.
    Answers (the giver's movement, stored now?)."""

    def write():
        out = _movement(
            "transfer_out",
            from_organisation_id,
            package_type_id,
            -quantity,
            other_organisation_id=int(to_organisation_id),
            reason=reason.strip(),
            form_id=form_id,
        )
        into = _movement(
            "transfer_in",
            to_organisation_id,
            package_type_id,
            quantity,
            other_organisation_id=int(from_organisation_id),
            reason=reason.strip(),
            form_id=form_id,
        )
        db.session.flush()
        record("stock_transferred", out, quantity=quantity, transfer_in_id=into.id)
        return out

    return _once("transfer_out", form_id, write)
