"""Templates: the default one in four languages, versions, publishing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pontes.core.models import AuditEntry
from pontes.profiles import default_template, services
from pontes.profiles.models import IndicatorTemplate


def test_the_default_template_is_installed_in_four_languages(world):
    template = services.create_default_template(actor=None, country=world.country)
    assert template.version == 1 and template.status == IndicatorTemplate.Status.DRAFT
    assert template.indicators.count() == len(default_template.INDICATORS) >= 40
    assert template.domains.count() == len(default_template.DOMAINS)
    first = template.indicators.order_by("order").first()
    assert first is not None
    spec = default_template.INDICATORS[0]
    for language in ("fr", "es", "ar"):
        assert first.tr("name", language).text == spec["name"][language]
        assert first.tr("definition", language).text == spec["definition"][language]
    for indicator in template.indicators.all():
        indicator.full_clean()
    assert AuditEntry.objects.filter(target_type="profiles.IndicatorTemplate", action="create").count() == 1


def test_publishing_replaces_the_previous_version(world):
    first = services.publish_template(
        actor=None, template=services.create_default_template(actor=None, country=world.country)
    )
    assert services.template_for(world.town) == first
    second = services.create_default_template(actor=None, country=world.country)
    assert second.version == 2 and services.template_for(world.town) == first
    services.publish_template(actor=None, template=second)
    first.refresh_from_db()
    assert first.status == IndicatorTemplate.Status.RETIRED
    assert services.template_for(world.town) == second
    assert services.template_for(world.other_country) is None
    with pytest.raises(ValidationError):
        services.publish_template(actor=None, template=second)


def test_templates_belong_to_countries(world):
    with pytest.raises(ValidationError, match="not one"):
        services.create_default_template(actor=None, country=world.town)


def test_an_import_is_audited_once_with_its_counts_and_the_form_once_per_figure(template, world):
    from decimal import Decimal

    from pontes.profiles import importing

    text = "indicator,territory,period,sex,origin,value\n" + "".join(
        f"POP.FOREIGN_BORN,town-a,{year},F,_T,{year - 1990}\n" for year in range(2000, 2030)
    )
    table = importing.read_table(text.encode(), "figures.csv")
    report = services.import_values(
        actor=None,
        template=template,
        territory=world.country,
        table=table,
        mapping=importing.guess_mapping(table.headers, ["sex", "origin"]),
        source="Register",
    )
    assert report.ok and report.created == 30 and report.batch is not None
    entries = AuditEntry.objects.filter(target_type="profiles.ImportBatch")
    assert entries.count() == 1 and entries.get().changes["created"] == [None, 30]
    assert not AuditEntry.objects.filter(target_type="profiles.Value").exists()
    value = services.record_value(
        actor=None,
        indicator=template.indicators.get(code="POP.FOREIGN_BORN"),
        territory=world.town,
        period="2031",
        cell={"sex": "M"},
        value=Decimal(3),
        source="Register",
    )
    assert AuditEntry.objects.filter(target_type="profiles.Value").get().target_id == str(value.pk)
