"""Every family reads the offer in its own language: choice, direction, catalogues, texts."""

import gzip
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.public_messages import (
    TRANSLATIONS,
    catalogue,
    compile_catalogue,
    missing,
    placeholders,
)

STATIC = Path(__file__).resolve().parents[1] / "app" / "static"
PUBLIC = ["nl", "en", "fr", "tr", "bg", "ar", "uk"]
# A heading of each page, as the family reads it.
OFFER_HEADING = {
    "nl": "Zomeraanbod voor kinderen",
    "en": "Summer activities for children",
    "fr": "Activités d'été pour les enfants",
    "tr": "Çocuklar için yaz etkinlikleri",
    "bg": "Летни дейности за деца",
    "ar": "أنشطة صيفية للأطفال",
    "uk": "Літні заходи для дітей",
}
TIPS_HEADING = {
    "nl": "Tips voor de zomer",
    "en": "Tips for the summer",
    "fr": "Conseils pour l'été",
    "tr": "Yaz için öneriler",
    "bg": "Съвети за лятото",
    "ar": "نصائح للصيف",
    "uk": "Поради на літо",
}
WHEN = {
    "nl": "Wanneer",
    "en": "When",
    "fr": "Quand",
    "tr": "Ne zaman",
    "bg": "Кога",
    "ar": "متى",
    "uk": "Коли",
}


def get(client, url, **kw):
    response = client.get(url, **kw)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def target(url: str) -> tuple[str, dict]:
    """(path, query arguments) of a link, whatever the order of its arguments."""
    parts = urlsplit(url)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


@pytest.mark.parametrize("lang", PUBLIC)
def test_each_public_page_in_each_language(client, db, lang):
    item = factories.activity(title="Speelweek")
    db.session.commit()
    direction = "rtl" if lang == "ar" else "ltr"
    pages = {
        "/aanbod": OFFER_HEADING[lang],
        f"/aanbod/{item.id}": WHEN[lang],
        "/tips": TIPS_HEADING[lang],
    }
    for path, heading in pages.items():
        html = get(client, f"{path}?lang={lang}")
        assert html_tag(html) == f'<html lang="{lang}" dir="{direction}">', path
        assert heading in unescape(html), (path, heading)


def test_the_switchers_choice_is_kept_in_a_cookie_and_pages_set_none(client, db):
    # A link's ?lang= shows the page in that language but is no choice: nothing is kept.
    response = client.get("/aanbod?lang=tr")
    assert html_tag(response.get_data(as_text=True)) == '<html lang="tr" dir="ltr">'
    assert "Set-Cookie" not in response.headers
    # The switcher goes through /taal/<code>: it keeps the choice and returns to the page.
    chosen = client.get("/taal/uk?next=/aanbod%3Fwijk%3D4%26lang%3Dtr")
    assert chosen.status_code == 303 and chosen.headers["Cache-Control"] == "no-store"
    assert chosen.headers["Location"] == "/aanbod?wijk=4&lang=uk"
    assert "lang=uk" in chosen.headers["Set-Cookie"]
    assert html_tag(get(client, "/tips")) == '<html lang="uk" dir="ltr">'
    assert html_tag(get(client, "/aanbod?lang=tr")) == '<html lang="uk" dir="ltr">'
    # Only our own pages, and only languages the families' pages speak.
    assert client.get("/taal/uk?next=https://elders.example/").headers["Location"] == (
        "/aanbod?lang=uk"
    )
    assert client.get("/taal/uk?next=//elders.example/x").headers["Location"] == "/aanbod?lang=uk"
    assert client.get("/taal/pl?next=/aanbod").status_code == 404


def test_the_browser_language_then_dutch(client, db):
    html = get(client, "/aanbod", headers={"Accept-Language": "ar-MA,ar;q=0.9,fr;q=0.5"})
    assert html_tag(html) == '<html lang="ar" dir="rtl">'
    html = get(client, "/aanbod", headers={"Accept-Language": "pl,de;q=0.8"})
    assert html_tag(html) == '<html lang="nl" dir="ltr">'
    # ?lang= beats the browser.
    html = get(client, "/aanbod?lang=bg", headers={"Accept-Language": "fr"})
    assert html_tag(html).startswith('<html lang="bg"')


