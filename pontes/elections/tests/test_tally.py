from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from pontes.elections import tally


def test_dhondt_worked_example() -> None:
    # The classic example: 8 seats, four parties.
    result = tally.dhondt({"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}, 8)
    assert result.seats == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert not result.tied


def test_dhondt_second_example() -> None:
    # 7 seats: 340k/280k/160k/60k/15k.
    result = tally.dhondt({"A": 340_000, "B": 280_000, "C": 160_000, "D": 60_000, "E": 15_000}, 7)
    assert result.seats == {"A": 3, "B": 3, "C": 1, "D": 0, "E": 0}
    assert result.quotients[-1] == ("B", Fraction(280_000, 3))


def test_dhondt_tie_for_the_last_seat_is_reported_not_decided() -> None:
    result = tally.dhondt({"A": 30, "B": 20, "C": 20}, 2)
    assert result.seats == {"A": 1, "B": 0, "C": 0}
    assert result.tied == ("B", "C") and result.undecided == 1
    # A tie that falls inside the seats is no tie.
    assert tally.dhondt({"A": 10, "B": 10}, 2).seats == {"A": 1, "B": 1}


def test_dhondt_no_votes() -> None:
    assert tally.dhondt({"A": 0, "B": 0}, 3).seats == {"A": 0, "B": 0}


def test_plurality() -> None:
    assert tally.plurality({"Ana": 5, "Bo": 3, "Cy": 1}, 2).seats == {"Ana": 1, "Bo": 1, "Cy": 0}
    tied = tally.plurality({"Ana": 5, "Bo": 3, "Cy": 3}, 2)
    assert tied.seats == {"Ana": 1, "Bo": 0, "Cy": 0} and tied.tied == ("Bo", "Cy") and tied.undecided == 1
    assert tally.plurality({"Ana": 1}, 3).seats == {"Ana": 1}


@given(st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(0, 10_000), min_size=1), st.integers(1, 15))
def test_dhondt_never_gives_more_seats_than_there_are(totals: dict[str, int], seats: int) -> None:
    result = tally.dhondt(totals, seats)
    assert sum(result.seats.values()) + result.undecided <= seats
    if any(totals.values()):
        assert sum(result.seats.values()) + result.undecided == seats
    # More votes never mean fewer seats.
    for a in totals:
        for b in totals:
            if totals[a] > totals[b]:
                assert result.seats[a] >= result.seats[b]
