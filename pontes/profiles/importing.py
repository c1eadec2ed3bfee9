"""Reading figures from statistics files and checking every one of them before anything is saved.

`read_table()` turns a CSV (any of , ; tab, UTF-8 with or without BOM) or an XLSX sheet into
numbered rows as a spreadsheet shows them (the header is row 1). A *mapping* says which column
holds what (`guess_mapping()` proposes one, from our field names and SDMX-CSV's). `check()`
reads every row against the template and reports every problem with its row and column; only a
file without problems gives values to save (`services.import_values()` saves them all or none).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pontes.core.languages import base_language
from pontes.core.models import Territory

from . import default_template
from .models import TOTAL, Indicator, Value
from .periods import Period, PeriodError, parse_period

MAX_ROWS = 2_000_000
MISSING = {"..", "…", ":", "x", "n/a", "na"}  # how statistics offices write "no figure"

# Fields a column can be mapped to, beside one per disaggregation.
BASE_FIELDS = ("indicator", "territory", "period", "value", "unit", "source", "method_note")
REQUIRED_FIELDS = ("indicator", "period", "value")
# Column names that mean a field, ours and SDMX-CSV's (compared in lower case).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indicator_code", "code", "measure", "indicateur", "indicador"),
    "territory": ("territory", "ref_area", "area", "geo", "territoire", "territorio", "locality"),
    "period": ("period", "time_period", "time", "year", "année", "annee", "año", "periodo", "période"),
    "value": ("value", "obs_value", "valeur", "valor"),
    "unit": ("unit", "unit_measure", "unité", "unite", "unidad"),
    "source": ("source", "fuente"),
    "method_note": ("method_note", "note", "comment", "obs_comment"),
    "sex": ("sex", "sexe", "sexo"),
    "age_group": ("age_group", "age", "âge", "edad"),
    "origin": ("origin", "citizenship", "country_of_birth", "origine", "origen", "counterpart_area"),
    "migration_status": ("migration_status", "status", "statut", "estatus"),
}
# SDMX's codes for units, beside ours.
UNIT_ALIASES = {
    "ps": "persons",
    "pers": "persons",
    "nr": "count",
    "pc": "percent",
    "pt": "percent",
    "usd": "currency_usd",
}


@dataclass(frozen=True)
class Problem:
    row: int | None  # as the spreadsheet numbers it (header = 1); None: the file as a whole
    column: str  # the column's header (and letter), or "" for the file
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number, cells)

    def column_label(self, header: str) -> str:
        index = self.headers.index(header)
        return f"{_column_letter(index)} ({header})"


@dataclass
class ParsedValue:
    row: int
    indicator: Indicator
    territory: Territory
    period: Period
    cell: tuple[str, ...]
    value: Decimal | None
    source: str
    method_note: str

    @property
    def cell_key(self) -> str:
        return cell_key(self.indicator, self.cell)


@dataclass
class CheckResult:
    values: list[ParsedValue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Values already saved with another figure: (new, old) pairs, corrections when allowed.
    changes: list[tuple[ParsedValue, Value]] = field(default_factory=list)
    unchanged: int = 0
    # Saved values of the same indicators, places and periods, by (indicator, place, period, cell).
    saved: dict[tuple[int, int, str, str], Value] = field(default_factory=dict)


def cell_key(indicator: Indicator, cell: Sequence[str]) -> str:
    """`sex=F|age_group=_T`: the disaggregations in the indicator's order."""
    return "|".join(f"{name}={code}" for name, code in zip(indicator.disaggregations, cell, strict=True))


