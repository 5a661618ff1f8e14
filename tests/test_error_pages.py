"""Error pages speak the visitor's language on every address; staff keep their own; JSON stays JSON.

A visitor who is not signed in may be a family that followed an old or mistyped link: its error
page offers all the public languages (?lang=, the lang cookie, the browser's), right to left for
Arabic. The titles are checked in the catalogues' words.
"""

import re

import pytest
from flask import abort

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter
from tests import factories
from tests.conftest import RequestClient, make_test_config

TITLES = {
    400: {"ar": "لم ينجح ذلك", "uk": "Не вдалося", "tr": "Olmadı", "nl": "Dat lukte niet"},
    403: {"ar": "لا يمكنك الدخول", "uk": "Немає доступу", "tr": "Erişim yok", "nl": "Geen toegang"},
    404: {"ar": "غير موجود", "uk": "Не знайдено", "tr": "Bulunamadı", "nl": "Niet gevonden"},
    429: {
        "ar": "انتظر قليلًا",
        "uk": "Зачекайте трохи",
        "tr": "Biraz bekleyin",
        "nl": "Even geduld",
    },
    500: {
        "ar": "حدث خطأ ما",
        "uk": "Щось пішло не так",
        "tr": "Bir sorun oldu",
        "nl": "Er ging iets mis",
    },
}


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def title(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.fixture
def errors_app(database_url):
    """An app with an address for each error a visitor can meet, and the limiter on."""
    saved = (limiter.enabled, limiter._storage, limiter._limiter)
    app = create_app(
        make_test_config(
            database_url,
            WTF_CSRF_ENABLED=True,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI="memory://",
            REDIS_URL=None,
            PROPAGATE_EXCEPTIONS=False,
        )
    )
    app.test_client_class = RequestClient
    app.add_url_rule("/geheim", "forbidden", lambda: abort(403))
    app.add_url_rule("/stuk", "broken", lambda: 1 / 0)
    app.add_url_rule("/druk", "busy", limiter.limit("1/hour")(lambda: "ok"))
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()
    limiter.enabled, limiter._storage, limiter._limiter = saved


def error_page(app, status, cookie=None, **request):
    """Meet the error `status` as an anonymous visitor; returns the page."""
    client = app.test_client()
    if cookie:
        client.set_cookie("lang", cookie)
    if status == 400:  # a form posted without its token (CSRF)
        response = client.post("/login", data={"email": "x@example.gent"}, **request)
    elif status == 403:
        response = client.get("/geheim", **request)
    elif status == 404:
        response = client.get("/bestaat/niet", **request)
    elif status == 429:
        client.get("/druk", **request)
        response = client.get("/druk", **request)
    else:
        response = client.get("/stuk", **request)
    assert response.status_code == status
    return response.get_data(as_text=True)


@pytest.mark.parametrize("status", sorted(TITLES))
@pytest.mark.parametrize("lang", ["ar", "uk", "tr"])
def test_every_error_page_speaks_the_language_asked_for(errors_app, status, lang):
    html = error_page(errors_app, status, query_string={"lang": lang})
    direction = "rtl" if lang == "ar" else "ltr"
    assert html_tag(html) == f'<html lang="{lang}" dir="{direction}">'
    assert title(html) == TITLES[status][lang]
    assert "Traceback" not in html and "ZeroDivisionError" not in html


@pytest.mark.parametrize("status", sorted(TITLES))
def test_the_lang_cookie_and_the_browsers_language_choose_it_too(errors_app, status):
    cookie = error_page(errors_app, status, cookie="ar")
    assert html_tag(cookie) == '<html lang="ar" dir="rtl">'
    browser = error_page(errors_app, status, headers={"Accept-Language": "uk-UA,uk;q=0.9"})
    assert html_tag(browser) == '<html lang="uk" dir="ltr">'
    assert title(browser) == TITLES[status]["uk"]
    dutch = error_page(errors_app, status)
    assert html_tag(dutch) == '<html lang="nl" dir="ltr">' and title(dutch) == TITLES[status]["nl"]


def test_an_anonymous_error_page_offers_the_offer_the_languages_and_the_sign_in(errors_app):
    html = error_page(errors_app, 404, query_string={"lang": "ar"})
    # The way to the offer keeps the visitor's language (app.i18n carries it on families' links).
    assert re.search(r'href="/aanbod(\?lang=ar)?"', html) and 'href="/login"' in html
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    assert all(f'hreflang="{code}"' in switcher for code in ("nl", "fr", "tr", "bg", "ar", "uk"))
    on_a_families_address = errors_app.test_client().get("/aanbod/987654?lang=ar")
    assert 'href="/login"' not in on_a_families_address.get_data(as_text=True)


def test_staff_keep_their_own_language(errors_app, db):
    user = factories.user("coordinator", preferred_language="en")
    client = errors_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = factories.login_id(user)
    html = client.get("/bestaat/niet?lang=ar", headers={"Accept-Language": "ar"})
    assert html.status_code == 404
    page = html.get_data(as_text=True)
    assert html_tag(page) == '<html lang="en" dir="ltr">' and title(page) == "Not found"


def test_json_errors_stay_json(errors_app):
    client = errors_app.test_client()
    response = client.get("/api/v1/bestaat-niet?lang=ar")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    other = client.get("/bestaat/niet?lang=ar", headers={"Accept": "application/json"})
    assert other.get_json()["error"]["code"] == "not_found"
