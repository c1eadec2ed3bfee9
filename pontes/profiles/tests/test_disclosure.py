"""Statistical disclosure control: worked examples, then properties over random tables of counts."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pontes.profiles.disclosure import TOTAL, Key, Value, audit, publish, suppress

T = TOTAL


def with_totals(inner: Mapping[Key, int]) -> dict[Key, int]:
    """The inner cells and every total: along each dimension and every combination of dimensions."""
    cells: dict[Key, int] = {}
    for key, value in inner.items():
        for mask in itertools.product((False, True), repeat=len(key)):
            total = tuple(T if masked else code for masked, code in zip(mask, key, strict=True))
            cells[total] = cells.get(total, 0) + value
    return cells


def primary(cells: Mapping[Key, Value | None], threshold: int) -> set[Key]:
    return {key for key, value in cells.items() if value is not None and 0 < value < threshold}


def determined_by_rank(cells: Mapping[Key, Value | None], hidden: set[Key]) -> set[Key]:
    """A second, independent audit: the hidden cell x is determined when dropping x's column from the
    equations on the unknowns lowers their rank (then x's unit vector is in their row space)."""
    keys = set(cells) | hidden
    ndim = len(next(iter(keys)))
    axes = [sorted({key[d] for key in keys}) for d in range(ndim)]
    grid = list(itertools.product(*axes))
    unknown = {key for key in grid if cells.get(key) is None or key in hidden}
    equations = []
    for key in grid:
        for d in range(ndim):
            parts = [code for code in axes[d] if code != T]
            if key[d] == T and parts:
                equation = {key: Fraction(1)}
                equation.update({(*key[:d], code, *key[d + 1 :]): Fraction(-1) for code in parts})
                equations.append(equation)

    def rank(columns: set[Key]) -> int:
        pivots: dict[Key, dict[Key, Fraction]] = {}
        for equation in equations:
            row = {key: value for key, value in equation.items() if key in columns}
            while row:
                column = min(row)
                if column not in pivots:
                    pivots[column] = row
                    break
                factor = row[column] / pivots[column][column]
                for key, value in pivots[column].items():
                    row[key] = row.get(key, Fraction(0)) - factor * value
                    if not row[key]:
                        del row[key]
        return len(pivots)

    full = rank(unknown)
    return {key for key in hidden if rank(unknown - {key}) < full}


# Worked examples ------------------------------------------------------------------------------------

# Residents of a small town by sex and country of origin. Three women come from Morocco.
SEX_BY_ORIGIN: dict[Key, int] = {
    ("F", "MA"): 3, ("F", "RO"): 40, ("F", "UA"): 25, ("F", T): 68,
    ("M", "MA"): 30, ("M", "RO"): 45, ("M", "UA"): 22, ("M", T): 97,
    (T, "MA"): 33, (T, "RO"): 85, (T, "UA"): 47, (T, T): 165,
}  # fmt: skip


def test_hiding_only_the_small_cell_would_give_it_away():
    seen = {key: value for key, value in SEX_BY_ORIGIN.items() if key != ("F", "MA")}
    # All women, minus the women from Romania and from Ukraine:
    assert seen[("F", T)] - seen[("F", "RO")] - seen[("F", "UA")] == 3
    # ... or all people from Morocco minus the men from Morocco: the audit sees both.
    assert seen[(T, "MA")] - seen[("M", "MA")] == 3
    assert audit(SEX_BY_ORIGIN, {("F", "MA")}) == {("F", "MA")}


def test_a_small_cell_takes_a_rectangle_of_inner_cells_with_it():
    # The smallest other woman's cell (Ukraine, 25), the men from Morocco, and the men from Ukraine
    # that close the rectangle: every row and column now has two hidden cells, the totals stay.
    expected = {("F", "MA"), ("F", "UA"), ("M", "MA"), ("M", "UA")}
    assert suppress(SEX_BY_ORIGIN) == expected
    assert audit(SEX_BY_ORIGIN, expected) == frozenset()
    published = publish(SEX_BY_ORIGIN)
    assert {key for key, value in published.items() if value is None} == expected
    assert published[("F", T)] == 68
    assert published[(T, T)] == 165
    assert list(published) == list(SEX_BY_ORIGIN)  # same cells, same order


def test_a_zero_can_be_hidden_to_protect_a_neighbour():
    cells: dict[Key, int] = {("A",): 4, ("B",): 0, ("C",): 50, (T,): 54}
    # Zero is never hidden for itself, but it is the cheapest partner: the reader learns A + B = 4.
    assert suppress(cells) == {("A",), ("B",)}
    assert suppress({("B",): 0, ("C",): 50, (T,): 50}) == frozenset()


def test_a_large_total_can_be_hidden_when_nothing_else_can():
    cells: dict[Key, int] = {("F",): 7, (T,): 7}
    assert suppress(cells) == {("F",), (T,)}
    assert suppress({("F",): 70, (T,): 70}) == frozenset()


def test_a_small_total_is_hidden_with_its_parts():
    cells: dict[Key, int] = {("A",): 2, ("B",): 3, ("C",): 0, (T,): 5}
    assert suppress(cells) == {("A",), ("B",), (T,)}


def test_threshold_is_exclusive():
    cells: dict[Key, int] = {("A",): 9, ("B",): 10, ("C",): 11, (T,): 30}
    assert suppress(cells) == {("A",), ("B",)}
    assert suppress(cells, threshold=9) == frozenset()
    assert suppress(cells, threshold=11) == {("A",), ("B",)}
    assert suppress(cells, threshold=12) == {("A",), ("B",), ("C",)}


def test_a_cell_already_withheld_protects_its_neighbour():
    # Nobody knows B, so A + B is all the reader gets.
    assert suppress({("A",): 3, ("B",): None, ("C",): 50, (T,): 60}) == {("A",)}
    # So does a withheld total: with every part but A published, the line still has two unknowns.
    assert suppress({("A",): 3, ("B",): 80, ("C",): 50, (T,): None}) == {("A",)}
    # In two dimensions, a combination left out altogether is just as unknown: the women from Ukraine
    # protect the women from Morocco in their row, only the column of Morocco needs a partner.
    cells: dict[Key, int] = {key: value for key, value in SEX_BY_ORIGIN.items() if key != ("F", "UA")}
    assert suppress(cells) == {("F", "MA"), ("M", "MA"), ("M", "UA")}
    # (In one dimension, a code that appears nowhere is no part at all: the total is A + C.)
    assert suppress({("A",): 3, ("C",): 50, (T,): 53}) == {("A",), ("C",)}


def test_no_total_no_equation():
    assert suppress({("A",): 3, ("B",): 80}) == {("A",)}


def test_a_single_value():
    assert suppress({(): 3}) == {()}
    assert suppress({(): 0}) == frozenset()
    assert suppress({(): 12}) == frozenset()
    assert suppress({}) == frozenset()
    assert publish({(): 3}) == {(): None}


def test_two_hidden_cells_in_every_line_are_not_always_enough():
    # Rows r1, r2 and columns c1, c2 form one rectangle, row r3 and column c3 with the totals another,
    # and (r1, c3) joins them. Every row and column has two or three hidden cells, and yet: the block
    # r1-r2 × c1-c2 adds up to the published totals of columns c1 and c2 minus (r3, c1) and (r3, c2),
    # and rows r1 and r2 add up to that block plus (r1, c3) alone.
    inner: dict[Key, int] = {
        (r, c): 20 + 3 * i
        for i, (r, c) in enumerate(itertools.product(["r1", "r2", "r3"], ["c1", "c2", "c3"]))
    }
    cells = with_totals(inner)
    rectangle: set[Key] = {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")}
    corner: set[Key] = {("r3", "c3"), ("r3", T), (T, "c3"), (T, T)}
    hidden = rectangle | corner | {("r1", "c3")}
    assert audit(cells, hidden) == {("r1", "c3")}
    assert audit(cells, rectangle | corner) == frozenset()
    assert determined_by_rank(cells, hidden) == {("r1", "c3")}


def test_in_three_dimensions_a_small_inner_cell_takes_a_cube():
    # Sex × age × status, margins of every kind published. A rectangle in any one slice is not
    # enough (the other slice and the totals across slices give it back): all 8 inner cells go.
    inner: dict[Key, int] = {
        ("F", "Y0T14", "REF"): 4, ("F", "Y0T14", "OTH"): 30, ("F", "Y15T64", "REF"): 25,
        ("F", "Y15T64", "OTH"): 60, ("M", "Y0T14", "REF"): 20, ("M", "Y0T14", "OTH"): 35,
        ("M", "Y15T64", "REF"): 40, ("M", "Y15T64", "OTH"): 70,
    }  # fmt: skip
    cells = with_totals(inner)
    women = {key for key in inner if key[0] == "F"}
    assert audit(cells, women) == women
    assert suppress(cells) == set(inner)
    assert audit(cells, set(inner)) == frozenset()


def test_inconsistent_totals_are_not_this_modules_business():
    cells = dict(SEX_BY_ORIGIN)
    cells[("F", T)] = 12  # smaller than its parts
    cells[(T, T)] = 1_000
    hidden = suppress(cells)
    assert ("F", "MA") in hidden
    assert audit(cells, hidden) == frozenset()


def test_decimal_and_float_values():
    decimals: dict[Key, Decimal] = {key: Decimal(value) / 4 for key, value in SEX_BY_ORIGIN.items()}
    floats: dict[Key, float] = {key: value / 4 for key, value in SEX_BY_ORIGIN.items()}
    # 3/4, 30/4, 25/4, 22/4 and 33/4 are all small now: as small as 3, 30, 25, 22 and 33 under 40.
    expected = suppress(SEX_BY_ORIGIN, threshold=40)
    assert suppress(decimals, threshold=10) == expected
    assert suppress(floats, threshold=10) == expected
    assert audit(decimals, expected) == frozenset()


def test_negative_values_and_bad_keys_are_errors():
    with pytest.raises(ValueError, match=r"\('M', 'UA'\)"):
        suppress(SEX_BY_ORIGIN | {("M", "UA"): -1})
    with pytest.raises(ValueError, match="codes"):
        suppress({("F", "MA"): 3, ("F",): 3})
    with pytest.raises(ValueError, match="finite"):
        suppress({("A",): float("nan")})
    with pytest.raises(TypeError):
        suppress({("A",): "3"})  # type: ignore[dict-item]


def test_a_two_thousand_cell_table_is_protected():
    # 12 × 12 × 12 inner cells (2,197 with the totals), a fifth of them small: the worst kind.
    rng = random.Random(2024)
    axes = [[f"C{i:02d}" for i in range(12)]] * 3
    inner = {
        key: rng.randint(1, 9) if rng.random() < 0.2 else rng.choice([0, rng.randint(10, 400)])
        for key in itertools.product(*axes)
    }
    cells = with_totals(inner)
    hidden = suppress(cells)
    assert primary(cells, 10) <= hidden
    assert audit(cells, hidden) == frozenset()


# Properties -----------------------------------------------------------------------------------------

# Some codes sort before the total's "_T", some after.
CODES = ["F", "M", "Y15T24", "a", "z9", "ZZ"]
SIZES = {1: 6, 2: 5, 3: 4}
COUNTS = st.one_of(st.just(0), st.integers(1, 9), st.integers(1, 25), st.integers(10, 500))
PROPERTIES = settings(max_examples=200, deadline=None)


@st.composite
def tables(
    draw: st.DrawFn, counts: st.SearchStrategy[int] = COUNTS, dimensions: tuple[int, int] = (1, 3)
) -> dict[Key, int]:
    ndim = draw(st.integers(*dimensions))
    axes = [
        draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=SIZES[ndim], unique=True))
        for _ in range(ndim)
    ]
    keys = list(itertools.product(*axes))
    values = draw(st.lists(counts, min_size=len(keys), max_size=len(keys)))
    return with_totals(dict(zip(keys, values, strict=True)))


