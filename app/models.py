"""Every model of the app, imported in one place so that Alembic and the shell see them all."""

from app.addresses.models import AddressLookup
from app.audit.models import AuditEvent
from app.auth.models import SignIn, User
from app.flyers.models import ScanCount, ShortLink
from app.followups.models import FollowUp
from app.households.models import Household
from app.offers.models import (
    Activity,
    ActivityCategory,
    ActivitySession,
    ActivityWeek,
    Call,
    CallSending,
    CallWijk,
    Tip,
)
from app.organisations.models import Organisation
from app.rounds.models import Round, Route, Stop, StopDeparture
from app.stock.models import PackageType, StockMovement
from app.visits.models import UnplacedVisit, Visit, VisitInterest
from app.wijken.models import Wijk

__all__ = [
    "Activity",
    "AddressLookup",
    "ActivityCategory",
    "ActivitySession",
    "ActivityWeek",
    "AuditEvent",
    "Call",
    "CallSending",
    "CallWijk",
    "FollowUp",
    "Household",
    "Organisation",
    "PackageType",
    "Round",
    "Route",
    "ScanCount",
    "ShortLink",
    "SignIn",
    "Stop",
    "StopDeparture",
    "StockMovement",
    "Tip",
    "UnplacedVisit",
    "User",
    "Visit",
    "VisitInterest",
    "Wijk",
]
