"""Reading figures from statistics files and checking every one of them before anything is saved.

`read_table()` turns a CSV (any of , ; tab, UTF-8 with or without BOM) or an XLSX sheet into
numbered rows as a spreadsheet shows them (the header is row 1). A *mapping* says which column
holds what (`guess_mapping()` proposes one, from our field names and SDMX-CSV's). `check()`
reads every row against the template and reports every problem with its row and column; only a
file without problems gives values to save (`services.import_values()` saves them all or none).

Files of a million rows go through in bounded memory. A big file is not kept in memory: its
rows are read again from it at each pass (`FileRows`). `check()` keeps one compact key, row
number and packed figure per value (for duplicates, saved figures and sums), and
`CheckResult.to_save()` reads the file a last time to hand over the values to save, one by one.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import os
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, Protocol

import pycountry
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from pontes.core.csvfiles import dialect_for
from pontes.core.languages import base_language
from pontes.core.models import Territory

from . import default_template
from .models import TOTAL, Indicator, Value
from .periods import Period, PeriodError, parse_period

MAX_ROWS = 2_000_000
# Problems listed in full; beyond them, a file is too wrong to be worth reading about row by row.
MAX_PROBLEMS = 1_000
# Files of up to this many cells stay in memory once read; bigger ones are read again at each pass.
KEEP_CELLS = 200_000
MISSING = {"..", "…", ":", "x", "n/a", "na"}  # how statistics offices write "no figure"
_READ_SIZE = 1 << 20
# Caches of what a cell's text means stop growing here (a file of junk would fill them otherwise).
_CACHE_LIMIT = 50_000

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
_TOTAL_CODES = frozenset({"_T", "T", "TOTAL", "_Z"})
_EMPTY_CODES = frozenset({"_T", "TOTAL", "_Z"})  # what a column an indicator does not carry may hold


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


class Rows(Protocol):
    """(row number, cells) in file order, as many times as asked: a list, or `FileRows`."""

    def __iter__(self) -> Iterator[tuple[int, list[str]]]: ...

    def __len__(self) -> int: ...


@dataclass
class Table:
    headers: list[str]
    rows: Rows  # (row number, cells)

    def __post_init__(self) -> None:
        # Checking reads the rows, saving reads them again: an iterator would save nothing.
        if iter(self.rows) is self.rows:
            raise TypeError("Table rows must be readable more than once (a list or FileRows).")

    def column_label(self, header: str) -> str:
        index = self.headers.index(header)
        return f"{_column_letter(index)} ({header})"


@dataclass(slots=True)
class ParsedValue:
    row: int
    indicator: Indicator
    territory: Territory
    period: Period
    cell: tuple[str, ...]
    value: Decimal | None
    source: str
    method_note: str
    cell_key: str = ""  # computed from the indicator and the cell when not given

    def __post_init__(self) -> None:
        if not self.cell_key:
            self.cell_key = cell_key(self.indicator, self.cell)


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


class FileChanged(UnreadableFile):
    """The file read differently on the last pass than when it was checked."""


# What a file can be read from: its bytes, its path, or an open binary file (read from its start
# at each pass, so it must stay open until the import is done).
FileData = bytes | os.PathLike[str] | IO[bytes]


@contextmanager
def _opened(data: FileData) -> Iterator[IO[bytes]]:
    if isinstance(data, bytes):
        yield io.BytesIO(data)
    elif isinstance(data, os.PathLike):
        with open(data, "rb") as stream:
            yield stream
    else:
        data.seek(0)
        yield data


class _Records(Protocol):
    def records(self) -> Iterator[list[str]]: ...


class FileRows:
    """A file's rows, read again from the file at each iteration: one row in memory at a time."""

    def __init__(self, source: _Records, width: int, count: int) -> None:
        self._source = source
        self._width = width
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        body = _nonempty(self._source.records())
        next(body, None)  # the header
        width = self._width
        for number, cells in body:
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            yield number, cells


