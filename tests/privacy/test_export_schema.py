"""Portability: an export's data.json has a documented structure, a JSON
Schema published at /personvern/eksport-skjema.json and linked from the
export (data.json's meta names it, a copy sits beside data.json in the ZIP
and index.html links to the copy), and every export validates against it.

The ``jsonschema`` package is not installed, so :func:`check` below
validates the subset of JSON Schema the schema uses (type, required,
properties, additionalProperties, items, minimum)."""

import io
import json
import zipfile

import pytest

from privacy import registry, services
from privacy.export_schema import export_schema
from privacy.models import DataExport
from privacy.registry import Subject

pytestmark = pytest.mark.django_db

URL = "/personvern/eksport-skjema.json"
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def check(value, schema, path="$"):
    """The places where ``value`` breaks ``schema``, as a list of strings."""
    problems = []
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(
            isinstance(value, TYPES[name])
            and not (isinstance(value, bool) and name in ("integer", "number"))
            for name in types
        ):
            return [f"{path}: {type(value).__name__} is not {types}"]
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}: {key} is missing")
        properties = schema.get("properties", {})
        for key, item in value.items():
            rule = properties.get(key, schema.get("additionalProperties"))
            if rule is False:
                problems.append(f"{path}: {key} is not allowed")
            elif isinstance(rule, dict):
                problems += check(item, rule, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += check(item, schema["items"], f"{path}[{index}]")
    if "minimum" in schema and isinstance(value, int) and value < schema["minimum"]:
        problems.append(f"{path}: {value} is below {schema['minimum']}")
    return problems


def export_of(subject):
    buffer = io.BytesIO()
    services.export_subject(subject, buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def test_the_schema_is_published_and_names_every_kind(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    schema = response.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(URL)
    kinds = {kind.key for kind in registry.kinds()}
    assert set(schema["properties"]) == kinds | {"meta"}
    for key in kinds:
        assert schema["properties"][key]["title"]
        assert schema["properties"][key]["type"] == "array"


def test_an_export_links_its_schema_and_validates_against_it(user, client):
    DataExport.objects.create(user=user)
    services.restrict(Subject.for_user(user), reason="Checking the schema.")
    archive = export_of(Subject.for_user(user))
    data = json.loads(archive.read("data.json"))
    published = client.get(URL).json()
    assert data["meta"]["schema"] == published["$id"]
    assert json.loads(archive.read("data.schema.json")) == published
    assert 'href="data.schema.json"' in archive.read("index.html").decode()
    assert data["privacy.restrictions"]
    assert check(data, published) == []


def test_the_check_finds_an_export_that_breaks_the_schema(user):
    data = json.loads(export_of(Subject.for_user(user)).read("data.json"))
    data["privacy.exports"] = {"not": "a list"}
    del data["meta"]["subject"]
    problems = check(data, export_schema())
    assert "$.privacy.exports: dict is not ['array']" in problems
    assert "$.meta: subject is missing" in problems
