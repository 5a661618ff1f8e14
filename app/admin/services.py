"""Changes to users and organisations; each commits once and writes the audit trail."""

from app.audit.services import record
from app.auth import sign_ins
from app.auth.models import User, normalise_email
from app.extensions import db
from app.organisations.models import Organisation


def create_user(*, email, name, role, organisation_id, password, preferred_language=None) -> User:
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        organisation_id=int(organisation_id),
        preferred_language=preferred_language or None,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record("user_created", user, role=role, organisation_id=user.organisation_id)
    db.session.commit()
    return user


def update_user(user: User, *, email, name, role, organisation_id, preferred_language=None) -> User:
    changed = []
    values = {
        "email": normalise_email(email),
        "name": name.strip(),
        "role": role,
        "organisation_id": int(organisation_id),
        "preferred_language": preferred_language or None,
    }
    for field, value in values.items():
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        record("user_changed", user, fields=changed, role=user.role)
        db.session.commit()
    return user


def set_user_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        # Deactivation signs the user out everywhere at once.
        sign_ins.end_all(user)
    record("user_activated" if active else "user_deactivated", user)
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    user.set_password(password)
    sign_ins.end_all(user)  # whoever knew the old password is signed out
    record("password_reset", user)
    db.session.commit()


def save_organisation(organisation: Organisation | None, *, name, kind, active) -> Organisation:
    created = organisation is None
    if created:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.name = name.strip()
    organisation.kind = kind
    organisation.active = bool(active)
    db.session.flush()
    record("organisation_created" if created else "organisation_changed", organisation)
    db.session.commit()
    return organisation
