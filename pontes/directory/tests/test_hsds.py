"""HSDS 3.1 serialisation: shapes validated against the Open Referral JSON Schemas, extensions,
translations, stable ids and the fixed number of queries per page."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from pontes.core.models import Organisation, Territory
from pontes.directory import hsds, services, vocabularies
from pontes.directory.models import (
    Attribute,
    Contact,
    Funding,
    Location,
    Phone,
    Program,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Status,
    Taxonomy,
    TaxonomyTerm,
)

HSDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "hsds"
SCHEMA_DIR = HSDS_DIR / "schema"


@cache
def registry() -> Registry:
    """Every HSDS schema under its file URI: their `$ref`s ("phone.json") are relative to it."""
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.as_uri(), Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    schema = {"$ref": (SCHEMA_DIR / f"{name}.json").as_uri()}
    return Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())


def assert_valid(name: str, instance: Any) -> None:
    """Valid against the HSDS schema `name`, with no null anywhere and well-formed dates."""
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert_clean(instance)


def assert_clean(value: Any, path: str = "") -> None:
    """No null (HSDS types forbid it) and ISO dates that parse (jsonschema skips date-time)."""
    assert value is not None, f"null at {path}"
    if isinstance(value, dict):
        for key, item in value.items():
            assert_clean(item, f"{path}.{key}")
            if key in ("last_modified", "last_action_date"):
                datetime.datetime.fromisoformat(item)
            elif key in ("assured_date", "valid_from", "valid_to"):
                datetime.date.fromisoformat(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_clean(item, f"{path}[{index}]")


def test_the_validator_catches_wrong_shapes():
    with pytest.raises(AssertionError):
        assert_valid("service", {"id": "not-a-uuid", "name": "x", "status": "active"})
    with pytest.raises(AssertionError):  # through a $ref to another file
        some_id = "ac148810-d857-441c-9679-408f346de14b"
        assert_valid("service", {"id": some_id, "name": "x", "status": "active", "phones": [{"id": some_id}]})
    with pytest.raises(AssertionError):
        assert_valid("service", {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "x", "status": "open"})
    example = json.loads((HSDS_DIR / "examples" / "service_full.json").read_text(encoding="utf-8"))
    assert not list(validator("service").iter_errors(example))


# --- Fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def place(world) -> Location:
    location = services.save_location(
        actor=None,
        organization=world.organisation,
        territory=world.district,
        values={
            "name": "Casa Beta",
            "description": "Planta baja.",
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
        languages=["es", "ar"],
        translations={"fr": {"name": "Maison Beta"}},
    )
    Phone.objects.create(location=location, number="+34 900 000 001", languages=["es"])
    Schedule.objects.create(
        location=location, byday="MO,TU", opens_at=datetime.time(9), closes_at=datetime.time(14)
    )
    return location


def make_service(world, place, **overrides: Any) -> Service:
    payload: dict[str, Any] = {
        "name": "Clases de español",
        "description": "Curso para principiantes por la tarde.",
        "original_language": "es",
        "needs": ["language", "education"],
        "phases": ["stay"],
        "target_groups": ["everyone"],
        "delivery_modes": ["desk"],
        "levels": ["A1"],
        "territory_roles": ["destination"],
        "languages": ["es", "ar"],
        "schedules": [{"byday": "MO,WE", "opens_at": "18:30", "closes_at": "20:30"}],
        "cost_options": [{"amount": "12.50", "currency": "EUR", "option": "al mes"}],
        "required_documents": ["Pasaporte"],
        "phones": [{"number": "+34 900 000 002", "languages": ["es", "wo"]}],
        "open_to_all": True,
        "legal_basis": "Plan municipal (ficticio)",
        "minimum_age": 16,
        "translations": {"ar": {"name": "دروس اللغة الإسبانية"}, "fr": {"name": "Cours d'espagnol"}},
        "location_ids": [str(place.pk)] if place is not None else [],
    }
    payload.update(overrides)
    return services.create_service(
        actor=None, organization=world.organisation, territory=world.city, payload=payload
    )


@pytest.fixture
def rich_service(world, place) -> Service:
    """A listing using every part of the model the API publishes."""
    service = make_service(world, place)
    program = Program.objects.create(organization=world.organisation, name="Acogida", original_language="es")
    Service.objects.filter(pk=service.pk).update(
        program=program, url="https://example.org/es", email="a@example.org"
    )
    service.partners.add(world.other_organisation)
    contact = Contact.objects.create(service=service, name="Ana", email="ana@example.org")
    Phone.objects.create(contact=contact, number="+34 900 000 003")
    Funding.objects.create(service=service, source="Ayuntamiento")
    ServiceArea.objects.create(service=service, territory=world.city)
    sal = service.service_at_locations.get()
    Schedule.objects.create(
        service_at_location=sal, byday="FR", opens_at=datetime.time(10), closes_at=datetime.time(12)
    )
    taxonomy = Taxonomy.objects.create(name="other", description="Another taxonomy")
    term = TaxonomyTerm.objects.create(taxonomy=taxonomy, code="x1", name="Term", description="A term")
    Attribute.objects.create(link_id=str(service.pk), link_entity="service", taxonomy_term=term, value="yes")
    world.organisation.description = ""
    world.organisation.phone = "+34 900 000 004"
    world.organisation.save()
    Phone.objects.create(organization=world.organisation, number="+34 900 000 005")
    Funding.objects.create(organization=world.organisation, source="Diputación")
    return service


def full_service(pk: Any, language: str | None = None) -> dict[str, Any]:
    record = hsds.service_queryset().get(pk=pk)
    return hsds.service(record, hsds.build_context(language, services=[record], full=True))


# --- Services -----------------------------------------------------------------------------------


def test_full_service_is_valid_hsds_with_every_part(rich_service, world, place):
    data = full_service(rich_service.pk)
    assert_valid("service", data)
    assert data["id"] == str(rich_service.pk)
    assert data["organization_id"] == str(world.organisation.uuid)  # the uuid, not the integer pk
    assert data["organization"]["id"] == str(world.organisation.uuid)
    assert data["program"]["name"] == "Acogida" and data["program"]["description"] == "Acogida"
    assert data["status"] == "active" and data["minimum_age"] == 16
    for part in ("phones", "schedules", "service_areas", "service_at_locations", "languages", "cost_options",
                 "required_documents", "contacts", "funding", "attributes", "metadata"):  # fmt: skip
        assert data[part], part
    assert data["cost_options"][0]["amount"] == 12.5  # a number, not the string of a decimal
    assert {p["code"] for p in data["phones"][0]["languages"]} == {"es", "wo"}
    assert data["contacts"][0]["phones"][0]["number"] == "+34 900 000 003"
    assert data["service_areas"][0]["x_pontes_territory"]["slug"] == world.city.slug
    sal = data["service_at_locations"][0]
    assert "service" not in sal  # no loop back to the service
    assert sal["location"]["latitude"] == 38.905
    assert sal["location"]["addresses"][0]["postal_code"] == "02001"
    assert sal["location"]["accessibility"][0]["description"] == "Rampa"
    assert {lang["code"] for lang in sal["location"]["languages"]} == {"es", "ar"}
    assert sal["schedules"][0]["byday"] == "FR" and sal["location"]["schedules"][0]["opens_at"] == "09:00:00"
    # Extensions.
    assert data["x_pontes_open_to_all"] is True and data["x_pontes_no_documents_needed"] is False
    assert data["x_pontes_legal_basis"] == "Plan municipal (ficticio)"
    assert data["x_pontes_territory"]["slug"] == world.city.slug
    assert data["x_pontes_partners"] == [str(world.other_organisation.uuid)]
    assert data["x_pontes_language"] == "es"
    # Optional fields without a value are left out, never null.
    assert "alert" not in data
    # Nothing identifies staff in public answers.
    assert "assurer_email" not in data
    assert {m["updated_by"] for m in data["metadata"]} == {settings.PONTES_SITE_NAME}


def test_facets_are_attributes_linking_to_stable_pontes_terms(rich_service):
    data = full_service(rich_service.pk)
    facets = [a for a in data["attributes"] if a.get("link_type", "").startswith("pontes-")]
    expected = {(v.key, code) for name, v in hsds.SERVICE_FACETS for code in getattr(rich_service, name)}
    assert {(a["link_type"].removeprefix("pontes-"), a["taxonomy_term"]["code"]) for a in facets} == expected
    need = next(a for a in facets if a["taxonomy_term"]["code"] == "language")
    assert need["taxonomy_term_id"] == str(vocabularies.NEEDS.term_id("language"))
    assert need["taxonomy_term"]["taxonomy_id"] == str(vocabularies.NEEDS.taxonomy_id)
    assert need["taxonomy_term"]["taxonomy"] == "pontes-need"
    assert need["link_id"] == str(rich_service.pk) and need["link_entity"] == "service"
    # Ids are derived, so the same on every call.
    assert (
        need["id"]
        == next(
            a
            for a in full_service(rich_service.pk)["attributes"]
            if a["taxonomy_term"].get("code") == "language"
        )["id"]
    )
    stored = next(a for a in data["attributes"] if a["taxonomy_term"]["name"] == "Term")
    assert stored["value"] == "yes" and stored["taxonomy_term"]["taxonomy"] == "other"


def test_organisation_without_description_falls_back_to_its_name(rich_service, world):
    record = hsds.organization_queryset(full=True, services="full").get(pk=world.organisation.pk)
    ctx = hsds.build_context(None, organizations=[record], full=True, organization_services="full")
    data = hsds.organization(record, ctx, services="full")
    assert_valid("organization", data)
    assert data["description"] == data["name"] == "Casa Beta"
    assert {p["number"] for p in data["phones"]} == {"+34 900 000 004", "+34 900 000 005"}
    assert data["funding"][0]["source"] == "Diputación"
    assert data["locations"][0]["name"] == "Casa Beta"
    assert data["programs"][0]["name"] == "Acogida"
    assert [s["id"] for s in data["services"]] == [str(rich_service.pk)]
    assert data["services"][0]["attributes"]  # full services
    assert data["x_pontes_kind"] == "ngo"
    item = hsds.organization_item(record, ctx)
    assert_valid("organization", item)
    assert "phones" not in item and "services" not in item


def test_texts_in_the_requested_language_say_which_language_they_are_in(rich_service, place):
    arabic = full_service(rich_service.pk, "ar")
    assert arabic["name"] == "دروس اللغة الإسبانية"
    assert arabic["x_pontes_language"] == "ar"
    # Not translated: the fallback text, and which language it is in.
    assert arabic["description"] == "Curso para principiantes por la tarde."
    assert arabic["x_pontes_field_languages"]["description"] == "es"
    assert arabic["attributes"][0]["taxonomy_term"]["language"] == "ar"
    assert_valid("service", arabic)
    french = full_service(rich_service.pk, "fr")
    assert french["name"] == "Cours d'espagnol"
    assert french["service_at_locations"][0]["location"]["name"] == "Maison Beta"
    assert french["attributes"][0]["taxonomy_term"]["language"] == "fr"  # labels from the UI catalogue
    # By default each record in its original language.
    original = full_service(rich_service.pk)
    assert original["name"] == "Clases de español" and "x_pontes_field_languages" not in original
    # A language nobody wrote: the territory's languages come next (Spain: es, ar).
    wolof = full_service(rich_service.pk, "wo")
    assert wolof["name"] == "Clases de español" and wolof["x_pontes_language"] == "es"


def test_list_items_hold_the_one_to_one_fields(rich_service):
    record = hsds.service_queryset(full=False).get(pk=rich_service.pk)
    item = hsds.service_item(record, hsds.build_context(None, services=[record]))
    assert_valid("service", item)
    assert item["organization"]["name"] == "Casa Beta" and item["program"]["name"] == "Acogida"
    assert not {"phones", "schedules", "attributes", "service_at_locations"} & set(item)


def test_service_at_location_and_location(rich_service, place):
    sal = hsds.service_at_location_queryset().get(service=rich_service)
    ctx = hsds.build_context("fr", service_at_locations=[sal], full=True)
    data = hsds.service_at_location(sal, ctx)
    assert_valid("service_at_location", data)
    assert data["service"]["id"] == str(rich_service.pk) and data["location"]["id"] == str(place.pk)
    assert data["service"]["attributes"] and "service_at_locations" not in data["service"]
    item = hsds.service_at_location_item(
        hsds.service_at_location_queryset(full=False).get(pk=sal.pk),
        hsds.build_context("fr", service_at_locations=[sal]),
    )
    assert_valid("service_at_location", item)
    location = hsds.location(
        hsds.location_queryset().get(pk=place.pk), hsds.build_context(None, locations=[place])
    )
    assert_valid("location", location)
    assert location["phones"][0]["number"] == "+34 900 000 001"


def test_inactive_services_are_not_in_the_public_querysets(rich_service, world):
    Service.objects.filter(pk=rich_service.pk).update(status=Status.INACTIVE)
    assert not hsds.service_queryset().filter(pk=rich_service.pk).exists()
    assert not hsds.service_at_location_queryset().filter(service=rich_service).exists()
    assert not hsds.public_organisations().filter(pk=world.organisation.pk).exists()


# --- Taxonomies ---------------------------------------------------------------------------------


def test_pontes_taxonomies_and_terms_are_generated_from_the_vocabularies():
    taxonomies = hsds.pontes_taxonomies()
    assert [t["name"] for t in taxonomies] == [f"pontes-{v.key}" for v in vocabularies.ALL]
    assert [t["id"] for t in taxonomies] == [str(v.taxonomy_id) for v in vocabularies.ALL]
    for taxonomy in taxonomies:
        assert_valid("taxonomy", taxonomy)
    terms = hsds.pontes_terms("fr")
    assert len(terms) == sum(len(v.codes) for v in vocabularies.ALL)
    for term in terms:
        assert_valid("taxonomy_term", term)
    housing = next(t for t in terms if t["id"] == str(vocabularies.NEEDS.term_id("housing")))
    assert housing["code"] == "housing" and housing["language"] == "fr"
    assert housing["taxonomy_detail"]["id"] == str(vocabularies.NEEDS.taxonomy_id)
    assert hsds.PONTES_TERMS[vocabularies.NEEDS.term_id("housing")] == (vocabularies.NEEDS, "housing")
    # Labels exist in the interface languages only; others get the default.
    assert hsds.pontes_terms("wo")[0]["language"] == settings.LANGUAGE_CODE


def test_stored_taxonomies_and_terms(db):
    taxonomy = Taxonomy.objects.create(
        name="openeligibility", description="Eligibility", uri="https://example.org/t"
    )
    parent = TaxonomyTerm.objects.create(taxonomy=taxonomy, name="Age", description="By age", code="age")
    child = TaxonomyTerm.objects.create(taxonomy=taxonomy, name="Youth", description="Young", parent=parent)
    assert_valid("taxonomy", hsds.taxonomy(taxonomy))
    data = hsds.taxonomy_term(TaxonomyTerm.objects.select_related("taxonomy").get(pk=child.pk))
    assert_valid("taxonomy_term", data)
    assert data["parent_id"] == str(parent.pk) and data["taxonomy"] == "openeligibility"
    assert data["taxonomy_detail"]["uri"] == "https://example.org/t"
    loose = TaxonomyTerm.objects.create(name="Loose", description="", taxonomy_detail="free text")
    assert hsds.taxonomy_term(loose) == {
        "id": str(loose.pk),
        "name": "Loose",
        "description": "",
        "taxonomy": "free text",
    }


# --- Efficiency ---------------------------------------------------------------------------------


def test_territory_languages_cost_no_query(world):
    territories = [
        Territory.objects.get(pk=t.pk) for t in (world.district, world.town, world.city, world.country)
    ]
    with CaptureQueriesContext(connection) as queries:
        languages = [t.effective_languages() for t in territories]
    assert len(queries) == 0
    assert (
        languages
        == [Territory.objects.get(pk=t.pk).effective_languages() for t in territories]
        == [["es", "ar"], ["ar", "fr"], ["es", "ar"], ["ar", "fr"]]
    )


def serialise_page(ids: list[Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        records = list(hsds.service_queryset().filter(pk__in=ids))
        ctx = hsds.build_context("fr", services=records, full=True)
        for record in records:
            hsds.service(record, ctx)
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_services(world, place):
    first = make_service(world, place)
    one = serialise_page([first.pk])
    other = services.save_location(
        actor=None, organization=world.other_organisation, territory=world.town,
        values={"name": "Maison", "original_language": "fr"}, address={"address_1": "Rue 1", "city": "Town A",
                                                                       "country": "MA"},
    )  # fmt: skip
    more = [first.pk]
    for index in range(6):
        organisation = world.organisation if index % 2 else world.other_organisation
        location = place if index % 2 else other
        more.append(
            services.create_service(
                actor=None,
                organization=organisation,
                territory=location.territory,
                payload={
                    "name": f"S{index}",
                    "original_language": "fr",
                    "location_ids": [str(location.pk)],
                    "needs": ["health"],
                    "languages": ["fr"],
                    "phones": [{"number": "1", "languages": ["fr"]}],
                },
            ).pk
        )
    assert serialise_page(more) == one


# --- Exports ------------------------------------------------------------------------------------


def test_export_set_holds_every_listing_of_the_territory_in_its_original_language(rich_service, world, place):
    closed = make_service(world, None, name="Cerrado", status=Status.INACTIVE, translations={})
    elsewhere = services.create_service(
        actor=None, organization=world.other_organisation, territory=world.town, payload={"name": "Ailleurs"}
    )
    data = hsds.export_set(territory=world.city)
    assert {s["id"] for s in data["services"]} == {str(rich_service.pk), str(closed.pk)}
    assert str(elsewhere.pk) not in json.dumps(data)
    spanish = next(s for s in data["services"] if s["id"] == str(rich_service.pk))
    assert spanish["name"] == "Clases de español"
    assert spanish["x_pontes_translations"] == {
        "ar": {"name": "دروس اللغة الإسبانية"},
        "fr": {"name": "Cours d'espagnol"},
    }
    assert "x_pontes_territory" not in spanish
    assert {m["updated_by"] for m in spanish["metadata"]} == {"system"}  # staff exports keep the names
    for record in data["services"]:
        assert_valid("service", record)
    assert [o["id"] for o in data["organizations"]] == [str(world.organisation.uuid)]
    assert_valid("organization", data["organizations"][0])
    assert data["organizations"][0]["locations"][0]["x_pontes_translations"] == {
        "fr": {"name": "Maison Beta"}
    }
    assert [t["name"] for t in data["taxonomies"]] == ["other"]
    json.dumps(data)  # plain JSON values only


def test_an_export_imports_back_without_errors(rich_service, world):
    from pontes.directory.importer import import_hsds

    exported = json.loads(json.dumps(hsds.export_set(territory=world.city)))
    report = import_hsds(actor=None, territory=world.city, source=exported, dry_run=True)
    assert not report.errors, report.errors
    assert not report.created.get("services") and report.updated["services"] == 1


def test_organisation_uuid_is_the_hsds_id(world):
    organisation = Organisation.objects.select_related("territory").get(pk=world.organisation.pk)
    item = hsds.organization_item(organisation, hsds.build_context(None, organizations=[organisation]))
    assert item["id"] == str(organisation.uuid) and item["id"] != str(organisation.pk)


def _items_from_models(language: str | None) -> tuple[list[bytes], list[bytes]]:
    ctx = hsds.Context(language=language)
    services_ = hsds.service_queryset(full=False).order_by("pk")
    sals = hsds.service_at_location_queryset(full=False).order_by("pk")
    return (
        [hsds.encode_json(hsds.service_item(s, ctx)) for s in services_],
        [hsds.encode_json(hsds.service_at_location_item(s, ctx)) for s in sals],
    )


def _items_from_rows(language: str | None) -> tuple[list[bytes], list[bytes]]:
    """The items as the API's list pages give them (read as rows, built, nothing kept)."""
    service_ids = list(hsds.public_services().order_by("pk").values_list("pk", flat=True))
    sal_ids = list(hsds.service_at_location_queryset(full=False).order_by("pk").values_list("pk", flat=True))
    services_ = hsds.encoded_service_items(service_ids, language, remember=False)
    sals = hsds.encoded_service_at_location_items(sal_ids, language, remember=False)
    return [services_[i] for i in service_ids], [sals[i] for i in sal_ids]