def number_text(value: Decimal) -> str:
    """1200, not 1.2E+3; 4.5, not 4.5000."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- Reading ----------------------------------------------------------------------------------


class UnreadableFile(ValueError):
    pass


def read_table(data: bytes, file_name: str = "", sheet: str | None = None) -> Table:
    if file_name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _read_xlsx(data, sheet)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("The file is not in UTF-8 (byte %(position)s); save it as “CSV UTF-8” and try again.")
            % {"position": error.start + 1}
        ) from None
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return _table(reader)


def _read_xlsx(data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("The file is not a readable XLSX workbook.")) from None
    if sheet is not None and sheet not in workbook.sheetnames:
        raise UnreadableFile(
            _("The workbook has no sheet “%(sheet)s” (it has: %(sheets)s).")
            % {"sheet": sheet, "sheets": ", ".join(workbook.sheetnames)}
        )
    worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    rows = (
        ["" if cell is None else _cell_text(cell) for cell in row]
        for row in worksheet.iter_rows(values_only=True)
    )
    try:
        return _table(rows)
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(rows: Iterable[list[str]]) -> Table:
    headers: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if headers is None:
            if not any(cells):
                continue
            headers = cells
            if len(set(headers)) != len(headers):
                raise UnreadableFile(_("Two columns have the same header in row %(row)s.") % {"row": number})
            continue
        if not any(cells):
            continue
        if len(body) >= MAX_ROWS:
            raise UnreadableFile(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
        body.append((number, cells + [""] * (len(headers) - len(cells))))
    if headers is None:
        raise UnreadableFile(_("The file is empty."))
    return Table(headers, body)


def guess_mapping(headers: Sequence[str], disaggregations: Iterable[str]) -> dict[str, str]:
    """Field -> header, for the headers whose name says what they hold."""
    wanted = [*BASE_FIELDS, *disaggregations]
    mapping: dict[str, str] = {}
    for name in wanted:
        aliases = FIELD_ALIASES.get(name, (name,))
        for header in headers:
            if header.strip().lower() in aliases and header not in mapping.values():
                mapping[name] = header
                break
    return mapping


# --- Checking ---------------------------------------------------------------------------------


@dataclass
class _Context:
    indicators: dict[str, Indicator]
    territory: Territory
    territories: dict[str, Territory]
    default_source: str


def _closed_codes(disaggregation: str) -> set[str] | None:
    """Codes allowed for a disaggregation; None when any code is (origin, custom ones)."""
    spec = default_template.DISAGGREGATIONS.get(disaggregation)
    values = spec.get("values") if spec else None
    return set(values) if isinstance(values, dict) and values else None


def dimension_name(code: str) -> str:
    """A disaggregation's name in the reader's language ("sexe" for sex), else its code."""
    spec = default_template.DISAGGREGATIONS.get(code)
    names = spec.get("name") if spec else None
    if not isinstance(names, dict):
        return code
    return str(names.get(base_language(get_language() or "en")) or names.get("en") or code)


def _origin_ok(code: str) -> bool:
    # ISO 3166-1 alpha-3 or alpha-2, or a UN M49 numeric area code.
    if code.isdigit() and len(code) <= 3:
        return True
    if len(code) == 3:
        return pycountry.countries.get(alpha_3=code) is not None
    if len(code) == 2:
        return pycountry.countries.get(alpha_2=code) is not None
    return False


def parse_number(text: str) -> Decimal | None:
    """'1234', '1 234', '1,234.5', '1.234,5', '12,5'; '..' and the like mean no figure (None)."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if raw.lower() in MISSING:
        return None
    if "," in raw and "." in raw:
        raw = (
            raw.replace(",", "")
            if raw.rfind(".") > raw.rfind(",")
            else raw.replace(".", "").replace(",", ".")
        )
    elif "," in raw:
        head, _sep, tail = raw.rpartition(",")
        raw = raw.replace(",", "") if len(tail) == 3 and head.lstrip("-").isdigit() else raw.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", raw):
        raise InvalidOperation(text)
    return Decimal(raw)


def check(
    table: Table,
    mapping: Mapping[str, str],
    *,
    indicators: Iterable[Indicator],
    territory: Territory,
    source: str,
    allow_corrections: bool = False,
) -> CheckResult:
    """Every row against the template: all problems, or the values to save."""
    result = CheckResult()
    for name in REQUIRED_FIELDS:
        if name not in mapping:
            result.problems.append(
                Problem(
                    None, "", _("Say which column holds the %(field)s.") % {"field": field_labels()[name]}
                )
            )
    for header in mapping.values():
        if header not in table.headers:
            result.problems.append(Problem(None, header, _("The file has no such column.")))
    if result.problems:
        return result
    by_code = {i.code.upper(): i for i in indicators}
    below = Territory.objects.filter(path__startswith=territory.path)
    territories: dict[str, Territory] = {}
    if "territory" in mapping:
        for place in below:
            territories[place.slug.lower()] = place
            if place.iso_code:
                territories.setdefault(place.iso_code.lower(), place)
    position = {name: table.headers.index(header) for name, header in mapping.items()}
    label = {name: table.column_label(header) for name, header in mapping.items()}
    seen: dict[tuple[int, int, str, str], int] = {}
    for number, cells in table.rows:
        parsed = _check_row(number, cells, position, label, by_code, territory, territories, source, result)
        if parsed is None:
            continue
        key = (parsed.indicator.pk, parsed.territory.pk, parsed.period.code, parsed.cell_key)
        if key in seen:
            result.problems.append(
                Problem(
                    number,
                    label["value"],
                    _(
                        "This cell is given twice: row %(first)s has the same indicator, place, period "
                        "and breakdown."
                    )
                    % {"first": seen[key]},
                )
            )
            continue
        seen[key] = number
        result.values.append(parsed)
    if not result.problems:
        _check_existing(result, allow_corrections, label["value"])
    if not result.problems:
        _check_sums(result, label["value"])
    return result


