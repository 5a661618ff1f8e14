"""The OpenAPI 3 description of the API, assembled from one fragment per feature.

Each feature describes its endpoints in `app/api/spec/<feature>.json` (keys `paths` and
`components.schemas`); this module merges them under one document, so the spec lives next to
nothing but itself and a test checks the answers against it.
"""

import copy
import json
from functools import cache
from pathlib import Path

from flask import jsonify

from app import clock

SPEC_DIR = Path(__file__).resolve().parent / "spec"


@cache
def spec() -> dict:
    document = json.loads((SPEC_DIR / "base.json").read_text(encoding="utf-8"))
    for fragment_path in sorted(SPEC_DIR.glob("*.json")):
        if fragment_path.name == "base.json":
            continue
        fragment = json.loads(fragment_path.read_text(encoding="utf-8"))
        for path, operations in fragment.get("paths", {}).items():
            document["paths"].setdefault(path, {}).update(operations)
        schemas = fragment.get("components", {}).get("schemas", {})
        document["components"]["schemas"].update(schemas)
    return document


def live_spec() -> dict:
    """The document as served: the week filter lists the current season's weeks.

    The API answers 400 for a week outside the season (app/offers/filters.py); the document
    says which weeks those are today rather than letting a client find out.
    """
    document = copy.deepcopy(spec())
    weeks = clock.this_season().weeks
    for parameter in document["paths"]["/activities"]["get"].get("parameters", []):
        if parameter["name"] == "week":
            parameter["schema"] = {"type": "string", "enum": weeks}
            parameter["description"] = "An ISO week of the current season (YYYY-Www)"
    return document


def openapi_json():
    return jsonify(live_spec())
