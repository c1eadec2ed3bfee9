"""Directory fixtures: a few listings in the test world, built through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pontes.directory import services
from pontes.directory.models import Location, Service


def payload(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Clases de español",
        "description": "Curso para principiantes por la tarde.",
        "original_language": "es",
        "needs": ["language"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "levels": ["A1"],
        "languages": ["es", "ar"],
        "schedules": [{"byday": "MO,WE", "opens_at": "18:30", "closes_at": "20:30"}],
        "cost_options": [{"amount": "0", "currency": "EUR"}],
        "translations": {"ar": {"name": "دروس اللغة الإسبانية"}, "fr": {"name": "Cours d'espagnol"}},
    }
    data.update(overrides)
    return data


@pytest.fixture
def place(world) -> Location:
    return services.save_location(
        actor=None,
        organization=world.organisation,
        territory=world.district,
        values={
            "name": "Casa Beta",
            "latitude": Decimal("38.905"),
            "longitude": Decimal("-1.195"),
            "original_language": "es",
        },
        address={
            "address_1": "Calle Mayor 1",
            "city": "Ciudad Beta",
            "country": "ES",
            "postal_code": "02001",
        },
        accessibility="Rampa",
    )


@pytest.fixture
def listings(world, place) -> dict[str, Service]:
    def make(**overrides: Any) -> Service:
        return services.create_service(
            actor=None,
            organization=world.organisation,
            territory=world.city,
            payload=payload(location_ids=[str(place.pk)], **overrides),
        )

    return {
        "spanish": make(),
        "legal": make(
            name="Asesoría jurídica",
            description="Permisos de residencia y recursos.",
            needs=["legal_aid", "documents"],
            levels=[],
            schedules=[{"byday": "TU", "opens_at": "10:00", "closes_at": "13:00"}],
            cost_options=[{"amount": "30", "currency": "EUR"}],
            translations={},
            languages=["es", "fr"],
        ),
        "weekend": make(
            name="Taller de fin de semana",
            description="Costura y conversación.",
            needs=["social_cultural"],
            levels=[],
            schedules=[{"byday": "SA", "opens_at": "10:00", "closes_at": "12:00"}],
            translations={},
            no_documents_needed=True,
        ),
    }
