"""Statistical disclosure control for published tables of counts.

A local migration profile publishes counts of people by territory, period and a few
disaggregations (sex, age group, origin, status...). In a small town, "3 women from one
country" or "1 person under temporary protection" can single someone out. So before a table
is published, this module decides which of its cells must be hidden:

* Primary suppression: every count v with 0 < v < threshold is hidden. Zero is published:
  "nobody" singles nobody out (a zero may still be hidden to protect a small neighbour).
* Secondary suppression: a hidden cell must stay unknown to a reader who knows every published
  cell and every additivity equation of the table - each total (the code ``TOTAL`` in some
  dimension) is the sum of its parts along that dimension, the other dimensions fixed, for every
  line of the table, margins of margins included. Otherwise "total minus the other parts" gives
  the hidden count back. So more cells are hidden until no hidden cell's value can be computed
  exactly from the published ones. Cells that need not be hidden stay published: the smallest
  parts of a line are hidden first, totals last.

What the reader is assumed to know is exactly that: published values and linear equations.
The parts of a dimension are the codes that appear in some key; a combination of codes absent
from the table, or a value of None, is simply not published, and the reader does not know it
either (an impossible combination that a reader could know to be zero should therefore be given
as 0, not left out). Bounds from non-negativity ("the hidden parts add up
to 4, so each is at most 4") are not considered; only exact deducibility is. The reasoning is
on the structure of the equations, never on the values, so totals that do not match their parts
(the data's own business) change nothing here.

How: every line (a total and its parts along one dimension) whose only unknown cell is hidden
gets its cheapest published cell hidden too, until no such line is left. That is not always
enough (in three dimensions, seldom in two), so an exact audit follows: Gaussian elimination over
the rationals of the equations on the unknown cells tells which hidden cells are still determined.
Those hidden for a neighbour only are published again (being determined, they protect nothing);
each small one gets the cheapest "box" around it hidden - 2, 4 or 8 cells, pairing its code with
another in each dimension, whose values can all move together without breaking any equation.
The audit then runs again and must pass. The result is deterministic: it depends on the cells and
their values, not on the order of the mapping.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["TOTAL", "Key", "Value", "audit", "publish", "suppress"]

TOTAL = "_T"  # the code of a total along a dimension (SDMX's convention)

Key = tuple[str, ...]  # one code per dimension, e.g. ("F", "Y15T24"); ("_T", "_T") is the grand total
Value = int | float | Decimal

_MAX_CELLS = 200_000  # combinations of codes; a few thousand is the expected size
_BOXES = 64  # how many boxes around a cell to weigh: 8 partners a dimension in 2 dimensions, 4 in 3


@dataclass(frozen=True)
class _Table:
    """Every combination of the codes seen in each dimension, numbered in key order, and its lines.

    A line is a total (position 0) and its parts along one dimension, the other dimensions fixed.
    """

    keys: tuple[Key, ...]
    index: dict[Key, int]
    lines: tuple[tuple[int, ...], ...]
    lines_of: tuple[tuple[int, ...], ...]  # cell -> the lines it belongs to
    axes: tuple[tuple[str, ...], ...]  # the codes of each dimension, sorted
    positions: tuple[dict[str, int], ...]  # code -> its place in its axis, per dimension
    strides: tuple[int, ...]  # cell number = sum of place * stride over the dimensions
    lined: tuple[bool, ...]  # whether the dimension has lines (a total and at least one part)
    totals: tuple[int, ...]  # cell -> how many of its codes are TOTAL


def _table(keys: Iterable[Key]) -> _Table:
    keys = list(keys)
    ndim = -1
    for key in keys:
        if not isinstance(key, tuple) or not all(isinstance(code, str) for code in key):
            raise TypeError(f"A cell's key must be a tuple of codes (strings), not {key!r}.")
        if ndim == -1:
            ndim = len(key)
        elif len(key) != ndim:
            raise ValueError(f"Every key must have {ndim} codes; {key!r} has {len(key)}.")
    ndim = max(ndim, 0)
    axes = [sorted({key[d] for key in keys}) for d in range(ndim)]
    size = math.prod(len(axis) for axis in axes) if keys else 0
    if size > _MAX_CELLS:
        raise ValueError(
            f"The codes of the {ndim} dimensions make {size} combinations, "
            f"more than the {_MAX_CELLS} supported."
        )
    grid = tuple(itertools.product(*axes)) if keys else ()
    strides = [math.prod(len(axis) for axis in axes[d + 1 :]) for d in range(ndim)]
    lines: list[tuple[int, ...]] = []
    for d, axis in enumerate(axes):
        if TOTAL not in axis or len(axis) < 2:
            continue
        stride, total = strides[d], axis.index(TOTAL)
        for start in range(size):
            if (start // stride) % len(axis) == 0:  # the first cell of a line along d
                parts = (start + place * stride for place in range(len(axis)) if place != total)
                lines.append((start + total * stride, *parts))
    lines_of: list[list[int]] = [[] for _ in grid]
    for number, line in enumerate(lines):
        for cell in line:
            lines_of[cell].append(number)
    return _Table(
        keys=grid,
        index={key: cell for cell, key in enumerate(grid)},
        lines=tuple(lines),
        lines_of=tuple(tuple(numbers) for numbers in lines_of),
        axes=tuple(tuple(axis) for axis in axes),
        positions=tuple({code: place for place, code in enumerate(axis)} for axis in axes),
        strides=tuple(strides),
        lined=tuple(TOTAL in axis and len(axis) > 1 for axis in axes),
        totals=tuple(key.count(TOTAL) for key in grid),
    )


def _check_value(key: Key, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"The value of cell {key!r} must be a number or None, not {value!r}.")
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise ValueError(f"The value of cell {key!r} is not a finite number: {value!r}.")
    if value < 0:
        raise ValueError(f"Cell {key!r} has a negative count, {value!r}: counts cannot be negative.")


# The audit ------------------------------------------------------------------------------------------


def _reduce(target: dict[int, int], row: dict[int, int], column: int) -> None:
    """target := row[column] * target - target[column] * row, without common factor (exact)."""
    factor, scale = target[column], row[column]
    if scale != 1:
        for cell in target:
            target[cell] *= scale
    for cell, coefficient in row.items():
        entry = target.get(cell, 0) - factor * coefficient
        if entry:
            target[cell] = entry
        else:
            del target[cell]
    if target:
        _normalise(target, None)


def _normalise(row: dict[int, int], pivot: int | None) -> None:
    divisor = math.gcd(*row.values())
    if pivot is not None and row[pivot] < 0:
        divisor = -divisor
    if divisor != 1:
        for cell in row:
            row[cell] //= divisor


def _determined(table: _Table, known: Sequence[bool], watched: set[int]) -> list[int]:
    """The watched unknown cells whose value follows from the known cells and the equations.

    The equations, restricted to the unknown cells (the known ones go to the right-hand side,
    whose values do not matter), are brought to reduced row echelon form over the rationals
    (fraction-free, in integers). An unknown is determined exactly when its unit vector is in
    the row space, that is when it is a pivot whose row has no other entry.
    """
    equations: list[dict[int, int]] = []
    for line in table.lines:
        row = {cell: (1 if position == 0 else -1) for position, cell in enumerate(line) if not known[cell]}
        if row:
            equations.append(row)
    # An unknown that nobody asks about and that appears in a single equation can take any value:
    # that equation says nothing about the other cells and can be dropped (then maybe another).
    holding: dict[int, list[int]] = {}
    for number, row in enumerate(equations):
        for cell in row:
            holding.setdefault(cell, []).append(number)
    count = {cell: len(numbers) for cell, numbers in holding.items()}
    alive = [True] * len(equations)
    loose = sorted((cell for cell, n in count.items() if n == 1 and cell not in watched), reverse=True)
    while loose:
        cell = loose.pop()
        if count[cell] != 1:
            continue
        number = next(number for number in holding[cell] if alive[number])
        alive[number] = False
        for other in equations[number]:
            count[other] -= 1
            if count[other] == 1 and other not in watched:
                loose.append(other)
    # Incremental reduced row echelon form: pivots[p] is the row whose pivot is column p; every
    # other row is zero in column p. containing[c] = the pivots whose rows have an entry in column c.
    pivots: dict[int, dict[int, int]] = {}
    containing: dict[int, set[int]] = {}
    # Short equations first: far less fill-in (ten times faster on tables of unequal dimensions).
    for equation in sorted((equations[n] for n in range(len(equations)) if alive[n]), key=len):
        row = dict(equation)
        for column in [column for column in row if column in pivots]:
            _reduce(row, pivots[column], column)
        if not row:
            continue
        pivot = min(row, key=lambda column: (len(containing.get(column, ())), column))
        _normalise(row, pivot)
        for other in sorted(containing.get(pivot, ())):
            target = pivots[other]
            before = set(target)
            _reduce(target, row, pivot)
            for column in before - target.keys():
                containing[column].discard(other)
            for column in target.keys() - before:
                containing.setdefault(column, set()).add(other)
        pivots[pivot] = row
        for column in row:
            containing.setdefault(column, set()).add(pivot)
    return sorted(pivot for pivot, row in pivots.items() if len(row) == 1 and pivot in watched)


def audit(cells: Mapping[Key, Value | None], suppressed: Iterable[Key]) -> frozenset[Key]:
    """The suppressed keys whose value a reader can compute from the published cells.

    Published cells are the keys of `cells` with a value that are not in `suppressed`; every
    other combination of codes is unknown to the reader. An empty result means the table is safe.
    """
    hidden = set(suppressed)
    table = _table(itertools.chain(cells, hidden))
    known = [False] * len(table.keys)
    for key, value in cells.items():
        if value is not None and key not in hidden:
            known[table.index[key]] = True
    watched = {table.index[key] for key in hidden}
    return frozenset(table.keys[cell] for cell in _determined(table, known, watched))


# Suppression ----------------------------------------------------------------------------------------


def suppress(cells: Mapping[Key, Value | None], *, threshold: int = 10) -> frozenset[Key]:
    """Keys whose values must not be published.

    The cells with 0 < value < threshold, and enough other cells that none of them can be computed
    from what is published (see the module's documentation). Keys with no value are not returned:
    they are not published anyway.
    """
    if threshold < 0:
        raise ValueError(f"The threshold must not be negative, not {threshold!r}.")
    for key, value in cells.items():
        _check_value(key, value)
    table = _table(cells)
    size = len(table.keys)
    values: list[Value | None] = [None] * size
    for key, value in cells.items():
        values[table.index[key]] = value
    hidden = [False] * size
    for cell, value in enumerate(values):
        if value is not None and 0 < value < threshold:
            hidden[cell] = True
    if not any(hidden):
        return frozenset()
    primary = list(hidden)

    def cost(cell: int) -> tuple[int, Value, int]:
        # Inner cells before margins (within a line: parts before the total), small before large.
        value = values[cell]
        assert value is not None
        return (table.totals[cell], value, cell)

    def published(cell: int) -> bool:
        return values[cell] is not None and not hidden[cell]

    def close(cells: Iterable[int]) -> None:
        """Hide one more cell in every line whose only unknown cell is hidden, until none is left."""
        queue = sorted({number for cell in cells for number in table.lines_of[cell]})
        while queue:
            line = table.lines[heapq.heappop(queue)]
            unknown = [cell for cell in line if not published(cell)]
            if len(unknown) != 1 or not hidden[unknown[0]]:
                continue
            chosen = min((cell for cell in line if published(cell)), key=cost)
            hidden[chosen] = True
            for number in table.lines_of[chosen]:
                heapq.heappush(queue, number)

    def weight(cell: int) -> tuple[int, float, int]:
        """What hiding the cell costs: margins, then its value, then one more cell; nothing if unknown."""
        value = values[cell]
        if value is None or hidden[cell]:
            return (0, 0.0, 0)
        return (table.totals[cell], float(value), 1)

    dimensions = sum(table.lined)
    partners = max(k for k in range(1, _BOXES + 1) if k**dimensions <= _BOXES) if dimensions else 1

    def box(cell: int) -> list[int]:
        """The cheapest box of 2, 4 or 8 cells (1, 2 or 3 dimensions) through `cell` that move together.

        In every dimension with lines, the box pairs the cell's code with another one: a part with
        another part (the two move in opposite directions), or a part with the total or the total
        with a part (they move in the same direction). Every line then meets the box in zero or two
        cells, and adding ±1 on the box keeps every equation true: once the whole box is unknown,
        none of its cells is determined. The partners tried are the few cheapest in each dimension.
        """
        key = table.keys[cell]
        options: list[list[int]] = []  # per dimension, the offsets (in cell numbers) of the partners
        for d, code in enumerate(key):
            if not table.lined[d]:
                options.append([0])
                continue
            here = table.positions[d][code]
            stride = table.strides[d]
            offsets = [(there - here) * stride for there in range(len(table.axes[d])) if there != here]
            offsets.sort(key=lambda offset: (weight(cell + offset), offset))
            options.append(offsets[:partners])
        best: tuple[tuple[int, float, int], list[int]] | None = None
        for combination in itertools.product(*options):
            cells = [cell]
            for offset in combination:
                if offset:
                    cells += [other + offset for other in cells]
            weights = [weight(other) for other in cells]
            total = (
                sum(w[0] for w in weights),
                math.fsum(w[1] for w in weights),
                sum(w[2] for w in weights),
            )
            if best is None or total < best[0]:
                best = (total, cells)
        assert best is not None
        return best[1]

    close(cell for cell in range(size) if hidden[cell])
    release = True
    while True:
        known = [published(cell) for cell in range(size)]
        determined = _determined(table, known, {cell for cell in range(size) if hidden[cell]})
        if not determined:
            break
        # A determined cell takes part in no way of moving the unknown values together, so publishing
        # it again changes nothing for the others: secondary cells that protect nothing come back.
        # Hiding more never makes a hidden cell determined again, and a box frees all its cells: so
        # after one box around each determined primary cell, the next audit passes. (Were it not so,
        # the next rounds would only hide more: each box hides at least one cell, so the loop ends.)
        for cell in determined:
            if release and not primary[cell]:
                hidden[cell] = False
        release = False
        freed: set[int] = set()
        for cell in determined:
            if primary[cell] and cell not in freed:
                chosen = box(cell)
                freed.update(chosen)
                for other in chosen:
                    if values[other] is not None:
                        hidden[other] = True
    return frozenset(table.keys[cell] for cell in range(size) if hidden[cell])


def publish(
    cells: Mapping[Key, Value | None], *, threshold: int = 10
) -> dict[Key, int | float | Decimal | None]:
    """The cells as they may be published: the suppressed values replaced by None."""
    hidden = suppress(cells, threshold=threshold)
    return {key: None if key in hidden else value for key, value in cells.items()}
