from __future__ import annotations

import pytest

from pontes.participation import selectors
from pontes.participation.testing import sample_body

pytestmark = pytest.mark.django_db


def test_composition_counts_seats_and_flags_balance(world) -> None:
    body = sample_body(world.city)
    composition = selectors.composition(body)
    assert (composition.seats_planned, composition.seats_filled) == (4, 3)
    assert (composition.women, composition.men) == (1, 2)
    assert composition.women_share == 33 and composition.below_target
    assert [g.vacant for g in composition.groups] == [0, 1]
    body.gender_balance_target = 30
    assert not selectors.composition(body).below_target


def test_recommendations_filter_by_status(world) -> None:
    body = sample_body(world.city)
    assert len(selectors.recommendations(body, "adopted")) == 1
    assert selectors.recommendations(body, "rejected") == []
