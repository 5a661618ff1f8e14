"""Reading stock: the level per partner and package type is the sum of its movements."""

from app.extensions import db
from app.organisations.models import Organisation
from app.stock.models import PackageType, StockMovement


def _levels_select():
    level = db.func.sum(StockMovement.quantity).label("level")
    return (
        db.select(Organisation, PackageType, level)
        .select_from(StockMovement)
        .join(Organisation, Organisation.id == StockMovement.organisation_id)
        .join(PackageType, PackageType.id == StockMovement.package_type_id)
        # PostgreSQL returns whole rows when grouped by their primary keys.
        .group_by(Organisation.id, PackageType.id)
        .order_by(Organisation.name, PackageType.name)
    )


def stock_levels(organisation_id: int | None = None) -> list:
    """Rows (organisation, package_type, level) for every pair that has movements: one query."""
    stmt = _levels_select()
    if organisation_id is not None:
        stmt = stmt.where(StockMovement.organisation_id == organisation_id)
    return list(db.session.execute(stmt))


def negative_stock() -> list:
    """The pairs where more was handed out than the partner had: coordinators must see these."""
    stmt = _levels_select().having(db.func.sum(StockMovement.quantity) < 0)
    return list(db.session.execute(stmt))


def level_of(organisation_id: int, package_type_id: int) -> int:
    return db.session.scalar(
        db.select(db.func.coalesce(db.func.sum(StockMovement.quantity), 0)).where(
            StockMovement.organisation_id == organisation_id,
            StockMovement.package_type_id == package_type_id,
        )
    )


def movements(*, organisation_id: int | None = None, package_type_id: int | None = None):
    stmt = db.select(StockMovement).order_by(
        StockMovement.created_at.desc(), StockMovement.id.desc()
    )
    if organisation_id:
        stmt = stmt.where(StockMovement.organisation_id == organisation_id)
    if package_type_id:
        stmt = stmt.where(StockMovement.package_type_id == package_type_id)
    return stmt


def package_types(*, active_only: bool = False) -> list[PackageType]:
    stmt = db.select(PackageType).order_by(PackageType.active.desc(), PackageType.name)
    if active_only:
        stmt = stmt.where(PackageType.active.is_(True))
    return list(db.session.scalars(stmt))


def package_type_choices() -> list[tuple[str, str]]:
    return [(str(t.id), t.name) for t in package_types(active_only=True)]
