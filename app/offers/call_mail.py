"""Mailing a call for offer to the providers (Flask-Mailman over SMTP), one message each.

Each provider gets their own message, so no one sees the others' addresses, and a refused
address fails alone: the call is kept, the others are sent, and the call page lists who got it
and when, and who did not and why. Without MAIL_SERVER nothing is sent (mail_configured()).
"""

import contextlib
import smtplib
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_mailman import EmailMessage

from app.audit.services import record
from app.auth.models import User
from app.extensions import db, mail
from app.offers.models import Call, CallSending


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def recipients() -> list[User]:
    """The active provider accounts: the people who submit offer."""
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.role == "provider", User.active.is_(True))
            .order_by(User.email)
        )
    )


def sendings(call: Call) -> list[CallSending]:
    return list(
        db.session.scalars(
            db.select(CallSending)
            .where(CallSending.call_id == call.id)
            .order_by(CallSending.attempted_at.desc(), CallSending.email)
        )
    )


def _connection():
    """SMTP with the settings as they are now (not as they were when the app started)."""
    config = current_app.config
    return mail.get_connection(
        backend="smtp",
        host=config["MAIL_SERVER"],
        port=config["MAIL_PORT"],
        username=config.get("MAIL_USERNAME") or "",
        password=config.get("MAIL_PASSWORD") or "",
        use_tls=bool(config.get("MAIL_USE_TLS")),
        use_ssl=bool(config.get("MAIL_USE_SSL")),
        timeout=config.get("MAIL_TIMEOUT", 10),
    )


def _message(call: Call, link: str, to: str) -> EmailMessage:
    lines = [call.message.strip(), ""] if call.message.strip() else []
    lines.append(_("Dien je aanbod in via deze link (geen account nodig):"))
    lines.append(link)
    if call.deadline:
        lines += ["", _("Dat kan tot en met %(date)s.", date=call.deadline.strftime("%d/%m/%Y"))]
    lines += ["", _("Deel deze link met je collega's, niet publiek.")]
    return EmailMessage(
        subject=call.title,
        body="\n".join(lines),
        from_email=current_app.config.get("MAIL_DEFAULT_SENDER") or None,
        to=[to],
    )


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return _("De mailserver weigerde dit adres.")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _("De mailserver aanvaardde de aanmelding niet (MAIL_USERNAME/MAIL_PASSWORD).")
    if isinstance(error, smtplib.SMTPException):
        return _("De mailserver gaf een fout.")
    return _("De mailserver was niet bereikbaar.")


def send_call(call: Call, link: str, *, to: list[User] | None = None) -> list[CallSending]:
    """Mail the call to each provider; every attempt is stored (sent or why not). One commit."""
    people = recipients() if to is None else to
    now = datetime.now(UTC).replace(tzinfo=None)
    results = []
    connection = _connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        reason, connection = _reason(error), None
    for person in people:
        row = CallSending(call_id=call.id, user_id=person.id, email=person.email,
                          attempted_at=now)  # fmt: skip
        if connection is None:
            row.error = reason
        else:
            try:
                connection.send_messages([_message(call, link, person.email)])
            except (OSError, smtplib.SMTPException) as error:
                row.error = _reason(error)
                current_app.logger.warning("call %s not mailed to user %s: %r",
                                           call.id, person.id, error)  # fmt: skip
            else:
                row.sent_at = datetime.now(UTC).replace(tzinfo=None)
        results.append(row)
    if connection is not None:
        # Everything is sent or recorded as failed already: a failing goodbye changes nothing.
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    db.session.add_all(results)
    record("call_mailed", call, sent=sum(1 for r in results if r.sent_at),
           failed=sum(1 for r in results if not r.sent_at))  # fmt: skip
    db.session.commit()
    return results
