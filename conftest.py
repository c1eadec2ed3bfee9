"""Fixtures shared by every test: a small world of territories, organisations and staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from pontes.core import services
from pontes.core.models import Organisation, Role, Territory, User
from pontes.core.testing import PASSWORD


@dataclass
class World:
    country: Territory
    province: Territory
    town: Territory
    other_country: Territory
    city: Territory
    district: Territory
    organisation: Organisation
    other_organisation: Organisation


@pytest.fixture(autouse=True)
def _test_settings(settings):  # type: ignore[no-untyped-def]
    """Fast hashing, English by default, and a fresh in-memory cache (rate limits) per test."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    country = services.create_territory(
        actor=None,
        parent=None,
        name="Morocco",
        slug="ma",
        kind="country",
        iso_code="MA",
        languages=["ar", "fr"],
        is_origin=True,
        timezone="Africa/Casablanca",
    )
    province = services.create_territory(
        actor=None,
        parent=country,
        name="Province Alpha",
        slug="alpha",
        kind="province",
        original_language="fr",
        translations={"ar": {"name": "إقليم ألفا"}},
    )
    town = services.create_territory(
        actor=None, parent=province, name="Town A", slug="town-a", kind="municipality"
    )
    other_country = services.create_territory(
        actor=None,
        parent=None,
        name="Spain",
        slug="es",
        kind="country",
        iso_code="ES",
        languages=["es", "ar"],
        is_destination=True,
    )
    city = services.create_territory(
        actor=None,
        parent=other_country,
        name="Ciudad Beta",
        slug="beta",
        kind="municipality",
        original_language="es",
        latitude=Decimal("38.9"),
        longitude=Decimal("-1.2"),
    )
    district = services.create_territory(
        actor=None, parent=city, name="Distrito 1", slug="beta-1", kind="district"
    )
    organisation = services.create_organisation(
        actor=None, territory=city, name="Casa Beta", slug="casa-beta", kind="ngo", original_language="es"
    )
    other_organisation = services.create_organisation(
        actor=None,
        territory=town,
        name="Maison Alpha",
        slug="maison-alpha",
        kind="ngo",
        original_language="fr",
    )
    return World(country, province, town, other_country, city, district, organisation, other_organisation)


@pytest.fixture
def make_user(db) -> Callable[..., User]:  # type: ignore[no-untyped-def]
    def make(
        username: str,
        role: str | None = None,
        scope: Territory | Organisation | None = None,
        *,
        totp: bool = False,
        superuser: bool = False,
    ) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, is_superuser=superuser)
        if role is not None:
            if isinstance(scope, Organisation):
                services.grant_role(actor=None, user=user, role=role, organisation=scope)
            else:
                services.grant_role(actor=None, user=user, role=role, territory=scope)
        if totp:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        return user

    return make


@pytest.fixture
def staff(world: World, make_user) -> dict[str, User]:  # type: ignore[no-untyped-def]
    return {
        "city_admin": make_user("city-admin", Role.TERRITORY_ADMIN, world.city, totp=True),
        "city_editor": make_user("city-editor", Role.EDITOR, world.city),
        "city_analyst": make_user("city-analyst", Role.ANALYST, world.city),
        "province_admin": make_user("province-admin", Role.TERRITORY_ADMIN, world.province, totp=True),
        "town_editor": make_user("town-editor", Role.EDITOR, world.town),
        "provider": make_user("provider", Role.PROVIDER_EDITOR, world.organisation),
        "nobody": make_user("nobody"),
    }
