"""Seat allocation from published totals: pure functions, so anyone can recompute the result.

Ties are never broken silently: the seats that cannot be told apart are reported as undecided,
to be settled the way the rules of the body say (by lot, by age).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class Allocation:
    seats: dict[str, int]
    # Seats that tied between these names at the last place; empty when the result is clear.
    tied: tuple[str, ...] = ()
    undecided: int = 0
    quotients: list[tuple[str, Fraction]] = field(default_factory=list)


def plurality(totals: Mapping[str, int], seats: int) -> Allocation:
    """The `seats` names with the most votes; names tied across the last seat are undecided."""
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    won: dict[str, int] = {name: 0 for name in totals}
    if seats <= 0 or not ranked:
        return Allocation(won)
    if len(ranked) <= seats:
        return Allocation({name: 1 for name in totals})
    cutoff = ranked[seats - 1][1]
    above = [name for name, votes in ranked if votes > cutoff]
    at_cutoff = [name for name, votes in ranked if votes == cutoff]
    for name in above:
        won[name] = 1
    free = seats - len(above)
    if len(at_cutoff) == free:
        for name in at_cutoff:
            won[name] = 1
        return Allocation(won)
    return Allocation(won, tied=tuple(sorted(at_cutoff)), undecided=free)


def dhondt(totals: Mapping[str, int], seats: int) -> Allocation:
    """D'Hondt: each seat goes to the largest quotient votes / (seats won + 1)."""
    quotients = sorted(
        (
            (name, Fraction(votes, divisor))
            for name, votes in totals.items()
            if votes > 0
            for divisor in range(1, seats + 1)
        ),
        key=lambda item: (-item[1], item[0]),
    )
    won: dict[str, int] = {name: 0 for name in totals}
    if seats <= 0 or not quotients:
        return Allocation(won)
    if len(quotients) <= seats:
        for name, _q in quotients:
            won[name] += 1
        return Allocation(won, quotients=quotients)
    cutoff = quotients[seats - 1][1]
    above = [name for name, q in quotients if q > cutoff]
    at_cutoff = [name for name, q in quotients if q == cutoff]
    for name in above:
        won[name] += 1
    free = seats - len(above)
    if len(at_cutoff) == free:
        for name in at_cutoff:
            won[name] += 1
        return Allocation(won, quotients=quotients[:seats])
    return Allocation(won, tied=tuple(sorted(at_cutoff)), undecided=free, quotients=quotients[:seats])
