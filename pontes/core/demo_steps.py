"""Core's demo-data step: a fictional origin province and destination city, staff, organisations.

Everything here is invented for demonstration: the province of Tazrout, the city of Valmira,
their districts, organisations and people do not exist. Countries are real (ISO 3166), so that
codes and names can be checked.
"""

from __future__ import annotations

import gettext
from decimal import Decimal
from typing import Any

import pycountry
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .demo import DemoContext, DemoCredential, base32_secret
from .models import Organisation, Role, RoleAssignment, Territory, User

UI_LANGUAGES = ("en", "fr", "es", "ar")


def _country_name_translations(alpha_2: str) -> dict[str, dict[str, str]]:
    country = pycountry.countries.get(alpha_2=alpha_2)
    assert country is not None
    names: dict[str, dict[str, str]] = {}
    for language in UI_LANGUAGES[1:]:
        try:
            catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            continue
        names[language] = {"name": catalog.gettext(country.name)}
    return names


# key, parent key, values, translations
TERRITORIES: list[tuple[str, str | None, dict[str, Any], dict[str, dict[str, str]]]] = [
    (
        "morocco",
        None,
        {
            "name": "Morocco",
            "slug": "morocco",
            "kind": Territory.Kind.COUNTRY,
            "iso_code": "MA",
            "languages": ["ar", "zgh", "fr"],
            "is_origin": True,
            "is_transit": True,
            "latitude": Decimal("31.791702"),
            "longitude": Decimal("-7.092620"),
            "timezone": "Africa/Casablanca",
            "original_language": "en",
        },
        {},
    ),
    (
        "tazrout",
        "morocco",
        {
            "name": "Province de Tazrout",
            "slug": "tazrout",
            "kind": Territory.Kind.PROVINCE,
            "languages": ["ar", "zgh", "fr"],
            "is_origin": True,
            "latitude": Decimal("31.120000"),
            "longitude": Decimal("-7.910000"),
            "bbox_south": Decimal("30.800000"),
            "bbox_west": Decimal("-8.300000"),
            "bbox_north": Decimal("31.400000"),
            "bbox_east": Decimal("-7.500000"),
            "timezone": "Africa/Casablanca",
            "original_language": "fr",
            "description": (
                "Province fictive de montagne et de vallées. Une famille sur trois y compte un membre "
                "vivant à l'étranger, surtout en Espagne. Données de démonstration."
            ),
        },
        {
            "en": {
                "name": "Tazrout Province",
                "description": (
                    "A fictional province of mountains and valleys. One family in three has a member "
                    "living abroad, mostly in Spain. Demonstration data."
                ),
            },
            "ar": {
                "name": "إقليم تازروت",
                "description": "إقليم خيالي من الجبال والوديان. بيانات للعرض فقط.",
            },
            "es": {"name": "Provincia de Tazrout"},
        },
    ),
    (
        "tizgui",
        "tazrout",
        {
            "name": "Tizgui",
            "slug": "tizgui",
            "latitude": Decimal("31.130000"),
            "longitude": Decimal("-7.898000"),
            "kind": Territory.Kind.MUNICIPALITY,
            "original_language": "fr",
        },
        {"ar": {"name": "تيزكي"}, "en": {"name": "Tizgui"}, "es": {"name": "Tizgui"}},
    ),
    (
        "amzrou",
        "tazrout",
        {
            "name": "Amzrou",
            "slug": "amzrou",
            "latitude": Decimal("31.210000"),
            "longitude": Decimal("-8.050000"),
            "kind": Territory.Kind.MUNICIPALITY,
            "original_language": "fr",
        },
        {"ar": {"name": "أمزرو"}},
    ),
    (
        "iguernane",
        "tazrout",
        {
            "name": "Iguernane",
            "slug": "iguernane",
            "latitude": Decimal("31.010000"),
            "longitude": Decimal("-7.750000"),
            "kind": Territory.Kind.MUNICIPALITY,
            "original_language": "fr",
        },
        {},
    ),
    (
        "spain",
        None,
        {
            "name": "Spain",
            "slug": "spain",
            "kind": Territory.Kind.COUNTRY,
            "iso_code": "ES",
            "languages": ["es", "ca", "eu", "gl"],
            "is_destination": True,
            "is_transit": True,
            "latitude": Decimal("40.463667"),
            "longitude": Decimal("-3.749220"),
            "timezone": "Europe/Madrid",
            "original_language": "en",
        },
        {},
    ),
    (
        "valmira",
        "spain",
        {
            "name": "Valmira",
            "slug": "valmira",
            "kind": Territory.Kind.MUNICIPALITY,
            "languages": ["es", "ar", "fr", "en", "wo"],
            "is_destination": True,
            "latitude": Decimal("38.912000"),
            "longitude": Decimal("-1.204000"),
            "bbox_south": Decimal("38.860000"),
            "bbox_west": Decimal("-1.290000"),
            "bbox_north": Decimal("38.960000"),
            "bbox_east": Decimal("-1.120000"),
            "timezone": "Europe/Madrid",
            "original_language": "es",
            "description": (
                "Ciudad ficticia de 180 000 habitantes; uno de cada ocho nació en el extranjero. "
                "Datos de demostración."
            ),
        },
        {
            "en": {
                "name": "Valmira",
                "description": (
                    "A fictional city of 180,000 people; one in eight was born abroad. Demonstration data."
                ),
            },
            "fr": {
                "name": "Valmira",
                "description": "Ville fictive de 180 000 habitants ; un sur huit est né à l'étranger.",
            },
            "ar": {"name": "فالميرا"},
        },
    ),
    (
        "valmira-centro",
        "valmira",
        {
            "name": "Centro",
            "slug": "valmira-centro",
            "latitude": Decimal("38.916000"),
            "longitude": Decimal("-1.210000"),
            "kind": Territory.Kind.DISTRICT,
            "original_language": "es",
        },
        {"en": {"name": "City Centre"}, "fr": {"name": "Centre-ville"}, "ar": {"name": "وسط المدينة"}},
    ),
    (
        "valmira-puerto",
        "valmira",
        {
            "name": "Barrio del Puerto",
            "slug": "valmira-puerto",
            "latitude": Decimal("38.891000"),
            "longitude": Decimal("-1.186000"),
            "kind": Territory.Kind.DISTRICT,
            "original_language": "es",
        },
        {"en": {"name": "Harbour Quarter"}},
    ),
    (
        "valmira-las-eras",
        "valmira",
        {
            "name": "Las Eras",
            "slug": "valmira-las-eras",
            "latitude": Decimal("38.937000"),
            "longitude": Decimal("-1.173000"),
            "kind": Territory.Kind.DISTRICT,
            "original_language": "es",
        },
        {},
    ),
]

