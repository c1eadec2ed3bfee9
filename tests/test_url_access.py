"""Walks every URL pattern and checks who may open it.

Each view declares its access policy through pontes.core.permissions (public, login_only,
territory_permission, organisation_permission). A pattern whose view declares none fails
here, so a new page cannot be added without saying who may see it. For every pattern the
test checks three visitors: anonymous, staff of another territory, staff of this territory.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pontes.core.models import Role, RoleAssignment
from pontes.core.permissions import Access
from pontes.core.registry import registry
from pontes.core.testing import signed_in_client


def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ALL_PATTERNS = sorted(dict(walk(get_resolver().url_patterns)).items())


def test_every_named_pattern_declares_its_access() -> None:
    undeclared = [
        name
        for name, pattern in ALL_PATTERNS
        if not isinstance(getattr(pattern.callback, "pontes_access", None), Access)
    ]
    assert not undeclared, f"Views without an access declaration: {undeclared}"
    unnamed = [p for p in get_resolver().url_patterns if isinstance(p, URLPattern) and not p.name]
    assert not unnamed


def kwargs_for(name: str, pattern: URLPattern, context: dict[str, Any]) -> dict[str, Any]:
    """Sample values for a pattern's arguments: by route name first, then by argument and type."""
    values = {}
    for argument, converter in pattern.pattern.converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()  # int, uuid, slug, str, path
        candidates = [f"{name}:{argument}", f"{argument}:{kind}", argument]
        for candidate in candidates:
            if candidate in context:
                values[argument] = context[candidate]
                break
        else:
            pytest.fail(
                f"No sample value for {name} argument {argument!r}; add one in tests/test_url_access.py"
            )
    return values


def sample_context(world: Any) -> dict[str, Any]:
    from pontes.directory import services as directory_services
    from pontes.directory import vocabularies
    from pontes.directory.models import Feedback, Revision

    service = directory_services.create_service(
        actor=None,
        organization=world.organisation,
        territory=world.city,
        payload={"name": "Servicio de prueba", "needs": ["information"], "original_language": "es"},
    )
    location = directory_services.save_location(
        actor=None, organization=world.organisation, territory=world.city, values={"name": "Sede"}
    )
    directory_services.update_service(
        actor=None,
        service=service,
        payload={"name": "Servicio de prueba", "location_ids": [str(location.pk)], "original_language": "es"},
    )
    revision = Revision.objects.create(
        service=service, organization=world.organisation, territory=world.city, data={"name": "Otro nombre"}
    )
    feedback = Feedback.objects.create(service=service, kind="closed")
    assignment = RoleAssignment.objects.get(user__username="city-analyst")
    sal = service.service_at_locations.get()
    profile = _profile_samples(world)
    diaspora = _diaspora_samples(world)
    return {
        **profile,
        **diaspora,
        **_app_samples(world),
        "slug": world.city.slug,
        "org": world.organisation.slug,
        "pk:int": assignment.pk,
        "user_id": assignment.user_id,
        "pk:uuid": service.pk,
        "service": service.pk,
        "revision": revision.pk,
        "feedback": feedback.pk,
        "hsds_api:organization:pk": world.organisation.uuid,
        "hsds_api:service_at_location:pk": sal.pk,
        "hsds_api:taxonomy:pk": vocabularies.NEEDS.taxonomy_id,
        "hsds_api:taxonomy_term:pk": vocabularies.NEEDS.term_id("information"),
    }


def _app_samples(world: Any) -> dict[str, Any]:
    """Sample values an app provides itself: `url_samples(world)` in its `testing` module."""
    values: dict[str, Any] = {}
    for app in settings.PONTES_CAPABILITY_APPS:
        try:
            module = importlib.import_module(f"{app}.testing")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.testing":
                raise
            continue
        samples = getattr(module, "url_samples", None)
        if samples is not None:
            values.update(samples(world))
    return values