@pytest.mark.parametrize("language", [None, "es", "fr", "ar", "wo"])
def test_list_items_read_as_rows_equal_those_read_as_models(rich_service, world, language):
    """The API's pages read plain rows (faster): the items must not differ by one byte."""
    parent = Organisation.objects.create(name="Red Gamma", slug="red-gamma", territory=world.city)
    Organisation.objects.filter(pk=world.organisation.pk).update(parent=parent)
    without_program = make_service(world, Location.objects.get(), name="Asesoría")
    assert without_program.program_id is None
    from_models = _items_from_models(language)
    assert len(from_models[0]) == 2 and len(from_models[1]) == 2
    assert from_models == _items_from_rows(language)
    organisation = json.loads(from_models[0][0])["organization"]
    assert organisation.get("parent_organization_id") == str(parent.uuid)


def test_list_item_rows_take_one_query_whatever_the_page(rich_service, world, django_assert_num_queries):
    ids = [rich_service.pk, make_service(world, Location.objects.get(), name="Otro").pk]
    for _built_then_kept in range(2):  # the rows are read even when their items are kept
        with django_assert_num_queries(1):
            assert set(hsds.encoded_service_items(list(reversed(ids)), None)) == set(ids)
    sal_ids = list(hsds.service_at_location_queryset(full=False).values_list("pk", flat=True))
    with django_assert_num_queries(1):
        assert len(hsds.encoded_service_at_location_items(sal_ids, None)) == 2


