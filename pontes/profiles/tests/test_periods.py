import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pontes.profiles.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "code", "start", "end"),
    [
        ("2024", "2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (2024.0, "2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        ("2024-A1", "2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        ("2024-Q1", "2024-Q1", datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
        ("2024q4", "2024-Q4", datetime.date(2024, 10, 1), datetime.date(2024, 12, 31)),
        ("2024-02", "2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2023-M02", "2023-02", datetime.date(2023, 2, 1), datetime.date(2023, 2, 28)),
        (" 2024-06-30 ", "2024-06-30", datetime.date(2024, 6, 30), datetime.date(2024, 6, 30)),
    ],
)
def test_periods_as_statistics_files_write_them(text, code, start, end):
    period = parse_period(text)
    assert (period.code, period.start, period.end) == (code, start, end)


@pytest.mark.parametrize(
    "text", ["", "24", "2024-Q5", "2024-13", "2023-02-29", "1850", "next year", "2024/06"]
)
def test_anything_else_is_refused_with_a_reason(text):
    with pytest.raises(PeriodError) as error:
        parse_period(text)
    assert str(error.value)


@given(st.text(max_size=12))
def test_any_text_either_parses_into_an_ordered_period_or_says_why(text):
    try:
        period = parse_period(text)
    except PeriodError as error:
        assert str(error)
    else:
        assert period.start <= period.end
        assert parse_period(period.code) == period
