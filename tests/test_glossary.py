"""The public catalogues follow the glossary (app/translations/glossary/<lang>.csv).

A term of the offer ("speelplein", "kamp", "kansentarief"…) is translated the same agreed way
in every public message that holds it, and never in the ways that shifted its meaning before
(issue 16: "speelplein" as "playground", "Volzet" in Arabic as "crowded").
"""

import csv
import re
import unicodedata

import pytest

from tests.public_messages import TRANSLATIONS, catalogue, public_msgids

GLOSSARY = TRANSLATIONS / "glossary"
LANGUAGES = ["en", "fr", "tr", "bg", "ar", "uk"]
REQUIRED_TERMS = {"speelplein", "kamp", "overnacht", "kansentarief", "wijk", "UiTPAS"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def plain(text: str) -> str:
    """Compared as read: Arabic without its short-vowel marks (tashkeel), one normal form."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670"))


def glossary(lang: str) -> list[dict]:
    with open(GLOSSARY / f"{lang}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def holds(msgid, term: str) -> bool:
    texts = msgid if isinstance(msgid, tuple) else (msgid,)
    return any(term.casefold() in PLACEHOLDER.sub("", text).casefold() for text in texts)


def translations(catalog, msgid) -> list[str]:
    message = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
    if message is None:
        return []
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [plain(s) for s in strings]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_glossary_with_the_terms_of_the_offer(lang):
    rows = glossary(lang)
    assert set(rows[0]) == {"term", "use", "avoid", "note"}
    terms = [row["term"] for row in rows]
    assert set(terms) >= REQUIRED_TERMS and len(terms) == len(set(terms))
    for row in rows:
        assert row["use"] and row["note"], row["term"]
        re.compile(row["use"])
        re.compile(row["avoid"] or "x")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_public_messages_use_the_glossarys_terms(lang):
    catalog = catalogue(lang)
    msgids = public_msgids()
    wrong = []
    for row in glossary(lang):
        use = re.compile(plain(row["use"]), re.I)
        avoid = re.compile(plain(row["avoid"]), re.I) if row["avoid"] else None
        holding = [m for m in msgids if holds(m, row["term"])]
        assert holding, f"{lang}: no public message holds {row['term']!r} (an old row?)"
        for msgid in holding:
            for text in translations(catalog, msgid):
                if not use.search(text):
                    wrong.append((row["term"], "lacks", row["use"], text))
                if avoid and avoid.search(text):
                    wrong.append((row["term"], "uses", row["avoid"], text))
    assert wrong == []


def test_the_check_catches_a_wrong_rendering():
    # The issue's own finding, replayed against the English row: "playground" for speelplein.
    row = next(r for r in glossary("en") if r["term"] == "speelplein")
    assert re.search(row["avoid"], "Play and playground", re.I)
    assert not re.search(row["use"], "Play and playground", re.I)
    arabic = next(r for r in glossary("ar") if r["term"] == "volzet")
    assert re.search(plain(arabic["avoid"]), plain("ممتلئ"))
    assert plain("مخفَّض") == "مخفض"
