"""Imports: every bad row and column reported, nothing saved; corrections keep history."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pontes.profiles import importing, services
from pontes.profiles.models import ImportBatch, Value, ValueRevision


def table(text: str) -> importing.Table:
    return importing.read_table(text.encode("utf-8"), "figures.csv")


@pytest.fixture(params=["in memory", "from the file"])
def reading(request, monkeypatch, tmp_path) -> Callable[[str], importing.Table]:
    """Small files are kept in memory; big ones are read again from the file at each pass (here
    every file is "big"), and saved in chunks (here of two values)."""
    if request.param == "in memory":
        return table
    monkeypatch.setattr(importing, "KEEP_CELLS", 0)
    monkeypatch.setattr(services, "BULK", 2)
    names = itertools.count()

    def from_file(text: str) -> importing.Table:
        path = tmp_path / f"figures-{next(names)}.csv"
        path.write_text(text, encoding="utf-8")
        read = importing.read_table(path, path.name)
        assert isinstance(read.rows, importing.FileRows)
        return read

    return from_file


def run(template, world, text: str, read: Callable[[str], importing.Table] = table, **options):
    data = read(text)
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


def test_a_good_file_is_saved_with_its_source_and_batch(template, world, reading):
    report = run(template, world, GOOD, reading)
    assert report.ok and report.created == 5
    saved = Value.objects.get(cell_key="sex=F|origin=SEN")
    assert saved.value == Decimal(12) and saved.territory == world.town and saved.source == "Census 2024"
    assert saved.batch == report.batch and report.batch.rows == 5
    share = Value.objects.get(indicator__code="POP.FOREIGN_BORN.SHARE")
    assert share.cell == ["_T"] and share.period_start.isoformat() == "2024-01-01"


def test_every_bad_row_and_column_is_reported_and_nothing_is_saved(template, world, reading):
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
    report = run(template, world, bad, reading)
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


def test_parts_adding_up_to_more_than_their_total_are_refused(template, world, reading):
    text = """indicator,territory,period,sex,origin,value
