"""HSDS import: the published examples, updates, precise errors, all-or-nothing, and fuzzing."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pontes.core import services as core_services
from pontes.core.models import AuditEntry, Organisation
from pontes.directory import vocabularies
from pontes.directory.importer import ImportReport, import_hsds
from pontes.directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    SearchDocument,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

HSDS = Path(settings.BASE_DIR).parent / "shared" / "hsds"
EXAMPLES = HSDS / "examples"
CSV_EXAMPLE = EXAMPLES / "csv"
# Example files that are sets of services, organisations, places or taxonomies (base.json is not:
# it describes an API).
JSON_SETS = [
    "service_full.json",
    "service_list.json",
    "organization_full.json",
    "organization_list.json",
    "location.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
    "tabular.json",
]
# The HSDS examples place MyCity Civic Center at latitude 100, which is not on Earth and which
# the importer rightly refuses; the tests move it into Ciudad Beta and change nothing else.
LATITUDE, LONGITUDE = Decimal("38.9"), Decimal("-1.2")

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
LOCATION_ID = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
ORGANISATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def counts() -> dict[str, int]:
    """Rows of every directory model and of organisations: "the database as it was"."""
    found = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("directory").get_models()
    }
    found["core.Organisation"] = Organisation.objects.count()
    return found


def on_earth(document: Any) -> Any:
    """A copy of an HSDS document with the examples' impossible coordinates moved into Ciudad Beta."""
    document = copy.deepcopy(document)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "latitude" in node and "longitude" in node:
                node["latitude"], node["longitude"] = float(LATITUDE), float(LONGITUDE)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return document


