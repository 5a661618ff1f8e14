"""Who may do what: named permission checks, and the decorator that guards views with them.

Views and templates ask these functions, never compare role strings themselves, so that the rules
live in one place and the authorization tests can read them.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from app.extensions import login_manager

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