STAFF: list[tuple[str, str, str, str, bool]] = [
    # username, role, territory key or organisation slug, full name, needs TOTP
    ("tazrout-admin", Role.TERRITORY_ADMIN, "tazrout", "Amina Oufkir", True),
    ("tizgui-editor", Role.EDITOR, "tizgui", "Youssef Aït Ali", False),
    ("tazrout-analyst", Role.ANALYST, "tazrout", "Fatima Zahra Idrissi", False),
    ("valmira-admin", Role.TERRITORY_ADMIN, "valmira", "Lucía Ferrer", True),
    ("valmira-editor", Role.EDITOR, "valmira", "Javier Molina", False),
    ("puerto-editor", Role.EDITOR, "valmira-puerto", "Marta Sanz", False),
    ("valmira-analyst", Role.ANALYST, "valmira", "Pau Vidal", False),
    ("puente-provider", Role.PROVIDER_EDITOR, "puente-abierto", "Aissatou Diop", False),
]

ORGANISATIONS: list[tuple[str, str, dict[str, Any], dict[str, dict[str, str]]]] = [
    (
        "valmira",
        "puente-abierto",
        {
            "name": "Asociación Puente Abierto",
            "kind": Organisation.Kind.NGO,
            "original_language": "es",
            "description": (
                "Acogida, orientación y clases de español para personas recién llegadas (ficticia)."
            ),
            "email": "info@puente-abierto.example",
            "phone": "+34 600 000 101",
        },
        {
            "fr": {
                "description": (
                    "Accueil, orientation et cours d'espagnol pour les nouveaux arrivants (fictive)."
                )
            }
        },
    ),
    (
        "valmira-las-eras",
        "escuela-las-eras",
        {
            "name": "Escuela de Idiomas Las Eras",
            "kind": Organisation.Kind.SCHOOL,
            "original_language": "es",
            "description": "Escuela pública de idiomas del distrito (ficticia).",
        },
        {},
    ),
    (
        "valmira",
        "tazrout-en-valmira",
        {
            "name": "Association des originaires de Tazrout à Valmira",
            "kind": Organisation.Kind.MIGRANT_ASSOCIATION,
            "original_language": "fr",
            "description": "Association de la diaspora de Tazrout : entraide, projets au pays (fictive).",
        },
        {"ar": {"name": "جمعية أبناء تازروت في فالميرا"}},
    ),
    (
        "tizgui",
        "maison-migrants-tizgui",
        {
            "name": "Maison des migrants de Tizgui",
            "kind": Organisation.Kind.PUBLIC_BODY,
            "original_language": "fr",
            "description": "Guichet municipal d'information avant le départ et au retour (fictif).",
        },
        {},
    ),
]


