"""How capabilities declare themselves to core, so that core never imports them.

Each capability app calls `registry.register(Capability(...))` from its AppConfig.ready():
its navigation entries, the permissions it adds and which roles hold them, its demo-data
step, its statistics for a territory page and its translatable models. Core reads the
registry to build menus, check permissions, generate demo data and report missing
translations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .demo import DemoContext
    from .models import Territory
    from .translation import TranslatableModel

type Text = str | Promise


@dataclass(frozen=True)
class NavEntry:
    """A link a capability adds to a territory's page (public) or to the staff area."""

    url_name: str
    label: Text
    # Staff entries are shown only to holders of this permission on the territory.
    permission: str | None = None
    # Reversed with the territory's slug when true, with no arguments otherwise.
    territory_scoped: bool = True
    # For entries not scoped by URL: the query parameter that carries the territory's slug.
    territory_param: str | None = None


@dataclass(frozen=True)
class Statistic:
    label: Text
    value: int | str


@dataclass(frozen=True)
class Capability:
    label: str
    name: Text
    summary: Text
    order: int = 100
    public_nav: tuple[NavEntry, ...] = ()
    staff_nav: tuple[NavEntry, ...] = ()
    # Links for people who act for an organisation (reversed with `org=<slug>`).
    organisation_nav: tuple[NavEntry, ...] = ()
    # Permission name -> the roles that grant it.
    permissions: Mapping[str, Iterable[str]] = field(default_factory=dict)
    demo_data: Callable[[DemoContext], None] | None = None
    statistics: Callable[[Territory], list[Statistic]] | None = None
    # "app_label.ModelName" of models built on TranslatableModel.
    translatable_models: tuple[str, ...] = ()


class CapabilityRegistry:
    def __init__(self) -> None:
        self._capabilities: dict[str, Capability] = {}

    def register(self, capability: Capability) -> None:
        if capability.label in self._capabilities:
            raise ValueError(f"Capability {capability.label!r} is already registered.")
        for permission in capability.permissions:
            for other in self._capabilities.values():
                if permission in other.permissions:
                    raise ValueError(f"Permission {permission!r} is declared by {other.label!r} already.")
        self._capabilities[capability.label] = capability

    def unregister(self, label: str) -> None:
        self._capabilities.pop(label, None)

    def __iter__(self) -> Iterator[Capability]:
        return iter(sorted(self._capabilities.values(), key=lambda c: (c.order, c.label)))

    def get(self, label: str) -> Capability | None:
        return self._capabilities.get(label)

    def roles_for(self, permission: str) -> frozenset[str]:
        for capability in self._capabilities.values():
            if permission in capability.permissions:
                return frozenset(capability.permissions[permission])
        return frozenset()

    def is_known_permission(self, permission: str) -> bool:
        return any(permission in c.permissions for c in self._capabilities.values())

    def translatable_models(self) -> list[type[TranslatableModel]]:
        models: list[type[TranslatableModel]] = []
        for capability in self:
            for label in capability.translatable_models:
                models.append(apps.get_model(label))
        return models


registry = CapabilityRegistry()
