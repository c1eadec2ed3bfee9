"""The profiles' demo step: figures for both demo countries, consistent, deterministic, re-runnable."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest

from pontes.core.demo import DemoContext
from pontes.core.demo_steps import create_territories_people_and_organisations
from pontes.core.models import AuditEntry
from pontes.core.registry import registry
from pontes.profiles import default_template, demo
from pontes.profiles.models import TOTAL, ImportBatch, IndicatorTemplate, Value

Key = tuple[str, str, str, demo.Cell]  # territory, indicator, period, cell
ADDITIVE = {i["code"] for i in default_template.INDICATORS if i["additive"]}
DOMAIN = {i["code"]: i["domain"] for i in default_template.INDICATORS}
PARENT = {
    "tizgui": "tazrout",
    "amzrou": "tazrout",
    "iguernane": "tazrout",
    "tazrout": "morocco",
    "valmira-centro": "valmira",
    "valmira-puerto": "valmira",
    "valmira-las-eras": "valmira",
    "valmira": "spain",
}


def flatten(data: dict[str, list[demo.Row]]) -> dict[Key, Decimal | int | None]:
    return {(slug, r.code, r.period, r.cell): r.value for slug, rows in data.items() for r in rows}


def saved() -> dict[Key, Decimal | int | None]:
    found: dict[Key, Decimal | int | None] = {}
    for value in Value.objects.select_related("indicator", "territory"):
        codes = {d: c for d, c in zip(value.indicator.disaggregations, value.cell, strict=True) if c != TOTAL}
        found[(value.territory.slug, value.indicator.code, value.period, demo.cell(**codes))] = value.value
    return found


def assert_consistent(figures: dict[Key, Decimal | int | None]) -> None:
    """F + M is the total; a place's counts are at least the sum of the places within it."""
    checked_sex = checked_places = 0
    below: dict[Key, list[Decimal | int | None]] = defaultdict(list)
    for (slug, code, period, name), value in figures.items():
        if code not in ADDITIVE:
            continue
        codes = dict(name)
        if "sex" not in codes and value is not None:
            women = figures.get((slug, code, period, demo.cell(**codes, sex="F")))
            men = figures.get((slug, code, period, demo.cell(**codes, sex="M")))
            if women is not None and men is not None:
                assert women + men == value, (slug, code, period, name)
                checked_sex += 1
        if slug in PARENT:
            below[(PARENT[slug], code, period, name)].append(value)
    for key, values in below.items():
        parent = figures[key]
        if parent is not None:
            assert sum(v for v in values if v is not None) <= parent, key
            checked_places += 1
    assert checked_sex > 1000 and checked_places > 1000


def test_figures_are_deterministic_for_a_seed() -> None:
    first = flatten(demo.figures(DemoContext(seed=3, out=StringIO()).rng("profiles")))
    assert first == flatten(demo.figures(DemoContext(seed=3, out=StringIO()).rng("profiles")))
    assert first != flatten(demo.figures(DemoContext(seed=4, out=StringIO()).rng("profiles")))


def test_the_step_runs_after_the_territories() -> None:
    profiles, core = registry.get("profiles"), registry.get("core")
    assert profiles is not None and core is not None
    assert profiles.demo_data is demo.load and profiles.order > core.order


@pytest.mark.django_db
def test_demo_profiles_fill_every_demo_territory_once() -> None:
    context = DemoContext(seed=11, out=StringIO())
    create_territories_people_and_organisations(context)
    demo.load(context)

    templates = IndicatorTemplate.objects.filter(status=IndicatorTemplate.Status.PUBLISHED)
    assert sorted(templates.values_list("country__slug", flat=True)) == ["morocco", "spain"]
    figures = saved()
    # What was saved is exactly what the seed draws: every row passed the importer's checks.
    assert figures == flatten(demo.figures(context.rng("profiles")))
    assert ImportBatch.objects.count() == 10

    for slug in [*demo.TERRITORIES["MA"], *demo.TERRITORIES["ES"]]:
        mine = [key for key in figures if key[0] == slug]
        years = {period for _s, _c, period, _n in mine if len(period) == 4 and "2019" <= period <= "2024"}
        assert len(years) == 6, slug
        assert any("-Q" in period for _s, _c, period, _n in mine), slug
        codes = {code for _s, code, _p, _n in mine}
        assert len(codes) >= 30, slug
        assert {DOMAIN[code] for code in codes} == {d["code"] for d in default_template.DOMAINS}, slug

    assert_consistent(figures)
    values = list(figures.values())
    assert values.count(None) > 50  # some figures are missing
    small = [v for (_s, code, _p, _n), v in figures.items() if code in ADDITIVE and v and 0 < v < 10]
    assert len(small) > 20  # for disclosure control to hide
    origins = {code for *_rest, name in figures for dimension, code in name if dimension == "origin"}
    assert {"MAR", "ROU", "COL", "SEN", "ESP", "142"} <= origins
    assert all(s.startswith("Demonstration data") for s in Value.objects.values_list("source", flat=True))

    # Running the demo again changes nothing.
    counts = (Value.objects.count(), ImportBatch.objects.count(), AuditEntry.objects.count())
    demo.load(DemoContext(seed=11, out=StringIO()))
    assert (Value.objects.count(), ImportBatch.objects.count(), AuditEntry.objects.count()) == counts
