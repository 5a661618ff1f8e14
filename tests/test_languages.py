"""Every family reads the offer in its own language: choice, direction, catalogues, texts."""

import gzip
import re
from html import unescape
from pathlib import Path

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
    "nl": "Zomeraanbod voor kinderen", "en": "Summer activities for children",
    "fr": "Activités d'été pour les enfants", "tr": "Çocuklar için yaz etkinlikleri",
    "bg": "Летни дейности за деца", "ar": "أنشطة صيفية للأطفال", "uk": "Літні заходи для дітей",
}
TIPS_HEADING = {
    "nl": "Tips voor de zomer", "en": "Tips for the summer", "fr": "Conseils pour l'été",
    "tr": "Yaz için öneriler", "bg": "Съвети за лятото", "ar": "نصائح للصيف",
    "uk": "Поради на літо",
}
WHEN = {"nl": "Wanneer", "en": "When", "fr": "Quand", "tr": "Ne zaman", "bg": "Кога",
        "ar": "متى", "uk": "Коли"}


def get(client, url, **kw):
    response = client.get(url, **kw)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


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


def test_the_choice_is_kept_in_a_cookie(client, db):
    response = client.get("/aanbod?lang=tr")
    assert "lang=tr" in response.headers["Set-Cookie"]
    assert html_tag(get(client, "/tips")) == '<html lang="tr" dir="ltr">'
    assert html_tag(get(client, "/aanbod?lang=uk")) == '<html lang="uk" dir="ltr">'
    assert html_tag(get(client, "/aanbod")) == '<html lang="uk" dir="ltr">'


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
    for code, name in {"nl": "Nederlands", "en": "English", "fr": "Français", "tr": "Türkçe",
                       "bg": "Български", "ar": "العربية", "uk": "Українська"}.items():
        assert re.search(
            rf'<a href="/aanbod\?lang={code}&amp;wijk=4|<a href="/aanbod\?wijk=4&amp;lang={code}"'
            rf' lang="{code}" hreflang="{code}"[^>]*>{name}</a>',
            switcher,
        ), code
    assert 'lang="nl" hreflang="nl" aria-current="true"' in switcher


def test_a_short_link_fixes_the_language_and_leaves_no_cookie(client, db):
    link = factories.short_link(wijk_number=4, lang="ar")
    db.session.commit()
    assert link.target == "/aanbod?wijk=4&lang=ar"
    response = client.get(f"/q/{link.code}", headers={"Accept-Language": "nl"})
    assert response.status_code == 302 and response.headers["Location"] == link.target
    assert "Set-Cookie" not in response.headers
    landing = client.get(response.headers["Location"], headers={"Accept-Language": "nl"})
    assert html_tag(landing.get_data(as_text=True)) == '<html lang="ar" dir="rtl">'
    assert "lang=ar" in landing.headers["Set-Cookie"]


@pytest.mark.parametrize("lang", PUBLIC)
def test_error_pages_on_the_families_addresses_speak_their_language(client, db, lang):
    response = client.get(f"/aanbod/987654?lang={lang}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    direction = "rtl" if lang == "ar" else "ltr"
    assert html_tag(html) == f'<html lang="{lang}" dir="{direction}">'
    assert 'href="/aanbod"' in html and "/aanmelden" not in html  # no staff sign-in for families
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


def test_fonts_are_self_hosted_and_fetched_only_for_their_script(client, db):
    css = (STATIC / "css" / "app.css").read_text()
    faces = re.findall(r"@font-face\s*{(.*?)}", css, re.S)
    assert len(faces) == 4
    for face in faces:
        assert "font-display: swap" in face and "unicode-range" in face
        (url,) = re.findall(r'url\("\.\./(vendor/fonts/[^"]+\.woff2)"\)', face)
        assert (STATIC / url).stat().st_size < 25_000
        # Nothing a Dutch page holds falls in the range: Latin comes from the phone's fonts.
        assert "U+0000" not in face and "U+00" not in face.split("unicode-range")[1]
    assert (STATIC / "vendor" / "fonts" / "OFL-noto-sans-arabic.txt").exists()


def test_a_dutch_page_for_one_wijk_stays_under_30_kb_with_no_font(client, db):
    for n in range(12):
        factories.activity(title=f"Activiteit in de wijk {n}", wijk_number=4,
                           week=factories.season_week(1 + n % 8), categories=["play", "sport"])
    db.session.commit()
    html = client.get("/aanbod?wijk=4&lang=nl").get_data()
    css = sum(
        len(gzip.compress(p.read_bytes()))
        for p in (STATIC / "css/app.css", STATIC / "vendor/modern-normalize/modern-normalize.css")
    )
    assert len(gzip.compress(html)) + css < 30 * 1024
    before_switcher = html.decode().split('class="languages"')[0]
    assert not re.search(r"[\u0400-\u04ff\u0600-\u06ff]", before_switcher)


def test_activity_texts_in_the_familys_language_or_dutch_marked(client, db):
    item = factories.activity(title="Voetbalkamp", description="Elke dag voetbal.",
                              categories=["sport", "camp"])
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
    for code, label in (("sport", "Sport et mouvement"), ("camp", "Camp")):
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
    response = client.post("/activiteiten/nieuw", data=form_data(
        title="Circuskamp", title_tr="Sirk kampı", description_tr="Hokkabazlık ve akrobasi.",
        title_ar="  ",
    ))
    assert response.status_code == 302
    from app.offers.models import Activity

    item = db.session.scalar(db.select(Activity).where(Activity.title == "Circuskamp"))
    assert item.title_i18n == {"tr": "Sirk kampı"}
    assert item.description_i18n == {"tr": "Hokkabazlık ve akrobasi."}
    assert "Sirk kampı" in get(client, f"/aanbod/{item.id}?lang=tr")
    # Editing keeps them and shows them again.
    edit = get(client, f"/activiteiten/{item.id}")
    assert 'value="Sirk kampı"' in edit and "<details class=\"translations\" open>" in edit


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
