"""A search box looks for what was typed: % and _ are characters, not SQL wildcards, and an
address copied from a list ("Sijsjeslaan 5 bus 1, 9040 Gent") finds that address.

Before, `?q=%` listed every row and `?q=_` matched any one character (the LIKE patterns were built
from the typed text as it was). Each search below would list every row if they were wildcards.
"""

from tests import factories


def test_households_and_users_search_for_percent_and_underscore_as_typed(client, db, login_as):
    login_as("admin")
    factories.household(street="Kerkstraat", number="12")
    factories.household(street="Molenstraat", number="5")
    factories.household(street="Rue_du_Parc", number="7")
    org = factories.organisation(name="Buurtwerk 100% Gent")
    factories.user("worker", name="Ann Peeters", organisation=org)
    db.session.commit()

    for q in ("%", "%25", "k%t"):
        html = client.get("/huishoudens", query_string={"q": q}).get_data(as_text=True)
        assert "Kerkstraat" not in html and "Molenstraat" not in html, q
        assert "Geen huishoudens gevonden" in html
    html = client.get("/huishoudens", query_string={"q": "_"}).get_data(as_text=True)
    assert "Rue_du_Parc" in html and "Kerkstraat" not in html
    html = client.get("/huishoudens", query_string={"q": "kerkstraat 1_"}).get_data(as_text=True)
    assert "Kerkstraat 12" not in html  # a number that starts with "1_", not "1 and any one"

    users = client.get("/beheer/gebruikers", query_string={"q": "_"}).get_data(as_text=True)
    assert "Ann Peeters" not in users
    orgs = client.get("/beheer/organisaties", query_string={"q": "100%"}).get_data(as_text=True)
    assert "Buurtwerk 100% Gent" in orgs
    orgs = client.get("/beheer/organisaties", query_string={"q": "0%g"}).get_data(as_text=True)
    assert "Buurtwerk 100% Gent" not in orgs


def test_privacy_and_round_searches_take_wildcards_literally(client, db, login_as):
    login_as("coordinator")
    round_ = factories.visit_round()
    factories.household(street="Wondelgemstraat", number="14")
    db.session.commit()

    found = client.get("/privacy/huishoudens", query_string={"q": "wondelgemstraat 14"})
    assert "Wondelgemstraat" in found.get_data(as_text=True)
    for q in ("w%straat", "w_ndelgemstraat", "__"):
        html = client.get("/privacy/huishoudens", query_string={"q": q}).get_data(as_text=True)
        assert "Wondelgemstraat" not in html, q

    url = f"/rondes/{round_.id}/adressen/zoeken"
    assert "Wondelgemstraat" in client.get(url, query_string={"q": "wondelgem"}).get_data(
        as_text=True
    )
    for q in ("%", "w_ndelgem"):
        html = client.get(url, query_string={"q": q}).get_data(as_text=True)
        assert "Wondelgemstraat" not in html, q


def test_the_round_picker_takes_the_address_as_the_lists_show_it(client, db, login_as):
    login_as("coordinator")
    round_ = factories.visit_round()
    wanted = factories.household(street="Sijsjeslaan", number="5", box="1", postcode="9040")
    other = factories.household(street="Sijsjeslaan", number="7", postcode="9040")
    db.session.commit()
    url = f"/rondes/{round_.id}/adressen/zoeken"
    html = client.get(url, query_string={"q": "Sijsjeslaan 5 bus 1, 9040 Gent"}).get_data(
        as_text=True
    )
    assert f'value="{wanted.id}"' in html and f'value="{other.id}"' not in html
