"""Helpers for tests of migration profiles: a published default template with a few figures."""

from __future__ import annotations

from pontes.core.models import Territory

from . import services
from .importing import Table
from .models import FactCard, IndicatorTemplate

SAMPLE_HEADERS = ["indicator", "territory", "period", "sex", "origin", "value"]


def published_template(country: Territory) -> IndicatorTemplate:
    template = services.create_default_template(actor=None, country=country)
    return services.publish_template(actor=None, template=template)


def sample_rows(territory: Territory, years: tuple[int, ...] = (2023, 2024)) -> list[list[str]]:
    """Population, foreign-born by sex (one small count) and by origin, remittances, for some years."""
    rows = []
    for step, year in enumerate(years):
        grow = 100 * step
        rows += [
            ["POP.TOTAL", territory.slug, str(year), "_T", "", str(52000 + grow * 3)],
            ["POP.MIG.STOCK", territory.slug, str(year), "_T", "_T", str(6100 + grow)],
            ["POP.MIG.STOCK", territory.slug, str(year), "F", "_T", str(2900 + grow // 2)],
            ["POP.MIG.STOCK", territory.slug, str(year), "M", "_T", str(3200 + grow // 2)],
            ["POP.MIG.STOCK", territory.slug, str(year), "_T", "MAR", str(2500 + grow)],
            ["POP.MIG.STOCK", territory.slug, str(year), "_T", "SEN", "7"],
            ["POP.MIG.STOCK", territory.slug, str(year), "_T", "COL", "1480"],
        ]
    return rows


def fill_sample_values(
    template: IndicatorTemplate, territory: Territory, years: tuple[int, ...] = (2023, 2024)
) -> None:
    rows = sample_rows(territory, years)
    table = Table(SAMPLE_HEADERS, [(n, cells) for n, cells in enumerate(rows, start=2)])
    report = services.import_values(
        actor=None,
        template=template,
        territory=territory,
        table=table,
        mapping={name: name for name in SAMPLE_HEADERS},
        source="Fictional municipal register (test data)",
        file_name="sample.csv",
    )
    assert report.ok, report.problems


def sample_card(territory: Territory) -> FactCard:
    return services.save_fact_card(
        actor=None,
        territory=territory,
        card=FactCard(
            rumour="Migrants are taking over the town",
            answer="About one resident in nine was born abroad.",
            indicator_codes=["POP.MIG.SHARE", "POP.MIG.STOCK"],
            is_published=True,
            original_language="en",
        ),
        translations={},
    )
