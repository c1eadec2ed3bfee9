from __future__ import annotations

import csv
import datetime
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from pontes.elections.registers import COLUMNS, parse_register

GROUPS = {"All residents": object(), "Comunidad": object()}
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=30)
row = st.fixed_dictionaries(
    {
        "name": text,
        "birth_date": st.one_of(st.dates().map(datetime.date.isoformat), text),
        "address": text,
        "document": text,
        "seat_group": st.one_of(st.sampled_from(sorted(GROUPS)), text),
        "resident": st.sampled_from(["yes", "no", "", "maybe"]),
    }
)


def to_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, "resident"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=8))
def test_every_row_is_either_read_or_reported(rows: list[dict[str, str]]) -> None:
    parsed, errors = parse_register(to_csv(rows), GROUPS)
    for error in errors:
        assert error.row >= 1 and str(error)
    if not errors:
        nonblank = [r for r in rows if any(v.strip() for v in r.values())]
        assert len(parsed) == len(nonblank)
        for got in parsed:
            assert got.seat_group in GROUPS and got.name and got.document
    if any(e.row == 1 for e in errors):
        return  # the header was refused: nothing else is read
    # Every filled line is either read or reported, never both, never lost.
    filled = {number for number, r in enumerate(rows, start=2) if any(v.strip() for v in r.values())}
    read = {got.line for got in parsed}
    reported = {e.row for e in errors}
    assert read | reported == filled and not read & reported


def test_apostrophes_in_names_are_not_taken_for_quotes() -> None:
    data = (
        "name,birth_date,address,document,seat_group\n"
        "Awa N'Diaye,1990-01-02,Calle Mayor 1,X1,Comunidad\n"
        "Seán O'Brien,1985-03-04,Calle Mayor 2,X2,Comunidad\n"
    ).encode()
    parsed, errors = parse_register(data, GROUPS)
    assert errors == [] and [(r.line, r.name) for r in parsed] == [(2, "Awa N'Diaye"), (3, "Seán O'Brien")]


def test_missing_columns_and_bad_encoding() -> None:
    _rows, errors = parse_register(b"name,address\nAna,x\n", GROUPS)
    assert {e.column for e in errors} == {"birth_date", "document", "seat_group"}
    _rows, errors = parse_register("name\n".encode("utf-16"), GROUPS)
    assert "UTF-8" in errors[0].message
    _rows, errors = parse_register(b"", GROUPS)
    assert errors


def test_semicolon_files_are_read() -> None:
    data = b"name;birth_date;address;document;seat_group\nAna;1980-01-02;Calle 1;A1;Comunidad\n"
    rows, errors = parse_register(data, GROUPS)
    assert not errors and rows[0].birth_date == datetime.date(1980, 1, 2)