def field_labels() -> dict[str, str]:
    return {
        "indicator": _("indicator code"),
        "territory": _("territory"),
        "period": _("period"),
        "value": _("value"),
        "unit": _("unit"),
        "source": _("source"),
        "method_note": _("method note"),
    }


def _check_row(
    number: int,
    cells: list[str],
    position: dict[str, int],
    label: dict[str, str],
    by_code: dict[str, Indicator],
    territory: Territory,
    territories: dict[str, Territory],
    source: str,
    result: CheckResult,
) -> ParsedValue | None:
    problems = result.problems
    before = len(problems)

    def cell(name: str) -> str:
        return cells[position[name]] if name in position else ""

    indicator = by_code.get(cell("indicator").upper())
    if indicator is None:
        problems.append(
            Problem(
                number,
                label["indicator"],
                _("“%(code)s” is not an indicator of this template.") % {"code": cell("indicator")}
                if cell("indicator")
                else _("No indicator code."),
            )
        )
    place = territory
    if "territory" in position:
        given = cell("territory").lower()
        if given:
            found = territories.get(given)
            if found is None:
                problems.append(
                    Problem(
                        number,
                        label["territory"],
                        _("“%(place)s” is not %(territory)s or a place within it.")
                        % {"place": cell("territory"), "territory": territory.name},
                    )
                )
            else:
                place = found
    period: Period | None = None
    try:
        period = parse_period(cell("period"))
    except PeriodError as error:
        problems.append(Problem(number, label["period"], str(error)))
    value: Decimal | None = None
    try:
        value = parse_number(cell("value"))
    except InvalidOperation:
        problems.append(
            Problem(
                number,
                label["value"],
                _("“%(value)s” is not a number (write .. for a missing figure).") % {"value": cell("value")},
            )
        )
    codes: list[str] = []
    if indicator is not None:
        if "unit" in position and cell("unit"):
            unit = cell("unit").strip().lower()
            unit = UNIT_ALIASES.get(unit, unit)
            if unit != indicator.unit:
                problems.append(
                    Problem(
                        number,
                        label["unit"],
                        _("%(code)s is measured in %(expected)s, not “%(given)s”.")
                        % {
                            "code": indicator.code,
                            "expected": indicator.get_unit_display(),
                            "given": cell("unit"),
                        },
                    )
                )
        for name in indicator.disaggregations:
            code = cell(name).strip() or TOTAL if name in position else TOTAL
            code = TOTAL if code.upper() in {"_T", "T", "TOTAL", "_Z"} else code.upper()
            allowed = _closed_codes(name)
            if code != TOTAL and (
                (allowed is not None and code not in allowed) or (name == "origin" and not _origin_ok(code))
            ):
                problems.append(
                    Problem(
                        number,
                        label.get(name, name),
                        _("“%(code)s” is not a code of %(dimension)s.")
                        % {"code": cell(name), "dimension": dimension_name(name)},
                    )
                )
            codes.append(code)
        for name in position.keys() - {*BASE_FIELDS, *indicator.disaggregations}:
            if cell(name).strip() and cell(name).strip().upper() not in {"_T", "TOTAL", "_Z"}:
                problems.append(
                    Problem(
                        number,
                        label[name],
                        _("%(code)s is not broken down by %(dimension)s: leave this cell empty.")
                        % {"code": indicator.code, "dimension": dimension_name(name)},
                    )
                )
        if value is not None:
            if indicator.minimum is not None and value < indicator.minimum:
                problems.append(
                    Problem(
                        number,
                        label["value"],
                        _("%(value)s is below the lowest plausible value of %(code)s (%(minimum)s).")
                        % {"value": value, "code": indicator.code, "minimum": number_text(indicator.minimum)},
                    )
                )
            elif indicator.maximum is not None and value > indicator.maximum:
                problems.append(
                    Problem(
                        number,
                        label["value"],
                        _("%(value)s is above the highest plausible value of %(code)s (%(maximum)s).")
                        % {"value": value, "code": indicator.code, "maximum": number_text(indicator.maximum)},
                    )
                )
            elif indicator.additive and value < 0:
                problems.append(Problem(number, label["value"], _("A count cannot be negative.")))
    if len(problems) > before or indicator is None or period is None:
        return None
    return ParsedValue(
        row=number,
        indicator=indicator,
        territory=place,
        period=period,
        cell=tuple(codes),
        value=value,
        source=cell("source") or source,
        method_note=cell("method_note"),
    )


