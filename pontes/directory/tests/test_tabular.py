"""The tabular datapackage export, and export → import round trips in both HSDS formats."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from pontes.core.models import Organisation
from pontes.core.testing import signed_in_client
from pontes.directory import hsds, tabular, vocabularies
from pontes.directory.importer import ENTITIES, _schema, import_hsds, schema_directory
from pontes.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    MetadataEntry,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

from .test_hsds import rich_service  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def read_archive(raw: bytes) -> tuple[dict[str, Any], dict[str, list[dict[str, str]]]]:
    archive = zipfile.ZipFile(io.BytesIO(raw))
    descriptor = json.loads(archive.read("datapackage.json"))
    tables = {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))
        for name in archive.namelist()
        if name.endswith(".csv")
    }
    return descriptor, tables


def test_datapackage_has_a_table_per_entity_with_hsds_columns(rich_service, world):  # noqa: F811
    descriptor, tables = read_archive(tabular.export_datapackage(territory=world.city))
    assert descriptor["profile"] == "tabular-data-package"
    assert {r["path"] for r in descriptor["resources"]} == set(tables)
    for name in ("services.csv", "organizations.csv", "locations.csv", "service_at_location.csv",
                 "phones.csv", "schedules.csv", "languages.csv", "cost_options.csv", "contacts.csv",
                 "addresses.csv", "accessibility.csv", "funding.csv", "programs.csv",
                 "service_areas.csv", "required_documents.csv", "taxonomies.csv",
                 "taxonomy_terms.csv", "attributes.csv"):  # fmt: skip
        assert tables.get(name), name
    by_file = {spec.csv: spec for spec in ENTITIES.values()}
    for resource in descriptor["resources"]:
        spec = by_file[resource["path"]]
        properties = _schema(spec.name, str(schema_directory()))["properties"]
        columns = [f["name"] for f in resource["schema"]["fields"]]
        assert columns[0] == "id"
        for column in columns:
            assert column in properties or column in spec.extensions, (resource["path"], column)
        assert list(tables[resource["path"]][0]) == columns
    (service,) = [row for row in tables["services.csv"] if row["id"] == str(rich_service.pk)]
    assert service["organization_id"] == str(world.organisation.uuid)
    assert service["name"] == "Clases de español"
    assert json.loads(service["x_pontes_translations"])["fr"] == {"name": "Cours d'espagnol"}
    assert service["x_pontes_open_to_all"] == "true"
    # Pontes' facets travel as attributes naming our vocabularies' terms.
    terms = {row["taxonomy_term_id"] for row in tables["attributes.csv"] if row["link_id"] == service["id"]}
    assert str(vocabularies.NEEDS.term_id("language")) in terms
    (cost,) = [row for row in tables["cost_options.csv"] if row["service_id"] == str(rich_service.pk)]
    assert cost["amount"] == "12.5"


def test_csv_export_is_served_to_exchange_staff_only(rich_service, world, staff):  # noqa: F811
    url = reverse("directory:export_datapackage", kwargs={"slug": world.city.slug})
    assert signed_in_client(staff["city_editor"]).get(url).status_code == 403
    response = signed_in_client(staff["city_admin"], verified=True).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"pontes-hsds-{world.city.slug}.zip" in response["Content-Disposition"]
    _descriptor, tables = read_archive(response.content)
    assert str(rich_service.pk) in {row["id"] for row in tables["services.csv"]}


def comparable(value: Any) -> Any:
    """An export without what an import changes by design, and with lists in a stable order.

    The change log (`metadata`) gains the import, and a service's `last_modified` is when the
    listing last changed here: an import is such a change.
    """
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in ("metadata", "last_modified")}
    if isinstance(value, list):
        items = [comparable(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def forget_directory(world) -> None:
    """Remove every directory record (and clear the organisations' HSDS fields) before re-import."""
    for model in (Attribute, MetadataEntry, Schedule, Phone, Contact, Language, CostOption,
                  RequiredDocument, ServiceArea, Funding, Address, Accessibility, ServiceAtLocation,
                  Service, Location, Program, TaxonomyTerm, Taxonomy):  # fmt: skip
        model.objects.all().delete()
    Organisation.objects.update(description="", email="", website="", legal_status="", year_incorporated=None)
    assert not Service.objects.exists()


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_export_then_import_round_trips_without_loss(rich_service, world, kind):  # noqa: F811
    before = json.loads(json.dumps(hsds.export_set(territory=world.city)))
    source: Any = before if kind == "json" else tabular.export_datapackage(territory=world.city)
    forget_directory(world)
    report = import_hsds(actor=None, territory=world.city, source=source)
    assert not report.errors, report.errors
    assert report.created["services"] == len(before["services"])
    after = json.loads(json.dumps(hsds.export_set(territory=world.city)))
    assert comparable(after) == comparable(before)
    # Importing the same set again updates the same rows, never duplicates them.
    again = import_hsds(actor=None, territory=world.city, source=source)
    assert not again.errors and not again.created.get("services")
    assert Service.objects.count() == len(before["services"])
    assert comparable(json.loads(json.dumps(hsds.export_set(territory=world.city)))) == comparable(before)


def test_export_and_import_commands_round_trip(rich_service, world, tmp_path):  # noqa: F811
    from django.core.management import call_command

    target = tmp_path / "beta.zip"
    call_command("hsds_export", str(target), territory=world.city.slug)
    before = comparable(json.loads(json.dumps(hsds.export_set(territory=world.city))))
    forget_directory(world)
    call_command("hsds_import", str(target), territory=world.city.slug)
    assert comparable(json.loads(json.dumps(hsds.export_set(territory=world.city)))) == before
    call_command("hsds_export", str(tmp_path / "beta.json"), territory=world.city.slug)
    assert json.loads((tmp_path / "beta.json").read_text())["services"]


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_the_demo_directory_round_trips(kind):
    import io as _io

    from django.core.management import call_command

    from pontes.core.models import Territory

    call_command("demo_data", stdout=_io.StringIO())
    for territory in Territory.objects.filter(depth=1):
        before = json.loads(json.dumps(hsds.export_set(territory=territory)))
        if not before["services"]:
            continue
        source: Any = before if kind == "json" else tabular.export_datapackage(territory=territory)
        report = import_hsds(actor=None, territory=territory, source=source)
        assert not report.errors, report.errors[:5]
        assert not report.created.get("services")
        assert report.updated["services"] == len(before["services"])
        after = json.loads(json.dumps(hsds.export_set(territory=territory)))
        assert comparable(after) == comparable(before)
