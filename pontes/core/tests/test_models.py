from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pontes.core.models import AuditEntry, Role, RoleAssignment, Territory

pytestmark = pytest.mark.django_db


def build(**values: object) -> Territory:
    defaults: dict[str, object] = {"name": "X", "slug": "x", "kind": "municipality"}
    defaults.update(values)
    return Territory(**defaults)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "country", "iso_code": "ZZ"}, "iso_code"),
        ({"kind": "country", "iso_code": ""}, "iso_code"),
        ({"kind": "region", "iso_code": "ES-XX"}, "iso_code"),
        ({"languages": ["es", "klingon"]}, "languages"),
        ({"latitude": Decimal("10")}, "longitude"),
        ({"bbox_south": Decimal("1")}, "bbox_south"),
        (
            {
                "bbox_south": Decimal("5"),
                "bbox_west": Decimal("0"),
                "bbox_north": Decimal("1"),
                "bbox_east": Decimal("1"),
            },
            "bbox_south",
        ),
        (
            {
                "latitude": Decimal("50"),
                "longitude": Decimal("0.5"),
                "bbox_south": Decimal("0"),
                "bbox_west": Decimal("0"),
                "bbox_north": Decimal("1"),
                "bbox_east": Decimal("1"),
            },
            "latitude",
        ),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_territory_rejects_bad_values_with_the_field_named(values, field):
    with pytest.raises(ValidationError) as caught:
        build(**values).full_clean(exclude=["path", "depth", "numchild"])
    assert field in caught.value.message_dict


def test_territory_accepts_real_codes_and_a_consistent_box():
    build(kind="country", iso_code="es", languages=["es", "ar", "wo"]).full_clean(
        exclude=["path", "depth", "numchild"]
    )
    region = build(
        kind="region",
        iso_code="ES-M",
        latitude=Decimal("40.4"),
        longitude=Decimal("-3.7"),
        bbox_south=Decimal("39.8"),
        bbox_west=Decimal("-4.6"),
        bbox_north=Decimal("41.2"),
        bbox_east=Decimal("-3.0"),
    )
    region.full_clean(exclude=["path", "depth", "numchild"])
    assert region.iso_code == "ES-M"


def test_covers_and_effective_languages(world):
    assert world.country.covers(world.town)
    assert world.province.covers(world.province)
    assert not world.town.covers(world.province)
    assert not world.other_country.covers(world.town)
    # The town declares no language and inherits the nearest ancestor's.
    assert world.town.effective_languages() == ["ar", "fr"]


def test_role_scope_must_match_role(world, make_user):
    user = make_user("someone")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.EDITOR, organisation=world.organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.PROVIDER_EDITOR, territory=world.city)


def test_audit_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.actor_repr = "someone else"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
