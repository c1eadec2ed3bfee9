"""Figures as pages read them: saved, from their parts, rolled up, as ratios, and what the public sees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pontes.core import services as core_services
from pontes.profiles import selectors
from pontes.profiles.importing import Table
from pontes.profiles.models import IndicatorTemplate
from pontes.profiles.services import import_values
from pontes.profiles.testing import fill_sample_values, published_template

HEADERS = ["indicator", "territory", "period", "sex", "origin", "value"]


def _import(template: IndicatorTemplate, territory, rows: list[list[str]]) -> None:
    report = import_values(
        actor=None,
        template=template,
        territory=territory,
        table=Table(HEADERS, [(n, r) for n, r in enumerate(rows, start=2)]),
        mapping={h: h for h in HEADERS},
        source="Test register",
    )
    assert report.ok, report.problems


@pytest.fixture
def spain(world) -> IndicatorTemplate:
    return published_template(world.other_country)


@pytest.mark.django_db
def test_profile_reads_saved_totals_and_the_year_before(world, spain) -> None:
    fill_sample_values(spain, world.city)
    profile = selectors.profile(world.city, spain, year=None, restricted=False)
    assert profile is not None
    assert profile.year == 2024 and profile.years == [2024, 2023]
    rows = {r.indicator.code: r for _d, rs in profile.domains for r in rs}
    stock = rows["POP.MIG.STOCK"]
    assert stock.here is not None and stock.here.value == Decimal(6200)
    assert stock.before is not None and stock.before.value == Decimal(6100)
    assert stock.change == Decimal(100)
    # The share is computed from its numerator and denominator, and says so.
    share = rows["POP.MIG.SHARE"].here
    assert share is not None and share.derived == "ratio"
    assert share.value == Decimal("11.9")  # 6,200 of 52,300
    assert [r.indicator.code for r in profile.headline][:3] == ["POP.TOTAL", "POP.MIG.STOCK", "POP.MIG.SHARE"]
    # Indicators without any figure are listed apart, not as rows of dashes.
    assert "POP.DIASPORA" in {i.code for i in profile.without_figures}
    assert "POP.DIASPORA" not in rows


@pytest.mark.django_db
def test_total_from_women_and_men_when_no_total_is_saved(world, spain) -> None:
    _import(
        spain,
        world.city,
        [
            ["POP.MIG.STOCK", "beta", "2024", "F", "_T", "300"],
            ["POP.MIG.STOCK", "beta", "2024", "M", "_T", "420"],
        ],
    )
    book = selectors.FigureBook(
        list(spain.indicators.filter(code="POP.MIG.STOCK")), [world.city], [2024], public=False
    )
    figure = book.get(spain.indicators.get(code="POP.MIG.STOCK"), world.city, 2024)
    assert figure is not None
    assert (figure.value, figure.derived) == (Decimal(720), "parts")


@pytest.mark.django_db
def test_roll_up_sums_the_places_below_and_says_how_many_reported(world, spain) -> None:
    second = core_services.create_territory(
        actor=None, parent=world.other_country, name="Villa Gamma", slug="gamma", kind="municipality"
    )
    core_services.create_territory(
        actor=None, parent=world.other_country, name="Villa Delta", slug="delta", kind="municipality"
    )
    _import(spain, world.city, [["POP.MIG.STOCK", "beta", "2024", "_T", "_T", "1000"]])
    # Gamma gives women and men only; Delta gives nothing.
    _import(
        spain,
        second,
        [
            ["POP.MIG.STOCK", "gamma", "2024", "F", "_T", "200"],
            ["POP.MIG.STOCK", "gamma", "2024", "M", "_T", "250"],
        ],
    )
    indicator = spain.indicators.get(code="POP.MIG.STOCK")
    book = selectors.FigureBook([indicator], [world.other_country], [2024], public=False)
    figure = book.get(indicator, world.other_country, 2024)
    assert figure is not None
    assert figure.value == Decimal(1450)
    assert figure.derived == "places" and figure.places == (2, 3)
    assert "2 of the 3" in figure.note()
    # A saved national figure wins over the roll-up.
    _import(spain, world.other_country, [["POP.MIG.STOCK", "es", "2024", "_T", "_T", "1600"]])
    book = selectors.FigureBook([indicator], [world.other_country], [2024], public=False)
    figure = book.get(indicator, world.other_country, 2024)
    assert figure is not None and (figure.value, figure.derived) == (Decimal(1600), "")


@pytest.mark.django_db
def test_roll_up_goes_down_through_places_without_figures(world, spain) -> None:
    # The city's district reports; the city does not: the country still adds it up.
    _import(spain, world.district, [["POP.MIG.STOCK", "beta-1", "2024", "_T", "_T", "75"]])
    indicator = spain.indicators.get(code="POP.MIG.STOCK")
    book = selectors.FigureBook([indicator], [world.other_country], [2024], public=False)
    figure = book.get(indicator, world.other_country, 2024)
    assert figure is not None and figure.value == Decimal(75)


@pytest.mark.django_db
def test_public_figures_hide_small_counts_and_what_would_reveal_them(world, spain) -> None:
    fill_sample_values(spain, world.city)
    indicator = spain.indicators.get(code="POP.MIG.STOCK")
    public = selectors.indicator_view(world.city, indicator, year=2024, restricted=False, language="en")
    staff = selectors.indicator_view(world.city, indicator, year=2024, restricted=True, language="en")
    assert public is not None and staff is not None
    public_origins = {c[0]: c for c in next(b for b in public.breakdowns if b.dimension == "origin").cells}
    staff_origins = {c[0]: c for c in next(b for b in staff.breakdowns if b.dimension == "origin").cells}
    assert staff_origins["SEN"][2] == Decimal(7) and not staff_origins["SEN"][3]
    assert public_origins["SEN"][2] is None and public_origins["SEN"][3]
    # The total is published, so a second origin must be hidden too.
    assert sum(1 for c in public_origins.values() if c[3]) >= 2
    assert public_origins["MAR"][2] == Decimal(2600)


@pytest.mark.django_db
def test_restricted_indicators_are_left_out_of_public_profiles(world, spain) -> None:
    spain.indicators.filter(code="POP.MIG.STOCK").update(is_public=False)
    fill_sample_values(spain, world.city)
    public = selectors.profile(world.city, spain, year=None, restricted=False)
    staff = selectors.profile(world.city, spain, year=None, restricted=True)
    assert public is not None and staff is not None
    codes = {r.indicator.code for _d, rows in public.domains for r in rows}
    assert "POP.MIG.STOCK" not in codes
    assert "POP.MIG.STOCK" in {r.indicator.code for _d, rows in staff.domains for r in rows}


@pytest.mark.django_db
def test_completeness_lists_what_each_locality_lacks(world, spain) -> None:
    fill_sample_values(spain, world.city)
    core_services.create_territory(
        actor=None, parent=world.other_country, name="Villa Gamma", slug="gamma", kind="municipality"
    )
    domains, rows = selectors.completeness(world.other_country, spain, 2024)
    by_place = {row.territory.slug: row for row in rows}
    assert set(by_place) == {"beta", "gamma"}  # the municipalities, not the district
    assert domains[0].code == "population"
    filled, expected, missing = by_place["beta"].by_domain[0]
    assert filled == 2  # POP.TOTAL and POP.MIG.STOCK
    assert "POP.TOTAL" not in missing and "POP.DIASPORA" in missing
    assert len(missing) == expected - filled
    assert by_place["gamma"].filled == 0
    assert selectors.completeness(world.other_country, spain, 2019)[1][0].filled == 0


@pytest.mark.django_db
def test_no_template_no_profile(world) -> None:
    assert selectors.template_for(world.city) is None
    assert IndicatorTemplate.objects.count() == 0


@pytest.mark.django_db
def test_net_migration_may_be_negative_and_is_not_a_count_to_hide(world, spain) -> None:
    _import(
        spain,
        world.city,
        [
            ["POP.MIG.NET", "beta", "2024", "_T", "", "-120"],
            ["POP.MIG.NET", "beta", "2024", "F", "", "-125"],
            ["POP.MIG.NET", "beta", "2024", "M", "", "5"],
        ],
    )
    indicator = spain.indicators.get(code="POP.MIG.NET")
    view = selectors.indicator_view(world.city, indicator, year=2024, restricted=False, language="en")
    assert view is not None
    assert view.by_sex == [(2024, Decimal(-125), Decimal(5), False, False)]
