"""Reads in core. Anything that depends on who is asking takes the account as an argument."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .languages import base_language
from .models import AuditEntry, Organisation, RoleAssignment, Territory, User
from .permissions import has_perm
from .registry import NavEntry, Statistic, registry
from .translation import TranslatableModel


def territory_tree_for_home() -> list[tuple[Territory, list[Territory]]]:
    """Top-level territories with their direct children, for the platform home page."""
    roots = list(Territory.objects.get_root_nodes())
    children = Territory.objects.filter(depth=2).order_by("path")
    by_root: dict[str, list[Territory]] = {}
    for child in children:
        by_root.setdefault(child.path[: Territory.steplen], []).append(child)
    return [(root, by_root.get(root.path, [])) for root in roots]


def children_of(territory: Territory) -> list[Territory]:
    return list(Territory.objects.get_children(territory))


def subtree(territory: Territory) -> QuerySet[Territory]:
    return Territory.objects.filter(path__startswith=territory.path).order_by("path")


def breadcrumbs(territory: Territory) -> list[Territory]:
    """The territory's ancestors from the top, then itself."""
    return [*Territory.objects.get_ancestors(territory), territory]


def public_nav(territory: Territory) -> list[tuple[NavEntry, str]]:
    from django.urls import reverse

    entries = []
    for capability in registry:
        for entry in capability.public_nav:
            kwargs = {"slug": territory.slug} if entry.territory_scoped else {}
            url = reverse(entry.url_name, kwargs=kwargs)
            if entry.territory_param:
                url += f"?{entry.territory_param}={territory.slug}"
            entries.append((entry, url))
    return entries


def staff_nav(user: Any, territory: Territory) -> list[tuple[NavEntry, str]]:
    from django.urls import reverse

    entries = []
    for capability in registry:
        for entry in capability.staff_nav:
            if entry.permission and not has_perm(user, entry.permission, territory):
                continue
            kwargs = {"slug": territory.slug} if entry.territory_scoped else {}
            entries.append((entry, reverse(entry.url_name, kwargs=kwargs)))
    return entries


def organisation_nav(user: Any, organisation: Organisation) -> list[tuple[NavEntry, str]]:
    from django.urls import reverse

    entries = []
    for capability in registry:
        for entry in capability.organisation_nav:
            if entry.permission and not has_perm(user, entry.permission, organisation):
                continue
            entries.append((entry, reverse(entry.url_name, kwargs={"org": organisation.slug})))
    return entries


def statistics(territory: Territory) -> list[tuple[str, list[Statistic]]]:
    found = []
    for capability in registry:
        if capability.statistics is not None:
            figures = capability.statistics(territory)
            if figures:
                found.append((str(capability.name), figures))
    return found


def audit_entries(
    territory: Territory, *, action: str = "", actor: str = "", target_type: str = "", page: int = 1
) -> Page[AuditEntry]:
    entries = AuditEntry.objects.filter(territory_path__startswith=territory.path)
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_repr__icontains=actor)
    if target_type:
        entries = entries.filter(target_type=target_type)
    return Paginator(entries.order_by("-created_at", "-id"), 50).get_page(page)


def audit_target_types(territory: Territory) -> list[str]:
    return list(
        AuditEntry.objects.filter(territory_path__startswith=territory.path)
        .order_by("target_type")
        .values_list("target_type", flat=True)
        .distinct()
    )


def role_assignments_in(territory: Territory) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(
            Q(territory__path__startswith=territory.path)
            | Q(organisation__territory__path__startswith=territory.path)
        )
        .select_related("user", "territory", "organisation")
        .order_by("user__username", "role")
    )


def organisations_in(territory: Territory) -> QuerySet[Organisation]:
    return Organisation.objects.filter(territory__path__startswith=territory.path).order_by("name")


@dataclass
class TranslationGap:
    item: TranslatableModel
    missing: dict[str, list[str]]


@dataclass
class TranslationGapReport:
    languages: list[str]
    model_name: str
    total: int = 0
    missing_per_language: dict[str, int] = field(default_factory=dict)
    gaps: list[TranslationGap] = field(default_factory=list)


def translation_gaps(
    territory: Territory, *, languages: list[str] | None = None
) -> list[TranslationGapReport]:
    """For each translatable kind of content in the territory, which items miss which language."""
    wanted = languages or territory.effective_languages()
    reports = []
    for model in registry.translatable_models():
        lookup = model.territory_lookup
        path_field = f"{lookup}__path__startswith" if lookup else "path__startswith"
        items = model._default_manager.filter(**{path_field: territory.path})
        if lookup:
            items = items.select_related(lookup)
        report = TranslationGapReport(languages=wanted, model_name=str(model._meta.verbose_name_plural))
        for item in items.iterator(chunk_size=500):
            report.total += 1
            others = [code for code in wanted if base_language(code) != base_language(item.original_language)]
            missing = {
                code: [str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in names]
                for code, names in item.missing_translations(others).items()
            }
            if missing:
                report.gaps.append(TranslationGap(item=item, missing=missing))
                for code in missing:
                    report.missing_per_language[code] = report.missing_per_language.get(code, 0) + 1
        reports.append(report)
    return reports


def own_data_export(user: User) -> dict[str, Any]:
    """Everything Pontes core holds about an account, for the person to download."""
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "roles": [
            {
                "role": a.role,
                "territory": a.territory.name if a.territory else None,
                "organisation": a.organisation.name if a.organisation else None,
                "since": a.created_at.isoformat(),
            }
            for a in RoleAssignment.objects.filter(user=user).select_related("territory", "organisation")
        ],
        "second_factor_devices": [
            {"name": d.name, "confirmed": d.confirmed} for d in TOTPDevice.objects.filter(user=user)
        ],
        "changes_made": [
            {
                "when": e.created_at.isoformat(),
                "action": e.action,
                "what": e.target_type,
                "target": e.target_repr,
            }
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ],
    }