def create_territories_people_and_organisations(context: DemoContext) -> None:
    for key, parent_key, values, translations in TERRITORIES:
        existing = Territory.objects.filter(slug=values["slug"]).first()
        if existing is None:
            if values["kind"] == Territory.Kind.COUNTRY:
                translations = {**_country_name_translations(values["iso_code"]), **translations}
            parent = context.territories[parent_key] if parent_key else None
            existing = services.create_territory(
                actor=None, parent=parent, translations=translations, **values
            )
        context.territories[key] = existing

    for territory_key, slug, values, translations in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            services.create_organisation(
                actor=None,
                territory=context.territories[territory_key],
                slug=slug,
                translations=translations,
                **values,
            )

    for username, role, scope_key, full_name, needs_totp in STAFF:
        _demo_staff(context, username, role, scope_key, full_name, needs_totp)
    _demo_staff(context, "platform-admin", "superuser", "", "Platform Operator", True)


def _demo_staff(
    context: DemoContext, username: str, role: str, scope_key: str, full_name: str, needs_totp: bool
) -> None:
    password = context.password_for(username)
    first, _, last = full_name.partition(" ")
    user = User.objects.filter(username=username).first()
    if user is None:
        scope = context.territories.get(scope_key) or context.territories["valmira"]
        user, _ignored = services.create_account(
            actor=None,
            territory=scope,
            username=username,
            email=f"{username}@pontes.example",
            first_name=first,
            last_name=last,
            password=password,
        )
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    if role == "superuser":
        if not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        scope_label = "*"
    elif role in (Role.PROVIDER_EDITOR,):
        organisation = Organisation.objects.get(slug=scope_key)
        if not RoleAssignment.objects.filter(user=user, role=role, organisation=organisation).exists():
            services.grant_role(actor=None, user=user, role=role, organisation=organisation)
        scope_label = organisation.name
    else:
        territory = context.territories[scope_key]
        if not RoleAssignment.objects.filter(user=user, role=role, territory=territory).exists():
            services.grant_role(actor=None, user=user, role=role, territory=territory)
        scope_label = territory.name
    secret = ""
    if needs_totp:
        key = context.totp_key_for(username)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        if device.key != key.hex():
            device.key = key.hex()
            device.save(update_fields=["key"])
        secret = base32_secret(key)
    context.credentials.append(DemoCredential(username, password, str(role), scope_label, secret))
