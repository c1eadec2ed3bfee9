"""Profiles fixtures: a small published template for Morocco, built by hand (the default one has
its own tests)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from pontes.profiles.models import Domain, Indicator, IndicatorTemplate, Unit


@pytest.fixture
def template(world) -> IndicatorTemplate:
    template = IndicatorTemplate.objects.create(
        country=world.country,
        version=1,
        status=IndicatorTemplate.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    population = Domain.objects.create(template=template, code="population", name="Population")
    Indicator.objects.create(
        template=template,
        domain=population,
        code="POP.FOREIGN_BORN",
        name="Foreign-born residents",
        unit=Unit.PERSONS,
        disaggregations=["sex", "origin"],
        additive=True,
        minimum=Decimal(0),
    )
    Indicator.objects.create(
        template=template,
        domain=population,
        code="POP.FOREIGN_BORN.SHARE",
        name="Share of foreign-born residents",
        unit=Unit.PERCENT,
        disaggregations=["sex"],
        numerator="POP.FOREIGN_BORN",
        minimum=Decimal(0),
        maximum=Decimal(100),
    )
    return template