def test_staff_pages_speak_dutch_and_english_only(client, db, login_as):
    login_as("coordinator")
    assert html_tag(get(client, "/flyers?lang=ar")).startswith('<html lang="nl"')
    assert html_tag(get(client, "/flyers?lang=en")).startswith('<html lang="en"')
    html = get(client, "/flyers", headers={"Accept-Language": "tr, en;q=0.5"})
    assert html_tag(html).startswith('<html lang="en"')
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    assert "English" in switcher and "العربية" not in switcher


def test_a_signed_in_worker_does_not_override_the_familys_language(client, db, login_as):
    worker = factories.user("worker", preferred_language="en")
    db.session.commit()
    login_as(worker)
    # The worker hands the phone over: the family's ?lang= wins on the families' pages …
    assert html_tag(get(client, "/aanbod?lang=ar")).startswith('<html lang="ar"')
    # … and the worker's own setting still rules the staff pages.
    assert html_tag(get(client, "/account/wachtwoord")).startswith('<html lang="en"')


def test_switcher_names_each_language_in_itself(client, db):
    html = get(client, "/aanbod?lang=nl&wijk=4")
    switcher = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    for code, name in {
        "nl": "Nederlands",
        "en": "English",
        "fr": "Français",
        "tr": "Türkçe",
        "bg": "Български",
        "ar": "العربية",
        "uk": "Українська",
    }.items():
        found = re.search(
            rf'<a href="([^"]+)" lang="{code}" hreflang="{code}"[^>]*>{name}</a>', switcher
        )
        # Each leads through /taal/<code> back to this page, with its wijk.
        assert target(unescape(found.group(1))) == (
            f"/taal/{code}",
            {"next": "/aanbod?lang=nl&wijk=4"},
        ), code
    assert 'lang="nl" hreflang="nl" aria-current="true"' in switcher
    # On the staff pages the switcher keeps its ?lang= links.
    assert "/taal/" not in get(client, "/login")


def landing(client, code, accept_language, cookie=None):
    """Scan a printed code with a phone set to `accept_language`: (redirect, landing page)."""
    headers = {"Accept-Language": accept_language}
    if cookie:
        client.set_cookie("lang", cookie)
    else:
        client.delete_cookie("lang")
    scan = client.get(f"/q/{code}", headers=headers)
    assert scan.status_code == 302
    return scan, client.get(scan.headers["Location"], headers=headers)


def test_a_dutch_flyer_opens_in_the_phones_language(client, db):
    link = factories.short_link(wijk_number=4, lang="nl")
    db.session.commit()
    assert link.target == "/aanbod?wijk=4&lang=nl"  # as printed codes' targets are stored
    scan, page = landing(client, link.code, "ar-MA,ar;q=0.9,fr;q=0.5")
    # The printed code keeps working and leads to its target as it is.
    assert scan.headers["Location"] == link.target and "Set-Cookie" not in scan.headers
    assert html_tag(page.get_data(as_text=True)) == '<html lang="ar" dir="rtl">'
    assert "Set-Cookie" not in page.headers  # nothing chosen, nothing remembered
    # A phone in a language the site does not speak, or in Dutch: the flyer's Dutch.
    for phone in ("pl,de;q=0.8", "nl-BE", "en;q=0.1,nl"):
        _scan, page = landing(client, link.code, phone)
        assert html_tag(page.get_data(as_text=True)) == '<html lang="nl" dir="ltr">', phone


def test_a_flyer_printed_in_another_language_wins_over_the_phone(client, db):
    link = factories.short_link(wijk_number=4, lang="fr")
    db.session.commit()
    for phone in ("nl-BE,nl;q=0.9", "ar", "uk"):
        _scan, page = landing(client, link.code, phone)
        assert html_tag(page.get_data(as_text=True)) == '<html lang="fr" dir="ltr">', phone