def write_json(directory: Path, name: str, document: Any) -> Path:
    path = directory / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def example(name: str) -> Any:
    return on_earth(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def read_tables(directory: Path = CSV_EXAMPLE) -> dict[str, list[dict[str, str]]]:
    return {
        path.name: list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        for path in sorted(directory.glob("*.csv"))
    }


def example_tables() -> dict[str, list[dict[str, str]]]:
    tables = read_tables()
    for row in tables["locations.csv"]:
        row["latitude"], row["longitude"] = str(LATITUDE), str(LONGITUDE)
    return tables


def csv_text(rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_tables(directory: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        header = list(rows[0]) if rows else list(read_tables().get(name, [{}])[0])
        (directory / name).write_text(csv_text(rows, header), encoding="utf-8")
    (directory / "datapackage.json").write_text(
        json.dumps({"name": "test", "resources": [{"name": n[:-4], "path": n} for n in tables]}),
        encoding="utf-8",
    )
    return directory


def zip_tables(tables: dict[str, list[dict[str, str]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in tables.items():
            # surrogatepass: a lone surrogate becomes bytes that are not UTF-8, as in a broken file.
            text = csv_text(rows) if rows else "id\n"
            archive.writestr(f"hsds/{name}", text.encode("utf-8", "surrogatepass"))
        archive.writestr("hsds/datapackage.json", json.dumps({"resources": [{"path": n} for n in tables]}))
    return buffer.getvalue()


def located(report: ImportReport) -> set[tuple[str, int, str]]:
    return {(e.file, e.row, e.field) for e in report.errors}


def assert_ok(report: ImportReport) -> None:
    assert report.ok, "\n".join(map(str, report.errors))


# --- The published examples ---------------------------------------------------------------


@pytest.mark.parametrize("name", JSON_SETS)
def test_every_hsds_json_example_imports_cleanly(world, tmp_path, name):
    report = import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, name, example(name)))
    assert_ok(report)
    assert sum(report.created.values()) > 0
    assert not report.updated


def test_the_examples_only_fault_is_their_latitude(world):
    report = import_hsds(actor=None, territory=world.city, source=EXAMPLES / "location.json")
    assert [(e.file, e.row, e.field) for e in report.errors] == [("location.json", 1, "latitude")]
    assert "-90" in report.errors[0].message


def test_full_service_example_keeps_its_parts(world, tmp_path):
    report = import_hsds(
        actor=None,
        territory=world.city,
        source=write_json(tmp_path, "service_full.json", example("service_full.json")),
    )
    assert_ok(report)
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.organization.uuid.hex == ORGANISATION_ID.replace("-", "")
    assert service.territory == world.city
    assert service.program is not None and service.program.organization == service.organization
    assert service.minimum_age == 12 and str(service.assured_date) == "2005-01-01"
    location = Location.objects.get(pk=LOCATION_ID)
    assert location.latitude == LATITUDE and location.organization == service.organization
    assert ServiceAtLocation.objects.filter(service=service, location=location).count() == 1
    # The phone listed under the service, its contact, its place and its organisation is one phone.
    phone = Phone.objects.get()
    assert (
        phone.service_id == service.pk and phone.location_id == location.pk and phone.contact_id is not None
    )
    assert phone.languages == ["ur"] and phone.extension == 100
    assert {lang.code for lang in Language.objects.all()} == {"ur"}
    schedule = Schedule.objects.get()
    assert schedule.byday == "TH,FR" and str(schedule.opens_at) == "10:00:00"
    assert service.cost_options.get().currency == "GBP"
    assert Address.objects.get().country == "US"
    # A foreign attribute is kept as it is.
    attribute = Attribute.objects.get()
    assert attribute.link_id == SERVICE_ID and attribute.taxonomy_term.name == "name"
    # The long required-document text is kept whole.
    assert not any(w.field == "required_documents[0].document" for w in report.warnings)
    assert max(len(d.document) for d in RequiredDocument.objects.all()) > 250
    # Searchable straight away.
    assert SearchDocument.objects.filter(service=service).count() == 1


def test_csv_datapackage_example_imports_cleanly(world, tmp_path):
    source = write_tables(tmp_path / "csv", example_tables())
    before = counts()
    report = import_hsds(actor=None, territory=world.city, source=source)
    assert_ok(report)
    assert report.created == {
        "taxonomies": 1,
        "taxonomy_terms": 1,
        "organizations": 1,
        "programs": 1,
        "services": 1,
        "locations": 1,
        "service_at_locations": 1,
        "addresses": 1,
        "accessibility": 1,
        "contacts": 1,
        "phones": 1,
        "languages": 1,
        "schedules": 1,
        "cost_options": 1,
        "required_documents": 1,
        "service_areas": 1,
        "funding": 1,
        "attributes": 1,
        "metadata": 1,
    }
    after = counts()
    assert after["core.Organisation"] == before["core.Organisation"] + 1
    organisation = Organisation.objects.get(uuid=ORGANISATION_ID)
    assert organisation.territory == world.city and organisation.slug == "example-organization-inc"
    assert organisation.year_incorporated == 2011
    # Skipped tables and dangling optional links are warnings, each with its place.
    assert any(w.file == "units.csv" for w in report.warnings)
    assert any((w.file, w.row, w.field) == ("contacts.csv", 2, "organization_id") for w in report.warnings)
    entry = AuditEntry.objects.filter(territory=world.city, changes__has_key="hsds_import").get()
    assert entry.changes["services_created"] == [None, 1]


def test_the_unchanged_csv_example_is_refused_for_its_latitude_only(world):
    before = counts()
    report = import_hsds(actor=None, territory=world.city, source=CSV_EXAMPLE)
    assert located(report) == {("locations.csv", 2, "latitude")}
    assert counts() == before


def test_csv_datapackage_as_zip(world):
    report = import_hsds(actor=None, territory=world.city, source=zip_tables(example_tables()))
    assert_ok(report)
    assert report.created["services"] == 1


# --- Importing again ----------------------------------------------------------------------


def test_importing_twice_updates_instead_of_duplicating(world, tmp_path):
    tables = example_tables()
    first = import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "one", tables))
    assert_ok(first)
    after_first = counts()
    tables["services.csv"][0]["name"] = "Counselling for everyone"
    tables["services.csv"][0]["status"] = "inactive"
    tables["locations.csv"][0]["name"] = "New Civic Centre"
    tables["organizations.csv"][0]["description"] = "Changed description"
    second = import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "two", tables))
    assert_ok(second)
    index_tables = {"directory.SearchDocument", "directory.SearchText"}
    assert {k: v for k, v in counts().items() if k not in index_tables} == {
        k: v for k, v in after_first.items() if k not in index_tables
    }
    assert second.created == {} and second.updated == first.created
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name == "Counselling for everyone" and service.status == "inactive"
    assert Location.objects.get(pk=LOCATION_ID).name == "New Civic Centre"
    assert Organisation.objects.get(uuid=ORGANISATION_ID).description == "Changed description"
    # An inactive service leaves the search index.
    assert not SearchDocument.objects.filter(service=service).exists()