def read_table(data: FileData, file_name: str = "", sheet: str | None = None) -> Table:
    """Reads the whole file once, to refuse an unreadable one at once; a big file's rows are then
    read again from `data` when they are needed."""
    with _opened(data) as stream:
        start = stream.read(2)
    if file_name.lower().endswith((".xlsx", ".xlsm")) or start == b"PK":
        return _table(_XlsxRecords(data, sheet))
    return _table(_CsvRecords(data))


def _lines(stream: IO[bytes]) -> Iterator[str]:
    """A UTF-8 file's text (without its BOM) split after each \\n, as `io.StringIO` splits it."""
    head = stream.read(3)
    offset = 3 if head == codecs.BOM_UTF8 else 0
    pending = b"" if offset else head
    decoder = codecs.getincrementaldecoder("utf-8")()
    rest = ""
    while True:
        chunk = stream.read(_READ_SIZE)
        if pending:
            chunk, pending = pending + chunk, b""
        final = not chunk
        waiting = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                _("The file is not in UTF-8 (byte %(position)s); save it as “CSV UTF-8” and try again.")
                % {"position": offset - waiting + error.start + 1}
            ) from None
        offset += len(chunk)
        if text:
            lines = (rest + text).split("\n")
            rest = lines.pop()
            for line in lines:
                yield line + "\n"
        if final:
            break
    if rest:
        yield rest


class _CsvRecords:
    def __init__(self, data: FileData) -> None:
        self._data = data
        sample = ""
        with _opened(data) as stream:
            for line in _lines(stream):
                sample += line
                if len(sample) >= 4096:
                    break
        self._dialect = dialect_for(sample)

    def records(self) -> Iterator[list[str]]:
        with _opened(self._data) as stream:
            reader = csv.reader(_lines(stream), self._dialect)
            try:
                yield from reader
            except csv.Error:
                raise UnreadableFile(
                    _("The file cannot be read as CSV near line %(line)s.") % {"line": reader.line_num}
                ) from None


class _XlsxRecords:
    def __init__(self, data: FileData, sheet: str | None) -> None:
        self._data = data
        self._sheet = sheet
        with self._worksheet():
            pass  # a damaged workbook or a missing sheet is refused now, not at the first pass

    @contextmanager
    def _worksheet(self) -> Iterator[Any]:
        from openpyxl import load_workbook

        with _opened(self._data) as stream:
            try:
                workbook = load_workbook(stream, read_only=True, data_only=True)
            except Exception:  # openpyxl raises many kinds for a damaged file
                raise UnreadableFile(_("The file is not a readable XLSX workbook.")) from None
            try:
                if self._sheet is not None and self._sheet not in workbook.sheetnames:
                    raise UnreadableFile(
                        _("The workbook has no sheet “%(sheet)s” (it has: %(sheets)s).")
                        % {"sheet": self._sheet, "sheets": ", ".join(workbook.sheetnames)}
                    )
                yield workbook[self._sheet] if self._sheet is not None else workbook.worksheets[0]
            finally:
                workbook.close()

    def records(self) -> Iterator[list[str]]:
        with self._worksheet() as worksheet:
            for row in worksheet.iter_rows(values_only=True):
                yield ["" if cell is None else _cell_text(cell) for cell in row]


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _nonempty(records: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    strip = str.strip
    for number, row in enumerate(records, start=1):
        cells = list(map(strip, row))
        if any(cells):
            yield number, cells


def _table(source: _Records) -> Table:
    headers: list[str] | None = None
    kept: list[tuple[int, list[str]]] = []
    big = False
    count = 0
    records = enumerate(source.records(), start=1)
    for number, row in records:
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            if len(set(headers)) != len(headers):
                raise UnreadableFile(_("Two columns have the same header in row %(row)s.") % {"row": number})
            continue
        count += 1
        if count > MAX_ROWS:
            raise _too_many_rows()
        kept.append((number, cells + [""] * (len(headers) - len(cells))))
        if count * len(headers) > KEEP_CELLS:
            big, kept = True, []
            break
    if big:
        # Only counted here (and so checked readable): the rows are read again when needed.
        for _number, row in records:
            if "".join(row).strip():
                count += 1
                if count > MAX_ROWS:
                    raise _too_many_rows()
    if headers is None:
        raise UnreadableFile(_("The file is empty."))
    return Table(headers, FileRows(source, len(headers), count) if big else kept)


def _too_many_rows() -> UnreadableFile:
    return UnreadableFile(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})


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
    if text.isascii() and text.isdigit():  # most cells of a big file; the same result, sooner
        return Decimal(text)
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