def test_a_choice_on_the_page_wins_over_flyer_and_phone_and_is_remembered(client, db):
    dutch = factories.short_link(wijk_number=4, lang="nl")
    french = factories.short_link(wijk_number=4, lang="fr")
    db.session.commit()
    _scan, page = landing(client, dutch.code, "ar")
    html = page.get_data(as_text=True)
    # The switch is one tap away: a link named in Dutch that brings this very page back in Dutch.
    switch = re.search(r'<a href="([^"]+)" lang="nl" hreflang="nl"[^>]*>Nederlands</a>', html)
    chosen = client.get(unescape(switch.group(1)), headers={"Accept-Language": "ar"})
    assert chosen.status_code == 303 and "lang=nl" in chosen.headers["Set-Cookie"]
    assert target(chosen.headers["Location"]) == ("/aanbod", {"wijk": "4", "lang": "nl"})
    page = client.get(chosen.headers["Location"], headers={"Accept-Language": "ar"})
    assert html_tag(page.get_data(as_text=True)) == '<html lang="nl" dir="ltr">'
    # Remembered: the next scan of the Dutch flyer, and of a French one, stay in Dutch.
    for link in (dutch, french):
        _scan, page = landing(client, link.code, "ar", cookie="nl")
        assert html_tag(page.get_data(as_text=True)) == '<html lang="nl" dir="ltr">', link.lang


def test_the_flyers_language_goes_along_from_page_to_page(client, db):
    item = factories.activity(title="Speelweek", wijk_number=4)
    factories.tip(title="Stoepkrijt")
    db.session.commit()
    html = get(client, "/aanbod?wijk=4&lang=tr", headers={"Accept-Language": "nl"})
    assert html_tag(html) == '<html lang="tr" dir="ltr">'
    links = set(re.findall(r'href="(/[^"]*)"', unescape(html)))
    activity_link = next(u for u in links if u.startswith(f"/aanbod/{item.id}?"))
    assert "lang=tr" in activity_link and "/tips?lang=tr" in links
    for url in (activity_link, "/tips?lang=tr"):
        page = get(client, url, headers={"Accept-Language": "nl"})
        assert html_tag(page) == '<html lang="tr" dir="ltr">', url
    # The choices form sends the link's language along with the family's new choices.
    assert '<input type="hidden" name="lang" value="tr">' in html


def test_the_language_depends_only_on_address_cookie_and_accept_language(app, db, login_as, client):
    from werkzeug.datastructures import LanguageAccept

    from app.i18n import public_language

    public = app.config["PUBLIC_LANGUAGES"]

    def decide(link=None, cookie=None, accept=()):
        return public_language(link, cookie, LanguageAccept(accept), public, "nl")

    assert decide() == "nl"
    assert decide(accept=[("ar", 1)]) == "ar"
    assert decide(link="nl", accept=[("ar", 1)]) == "ar"
    assert decide(link="nl", accept=[("pl", 1)]) == "nl"
    assert decide(link="fr", accept=[("ar", 1)]) == "fr"
    assert decide(link="fr", cookie="uk", accept=[("ar", 1)]) == "uk"
    assert decide(link="nl", cookie="nl", accept=[("ar", 1)]) == "nl"
    assert decide(link="yy", cookie="zz", accept=[("ar", 1)]) == "ar"
    # A signed-in worker's own setting does not change a families' page (it would make the
    # page depend on the session, which no shared cache may key on).
    worker = factories.user("worker", preferred_language="en")
    db.session.commit()
    login_as(worker)
    html = get(client, "/aanbod", headers={"Accept-Language": "uk"})
    assert html_tag(html) == '<html lang="uk" dir="ltr">'