def test_list_item_rows_take_pages_of_any_size(rich_service, world, django_assert_num_queries):
    other = make_service(world, Location.objects.get(), name="Otro")
    assert hsds.encoded_service_items([], None) == {}
    for ids in ([other.pk], [rich_service.pk, other.pk], [other.pk, rich_service.pk, other.pk]):
        with django_assert_num_queries(1):
            assert set(hsds.encoded_service_items(ids, "fr")) == set(ids)
    Service.objects.filter(pk=other.pk).delete()
    assert set(hsds.encoded_service_items([other.pk, rich_service.pk], "fr")) == {rich_service.pk}
    sal = ServiceAtLocation.objects.get(service=rich_service)
    (item,) = hsds.encoded_service_at_location_items([sal.pk], None).values()
    parsed = json.loads(item)
    assert (parsed["service_id"], parsed["location_id"]) == (str(sal.service_id), str(sal.location_id))


def test_list_item_rows_see_a_territory_changed_since_an_earlier_page(rich_service, world):
    """Rows keep each territory for the process, under its stored values: a change is a new one
    (and so is the item kept from the earlier page)."""
    ctx = hsds.Context(language="fr")
    before = json.loads(hsds.encoded_service_items([rich_service.pk], "fr")[rich_service.pk])
    territory = Territory.objects.get(pk=rich_service.territory_id)
    territory.set_translation("fr", "name", "Ville Gamma")
    territory.languages = ["wo"]
    territory.save()
    after = json.loads(hsds.encoded_service_items([rich_service.pk], "fr")[rich_service.pk])
    assert after["x_pontes_territory"]["name"] == "Ville Gamma" != before["x_pontes_territory"]["name"]
    fresh = hsds.service_queryset(full=False).get(pk=rich_service.pk)
    assert after == json.loads(hsds.encode_json(hsds.service_item(fresh, ctx)))


@pytest.mark.django_db
def test_the_demo_directory_lists_the_same_from_rows_and_models():
    import io

    from django.core.management import call_command

    call_command("demo_data", stdout=io.StringIO())
    for language in (None, "fr", "ar"):
        from_models = _items_from_models(language)
        assert from_models[0] and from_models[1]
        assert from_models == _items_from_rows(language)