@dataclass
class CheckResult:
    # The first `max_problems` problems, then (if there were more) one saying how many more.
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    rows: int = 0  # rows read (empty ones are skipped)
    created: int = 0  # values new to the database
    corrected: int = 0  # saved values given another figure (corrections, when allowed)
    unchanged: int = 0  # saved values given the same figure again
    max_problems: int = MAX_PROBLEMS
    _plan: _Plan | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: Problem) -> None:
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def to_save(self) -> Iterator[tuple[ParsedValue, int | None]]:
        """The values to save, each with the id of the saved value it corrects (None: a new one),
        read again from the table. Raises FileChanged if the table no longer reads as checked."""
        if self._plan is not None and not self.problems:
            yield from self._plan.to_save()


def check(
    table: Table,
    mapping: Mapping[str, str],
    *,
    indicators: Iterable[Indicator],
    territory: Territory,
    source: str,
    allow_corrections: bool = False,
    max_problems: int | None = None,
) -> CheckResult:
    """Every row against the template: all problems (the first `max_problems` of them, and how
    many more), or what saving the file would do. Reads the rows once."""
    result = CheckResult(max_problems=MAX_PROBLEMS if max_problems is None else max_problems)
    for name in REQUIRED_FIELDS:
        if name not in mapping:
            result.add(
                Problem(
                    None, "", _("Say which column holds the %(field)s.") % {"field": field_labels()[name]}
                )
            )
    for header in mapping.values():
        if header not in table.headers:
            result.add(Problem(None, header, _("The file has no such column.")))
    if result.problems:
        return result
    checker = _Checker(table, mapping, indicators, territory, source, result.add)
    plan = _Plan(checker, table)
    try:
        plan.read(result)
    except UnreadableFile as error:
        result.add(Problem(None, "", str(error)))
    if not result.problems:
        plan.check_saved(result, allow_corrections)
    if not result.problems:
        plan.check_sums(result)
    if result.problems:
        result.created = 0
    else:
        plan.forget()
        result._plan = plan
    if result.more_problems:
        result.problems.append(
            Problem(
                None,
                "",
                ngettext(
                    "%(count)s more problem is not listed: correct the rows above and check the file again.",
                    "%(count)s more problems are not listed: correct the rows above and check the file "
                    "again.",
                    result.more_problems,
                )
                % {"count": result.more_problems},
            )
        )
    return result


@dataclass(slots=True)
class _IndicatorInfo:
    indicator: Indicator
    index: int
    disaggregations: tuple[str, ...]
    sums: bool  # its parts must not add up to more than their totals


# A row read without problems: indicator, place and its index, period and its index, cell codes and
# the cell's index, figure.
_Row = tuple[_IndicatorInfo, Territory, int, Period, int, tuple[str, ...], int, Decimal | None]


