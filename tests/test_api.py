"""The API's shared behaviour: the OpenAPI document, JSON errors."""

from tests.openapi_check import assert_matches_spec


def test_openapi_document_is_served_and_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert "/openapi.json" in document["paths"]
    assert_matches_spec("/openapi.json", "get", response)


def test_every_api_rule_is_described(app):
    from app.api.openapi import spec

    paths = set(spec()["paths"])
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        templated = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{")
        templated = templated.replace(">", "}")
        assert templated in paths, f"{rule.rule} is not in the OpenAPI document"


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
