"""Imports: every bad row and column reported, nothing saved; corrections keep history."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pontes.profiles import importing, services
from pontes.profiles.models import ImportBatch, Value, ValueRevision


def table(text: str) -> importing.Table:
    return importing.read_table(text.encode("utf-8"), "figures.csv")


def run(template, world, text: str, **options):
    data = table(text)
    mapping = importing.guess_mapping(data.headers, ["sex", "origin"])
    return services.import_values(
        actor=None,
        template=template,
        territory=world.country,
        table=data,
        mapping=mapping,
        source=options.pop("source", "Census 2024"),
        **options,
    )


GOOD = """indicator,territory,period,sex,origin,value
POP.FOREIGN_BORN,town-a,2024,_T,_T,120
POP.FOREIGN_BORN,town-a,2024,F,_T,70
POP.FOREIGN_BORN,town-a,2024,M,_T,50
POP.FOREIGN_BORN,town-a,2024,F,SEN,12
POP.FOREIGN_BORN.SHARE,town-a,2024,_T,,4.5
"""


def test_a_good_file_is_saved_with_its_source_and_batch(template, world):
    report = run(template, world, GOOD)
    assert report.ok and report.created == 5
    saved = Value.objects.get(cell_key="sex=F|origin=SEN")
    assert saved.value == Decimal(12) and saved.territory == world.town and saved.source == "Census 2024"
    assert saved.batch == report.batch and report.batch.rows == 5
    share = Value.objects.get(indicator__code="POP.FOREIGN_BORN.SHARE")
    assert share.cell == ["_T"] and share.period_start.isoformat() == "2024-01-01"


def test_every_bad_row_and_column_is_reported_and_nothing_is_saved(template, world):
    bad = """indicator,territory,period,sex,origin,value,unit
POP.FOREIGN_BORN,town-a,2024,_T,_T,120,persons
POP.NOPE,town-a,2024,_T,_T,1,persons
POP.FOREIGN_BORN,atlantis,2024,_T,_T,1,persons
POP.FOREIGN_BORN,town-a,2024-Q7,F,_T,1,persons
POP.FOREIGN_BORN,town-a,2024,X,_T,1,persons
POP.FOREIGN_BORN,town-a,2024,M,ZZZ,1,persons
POP.FOREIGN_BORN,town-a,2024,M,_T,lots,persons
POP.FOREIGN_BORN.SHARE,town-a,2024,_T,,104,percent
POP.FOREIGN_BORN.SHARE,town-a,2024,F,,4,persons
POP.FOREIGN_BORN.SHARE,town-a,2024,M,SEN,4,percent
POP.FOREIGN_BORN,town-a,2024,_T,_T,121,persons
"""
    report = run(template, world, bad)
    assert not report.ok
    where = {(p.row, p.column.split(" ")[0]) for p in report.problems}
    assert where == {
        (3, "A"),  # unknown indicator
        (4, "B"),  # place outside Morocco
        (5, "C"),  # period
        (6, "D"),  # sex code
        (7, "E"),  # origin code
        (8, "F"),  # not a number
        (9, "F"),  # above 100 percent
        (10, "G"),  # wrong unit
        (11, "E"),  # a share is not broken down by origin
        (12, "F"),  # the same cell twice (row 2)
    }
    assert "row 2" in next(p.message for p in report.problems if p.row == 12)
    assert "POP.NOPE" in str(next(p for p in report.problems if p.row == 3))
    assert not Value.objects.exists() and not ImportBatch.objects.exists()


def test_parts_adding_up_to_more_than_their_total_are_refused(template, world):
    text = """indicator,territory,period,sex,origin,value