class _Checker:
    """Reads rows against a template. Each distinct text (indicator code, place, period, breakdown
    codes, unit) is looked up once and remembered, so a row costs a few dictionary look-ups."""

    def __init__(
        self,
        table: Table,
        mapping: Mapping[str, str],
        indicators: Iterable[Indicator],
        territory: Territory,
        source: str,
        report: Callable[[Problem], None],
    ) -> None:
        self.report = report
        self.territory = territory
        self.source = source
        position = {name: table.headers.index(header) for name, header in mapping.items()}
        self.label = {name: table.column_label(header) for name, header in mapping.items()}
        self.label_value = self.label["value"]
        self.p_indicator, self.p_period, self.p_value = (position[n] for n in REQUIRED_FIELDS)
        self.p_territory = position.get("territory")
        self.p_unit = position.get("unit")
        self.p_source = position.get("source")
        self.p_note = position.get("method_note")
        # Columns of disaggregations (carried by some indicators, maybe not by this row's).
        self.extra_names = tuple(name for name in position if name not in BASE_FIELDS)
        self.extra_positions = tuple(position[name] for name in self.extra_names)
        self.by_code = {i.code.upper(): i for i in indicators}
        self.places: dict[str, Territory] = {}
        if self.p_territory is not None:
            for place in Territory.objects.filter(path__startswith=territory.path):
                self.places[place.slug.lower()] = place
                if place.iso_code:
                    self.places.setdefault(place.iso_code.lower(), place)
        # Indexes of what the file names, so that a value's key is one integer.
        self.indicator_list: list[_IndicatorInfo] = []
        self.indicator_index: dict[int, _IndicatorInfo] = {}
        self.place_list: list[Territory] = []
        self.place_index: dict[int, int] = {}
        self.period_list: list[Period] = []
        self.period_index: dict[str, int] = {}
        self.cell_index: dict[str, int] = {}  # by cell key ("sex=F|origin=_T")
        self.cell_codes: list[tuple[str, ...]] = []
        self.cell_keys: list[str] = []
        # Per cell: which axes are totals, which are parts (bit masks), for the sums.
        self.cell_masks: list[tuple[int, int]] = []
        self.home = self._place(territory)
        # What each text means; the misses are remembered too.
        self._indicators: dict[str, _IndicatorInfo | None] = {}
        self._places: dict[str, tuple[Territory, int] | None] = {}
        self._periods: dict[str, tuple[Period, int] | str] = {}
        self._cells: dict[
            tuple[int, tuple[str, ...]], tuple[tuple[str, ...], int, list[tuple[str, str]]]
        ] = {}
        self._units: dict[tuple[int, str], str | None] = {}

    def _place(self, place: Territory) -> int:
        index = self.place_index.get(place.pk)
        if index is None:
            index = self.place_index[place.pk] = len(self.place_list)
            self.place_list.append(place)
        return index

    def _indicator(self, text: str) -> _IndicatorInfo | None:
        indicator = self.by_code.get(text.upper())
        info = None
        if indicator is not None:
            info = self.indicator_index.get(indicator.pk)
            if info is None:
                info = _IndicatorInfo(
                    indicator,
                    len(self.indicator_list),
                    tuple(indicator.disaggregations),
                    # Parts above their total: a rule for counts; balances (no lowest value) may
                    # have parts of either sign.
                    bool(
                        indicator.additive
                        and indicator.disaggregations
                        and indicator.minimum is not None
                        and indicator.minimum >= 0
                    ),
                )
                self.indicator_list.append(info)
                self.indicator_index[indicator.pk] = info
        _remember(self._indicators, text, info)
        return info

    def _find_place(self, given: str) -> tuple[Territory, int] | None:
        place = self.places.get(given)
        found = None if place is None else (place, self._place(place))
        _remember(self._places, given, found)
        return found

    def _period(self, text: str) -> tuple[Period, int] | str:
        found: tuple[Period, int] | str
        try:
            period = parse_period(text)
        except PeriodError as error:
            found = str(error)
        else:
            index = self.period_index.get(period.code)
            if index is None:
                index = self.period_index[period.code] = len(self.period_list)
                self.period_list.append(period)
            found = (period, index)
        _remember(self._periods, text, found)
        return found

    def cell(self, codes: tuple[str, ...], key: str) -> int:
        index = self.cell_index.get(key)
        if index is None:
            index = self.cell_index[key] = len(self.cell_codes)
            self.cell_codes.append(codes)
            self.cell_keys.append(key)
            totals = sum(1 << axis for axis, code in enumerate(codes) if code == TOTAL)
            self.cell_masks.append((totals, ((1 << len(codes)) - 1) & ~totals))
        return index

    def _breakdown(
        self, info: _IndicatorInfo, texts: tuple[str, ...]
    ) -> tuple[tuple[str, ...], int, list[tuple[str, str]]]:
        """The cell codes of a row, its cell's index, and the (column, message) of each problem."""
        given = dict(zip(self.extra_names, texts, strict=True))
        indicator = info.indicator
        codes: list[str] = []
        problems: list[tuple[str, str]] = []
        for name in info.disaggregations:
            raw = given.get(name)
            code = (raw.strip() or TOTAL) if raw is not None else TOTAL
            code = TOTAL if code.upper() in _TOTAL_CODES else code.upper()
            allowed = _closed_codes(name)
            if code != TOTAL and (
                (allowed is not None and code not in allowed) or (name == "origin" and not _origin_ok(code))
            ):
                problems.append(
                    (
                        self.label.get(name, name),
                        _("“%(code)s” is not a code of %(dimension)s.")
                        % {"code": raw or "", "dimension": dimension_name(name)},
                    )
                )
            codes.append(code)
        for name, raw in given.items():
            if name in info.disaggregations:
                continue
            if raw.strip() and raw.strip().upper() not in _EMPTY_CODES:
                problems.append(
                    (
                        self.label[name],
                        _("%(code)s is not broken down by %(dimension)s: leave this cell empty.")
                        % {"code": indicator.code, "dimension": dimension_name(name)},
                    )
                )
        cell = tuple(codes)
        index = -1 if problems else self.cell(cell, cell_key(indicator, cell))
        found = (cell, index, problems)
        _remember(self._cells, (info.index, texts), found)
        return found

    def _unit(self, info: _IndicatorInfo, given: str) -> str | None:
        """The problem with a row's unit, if any."""
        indicator = info.indicator
        unit = given.strip().lower()
        unit = UNIT_ALIASES.get(unit, unit)
        problem = None
        if unit != indicator.unit:
            problem = _("%(code)s is measured in %(expected)s, not “%(given)s”.") % {
                "code": indicator.code,
                "expected": indicator.get_unit_display(),
                "given": given,
            }
        _remember(self._units, (info.index, given), problem)
        return problem

    def parse(self, number: int, cells: list[str]) -> _Row | None:
        """A row's value, or None after reporting each of its problems."""
        report = self.report
        bad = False
        text = cells[self.p_indicator]
        info = self._indicators[text] if text in self._indicators else self._indicator(text)
        if info is None:
            bad = True
            report(
                Problem(
                    number,
                    self.label["indicator"],
                    _("“%(code)s” is not an indicator of this template.") % {"code": text}
                    if text
                    else _("No indicator code."),
                )
            )
        place, place_index = self.territory, self.home
        if self.p_territory is not None:
            text = cells[self.p_territory]
            given = text.lower()
            if given:
                found = self._places[given] if given in self._places else self._find_place(given)
                if found is None:
                    bad = True
                    report(
                        Problem(
                            number,
                            self.label["territory"],
                            _("“%(place)s” is not %(territory)s or a place within it.")
                            % {"place": text, "territory": self.territory.name},
                        )
                    )
                else:
                    place, place_index = found
        text = cells[self.p_period]
        period = self._periods.get(text) or self._period(text)
        if isinstance(period, str):
            bad = True
            report(Problem(number, self.label["period"], period))
        text = cells[self.p_value]
        value: Decimal | None = None
        try:
            value = parse_number(text)
        except InvalidOperation:
            bad = True
            report(
                Problem(
                    number,
                    self.label_value,
                    _("“%(value)s” is not a number (write .. for a missing figure).") % {"value": text},
                )
            )
        if info is None:
            return None
        if self.p_unit is not None and (text := cells[self.p_unit]):
            key = (info.index, text)
            problem = self._units[key] if key in self._units else self._unit(info, text)
            if problem is not None:
                bad = True
                report(Problem(number, self.label["unit"], problem))
        texts = tuple([cells[p] for p in self.extra_positions])
        breakdown = self._cells.get((info.index, texts)) or self._breakdown(info, texts)
        codes, cell, problems = breakdown
        for column, message in problems:
            bad = True
            report(Problem(number, column, message))
        if value is not None:
            indicator = info.indicator
            if indicator.minimum is not None and value < indicator.minimum:
                bad = True
                report(
                    Problem(
                        number,
                        self.label_value,
                        _("%(value)s is below the lowest plausible value of %(code)s (%(minimum)s).")
                        % {"value": value, "code": indicator.code, "minimum": number_text(indicator.minimum)},
                    )
                )
            elif indicator.maximum is not None and value > indicator.maximum:
                bad = True
                report(
                    Problem(
                        number,
                        self.label_value,
                        _("%(value)s is above the highest plausible value of %(code)s (%(maximum)s).")
                        % {"value": value, "code": indicator.code, "maximum": number_text(indicator.maximum)},
                    )
                )
        if bad or isinstance(period, str):
            return None
        return (info, place, place_index, period[0], period[1], codes, cell, value)

    def parsed_value(self, number: int, cells: list[str], row: _Row) -> ParsedValue:
        info, place, _place_index, period, _period_index, codes, cell, value = row
        return ParsedValue(
            row=number,
            indicator=info.indicator,
            territory=place,
            period=period,
            cell=codes,
            value=value,
            source=(cells[self.p_source] if self.p_source is not None else "") or self.source,
            method_note=cells[self.p_note] if self.p_note is not None else "",
            cell_key=self.cell_keys[cell],
        )


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value


