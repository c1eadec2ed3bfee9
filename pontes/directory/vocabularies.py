"""Pontes' extensions to HSDS for the directory: controlled lists, each value a stable code.

These are published in exchanges as HSDS taxonomies ("pontes-need", …) with attributes
linking services to terms; inside Pontes they are lists of codes on the service and bit
masks in the search index. The order of each list is part of the index format: add new
codes at the end only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise
else:
    from django.utils.functional import Promise as StrPromise

NAMESPACE = uuid.UUID("6d0b5c1e-3f0e-4c64-9a1e-6f2d7b0c9a11")


@dataclass(frozen=True)
class Vocabulary:
    key: str  # taxonomy name in exchanges: "pontes-" + key
    title: StrPromise
    description: StrPromise
    values: tuple[tuple[str, StrPromise], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.values)

    def label(self, code: str) -> str:
        return str(dict(self.values).get(code, code))

    def bit(self, code: str) -> int:
        return 1 << self.codes.index(code)

    def mask(self, codes: list[str] | tuple[str, ...]) -> int:
        value = 0
        for code in codes:
            if code in self.codes:
                value |= self.bit(code)
        return value

    @property
    def taxonomy_id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"taxonomy:{self.key}")

    def term_id(self, code: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"term:{self.key}:{code}")


NEEDS = Vocabulary(
    "need",
    _("Needs"),
    _("What a person needs help with."),
    (
        ("information", _("Information and counselling")),
        ("language", _("Language courses")),
        ("interpretation", _("Interpretation and translation")),
        ("education", _("Education")),
        ("skills_recognition", _("Skills recognition and certification")),
        ("employment", _("Employment and job matching")),
        ("health", _("Health, including sexual and reproductive health")),
        ("housing", _("Housing and shelter")),
        ("legal_aid", _("Legal aid and rights")),
        ("documents", _("Documents and residence")),
        ("family_reunification", _("Family reunification")),
        ("families_left_behind", _("Children and families left behind")),
        ("psychosocial", _("Psychosocial support")),
        ("financial_literacy", _("Financial literacy and remittances")),
        ("business", _("Business and investment")),
        ("anti_discrimination", _("Anti-discrimination and victim support")),
        ("social_cultural", _("Social and cultural life")),
        ("civic", _("Civic and political participation")),
    ),
)

PHASES = Vocabulary(
    "phase",
    _("Migration cycle"),
    _("The moment of the migration cycle a service is for."),
    (
        ("pre_decision", _("Before deciding to migrate")),
        ("pre_departure", _("Before departure")),
        ("transit", _("In transit")),
        ("stay", _("Living here")),
        ("return", _("Return and reintegration")),
    ),
)

TARGET_GROUPS = Vocabulary(
    "target-group",
    _("Who it is for"),
    _("The people a service is meant for."),
    (
        ("labour_migrants", _("Labour migrants")),
        ("asylum_seekers", _("Asylum seekers")),
        ("refugees", _("Refugees")),
        ("undocumented", _("Undocumented people")),
        ("families_left_behind", _("Families left behind")),
        ("returnees", _("Returnees")),
        ("diaspora", _("Diaspora")),
        ("women", _("Women")),
        ("youth", _("Young people")),
        ("older_people", _("Older people")),
        ("lgbti", _("LGBTI people")),
        ("trafficking_survivors", _("Survivors of trafficking")),
        ("everyone", _("Everyone")),
    ),
)

DELIVERY_MODES = Vocabulary(
    "delivery-mode",
    _("How it is delivered"),
    _("Where and how people receive the service."),
    (
        ("one_stop_centre", _("One-stop centre")),
        ("desk", _("Desk or office")),
        ("mobile_unit", _("Mobile unit")),
        ("online", _("Online")),
        ("phone_line", _("Phone line")),
        ("outreach", _("Outreach")),
    ),
)

LEVELS = Vocabulary(
    "level",
    _("Level"),
    _("For courses: the level taught (CEFR)."),
    (
        ("A1", _("A1 (beginner)")),
        ("A2", _("A2 (elementary)")),
        ("B1", _("B1 (intermediate)")),
        ("B2", _("B2 (upper intermediate)")),
        ("C1", _("C1 (advanced)")),
        ("C2", _("C2 (proficient)")),
    ),
)

TERRITORY_ROLES = Vocabulary(
    "territory-role",
    _("Territory role"),
    _("Whether a service serves people in a territory of origin, transit or destination."),
    (
        ("origin", _("Origin")),
        ("transit", _("Transit")),
        ("destination", _("Destination")),
    ),
)

ALL = (NEEDS, PHASES, TARGET_GROUPS, DELIVERY_MODES, LEVELS, TERRITORY_ROLES)
BY_KEY = {v.key: v for v in ALL}
