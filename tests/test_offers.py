"""Activities: categories and derived weeks, providers' own offer, moderation, tips, demo data."""

from datetime import timedelta

from app import clock
from app.audit.models import AuditEvent
from app.offers.codes import CATEGORIES
from app.offers.models import Activity, ActivityWeek, Call, Tip
from app.offers.uitdatabank import CATEGORIES as UIT_CATEGORIES
from app.season import current_season, iso_week_range
from app.visits.codes import INTERESTS
from tests import factories


def form_data(**kw) -> dict:
    """A provider's answers as the activity form posts them."""
    monday = iso_week_range(factories.season_week(2))[0]
    data = {
        "title": "Circuskamp",
        "description": "Jongleren en acrobatie.",
        "provider_name": "Circus Gent",
        "categories": ["camp", "arts"],
        "age_min": "6",
        "age_max": "12",
        "start_date": monday.isoformat(),
        "end_date": (monday + timedelta(days=4)).isoformat(),
        "start_time": "09:00",
        "end_time": "16:00",
        "weekdays": ["1", "2", "3", "4", "5"],
        "location_name": "Circusschool",
        "street": "Acaciastraat",
        "number": "5",
        "postcode": "9000",
        "wijk_number": "",
        "price_eur": "80",
        "kansentarief": "y",
        "kansentarief_price_eur": "16",
        "registration_url": "https://example.org/circus",
        "contact_name": "Carla",
        "contact_email": "carla@example.org",
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def test_one_list_of_categories_for_offer_interests_and_uitdatabank():
    assert list(CATEGORIES) == list(INTERESTS) == list(UIT_CATEGORIES)


def test_weeks_are_derived_and_follow_the_dates(app, db):
    w1, w2, w3 = (factories.season_week(n) for n in (1, 2, 3))
    item = factories.activity(week=w1)
    assert item.weeks == [w1]
    from app.offers import services

    monday2 = iso_week_range(w2)[0]
    services.change_activity(
        item,
        {
            **services.values_of(item),
            "start_date": monday2,
            "end_date": monday2 + timedelta(days=8),
        },
        by_moderator=True,
    )
    stored = db.session.scalars(
        db.select(ActivityWeek.week).where(ActivityWeek.activity_id == item.id)
    ).all()
    assert sorted(stored) == [w2, w3]


def test_provider_creates_an_activity_for_their_organisation(client, db, login_as):
    provider = login_as("provider")
    response = client.post("/activiteiten/nieuw", data=form_data())
    assert response.status_code == 302 and response.headers["Location"] == "/mijn-aanbod"
    item = db.session.scalar(db.select(Activity))
    assert item.status == "submitted"
    assert item.provider_organisation_id == provider.organisation_id
    assert item.categories == ["arts", "camp"]
    assert item.wijk_number == 4  # looked up from the street (Acaciastraat lies in Brugse Poort)
    assert item.kansentarief and float(item.kansentarief_price_eur) == 16
    html = client.get("/mijn-aanbod").get_data(as_text=True)
    assert "<h1>Mijn aanbod</h1>" in html and "Circuskamp" in html and "Ingediend" in html
    assert client.get("/aanbod").get_data(as_text=True).count("Circuskamp") == 0


def test_provider_home_is_their_offer(client, login_as):
    login_as("provider")
    assert client.get("/").headers["Location"] == "/mijn-aanbod"


def test_rejected_form_answers_422_and_keeps_what_was_typed(client, db, login_as):
    login_as("provider")
    monday = iso_week_range(factories.season_week(2))[0]
    response = client.post(
        "/activiteiten/nieuw",
        data=form_data(
            end_date=(monday - timedelta(days=1)).isoformat(),
            price_eur="",
            categories=[],
            age_min="9",
            age_max="4",
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in (
        "De laatste dag ligt voor de eerste dag.",
        "Geef een prijs",
        "De hoogste leeftijd is lager dan de laagste.",
    ):
        assert message in html
    assert 'value="Circuskamp"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 0


def test_provider_never_sees_another_organisations_activity(client, db, login_as):
    login_as("provider")
    other = factories.activity(organisation=factories.organisation(), title="Van een ander")
    db.session.commit()
    assert client.get(f"/activiteiten/{other.id}").status_code == 404
    assert client.post(f"/activiteiten/{other.id}", data=form_data()).status_code == 404
    assert client.post(f"/activiteiten/{other.id}/intrekken").status_code == 404
    assert "Van een ander" not in client.get("/mijn-aanbod").get_data(as_text=True)
    assert client.get("/beheer-aanbod").status_code == 403


def test_workers_and_anonymous_have_no_access(client, login_as):
    assert client.get("/mijn-aanbod").status_code == 302
    assert client.get("/beheer-aanbod").status_code == 302
    login_as("worker")
    for url in (
        "/mijn-aanbod",
        "/activiteiten/nieuw",
        "/beheer-aanbod",
        "/beheer-aanbod/tips",
        "/beheer-aanbod/oproepen",
        "/beheer-aanbod/export.csv",
    ):
        assert client.get(url).status_code == 403, url


def test_coordinator_publishes_and_a_parent_finds_it(client, db, login_as):
    item = factories.activity(status="submitted", title="Nieuw kamp")
    login_as("coordinator")
    queue = client.get("/beheer-aanbod").get_data(as_text=True)
    assert "Nieuw kamp" in queue
    response = client.post(f"/beheer-aanbod/activiteiten/{item.id}/publiceren")
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "published" and item.published_at is not None
    assert "Nieuw kamp" in client.get("/aanbod?wijk=4&age=6").get_data(as_text=True)
    assert "Nieuw kamp" not in client.get("/beheer-aanbod").get_data(as_text=True)
    assert (
        db.session.scalar(
            db.select(AuditEvent.action)
            .where(AuditEvent.object_id == str(item.id))
            .order_by(AuditEvent.id.desc())
        )
        == "activity_published"
    )


def test_reject_needs_a_reason_the_provider_then_reads(client, db, login_as):
    org = factories.organisation()
    item = factories.activity(status="submitted", organisation=org)
    login_as("coordinator")
    response = client.post(f"/beheer-aanbod/activiteiten/{item.id}/afwijzen", data={"reason": ""})
    assert response.status_code == 422
    assert db.session.get(Activity, item.id).status == "submitted"
    client.post(
        f"/beheer-aanbod/activiteiten/{item.id}/afwijzen", data={"reason": "Geen kinderaanbod."}
    )
    db.session.refresh(item)
    assert item.status == "rejected" and item.rejection_reason == "Geen kinderaanbod."
    login_as(factories.user("provider", organisation=org))
    assert "Geen kinderaanbod." in client.get("/mijn-aanbod").get_data(as_text=True)
    # Edited after the rejection, it goes back to the queue.
    client.post(f"/activiteiten/{item.id}", data=form_data(title="Beter kinderaanbod"))
    db.session.refresh(item)
    assert item.status == "submitted" and item.title == "Beter kinderaanbod"


def test_changes_to_a_published_activity_wait_for_approval(client, db, login_as):
    org = factories.organisation()
    item = factories.activity(organisation=org, title="Speelweek", wijk_number=4)
    db.session.commit()
    login_as(factories.user("provider", organisation=org))
    response = client.post(
        f"/activiteiten/{item.id}",
        data=form_data(
            title="Speelweek XL",
            price_eur="12.50",
            wijk_number="4",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "published" and item.title == "Speelweek"
    assert item.pending_changes["title"] == "Speelweek XL"
    public = client.get("/aanbod").get_data(as_text=True)
    assert "Speelweek" in public and "Speelweek XL" not in public
    # The provider goes on from the proposal, not from the published version.
    assert 'value="Speelweek XL"' in client.get(f"/activiteiten/{item.id}").get_data(as_text=True)

    login_as("coordinator")
    queue = client.get("/beheer-aanbod").get_data(as_text=True)
    assert "Speelweek" in queue and "Wijziging" in queue
    review = client.get(f"/beheer-aanbod/activiteiten/{item.id}").get_data(as_text=True)
    assert "<del>Speelweek</del>" in review and "<ins>Speelweek XL</ins>" in review
    assert "<del>€ 10,00</del>" in review and "<ins>€ 12,50</ins>" in review
    assert "<del>Speelplein</del>" in review  # location name changed to Circusschool
    client.post(f"/beheer-aanbod/activiteiten/{item.id}/wijziging", data={"decision": "approve"})
    db.session.refresh(item)
    assert item.title == "Speelweek XL" and item.pending_changes is None
    assert "Speelweek XL" in client.get("/aanbod").get_data(as_text=True)


def test_discarded_change_leaves_the_published_version(client, db, login_as):
    org = factories.organisation()
    item = factories.activity(organisation=org, title="Origineel")
    db.session.commit()
    login_as(factories.user("provider", organisation=org))
    client.post(f"/activiteiten/{item.id}", data=form_data(title="Voorstel"))
    login_as("coordinator")
    client.post(f"/beheer-aanbod/activiteiten/{item.id}/wijziging", data={"decision": "discard"})
    db.session.refresh(item)
    assert item.title == "Origineel" and item.pending_changes is None


def test_coordinator_edits_apply_at_once(client, db, login_as):
    item = factories.activity(title="Oud")
    login_as("coordinator")
    client.post(f"/activiteiten/{item.id}", data=form_data(title="Nieuw"))
    db.session.refresh(item)
    assert item.title == "Nieuw" and item.pending_changes is None


def test_coordinator_creates_a_published_activity(client, db, login_as):
    login_as("coordinator")
    response = client.post("/activiteiten/nieuw", data=form_data(mobile="y", street=""))
    assert response.status_code == 302
    item = db.session.scalar(db.select(Activity))
    assert item.status == "published" and item.mobile and item.wijk_number is None


def test_withdrawn_activity_leaves_the_site(client, db, login_as):
    org = factories.organisation()
    item = factories.activity(organisation=org, title="Weg ermee")
    db.session.commit()
    login_as(factories.user("provider", organisation=org))
    assert "Ja, intrekken" in client.get(f"/activiteiten/{item.id}/intrekken").get_data(
        as_text=True
    )
    client.post(f"/activiteiten/{item.id}/intrekken")
    assert db.session.get(Activity, item.id).status == "withdrawn"
    assert "Weg ermee" not in client.get("/aanbod").get_data(as_text=True)


def test_coordinator_list_searches_and_filters_by_status(client, db, login_as):
    factories.activity(title="Zwemmen in de zomer")
    factories.activity(title="Knutselen", status="submitted")
    login_as("coordinator")
    html = client.get("/beheer-aanbod/activiteiten?q=zwem").get_data(as_text=True)
    assert "Zwemmen in de zomer" in html and "Knutselen" not in html
    html = client.get("/beheer-aanbod/activiteiten?status=submitted").get_data(as_text=True)
    assert "Knutselen" in html and "Zwemmen in de zomer" not in html


def test_tips_are_kept_by_coordinators(client, db, login_as):
    login_as("coordinator")
    response = client.post(
        "/beheer-aanbod/tips/nieuw",
        data={
            "title": "Plassen springen",
            "text": "Laarzen aan!",
            "kind": "rainy_day",
            "age_min": "2",
            "age_max": "8",
            "published": "y",
        },
    )
    assert response.status_code == 302
    tip = db.session.scalar(db.select(Tip))
    assert (tip.kind, tip.age_min, tip.age_max) == ("rainy_day", 2, 8)
    assert "Plassen springen" in client.get("/tips").get_data(as_text=True)
    client.post(
        f"/beheer-aanbod/tips/{tip.id}",
        data={
            "title": "Plassen springen",
            "text": "Laarzen aan!",
            "kind": "rainy_day",
            "age_min": "2",
            "age_max": "8",
        },
    )
    assert "Plassen springen" not in client.get("/tips").get_data(as_text=True)
    client.post(f"/beheer-aanbod/tips/{tip.id}/verwijderen")
    assert db.session.scalar(db.select(db.func.count()).select_from(Tip)) == 0


def test_demo_offer_is_what_the_contract_asks(app, db):
    from app.demo import seed_demo

    seed_demo()
    seed_demo()  # idempotent
    season = current_season(clock.today())
    published = db.session.scalars(db.select(Activity).where(Activity.status == "published")).all()
    in_season = [a for a in published if set(a.weeks) & set(season.weeks)]
    assert len(in_season) >= 60
    assert {w for a in in_season for w in a.weeks} == set(season.weeks)
    wijken = {a.wijk_number for a in published}
    assert len(wijken) >= 10 and not wijken & set(range(17, 26))
    camps = [a for a in published if a.is_camp]
    assert any(a.overnight for a in camps) and any(not a.overnight for a in camps)
    assert any(a.free for a in published) and any(a.kansentarief for a in published)
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(Activity).where(Activity.status == "submitted")
        )
        >= 3
    )
    assert {t.kind for t in db.session.scalars(db.select(Tip))} == {"outdoor", "rainy_day"}
    calls = db.session.scalars(db.select(Call)).all()
    assert len(calls) == 1 and calls[0].accepts_on(clock.today())
    provider_org = db.session.scalar(
        db.select(Activity.provider_organisation_id).where(
            Activity.provider_name == "Speelpleinwerking Gent"
        )
    )
    assert provider_org is not None  # provider@demo.gent has activities of its own


def test_only_web_links_are_accepted_for_registration(client, db, login_as):
    login_as("provider")
    response = client.post(
        "/activiteiten/nieuw", data=form_data(registration_url="javascript://x.be/%0Aalert(1)")
    )
    assert response.status_code == 422
    assert "Geef een volledig webadres" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Activity)) == 0
