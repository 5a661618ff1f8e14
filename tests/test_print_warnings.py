"""Warnings before flyers are printed: a wijk without offer, activities without a wijk, QR codes
that would point to this machine."""

import re

import pytest

from tests import factories


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def test_a_flyer_for_a_wijk_without_offer_suggests_a_call_first(client, db, coordinator):
    empty = factories.short_link(wijk_number=17)
    db.session.commit()
    html = client.get(f"/flyers/{empty.code}").get_data(as_text=True)
    assert "Let op voor je flyers drukt" in html
    assert "heeft nog geen aanbod deze zomer: gezinnen die de flyer scannen vinden niets." in html
    assert "Eerst een oproep voor aanbod?" in html
    assert "/beheer-aanbod/oproepen/nieuw?target_wijken=17" in html
    # The link opens a call for that wijk, filled in.
    call_page = client.get("/beheer-aanbod/oproepen/nieuw?target_wijken=17&title=Zomeraanbod")
    assert re.search(r'<input checked[^>]*value="17">', call_page.get_data(as_text=True))


def test_a_wijk_with_offer_prints_without_that_warning(client, db, coordinator):
    factories.activity(wijk_number=4)
    link = factories.short_link(wijk_number=4)
    db.session.commit()
    html = client.get(f"/flyers/{link.code}").get_data(as_text=True)
    assert "Let op voor je flyers drukt" not in html


def test_activities_without_a_wijk_are_counted(client, db, coordinator):
    factories.activity(wijk_number=4)
    loose = factories.activity()
    moving = factories.activity(mobile=True)  # on the move: no wijk on purpose
    loose.wijk_number = moving.wijk_number = None
    link = factories.short_link(wijk_number=4)
    db.session.commit()
    html = client.get(f"/flyers/{link.code}").get_data(as_text=True)
    assert "1 activiteit heeft geen wijk: wie de flyer van een wijk scant, ziet ze niet." in html
    assert 'href="/beheer-aanbod/activiteiten">Activiteiten nakijken' in html


@pytest.mark.parametrize("base", ["http://127.0.0.1:5000", "http://localhost:8000"])
def test_qr_codes_pointing_to_this_machine_are_named(client, db, coordinator, app, base):
    factories.activity(wijk_number=4)
    link = factories.short_link(wijk_number=4)
    db.session.commit()
    app.config["PUBLIC_BASE_URL"] = base
    try:
        html = client.get(f"/flyers/{link.code}").get_data(as_text=True)
        bulk = client.get("/flyers/bulk").get_data(as_text=True)
    finally:
        app.config["PUBLIC_BASE_URL"] = "https://stoep.example"
    assert f"De QR-codes wijzen naar {base}" in html and "PUBLIC_BASE_URL" in html
    assert f"De QR-codes wijzen naar {base}" in bulk


def test_the_round_page_and_round_flyers_warn_for_the_rounds_wijken(client, db, coordinator):
    factories.activity(wijk_number=4)
    round_ = factories.flyer_round(wijk_numbers=(4, 17), status="draft")
    db.session.commit()
    for path in (f"/rondes/{round_.id}", "/flyers/bulk"):
        html = client.get(path).get_data(as_text=True)
        assert "Oproep voor aanbod in" in html, path
        assert "target_wijken=17" in html and "target_wijken=4" not in html, path