POP.FOREIGN_BORN,town-a,2024,_T,_T,100
POP.FOREIGN_BORN,town-a,2024,F,_T,70
POP.FOREIGN_BORN,town-a,2024,M,_T,50
"""
    report = run(template, world, text)
    assert [(p.row, "120" in p.message and "100" in p.message) for p in report.problems] == [(2, True)]
    assert not Value.objects.exists()
    # Saved totals count too: a later file cannot exceed them.
    assert run(
        template,
        world,
        "indicator,territory,period,sex,origin,value\nPOP.FOREIGN_BORN,town-a,2024,_T,_T,100\n",
    ).ok
    later = run(
        template,
        world,
        "indicator,territory,period,sex,origin,value\nPOP.FOREIGN_BORN,town-a,2024,F,_T,101\n",
    )
    assert [p.row for p in later.problems] == [2]


def test_a_saved_figure_is_corrected_only_with_a_reason_and_its_history_kept(template, world):
    assert run(template, world, GOOD).ok
    changed = GOOD.replace("F,SEN,12", "F,SEN,13")
    refused = run(template, world, changed)
    assert [p.row for p in refused.problems] == [5] and "12" in refused.problems[0].message
    assert Value.objects.get(cell_key="sex=F|origin=SEN").value == 12
    report = run(template, world, changed, correction_reason="Typing error in the census extract")
    assert report.ok and report.corrected == 1 and report.unchanged == 4 and report.created == 0
    saved = Value.objects.get(cell_key="sex=F|origin=SEN")
    assert saved.value == 13 and saved.batch == report.batch
    revision = ValueRevision.objects.get(current=saved)
    assert revision.value == 12 and revision.reason == "Typing error in the census extract"


def test_a_file_without_the_needed_columns_or_source_says_so(template, world):
    report = run(template, world, "indicator,year\nPOP.FOREIGN_BORN,2024\n")
    assert report.problems and all(p.row is None for p in report.problems)
    assert "value" in str(report.problems[0])
    assert not run(template, world, GOOD, source=" ").ok


def test_xlsx_and_semicolon_csv_read_like_csv(template, world):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [line.split(",") for line in GOOD.strip().splitlines()]:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    from_xlsx = importing.read_table(buffer.getvalue(), "figures.xlsx")
    from_csv = importing.read_table(GOOD.replace(",", ";").encode("utf-8-sig"), "figures.csv")
    assert from_xlsx.headers == from_csv.headers == table(GOOD).headers
    assert (
        [r for _n, r in from_xlsx.rows] == [r for _n, r in from_csv.rows] == [r for _n, r in table(GOOD).rows]
    )


def test_unreadable_files_say_why():
    with pytest.raises(importing.UnreadableFile, match="UTF-8"):
        importing.read_table("année,valeur\n".encode("latin-1"), "x.csv")
    with pytest.raises(importing.UnreadableFile, match="XLSX"):
        importing.read_table(b"PK\x03\x04 not really", "x.xlsx")
    with pytest.raises(importing.UnreadableFile, match="empty"):
        importing.read_table(b"\n\n", "x.csv")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_read_back_whatever_the_separators(number):
    plain = f"{number:f}"
    assert importing.parse_number(plain) == number
    integer, _dot, fraction = plain.lstrip("-").partition(".")
    sign = "-" if plain.startswith("-") else ""
    european = sign + f"{int(integer):,}".replace(",", ".") + "," + fraction
    assert importing.parse_number(european) == number


@given(st.text(max_size=20))
def test_any_cell_text_is_a_number_a_missing_mark_or_an_error(text):
    try:
        parsed = importing.parse_number(text)
    except Exception as error:  # the only failure allowed is "not a number"
        assert type(error).__name__ == "InvalidOperation"
    else:
        assert parsed is None or parsed.is_finite()


@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8), min_size=1, max_size=5
        ),
        max_size=6,
    )
)
def test_any_csv_reads_or_is_refused_with_a_reason(rows):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    try:
        result = importing.read_table(buffer.getvalue().encode("utf-8"), "x.csv")
    except importing.UnreadableFile as error:
        assert str(error)
    else:
        assert all(len(cells) >= len(result.headers) for _n, cells in result.rows)
        assert all(number >= 2 for number, _cells in result.rows)


def test_the_entry_form_records_then_corrects_with_history(template, world):
    indicator = template.indicators.get(code="POP.FOREIGN_BORN")
    first = services.record_value(
        actor=None,
        indicator=indicator,
        territory=world.town,
        period="2024",
        cell={"sex": "F"},
        value=Decimal(7),
        source="Register",
    )
    assert first.cell_key == "sex=F|origin=_T"
    with pytest.raises(Exception, match="say why"):
        services.record_value(
            actor=None,
            indicator=indicator,
            territory=world.town,
            period="2024",
            cell={"sex": "F"},
            value=Decimal(8),
            source="Register",
        )
    again = services.record_value(
        actor=None,
        indicator=indicator,
        territory=world.town,
        period="2024",
        cell={"sex": "F"},
        value=Decimal(8),
        source="Register",
        correction_reason="Late registrations",
    )
    assert again.pk == first.pk and again.value == 8 and again.revisions.get().value == 7


def test_breakdowns_are_named_in_the_readers_language(template, world):
    from django.utils import translation

    bad = "indicator,territory,period,sex,origin,value\nPOP.FOREIGN_BORN,town-a,2024,X,_T,1\n"
    with translation.override("fr"):
        message = run(template, world, bad).problems[0].message
    assert importing.dimension_name("custom_breakdown") == "custom_breakdown"
    from pontes.profiles import default_template

    french = default_template.DISAGGREGATIONS["sex"]["name"]
    assert isinstance(french, dict) and french["fr"] in message
