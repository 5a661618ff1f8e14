"""Admin pages: users and organisations."""

from app.auth.models import User
from app.models import AuditEvent, Organisation
from tests import factories


def test_admin_creates_a_user_with_password_policy(client, db, login_as):
    login_as("admin")
    org = factories.organisation(name="School De Vlieger")
    db.session.commit()
    data = {
        "email": "new@example.gent",
        "name": "Nieuwe Collega",
        "role": "worker",
        "organisation_id": str(org.id),
        "preferred_language": "",
        "password": "short",
    }
    rejected = client.post("/beheer/gebruikers/nieuw", data=data)
    assert rejected.status_code == 422
    html = rejected.get_data(as_text=True)
    assert "minstens 12 tekens" in html
    assert 'value="Nieuwe Collega"' in html
    assert db.session.scalar(db.select(User).where(User.email == "new@example.gent")) is None

    data["password"] = "a sufficiently long one"
    assert client.post("/beheer/gebruikers/nieuw", data=data).status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "new@example.gent"))
    assert user.role == "worker" and user.organisation_id == org.id
    assert user.password_hash.startswith("scrypt:")
    assert "user_created" in db.session.scalars(db.select(AuditEvent.action)).all()


def test_duplicate_email_is_refused(client, db, login_as):
    login_as("admin")
    existing = factories.user("worker", email="taken@example.gent")
    db.session.commit()
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={
            "email": "TAKEN@example.gent",
            "name": "X",
            "role": "worker",
            "organisation_id": str(existing.organisation_id),
            "password": "a long password here",
        },
    )
    assert response.status_code == 422
    assert "bestaat al" in response.get_data(as_text=True)


def test_deactivate_asks_confirmation_then_signs_out(client, db, login_as):
    login_as("admin")
    worker = factories.user("worker")
    db.session.commit()
    confirm = client.get(f"/beheer/gebruikers/{worker.id}/actief")
    assert confirm.status_code == 200
    assert "uitschakelen?" in confirm.get_data(as_text=True)
    assert db.session.get(User, worker.id).active  # GET changes nothing
    assert client.post(f"/beheer/gebruikers/{worker.id}/actief").status_code == 302
    assert not db.session.get(User, worker.id).active


def test_admin_cannot_deactivate_self(client, login_as):
    admin = login_as("admin")
    assert client.post(f"/beheer/gebruikers/{admin.id}/actief").status_code == 403


def test_reset_password(client, db, login_as):
    login_as("admin")
    worker = factories.user("worker")
    db.session.commit()
    response = client.post(
        f"/beheer/gebruikers/{worker.id}/wachtwoord", data={"password": "another long secret"}
    )
    assert response.status_code == 302
    assert db.session.get(User, worker.id).check_password("another long secret")


def test_user_list_search_and_pagination(client, db, login_as):
    login_as("admin")
    org = factories.organisation()
    for i in range(30):
        factories.user("worker", name=f"Stoeper {i:02d}", organisation=org)
    factories.user("provider", name="Unieke Aanbieder", organisation=org)
    by_mail = factories.user("worker", name="Mevrouw Mail", organisation=org)
    db.session.commit()
    first = client.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Pagina 1 van 2" in first
    found = client.get("/beheer/gebruikers?q=unieke").get_data(as_text=True)
    assert "Unieke Aanbieder" in found and "Stoeper 01" not in found
    by_role = client.get("/beheer/gebruikers?role=provider").get_data(as_text=True)
    assert "Unieke Aanbieder" in by_role and "Stoeper" not in by_role
    by_email = client.get("/beheer/gebruikers?q=" + by_mail.email.upper()).get_data(as_text=True)
    assert "Mevrouw Mail" in by_email and "Unieke Aanbieder" not in by_email


def test_organisation_search_ignores_case_and_pages(client, db, login_as):
    login_as("admin")
    for i in range(30):
        factories.organisation(name=f"Buurtwerk {i:02d}")
    factories.organisation(name="Speelplein Zonnebloem")
    db.session.commit()
    assert "Pagina 1 van 2" in client.get("/beheer/organisaties").get_data(as_text=True)
    found = client.get("/beheer/organisaties?q=+zonneBLOEM+").get_data(as_text=True)
    assert "Speelplein Zonnebloem" in found and "Buurtwerk 01" not in found
    everything = client.get("/beheer/organisaties?page=9").get_data(as_text=True)
    assert "Buurtwerk" not in everything  # past the last page: empty, not an error


def test_organisations_create_and_edit(client, db, login_as):
    login_as("admin")
    response = client.post(
        "/beheer/organisaties/nieuw",
        data={"name": "Jeugdhuis Oever", "kind": "youth_work", "active": "y"},
    )
    assert response.status_code == 302
    org = db.session.scalar(db.select(Organisation).where(Organisation.name == "Jeugdhuis Oever"))
    assert org.kind == "youth_work" and org.active
    dup = client.post(
        "/beheer/organisaties/nieuw", data={"name": "jeugdhuis oever", "kind": "other"}
    )
    assert dup.status_code == 422
    client.post(f"/beheer/organisaties/{org.id}", data={"name": "Jeugdhuis Oever", "kind": "sport"})
    db.session.refresh(org)
    assert org.kind == "sport" and not org.active


def test_coordinator_cannot_manage_users(client, login_as):
    login_as("coordinator")
    assert client.get("/beheer/gebruikers").status_code == 403
    assert client.get("/beheer/organisaties").status_code == 403
    assert client.get("/wijken").status_code == 200
