"""The JSON Schema of catalog.yaml, for editors with a YAML language server."""

from __future__ import annotations

from typing import Any

from ocop.model import RECORDS, Catalog, fields_of

SCHEMA_FILE = "catalog.schema.json"
SCHEMA_ID = "https://ocop.invalid/catalog.schema.json"


def catalog_schema() -> dict[str, Any]:
    """The schema of the catalogue file, with a title and description editors show."""
    schema = Catalog.model_json_schema(mode="validation")
    for record in RECORDS:  # keyword-only dataclass fields come out required-last
        definition = schema["$defs"][record.__name__]
        order = list(fields_of(record))
        definition["properties"] = dict(
            sorted(definition["properties"].items(), key=lambda item: order.index(item[0]))
        )
        if "required" in definition:
            definition["required"].sort(key=order.index)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "OCOP catalogue (catalog.yaml)"
    schema["description"] = (
        "Producers, OCOP products and SKUs of a province, and which marketplaces they go to. "
        "Check with `ocop validate`."
    )
    return schema