def _existing(values: list[ParsedValue]) -> dict[tuple[int, int, str, str], Value]:
    """Saved values for the indicators, places and periods of these values."""
    keys = {(v.indicator.pk, v.territory.pk, v.period.code) for v in values}
    found: dict[tuple[int, int, str, str], Value] = {}
    indicator_ids = {k[0] for k in keys}
    territory_ids = {k[1] for k in keys}
    periods = {k[2] for k in keys}
    queryset = Value.objects.filter(
        indicator_id__in=indicator_ids, territory_id__in=territory_ids, period__in=periods
    )
    for saved in queryset.iterator(chunk_size=5000):
        found[(saved.indicator_id, saved.territory_id, saved.period, saved.cell_key)] = saved
    return found


def _check_existing(result: CheckResult, allow_corrections: bool, column: str) -> None:
    existing = result.saved = _existing(result.values)
    fresh: list[ParsedValue] = []
    for parsed in result.values:
        saved = existing.get((parsed.indicator.pk, parsed.territory.pk, parsed.period.code, parsed.cell_key))
        if saved is None:
            fresh.append(parsed)
        elif saved.value == parsed.value:
            result.unchanged += 1
        elif allow_corrections:
            result.changes.append((parsed, saved))
        else:
            old = ".." if saved.value is None else number_text(saved.value)
            result.problems.append(
                Problem(
                    parsed.row,
                    column,
                    _(
                        "This figure was already given as %(old)s (source: %(source)s). To replace it, "
                        "import again as a correction, with the reason."
                    )
                    % {"old": old, "source": saved.source},
                )
            )
    result.values = fresh


def _check_sums(result: CheckResult, column: str) -> None:
    """For counts: the parts of a total must not add up to more than the total."""
    figures: dict[tuple[int, int, str], dict[tuple[str, ...], tuple[Decimal | None, int | None]]] = (
        defaultdict(dict)
    )
    indicators: dict[int, Indicator] = {}
    everything = [*result.values, *(new for new, _old in result.changes)]
    for parsed in everything:
        if parsed.indicator.additive and parsed.indicator.disaggregations:
            indicators[parsed.indicator.pk] = parsed.indicator
            figures[(parsed.indicator.pk, parsed.territory.pk, parsed.period.code)][parsed.cell] = (
                parsed.value,
                parsed.row,
            )
    if not figures:
        return
    # Saved figures count too, unless this file replaces them.
    for (indicator_id, territory_id, period, _key), saved in result.saved.items():
        cells = figures.get((indicator_id, territory_id, period))
        if cells is not None:
            saved_cell = tuple(saved.cell or ())
            if len(saved_cell) == len(indicators[indicator_id].disaggregations) and saved_cell not in cells:
                cells[saved_cell] = (saved.value, None)
    for (indicator_id, _territory_id, _period), cells in figures.items():
        indicator = indicators[indicator_id]
        for total_key, (total, total_row) in cells.items():
            if total is None:
                continue
            for axis, code in enumerate(total_key):
                if code != TOTAL:
                    continue
                parts = [
                    (value, row)
                    for key, (value, row) in cells.items()
                    if key[axis] != TOTAL
                    and key[:axis] + key[axis + 1 :] == total_key[:axis] + total_key[axis + 1 :]
                ]
                summed = sum((value for value, _row in parts if value is not None), Decimal(0))
                if summed > total:
                    rows = sorted(row for _value, row in parts if row is not None)
                    result.problems.append(
                        Problem(
                            total_row if total_row is not None else (rows[0] if rows else None),
                            column,
                            _(
                                "The parts by %(dimension)s add up to %(sum)s, more than their total "
                                "%(total)s (rows %(rows)s)."
                            )
                            % {
                                "dimension": dimension_name(indicator.disaggregations[axis]),
                                "sum": number_text(summed),
                                "total": number_text(total),
                                "rows": ", ".join(str(r) for r in rows) or "—",
                            },
                        )
                    )
