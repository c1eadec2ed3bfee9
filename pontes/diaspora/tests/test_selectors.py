"""Reads of the diaspora app: small counts hidden in the figures of a territory's diaspora."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from pontes.core.models import Role, User
from pontes.core.testing import signed_in_client
from pontes.diaspora import selectors, services


def test_small_counts_are_hidden_and_a_lone_one_takes_a_neighbour_with_it() -> None:
    rows = {r.label: r.count for r in selectors.suppress_small({"Spain": 40, "France": 12, "Italy": 3}, 5)}
    assert rows == {"Spain": 40, "France": None, "Italy": None}
    rows = {r.label: r.count for r in selectors.suppress_small({"Spain": 40, "Italy": 3, "Belgium": 2}, 5)}
    assert rows == {"Spain": 40, "Italy": None, "Belgium": None}
    assert selectors.suppress_small({}, 5) == []


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(min_value=0, max_value=50)),
    st.integers(1, 10),
)
def test_no_small_count_is_shown_nor_deducible_from_the_total(counts: dict[str, int], threshold: int) -> None:
    rows = selectors.suppress_small(counts, threshold)
    shown = {r.label: r.count for r in rows}
    assert all(c is None or c >= threshold for c in shown.values())
    hidden = [label for label, count in shown.items() if count is None]
    # One hidden cell beside published ones would be given back by the total; alone, the total is
    # as small as it is and hidden too.
    assert len(hidden) != 1 or all(count is None for count in shown.values())
    assert set(shown) == {label for label, count in counts.items() if count > 0}


@pytest.mark.django_db
def test_figures_page_counts_people_without_naming_them(world, make_user) -> None:
    for n in range(6):
        services.register_person(
            user=User.objects.create_user(f"person-{n}"),
            name=f"Person {n}",
            attachment="diaspora",
            residence_country="ES" if n < 5 else "FR",
            residence_city="Valmira" if n < 5 else "Lyon",
            territories=[world.town],
            consents=["jobs"],
            skills=[{"isco": "2211"}],
        )
    figures = selectors.diaspora_figures(world.province, threshold=5)
    assert figures.people == 6
    countries = {r.label: r.count for r in figures.countries}
    assert countries == {"Spain": None, "France": None}  # 5 shown would give the lone 1 back
    assert {r.label: r.count for r in figures.occupations} == {"Health professionals": 6}
    analyst = signed_in_client(make_user("alpha-analyst", Role.ANALYST, world.province))
    page = analyst.get(reverse("diaspora:figures", kwargs={"slug": "alpha"})).content.decode()
    assert "Health professionals" in page and "Person 1" not in page and "fewer than 5" in page