def test_importing_a_json_set_twice_updates(world, tmp_path):
    document = example("organization_full.json")
    assert_ok(import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "a.json", document)))
    after_first = counts()
    document["services"][0]["name"] = "Renamed"
    report = import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "b.json", document))
    assert_ok(report)
    assert counts() == after_first and not report.created
    assert Service.objects.get(pk=SERVICE_ID).name == "Renamed"


def test_an_absent_field_stays_and_an_empty_one_is_cleared(world, tmp_path):
    tables = example_tables()
    assert_ok(import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "a", tables)))
    rows = tables["services.csv"]
    rows[0]["alternate_name"] = ""
    del rows[0]["alert"]
    report = import_hsds(
        actor=None, territory=world.city, source=write_tables(tmp_path / "b", {"services.csv": rows})
    )
    assert_ok(report)
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.alternate_name == "" and service.alert.startswith("Following COVID-19")


# --- Errors: precise, complete, and nothing saved -------------------------------------------


def broken_tables() -> dict[str, list[dict[str, str]]]:
    tables = example_tables()
    service = dict(tables["services.csv"][0])
    tables["services.csv"] = [
        service,
        {**service, "id": "not-a-uuid"},  # row 3
        {**service, "id": "0b8e7c1e-0000-4000-8000-000000000004", "name": ""},  # row 4
        {**service, "id": "0b8e7c1e-0000-4000-8000-000000000005", "status": "sometimes"},  # row 5
        {**service, "id": "0b8e7c1e-0000-4000-8000-000000000006", "assured_date": "2024-13-45"},  # row 6
    ]
    tables["service_at_location.csv"][0]["location_id"] = "0b8e7c1e-0000-4000-8000-00000000dead"
    tables["languages.csv"][0]["code"] = "qqq-nonsense"
    tables["locations.csv"][0]["latitude"] = "123"
    return tables


def test_a_broken_file_reports_every_error_where_it_is_and_saves_nothing(world, tmp_path):
    # Something already there, so that "unchanged" means more than "still empty".
    assert_ok(
        import_hsds(
            actor=None,
            territory=world.city,
            source=write_json(tmp_path, "s.json", example("service_list.json")),
        )
    )
    before = counts()
    audit_before = AuditEntry.objects.count()
    report = import_hsds(
        actor=None, territory=world.city, source=write_tables(tmp_path / "csv", broken_tables())
    )
    assert {
        ("services.csv", 3, "id"),
        ("services.csv", 4, "name"),
        ("services.csv", 5, "status"),
        ("services.csv", 6, "assured_date"),
        ("service_at_location.csv", 2, "location_id"),
        ("languages.csv", 2, "code"),
        ("locations.csv", 2, "latitude"),
    } <= located(report)
    messages = {(e.file, e.row, e.field): e.message for e in report.errors}
    assert "UUID" in messages[("services.csv", 3, "id")]
    assert "sometimes" in messages[("services.csv", 5, "status")]
    assert "0b8e7c1e-0000-4000-8000-00000000dead" in messages[("service_at_location.csv", 2, "location_id")]
    assert "ISO 639" in messages[("languages.csv", 2, "code")]
    assert counts() == before
    assert AuditEntry.objects.count() == audit_before
    assert not report.created and not report.updated


