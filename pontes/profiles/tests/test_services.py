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