def _key(indicator: int, place: int, period: int, cell: int) -> int:
    """One integer per value: smaller in memory than a tuple, and the high bits (all but the cell)
    are its group of indicator, place and period."""
    return (((indicator << 32 | place) << 32 | period) << 32) | cell


# Figures packed in 8 bytes: ten-thousandths, as the database keeps them; the rare figure that
# does not fit is kept aside.
_NO_FIGURE = -(1 << 63)
_ASIDE = _NO_FIGURE + 1
_PACKED_LIMIT = 1 << 62
_UNCHANGED, _CORRECTED = 1, 2  # what saving does to a value (0: creates it)


def _pack(value: Decimal | None) -> int:
    if value is None:
        return _NO_FIGURE
    scaled = value.scaleb(4)
    packed = int(scaled)
    return packed if packed == scaled and -_PACKED_LIMIT < packed < _PACKED_LIMIT else _ASIDE


class _Plan:
    """What pass one learnt, compactly, for the later checks and for saving."""

    def __init__(self, checker: _Checker, table: Table) -> None:
        self.checker = checker
        self.table = table
        self.index: dict[int, int] = {}  # value key -> position among the values to save
        self.rows = array("q")  # row number of each value
        self.hashes = array("q")  # hash of each value's key, to find the same on the last pass
        self.figures = array("q")
        self.aside: dict[int, Decimal] = {}
        self.status = bytearray()
        self.saved_ids = array("q")  # for corrections: the saved value's id, by position
        self.sum_keys: list[int] = []  # keys of values whose parts add up, sorted (groups together)
        # Saved parts of the file's totals, by group, that the file does not give again.
        self.saved_parts: dict[int, list[tuple[tuple[str, ...], Decimal | None]]] = {}

    def figure(self, position: int) -> Decimal | None:
        packed = self.figures[position]
        if packed == _NO_FIGURE:
            return None
        if packed == _ASIDE:
            return self.aside[position]
        return Decimal(packed).scaleb(-4)

    def read(self, result: CheckResult) -> None:
        """Pass one: every row read and checked; duplicates found."""
        checker, index, rows, figures, aside = self.checker, self.index, self.rows, self.figures, self.aside
        hashes = self.hashes
        column = checker.label_value
        parse = checker.parse
        count = 0
        for number, cells in self.table.rows:
            count += 1
            row = parse(number, cells)
            if row is None:
                continue
            info, _place, place, _period, period, _codes, cell, value = row
            key = (((info.index << 32 | place) << 32 | period) << 32) | cell
            first = index.get(key)
            if first is not None:
                result.add(
                    Problem(
                        number,
                        column,
                        _(
                            "This cell is given twice: row %(first)s has the same indicator, place, "
                            "period and breakdown."
                        )
                        % {"first": rows[first]},
                    )
                )
                continue
            position = index[key] = len(rows)
            rows.append(number)
            hashes.append(hash(key))
            packed = _pack(value)
            figures.append(packed)
            if packed == _ASIDE and value is not None:
                aside[position] = value
        result.rows = count
        self.status = bytearray(len(rows))
        summed = [info.sums for info in checker.indicator_list]
        self.sum_keys = sorted(key for key in index if summed[key >> 96])

    def _has_group(self, group: int) -> bool:
        keys = self.sum_keys
        at = bisect.bisect_left(keys, group)
        return at < len(keys) and keys[at] >> 32 == group >> 32

    def check_saved(self, result: CheckResult, allow_corrections: bool) -> None:
        """Figures already saved: the same again, a correction, or a problem. Saved parts of the
        file's totals are kept aside for the sums."""
        checker = self.checker
        count = len(self.rows)
        if not count:
            return
        queryset = Value.objects.filter(indicator_id__in=list(checker.indicator_index))
        places = [place.pk for place in checker.place_list]
        if len(places) <= 500:
            queryset = queryset.filter(territory_id__in=places)
        else:
            queryset = queryset.filter(territory__path__startswith=checker.territory.path)
        if len(checker.period_index) <= 500:
            queryset = queryset.filter(period__in=list(checker.period_index))
        refused: list[tuple[int, str, str]] = []
        refused_count = 0
        for pk, indicator_id, place_id, period, key_text, cell, value, source in queryset.values_list(
            "pk", "indicator_id", "territory_id", "period", "cell_key", "cell", "value", "source"
        ).iterator(chunk_size=5000):
            info = checker.indicator_index.get(indicator_id)
            place = checker.place_index.get(place_id)
            period_index = checker.period_index.get(period)
            if info is None or place is None or period_index is None:
                continue
            group = _key(info.index, place, period_index, 0)
            cell_index = checker.cell_index.get(key_text)
            position = None if cell_index is None else self.index.get(group | cell_index)
            if position is None:
                saved_cell = tuple(cell or ())
                if info.sums and len(saved_cell) == len(info.disaggregations) and self._has_group(group):
                    self.saved_parts.setdefault(group, []).append((saved_cell, value))
                continue
            if value == self.figure(position):
                self.status[position] = _UNCHANGED
                result.unchanged += 1
            elif allow_corrections:
                if not self.saved_ids:
                    self.saved_ids = array("q", bytes(8 * count))
                self.status[position] = _CORRECTED
                self.saved_ids[position] = pk
                result.corrected += 1
            else:
                refused_count += 1
                old = ".." if value is None else number_text(value)
                refused.append((self.rows[position], old, source))
                if len(refused) > 2 * result.max_problems:
                    refused = sorted(refused)[: result.max_problems]
        for row, old, source in sorted(refused)[: result.max_problems]:
            result.add(
                Problem(
                    row,
                    checker.label_value,
                    _(
                        "This figure was already given as %(old)s (source: %(source)s). To replace it, "
                        "import again as a correction, with the reason."
                    )
                    % {"old": old, "source": source},
                )
            )
        result.more_problems += refused_count - min(refused_count, result.max_problems)
        result.created = count - result.unchanged - result.corrected

    def check_sums(self, result: CheckResult) -> None:
        """For counts: the parts of a total must not add up to more than the total (saved figures
        count too, unless this file replaces them)."""
        keys = self.sum_keys
        if not keys:
            return
        found: list[Problem] = []
        group = keys[0] >> 32
        members: list[int] = []
        for key in [*keys, -1]:
            if key >> 32 != group:
                self._check_group(group << 32, members, found)
                group, members = key >> 32, []
            members.append(key)
        for problem in sorted(found, key=lambda p: (p.row is None, p.row or 0)):
            result.add(problem)

    def _check_group(self, group: int, members: list[int], found: list[Problem]) -> None:
        checker, status = self.checker, self.status
        masks = checker.cell_masks
        saved = self.saved_parts.get(group, [])
        totals = parts = 0
        changes = False
        for key in members:
            cell_totals, cell_parts = masks[key & 0xFFFFFFFF]
            totals, parts = totals | cell_totals, parts | cell_parts
            changes = changes or status[self.index[key]] != _UNCHANGED
        for cell, _value in saved:
            parts |= sum(1 << axis for axis, code in enumerate(cell) if code != TOTAL)
            totals |= sum(1 << axis for axis, code in enumerate(cell) if code == TOTAL)
        # Only the groups this file changes are checked, and only those with a total and a part
        # along the same axis can go wrong: most groups stop here.
        if not changes or not totals & parts:
            return
        cells: dict[tuple[str, ...], tuple[Decimal | None, int | None]] = {}
        for key in sorted(members, key=lambda k: self.rows[self.index[k]]):
            position = self.index[key]
            row = None if status[position] == _UNCHANGED else self.rows[position]
            cells[checker.cell_codes[key & 0xFFFFFFFF]] = (self.figure(position), row)
        for cell, value in saved:
            cells.setdefault(cell, (value, None))
        info = checker.indicator_list[group >> 96]
        found.extend(_sum_problems(info.indicator, cells, checker.label_value))

    def forget(self) -> None:
        """Drops what only the checks needed (most of the memory), before saving."""
        self.index, self.sum_keys, self.saved_parts = {}, [], {}

    def to_save(self) -> Iterator[tuple[ParsedValue, int | None]]:
        """The last pass: the rows read again, each checked to read as before (same cell, same
        figure, same row)."""
        checker, rows, hashes, figures, status, saved_ids = (
            self.checker,
            self.rows,
            self.hashes,
            self.figures,
            self.status,
            self.saved_ids,
        )

        def changed(_problem: Problem) -> None:
            raise FileChanged(_("The file changed while it was being imported; nothing was saved."))

        checker.report = changed
        position = 0
        count = len(rows)
        for number, cells in self.table.rows:
            row = checker.parse(number, cells)
            if row is None:
                continue  # only rows with problems read as None, and `changed` raised for them
            info, _place, place, _period, period, _codes, cell, value = row
            key = (((info.index << 32 | place) << 32 | period) << 32) | cell
            if (
                position >= count
                or rows[position] != number
                or hashes[position] != hash(key)
                or figures[position] != _pack(value)
                or (figures[position] == _ASIDE and self.aside[position] != value)
            ):
                changed(Problem(number, "", ""))
            state = status[position]
            position += 1
            if state == _UNCHANGED:
                continue
            parsed = checker.parsed_value(number, cells, row)
            yield parsed, (saved_ids[position - 1] if state == _CORRECTED else None)
        if position != count:
            changed(Problem(None, "", ""))


def _sum_problems(
    indicator: Indicator, cells: dict[tuple[str, ...], tuple[Decimal | None, int | None]], column: str
) -> list[Problem]:
    """The totals of one indicator, place and period exceeded by the sum of their parts."""
    problems = []
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
                problems.append(
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
    return problems
