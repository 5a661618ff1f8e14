"""A coordinator mails a call for offer to the providers from a phone, sees who got it and when,
and copies the link for the others; a real SMTP server (aiosmtpd) receives the messages."""

import socket

from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from tests.browser.conftest import sign_in


class Inbox:
    def __init__(self):
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients += envelope.rcpt_tos
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_a_call(page, base_url):
    sign_in(page, base_url, "coordinator@demo.gent")
    page.goto(f"{base_url}/beheer-aanbod/oproepen")
    page.locator(".queue a").first.click()
    expect(page.get_by_role("heading", name="De oproep versturen")).to_be_visible()


def test_a_call_is_mailed_and_its_link_copied(page, own_live_server, context):
    base_url, app = own_live_server
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                      MAIL_DEFAULT_SENDER="oproep@stoep.example")  # fmt: skip
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        open_a_call(page, base_url)
        page.get_by_role("button", name="Mailen naar 1 aanbieder").click()
        expect(page.get_by_text("Oproep gemaild naar 1 aanbieder.")).to_be_visible()
        sent = page.locator("table.call-sendings tbody tr")
        expect(sent).to_have_count(1)
        expect(sent.first).to_contain_text("provider@demo.gent")
        expect(sent.first).to_contain_text("verstuurd")
        assert inbox.recipients == ["provider@demo.gent"]

        link = page.get_by_label("Geheime link voor de aanbieders").input_value()
        page.get_by_role("button", name="Link kopiëren").click()
        expect(page.locator("#copy-status")).to_have_text("Link gekopieerd.")
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        controller.stop()


def test_without_mail_settings_the_link_is_there_to_copy(
    browser, browser_context_args, own_live_server
):
    """Without JavaScript too: the link is a field to select, and the page says why."""
    base_url, _app = own_live_server
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    try:
        open_a_call(page, base_url)
        expect(page.get_by_text("Er is geen mailserver ingesteld (MAIL_SERVER)")).to_be_visible()
        field = page.get_by_label("Geheime link voor de aanbieders")
        assert field.input_value().startswith(f"{base_url}/oproep/")
        expect(page.get_by_role("button", name="Link kopiëren")).to_be_hidden()
    finally:
        context.close()
