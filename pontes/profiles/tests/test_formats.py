"""UN DESA's migrant stock workbook and SDMX-CSV: read as published, checked and saved as any file."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pontes.profiles import default_template, formats, services
from pontes.profiles.formats import Converted, places_within, read_sdmx_csv, read_un_desa
from pontes.profiles.importing import UnreadableFile
from pontes.profiles.models import ImportBatch, IndicatorTemplate, Value

# The fixtures reproduce the publishers' layouts; their figures are illustrative, not the published ones.
FIXTURES = Path(__file__).parent / "fixtures"
EUROSTAT = (FIXTURES / "eurostat_migr_pop1ctz.csv").read_bytes()
OECD = (FIXTURES / "oecd_dsd_mig_df_mig.csv").read_bytes()

# --- A UN DESA workbook, laid out as “International Migrant Stock 2020: Destination and origin” ---

YEARS_2020 = (1990, 1995, 2000, 2005, 2010, 2015, 2020)
YEARS_2024 = (*YEARS_2020, 2024)
Figure = int | str | None


@dataclass(frozen=True)
class Pair:
    """One row of Table 1: a destination, an origin and the figures for both sexes by year."""

    destination: str
    destination_code: int
    origin: str
    origin_code: int
    both: Sequence[Figure]
    data_type: str = ""
    notes: str = ""


PAIRS_2020 = (
    Pair(
        "WORLD",
        900,
        "WORLD",
        900,
        (152986157, 161289976, 173230585, 191446828, 220983187, 247958644, 280598105),
    ),
    Pair("WORLD", 900, "Morocco", 504, (1935800, 2080200, 2333126, 2619123, 2898580, 3005128, 3136069)),
    Pair(
        "Sub-Saharan Africa",
        947,
        "WORLD",
        900,
        (15000000, 16000000, 15500000, 16000000, 17000000, 21000000, 23000000),
    ),
    Pair(
        "Northern Africa and Western Asia",
        1833,
        "WORLD",
        900,
        (18000000, 18500000, 20000000, 25000000, 33000000, 45000000, 49000000),
    ),
    Pair("Morocco", 504, "WORLD", 900, (57723, 53124, 53125, 54206, 70909, 95947, 102358), "B R"),
    Pair("Morocco", 504, "Africa", 903, (10000, 9500, 9800, 11000, 16000, 30000, 36000), "B R"),
    Pair("Morocco", 504, "Algeria", 12, (2300, 2350, 2400, 2500, 2700, 3500, 4000), "B R"),
    Pair("Morocco", 504, "Senegal", 686, ("..", 1200, 1400, 2000, 3500, 6000, 7500), "B R"),
    Pair("Morocco", 504, "France", 250, (14000, 13000, 12500, 13800, 21000, 27600, 30000), "B R"),
    Pair("Morocco", 504, "Other", 2003, (5000, 4500, 4000, 3900, 3800, 3700, 3600), "B R"),
    Pair(
        "Spain", 724, "WORLD", 900, (830000, 1010000, 1650000, 4100000, 6280000, 5890000, 6842202), "B", "1"
    ),
    Pair("Spain", 724, "Morocco", 504, (170000, 190000, 300000, 580000, 760000, 700000, 810000), "B", "1"),
    Pair("Channel Islands", 830, "WORLD", 900, (60000, 61000, 62000, 63000, 64000, 65000, 66000), "B"),
)
FIRST_DATA_ROW = 12  # rows 10 and 11 are the two-row header
ROW = {(p.destination, p.origin): FIRST_DATA_ROW + i for i, p in enumerate(PAIRS_2020)}


def split(figure: Figure) -> tuple[Figure, Figure]:
    if not isinstance(figure, int):
        return figure, figure
    males = figure * 52 // 100
    return males, figure - males


def un_desa_workbook(
    *,
    pairs: Sequence[Pair] = PAIRS_2020,
    years: Sequence[int] = YEARS_2020,
    edition: int = 2020,
    band: bool = True,
    layout_2024: bool = False,
    sheet: str = "Table 1",
    cells: Mapping[str, Any] | None = None,
) -> bytes:
    """The workbook's sheets and Table 1's layout: title and notes on top, a header on two rows
    (the sex over the years, in merged cells), aggregates and countries, notes at the bottom."""
    workbook = Workbook()
    contents = workbook.active
    assert contents is not None
    contents.title = "Contents"
    contents["A1"] = f"International Migrant Stock {edition}: Destination and origin"
    contents["A3"] = "Table 1"
    contents["B3"] = (
        "International migrant stock at mid-year by sex and by region, country or area of destination "
        f"and origin, 1990-{edition}"
    )
    contents["A4"] = "Table 2"
    contents["B4"] = (
        "International migrant stock at mid-year both sexes combined, by region of destination and origin"
    )
    contents["A5"] = "Annex"
    contents["B5"] = "Classification of countries and areas"
    contents["A6"] = "Notes"
    table = workbook.create_sheet(sheet)
    table["A2"] = "United Nations"
    table["A3"] = "Department of Economic and Social Affairs"
    table["A4"] = "Population Division"
    table["A6"] = f"International Migrant Stock {edition}: Destination and origin"
    table["A7"] = (
        "International migrant stock at mid-year by sex and by region, country or area of destination and "
        f"origin, 1990-{edition}"
    )
    table["A8"] = (
        "Suggested citation: United Nations Department of Economic and Social Affairs, Population Division "
        f"({edition}). International Migrant Stock {edition}."
    )
    table["A9"] = (
        f"© December {edition} by United Nations, made available under a Creative Commons license CC BY 3.0 "
        "IGO: http://creativecommons.org/licenses/by/3.0/igo/"
    )
    if layout_2024:
        fixed = [
            "Index",
            "Region, development group, country or area of destination",
            "Coverage",
            "Location code of destination",
            "Data type",
            "Region, development group, country or area of origin",
            "Location code of origin",
        ]
    else:
        fixed = [
            "Index",
            "Region, development group, country or area of destination",
            "Notes of destination",
            "Location code of destination",
            "Type of data of destination",
            "Region, development group, country or area of origin",
            "Location code of origin",
        ]
    first_year = len(fixed) + 1
    for column, text in enumerate(fixed, start=1):
        table.cell(row=11, column=column, value=text)
    for band_index, label in enumerate(("(both sexes)", "(males)", "(females)")):
        start = first_year + band_index * len(years)
        if band:
            table.cell(row=10, column=start, value=f"International migrant stock at mid-year {label}")
            table.merge_cells(start_row=10, start_column=start, end_row=10, end_column=start + len(years) - 1)
        for offset, year in enumerate(years):
            table.cell(row=11, column=start + offset, value=year)
    for index, pair in enumerate(pairs):
        row = FIRST_DATA_ROW + index
        coverage_or_notes = "Total" if layout_2024 else pair.notes
        fixed_cells = [
            index + 1,
            pair.destination,
            coverage_or_notes,
            pair.destination_code,
            pair.data_type,
            pair.origin,
            pair.origin_code,
        ]
        for column, value in enumerate(fixed_cells, start=1):
            table.cell(row=row, column=column, value=value if value != "" else None)
        males, females = zip(*(split(f) for f in pair.both), strict=True)
        for band_index, figures in enumerate((pair.both, males, females)):
            for offset, figure in enumerate(figures):
                table.cell(row=row, column=first_year + band_index * len(years) + offset, value=figure)
    notes_row = FIRST_DATA_ROW + len(pairs) + 1
    table.cell(row=notes_row, column=1, value="Notes:")
    table.cell(row=notes_row + 1, column=1, value="(1) Including refugees and asylum seekers.")
    table.cell(
        row=notes_row + 2,
        column=1,
        value="Source: United Nations, Department of Economic and Social Affairs, Population Division.",
    )
    for coordinate, value in (cells or {}).items():
        table[coordinate] = value
    matrix = workbook.create_sheet("Table 2")
    matrix["A10"] = (
        "International migrant stock at mid-year both sexes combined, by region of destination and origin"
    )
    matrix["B12"], matrix["C12"], matrix["D12"] = "Region of destination", "WORLD", "Sub-Saharan Africa"
    annex = workbook.create_sheet("Annex")
    for row_values in (
        ("Region, development group, country or area", "Location code", "ISO3 Alpha-code"),
        ("Morocco", 504, "MAR"),
        ("Spain", 724, "ESP"),
        ("Channel Islands", 830, ""),
    ):
        annex.append(row_values)
    notes = workbook.create_sheet("Notes")
    notes.append(("(1)", "Including refugees and asylum seekers."))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def records(converted: Converted) -> list[tuple[int, tuple[tuple[str, str], ...]]]:
    """Each row as (row number, our fields and their cells), in order: what the checker reads."""
    headers = converted.table.headers
    return sorted(
        (
            number,
            tuple(sorted((name, cells[headers.index(header)]) for name, header in converted.mapping.items())),
        )
        for number, cells in converted.table.rows
    )


def values_by(converted: Converted, *fields: str) -> dict[tuple[Any, ...], str]:
    headers = converted.table.headers
    position = {name: headers.index(header) for name, header in converted.mapping.items()}
    return {
        tuple(cells[position[name]] for name in fields): cells[position["value"]]
        for _number, cells in converted.table.rows
    }


@pytest.fixture
def moroccan_template(world: Any) -> IndicatorTemplate:
    template = services.create_default_template(actor=None, country=world.country)
    return services.publish_template(actor=None, template=template)


@pytest.fixture
def spanish_template(world: Any) -> IndicatorTemplate:
    template = services.create_default_template(actor=None, country=world.other_country)
    return services.publish_template(actor=None, template=template)


# --- UN DESA: reading ---------------------------------------------------------------------------


def test_the_default_indicator_carries_the_breakdowns_of_the_workbook() -> None:
    spec = next(i for i in default_template.INDICATORS if i["code"] == "POP.MIG.STOCK")
    # The workbook gives sex and origin; age groups, which it lacks, are read as totals.
    assert {"sex", "origin"} <= set(spec["disaggregations"]) and spec["unit"] == "persons"
    assert (formats.MALE, formats.FEMALE) == ("M", "F")


def test_the_wide_workbook_becomes_one_row_a_figure_with_the_workbooks_row_numbers() -> None:
    converted = read_un_desa(un_desa_workbook())
    assert converted.ok and converted.file_format == ImportBatch.Format.UN_DESA
    assert converted.source == "UN DESA, International Migrant Stock 2020"
    assert converted.mapping == {name: name for name in converted.table.headers}
    figures = values_by(converted, "territory", "origin", "sex", "period")
    # Both sexes, then males, then females, each over the seven years.
    assert figures[("MA", "_T", "_T", "2020")] == "102358"
    assert figures[("MA", "_T", "M", "2020")] == "53226"
    assert figures[("MA", "_T", "F", "2020")] == "49132"
    assert figures[("MA", "FRA", "_T", "1990")] == "14000"
    assert figures[("MA", "DZA", "F", "2015")] == str(3500 - 3500 * 52 // 100)
    assert figures[("ES", "MAR", "_T", "2020")] == "810000"
    # ".." is a missing figure, for every sex.
    assert [figures[("MA", "SEN", sex, "1990")] for sex in ("_T", "M", "F")] == ["..", "..", ".."]
    rows = {number for number, _cells in converted.table.rows}
    assert rows == {ROW[("Morocco", o)] for o in ("WORLD", "Algeria", "Senegal", "France")} | {
        ROW[("Spain", "WORLD")],
        ROW[("Spain", "Morocco")],
    }
    france = [cells for number, cells in converted.table.rows if number == ROW[("Morocco", "France")]]
    assert len(france) == 21 and {c[0] for c in france} == {"POP.MIG.STOCK"}
    assert {c[6] for c in france} == {"UN DESA, International Migrant Stock 2020"}
    assert "mid-year" in france[0][7] and "refugees reported by UNHCR added" in france[0][7]


def test_aggregates_and_notes_are_left_out_and_counted() -> None:
    converted = read_un_desa(un_desa_workbook())
    assert converted.left_out == {
        # WORLD twice, two regions, and the Channel Islands, which have no ISO code.
        "Aggregates of destination (world, regions, groups of countries)": 5,
        "Aggregates of origin (regions, groups of countries, “Other”)": 2,
        "Notes and other rows without figures": 3,
    }


def test_only_the_chosen_destinations_are_read(world: Any) -> None:
    converted = read_un_desa(un_desa_workbook(), destinations=places_within(world.country))
    assert {cells[1] for _n, cells in converted.table.rows} == {"MA"}
    assert converted.left_out["Destinations outside the chosen places"] == 2
    # An aggregate is read when asked for by its code, and regions of origin when asked.
    asked = read_un_desa(un_desa_workbook(), destinations={"947": "africa", "504": "ma"}, aggregates=True)
    assert {cells[4] for _n, cells in asked.table.rows if cells[1] == "ma"} == {
        "_T",
        "903",
        "DZA",
        "SEN",
        "FRA",
    }
    assert {n for n, cells in asked.table.rows if cells[1] == "africa"} == {
        ROW[("Sub-Saharan Africa", "WORLD")]
    }


def test_the_2024_edition_and_a_header_without_the_sex_row_are_read() -> None:
    data = un_desa_workbook(
        pairs=[Pair("Morocco", 504, "WORLD", 900, (1, 2, 3, 4, 5, 6, 7, 1000), "B R")],
        years=YEARS_2024,
        edition=2024,
        band=False,
        layout_2024=True,
    )
    converted = read_un_desa(data)
    assert converted.source == "UN DESA, International Migrant Stock 2024"
    figures = values_by(converted, "sex", "period")
    assert (
        figures[("_T", "2024")] == "1000"
        and figures[("M", "2024")] == "520"
        and figures[("F", "2024")] == "480"
    )
    assert len(converted.table.rows) == 24


@given(
    figures=st.lists(
        st.one_of(st.integers(min_value=0, max_value=10**9), st.just("..")), min_size=7, max_size=7
    )
)
@settings(max_examples=20, deadline=None)
def test_any_figures_are_read_back_as_written(figures: list[Figure]) -> None:
    data = un_desa_workbook(pairs=[Pair("Morocco", 504, "Senegal", 686, figures)])
    read = values_by(read_un_desa(data), "sex", "period")
    for year, figure in zip(YEARS_2020, figures, strict=True):
        males, females = split(figure)
        assert (read[("_T", str(year))], read[("M", str(year))], read[("F", str(year))]) == (
            str(figure),
            str(males),
            str(females),
        )


# --- UN DESA: damaged workbooks ------------------------------------------------------------------


def test_a_missing_sheet_is_named() -> None:
    with pytest.raises(UnreadableFile, match="no sheet “Table 1” \\(it has: Contents, Data"):
        read_un_desa(un_desa_workbook(sheet="Data"))


def test_a_missing_header_is_reported_with_the_sheet() -> None:
    data = un_desa_workbook(cells={"D11": "Code"})
    with pytest.raises(
        UnreadableFile, match="Sheet “Table 1” has no header row with “Location code of destination”"
    ):
        read_un_desa(data)


def test_an_unknown_sex_band_is_reported_with_its_row_and_column() -> None:
    data = un_desa_workbook(cells={"O10": "International migrant stock at mid-year (children)"})
    with pytest.raises(UnreadableFile, match="row 10, column O: “International migrant stock at mid-year"):
        read_un_desa(data)


def test_years_without_a_sex_row_running_four_times_are_refused() -> None:
    data = un_desa_workbook(band=False, cells={"AC11": 1990})
    with pytest.raises(UnreadableFile, match="row 11, column AC: the years run more than three times"):
        read_un_desa(data)


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="not a readable XLSX"):
        read_un_desa(b"indicator,period\n")


def test_a_bad_cell_and_a_bad_code_are_reported_where_the_workbook_has_them() -> None:
    france = ROW[("Morocco", "France")]
    data = un_desa_workbook(cells={f"S{france}": "2 1OO", f"G{ROW[('Morocco', 'Algeria')]}": "DZ"})
    converted = read_un_desa(data)
    where = {(p.row, p.column) for p in converted.problems}
    assert where == {
        (france, "S (2010, males)"),
        (ROW[("Morocco", "Algeria")], "G (Location code of origin)"),
    }


# --- UN DESA: importing ------------------------------------------------------------------------


def test_a_workbook_is_imported_with_the_publication_as_source(
    world: Any, moroccan_template: IndicatorTemplate
) -> None:
    converted = read_un_desa(un_desa_workbook(), destinations=places_within(world.country))
    report = services.import_values(
        actor=None,
        template=moroccan_template,
        territory=world.country,
        table=converted.table,
        mapping=converted.mapping,
        source=converted.source,
        file_name="undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx",
        file_format=converted.file_format,
    )
    assert report.ok, report.problems
    assert report.created == 4 * 7 * 3
    assert report.batch is not None and report.batch.format == ImportBatch.Format.UN_DESA
    total = Value.objects.get(period="2020", cell_key="sex=_T|age_group=_T|origin=_T")
    assert total.value == Decimal(102358) and total.territory == world.country
    assert total.indicator.code == "POP.MIG.STOCK"
    assert total.source == "UN DESA, International Migrant Stock 2020"
    assert "UN DESA type of data “B R”" in total.method_note
    missing = Value.objects.get(period="1990", cell_key="sex=F|age_group=_T|origin=SEN")
    assert missing.value is None


def test_a_bad_cell_stops_the_import_at_its_row(world: Any, moroccan_template: IndicatorTemplate) -> None:
    france = ROW[("Morocco", "France")]
    converted = read_un_desa(
        un_desa_workbook(cells={f"S{france}": "2 1OO"}), destinations=places_within(world.country)
    )
    assert [(p.row, p.column) for p in converted.problems] == [(france, "S (2010, males)")]
    report = services.import_values(
        actor=None,
        template=moroccan_template,
        territory=world.country,
        table=converted.table,
        mapping=converted.mapping,
        source=converted.source,
        file_format=converted.file_format,
    )
    assert not report.ok and {p.row for p in report.problems} == {france}
    assert not Value.objects.exists()


def test_an_indicator_without_the_files_breakdowns_is_known_before_importing(
    moroccan_template: IndicatorTemplate,
) -> None:
    indicators = {i.code: i for i in moroccan_template.indicators.all()}
    converted = read_un_desa(un_desa_workbook())
    assert converted.unsupported_by(indicators["POP.MIG.STOCK"]) == []
    assert converted.unsupported_by(indicators["POP.MIG.SHARE"]) == ["origin"]
    eurostat = read_sdmx_csv(EUROSTAT, indicator_code="POP.FOR.CIT", codelists={"origin": {"FOR": "_T"}})
    # Every age is a total once the age bands the template lacks are left out.
    assert eurostat.breakdowns == ("sex", "origin")
    assert eurostat.unsupported_by(indicators["POP.DIASPORA"]) == ["origin"]


def test_a_template_whose_indicator_has_no_age_groups_takes_the_workbook_too(
    world: Any, template: IndicatorTemplate
) -> None:
    converted = read_un_desa(
        un_desa_workbook(), indicator_code="POP.FOREIGN_BORN", destinations=places_within(world.country)
    )
    report = services.import_values(
        actor=None,
        template=template,
        territory=world.country,
        table=converted.table,
        mapping=converted.mapping,
        source=converted.source,
    )
    assert report.ok and report.created == 84
    assert Value.objects.filter(cell_key="sex=M|origin=DZA").count() == 7


# --- SDMX-CSV: reading ------------------------------------------------------------------------


def test_eurostat_sdmx_csv_1_is_read_with_our_codes() -> None:
    converted = read_sdmx_csv(EUROSTAT, indicator_code="POP.FOR.CIT", codelists={"origin": {"FOR": "_T"}})
    assert converted.ok and converted.file_format == ImportBatch.Format.SDMX_CSV
    assert converted.source == "Eurostat, migr_pop1ctz"
    assert converted.mapping == {
        "territory": "geo",
        "sex": "sex",
        "age_group": "age",
        "origin": "citizen",
        "unit": "unit",
        "period": "TIME_PERIOD",
        "value": "OBS_VALUE",
        "indicator": "indicator",
        "source": "source",
        "method_note": "method_note",
    }
    # The file keeps its columns (so that problems name them); ours come last.
    assert converted.table.headers[:11] == EUROSTAT.decode().splitlines()[0].split(",")
    figures = values_by(converted, "territory", "origin", "sex", "age_group", "period")
    assert figures[("ES", "MAR", "_T", "_T", "2023")] == "883243"
    assert figures[("ES", "_T", "F", "_T", "2022")] == "2743432"
    assert figures[("ES", "ROU", "F", "_T", "2023")] == ".."  # empty, flagged ":"
    assert {cells[5] for _n, cells in converted.table.rows} == {"persons"}
    notes = {(cells[3], cells[6], cells[8]): cells[13] for _n, cells in converted.table.rows}
    assert notes[("_T", "_T", "2022")] == "Break in time series (flag “b”)"
    assert notes[("MAR", "_T", "2023")] == "Estimated, provisional (flag “ep”)"
    assert notes[("ROU", "M", "2023")] == "Confidential (flag “c”)"
    assert notes[("MAR", "_T", "2022")] == ""
    assert [n for n, _c in converted.table.rows][:2] == [4, 5]  # the file's own row numbers
    assert converted.left_out == {
        "citizen “EXT_EU27_2020”: no code of the template": 2,
        "citizen “TOTAL”: no code of the template": 2,
        "age “Y15-64”: no code of the template": 2,
    }


def test_a_total_of_citizenship_is_never_guessed() -> None:
    # Eurostat's TOTAL counts nationals, FOR only foreigners: without a word, neither is the total.
    converted = read_sdmx_csv(EUROSTAT, indicator_code="POP.FOR.CIT")
    assert "_T" not in {cells[3] for _n, cells in converted.table.rows}
    assert converted.left_out["citizen “FOR”: no code of the template"] == 6


def test_oecd_sdmx_csv_2_is_read_with_our_codes() -> None:
    converted = read_sdmx_csv(OECD, indicator_code="POP.FOR.CIT", codelists={"origin": {"W": "_T"}})
    assert converted.ok and converted.source == "OECD, DSD_MIG@DF_MIG"
    figures = values_by(converted, "territory", "origin", "sex", "period")
    assert figures[("ES", "_T", "_T", "2022")] == "5542932"
    assert figures[("ES", "MAR", "F", "2021")] == "340000"
    assert figures[("ES", "MAR", "F", "2020")] == ".."
    notes = {(cells[4], cells[7], cells[11]): cells[-1] for _n, cells in converted.table.rows}
    assert notes[("ROU", "_T", "2022")] == "Estimated (flag “E”)"
    assert notes[("ROU", "F", "2022")] == "Provisional (flag “P”)"
    assert notes[("MAR", "F", "2020")] == "Missing (flag “O”)"
    assert notes[("MAR", "_T", "2021")] == ""
    assert converted.left_out == {
        "CITIZENSHIP “STLS”: no code of the template": 2,
        "Rows without a period": 1,
    }


def test_an_sdmx_csv_2_file_with_semicolons_and_labels_reads_the_same() -> None:
    lines = OECD.decode().splitlines()
    header = lines[0].split(",")
    labelled = [f"{h}: Name of {h}" if i > 2 else h for i, h in enumerate(header)]
    body = []
    for line in lines[1:]:
        cells = line.split(",")
        body.append(
            ";".join(
                f"{c}: Label"
                if 2 < i < header.index("OBS_VALUE") and i != header.index("TIME_PERIOD") and c
                else c
                for i, c in enumerate(cells)
            )
        )
    data = "\n".join(["STRUCTURE[,];" + ";".join(labelled[1:]), *body]).encode()
    plain = read_sdmx_csv(OECD, indicator_code="POP.FOR.CIT", codelists={"origin": {"W": "_T"}})
    other = read_sdmx_csv(data, indicator_code="POP.FOR.CIT", codelists={"origin": {"W": "_T"}})
    assert other.ok and records(other) == records(plain)
    assert other.mapping["territory"] == "REF_AREA: Name of REF_AREA"


def test_an_sdmx_csv_2_file_with_a_column_of_names_beside_each_code_reads_the_same() -> None:
    # The OECD Data Explorer's download "with labels": STRUCTURE_NAME, then each component is
    # followed by a column of names (headers and cells in the reader's language).
    lines = [line.split(",") for line in OECD.decode().splitlines()]
    header = lines[0]
    named = ["STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION"]
    for column in header[3:]:
        named += [column, f"Name of {column.lower()}"]
    rows = [",".join(named)]
    for cells in lines[1:]:
        out = [cells[0], cells[1], "International Migration Database", cells[2]]
        for cell in cells[3:]:
            out += [cell, f"Label {cell}" if cell else ""]
        rows.append(",".join(out))
    options: dict[str, Any] = {"indicator_code": "POP.FOR.CIT", "codelists": {"origin": {"W": "_T"}}}
    labelled = read_sdmx_csv("\n".join(rows).encode(), **options)
    plain = read_sdmx_csv(OECD, **options)
    assert labelled.ok and records(labelled) == records(plain)
    assert labelled.mapping["origin"] == "CITIZENSHIP"


DIMENSIONS = ("freq", "citizen", "age", "unit", "sex", "geo")


@given(order=st.permutations(DIMENSIONS))
@settings(max_examples=30, deadline=None)
def test_any_order_of_the_dimension_columns_is_read_the_same(order: list[str]) -> None:
    lines = [line.split(",") for line in EUROSTAT.decode().splitlines()]
    header = lines[0]
    positions = [header.index(name) for name in DIMENSIONS]
    moved = []
    for cells in lines:
        cells = list(cells)
        by_name = {name: cells[header.index(name)] for name in DIMENSIONS}
        for position, name in zip(positions, order, strict=True):
            cells[position] = by_name[name]
        moved.append(",".join(cells))
    data = "\n".join(moved).encode()
    options: dict[str, Any] = {"indicator_code": "POP.FOR.CIT", "codelists": {"origin": {"FOR": "_T"}}}
    assert records(read_sdmx_csv(data, **options)) == records(read_sdmx_csv(EUROSTAT, **options))


def test_places_can_be_chosen_and_thousands_are_counted_in_units() -> None:
    text = EUROSTAT.decode().replace(",NR,", ",THS_PER,").replace(",883243,", ",883.243,")
    converted = read_sdmx_csv(text.encode(), indicator_code="POP.FOR.CIT", areas={"FR": "fr"})
    assert {cells[7] for _n, cells in converted.table.rows} == {"fr"}
    thousands = read_sdmx_csv(
        text.encode(), indicator_code="POP.FOR.CIT", codelists={"origin": {"FOR": "_T"}}
    )
    assert values_by(thousands, "origin", "sex", "period")[("MAR", "_T", "2023")] == "883243"
    assert values_by(thousands, "origin", "sex", "period")[("MAR", "F", "2022")] == "343123000"
    oecd = OECD.decode().replace("PS,2021,775936,A,0,0", "PS,2021,775.936,A,3,0")
    assert (
        values_by(read_sdmx_csv(oecd.encode(), indicator_code="POP.FOR.CIT"), "origin", "sex", "period")[
            ("MAR", "_T", "2021")
        ]
        == "775936"
    )


def test_a_dimension_that_varies_without_a_field_is_reported_and_can_be_kept_to_one_code() -> None:
    text = OECD.decode()
    mixed = (text + text.splitlines()[1].replace(",B15,", ",B11,") + "\n").encode()
    converted = read_sdmx_csv(mixed, indicator_code="POP.FOR.CIT")
    assert [(p.row, p.column) for p in converted.problems] == [(None, "G (MEASURE)")]
    assert "B11, B15" in converted.problems[0].message
    kept = read_sdmx_csv(mixed, indicator_code="POP.FOR.CIT", keep={"MEASURE": ["B15"]})
    assert kept.ok and kept.left_out["Rows of other codes of MEASURE"] == 1


def test_a_deletion_is_not_imported() -> None:
    lines = OECD.decode().splitlines()
    lines[2] = lines[2].replace(",I,", ",D,", 1)
    converted = read_sdmx_csv("\n".join(lines).encode(), indicator_code="POP.FOR.CIT")
    assert [(p.row, p.column) for p in converted.problems] == [(3, "C (ACTION)")]
    assert 3 not in {n for n, _c in converted.table.rows}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"indicator,period,value\nPOP.MIG.STOCK,2024,1\n",
            "not an SDMX-CSV file: its first column is “indicator”",
        ),
        (b"DATAFLOW,geo,TIME_PERIOD\nESTAT:X(1.0),ES,2024\n", "no OBS_VALUE column"),
        (b"STRUCTURE,STRUCTURE_ID,TIME_PERIOD,OBS_VALUE\n", "a header in row 1 but no figures"),
        ("DATAFLOW,TIME_PERIOD,OBS_VALUE\nESTAT:X(1.0),2024,é\n".encode("latin-1"), "not in UTF-8"),
    ],
)
def test_a_file_that_is_not_sdmx_csv_is_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message):
        read_sdmx_csv(data, indicator_code="POP.FOR.CIT")


# --- SDMX-CSV: importing ----------------------------------------------------------------------


def import_eurostat(world: Any, template: IndicatorTemplate, data: bytes = EUROSTAT) -> services.ImportReport:
    converted = read_sdmx_csv(
        data,
        indicator_code="POP.FOR.CIT",
        codelists={"origin": {"FOR": "_T"}},
        areas=places_within(world.other_country),
    )
    assert converted.ok
    return services.import_values(
        actor=None,
        template=template,
        territory=world.other_country,
        table=converted.table,
        mapping=converted.mapping,
        source=converted.source,
        file_name="migr_pop1ctz.csv",
        file_format=converted.file_format,
    )


def test_a_eurostat_file_is_imported_with_its_dataset_as_source(
    world: Any, spanish_template: IndicatorTemplate
) -> None:
    report = import_eurostat(world, spanish_template)
    assert report.ok, report.problems
    assert report.created == 18  # foreigners, Moroccans and Romanians, by sex, in 2022 and 2023
    moroccans = Value.objects.get(period="2023", cell_key="sex=_T|age_group=_T|origin=MAR")
    assert moroccans.value == Decimal(883243) and moroccans.territory == world.other_country
    assert moroccans.source == "Eurostat, migr_pop1ctz"
    assert moroccans.method_note == "Estimated, provisional (flag “ep”)"
    assert Value.objects.get(period="2023", cell_key="sex=M|age_group=_T|origin=ROU").value is None
    assert report.batch is not None and report.batch.format == ImportBatch.Format.SDMX_CSV


def test_a_bad_observation_is_reported_in_its_own_row_and_column(
    world: Any, spanish_template: IndicatorTemplate
) -> None:
    data = EUROSTAT.decode().replace(",776223,", ",776 22x,").encode()
    report = import_eurostat(world, spanish_template, data)
    assert [(p.row, p.column) for p in report.problems] == [(14, "J (OBS_VALUE)")]
    assert not Value.objects.exists()
