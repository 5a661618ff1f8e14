"""The offline field client's server side: manifest, service worker, offline page, the tags
that tell the script who is signed in, and the API refusing a queue that is not the caller's."""

import io
import json
import re
import uuid
from datetime import UTC, datetime
from html import unescape as html_unescape
from pathlib import Path

import pytest
from PIL import Image

from app.offline.client import user_key
from app.visits.models import Visit
from tests import factories
from tests.openapi_check import assert_matches_spec

CSS = Path(__file__).resolve().parents[1] / "app" / "static" / "css" / "app.css"


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    return found and found.group(1)


def test_the_manifest_installs_the_field_pages(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["start_url"] == "/vandaag"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    brand = re.search(r"--brand:\s*(#[0-9a-f]{6})", CSS.read_text()).group(1)
    assert manifest["theme_color"] == brand
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert purposes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        size = Image.open(io.BytesIO(image.data)).size
        assert f"{size[0]}x{size[1]}" == icon["sizes"]
        image.close()


def test_the_service_worker_is_served_from_the_root_and_never_from_a_stale_cache(app, client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    source = response.get_data(as_text=True)
    assert "__" not in source.split("*/", 1)[1]  # every placeholder is filled in
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source).group(1))
    # Static URLs carry their content hash (?v=…), the same as the pages that use them.
    assert "/offline" in precache and "/afgemeld" in precache
    assert "const LOGOUT_URL = '/logout'" in source
    assert "const SIGNED_OUT_URL = '/afgemeld'" in source
    assert any(url.startswith("/static/js/field-client.js?v=") for url in precache)
    for url in precache:
        assert client.get(url).status_code == 200, url


def test_a_new_version_changes_the_service_worker_bytes(app, client):
    app.config["SW_VERSION"] = "one"
    first = client.get("/sw.js").get_data(as_text=True)
    app.config["SW_VERSION"] = "two"
    second = client.get("/sw.js").get_data(as_text=True)
    app.config.pop("SW_VERSION")
    assert "stoep-static-' + VERSION" in first
    assert "const VERSION = 'one'" in first and "const VERSION = 'two'" in second
    # Without a configured version it is a hash of the worker and the files it precaches.
    assert re.search(r"const VERSION = '[0-9a-f]{12}'", client.get("/sw.js").get_data(as_text=True))


def test_the_offline_page_shows_nobody_s_data(login_as, client):
    login_as("worker", name="Wout Geheim")
    html = client.get("/offline").get_data(as_text=True)
    assert "Geen verbinding" in html and 'href="/vandaag"' in html
    assert "Wout Geheim" not in html
    assert meta(html, "csrf-token") is None and meta(html, "stoep-user") is None
    assert "Afmelden" not in html


def test_the_signed_out_page_shows_nobody_s_data_and_runs_the_client(login_as, client):
    login_as("worker", name="Wout Geheim")
    html = client.get("/afgemeld").get_data(as_text=True)
    assert "Je bent afgemeld op deze telefoon" in html
    assert "De server wordt verwittigd zodra er bereik is." in html
    assert "Wout Geheim" not in html and "Afmelden" not in html
    assert meta(html, "csrf-token") is None and meta(html, "stoep-user") is None
    assert re.search(r'<script src="/static/js/field-client\.js\?v=\w+" defer></script>', html)


def test_the_service_worker_signs_out_with_json_and_the_session_ends(db, login_as, client):
    login_as("worker")
    token = meta(client.get("/vandaag").get_data(as_text=True), "csrf-token")
    app_ = client.application
    app_.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            "/logout", headers={"X-CSRFToken": token, "Accept": "application/json"}
        )
    finally:
        app_.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200 and response.get_json() == {"signed_out": True}
    assert client.get("/vandaag").status_code == 302
    # A browser posting the form still lands on the sign-in page.
    login_as("worker")
    assert client.post("/logout").headers["Location"].endswith("/login")


def test_a_worker_s_pages_name_the_worker_to_the_script_by_a_keyed_hash(app, login_as, client):
    worker = login_as("worker")
    html = client.get("/vandaag").get_data(as_text=True)
    key = meta(html, "stoep-user")
    assert key == user_key(worker) and str(worker.id) != key and len(key) == 24
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(r'<script src="/static/js/field-client\.js\?v=\w+" defer></script>', html)
    assert 'id="sync"' in html and "Verzend nu" in html
    config = json.loads(html_unescape(meta(html, "stoep-field-client")))
    assert config["urls"]["visits"] == "/api/v1/visits"
    assert config["strings"]["outcomes"]["not_home"] == "Niet thuis"
    assert "{n}" in config["strings"]["signout_queued"]
    assert config["urls"]["signed_out"] == "/afgemeld"
    other = factories.user("worker")
    assert user_key(other) != key


def test_other_roles_get_no_field_client_and_the_sign_in_page_can_install(login_as, client):
    html = client.get("/login").get_data(as_text=True)
    assert 'rel="manifest"' in html and meta(html, "stoep-user") is None
    login_as("coordinator")
    html = client.get("/coordinatie").get_data(as_text=True)
    assert 'rel="manifest"' not in html and "field-client.js" not in html
    assert meta(html, "stoep-field-client") is None


def test_the_route_page_gives_the_script_what_a_tap_needs(db, login_as, client):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    db.session.commit()
    html = client.get(f"/routes/{route.id}").get_data(as_text=True)
    assert f'data-stop="{stops[0].id}"' in html and 'data-flyer="false"' in html
    assert f'data-contact="/stops/{stops[0].id}/contact"' in html
    assert 'data-status="open"' in html


def visit_payload(stop) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "stop_id": stop.id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "outcome": "not_home",
        "flyer_left": False,
    }


@pytest.fixture
def walked(db, login_as):
    worker = login_as("worker")
    route, stops = factories.walked_route(worker, n_stops=2)
    db.session.commit()
    return worker, stops


def test_a_queue_of_another_user_is_refused_and_nothing_is_stored(db, client, walked):
    worker, stops = walked
    someone_else = factories.user("worker")
    db.session.commit()
    response = client.post(
        "/api/v1/visits",
        json={"visits": [visit_payload(stops[0])]},
        headers={"X-Stoep-User": user_key(someone_else)},
    )
    assert_matches_spec("/visits", "post", response)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "other_user"
    assert db.session.scalar(db.select(db.func.count()).select_from(Visit)) == 0


def test_the_owner_s_queue_is_stored(db, client, walked):
    worker, stops = walked
    response = client.post(
        "/api/v1/visits",
        json={"visits": [visit_payload(stops[0])]},
        headers={"X-Stoep-User": user_key(worker)},
    )
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == ["created"]