def test_a_missing_required_field_and_column(world, tmp_path):
    tables = example_tables()
    for row in tables["addresses.csv"]:
        del row["city"]
    tables["services.csv"][0]["organization_id"] = ""
    report = import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "csv", tables))
    errors = located(report)
    assert ("addresses.csv", 1, "city") in errors  # the whole column, once
    assert not any(e.file == "addresses.csv" and e.row > 1 and e.field == "city" for e in report.errors)
    assert ("services.csv", 2, "organization_id") in errors
    assert counts()["directory.Service"] == 0


def test_an_empty_cell_in_a_required_column_pontes_may_leave_blank_is_empty_text(world, tmp_path):
    tables = example_tables()
    tables["addresses.csv"][0]["state_province"] = ""  # many countries have none
    tables["phones.csv"][0]["number"] = ""  # a phone without a number is not a phone
    report = import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "csv", tables))
    assert ("phones.csv", 2, "number") in located(report)
    assert not any(e.file == "addresses.csv" for e in report.errors)
    tables["phones.csv"][0]["number"] = "+44 1234 234567"
    assert_ok(import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "ok", tables)))


def test_errors_in_several_rows_are_all_reported(world, tmp_path):
    tables = example_tables()
    base = tables["services.csv"][0]
    tables["services.csv"] = [
        {**base, "id": f"5e1f0000-0000-4000-8000-0000000000{n:02d}", "minimum_age": "x" if n % 2 else "-3"}
        for n in range(10)
    ]
    report = import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "csv", tables))
    assert {(e.row, e.field) for e in report.errors if e.file == "services.csv"} == {
        (row, "minimum_age") for row in range(2, 12)
    }


def test_json_errors_name_the_record_and_the_path(world, tmp_path):
    document = example("service_list.json")
    record = document["contents"][0]
    record["organization"]["id"] = "nope"
    record["minimum_age"] = "twelve"
    document["contents"].append(
        {**copy.deepcopy(record), "id": "7a000000-0000-4000-8000-000000000001", "status": 3}
    )
    document["contents"][1]["organization"]["id"] = ORGANISATION_ID
    document["contents"][1]["minimum_age"] = 12
    document["contents"][1]["program"]["name"] = ""
    report = import_hsds(
        actor=None, territory=world.city, source=write_json(tmp_path, "services.json", document)
    )
    file = "services.json#/contents"
    assert {
        (file, 1, "organization.id"),
        (file, 1, "minimum_age"),
        (file, 2, "status"),
    } <= located(report)
    assert counts()["directory.Service"] == 0


def test_an_object_of_collections_names_each_list(world, tmp_path):
    document = {
        "organizations": [{"id": ORGANISATION_ID, "name": "Org", "description": "An organisation"}],
        "services": [
            {"id": SERVICE_ID, "name": "Desk", "status": "active", "organization_id": ORGANISATION_ID},
            {
                "id": SERVICE_ID.replace("a", "b"),
                "name": "Desk 2",
                "status": "active",
                "organization_id": "x",
            },
        ],
        "locations": [{"id": LOCATION_ID, "location_type": "physical", "latitude": 123, "longitude": 0}],
    }
    report = import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "set.json", document))
    assert located(report) == {
        ("set.json#/services", 2, "organization_id"),
        ("set.json#/locations", 1, "latitude"),
    }


