"""Every model of the app, imported in one place so that Alembic and the shell see them all."""
from app.audit.models import AuditEvent
from app.auth.models import User
from app.organisations.models import Organisation
from app.wijken.models import Wijk

__all__ = ["AuditEvent", "Organisation", "User", "Wijk"]