@pytest.mark.parametrize("lang", PUBLIC)
def test_error_pages_on_the_families_addresses_speak_their_language(client, db, lang):
    response = client.get(f"/aanbod/987654?lang={lang}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    direction = "rtl" if lang == "ar" else "ltr"
    assert html_tag(html) == f'<html lang="{lang}" dir="{direction}">'
    # A way back to the offer, in the same language; no staff sign-in for families.
    assert f'href="/aanbod?lang={lang}"' in html and "/aanmelden" not in html
    # A mistyped short code too, though it sets no cookie: from the browser's language.
    fresh = client.application.test_client()
    response = fresh.get("/q/nietbestaand", headers={"Accept-Language": lang})
    assert response.status_code == 404 and "Set-Cookie" not in response.headers
    assert html_tag(response.get_data(as_text=True)) == f'<html lang="{lang}" dir="{direction}">'


def test_unknown_address_under_a_public_prefix_is_a_public_error(client, db):
    response = client.get("/aanbod/niet-een-nummer?lang=uk")
    assert response.status_code == 404
    assert html_tag(response.get_data(as_text=True)).startswith('<html lang="uk"')
    # Anywhere else too, for a visitor who is not signed in (tests/test_error_pages.py).
    assert html_tag(client.get("/beheer/bestaat-niet?lang=uk").get_data(as_text=True)).startswith(
        '<html lang="uk"'
    )


def test_arabic_pages_are_mirrored_with_logical_css(client, db):
    css = (STATIC / "css" / "app.css").read_text()
    # Physical sides would not mirror for right-to-left pages.
    assert not re.search(r"(?<![-\w])(margin|padding|border)-(left|right)\b", css)
    assert not re.search(r"[;{]\s*(left|right)\s*:", css)
    assert not re.search(r"text-align:\s*(left|right)", css)


def test_pages_draw_every_script_with_the_phone_s_own_fonts():
    """Issue 17: no page downloads a font; the vendored faces are the flyers' PDF's only."""
    css = (STATIC / "css" / "app.css").read_text()
    assert "@font-face" not in css and "url(" not in css.split("--system-font", 1)[1][:300]
    assert re.search(r"font-family: var\(--system-font\)", css)
    flyers = (STATIC / "css" / "flyers.css").read_text()
    assert "noto-sans-arabic-400-subset.woff2" in flyers
    assert (STATIC / "vendor" / "fonts" / "OFL-noto-sans-arabic.txt").exists()


@pytest.mark.parametrize("lang", ["nl", "en", "fr", "tr", "bg", "ar", "uk"])
def test_a_first_visit_of_the_offer_stays_under_30_kb_in_every_language(app, client, db, lang):
    assert lang in app.config["PUBLIC_LANGUAGES"]
    for n in range(12):
        factories.activity(
            title=f"Activiteit in de wijk {n}",
            wijk_number=4,
            week=factories.season_week(1 + n % 8),
            categories=["play", "sport"],
        )
    db.session.commit()
    html = client.get(f"/aanbod?lang={lang}").get_data()
    assert f'lang="{lang}"'.encode() in html
    css = sum(
        len(gzip.compress(p.read_bytes()))
        for p in (STATIC / "css/app.css", STATIC / "vendor/modern-normalize/modern-normalize.css")
    )
    assert len(gzip.compress(html)) + css < 30 * 1024


def test_activity_texts_in_the_familys_language_or_dutch_marked(client, db):
    item = factories.activity(
        title="Voetbalkamp", description="Elke dag voetbal.", categories=["sport", "camp"]
    )
    item.title_i18n = {"ar": "مخيم كرة القدم"}
    item.description_i18n = {"ar": "كرة القدم كل يوم."}
    db.session.commit()
    html = get(client, f"/aanbod/{item.id}?lang=ar")
    assert "مخيم كرة القدم" in html and "كرة القدم كل يوم." in html
    assert "(باللغة الهولندية)" not in html
    html = get(client, f"/aanbod/{item.id}?lang=uk")
    assert '<span lang="nl" dir="ltr">Voetbalkamp</span>' in html
    assert '<div lang="nl" dir="ltr"><p>Elke dag voetbal.</p></div>' in html
    assert "(нідерландською)" in html
    listing = get(client, "/aanbod?lang=uk")
    assert '<span lang="nl" dir="ltr">Voetbalkamp</span></a> <small class="in-dutch">' in listing
    assert "(in het Nederlands)" not in get(client, "/aanbod?lang=nl")


def test_phone_numbers_keep_their_order_in_arabic(client, db):
    item = factories.activity(registration_url="", registration_phone="09 266 80 00")
    db.session.commit()
    html = get(client, f"/aanbod/{item.id}?lang=ar")
    assert 'اتصل بالرقم <span class="tel" dir="ltr">09 266 80 00</span>' in html
    assert '<span class="tel" dir="ltr">09 266 80 00</span>' in get(client, "/aanbod?lang=ar")


def test_category_pictograms_sit_beside_their_labels(client, db):
    item = factories.activity(categories=["sport", "camp"])
    db.session.commit()
    html = get(client, f"/aanbod/{item.id}?lang=fr")
    for code, label in (("sport", "Sport et mouvement"), ("camp", "Stages et camps")):
        assert re.search(
            rf'<li><svg class="cat-icon" aria-hidden="true"[^>]*><use href="#cat-{code}"/></svg>'
            rf"{label}</li>",
            html,
        ), code
        assert f'<symbol id="cat-{code}"' in html
    assert "<script" not in html and "style=" not in html


def test_providers_add_title_and_description_in_other_languages(client, db, login_as):
    from tests.test_offers import form_data

    login_as("coordinator")
    form = get(client, "/activiteiten/nieuw")
    for lang in ("en", "fr", "tr", "bg", "ar", "uk"):
        assert f'name="title_{lang}"' in form and f'name="description_{lang}"' in form
    assert '<input dir="auto" id="title_ar" lang="ar"' in form
    response = client.post(
        "/activiteiten/nieuw",
        data=form_data(
            title="Circuskamp",
            title_tr="Sirk kampı",
            description_tr="Hokkabazlık ve akrobasi.",
            title_ar="  ",
        ),
    )
    assert response.status_code == 302
    from app.offers.models import Activity

    item = db.session.scalar(db.select(Activity).where(Activity.title == "Circuskamp"))
    assert item.title_i18n == {"tr": "Sirk kampı"}
    assert item.description_i18n == {"tr": "Hokkabazlık ve akrobasi."}
    assert "Sirk kampı" in get(client, f"/aanbod/{item.id}?lang=tr")
    # Editing keeps them and shows them again.
    edit = get(client, f"/activiteiten/{item.id}")
    assert 'value="Sirk kampı"' in edit and '<details class="translations" open>' in edit


def test_coordinators_write_tips_in_the_families_languages(client, db, login_as):
    login_as("coordinator")
    form = get(client, "/beheer-aanbod/tips/nieuw")
    for lang in ("en", "fr", "tr", "bg", "ar", "uk"):
        assert f'name="title_{lang}"' in form and f'name="text_{lang}"' in form
    assert '<input dir="auto" id="title_ar" lang="ar"' in form
    response = client.post(
        "/beheer-aanbod/tips/nieuw",
        data={
            "title": "Stoepkrijt",
            "text": "Teken een parcours op de stoep.",
            "kind": "outdoor",
            "age_min": "3",
            "age_max": "8",
            "published": "y",
            "title_ar": "طباشير الرصيف",
            "text_ar": "ارسم مسارًا على الرصيف.",
            "title_uk": "Крейда",
            "title_fr": "  ",
        },
    )
    assert response.status_code == 302
    from app.offers.models import Tip

    tip = db.session.scalar(db.select(Tip).where(Tip.title == "Stoepkrijt"))
    assert tip.title_i18n == {"ar": "طباشير الرصيف", "uk": "Крейда"}
    assert tip.text_i18n == {"ar": "ارسم مسارًا على الرصيف."}
    # Editing shows them again, opened, and keeps them.
    edit = get(client, f"/beheer-aanbod/tips/{tip.id}")
    assert 'value="طباشير الرصيف"' in edit and '<details class="translations" open>' in edit
    client.post(
        f"/beheer-aanbod/tips/{tip.id}",
        data={
            "title": "Stoepkrijt",
            "text": "Teken een parcours op de stoep.",
            "kind": "outdoor",
            "age_min": "3",
            "age_max": "8",
            "published": "y",
            "title_ar": "طباشير الرصيف",
            "text_ar": "ارسم مسارًا على الرصيف.",
            "title_uk": "",
        },
    )
    db.session.expire_all()
    assert tip.title_i18n == {"ar": "طباشير الرصيف"}


def test_tips_in_the_familys_language_or_dutch_marked(client, db):
    factories.tip(
        title="Stoepkrijt",
        text="Teken een parcours.",
        kind="outdoor",
        title_i18n={"ar": "طباشير الرصيف"},
        text_i18n={"ar": "ارسم مسارًا."},
    )
    factories.tip(
        title="Kartonnen stad",
        text="Bouw met dozen.",
        kind="rainy_day",
        title_i18n={"uk": "Місто з картону"},
    )
    db.session.commit()
    arabic = get(client, "/tips?lang=ar")
    assert "<h3>طباشير الرصيف</h3>" in arabic and "<p>ارسم مسارًا.</p>" in arabic
    # Not translated: the Dutch, marked as Dutch for the reader and for the browser.
    assert '<span lang="nl" dir="ltr">Kartonnen stad</span> <small class="in-dutch">' in arabic
    assert '<p lang="nl" dir="ltr">Bouw met dozen.</p>' in arabic
    assert arabic.count("(باللغة الهولندية)") == 1
    ukrainian = get(client, "/tips?lang=uk")
    # A translated title with a Dutch text: the note sits with the text.
    assert "<h3>Місто з картону</h3>" in ukrainian
    assert (
        '<p><small class="in-dutch">(нідерландською)</small></p><p lang="nl" dir="ltr">'
        "Bouw met dozen.</p>" in ukrainian
    )
    dutch = get(client, "/tips?lang=nl")
    assert "<h3>Stoepkrijt</h3>" in dutch and "in-dutch" not in dutch


def test_an_edited_tip_is_a_new_tips_page(client, db):
    from datetime import datetime, timedelta

    tip = factories.tip(title="Stoepkrijt")
    db.session.commit()
    # Written yesterday: the version of /tips sees whole seconds only.
    yesterday = datetime.now() - timedelta(days=1)
    db.session.execute(db.text("UPDATE tip SET created_at = :t, updated_at = :t"), {"t": yesterday})
    db.session.commit()
    first = client.get("/tips?lang=tr").headers["ETag"]
    tip.title_i18n = {"tr": "Kaldırım tebeşiri"}
    db.session.commit()
    response = client.get("/tips?lang=tr", headers={"If-None-Match": first})
    assert response.status_code == 200 and "Kaldırım tebeşiri" in response.get_data(as_text=True)


def test_the_calendar_file_has_the_title_in_the_familys_language(client, db):
    item = factories.activity(title="Voetbalkamp")
    item.title_i18n = {"tr": "Futbol kampı"}
    db.session.commit()

    def summary(url, **kw):
        body = client.get(url, **kw).get_data(as_text=True).replace("\r\n ", "")
        return re.search(r"^SUMMARY:(.*)$", body, re.M).group(1).strip()

    assert summary(f"/aanbod/{item.id}.ics?lang=tr") == "Futbol kampı"
    assert summary(f"/aanbod/{item.id}.ics", headers={"Accept-Language": "tr"}) == "Futbol kampı"
    assert summary(f"/aanbod/{item.id}.ics?lang=ar") == "Voetbalkamp"  # none in Arabic
    assert summary(f"/aanbod/{item.id}.ics?lang=nl") == "Voetbalkamp"
    # The page's button leads to the file in the page's language.
    html = get(client, f"/aanbod/{item.id}?lang=tr", headers={"Accept-Language": "nl"})
    assert f'href="/aanbod/{item.id}.ics?lang=tr"' in html


def test_no_public_message_lacks_a_translation():
    problems = {lang: missing(lang) for lang in PUBLIC if lang != "nl"}
    assert problems == {lang: [] for lang in problems}


def test_every_catalogue_compiles_and_keeps_its_placeholders():
    catalogues = sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"))
    assert catalogues == sorted(["en", "fr", "tr", "bg", "ar", "uk"])
    for lang in catalogues:
        assert compile_catalogue(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
        for message in catalogue(lang):
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                if text:
                    assert placeholders(text) == placeholders(ids[0]), (lang, message.id, text)


def test_english_covers_every_staff_message():
    untranslated = [m.id for m in catalogue("en") if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
