"""The HSDS 3 API: every endpoint, its envelopes and errors, filters, streaming, efficiency, and a
schemathesis run against its own OpenAPI description."""

from __future__ import annotations

import datetime
import io
import itertools
import json
import uuid
from collections.abc import Iterator
from typing import Any, cast

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from pontes.core.models import Organisation, Territory, User
from pontes.directory import hsds, services, vocabularies
from pontes.directory.api import MAX_PER_PAGE, PER_PAGE, parse_datetime
from pontes.directory.models import (
    Attribute,
    Feedback,
    Revision,
    SearchDocument,
    Service,
    ServiceAtLocation,
    Status,
    Taxonomy,
    TaxonomyTerm,
)

from .test_hsds import assert_valid

API = "/api/hsds"
PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
LISTS = {
    "services": "service",
    "service_at_locations": "service_at_location",
    "organizations": "organization",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}


@pytest.fixture
def demo(db) -> None:
    call_command("demo_data", stdout=io.StringIO())


@pytest.fixture
def client() -> Client:
    return Client()


def get(client: Client, path: str, status: int = 200, **params: Any) -> Any:
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, (path, params, response.content[:500])
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def page(client: Client, name: str, **params: Any) -> dict[str, Any]:
    """A page of a list endpoint, checked: envelope, arithmetic, every record valid HSDS."""
    data = get(client, f"/{name}", **params)
    searched = name in ("services", "service_at_locations")
    assert set(data) == PAGE_FIELDS | ({"x_pontes_total_is_lower_bound"} if searched else set())
    assert data.get("x_pontes_total_is_lower_bound") in (None, False)  # the demo is small
    per_page = int(params.get("per_page", PER_PAGE))
    number = int(params.get("page", 1))
    assert data["page_number"] == number
    assert data["size"] == len(data["contents"]) <= per_page
    assert data["total_pages"] == -(-data["total_items"] // per_page)
    assert data["first_page"] == (number == 1)
    assert data["last_page"] == (number >= data["total_pages"])
    assert data["empty"] == (not data["contents"])
    for record in data["contents"]:
        assert_valid(LISTS[name], record)
    return data


def ids(data: dict[str, Any]) -> list[str]:
    return [record["id"] for record in data["contents"]]


def live_services() -> Any:
    return Service.objects.filter(status=Status.ACTIVE)


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "parameter"}
    assert body["error"]["message"]
    return body["error"]


# --- The API's own description ------------------------------------------------------------------


