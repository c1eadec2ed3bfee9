"""Budget lines typed in a textarea: amounts written the local way, every problem naming its line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from pontes.core.forms import BudgetLinesField, parse_amount


class BudgetForm(forms.Form):
    budget = BudgetLinesField(label="Budget")


def test_lines_in_any_locale_and_arabic_punctuation() -> None:
    form = BudgetForm({"budget": "Room hire; 1.200,50\n\n  Interpreters ;2,000.75\nمطبوعات؛ ١٠٠\nBus; 80"})
    # Eastern Arabic digits are digits for Decimal too.
    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget"] == [
        ("Room hire", Decimal("1200.50")),
        ("Interpreters", Decimal("2000.75")),
        ("مطبوعات", Decimal("100")),
        ("Bus", Decimal("80")),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Room hire; 1200\nTraining; lots", "Line 2: write the item"),
        ("Room hire; 1200\n; 50", "Line 2: name the item"),
        ("Room hire; -5", "Line 1: name the item and give an amount above zero"),
        ("Room hire; NaN", "Line 1: name the item and give an amount above zero"),
        ("", "Give at least one budget line"),
    ],
)
def test_each_problem_names_its_line(text: str, message: str) -> None:
    form = BudgetForm({"budget": text})
    assert not form.is_valid()
    assert message in str(form.errors["budget"])


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2))
def test_amounts_read_back_whatever_the_separators(amount: Decimal) -> None:
    english = f"{amount:,.2f}"
    continental = english.replace(",", " ").replace(".", ",")
    assert parse_amount(english) == parse_amount(continental) == parse_amount(f"{amount:.2f}") == amount