def test_invalid_json_and_unknown_shapes_are_errors(world, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"services": [', encoding="utf-8")
    assert import_hsds(actor=None, territory=world.city, source=bad).errors
    assert import_hsds(actor=None, territory=world.city, source=b"42").errors
    assert import_hsds(actor=None, territory=world.city, source=b"PK\x03\x04broken").errors
    assert import_hsds(actor=None, territory=world.city, source=tmp_path / "missing").errors
    assert import_hsds(actor=None, territory=world.city, source=b'[{"id": 1, "latitude": NaN}]').errors


def test_a_service_is_at_a_place_once(world, tmp_path):
    tables = example_tables()
    row = tables["service_at_location.csv"][0]
    tables["service_at_location.csv"].append({**row, "id": "9a000000-0000-4000-8000-000000000001"})
    report = import_hsds(actor=None, territory=world.city, source=write_tables(tmp_path / "a", tables))
    assert ("service_at_location.csv", 3, "location_id") in located(report)


def test_records_of_another_territory_are_not_changed(world, tmp_path):
    document = example("service_list.json")
    assert_ok(import_hsds(actor=None, territory=world.town, source=write_json(tmp_path, "a.json", document)))
    report = import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "b.json", document))
    assert ("b.json#/contents", 1, "id") in located(report)
    assert Service.objects.get(pk=SERVICE_ID).territory == world.town


# --- Pontes extensions, places and territories --------------------------------------------


def pontes_set(**service_extra: Any) -> dict[str, Any]:
    need = vocabularies.NEEDS
    return {
        "organizations": [
            {
                "id": ORGANISATION_ID,
                "name": "Casa Nueva",
                "description": "Asociación",
                "x_pontes_language": "es",
            }
        ],
        "services": [
            {
                "id": SERVICE_ID,
                "organization_id": ORGANISATION_ID,
                "name": "Clases de español",
                "status": "active",
                "x_pontes_language": "es",
                "x_pontes_translations": {"ar": {"name": "دروس الإسبانية"}},
                "x_pontes_open_to_all": True,
                "x_pontes_no_documents_needed": True,
                "x_pontes_legal_basis": "Ley 4/2000",
                "attributes": [
                    {
                        "id": "a1000000-0000-4000-8000-000000000001",
                        "taxonomy_term_id": str(need.term_id("language")),
                    },
                    {
                        "id": "a1000000-0000-4000-8000-000000000002",
                        "taxonomy_term": {
                            "id": "a2000000-0000-4000-8000-000000000001",
                            "code": "B1",
                            "name": "B1",
                            "description": "B1",
                            "taxonomy": "pontes-level",
                        },
                    },
                    {
                        "id": "a1000000-0000-4000-8000-000000000003",
                        "taxonomy_term": {
                            "id": "a2000000-0000-4000-8000-000000000002",
                            "code": "LL-1",
                            "name": "Language learning",
                            "description": "Open Eligibility",
                            "taxonomy": "open-eligibility",
                        },
                    },
                ],
                **service_extra,
            }
        ],
        "locations": [
            {
                "id": LOCATION_ID,
                "location_type": "physical",
                "name": "Centro",
                "latitude": 38.91,
                "longitude": -1.21,
                "addresses": [
                    {
                        "id": "a3000000-0000-4000-8000-000000000001",
                        "address_1": "Calle Mayor 1",
                        "city": "Ciudad Beta",
                        "state_province": "",
                        "postal_code": "02001",
                        "country": "ESP",
                        "address_type": "physical",
                    }
                ],
            }
        ],
        "service_at_locations": [
            {
                "id": "a4000000-0000-4000-8000-000000000001",
                "service_id": SERVICE_ID,
                "location_id": LOCATION_ID,
            }
        ],
    }


