"""The JSON Schema of an export's ``data.json`` (GDPR art. 20: in a
structured, machine-readable format another service can read), built from
the registry's kinds so it names every kind the export holds, with what it
is, why we keep it and on what basis. Published at
``/personvern/eksport-skjema.json`` and linked from every export."""

from django.utils.translation import gettext as _

from . import registry

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# A row is a flat object of plain JSON values (export_row's contract):
# strings (ISO 8601 for dates and times), numbers, booleans, null, and lists
# or objects of those.
ROW = {
    "type": "object",
    "additionalProperties": {
        "type": ["string", "number", "integer", "boolean", "null", "array", "object"]
    },
}

KIND_META = {
    "type": "object",
    "required": ["label", "purpose", "legal_basis", "retention", "rows"],
    "properties": {
        "label": {"type": "string"},
        "purpose": {"type": "string"},
        "legal_basis": {"type": "string"},
        "retention": {"type": "string"},
        "rows": {"type": "integer", "minimum": 0},
    },
}


def export_schema(schema_url="") -> dict:
    """The schema of ``data.json`` for the kinds registered now."""
    kinds = registry.kinds()
    properties = {
        kind.key: {
            "title": str(kind.label),
            "description": " ".join(
                part for part in (str(kind.purpose), str(kind.legal_basis)) if part
            ),
            "type": "array",
            "items": ROW,
        }
        for kind in kinds
    }
    properties["meta"] = {
        "title": _("About this export"),
        "type": "object",
        "required": ["generated_at", "site", "subject", "kinds", "schema"],
        "properties": {
            "generated_at": {"type": "string", "format": "date-time"},
            "site": {"type": "string"},
            "schema": {"type": "string"},
            "subject": {
                "type": "object",
                "required": ["user_id", "emails"],
                "properties": {
                    "user_id": {"type": ["integer", "null"]},
                    "emails": {"type": "array", "items": {"type": "string"}},
                },
            },
            "kinds": {
                "type": "object",
                "properties": {kind.key: KIND_META for kind in kinds},
                "additionalProperties": KIND_META,
            },
        },
    }
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": _("A copy of a person's data (data.json)"),
        "description": _(
            "One key per kind of personal data, each a list of rows; "
            '"meta" says when the copy was made, whose it is and, for each '
            "kind, what it is, why it is kept and for how long."
        ),
        "type": "object",
        "required": sorted(properties),
        "properties": properties,
        "additionalProperties": {"type": "array", "items": ROW},
    }
    if schema_url:
        schema["$id"] = schema_url
    return schema
