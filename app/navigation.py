"""The main navigation: each entry shows only to users its permission check lets in."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from app import permissions as p


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    allowed: Callable[[object], bool]  # a permission check from app.permissions


NAV_ITEMS = [
    NavItem("home.index", _l("Start"), p.is_staff),
    NavItem("rounds.list_rounds", _l("Rondes"), p.can_manage_rounds),
    NavItem("visits.list_unplaced", _l("Bezoeken nakijken"), p.is_coordinator),
    NavItem("wijken.list_wijken", _l("Wijken"), p.can_view_wijken),
    NavItem("households.list_households", _l("Huishoudens"), p.can_manage_households),
    NavItem("stock.show_stock", _l("Pakketten"), p.can_manage_stock),
    NavItem("followups.list_followups", _l("Opvolging"), p.can_view_followups),
    NavItem("flyers.list_short_links", _l("Flyers"), p.can_manage_flyers),
    NavItem("flyers.show_qr_index", _l("QR tonen"), p.is_worker),
    NavItem("offers.my_activities", _l("Mijn aanbod"), p.can_manage_own_offer),
    NavItem("offers.moderation", _l("Aanbod"), p.can_moderate_offer),
    NavItem("reports.coverage_matrix", _l("Dekking"), p.can_view_reports),
    NavItem("admin.list_users", _l("Gebruikers"), p.can_manage_users),
    NavItem("admin.list_organisations", _l("Organisaties"), p.can_manage_organisations),
    # Security
    NavItem("audit.list_events", _l("Audittrail"), p.can_view_audit),
    NavItem("privacy.find_household", _l("Gegevens van een gezin"), p.can_exercise_data_rights),
    NavItem("auth.change_password", _l("Wachtwoord"), p.can_change_own_password),
]


def nav_for(user) -> list[dict]:
    return [
        {"url": url_for(item.endpoint), "label": item.label, "endpoint": item.endpoint}
        for item in NAV_ITEMS
        if item.allowed(user)
    ]
