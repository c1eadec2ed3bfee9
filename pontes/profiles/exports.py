"""Downloads of exactly what a profile page shows: CSV, XLSX and SDMX-CSV.

A page builds each of its tables once as a `ShownTable`: the rows as the reader sees them
(hidden counts stay hidden, derived figures keep their note) and the same figures as SDMX
observations. The HTML table, the spreadsheet and the SDMX-CSV file are three writings of that
one object, so a download can never say more than the page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

from .importing import number_text

Cell = str | int | Decimal | None

# SDMX dimension ids for our breakdowns; a breakdown an indicator lacks is "_Z" (not applicable).
SDMX_DIMENSIONS = {
    "sex": "SEX",
    "age_group": "AGE",
    "origin": "COUNTERPART_AREA",
    "migration_status": "MIG_STATUS",
}
NOT_APPLICABLE = "_Z"
CONFIDENTIAL = "C"  # SDMX OBS_STATUS for a value withheld by disclosure control
MISSING = "M"  # SDMX OBS_STATUS for a value known to be missing
UNIT_CODES = {
    "persons": "PS",
    "count": "NR",
    "percent": "PT",
    "per_1000": "PER_1000",
    "currency_usd": "USD",
    "currency_local": "XDC",
    "years": "YR",
    "ratio": "RATIO",
    "index_0_100": "IX",
}


@dataclass(frozen=True)
class Observation:
    ref_area: str
    indicator: str
    time_period: str
    value: Decimal | None
    unit: str
    breakdown: dict[str, str] = field(default_factory=dict)
    status: str = ""
    source: str = ""
    comment: str = ""


@dataclass
class ShownTable:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    dataflow: str = "PONTES:PROFILE(1.0)"

    def file_name(self, extension: str) -> str:
        return f"{slugify(self.title)[:80] or 'profile'}.{extension}"


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return number_text(cell)
    return str(cell)


def as_csv(table: ShownTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_text(c) for c in row])
    # A BOM so that spreadsheet programs read the accents and Arabic right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(table: ShownTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = (table.title[:31] or "Profile").replace("/", "-").replace(":", " ")
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([float(c) if isinstance(c, Decimal) else c for c in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sdmx_headers(observations: Sequence[Observation]) -> list[str]:
    breakdowns: list[str] = []
    for observation in observations:
        for name in observation.breakdown:
            if name not in breakdowns:
                breakdowns.append(name)
    dims = [SDMX_DIMENSIONS.get(name, name.upper()) for name in breakdowns]
    return [
        "DATAFLOW",
        "REF_AREA",
        "INDICATOR",
        *dims,
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "OBS_STATUS",
        "SOURCE",
        "COMMENT",
    ]


def as_sdmx_csv(table: ShownTable) -> bytes:
    """SDMX-CSV 1.0: the dataflow, one column per dimension, then the value and attributes."""
    headers = sdmx_headers(table.observations)
    breakdowns = [
        name
        for name in dict.fromkeys(n for o in table.observations for n in o.breakdown)  # first-seen order
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for o in table.observations:
        withheld = o.status == CONFIDENTIAL
        writer.writerow(
            [
                table.dataflow,
                o.ref_area,
                o.indicator,
                *(o.breakdown.get(name, NOT_APPLICABLE) for name in breakdowns),
                o.time_period,
                "" if withheld or o.value is None else number_text(o.value),
                UNIT_CODES.get(o.unit, o.unit),
                o.status or ("" if o.value is not None else MISSING),
                o.source,
                o.comment,
            ]
        )
    return out.getvalue().encode("utf-8")


FORMATS = {
    "csv": ("text/csv; charset=utf-8", as_csv, "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", as_xlsx, "xlsx"),
    "sdmx": ("text/csv; charset=utf-8", as_sdmx_csv, "sdmx.csv"),
}


def response(table: ShownTable, fmt: str) -> HttpResponse:
    content_type, write, extension = FORMATS[fmt]
    reply = HttpResponse(write(table), content_type=content_type)
    reply["Content-Disposition"] = f'attachment; filename="{table.file_name(extension)}"'
    return reply