POP.FOREIGN_BORN,town-a,2024,_T,_T,100
POP.FOREIGN_BORN,town-a,2024,F,_T,70
POP.FOREIGN_BORN,town-a,2024,M,_T,50
"""
    report = run(template, world, text, reading)
    assert [(p.row, "120" in p.message and "100" in p.message) for p in report.problems] == [(2, True)]
    assert not Value.objects.exists()
    # Saved totals count too: a later file cannot exceed them.
    assert run(
        template,
        world,
        "indicator,territory,period,sex,origin,value\nPOP.FOREIGN_BORN,town-a,2024,_T,_T,100\n",
        reading,
    ).ok
    later = run(
        template,
        world,
        "indicator,territory,period,sex,origin,value\nPOP.FOREIGN_BORN,town-a,2024,F,_T,101\n",
        reading,
    )
    assert [p.row for p in later.problems] == [2]


def test_a_saved_figure_is_corrected_only_with_a_reason_and_its_history_kept(template, world, reading):
    assert run(template, world, GOOD, reading).ok
    changed = GOOD.replace("F,SEN,12", "F,SEN,13")
    refused = run(template, world, changed, reading)
    assert [p.row for p in refused.problems] == [5] and "12" in refused.problems[0].message
    assert Value.objects.get(cell_key="sex=F|origin=SEN").value == 12
    report = run(template, world, changed, reading, correction_reason="Typing error in the census extract")
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


def test_apostrophes_in_cells_are_not_taken_for_quotes() -> None:
    # Place names and notes such as L'Hospitalet or N'Djamena: every row stays its own row.
    text = (
        "indicator;territory;period;value;note\n"
        "POP.TOTAL;town-a;2024;10;L'Hospitalet\n"
        "POP.TOTAL;town-a;2023;9;N'Djamena\n"
        "POP.TOTAL;town-a;2022;8;\n"
    )
    rows = [r for _n, r in table(text).rows]
    assert [r[-1] for r in rows] == ["L'Hospitalet", "N'Djamena", ""] and len(rows) == 3


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


# --- Big files: read again at each pass, saved in chunks, all or nothing ----------------------


HEADER = "indicator,territory,period,sex,origin,value\n"


def many_rows(count: int, start_year: int = 1950) -> str:
    """`count` good rows: one figure per year and sex, no totals."""
    lines = [f"POP.FOREIGN_BORN,town-a,{start_year + i // 2},{'FM'[i % 2]},_T,{i + 1}" for i in range(count)]
    return HEADER + "\n".join(lines) + "\n"


def test_a_big_file_is_read_again_from_its_source_at_each_pass(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "KEEP_CELLS", 10)
    text = many_rows(20)
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    in_memory = table(text)
    assert isinstance(in_memory.rows, importing.FileRows)  # 20 rows × 6 columns > 10 cells
    for source in (path, text.encode("utf-8"), io.BytesIO(text.encode("utf-8"))):
        read = importing.read_table(source, "figures.csv")
        assert isinstance(read.rows, importing.FileRows) and len(read.rows) == 20
        first, second = list(read.rows), list(read.rows)
        assert first == second == [(n, line.split(",")) for n, line in enumerate(text.splitlines()[1:], 2)]
    monkeypatch.setattr(importing, "KEEP_CELLS", 10_000)
    assert isinstance(table(text).rows, list)


def test_rows_that_can_be_read_only_once_are_refused():
    with pytest.raises(TypeError):
        importing.Table(["indicator"], iter([(2, ["POP.FOREIGN_BORN"])]))  # type: ignore[arg-type]


@pytest.mark.parametrize("big", [False, True])
def test_a_late_bad_row_saves_nothing(template, world, monkeypatch, tmp_path, big):
    if big:
        monkeypatch.setattr(importing, "KEEP_CELLS", 0)
        monkeypatch.setattr(services, "BULK", 7)
    text = many_rows(300) + "POP.FOREIGN_BORN,town-a,2024,F,_T,-3\n"
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    report = run(template, world, text, lambda _text: importing.read_table(path, path.name))
    assert [(p.row, p.column) for p in report.problems] == [(302, "F (value)")]
    assert "lowest plausible value" in report.problems[0].message
    assert not Value.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_that_changes_between_checking_and_saving_saves_nothing(
    template, world, monkeypatch, tmp_path
):
    monkeypatch.setattr(importing, "KEEP_CELLS", 0)
    monkeypatch.setattr(services, "BULK", 5)  # some chunks are written before the change shows
    text = many_rows(40)
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    check = importing.check

    def check_then_edit(*args, **kwargs):
        result = check(*args, **kwargs)
        path.write_text(text.replace("1969,M,_T,40", "1969,M,_T,41"), encoding="utf-8")
        return result

    monkeypatch.setattr(importing, "check", check_then_edit)
    report = run(template, world, text, lambda _text: importing.read_table(path, path.name))
    assert not report.ok and "changed" in report.problems[0].message
    assert not Value.objects.exists() and not ImportBatch.objects.exists()


def test_figures_saved_meanwhile_make_the_import_save_nothing(template, world, monkeypatch):
    check = importing.check
    indicator = template.indicators.get(code="POP.FOREIGN_BORN")

    def check_then_enter(*args, **kwargs):
        result = check(*args, **kwargs)
        if kwargs.get("source") == "Census 2024":
            services.record_value(
                actor=None,
                indicator=indicator,
                territory=world.town,
                period="2024",
                cell={"sex": "M"},
                value=Decimal(50),
                source="Register",
            )
        return result

    monkeypatch.setattr(importing, "check", check_then_enter)
    report = run(template, world, GOOD)
    assert not report.ok and "Import the file again" in report.problems[0].message
    assert list(Value.objects.values_list("source", flat=True)) == ["Register"]
    assert not ImportBatch.objects.exists()


def test_problems_beyond_the_limit_are_counted_not_listed(template, world, monkeypatch):
    monkeypatch.setattr(importing, "MAX_PROBLEMS", 10)
    text = HEADER + "".join(f"POP.NOPE,town-a,{1950 + i},F,_T,1\n" for i in range(25))
    report = run(template, world, text)
    assert len(report.problems) == 11 and report.more_problems == 15
    assert [p.row for p in report.problems[:10]] == list(range(2, 12))
    assert report.problems[10].row is None and "15 more problems" in report.problems[10].message
    assert not Value.objects.exists()
    # Figures already saved with another value: the first rows are listed, the rest counted.
    assert run(template, world, many_rows(30)).ok
    changed = many_rows(30).replace(",_T,", ",_T,9")
    refused = run(template, world, changed)
    assert [p.row for p in refused.problems[:10]] == list(range(2, 12)) and refused.more_problems == 20


def test_corrections_in_chunks_keep_every_old_figure(template, world, monkeypatch):
    monkeypatch.setattr(importing, "KEEP_CELLS", 0)
    monkeypatch.setattr(services, "BULK", 2)
    assert run(template, world, many_rows(9)).ok
    report = run(template, world, many_rows(9).replace(",_T,", ",_T,1"), correction_reason="Revised register")
    assert report.ok and (report.corrected, report.created, report.unchanged) == (9, 0, 0)
    assert ValueRevision.objects.count() == 9
    assert sorted(v for v in Value.objects.values_list("value", flat=True) if v is not None) == [
        Decimal(f"1{i}") for i in range(1, 10)
    ]
    assert set(Value.objects.values_list("batch", flat=True)) == {report.batch.pk}
    again = run(template, world, many_rows(9).replace(",_T,", ",_T,1"))
    assert again.ok and (again.created, again.corrected, again.unchanged) == (0, 0, 9)


VARIED = """indicator,territory,period,sex,origin,value,source,method_note
POP.FOREIGN_BORN,town-a,2024,_T,_T,2000,,
POP.FOREIGN_BORN,town-a,2024,F,_T,"1,234.5",Register,Estimated
POP.FOREIGN_BORN,town-a,2024,M,_T,..,,
POP.FOREIGN_BORN,alpha,2024-Q3,F,SEN,12.3456,,
POP.FOREIGN_BORN,ma,2024-06,_T,_T,123456789012,,
POP.FOREIGN_BORN.SHARE,town-a,2024-06-30,F,,4.5,,
POP.FOREIGN_BORN.SHARE,town-a,2023,_T,,0,,
"""


def test_imported_rows_are_the_rows_the_orm_writes(template, world, monkeypatch, make_user):
    """Values go into the database without model instances: the columns must hold exactly what
    saving each value through the ORM would have written."""
    import datetime

    from django.db import connection
    from django.utils import timezone

    moment = datetime.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    user = make_user("importer")
    data = table(VARIED)
    mapping = importing.guess_mapping(data.headers, ["sex", "origin"])

    def stored() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indicator_id, territory_id, period, period_start, period_end, cell, cell_key, value, "
                "source, method_note, entered_by_id, entered_at FROM profiles_value "
                "ORDER BY indicator_id, territory_id, period, cell_key"
            )
            return cursor.fetchall()

    report = services.import_values(
        actor=user, template=template, territory=world.country, table=data, mapping=mapping, source="Census"
    )
    assert report.ok and report.created == 7 and report.batch is not None
    imported = stored()
    Value.objects.all().delete()
    result = importing.check(
        data, mapping, indicators=template.indicators.all(), territory=world.country, source="Census"
    )
    fresh = [parsed for parsed, saved_id in result.to_save() if saved_id is None]
    services._save(fresh, [], actor=user, batch=report.batch, method_note="", reason="")
    assert stored() == imported
    assert set(Value.objects.values_list("batch", flat=True)) == {report.batch.pk}
    figures = dict(Value.objects.values_list("cell_key", "value").filter(indicator__code="POP.FOREIGN_BORN"))
    assert figures["sex=M|origin=_T"] is None and figures["sex=F|origin=SEN"] == Decimal("12.3456")


def test_the_utf8_check_names_the_byte_in_the_file(monkeypatch):
    monkeypatch.setattr(importing, "_READ_SIZE", 4)  # errors and characters across reads
    with pytest.raises(importing.UnreadableFile, match="byte 10"):
        importing.read_table(b"\xef\xbb\xbfvalue\n\xff", "x.csv")
    with pytest.raises(importing.UnreadableFile, match="byte 11"):
        importing.read_table("année,v\n\n".encode() + b"\xe9\n", "x.csv")
    text = "période,valeur,note\n2024,1,déjà vu\n2025,2,“ok”\n"
    monkeypatch.setattr(importing, "KEEP_CELLS", 0)
    read = importing.read_table(text.encode("utf-8-sig"), "x.csv")
    assert read.headers == ["période", "valeur", "note"]
    assert list(read.rows) == [(2, ["2024", "1", "déjà vu"]), (3, ["2025", "2", "“ok”"])]


def test_too_many_rows_or_broken_csv_are_refused(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    for keep in (0, 10_000):
        monkeypatch.setattr(importing, "KEEP_CELLS", keep)
        with pytest.raises(importing.UnreadableFile, match="more than 3 rows"):
            importing.read_table(many_rows(4).encode(), "x.csv")
        assert len(importing.read_table(many_rows(3).encode(), "x.csv").rows) == 3
    with pytest.raises(importing.UnreadableFile, match="CSV"):
        importing.read_table(b"a,b\nc\rd,e\n", "x.csv")


def test_a_big_xlsx_sheet_is_read_again_too(monkeypatch):
    from openpyxl import Workbook

    monkeypatch.setattr(importing, "KEEP_CELLS", 0)
    workbook = Workbook()
    sheet = workbook.create_sheet("figures")
    for row in [line.split(",") for line in GOOD.strip().splitlines()]:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = importing.read_table(buffer.getvalue(), "figures.xlsx", sheet="figures")
    assert isinstance(read.rows, importing.FileRows)
    assert list(read.rows) == list(read.rows) == list(table(GOOD).rows)
    with pytest.raises(importing.UnreadableFile, match="no sheet"):
        importing.read_table(buffer.getvalue(), "figures.xlsx", sheet="nope")


@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8), min_size=1, max_size=5
        ),
        max_size=6,
    )
)
def test_any_csv_reads_the_same_from_memory_and_again_from_the_file(rows):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode("utf-8")

    def read() -> tuple[list[str], list[tuple[int, list[str]]]] | str:
        try:
            result = importing.read_table(data, "x.csv")
        except importing.UnreadableFile as error:
            return str(error)
        return result.headers, list(result.rows)

    in_memory = read()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importing, "KEEP_CELLS", 0)
        patch.setattr(importing, "_READ_SIZE", 3)
        assert read() == in_memory
