"""Who may do what: named permission checks, and the decorator that guards views with them.

Views and templates ask these functions, never compare role strings themselves, so that the rules
live in one place and the authorization tests can read them.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from app.extensions import db, login_manager
from app.flyers.queries import worker_wijk_numbers
from app.followups.queries import worker_sees_household

STAFF_ROLES = ("admin", "coordinator", "worker", "provider")


def _role(user, *roles: str) -> bool:
    return bool(user and user.is_authenticated and user.active and user.role in roles)


def is_staff(user) -> bool:
    return _role(user, *STAFF_ROLES)


def is_admin(user) -> bool:
    return _role(user, "admin")


def is_coordinator(user) -> bool:
    """Coordinators and admins plan rounds, moderate the offer and see the reports."""
    return _role(user, "admin", "coordinator")


def is_worker(user) -> bool:
    return _role(user, "worker")


def is_provider(user) -> bool:
    return _role(user, "provider")


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_manage_organisations(user) -> bool:
    return is_admin(user)


def can_view_wijken(user) -> bool:
    return is_coordinator(user)


def permission_required(check: Callable) -> Callable:
    """Guard a view: no session → sign-in (HTML) or 401 (JSON); check fails → 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = check  # read by the authorization table test
        return wrapped

    return decorator


def allowed_or_404(model, ident, may: Callable, options=None):
    """The row `ident` of `model` if the signed-in user `may` have it. Otherwise, as when there
    is none, 404 rather than 403: somebody else's is simply not there, so no id gives away that
    it exists. `options` (loader options) go to `Session.get`."""
    found = db.session.get(model, ident, options=options)
    if found is None or not may(current_user, found):
        abort(404)
    return found


# Security: own account, audit trail, retention.


def can_change_own_password(user) -> bool:
    return is_staff(user)


def can_view_audit(user) -> bool:
    return is_admin(user)


def can_view_retention(user) -> bool:
    return is_admin(user)


# --- Households, stock, follow-ups ----------------------------------------------------------


def can_manage_households(user) -> bool:
    """Addresses of vulnerable families: only coordinators and admins list, edit and import them."""
    return is_coordinator(user)


def can_manage_stock(user) -> bool:
    return is_coordinator(user)


def can_view_followups(user) -> bool:
    """Coordinators see every follow-up; a worker those of their own organisation about
    households on their own routes of running rounds (see can_handle_followup)."""
    return is_coordinator(user) or is_worker(user)


def can_handle_followup(user, followup) -> bool:
    """A follow-up carries a family's address: for a worker, the same rule as the household
    itself — their organisation's, on one of their routes, while the round runs."""
    if is_coordinator(user):
        return True
    if not (is_worker(user) and followup.organisation_id == user.organisation_id):
        return False
    return worker_sees_household(user, followup.household_id)


# --- Rounds, routes and visits -------------------------------------------------------------


def can_manage_rounds(user) -> bool:
    """Coordinators (and admins) plan rounds, cut routes, assign workers and print walk sheets."""
    return is_coordinator(user)


def can_use_field_client(user) -> bool:
    """The offline field client (its queue, service worker and install prompt) is for outreach
    workers: their pages carry its key and settings."""
    return is_worker(user)


def can_walk_route(user, route) -> bool:
    """A worker walks a route assigned to them, and only while its round runs (DOMAIN.md)."""
    return bool(
        is_worker(user)
        and route is not None
        and route.round.status == "active"
        and any(worker.id == user.id for worker in route.workers)
    )


def can_visit(user, stop) -> bool:
    """A worker logs visits only at stops of routes assigned to them, of an active round."""
    return bool(stop is not None and stop.route is not None and can_walk_route(user, stop.route))


def can_undo_visit(user, visit, stop) -> bool:
    """A worker takes back only a visit they logged, at its stop, which they may still visit
    (the ten minutes are a rule of app/visits/undo.py, not of who may)."""
    return bool(
        visit is not None
        and is_worker(user)
        and visit.worker_id == user.id
        and stop is not None
        and stop.id == visit.stop_id
        and can_visit(user, stop)
    )


def can_print_walk_sheets(user) -> bool:
    """Who prints walk sheets at all: coordinators (any route) and workers (their own)."""
    return is_coordinator(user) or is_worker(user)


def can_print_walk_sheet(user, route) -> bool:
    """Coordinators print any route's walk sheet; a worker only that of a route of theirs."""
    return is_coordinator(user) or can_walk_route(user, route)


def can_review_unplaced(user) -> bool:
    """Visits refused at a stop the worker had: coordinators see them all, a worker their own."""
    return is_coordinator(user) or is_worker(user)


def can_handle_unplaced(user, unplaced) -> bool:
    return is_coordinator(user) or (is_worker(user) and unplaced.worker_id == user.id)


def can_place_at(user, unplaced, stop) -> bool:
    """An unplaced visit goes to a stop of its own household: for a coordinator in a round that
    ran (running or closed), for its worker only at a stop they may visit now."""
    if stop is None or unplaced is None or stop.household_id != unplaced.household_id:
        return False
    if is_coordinator(user):
        return stop.round.status in ("active", "closed")
    return can_handle_unplaced(user, unplaced) and can_visit(user, stop)


# --- Flyers and short links ---


def can_manage_flyers(user) -> bool:
    """Short links, flyer PDFs, scan statistics."""
    return is_coordinator(user)


def can_show_qr_codes(user) -> bool:
    """Workers show a wijk's QR code at the door; coordinators may too."""
    return is_coordinator(user) or is_worker(user)


def can_show_short_link(user, link) -> bool:
    """A worker only for the wijken of their routes in running rounds."""
    if is_coordinator(user):
        return True
    if not is_worker(user) or link.wijk_number is None or not link.active:
        return False
    return link.wijk_number in worker_wijk_numbers(user)


# --- The summer offer (app/offers, app/public, app/api/offers.py) ---


def can_moderate_offer(user) -> bool:
    """Coordinators and admins publish, reject, import, export and keep calls and tips."""
    return is_coordinator(user)


def can_manage_own_offer(user) -> bool:
    return is_provider(user)


def can_submit_activities(user) -> bool:
    return is_provider(user) or is_coordinator(user)


def can_edit_activity(user, activity) -> bool:
    """A provider only ever touches the activities of their own organisation."""
    if is_coordinator(user):
        return True
    return is_provider(user) and activity.provider_organisation_id == user.organisation_id


# --- Reports: coverage, gaps, round dashboard, exports (app/reports) ---


def can_view_reports(user) -> bool:
    """Coverage, demand at the door, the round dashboard and the exports: coordinators, admins."""
    return is_coordinator(user)


# --- The families' data rights (app/privacy) ---


def can_exercise_data_rights(user) -> bool:
    """Find a household, see and export all we store about it, erase it: the people who keep
    the households (coordinators) and admins; every step is audited."""
    return is_coordinator(user)