def test_pontes_vocabularies_and_extensions_come_back(world, tmp_path):
    report = import_hsds(
        actor=None, territory=world.city, source=write_json(tmp_path, "p.json", pontes_set())
    )
    assert_ok(report)
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.needs == ["language"] and service.levels == ["B1"]
    assert service.open_to_all and service.no_documents_needed and service.legal_basis == "Ley 4/2000"
    assert service.original_language == "es" and service.tr("name", "ar").text == "دروس الإسبانية"
    assert Organisation.objects.get(uuid=ORGANISATION_ID).original_language == "es"
    # Our own terms are not stored as foreign data; the other one is.
    assert list(Attribute.objects.values_list("taxonomy_term__code", flat=True)) == ["LL-1"]
    assert TaxonomyTerm.objects.count() == 1
    assert Address.objects.get().country == "ES"
    document = SearchDocument.objects.get(service=service)
    assert document.needs == vocabularies.NEEDS.mask(["language"])


def test_an_unknown_pontes_code_is_an_error(world, tmp_path):
    data = pontes_set(x_pontes_needs=["language", "flying"])
    data["services"][0]["attributes"][1]["taxonomy_term"]["code"] = "Z9"
    report = import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "p.json", data))
    assert {
        ("p.json#/services", 1, "x_pontes_needs"),
        ("p.json#/services", 1, "attributes[1].taxonomy_term.code"),
    } <= located(report)


def test_a_foreign_set_leaves_facets_alone(world, tmp_path):
    assert_ok(
        import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "p.json", pontes_set()))
    )
    plain = example("service_list.json")
    plain["contents"][0]["id"] = SERVICE_ID
    plain["contents"][0]["organization"]["id"] = ORGANISATION_ID
    assert_ok(import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "f.json", plain)))
    assert Service.objects.get(pk=SERVICE_ID).needs == ["language"]


def test_places_and_services_land_in_the_territory_below_that_holds_them(world, tmp_path):
    core_services.update_territory(
        actor=None,
        territory=world.district,
        bbox_south=Decimal("38.8"),
        bbox_west=Decimal("-1.3"),
        bbox_north=Decimal("39.0"),
        bbox_east=Decimal("-1.1"),
    )
    assert_ok(
        import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "p.json", pontes_set()))
    )
    assert Location.objects.get(pk=LOCATION_ID).territory == world.district
    assert Service.objects.get(pk=SERVICE_ID).territory == world.district
    # Imported again without its places, a service stays where it was.
    alone = {"services": [{k: v for k, v in pontes_set()["services"][0].items() if k != "attributes"}]}
    assert_ok(import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "s.json", alone)))
    assert Service.objects.get(pk=SERVICE_ID).territory == world.district


def test_a_place_without_coordinates_is_placed_by_its_city(world, tmp_path):
    data = pontes_set()
    place = data["locations"][0]
    del place["latitude"], place["longitude"]
    place["addresses"][0]["city"] = "distrito 1"
    assert_ok(import_hsds(actor=None, territory=world.city, source=write_json(tmp_path, "p.json", data)))
    assert Location.objects.get(pk=LOCATION_ID).territory == world.district


# --- Who may import, dry runs, the command --------------------------------------------------


def test_only_administrators_of_the_territory_may_import(world, staff, tmp_path):
    source = write_json(tmp_path, "p.json", pontes_set())
    with pytest.raises(PermissionDenied):
        import_hsds(actor=staff["city_editor"], territory=world.city, source=source)
    admin = staff["city_admin"]
    admin.is_verified = lambda: True  # second factor passed
    assert_ok(import_hsds(actor=admin, territory=world.city, source=source))
    entry = AuditEntry.objects.filter(changes__has_key="hsds_import").get()
    assert entry.actor == admin and entry.territory == world.city


def test_an_upload_as_the_exchange_page_sends_it(world):
    upload = SimpleUploadedFile("hsds.zip", zip_tables(example_tables()), content_type="application/zip")
    report = import_hsds(actor=None, territory=world.city, source=upload)
    assert_ok(report)
    assert report.source == "hsds.zip" and report.created["services"] == 1
    single = SimpleUploadedFile("services.csv", b"id,name,status\n" + SERVICE_ID.encode() + b",Desk,active\n")
    report = import_hsds(actor=None, territory=world.city, source=single)
    assert located(report) == {("services.csv", 1, "organization_id")}  # the column HSDS requires in tables


