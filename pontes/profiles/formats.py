"""Readers for two kinds of published statistics, turned into rows that `importing.check()` reads.

- UN DESA's *International Migrant Stock* (“Destination and origin” workbook, editions 2020 and
  2024): one row per pair of destination and origin, the years side by side, once for both sexes,
  once for males and once for females. It is the reference estimate of international migrants in
  every country, by country of origin: the foreign-born, or foreign citizens where a country counts
  only those.
- SDMX-CSV, as Eurostat (version 1.0, first column DATAFLOW) and the OECD (version 2.0, first
  column STRUCTURE) publish their tables: one observation a row, a column per dimension.

Both are read into a `Table` with a mapping to our fields, ready for `services.import_values()`,
which checks every figure against the template as for any other file. Row numbers are those of
the original file, so that every problem points at the row a person can open. Codes are turned
into the template's: totals of sex and age (“T”, “TOTAL”) into “_T”, countries into ISO 3166
(alpha-2 for places, alpha-3 for origins). Rows that have no place in the template (world and regional
aggregates, places outside the import, codes the template does not know) are left out and
counted, never imported under another meaning.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from pontes.core.models import Territory

from . import default_template
from .importing import MISSING, Problem, Table, UnreadableFile, number_text, parse_number
from .models import TOTAL, ImportBatch, Indicator

__all__ = [
    "Converted",
    "places_within",
    "read_sdmx_csv",
    "read_un_desa",
]

# Our long form: the checker's field names.
LONG_HEADERS = ("indicator", "territory", "period", "sex", "origin", "value", "source", "method_note")
# How far down a header may lie before the layout is judged unreadable.
HEADER_SEARCH_ROWS = 40
UN_DESA_SHEET = "Table 1"
WORLD_M49 = "900"  # UN DESA's origin "World": the total over every origin

# Eurostat writes Greece and the United Kingdom its own way.
EUROSTAT_COUNTRIES = {"EL": "GR", "UK": "GB"}


@dataclass
class Converted:
    """A file read into our long form.

    `problems` are cells the reader could not understand, where the file has them (its own row
    and column); when there are any, show them and do not import. `left_out` counts the rows left
    out on purpose, by reason, so that a person can see what the file held beside the figures.
    """

    table: Table
    mapping: dict[str, str]
    source: str
    file_format: str
    problems: list[Problem] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    # The disaggregations the figures are broken down by (beyond their totals).
    breakdowns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def unsupported_by(self, indicator: Indicator) -> list[str]:
        """The file's breakdowns that the indicator lacks: ask for another indicator before
        importing, rather than have the checker refuse every row broken down by them."""
        return [name for name in self.breakdowns if name not in indicator.disaggregations]


# --- Codes ------------------------------------------------------------------------------------


def _closed_codes(disaggregation: str) -> set[str] | None:
    spec = default_template.DISAGGREGATIONS.get(disaggregation)
    values = spec.get("values") if spec else None
    return set(values) if isinstance(values, dict) and values else None


def _sex_code(english: str) -> str:
    # Looked up by name rather than written out, so that a change of the template's codes shows here.
    values = default_template.DISAGGREGATIONS["sex"]["values"]
    if isinstance(values, dict):
        for code, names in values.items():
            if isinstance(names, dict) and names.get("en") == english:
                return str(code)
    raise LookupError(english)


MALE, FEMALE = _sex_code("Male"), _sex_code("Female")


def _country(code: str) -> Any:
    """The pycountry record of an ISO alpha-2, alpha-3 or M49 numeric code, else None."""
    code = code.strip().upper()
    code = EUROSTAT_COUNTRIES.get(code, code)
    if code.isdigit() and len(code) <= 3:
        return pycountry.countries.get(numeric=code.zfill(3))
    if len(code) == 2 and code.isalpha():
        return pycountry.countries.get(alpha_2=code)
    if len(code) == 3 and code.isalpha():
        return pycountry.countries.get(alpha_3=code)
    return None


def _normal_key(code: str) -> str:
    code = code.strip().upper()
    return code.zfill(3) if code.isdigit() and len(code) < 3 else code


def places_within(territory: Territory) -> dict[str, str]:
    """Every code a statistics file may give a place at or below `territory` (ISO alpha-2 and
    alpha-3, UN M49, Eurostat's EL and UK, ISO 3166-2, our slug, in capitals) -> the identifier
    the checker accepts. Pass it as `destinations` or `areas` to keep only these places."""
    places: dict[str, str] = {}
    for place in Territory.objects.filter(path__startswith=territory.path):
        places.setdefault(place.slug.upper(), place.slug)
        if not place.iso_code:
            continue
        iso = place.iso_code.upper()
        places[iso] = iso
        country = pycountry.countries.get(alpha_2=iso) if len(iso) == 2 else None
        if country is not None:
            places[country.alpha_3] = iso
            places[country.numeric] = iso
            for theirs, ours in EUROSTAT_COUNTRIES.items():
                if ours == iso:
                    places[theirs] = iso
    return places


def _letter(index: int) -> str:
    """A spreadsheet's column letter: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else number_text(Decimal(repr(value)))
    return str(value).strip()


def _words(value: Any) -> str:
    """Lower case, single spaces: headers break lines and double spaces in published workbooks."""
    return " ".join(_cell_text(value).split()).lower()


def _year(value: Any) -> int | None:
    text = _cell_text(value)
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2100:
        return int(text)
    return None


def _location_code(value: Any) -> str | None:
    """UN location codes are numbers; the workbook holds them as numbers or as text."""
    text = _cell_text(value)
    if not text.isdigit():
        return None
    return text.zfill(3)


# --- UN DESA International Migrant Stock ------------------------------------------------------


@dataclass(frozen=True)
class _YearColumn:
    index: int
    year: int
    sex: str
    period: str  # the year as text, made once for the many rows that share it


@dataclass(frozen=True)
class _Layout:
    header_row: int
    destination: int
    origin: int
    data_type: int | None
    years: tuple[_YearColumn, ...]
    edition: int
    headers: tuple[str, ...]

    def label(self, index: int) -> str:
        """As problems name a column: its letter and header, "D (Location code of destination)"."""
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{_letter(index)} ({header})" if header else _letter(index)


def _sex_names() -> dict[str, str]:
    return {TOTAL: _("both sexes"), MALE: _("males"), FEMALE: _("females")}


def _band_sex(label: str) -> str | None:
    words = _words(label)
    if "female" in words:
        return FEMALE
    if "male" in words:
        return MALE
    if "both" in words or "total" in words:
        return TOTAL
    return None


def _un_desa_layout(sheet: str, top: Sequence[tuple[int, Sequence[Any]]]) -> _Layout:
    """Where the columns are, from the rows above and at the header."""
    header: tuple[int, Sequence[Any]] | None = None
    for number, cells in top:
        words = [_words(cell) for cell in cells]
        if "location code of destination" in words and "location code of origin" in words:
            header = (number, cells)
            break
    if header is None:
        raise UnreadableFile(
            _(
                "Sheet “%(sheet)s” has no header row with “Location code of destination” and "
                "“Location code of origin” in its first %(rows)s rows: is this the workbook "
                "“International Migrant Stock: Destination and origin”?"
            )
            % {"sheet": sheet, "rows": HEADER_SEARCH_ROWS}
        )
    header_row, cells = header
    words = [_words(cell) for cell in cells]
    destination = words.index("location code of destination")
    origin = words.index("location code of origin")
    data_type = next(
        (i for i, w in enumerate(words) if w in ("type of data of destination", "data type")), None
    )
    year_indexes = [(i, year) for i, cell in enumerate(cells) if i > origin and (year := _year(cell))]
    if not year_indexes:
        raise UnreadableFile(
            _("Sheet “%(sheet)s”, row %(row)s: no year columns (1990, 1995 …) after “%(column)s”.")
            % {"sheet": sheet, "row": header_row, "column": _cell_text(cells[origin])}
        )
    first = year_indexes[0][0]
    above = [(n, c) for n, c in top if n < header_row][-3:]
    sexes = _sexes_from_bands(sheet, above, year_indexes, first)
    if sexes is None:
        sexes = _sexes_from_order(sheet, header_row, year_indexes)
    years = tuple(
        _YearColumn(index, year, sex, str(year))
        for (index, year), sex in zip(year_indexes, sexes, strict=True)
    )
    seen: set[tuple[int, str]] = set()
    for column in years:
        if (column.year, column.sex) in seen:
            raise UnreadableFile(
                _(
                    "Sheet “%(sheet)s”, row %(row)s, column %(column)s: the year %(year)s comes twice "
                    "for %(sex)s."
                )
                % {
                    "sheet": sheet,
                    "row": header_row,
                    "column": _letter(column.index),
                    "year": column.year,
                    "sex": _sex_names()[column.sex],
                }
            )
        seen.add((column.year, column.sex))
    edition = _edition([c for n, c in top if n < header_row]) or max(c.year for c in years)
    headers = tuple(" ".join(_cell_text(cell).split()) for cell in cells)
    return _Layout(header_row, destination, origin, data_type, years, edition, headers)


def _sexes_from_bands(
    sheet: str, above: Sequence[tuple[int, Sequence[Any]]], years: Sequence[tuple[int, int]], first: int
) -> list[str] | None:
    """The sexes from the row over the years ("… (both sexes)", "(males)", "(females)"): a merged
    cell keeps its text in its first column only, so each year takes the nearest label to its left."""
    for number, cells in reversed(above):
        if not any(_cell_text(cells[i]) for i in range(first, min(len(cells), years[-1][0] + 1))):
            continue
        sexes = []
        for index, _year_value in years:
            label, at = "", index
            for k in range(min(index, len(cells) - 1), first - 1, -1):
                if _cell_text(cells[k]):
                    label, at = _cell_text(cells[k]), k
                    break
            sex = _band_sex(label)
            if sex is None:
                raise UnreadableFile(
                    _(
                        "Sheet “%(sheet)s”, row %(row)s, column %(column)s: “%(label)s” does not say "
                        "whether the figures are for both sexes, males or females."
                    )
                    % {"sheet": sheet, "row": number, "column": _letter(at), "label": label}
                )
            sexes.append(sex)
        return sexes
    return None


def _sexes_from_order(sheet: str, header_row: int, years: Sequence[tuple[int, int]]) -> list[str]:
    """Without the band row, the years run three times: both sexes, males, females."""
    order = [TOTAL, MALE, FEMALE]
    run, sexes, previous = 0, [], 0
    for index, year in years:
        if year <= previous:
            run += 1
        if run >= len(order):
            raise UnreadableFile(
                _(
                    "Sheet “%(sheet)s”, row %(row)s, column %(column)s: the years run more than three "
                    "times (both sexes, males, females)."
                )
                % {"sheet": sheet, "row": header_row, "column": _letter(index)}
            )
        sexes.append(order[run])
        previous = year
    return sexes


def _edition(rows: Sequence[Sequence[Any]]) -> int | None:
    """The edition, from the title ("…, 1990-2020") or else the citation ("International Migrant
    Stock 2020")."""
    texts = [_cell_text(cell) for cells in rows for cell in cells if isinstance(cell, str)]
    for text in texts:
        if "international migrant stock at mid-year" in text.lower():
            span = re.search(r"(\d{4})\s*[-–]\s*(\d{4})", text)
            if span:
                return int(span.group(2))
    for text in texts:
        edition = re.search(r"International Migrant Stock (\d{4})", text, re.IGNORECASE)
        if edition:
            return int(edition.group(1))
    return None


def _un_type_note(code: str) -> str:
    explanations = {
        "B": _("estimated from data on the foreign-born population"),
        "C": _("estimated from data on foreign citizens"),
        "R": _("refugees reported by UNHCR added"),
        "I": _("imputed, no data on international migrants being available"),
    }
    letters = [letter for letter in code.upper() if letter.isalpha()]
    words = [explanations.get(letter, letter) for letter in letters]
    note = _("Estimate at mid-year (1 July).")
    if words:
        note += " " + _("UN DESA type of data “%(code)s”: %(explanation)s.") % {
            "code": code,
            "explanation": "; ".join(words),
        }
    return note


def _open_workbook(data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("The file is not a readable XLSX workbook.")) from None


def read_un_desa(
    data: bytes,
    *,
    indicator_code: str = "POP.MIG.STOCK",
    destinations: Mapping[str, str] | None = None,
    aggregates: bool = False,
    sheet: str | None = None,
) -> Converted:
    """UN DESA's “International Migrant Stock: Destination and origin” workbook, in our long form.

    `destinations` maps UN M49 codes of destination to our places (`places_within()` gives it);
    when given, only those destinations are read. Otherwise every country is, as its ISO alpha-2
    code. World, regional and other aggregates of destination are left out, unless listed in
    `destinations`. Origins become ISO alpha-3 codes, “World” the total (“_T”); regions of origin
    are left out unless `aggregates` (as their three-digit M49 code). The workbook has no age
    groups: an indicator broken down by age gets its total.
    """
    wanted = None if destinations is None else {_normal_key(k): v for k, v in destinations.items()}
    workbook = _open_workbook(data)
    try:
        name = sheet or UN_DESA_SHEET
        if name not in workbook.sheetnames:
            raise UnreadableFile(
                _("The workbook has no sheet “%(sheet)s” (it has: %(sheets)s).")
                % {"sheet": name, "sheets": ", ".join(workbook.sheetnames)}
            )
        rows: Iterator[tuple[int, Sequence[Any]]] = enumerate(
            workbook[name].iter_rows(values_only=True), start=1
        )
        top: list[tuple[int, Sequence[Any]]] = []
        for number, cells in rows:
            top.append((number, cells))
            words = {_words(cell) for cell in cells}
            if "location code of destination" in words or number >= HEADER_SEARCH_ROWS:
                break
        layout = _un_desa_layout(name, top)
        source = f"UN DESA, International Migrant Stock {layout.edition}"
        out: list[tuple[int, list[str]]] = []
        converted = Converted(
            table=Table(list(LONG_HEADERS), out),
            mapping={header: header for header in LONG_HEADERS},
            source=source,
            file_format=ImportBatch.Format.UN_DESA,
            breakdowns=("sex", "origin"),
        )
        for number, cells in rows:
            _un_desa_row(number, list(cells), layout, indicator_code, wanted, aggregates, converted, out)
    finally:
        workbook.close()
    return converted


def _un_desa_row(
    number: int,
    cells: list[Any],
    layout: _Layout,
    indicator_code: str,
    wanted: Mapping[str, str] | None,
    aggregates: bool,
    converted: Converted,
    out: list[tuple[int, list[str]]],
) -> None:
    width = max([layout.destination, layout.origin, *(c.index for c in layout.years)]) + 1
    cells += [None] * (width - len(cells))
    figures = [cells[c.index] for c in layout.years]
    destination_text = _cell_text(cells[layout.destination])
    origin_text = _cell_text(cells[layout.origin])
    if not destination_text and not origin_text:
        # Notes under the table, blank lines; a row of figures without codes is a damaged one.
        if any(_cell_text(f) for f in figures):
            converted.problems.append(
                Problem(
                    number,
                    layout.label(layout.destination),
                    _("These figures have no location code of destination."),
                )
            )
        elif any(_cell_text(c) for c in cells):
            converted.left_out[_("Notes and other rows without figures")] += 1
        return
    destination = _location_code(cells[layout.destination])
    origin = _location_code(cells[layout.origin])
    for code, text, index, message in (
        (
            destination,
            destination_text,
            layout.destination,
            _("“%(code)s” is not a UN location code of destination (a number such as 504)."),
        ),
        (
            origin,
            origin_text,
            layout.origin,
            _("“%(code)s” is not a UN location code of origin (a number such as 504)."),
        ),
    ):
        if code is None:
            converted.problems.append(Problem(number, layout.label(index), message % {"code": text}))
    if destination is None or origin is None:
        return
    place = _destination(destination, wanted)
    if place is None:
        if wanted is not None and _country(destination) is not None:
            converted.left_out[_("Destinations outside the chosen places")] += 1
        else:
            converted.left_out[_("Aggregates of destination (world, regions, groups of countries)")] += 1
        return
    if origin == WORLD_M49:
        origin_code = TOTAL
    elif (country := _country(origin)) is not None:
        origin_code = country.alpha_3
    elif aggregates and len(origin) == 3:
        origin_code = origin
    else:
        converted.left_out[_("Aggregates of origin (regions, groups of countries, “Other”)")] += 1
        return
    note = _un_type_note(_cell_text(cells[layout.data_type]) if layout.data_type is not None else "")
    sexes = _sex_names()
    for column, figure in zip(layout.years, figures, strict=True):
        text = _cell_text(figure)
        if not text:
            continue  # an empty cell states nothing; ".." states a missing figure
        if text in MISSING or text in ("-", "–"):
            # UN tables also write a dash where there is no estimate.
            text = ".."
        elif not isinstance(figure, int | float):
            try:
                parse_number(text)
            except InvalidOperation:
                converted.problems.append(
                    Problem(
                        number,
                        f"{_letter(column.index)} ({column.year}, {sexes[column.sex]})",
                        _("“%(value)s” is not a number (write .. for a missing figure).") % {"value": text},
                    )
                )
        out.append(
            (
                number,
                [
                    indicator_code,
                    place,
                    column.period,
                    column.sex,
                    origin_code,
                    text,
                    converted.source,
                    note,
                ],
            )
        )


def _destination(code: str, wanted: Mapping[str, str] | None) -> str | None:
    if wanted is not None:
        return wanted.get(code)
    country = _country(code)
    return None if country is None else str(country.alpha_2)


# --- SDMX-CSV ---------------------------------------------------------------------------------

STRUCTURAL = ("DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "SERIES_KEY", "OBS_KEY")
# Columns that publishers add beside the standard ones (Eurostat's date of update varies by row).
CUSTOM = ("LAST UPDATE", "LAST_UPDATE", "UPDATED")
# Dimensions that give field values, by the names Eurostat (lower case) and the OECD use.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "territory": ("GEO", "REF_AREA"),
    "sex": ("SEX",),
    "age_group": ("AGE",),
    "origin": ("CITIZEN", "CITIZENSHIP", "C_BIRTH", "COUNTRY_OF_BIRTH", "BIRTH_COUNTRY", "COUNTERPART_AREA"),
    "unit": ("UNIT", "UNIT_MEASURE"),
}
BREAKDOWNS = ("sex", "age_group", "origin", "migration_status")
# Frequency needs no field: the period already says whether it is a year, a quarter or a month.
IGNORED_DIMENSIONS = ("FREQ",)
ATTRIBUTES = (
    "OBS_FLAG",
    "OBS_STATUS",
    "CONF_STATUS",
    "UNIT_MULT",
    "DECIMALS",
    "OBS_COMMENT",
    "COMMENT_OBS",
    "TIME_FORMAT",
    "BASE_PER",
)
# Units that count people or things, and those that are percentages.
COUNT_UNITS = {"NR", "PS", "PER", "PERS", "PERSONS", "COUNT", "NUMBER"}
PERCENT_UNITS = {"PC", "PT", "PC_POP", "PT_POP", "PERCENT"}
AGENCIES = {"ESTAT": "Eurostat"}
_ID = re.compile(r"^\s*(?P<agency>[^:()]+):(?P<id>[^:()]+)(?:\((?P<version>[^)]*)\))?")


def _eurostat_flags() -> dict[str, str]:
    return {
        "b": _("break in time series"),
        "c": _("confidential"),
        "d": _("definition differs"),
        "e": _("estimated"),
        "f": _("forecast"),
        "n": _("not significant"),
        "p": _("provisional"),
        "r": _("revised"),
        "s": _("Eurostat estimate"),
        "u": _("low reliability"),
        "z": _("not applicable"),
    }


def _sdmx_statuses() -> dict[str, str]:
    # SDMX's code list of observation status; "A" (normal value) needs no note.
    return {
        "B": _("break in time series"),
        "D": _("definition differs"),
        "E": _("estimated"),
        "F": _("forecast"),
        "G": _("experimental"),
        "I": _("imputed"),
        "K": _("included in another category"),
        "L": _("missing: exists but was not collected"),
        "M": _("missing: cannot exist"),
        "N": _("not significant"),
        "O": _("missing"),
        "P": _("provisional"),
        "Q": _("missing: suppressed"),
        "S": _("strike or other special event"),
        "U": _("low reliability"),
        "V": _("not validated"),
    }


def _flag_note(column: str, code: str) -> str:
    if not code:
        return ""
    if column == "OBS_FLAG":
        words = [_eurostat_flags().get(letter, letter) for letter in code.lower() if letter.strip()]
    elif column == "CONF_STATUS":
        words = [] if code.upper() == "F" else [_("confidential")]
    else:
        words = [] if code.upper() == "A" else [_sdmx_statuses().get(code.upper(), code)]
    if not words:
        return ""
    text = ", ".join(words)
    return _("%(explanation)s (flag “%(code)s”)") % {"explanation": text[:1].upper() + text[1:], "code": code}


def _component_id(header: str) -> str:
    """'freq', 'FREQ: Frequency', 'STRUCTURE[;]' -> 'FREQ', 'FREQ', 'STRUCTURE'."""
    text = header.strip().lstrip("\ufeff")
    if ":" in text:
        text = text.split(":", 1)[0]
    return re.sub(r"\[.*\]$", "", text.strip()).upper()


def _code(cell: str) -> str:
    """A coded cell, without the name `labels=both` adds ("A: Annual"); SDMX codes hold no colon."""
    return cell.split(":", 1)[0].strip()


def _citation(structure_id: str) -> str:
    """'ESTAT:MIGR_POP1CTZ(1.0)' -> 'Eurostat, migr_pop1ctz'; 'OECD.ELS.IMD:DSD_MIG@DF_MIG(1.0)' ->
    'OECD, DSD_MIG@DF_MIG'."""
    match = _ID.match(structure_id)
    if match is None:
        return structure_id.strip()
    agency, dataset = match.group("agency").strip(), match.group("id").strip()
    if agency.upper() == "ESTAT":
        # Eurostat's own pages name its datasets in lower case.
        return f"{AGENCIES['ESTAT']}, {dataset.lower()}"
    if agency.upper().startswith("OECD"):
        return f"OECD, {dataset}"
    return f"{AGENCIES.get(agency.upper(), agency)}, {dataset}"


def _default_unit(indicator_code: str) -> str | None:
    for spec in default_template.INDICATORS:
        if spec["code"] == indicator_code:
            return spec["unit"]
    return None


@dataclass
class _Columns:
    headers: list[str]
    ids: list[str]
    structure: int
    action: int | None
    period: int
    value: int
    fields: dict[str, int]
    attributes: list[int]
    dimensions: list[int]  # those that give no field: they must not vary


def _sdmx_columns(headers: list[str], overrides: Mapping[str, str]) -> _Columns:
    ids = [_component_id(h) for h in headers]
    if len(set(headers)) != len(headers):
        raise UnreadableFile(_("Two columns have the same header in row %(row)s.") % {"row": 1})
    # SDMX-CSV 1.0 names the dataflow in its first column; 2.0 says what kind of structure there
    # and names it in STRUCTURE_ID.
    structure = 0 if ids[0] == "DATAFLOW" else _required(ids, "STRUCTURE_ID")
    period, value = _required(ids, "TIME_PERIOD"), _required(ids, "OBS_VALUE")
    labels = "STRUCTURE_NAME" in ids
    skip: set[int] = set()
    if labels:
        # With labels=name, each component is followed by a column of its names.
        start = max(i for i, c in enumerate(ids) if c in STRUCTURAL) + 1
        skip = set(range(start + 1, len(ids), 2))
    components = [
        i for i, c in enumerate(ids) if i not in skip and c not in STRUCTURAL and c not in CUSTOM and c
    ]
    fields: dict[str, int] = {}
    for name, header in overrides.items():
        if header.upper() not in ids:
            raise UnreadableFile(_("The file has no column %(column)s.") % {"column": header})
        fields[name] = ids.index(header.upper())
    for name, candidates in FIELD_COLUMNS.items():
        if name in fields:
            continue
        for i in components:
            if ids[i] in candidates and i not in fields.values():
                fields[name] = i
                break
    attributes = [i for i in components if ids[i] in ATTRIBUTES or i > value]
    dimensions = [
        i
        for i in components
        if i not in (period, value)
        and i not in fields.values()
        and i not in attributes
        and ids[i] not in IGNORED_DIMENSIONS
    ]
    return _Columns(
        headers=headers,
        ids=ids,
        structure=structure,
        action=ids.index("ACTION") if "ACTION" in ids else None,
        period=period,
        value=value,
        fields=fields,
        attributes=attributes,
        dimensions=dimensions,
    )


def _required(ids: list[str], name: str) -> int:
    if name not in ids:
        raise UnreadableFile(_("The SDMX-CSV file has no %(column)s column.") % {"column": name})
    return ids.index(name)


def _sdmx_text(data: bytes) -> tuple[str, str]:
    """The text and its field separator, which follows the first header (DATAFLOW or STRUCTURE)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("The file is not in UTF-8 (byte %(position)s).") % {"position": error.start + 1}
        ) from None
    first = text.lstrip().split("\n", 1)[0]
    match = re.match(r'^"?(DATAFLOW|STRUCTURE)(\[[^\]]*\])?"?(.)', first, re.IGNORECASE)
    if match is None or match.group(3) not in ",;\t|":
        raise UnreadableFile(
            _(
                "This is not an SDMX-CSV file: its first column is “%(header)s”, not DATAFLOW (SDMX-CSV "
                "1.0) or STRUCTURE (SDMX-CSV 2.0)."
            )
            % {"header": re.split(r"[,;\t|]", first, maxsplit=1)[0].strip()[:60]}
        )
    return text, match.group(3)


def read_sdmx_csv(
    data: bytes,
    *,
    indicator_code: str,
    codelists: Mapping[str, Mapping[str, str]] | None = None,
    areas: Mapping[str, str] | None = None,
    keep: Mapping[str, Collection[str]] | None = None,
    columns: Mapping[str, str] | None = None,
    unit: str | None = None,
) -> Converted:
    """An SDMX-CSV file (1.0 from Eurostat, 2.0 from the OECD and others), ready for the checker.

    The file keeps its columns, so that problems name them; codes are rewritten in place and the
    indicator, source and method note are added as three last columns.

    - `codelists`: per field (sex, age_group, origin, migration_status, territory, unit), the
      file's codes -> ours, before the usual rules; "" leaves the rows out. In Eurostat's
      population tables, citizenship “TOTAL” includes nationals and “FOR” is every foreigner:
      say which is the total, e.g. {"origin": {"FOR": "_T"}}.
    - `areas`: the file's place codes -> our places (`places_within()` gives it); other places
      are left out. Without it, countries become ISO alpha-2 and other codes are kept as written.
    - `keep`: per column, the codes to read (e.g. {"MEASURE": ["B15"]}); other rows are left out.
    - `columns`: field -> column, for columns whose name does not say it.
    - `unit`: the indicator's unit, when it is not one of the default template.
    """
    text, delimiter = _sdmx_text(data)
    records = list(enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1))
    records = [(n, [c.strip() for c in cells]) for n, cells in records if any(c.strip() for c in cells)]
    if not records:
        raise UnreadableFile(_("The file is empty."))
    header_row, headers = records[0]
    if len(records) == 1:
        raise UnreadableFile(_("The file has a header in row %(row)s but no figures.") % {"row": header_row})
    layout = _sdmx_columns(headers, columns or {})
    own = {
        name.lower(): {_code(k).upper(): v for k, v in table.items()}
        for name, table in (codelists or {}).items()
    }
    places = None if areas is None else {_normal_key(k): v for k, v in areas.items()}
    filters = {k.upper(): {c.upper() for c in v} for k, v in (keep or {}).items()}
    for name in filters:
        if name not in layout.ids:
            raise UnreadableFile(_("The file has no column %(column)s.") % {"column": name})
    expected_unit = unit or _default_unit(indicator_code)
    out_headers = [*headers, *_unique(headers, ("indicator", "source", "method_note"))]
    out: list[tuple[int, list[str]]] = []
    table = Table(out_headers, out)
    mapping = {name: headers[i] for name, i in layout.fields.items()}
    mapping |= {"period": headers[layout.period], "value": headers[layout.value]}
    mapping |= dict(zip(("indicator", "source", "method_note"), out_headers[len(headers) :], strict=True))
    converted = Converted(table=table, mapping=mapping, source="", file_format=ImportBatch.Format.SDMX_CSV)
    sources: list[str] = []
    seen: dict[int, dict[str, int]] = {i: {} for i in layout.dimensions}
    for number, cells in records[1:]:
        cells = cells + [""] * (len(headers) - len(cells))
        citation = _citation(cells[layout.structure])
        if citation not in sources:
            sources.append(citation)
        row = _sdmx_row(number, cells, layout, own, places, filters, expected_unit, converted)
        if row is None:
            continue
        for i in layout.dimensions:
            seen[i].setdefault(_code(cells[i]), number)
        out.append((number, [*row, indicator_code, citation, _notes(cells, layout)]))
    for i, codes in seen.items():
        if len(codes) > 1:
            converted.problems.append(
                Problem(
                    None,
                    table.column_label(headers[i]),
                    _(
                        "The file mixes %(count)s codes in this column (%(codes)s) and the indicator has "
                        "no breakdown for it: keep the rows of one code."
                    )
                    % {"count": len(codes), "codes": ", ".join(sorted(codes)[:10])},
                )
            )
    converted.source = "; ".join(sources)[:500]
    converted.breakdowns = tuple(
        name
        for name in BREAKDOWNS
        if name in mapping and any(cells[out_headers.index(mapping[name])] != TOTAL for _n, cells in out)
    )
    return converted


def _unique(taken: Sequence[str], wanted: Sequence[str]) -> list[str]:
    names = []
    for name in wanted:
        candidate = name
        while candidate in taken:
            candidate = f"_{candidate}"
        names.append(candidate)
    return names


def _notes(cells: list[str], layout: _Columns) -> str:
    notes = []
    for i in layout.attributes:
        if layout.ids[i] in ("OBS_FLAG", "OBS_STATUS", "CONF_STATUS"):
            note = _flag_note(layout.ids[i], _code(cells[i]))
            if note:
                notes.append(note)
    return "; ".join(notes)


def _sdmx_row(
    number: int,
    cells: list[str],
    layout: _Columns,
    codelists: Mapping[str, Mapping[str, str]],
    places: Mapping[str, str] | None,
    filters: Mapping[str, set[str]],
    expected_unit: str | None,
    converted: Converted,
) -> list[str] | None:
    """The row with our codes, or None when it is left out."""
    if layout.action is not None and _code(cells[layout.action]).upper() == "D":
        converted.problems.append(
            Problem(
                number,
                converted.table.column_label(layout.headers[layout.action]),
                _("This row asks to delete figures; deletions are not imported: remove the row."),
            )
        )
        return None
    for name, codes in filters.items():
        if _code(cells[layout.ids.index(name)]).upper() not in codes:
            converted.left_out[_("Rows of other codes of %(column)s") % {"column": name}] += 1
            return None
    if not cells[layout.period]:
        # Attributes of a whole series, without an observation.
        converted.left_out[_("Rows without a period")] += 1
        return None
    row = list(cells)
    exponent = 0
    for name, i in layout.fields.items():
        given = _code(cells[i])
        code = codelists.get(name, {}).get(given.upper())
        if code is None:
            if name == "territory":
                code = _area(given, places)
                if code is None:
                    converted.left_out[_("Places outside the chosen places")] += 1
                    return None
            elif name == "unit":
                code, exponent = _unit(given, expected_unit)
            else:
                code = _dimension_code(name, given)
        if code == "":
            reason = _("%(column)s “%(code)s”: no code of the template") % {
                "column": layout.headers[i],
                "code": given,
            }
            converted.left_out[reason] += 1
            return None
        row[i] = code
    value = cells[layout.value]
    if not value or value.lower() in MISSING or value.lower() == "nan":
        row[layout.value] = ".."
    else:
        for i in layout.attributes:
            if layout.ids[i] == "UNIT_MULT" and _code(cells[i]).lstrip("-").isdigit():
                exponent += int(_code(cells[i]))
        row[layout.value] = _scaled(value, exponent)
    return row


def _area(code: str, places: Mapping[str, str] | None) -> str | None:
    if places is not None:
        return places.get(_normal_key(code))
    country = _country(code) if len(code) in (2, 3) and code.isalpha() else None
    return str(country.alpha_2) if country is not None else code


def _dimension_code(name: str, code: str) -> str:
    """Our code for a cell of a breakdown, or "" when the template has none for it."""
    upper = code.upper()
    if upper in ("_T", "T", "TOTAL", "_Z") and name != "origin":
        return TOTAL
    if name == "origin":
        # "TOTAL" of citizenship or birth country often counts nationals too: never a total by default.
        if upper == "_T":
            return TOTAL
        country = _country(upper)
        return str(country.alpha_3) if country is not None else ""
    if name == "age_group":
        if upper == "Y_LT15":
            upper = "Y0T14"
        elif span := re.fullmatch(r"Y(\d+)-(\d+)", upper):
            upper = f"Y{span.group(1)}T{span.group(2)}"
    allowed = _closed_codes(name)
    if allowed is None:
        return upper
    return upper if upper in allowed else ""


def _unit(code: str, expected: str | None) -> tuple[str, int]:
    """Our unit and the power of ten the figures are given in (Eurostat's THS_ units: thousands)."""
    upper = code.upper()
    exponent = 0
    if upper == "THS" or upper.startswith("THS_"):
        upper, exponent = upper[4:] or "NR", 3
    if upper in COUNT_UNITS and expected in ("persons", "count"):
        return expected, exponent
    if upper in PERCENT_UNITS:
        return "percent", exponent
    return code, exponent


def _scaled(value: str, exponent: int) -> str:
    if not exponent:
        return value
    try:
        return number_text(Decimal(value) * (Decimal(10) ** exponent))
    except InvalidOperation:
        return value  # the checker reports it, in its column
