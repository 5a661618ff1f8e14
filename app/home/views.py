"""The start page: sends each role to its own home."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.followups.models import FollowUp
from app.models import Organisation, User, Wijk
from app.offers.models import Activity
from app.permissions import (
    is_admin,
    is_coordinator,
    is_staff,
    permission_required,
)
from app.rounds.models import Round
from app.stock.queries import negative_stock

# Where each role starts; features that own a role's daily page take its entry over.
ROLE_HOMES = {
    "admin": "home.admin",
    "coordinator": "home.coordinator",
    "worker": "field.today",
    "provider": "offers.my_activities",
}


@permission_required(is_staff)
def index():
    return redirect(url_for(ROLE_HOMES[current_user.role]))


def _count(model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


@permission_required(is_admin)
def admin():
    counts = {
        "users": _count(User, User.active.is_(True)),
        "organisations": _count(Organisation, Organisation.active.is_(True)),
        "wijken": _count(Wijk),
    }
    return render_template("home/admin.html", counts=counts)


@permission_required(is_coordinator)
def coordinator():
    counts = {
        "workers": _count(User, User.role == "worker", User.active.is_(True)),
        "active_rounds": _count(Round, Round.status == "active"),
        "to_moderate": _count(
            Activity, db.or_(Activity.status == "submitted", Activity.pending_changes.isnot(None))
        ),
        "open_followups": _count(FollowUp, FollowUp.status == "open"),
    }
    return render_template("home/coordinator.html", counts=counts, negative=negative_stock())