def _diaspora_samples(world: Any) -> dict[str, Any]:
    import datetime
    from decimal import Decimal

    from pontes.core.models import User
    from pontes.diaspora import services
    from pontes.diaspora.models import Opportunity, OrganisationProfile

    founder = User.objects.create_user("founder")
    profile = services.register_organisation(
        actor=founder, name="Asociación Beta", kind="migrant_association", base=world.city
    )
    profile.status = "verified"  # as staff would, without needing an account here
    profile.save(update_fields=["status"])
    OrganisationProfile.objects.create(organisation=world.organisation, status="verified")
    person = services.register_person(
        user=User.objects.create_user("returnee"),
        name="Amina",
        attachment="migrant",
        residence_country="ES",
        territories=[world.city],
        consents=["jobs"],
        skills=[{"isco": "2211"}],
    )
    opportunity = Opportunity.objects.create(
        territory=world.city,
        kind="job",
        title="Nurse",
        description="Night shifts",
        skills=["2211"],
        status="published",
        deadline=datetime.date.today() + datetime.timedelta(days=10),
    )
    proposal = services.submit_proposal(
        actor=founder,
        territory=world.city,
        title="Garden",
        problem="p",
        plan="p",
        budget=[("Seeds", Decimal("10"))],
    )
    return {
        "diaspora:organisation:slug": profile.organisation.slug,
        "diaspora:organisation_edit:org": world.organisation.slug,
        "diaspora:review:pk": profile.pk,
        "diaspora:opportunity:pk": opportunity.pk,
        "diaspora:opportunity_edit:pk": opportunity.pk,
        "diaspora:opportunity_status:pk": opportunity.pk,
        "diaspora:matches:pk": opportunity.pk,
        "diaspora:proposal:pk": proposal.pk,
        "diaspora:proposal_progress:pk": proposal.pk,
        "diaspora:proposal_action:pk": proposal.pk,
        "diaspora:proposal_translate:pk": proposal.pk,
        "uuid": person.uuid,
    }


def _profile_samples(world: Any) -> dict[str, Any]:
    from django.conf import settings

    from pontes.profiles.models import PendingImport
    from pontes.profiles.testing import fill_sample_values, published_template, sample_card

    template = published_template(world.other_country)
    fill_sample_values(template, world.city)
    card = sample_card(world.city)
    indicator = template.indicators.get(code="POP.MIG.STOCK")
    folder = settings.VAR_DIR / "uploads" / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample-token").write_bytes(b"indicator,period,value\nPOP.TOTAL,2024,100\n")
    PendingImport.objects.create(
        token="sample-token", territory=world.city, file_name="a.csv", format="csv", source="Test"
    )
    return {
        "fmt": "csv",
        "code": indicator.code,
        "table": "trend",
        "version": template.version,
        "token": "sample-token",
        "profiles:indicator_edit:pk": indicator.pk,
        "profiles:card_edit:pk": card.pk,
        "profiles:fact_card:pk": card.pk,
    }


@pytest.mark.parametrize(("name", "pattern"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_access(name: str, pattern: URLPattern, world, staff, make_user) -> None:
    access: Access = pattern.callback.pontes_access  # type: ignore[attr-defined]
    url = reverse(name, kwargs=kwargs_for(name, pattern, sample_context(world)))

    anonymous = Client().get(url)
    if access.kind == "public":
        assert anonymous.status_code in (200, 302, 405), (name, anonymous.status_code)
        return
    assert anonymous.status_code == 302, (name, anonymous.status_code)
    assert reverse("core:login") in anonymous["Location"]

    if access.kind == "login":
        assert signed_in_client(staff["nobody"]).get(url).status_code in (200, 302, 405)
        return
    if access.kind == "owner":
        # Someone signed in with no tie to the object is refused; its owners are tested by the app.
        assert signed_in_client(staff["nobody"]).get(url).status_code in (403, 404), name
        return

    # Staff of another territory hold every role there, and still may not open this page.
    roles = registry.roles_for(access.permission or "")
    outsider = make_user("outsider", totp=True)
    insider = make_user("insider", totp=True)
    for role in roles:
        if role == Role.PROVIDER_EDITOR:
            RoleAssignment.objects.create(user=outsider, role=role, organisation=world.other_organisation)
            RoleAssignment.objects.create(user=insider, role=role, organisation=world.organisation)
        else:
            RoleAssignment.objects.create(user=outsider, role=role, territory=world.province)
            RoleAssignment.objects.create(user=insider, role=role, territory=world.city)
    outside = signed_in_client(outsider, verified=True).get(url)
    assert outside.status_code in (403, 404), (name, outside.status_code)
    inside = signed_in_client(insider, verified=True).get(url)
    assert inside.status_code in (200, 405), (name, inside.status_code)

    # Staff of this territory whose roles do not grant the permission are refused too.
    other_roles = [r for r in (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST) if r not in roles]
    if other_roles and access.kind == "territory":
        colleague = make_user("colleague", totp=True)
        for role in other_roles:
            RoleAssignment.objects.create(user=colleague, role=role, territory=world.city)
        refused = signed_in_client(colleague, verified=True).get(url)
        assert refused.status_code == 403, (name, refused.status_code)