def test_root_tells_the_hsds_version_and_where_the_description_is(client):
    data = get(client, "/")
    assert data["version"] == "3.1"
    assert data["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    assert data["profile"].startswith("http")
    assert reverse("hsds_api:root") == "/api/hsds/"
    assert client.get(API).status_code == 301  # the address without its slash


def test_openapi_document_describes_every_endpoint(client):
    document = get(client, "/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/", "/openapi.json"} | {f"/{n}" for n in LISTS} | {
        f"/{n}/{{id}}" for n in LISTS
    }
    parameters = document["components"]["parameters"]
    assert parameters["need"]["schema"]["items"]["enum"] == list(vocabularies.NEEDS.codes)
    assert parameters["per_page"]["schema"]["maximum"] == MAX_PER_PAGE
    for name in ("lang", "language", "open_now", "proximity", "near", "territory", "free", "evenings"):
        assert parameters[name]["description"].startswith("Pontes:")
    for schema in [*document["components"]["schemas"].values(), *(p["schema"] for p in parameters.values())]:
        Draft202012Validator.check_schema(schema)


def test_cors_preflight_and_methods(client):
    response = client.options(f"{API}/services")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    error = error_of(Client(enforce_csrf_checks=True).post(f"{API}/services"), 405)
    assert error["parameter"] is None


# --- Lists and details --------------------------------------------------------------------------


def test_every_list_and_detail_endpoint_answers_valid_hsds(client, demo):
    for name, schema in LISTS.items():
        for full in ("false", "true"):
            data = page(client, name, per_page=5, full=full)
            assert data["total_items"] > 0 and data["size"] == 5
            for record_id in ids(data)[:2]:
                record = get(client, f"/{name}/{record_id}")
                assert_valid(schema, record)
                assert record["id"] == record_id
    assert page(client, "services", per_page=200)["total_items"] == live_services().count()
    locations = ServiceAtLocation.objects.filter(service__status=Status.ACTIVE).count()
    assert page(client, "service_at_locations", per_page=200)["total_items"] == locations


def test_full_lists_nest_and_items_do_not(client, demo):
    item = page(client, "services", per_page=1)["contents"][0]
    assert "organization" in item and "attributes" not in item and "service_at_locations" not in item
    full = page(client, "services", per_page=1, full="true")["contents"][0]
    assert full["attributes"] and full["organization"]["id"] == item["organization"]["id"]
    organisation = page(client, "organizations", per_page=1, full="true")["contents"][0]
    assert organisation["services"] and "attributes" not in organisation["services"][0]
    deep = page(client, "organizations", per_page=1, full_service="true")["contents"][0]
    assert deep["services"][0]["attributes"]
    detail = get(client, f"/organizations/{organisation['id']}", full_service="true")
    assert detail["services"][0]["attributes"]


def test_unknown_ids_are_json_404s(client, demo):
    for name in LISTS:
        error = error_of(client.get(f"{API}/{name}/{uuid.uuid4()}"), 404)
        assert error["parameter"] == "id"
    error_of(client.get(f"{API}/services/not-a-uuid"), 404)
    error_of(client.get(f"{API}/nothing/here"), 404)
    # A core organisation's integer pk is not its HSDS id.
    organisation = Organisation.objects.filter(services__isnull=False).first()
    assert organisation is not None
    error_of(client.get(f"{API}/organizations/{organisation.pk}"), 404)
    get(client, f"/organizations/{organisation.uuid}")


def test_texts_in_the_requested_language(client, demo):
    service = Service.objects.get(name="Albergue de acogida temporal")
    arabic = get(client, f"/services/{service.pk}", lang="ar")
    assert arabic["name"] == "مأوى مؤقت" and arabic["x_pontes_language"] == "ar"
    assert arabic["x_pontes_field_languages"]["description"] == "es"
    assert get(client, f"/services/{service.pk}")["name"] == "Albergue de acogida temporal"
    listed = page(client, "services", lang="en", per_page=200)
    shelter = next(s for s in listed["contents"] if s["id"] == str(service.pk))
    assert shelter["name"] == "Temporary shelter"
    error = error_of(client.get(f"{API}/services", {"lang": "xx-nope"}), 400)
    assert error["parameter"] == "lang"


# --- Only what is public ------------------------------------------------------------------------


def test_inactive_services_and_pending_changes_never_appear(client, demo):
    def deactivate(service: Service) -> None:
        payload = services.payload_of(service)
        payload["status"] = Status.INACTIVE
        services.update_service(actor=None, service=service, payload=payload)

    service = Service.objects.get(name="Atención sanitaria aunque no tengas papeles")
    deactivate(service)
    assert str(service.pk) not in ids(page(client, "services", per_page=200))
    error_of(client.get(f"{API}/services/{service.pk}"), 404)
    sal = ServiceAtLocation.objects.filter(service=service).first()
    assert sal is not None
    error_of(client.get(f"{API}/service_at_locations/{sal.pk}"), 404)
    assert str(sal.pk) not in ids(page(client, "service_at_locations", per_page=200))
    # Its organisation lists only its live services; one with none left is not published.
    organisation = get(client, f"/organizations/{service.organization.uuid}")
    assert organisation["services"] and str(service.pk) not in {s["id"] for s in organisation["services"]}
    shelter = Service.objects.get(name="Albergue de acogida temporal")
    deactivate(shelter)
    error_of(client.get(f"{API}/organizations/{shelter.organization.uuid}"), 404)
    assert str(shelter.organization.uuid) not in ids(page(client, "organizations", per_page=200))
    editor = User.objects.create_user("api-provider")
    # A pending change and a report from the public are not published.
    other = Service.objects.get(name="Clases de español A1 por la tarde")
    Revision.objects.create(
        service=other, organization=other.organization, territory=other.territory, proposed_by=editor,
        data={"name": "Nombre propuesto"},
    )  # fmt: skip
    Revision.objects.create(
        organization=other.organization, territory=other.territory, proposed_by=editor, data={"name": "Nuevo"}
    )
    Feedback.objects.create(service=other, kind=Feedback.Kind.CLOSED, message="Cerrado")
    body = json.dumps(page(client, "services", per_page=200, full="true"), ensure_ascii=False)
    assert "Nombre propuesto" not in body and "Nuevo" not in body and "Cerrado" not in body
    assert get(client, f"/services/{other.pk}")["name"] == "Clases de español A1 por la tarde"


def test_organisations_without_live_services_are_not_listed(client, world):
    assert page(client, "organizations")["total_items"] == 0
    error_of(client.get(f"{API}/organizations/{world.organisation.uuid}"), 404)
    services.create_service(
        actor=None, organization=world.organisation, territory=world.city, payload={"name": "A"}
    )
    assert ids(page(client, "organizations")) == [str(world.organisation.uuid)]


# --- Filters ------------------------------------------------------------------------------------


def test_filters_are_and_combined(client, demo):
    def listed(**params: Any) -> set[str]:
        return set(ids(page(client, "services", per_page=200, **params)))

    language = listed(need="language")
    assert language == {str(s.pk) for s in live_services() if "language" in s.needs}
    a2 = listed(level="A2")
    both = listed(need="language", level="A2")
    assert both == language & a2 and both
    assert listed(need="language,housing") == language | listed(need="housing")  # values of one: any
    free = listed(free="true")
    wolof = listed(language="wo")
    assert listed(language="wo", free="true") == wolof & free
    valmira = listed(territory="valmira")
    assert listed(territory="valmira", need="language", level="A2") == both & valmira
    assert listed(territory="tazrout", level="A2") == set()
    assert listed(free="false") == listed()  # false means no filter
    text = listed(search="español")
    assert text and listed(search="español", level="A2") == text & a2


def test_taxonomy_organisation_and_date_filters(client, demo):
    def listed(**params: Any) -> set[str]:
        return set(ids(page(client, "services", per_page=200, **params)))

    housing = str(vocabularies.NEEDS.term_id("housing"))
    assert listed(taxonomy_term_id=housing) == listed(need="housing")
    origin = str(vocabularies.TERRITORY_ROLES.term_id("origin"))
    assert listed(taxonomy_term_id=origin) == {
        str(s.pk) for s in live_services() if "origin" in s.territory_roles
    }
    levels = str(vocabularies.LEVELS.taxonomy_id)
    assert listed(taxonomy_id=levels) == {str(s.pk) for s in live_services() if s.levels}
    assert listed(taxonomy_id=levels, taxonomy_term_id=housing) == set()
    # A stored term linked through an attribute.
    service = live_services().first()
    assert service is not None
    term = TaxonomyTerm.objects.create(
        taxonomy=Taxonomy.objects.create(name="t", description="d"), name="n", description="d"
    )
    Attribute.objects.create(link_id=str(service.pk), link_entity="service", taxonomy_term=term)
    assert listed(taxonomy_term_id=str(term.pk)) == {str(service.pk)}
    assert listed(taxonomy_id=str(term.taxonomy_id)) == {str(service.pk)}
    assert listed(taxonomy_term_id=str(uuid.uuid4())) == set()
    # Organisation, by its HSDS id.
    organisation = service.organization
    own = listed(organization_id=str(organisation.uuid))
    assert own == {str(s.pk) for s in live_services().filter(organization=organisation)}
    assert listed(organization_id=str(uuid.uuid4())) == set()
    # Modified on or after a moment.
    Service.objects.filter(pk=service.pk).update(last_modified=timezone.now() + datetime.timedelta(days=2))
    SearchDocument.objects.filter(service=service).update(
        last_modified=timezone.now() + datetime.timedelta(days=2)
    )
    moment = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert listed(modified_after=moment) == {str(service.pk)}
    exact = Service.objects.get(pk=service.pk).last_modified.isoformat()
    assert listed(modified_after=exact) == {str(service.pk)}  # "on or after"
    later = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    assert listed(modified_after=later) == set()


def test_services_at_locations_near_a_place(client, demo):
    data = page(client, "service_at_locations", per_page=200, near="valmira", proximity="2")
    distances = [s["x_pontes_distance_km"] for s in data["contents"]]
    # Within the square of ±proximity km around the point (search.py's bounding box), nearest first.
    assert distances and distances == sorted(distances) and max(distances) <= 2.0 * 1.42
    valmira = Territory.objects.get(slug="valmira")
    point = {"lat": str(valmira.latitude), "lon": str(valmira.longitude)}
    same = page(client, "service_at_locations", per_page=200, proximity="2", **point)
    assert ids(same) == ids(data)
    wider = page(client, "service_at_locations", per_page=200, near="valmira", proximity="500")
    assert set(ids(data)) < set(ids(wider))
    narrowed = page(
        client, "service_at_locations", per_page=200, near="valmira", proximity="500", need="language"
    )
    assert all(s["service"]["id"] in {str(x.pk) for x in live_services() if "language" in x.needs}
               for s in narrowed["contents"])  # fmt: skip
    # Services without a place are not services at locations.
    helpline = Service.objects.get(name="Línea de atención contra la discriminación")
    assert helpline.pk not in {uuid.UUID(s["service"]["id"]) for s in wider["contents"]}


def test_organisations_filtered_by_their_services_and_name(client, demo):
    with_housing = {str(s.organization.uuid) for s in live_services() if "housing" in s.needs}
    assert set(ids(page(client, "organizations", per_page=200, need="housing"))) == with_housing
    found = page(client, "organizations", search="abogacía solidaria")
    assert [o["name"] for o in found["contents"]] == ["Abogacía Solidaria Valmira"]
    assert page(client, "organizations", search="abogacía", need="business")["total_items"] == 0


def test_taxonomies_and_terms(client, world):
    taxonomies = page(client, "taxonomies")
    assert [t["name"] for t in taxonomies["contents"]] == [f"pontes-{v.key}" for v in vocabularies.ALL]
    stored = Taxonomy.objects.create(name="zeta", description="Stored taxonomy")
    top = TaxonomyTerm.objects.create(taxonomy=stored, name="Top", description="t", code="top")
    TaxonomyTerm.objects.create(taxonomy=stored, name="Below", description="b", parent=top)
    # Pages run across generated and stored records without a gap or a repeat.
    names = [t["name"] for n in (1, 2, 3) for t in page(client, "taxonomies", per_page=3, page=n)["contents"]]
    assert names == [*(f"pontes-{v.key}" for v in vocabularies.ALL), "zeta"]
    assert get(client, f"/taxonomies/{stored.pk}")["name"] == "zeta"
    need = get(client, f"/taxonomies/{vocabularies.NEEDS.taxonomy_id}")
    assert need["name"] == "pontes-need"
    assert [t["name"] for t in page(client, "taxonomies", search="migration")["contents"]] == ["pontes-phase"]
    terms = page(client, "taxonomy_terms", per_page=200)
    assert terms["total_items"] == sum(len(v.codes) for v in vocabularies.ALL) + 2
    levels = page(client, "taxonomy_terms", taxonomy_id=str(vocabularies.LEVELS.taxonomy_id))
    assert [t["code"] for t in levels["contents"]] == list(vocabularies.LEVELS.codes)
    assert [t["name"] for t in page(client, "taxonomy_terms", taxonomy_id=str(stored.pk))["contents"]] == [
        "Below", "Top"
    ]  # fmt: skip
    assert [t["name"] for t in page(client, "taxonomy_terms", parent_id=str(top.pk))["contents"]] == ["Below"]
    top_only = page(client, "taxonomy_terms", per_page=200, top_only="true")
    assert "Below" not in {t["name"] for t in top_only["contents"]}
    term = get(client, f"/taxonomy_terms/{vocabularies.PHASES.term_id('return')}", lang="fr")
    assert term["code"] == "return" and term["language"] == "fr"
    assert get(client, f"/taxonomy_terms/{top.pk}")["taxonomy_detail"]["name"] == "zeta"


# --- Paging and streaming -----------------------------------------------------------------------


def test_pagination_edges(client, demo):
    total = live_services().count()
    everything = page(client, "services", per_page=MAX_PER_PAGE)
    assert everything["size"] == total and everything["last_page"] and everything["first_page"]
    pages = -(-total // 7)
    assert pages > 2
    walked = [i for n in range(1, pages + 1) for i in ids(page(client, "services", per_page=7, page=n))]
    assert walked == ids(everything)  # same order, no gap, no repeat
    last = page(client, "services", per_page=7, page=pages)
    assert last["last_page"] and last["size"] == total - 7 * (pages - 1)
    assert not page(client, "services", per_page=7, page=pages - 1)["last_page"]
    beyond = page(client, "services", per_page=10, page=99)
    assert beyond["empty"] and beyond["size"] == 0 and beyond["last_page"] and beyond["total_items"] == total
    one = page(client, "services", per_page=1)
    assert one["total_pages"] == total
    nothing = page(client, "services", need="housing", level="C2")
    assert (
        nothing["total_items"] == 0
        and nothing["total_pages"] == 0
        and nothing["empty"]
        and nothing["last_page"]
    )
    organisations = page(client, "organizations", per_page=5, page=99)
    assert organisations["empty"] and organisations["total_items"] > 0


def ndjson(client: Client, path: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"{API}{path}", {**params, "format": "ndjson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Access-Control-Allow-Origin"] == "*"
    text = cast(StreamingHttpResponse, response).getvalue().decode()
    assert text.endswith("\n") or not text
    return [json.loads(line) for line in text.splitlines()]


def test_ndjson_streams_every_match_without_pages(client, demo, monkeypatch):
    monkeypatch.setattr("pontes.directory.api.STREAM_BATCH", 7)  # several batches
    for name, schema in LISTS.items():
        records = ndjson(client, f"/{name}", per_page=1)
        assert len(records) == page(client, name, per_page=1)["total_items"]
        assert len({r["id"] for r in records}) == len(records)
        for record in records[:5]:
            assert_valid(schema, record)
    language = ndjson(client, "/services", need="language", full="true")
    assert {r["id"] for r in language} == set(ids(page(client, "services", per_page=200, need="language")))
    assert language[0]["attributes"]


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/services", {"need": "flying"}, "need"),
        ("/services", {"level": "A1,Z9"}, "level"),
        ("/services", {"page": "abc"}, "page"),
        ("/services", {"page": "0"}, "page"),
        ("/services", {"per_page": "100000"}, "per_page"),
        ("/services", {"per_page": "0"}, "per_page"),
        ("/services", {"per_page": "-5"}, "per_page"),
        ("/services", {"per_page": "9" * 5000}, "per_page"),
        ("/services", {"language": "fr-" + "x" * 100}, "language"),
        ("/services", {"organization_id": "123"}, "organization_id"),
        ("/services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"modified_after": "2026-13-40T00:00:00Z"}, "modified_after"),
        ("/services", {"free": "maybe"}, "free"),
        ("/services", {"language": "klingonish"}, "language"),
        ("/services", {"territory": "atlantis"}, "territory"),
        ("/services", {"territory": "bad slug!"}, "territory"),
        ("/services", {"format": "xml"}, "format"),
        ("/service_at_locations", {"lat": "40.1"}, "lon"),
        ("/service_at_locations", {"lat": "0"}, "lon"),
        ("/service_at_locations", {"lon": "0"}, "lat"),
        ("/service_at_locations", {"lat": "95", "lon": "1"}, "lat"),
        ("/service_at_locations", {"lat": "nan", "lon": "1"}, "lat"),
        ("/service_at_locations", {"proximity": "5"}, "proximity"),
        ("/service_at_locations", {"near": "beta", "proximity": "9000"}, "proximity"),
        ("/service_at_locations", {"near": "beta", "lat": "1", "lon": "1"}, "near"),
        ("/service_at_locations", {"near": "alpha"}, "near"),  # a place without a position
        ("/organizations", {"group": "aliens"}, "group"),
        ("/taxonomy_terms", {"taxonomy_id": "x"}, "taxonomy_id"),
        ("/taxonomy_terms", {"top_only": "2"}, "top_only"),
        ("/taxonomies", {"page": "1.5"}, "page"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, world, path, params, parameter):
    error = error_of(client.get(f"{API}{path}", params), 400)
    assert error["parameter"] == parameter


def test_datetimes_are_read_as_rfc_3339_or_iso_8601():
    assert parse_datetime("2026-01-31T09:30:00Z") == datetime.datetime(
        2026, 1, 31, 9, 30, tzinfo=datetime.UTC
    )
    assert parse_datetime("2026-01-31t10:30:00+01:00") == datetime.datetime(
        2026, 1, 31, 9, 30, tzinfo=datetime.UTC
    )
    assert parse_datetime("2026-01-31") == datetime.datetime(2026, 1, 31, tzinfo=datetime.UTC)
    assert parse_datetime("0001-01-01T00:00:00+23:59").year == 1  # out of range: the earliest moment


# --- Efficiency ---------------------------------------------------------------------------------


def count_queries(client: Client, path: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}{path}", params)
        if response.streaming:
            cast(StreamingHttpResponse, response).getvalue()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "params", "small"),
    [
        ("/services", {}, 2),
        ("/services", {"full": "true", "lang": "ar"}, 2),
        (
            "/services",
            {"search": "español", "need": "language", "taxonomy_id": str(vocabularies.LEVELS.taxonomy_id)},
            2,
        ),
        ("/service_at_locations", {"full": "true", "near": "valmira", "proximity": "100"}, 2),
        ("/organizations", {"full_service": "true", "need": "language"}, 2),
        ("/taxonomy_terms", {}, 60),  # past Pontes' generated terms, into the stored ones
    ],
)
def test_queries_do_not_grow_with_the_page_size(
    client, demo, django_assert_max_num_queries, path, params, small
):
    few = count_queries(client, path, per_page=small, **params)
    # A text search reads the names first and the other matches only when the page is not full
    # yet: one query more for a longer page, whatever its length.
    with django_assert_max_num_queries(few + (1 if "search" in params else 0)):
        count_queries(client, path, per_page=200, **params)
    assert few <= 40


def test_places_given_by_slug_cost_one_query_each(client, demo):
    """The search reads of a place only its position, subtree and time zone: nothing is loaded later."""
    valmira = Territory.objects.get(slug="valmira")
    region = valmira.get_parent()
    assert region is not None
    common = {"proximity": "100", "territory": region.slug, "open_now": "true", "per_page": 5}
    position = {"lat": str(valmira.latitude), "lon": str(valmira.longitude)}
    by_position = count_queries(client, "/service_at_locations", **common, **position)
    assert count_queries(client, "/service_at_locations", near="valmira", **common) == by_position + 1
    near = client.get(f"{API}/service_at_locations", {"near": "valmira", **common}).json()
    assert near == client.get(f"{API}/service_at_locations", {**position, **common}).json()


def test_streaming_queries_grow_with_batches_not_records(client, demo, monkeypatch):
    monkeypatch.setattr("pontes.directory.api.STREAM_BATCH", 200)
    one_batch = count_queries(client, "/services", full="true", format="ndjson")
    monkeypatch.setattr("pontes.directory.api.STREAM_BATCH", 16)
    two_batches = count_queries(client, "/services", full="true", format="ndjson")
    assert two_batches <= 2 * one_batch + 2


# --- List items kept encoded -----------------------------------------------------------------

LIST_PAGES: list[tuple[str, dict[str, Any]]] = [
    ("services", {"per_page": 200}),
    ("services", {"per_page": 200, "lang": "fr"}),
    ("services", {"search": "español", "lang": "ar"}),
    ("services", {"per_page": 200, "lang": "wo"}),
    ("service_at_locations", {"per_page": 200, "near": "valmira", "proximity": "100"}),
    ("service_at_locations", {"per_page": 200, "lang": "es"}),
    ("services", {"per_page": 200, "lang": "ar"}),
]


@pytest.fixture
def kept_items(monkeypatch) -> dict[tuple[Any, ...], bytes]:
    """The items this test keeps, starting from none."""
    kept: dict[tuple[Any, ...], bytes] = {}
    monkeypatch.setattr(hsds, "_ENCODED_ITEMS", kept)
    return kept


def pages_of(client: Client) -> list[bytes]:
    return [client.get(f"{API}/{name}", params).content for name, params in LIST_PAGES]


def test_pages_are_the_same_built_or_kept(client, demo, kept_items, settings):
    settings.PONTES_API_ITEM_CACHE = 0
    built = pages_of(client)
    assert not kept_items
    settings.PONTES_API_ITEM_CACHE = 10_000
    assert pages_of(client) == built  # building and keeping
    assert kept_items
    assert pages_of(client) == built  # kept
    near = json.loads(built[4])["contents"]
    assert near and all(list(item)[-1] == "x_pontes_distance_km" for item in near)


def test_a_page_shown_again_builds_no_item_again(client, demo, kept_items, monkeypatch):
    built: list[str] = []
    for name in ("service_item", "service_at_location_item"):
        original = getattr(hsds, name)

        def counting(record: Any, ctx: Any, *, _name: str = name, _original: Any = original) -> Any:
            built.append(_name)
            return _original(record, ctx)

        monkeypatch.setattr(hsds, name, counting)
    services_page = page(client, "services", per_page=200)
    assert built.count("service_item") == len(services_page["contents"]) > 5
    built.clear()
    assert page(client, "services", per_page=200) == services_page and not built
    page(client, "services", per_page=200, lang="ar")  # another language: other items
    assert built.count("service_item") == len(services_page["contents"])
    built.clear()
    places = page(client, "service_at_locations", per_page=200)
    assert built.count("service_at_location_item") == len(places["contents"])
    built.clear()
    assert page(client, "service_at_locations", per_page=200) == places and not built


def test_kept_items_follow_any_change_to_what_they_show(client, demo, kept_items, settings, world):
    """However a record is changed (here behind the services' backs, without re-indexing), its
    items are built anew: they are kept under the rows they come from."""
    from pontes.directory.models import Program

    before = pages_of(client)
    service = live_services().filter(service_at_locations__isnull=False).order_by("pk").first()
    assert service is not None
    organisation = Organisation.objects.get(pk=service.organization_id)
    program = Program.objects.create(organization=organisation, name="Programa Puente")
    Service.objects.filter(pk=service.pk).update(description="Otra descripción", program=program)
    after_service = pages_of(client)
    Organisation.objects.filter(pk=organisation.pk).update(name="Asociación Renombrada")
    after_organisation = pages_of(client)
    Program.objects.filter(pk=program.pk).update(translations={"fr": {"name": "Programme Pont"}})
    after_program = pages_of(client)
    territory = Territory.objects.get(pk=service.territory_id)
    territory.set_translation("ar", "name", "مدينة")
    territory.save()
    after_territory = pages_of(client)
    steps = [before, after_service, after_organisation, after_program, after_territory]
    settings.PONTES_API_ITEM_CACHE = 0
    assert after_territory == pages_of(client)  # what building every item anew gives
    for earlier, later in itertools.pairwise(steps):
        assert earlier != later

    def listed(page_of: bytes) -> dict[str, Any]:
        return {item["id"]: item for item in json.loads(page_of)["contents"]}[str(service.pk)]

    # Without a language each record is in its own (the columns changed); in French, the programme.
    assert listed(after_territory[0])["description"] == "Otra descripción"
    assert listed(after_territory[0])["organization"]["name"] == "Asociación Renombrada"
    assert listed(after_territory[1])["program"]["name"] == "Programme Pont"


def test_kept_items_are_bounded_and_streams_keep_none(client, demo, kept_items, settings):
    settings.PONTES_API_ITEM_CACHE = 3
    full = page(client, "services", per_page=200)
    assert len(full["contents"]) > 3 and 0 < len(kept_items) <= 3
    settings.PONTES_API_ITEM_CACHE = 0
    assert page(client, "services", per_page=200) == full
    settings.PONTES_API_ITEM_CACHE = 10_000
    kept_items.clear()
    streamed = ndjson(client, "/services")
    assert streamed == full["contents"] and not kept_items
    assert ndjson(client, "/service_at_locations", near="valmira") and not kept_items


# --- Schemathesis -------------------------------------------------------------------------------


DETAIL_MODELS = {
    "/services/{id}": lambda: str(live_services().order_by("name").values_list("pk", flat=True)[0]),
    "/service_at_locations/{id}": lambda: str(
        ServiceAtLocation.objects.filter(service__status=Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    ),
    "/organizations/{id}": lambda: str(
        hsds.public_organisations().order_by("name").values_list("uuid", flat=True)[0]
    ),
    "/taxonomies/{id}": lambda: str(vocabularies.NEEDS.taxonomy_id),
    "/taxonomy_terms/{id}": lambda: str(vocabularies.NEEDS.term_id("housing")),
}


@pytest.fixture
def hsds_schema(demo) -> Iterator[Any]:
    """The API's own description, with ids of demo records as examples so details are found too."""
    from pontes.wsgi import application

    document = Client().get(f"{API}/openapi.json").json()
    for path, example in DETAIL_MODELS.items():
        operation = document["paths"][path]["get"]
        operation["parameters"] = [
            {**document["components"]["parameters"]["id"], "example": example()}
            if p == {"$ref": "#/components/parameters/id"}
            else p
            for p in operation["parameters"]
        ]
    # Places by the names the database knows, so that fuzzing goes past the territory filters.
    parameters = document["components"]["parameters"]
    parameters["territory"]["schema"] = {
        "type": "string",
        "enum": sorted(Territory.objects.values_list("slug", flat=True)),
    }
    parameters["near"]["schema"] = {
        "type": "string",
        "enum": sorted(Territory.objects.filter(latitude__isnull=False).values_list("slug", flat=True)),
    }
    # Requests reach the WSGI handler in this thread; keep the test's transaction (and data) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        loaded = schemathesis.openapi.from_dict(document)
        loaded.app = application
        loaded.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=20, deterministic=True)
        loaded.config.phases.coverage.enabled = False  # keep the run small: explicit examples, then fuzzing
        yield loaded
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("hsds_schema")

# Values valid one by one that only make sense together (a latitude needs its longitude, a distance
# a position): refused with a 400 naming the parameter.
INTERDEPENDENT = {"lat", "lon", "near", "proximity"}


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_description(case):
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500
    if response.status_code == 400:
        assert response.json()["error"]["parameter"] in INTERDEPENDENT, response.text
    else:
        assert response.status_code in (200, 404), response.text
