"""The HSDS tabular datapackage: a territory's directory as CSV files in a .zip.

The export is the JSON set of `hsds.export_set`, flattened by the importer's own JSON reader
(so every nested record becomes one row of its table, with its `…_id` links), then written
one CSV file per HSDS table with the columns the HSDS schemas give, in their order, followed by
the Pontes extension columns the importer reads back (`x_pontes_language`,
`x_pontes_translations` as JSON, the code lists separated by spaces, a service area's
`x_pontes_territory` as its slug). `datapackage.json`
describes every table as a Frictionless tabular resource. Importing the archive gives back
what was exported.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pontes.core.models import Territory

from . import hsds
from .importer import ENTITIES, JsonReader, Record, Spec, _schema, schema_directory

Tables = dict[str, tuple[list[str], list[list[str]]]]  # file name -> (header, rows)

# Frictionless field types for the JSON Schema (type, format) pairs the HSDS schemas use.
_FIELD_TYPES: dict[tuple[Any, Any], str] = {
    ("string", "date"): "date",
    ("string", "date-time"): "datetime",
    ("string", "time"): "time",
    ("number", None): "number",
    ("integer", None): "integer",
    ("boolean", None): "boolean",
}


def _hsds_columns(spec: Spec) -> list[tuple[str, dict[str, Any]]]:
    """The scalar properties of an HSDS schema, in the schema's order: the table's columns."""
    properties = _schema(spec.name, str(schema_directory()))["properties"]
    return [
        (name, prop)
        for name, prop in properties.items()
        if prop.get("type") not in ("array", "object") and "$ref" not in prop
    ]


def cell(value: Any) -> str:
    """One value as CSV text, the way `importer.TableReader` reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _cell_of(record: Record, column: str) -> str:
    value = record.data.get(column)
    if column == "x_pontes_territory" and isinstance(value, dict):
        value = value.get("slug")  # a territory is named by its slug in a table
    return cell(value)


def tables(records: list[Record]) -> Tables:
    """CSV file name -> (header, rows) for the flat records, in the importer's writing order."""
    by_entity: dict[str, list[Record]] = {}
    for record in records:
        by_entity.setdefault(record.entity, []).append(record)
    out: Tables = {}
    for name, spec in ENTITIES.items():
        rows = by_entity.get(name, [])
        if not rows:
            continue
        columns = [column for column, _prop in _hsds_columns(spec)]
        extensions = sorted({key for r in rows for key in r.data if key in spec.extensions})
        header = columns + extensions
        out[spec.csv] = (header, [[_cell_of(r, column) for column in header] for r in rows])
    return out


def _descriptor(
    territory: Territory, written: dict[str, tuple[list[str], list[list[str]]]]
) -> dict[str, Any]:
    resources = []
    for file_name, (header, _rows) in written.items():
        spec = next(s for s in ENTITIES.values() if s.csv == file_name)
        hsds_props = dict(_hsds_columns(spec))
        fields = []
        for column in header:
            prop = hsds_props.get(column)
            if prop is None:  # a Pontes extension column
                fields.append({"name": column, "type": "string", "description": "Pontes extension"})
                continue
            entry: dict[str, Any] = {
                "name": column,
                "type": _FIELD_TYPES.get((prop.get("type"), prop.get("format")), "string"),
            }
            for key in ("title", "description", "constraints"):
                if prop.get(key):
                    entry[key] = prop[key]
            if prop.get("format") == "uuid":
                entry["format"] = "uuid"
            fields.append(entry)
        resources.append(
            {
                "name": spec.name,
                "path": file_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            }
        )
    return {
        "name": f"pontes-hsds-{territory.slug}",
        "title": f"Pontes service directory: {territory.name}",
        "profile": "tabular-data-package",
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": resources,
    }


def export_datapackage(*, territory: Territory) -> bytes:
    """The directory of a territory and everything below it as a zipped HSDS tabular datapackage."""
    document = json.loads(json.dumps(hsds.export_set(territory=territory), default=str))
    flattened = JsonReader("export.json", document).read()
    written = tables(flattened.records)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(_descriptor(territory, written), ensure_ascii=False, indent=1)
        )
        for file_name, (header, rows) in written.items():
            text = io.StringIO(newline="")
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
            archive.writestr(file_name, text.getvalue().encode("utf-8"))
    return buffer.getvalue()