THRESHOLDS = st.integers(1, 20)


@PROPERTIES
@given(tables(), THRESHOLDS)
def test_small_cells_are_hidden_and_none_can_be_computed_back(cells, threshold):
    hidden = suppress(cells, threshold=threshold)
    assert primary(cells, threshold) <= hidden
    assert hidden <= set(cells)
    assert audit(cells, hidden) == frozenset()
    if not primary(cells, threshold):
        assert hidden == frozenset()


@PROPERTIES
@given(tables(), THRESHOLDS, st.randoms(use_true_random=False))
def test_withheld_and_missing_cells(cells, threshold, rng):
    keys = sorted(cells)
    for key in rng.sample(keys, rng.randint(0, len(keys) // 3)):
        if rng.random() < 0.5:
            del cells[key]
        else:
            cells[key] = None
    hidden = suppress(cells, threshold=threshold)
    assert primary(cells, threshold) <= hidden
    assert all(cells[key] is not None for key in hidden)
    assert audit(cells, hidden) == frozenset()


@PROPERTIES
@given(tables(), THRESHOLDS)
def test_zeros_and_large_values_are_never_hidden_for_themselves(cells, threshold):
    # Move every small value out of the way: to zero or to the threshold. Nothing is hidden then.
    rounded = {key: 0 if value < threshold / 2 else max(value, threshold) for key, value in cells.items()}
    assert suppress(rounded, threshold=threshold) == frozenset()
    # And those that are hidden are hidden for a small neighbour.
    hidden = suppress(cells, threshold=threshold)
    assert not hidden or primary(cells, threshold)


@PROPERTIES
@given(tables(), THRESHOLDS, st.randoms(use_true_random=False))
def test_deterministic_whatever_the_order(cells, threshold, rng):
    shuffled = list(cells.items())
    rng.shuffle(shuffled)
    hidden = suppress(cells, threshold=threshold)
    assert suppress(dict(shuffled), threshold=threshold) == hidden
    assert suppress(cells, threshold=threshold) == hidden
    assert publish(dict(shuffled), threshold=threshold) == publish(cells, threshold=threshold)


@PROPERTIES
@given(tables(), THRESHOLDS)
def test_publish_hides_exactly_the_suppressed_cells(cells, threshold):
    hidden = suppress(cells, threshold=threshold)
    published = publish(cells, threshold=threshold)
    assert published.keys() == cells.keys()
    assert {key for key, value in published.items() if value is None} == hidden
    assert all(published[key] == cells[key] for key in cells if key not in hidden)


@PROPERTIES
@given(tables(), THRESHOLDS, st.data())
def test_a_negative_value_names_its_cell(cells, threshold, data):
    key = data.draw(st.sampled_from(sorted(cells)))
    cells[key] = -data.draw(st.integers(1, 100))
    with pytest.raises(ValueError, match="negative") as error:
        suppress(cells, threshold=threshold)
    assert repr(key) in str(error.value)


@PROPERTIES
@given(tables(), THRESHOLDS, st.randoms(use_true_random=False))
def test_inconsistent_totals_change_nothing_to_safety(cells, threshold, rng):
    for key in cells:
        if T in key and rng.random() < 0.3:
            cells[key] = rng.randint(0, 600)
    hidden = suppress(cells, threshold=threshold)
    assert primary(cells, threshold) <= hidden
    assert audit(cells, hidden) == frozenset()


@PROPERTIES
@given(tables(), THRESHOLDS)
def test_the_same_counts_as_decimals_or_floats(cells, threshold):
    hidden = suppress(cells, threshold=threshold)
    assert suppress({key: Decimal(value) for key, value in cells.items()}, threshold=threshold) == hidden
    assert suppress({key: float(value) for key, value in cells.items()}, threshold=threshold) == hidden


@PROPERTIES
@given(tables(dimensions=(1, 1)), THRESHOLDS)
def test_one_dimension_hides_the_smallest_partner_only_when_needed(cells, threshold):
    small = primary(cells, threshold)
    expected = set(small)
    if len(small) == 1:
        parts = sorted((value, key) for key, value in cells.items() if key != (T,) and key not in small)
        expected.add(parts[0][1] if parts else (T,))
    assert suppress(cells, threshold=threshold) == expected


@settings(max_examples=100, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_the_audit_agrees_with_a_rank_computation(cells, rng):
    keys = sorted(cells)
    hidden = set(rng.sample(keys, rng.randint(0, len(keys))))
    assert audit(cells, hidden) == determined_by_rank(cells, hidden)
