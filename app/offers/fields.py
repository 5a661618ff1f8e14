"""The editable fields of an activity: labels, spreadsheet headers, JSON and display forms.

One table drives the moderation diff, the pending-changes JSON, the spreadsheet template and its
import, so that a field added here shows up everywhere at once.
"""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.offers.codes import CATEGORIES, WEEKDAYS
from app.offers.sessions import Session, ordered


@dataclass(frozen=True)
class Field:
    name: str
    label: object
    kind: str  # text, int, date, time, bool, money, weekdays, categories, wijk, texts, sessions
    header: str  # Dutch spreadsheet column; "" for fields the spreadsheet leaves out
    in_form: bool = True  # False: set by imports only, never by the activity form


FIELDS = [
    Field("title", _l("Titel"), "text", "titel"),
    Field("description", _l("Beschrijving"), "text", "beschrijving"),
    Field("provider_name", _l("Aanbieder"), "text", "aanbieder"),
    Field("contact_name", _l("Contactpersoon"), "text", "contactpersoon"),
    Field("contact_email", _l("E-mail contactpersoon"), "text", "contact_email"),
    Field("contact_phone", _l("Telefoon contactpersoon"), "text", "contact_telefoon"),
    Field("categories", _l("Soort activiteit"), "categories", "soorten"),
    Field("age_min", _l("Vanaf leeftijd"), "int", "leeftijd_van"),
    Field("age_max", _l("Tot en met leeftijd"), "int", "leeftijd_tot"),
    Field("start_date", _l("Eerste dag"), "date", "eerste_dag"),
    Field("end_date", _l("Laatste dag"), "date", "laatste_dag"),
    Field("start_time", _l("Beginuur"), "time", "beginuur"),
    Field("end_time", _l("Einduur"), "time", "einduur"),
    Field("weekdays", _l("Dagen"), "weekdays", "dagen"),
    Field("overnight", _l("Met overnachting"), "bool", "overnachting"),
    Field("location_name", _l("Plaats"), "text", "plaats"),
    Field("street", _l("Straat"), "text", "straat"),
    Field("number", _l("Huisnummer"), "text", "nummer"),
    Field("postcode", _l("Postcode"), "text", "postcode"),
    Field("wijk_number", _l("Wijk"), "wijk", "wijk"),
    Field("mobile", _l("In verschillende wijken / rondtrekkend"), "bool", "mobiel"),
    Field("price_eur", _l("Prijs (euro)"), "money", "prijs"),
    Field("free", _l("Gratis"), "bool", "gratis"),
    # Not in the spreadsheet: UiTdatabank's children's tariffs fill it, providers tick "gratis".
    Field("children_free", _l("Gratis voor kinderen (anderen betalen de prijs)"), "bool", ""),
    Field("kansentarief", _l("Kansentarief met UiTPAS"), "bool", "kansentarief"),
    Field(
        "kansentarief_price_eur", _l("Prijs met kansentarief (euro)"), "money", "kansentarief_prijs"
    ),
    Field("registration_url", _l("Inschrijven: website"), "text", "inschrijven_website"),
    Field("registration_phone", _l("Inschrijven: telefoon"), "text", "inschrijven_telefoon"),
    Field("registration_email", _l("Inschrijven: e-mail"), "text", "inschrijven_email"),
    Field("registration_deadline", _l("Inschrijven tot"), "date", "inschrijven_tot"),
    Field("places", _l("Aantal plaatsen"), "int", "plaatsen"),
    Field("full", _l("Volzet"), "bool", "volzet"),
    Field("childcare_before", _l("Opvang voor de activiteit"), "bool", "opvang_voor"),
    Field("childcare_after", _l("Opvang na de activiteit"), "bool", "opvang_na"),
    Field("staff_languages", _l("Talen van de begeleiding"), "text", "talen"),
    Field("wheelchair_access", _l("Toegankelijk met rolstoel"), "bool", "rolstoel"),
    Field("taalstimulering", _l("Met taalstimulering"), "bool", "taalstimulering"),
    # {language: text} for the families' languages; the form has a pair of fields per language.
    # Not in the spreadsheet: one cell per language would double its width for a few rows.
    Field("title_i18n", _l("Titel in andere talen"), "texts", ""),
    Field("description_i18n", _l("Beschrijving in andere talen"), "texts", ""),
    # The real sessions UiTdatabank gives; the form's period, days and hours make them otherwise.
    Field("sessions", _l("Sessies"), "sessions", "", in_form=False),
]
FIELD_NAMES = [f.name for f in FIELDS]
SHEET_FIELDS = [f for f in FIELDS if f.header]
BY_NAME = {f.name: f for f in FIELDS}


def is_web_address(value: str) -> bool:
    """Only http(s) links reach a family's screen: no javascript: or data: tricks."""
    return value.lower().startswith(("https://", "http://")) and " " not in value


def to_json(kind: str, value):
    """A value as JSON can keep it (for pending changes)."""
    if value is None:
        return {} if kind == "texts" else None
    if kind == "date":
        return value.isoformat()
    if kind == "time":
        return value.strftime("%H:%M")
    if kind == "money":
        return str(Decimal(value).quantize(Decimal("0.01")))
    if kind == "categories":
        return sorted(value)
    if kind == "texts":
        return {lang: text for lang, text in sorted(value.items()) if text}
    if kind == "sessions":
        return [session.to_json() for session in ordered(value)]
    return value


def from_json(kind: str, value):
    if value is None:
        return None
    if kind == "sessions":
        return [Session.from_json(item) for item in value]
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "time":
        return time.fromisoformat(value)
    if kind == "money":
        return Decimal(value)
    return value


def display(kind: str, value) -> str:
    """A value as a moderator reads it in the list of differences."""
    if value is None or value == "" or value == []:
        return "—"
    if kind == "bool":
        return str(_l("ja") if value else _l("nee"))
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "time":
        return value.strftime("%H:%M")
    if kind == "money":
        return f"€ {Decimal(value):.2f}".replace(".", ",")
    if kind == "categories":
        return ", ".join(str(CATEGORIES.get(c, c)) for c in value)
    if kind == "weekdays":
        return " ".join(str(WEEKDAYS.get(d, d)) for d in value)
    if kind == "texts":
        return " · ".join(f"{lang}: {text}" for lang, text in sorted(value.items()) if text) or "—"
    if kind == "sessions":
        return display_sessions(value)
    return str(value)


SESSIONS_SHOWN = 4


def display_sessions(sessions) -> str:
    """ "5 sessies: 07/07/2027 13:15–14:45, …", enough for a moderator to see what changes."""
    items = ordered(sessions)
    parts = []
    for session in items[:SESSIONS_SHOWN]:
        text = session.day.strftime("%d/%m/%Y")
        if session.end_day != session.day:
            text += "–" + session.end_day.strftime("%d/%m/%Y")
        if session.start_time:
            text += " " + session.start_time.strftime("%H:%M")
            if session.end_time:
                text += "–" + session.end_time.strftime("%H:%M")
        parts.append(text)
    if len(items) > SESSIONS_SHOWN:
        parts.append("…")
    count = ngettext("%(num)s sessie", "%(num)s sessies", len(items))
    return f"{count}: {', '.join(parts)}"
