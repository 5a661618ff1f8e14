"""A call for offer is mailed to the providers through a real (local) SMTP server: who got it and
when is listed on the call; a refused address is named and the call kept; without mail settings
the page says so and shows the link."""

import re
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from app.models import AuditEvent, CallSending
from tests import factories

REFUSED = "weg@aanbieder.example"


class Inbox:
    """An aiosmtpd handler that keeps every message and refuses one address."""

    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                      MAIL_DEFAULT_SENDER="oproep@stoep.example")  # fmt: skip
    yield inbox
    controller.stop()
    app.config.update(MAIL_SERVER=None, MAIL_PORT=587, MAIL_DEFAULT_SENDER=None)


def providers(db, *emails):
    org = factories.organisation(name="Speelpleinwerking Test")
    people = [factories.user("provider", email=e, organisation=org) for e in emails]
    factories.user("provider", email="oud@aanbieder.example", organisation=org, active=False)
    db.session.commit()
    return people


def test_a_call_is_mailed_to_every_provider_and_listed(client, db, login_as, smtp_server):
    providers(db, "an@aanbieder.example", "bo@aanbieder.example")
    call = factories.call(title="Zomer in Ledeberg", message="We zoeken kampen.")
    db.session.commit()
    login_as("coordinator")
    page = client.get(f"/beheer-aanbod/oproepen/{call.id}").get_data(as_text=True)
    assert "Mailen naar 2 aanbieders" in page
    response = client.post(f"/beheer-aanbod/oproepen/{call.id}/versturen")
    assert response.headers["Location"].endswith(f"/beheer-aanbod/oproepen/{call.id}#sending")
    # One message each: nobody sees another provider's address.
    assert sorted(to for to, _m in smtp_server.messages) == [
        ["an@aanbieder.example"],
        ["bo@aanbieder.example"],
    ]
    _to, message = smtp_server.messages[0]
    assert message["Subject"] == "Zomer in Ledeberg"
    assert message["From"] == "oproep@stoep.example"
    body = message.get_payload(decode=True).decode()
    assert "We zoeken kampen." in body and f"https://stoep.example/oproep/{call.token}" in body
    page = client.get(f"/beheer-aanbod/oproepen/{call.id}").get_data(as_text=True)
    assert "Oproep gemaild naar 2 aanbieders." in page
    rows = re.findall(r'<td data-label="Aan">([^<]+)</td>', page)
    assert sorted(rows) == ["an@aanbieder.example", "bo@aanbieder.example"]
    assert page.count(">verstuurd<") == 2
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "call_mailed"))
    assert event.detail == {"sent": 2, "failed": 0}


def test_a_refused_address_is_named_and_the_call_kept(client, db, login_as, smtp_server):
    providers(db, "an@aanbieder.example", REFUSED)
    call = factories.call(title="Zomer in Ledeberg")
    db.session.commit()
    login_as("coordinator")
    client.post(f"/beheer-aanbod/oproepen/{call.id}/versturen")
    assert [to for to, _m in smtp_server.messages] == [["an@aanbieder.example"]]
    page = client.get(f"/beheer-aanbod/oproepen/{call.id}").get_data(as_text=True)
    assert "Oproep gemaild naar 1 aanbieder." in page
    assert f"Niet verstuurd naar: {REFUSED}. De oproep blijft bewaard" in page
    assert "niet verstuurd</strong>: De mailserver weigerde dit adres." in page
    sent = {s.email: s.sent_at for s in db.session.scalars(db.select(CallSending))}
    assert sent[REFUSED] is None and sent["an@aanbieder.example"] is not None


def test_an_unreachable_mail_server_fails_every_address_and_keeps_the_call(
    client, db, login_as, app
):
    providers(db, "an@aanbieder.example")
    call = factories.call()
    db.session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens there
    try:
        login_as("coordinator")
        client.post(f"/beheer-aanbod/oproepen/{call.id}/versturen")
        page = client.get(f"/beheer-aanbod/oproepen/{call.id}").get_data(as_text=True)
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=587)
    assert "Niet verstuurd naar: an@aanbieder.example." in page
    assert "De mailserver was niet bereikbaar." in page


def test_without_mail_settings_the_page_says_so_and_shows_the_link(client, db, login_as):
    providers(db, "an@aanbieder.example")
    call = factories.call()
    db.session.commit()
    login_as("coordinator")
    page = client.get(f"/beheer-aanbod/oproepen/{call.id}").get_data(as_text=True)
    assert "Er is geen mailserver ingesteld (MAIL_SERVER)" in page
    assert f'readonly value="https://stoep.example/oproep/{call.token}"' in page
    assert "Mailen naar" not in page
    response = client.post(f"/beheer-aanbod/oproepen/{call.id}/versturen", follow_redirects=True)
    assert "Er is geen mailserver ingesteld: deel de link zelf." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(CallSending.id))) == 0
