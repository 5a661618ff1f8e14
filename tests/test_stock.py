"""Stock: package types, levels as the sum of movements, transfers, the negative-stock warning."""

import re
import uuid

from app.models import AuditEvent, PackageType, StockMovement
from app.stock.queries import negative_stock, stock_levels
from tests import factories


def test_only_coordinators_manage_stock(client, login_as):
    login_as("worker")
    assert client.get("/pakketten").status_code == 403
    assert client.get("/pakketten/soorten/nieuw").status_code == 403


def test_package_type_create_edit_and_unique_name(client, db, login_as):
    login_as("coordinator")
    assert "nog geen pakkettypes" in client.get("/pakketten").get_data(as_text=True)
    data = {"name": "Zomerpakket", "contents": "krijt, bal", "age_band": "3-12", "active": "y"}
    assert client.post("/pakketten/soorten/nieuw", data=data).status_code == 302
    ptype = db.session.scalar(db.select(PackageType))
    assert (ptype.name, ptype.age_band, ptype.active) == ("Zomerpakket", "3-12", True)

    duplicate = client.post("/pakketten/soorten/nieuw", data={**data, "name": "zomerpakket"})
    assert duplicate.status_code == 422
    assert "bestaat al een pakkettype" in duplicate.get_data(as_text=True)
    bad_age = client.post(
        "/pakketten/soorten/nieuw", data={**data, "name": "X", "age_band": "12-3"}
    )
    assert "Schrijf een leeftijd" in bad_age.get_data(as_text=True)

    edit = {"name": "Zomerpakket", "contents": "krijt", "age_band": ""}  # unticked: inactive
    assert client.post(f"/pakketten/soorten/{ptype.id}", data=edit).status_code == 302
    db.session.refresh(ptype)
    assert ptype.active is False and ptype.contents == "krijt"
    assert "niet actief" in client.get("/pakketten/soorten").get_data(as_text=True)


def test_levels_are_sums_per_partner_and_type_in_one_query(db, app):
    ballon = factories.organisation(name="De Ballon")
    buurtwerk = factories.organisation(name="Buurtwerk")
    small = factories.package_type(name="Klein")
    big = factories.package_type(name="Groot")
    factories.stock_movement(organisation=ballon, package_type=small, quantity=20)
    factories.stock_movement(
        organisation=ballon, package_type=small, kind="correction", quantity=-2, reason="telling"
    )
    factories.stock_movement(organisation=ballon, package_type=big, quantity=5)
    factories.stock_movement(organisation=buurtwerk, package_type=small, quantity=3)
    db.session.commit()

    statements = []
    from sqlalchemy import event

    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        levels = stock_levels()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and "GROUP BY" in statements[0]
    assert [(o.name, p.name, level) for o, p, level in levels] == [
        ("Buurtwerk", "Klein", 3),
        ("De Ballon", "Groot", 5),
        ("De Ballon", "Klein", 18),
    ]
    assert [(o.name, level) for o, _p, level in stock_levels(buurtwerk.id)] == [("Buurtwerk", 3)]


def test_received_and_correction_need_valid_input(client, db, login_as):
    login_as("coordinator")
    org = factories.organisation()
    ptype = factories.package_type()
    db.session.commit()
    base = {"organisation_id": str(org.id), "package_type_id": str(ptype.id)}
    assert client.post("/pakketten/ontvangen", data={**base, "quantity": "0"}).status_code == 422
    assert client.post("/pakketten/ontvangen", data={**base, "quantity": "40"}).status_code == 302
    no_reason = client.post("/pakketten/correctie", data={**base, "quantity": "-3", "reason": ""})
    assert no_reason.status_code == 422
    assert "Geef een reden" in no_reason.get_data(as_text=True)
    assert 'value="-3"' in no_reason.get_data(as_text=True)
    data = {**base, "quantity": "-3", "reason": "Telling na de ronde"}
    assert client.post("/pakketten/correctie", data=data).status_code == 302
    assert [level for _o, _p, level in stock_levels(org.id)] == [37]
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"stock_received", "stock_corrected"} <= actions


def test_transfer_writes_two_movements_and_refuses_more_than_the_stock(client, db, login_as):
    login_as("coordinator")
    giver = factories.organisation(name="Gever")
    taker = factories.organisation(name="Nemer")
    ptype = factories.package_type()
    factories.stock_movement(organisation=giver, package_type=ptype, quantity=10)
    db.session.commit()
    data = {
        "organisation_id": str(giver.id),
        "to_organisation_id": str(taker.id),
        "package_type_id": str(ptype.id),
        "quantity": "11",
    }
    too_many = client.post("/pakketten/overdracht", data=data)
    assert too_many.status_code == 422
    assert "heeft maar 10 pakketten" in too_many.get_data(as_text=True)
    same = client.post("/pakketten/overdracht", data={**data, "to_organisation_id": str(giver.id)})
    assert "Kies een andere partner" in same.get_data(as_text=True)

    assert client.post("/pakketten/overdracht", data={**data, "quantity": "4"}).status_code == 302
    moves = db.session.scalars(
        db.select(StockMovement).where(StockMovement.kind.like("transfer%"))
    ).all()
    assert sorted(
        (m.kind, m.organisation_id, m.quantity, m.other_organisation_id) for m in moves
    ) == [
        ("transfer_in", taker.id, 4, giver.id),
        ("transfer_out", giver.id, -4, taker.id),
    ]
    assert {o.name: level for o, _p, level in stock_levels()} == {"Gever": 6, "Nemer": 4}
    movements_page = client.get(f"/pakketten/bewegingen?organisation={giver.id}")
    assert "Overdracht gegeven" in movements_page.get_data(as_text=True)