def test_missing_schemas_are_an_error_not_a_crash(world, settings, tmp_path):
    settings.PONTES_HSDS_SCHEMA_DIR = str(tmp_path / "nowhere")
    report = import_hsds(
        actor=None, territory=world.city, source=write_json(tmp_path, "p.json", pontes_set())
    )
    assert report.errors and "schemas" in report.errors[0].message
    assert not Service.objects.exists()


def test_a_dry_run_counts_but_saves_nothing(world, tmp_path):
    before = counts()
    report = import_hsds(
        actor=None, territory=world.city, source=write_tables(tmp_path / "a", example_tables()), dry_run=True
    )
    assert_ok(report)
    assert report.dry_run and report.created["services"] == 1
    assert counts() == before


def test_command_imports_and_reports(world, tmp_path, capsys):
    source = write_tables(tmp_path / "a", example_tables())
    call_command("hsds_import", str(source), "--territory", "beta")
    out = capsys.readouterr().out
    assert "services: 1 created, 0 updated" in out
    assert Service.objects.filter(pk=SERVICE_ID).exists()


def test_command_prints_every_error_and_fails(world, tmp_path, capsys):
    source = write_tables(tmp_path / "a", broken_tables())
    with pytest.raises(CommandError):
        call_command("hsds_import", str(source), "--territory", "beta")
    err = capsys.readouterr().err
    assert "services.csv:5:status:" in err and "locations.csv:2:latitude:" in err
    assert not Service.objects.exists()
    with pytest.raises(CommandError):
        call_command("hsds_import", str(source), "--territory", "nowhere")


# --- Properties: garbage never crashes the importer and never leaves half an import ---------

GARBAGE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e400",
            "NaN",
            "2024-02-30",
            "25:61",
            "999999999999999999999",
            "\x00",
            "a" * 300,
            "3a19ff88-4620-4d17-9830-ac1d859eb5d5",
            "MO,XX",
            "ZZ",
            "active",
            "\u2019",
            "\ud800",
        ]
    ),
)
HYPOTHESIS = hypothesis_settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check_all_or_nothing(report: ImportReport, before: dict[str, int]) -> None:
    assert all(e.file is not None and e.row >= 0 and isinstance(e.message, str) for e in report.errors)
    if report.errors:
        assert counts() == before
        assert not any("database refused" in e.message for e in report.errors), report.errors


@HYPOTHESIS
@given(data=st.data())
def test_garbage_in_csv_cells_never_crashes_or_half_imports(world, data):
    tables = example_tables()
    for _ in range(data.draw(st.integers(1, 4))):
        name = data.draw(st.sampled_from(sorted(tables)))
        rows = tables[name]
        column = data.draw(st.sampled_from(sorted(rows[0])))
        rows[0][column] = data.draw(GARBAGE)
    before = counts()
    report = import_hsds(actor=None, territory=world.city, source=zip_tables(tables))
    check_all_or_nothing(report, before)


def node_paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every value inside a JSON document, containers included."""
    found = [path] if path else []
    if isinstance(node, dict):
        found += [p for key, value in node.items() for p in node_paths(value, (*path, key))]
    elif isinstance(node, list):
        found += [p for i, value in enumerate(node) for p in node_paths(value, (*path, i))]
    return found


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | GARBAGE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@HYPOTHESIS
@given(data=st.data())
def test_mutated_json_values_never_crash_or_half_import(world, data):
    document = example(data.draw(st.sampled_from(["service_full.json", "organization_full.json"])))
    paths = node_paths(document)
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        node = document
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = data.draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced this part
    raw = json.dumps(document, default=str).encode("utf-8", "surrogatepass")
    before = counts()
    report = import_hsds(actor=None, territory=world.city, source=raw)
    check_all_or_nothing(report, before)
