"""Checking an API answer against the OpenAPI document the app serves."""

from functools import cache

import jsonschema

from app.api.openapi import spec


def _to_jsonschema(node):
    """OpenAPI 3.0 schemas are JSON Schema plus `nullable`; rewrite that one difference."""
    if isinstance(node, dict):
        node = {k: _to_jsonschema(v) for k, v in node.items()}
        if node.pop("nullable", False) and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [_to_jsonschema(v) for v in node]
    return node


@cache
def _document() -> dict:
    return _to_jsonschema(spec())


def _resolve(node, document):
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/"):
            target = document
            for part in ref[2:].split("/"):
                target = target[part]
            return _resolve(target, document)
        return {k: _resolve(v, document) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, document) for v in node]
    return node


def assert_matches_spec(path: str, method: str, response) -> None:
    """Fail unless the test response's status and JSON body are described for that operation."""
    document = _document()
    operation = document["paths"][path][method.lower()]
    described = operation["responses"].get(str(response.status_code))
    assert described, f"{method} {path} answered {response.status_code}, not in the spec"
    schema = _resolve(described["content"]["application/json"]["schema"], document)
    jsonschema.validate(response.get_json(), schema, cls=jsonschema.Draft202012Validator)