def test_handing_out_more_than_the_stock_warns_coordinators(client, db, login_as):
    login_as("coordinator")
    org = factories.organisation(name="Kinderopvang De Ballon")
    ptype = factories.package_type(name="Zomerpakket")
    factories.stock_movement(organisation=org, package_type=ptype, quantity=2)
    db.session.commit()
    home = client.get("/coordinatie").get_data(as_text=True)
    assert "Voorraad onder nul" not in home
    assert negative_stock() == []

    # Visits logged at the door write these; three packages handed out with two in stock.
    factories.stock_movement(organisation=org, package_type=ptype, kind="handed_out", quantity=-3)
    db.session.commit()
    [(organisation, package_type, level)] = negative_stock()
    assert (organisation.name, package_type.name, level) == (
        "Kinderopvang De Ballon",
        "Zomerpakket",
        -1,
    )
    for page in ("/coordinatie", "/pakketten"):
        html = client.get(page).get_data(as_text=True)
        assert "Voorraad onder nul" in html and "Kinderopvang De Ballon" in html


def test_a_stock_form_sent_twice_is_stored_once(client, db, login_as):
    # A double tap, or the browser resending after an answer that got lost on a weak signal.
    login_as("coordinator")
    giver = factories.organisation(name="Gever")
    taker = factories.organisation(name="Nemer")
    ptype = factories.package_type()
    db.session.commit()
    form = client.get("/pakketten/ontvangen").get_data(as_text=True)
    form_id = re.search(r'name="form_id" type="hidden" value="([0-9a-f-]{36})"', form)
    form_id = form_id or re.search(r'name="form_id" value="([0-9a-f-]{36})"', form)
    assert form_id, "the form carries its own id"
    received = {
        "organisation_id": str(giver.id),
        "package_type_id": str(ptype.id),
        "quantity": "10",
        "form_id": form_id.group(1),
    }
    assert client.post("/pakketten/ontvangen", data=received).status_code == 302
    again = client.post("/pakketten/ontvangen", data=received, follow_redirects=True)
    assert "al bewaard" in again.get_data(as_text=True)
    # The whole stock given away, then the same form again: "already stored", not "too many".
    transfer = {
        "organisation_id": str(giver.id),
        "to_organisation_id": str(taker.id),
        "package_type_id": str(ptype.id),
        "quantity": "10",
        "form_id": str(uuid.uuid4()),
    }
    assert client.post("/pakketten/overdracht", data=transfer).status_code == 302
    resent = client.post("/pakketten/overdracht", data=transfer, follow_redirects=True)
    assert "al bewaard" in resent.get_data(as_text=True)
    correction = {
        "organisation_id": str(taker.id),
        "package_type_id": str(ptype.id),
        "quantity": "-2",
        "reason": "Geteld",
        "form_id": str(uuid.uuid4()),
    }
    for _ in range(2):
        assert client.post("/pakketten/correctie", data=correction).status_code == 302
    assert {o.name: level for o, _p, level in stock_levels()} == {"Gever": 0, "Nemer": 8}
    kinds = sorted(db.session.scalars(db.select(StockMovement.kind)))
    assert kinds == ["correction", "received", "transfer_in", "transfer_out"]
    audited = db.session.scalar(
        db.select(db.func.count()).select_from(AuditEvent).where(AuditEvent.action.like("stock_%"))
    )
    assert audited == 3
    # A new form (a new id) is a new delivery.
    assert (
        client.post(
            "/pakketten/ontvangen", data={**received, "form_id": str(uuid.uuid4())}
        ).status_code
        == 302
    )
    assert {o.name: level for o, _p, level in stock_levels()}["Gever"] == 10


def test_the_same_form_racing_in_is_stored_once(db, app, monkeypatch):
    from app.stock import services

    org = factories.organisation()
    ptype = factories.package_type()
    db.session.commit()
    form_id = str(uuid.uuid4())
    values = {"organisation_id": org.id, "package_type_id": ptype.id, "quantity": 5}
    with app.test_request_context():
        first, stored = services.record_received(**values, form_id=form_id)
    assert stored
    # The other request looked before this one committed: only the unique key can tell.
    real, looks = services.stored_form, []

    def looked_too_early(*args):
        looks.append(1)
        return None if len(looks) == 1 else real(*args)

    monkeypatch.setattr(services, "stored_form", looked_too_early)
    with app.test_request_context():
        again, stored = services.record_received(**values, form_id=form_id)
    assert len(looks) == 2 and not stored and again.id == first.id
    assert db.session.scalar(db.select(db.func.count()).select_from(StockMovement)) == 1
