"""The OpenAPI 3.1 description of the HSDS API (`/api/hsds/openapi.json`).

Built from code, so that it cannot drift from the views: the codes of the vocabularies, the
limits of paging and distance and the language codes come from the modules that enforce them.
Response schemas are written here rather than fetched: they follow the HSDS 3.1 schemas (field
names, types, required fields), document Pontes' `x_pontes_` extensions and leave any other
property allowed, as HSDS does. The document needs no database.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pycountry
from django.urls import reverse

from . import hsds, vocabularies
from .search import COUNT_LIMIT, FACETS, MAX_RADIUS_KM

Json = dict[str, Any]

HSDS_SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/"
HSDS_API_REFERENCE = "https://docs.openreferral.org/en/latest/hsds/api_reference.html"

# --- Building blocks ---------------------------------------------------------------------------

STRING: Json = {"type": "string"}
UUID: Json = {"type": "string", "format": "uuid"}
NUMBER: Json = {"type": "number"}
INTEGER: Json = {"type": "integer"}
BOOLEAN: Json = {"type": "boolean"}
DATE: Json = {"type": "string", "format": "date"}
DATE_TIME: Json = {"type": "string", "format": "date-time"}
URI: Json = {"type": "string", "format": "uri"}
EMAIL: Json = {"type": "string", "format": "email"}


def ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: Json) -> Json:
    return {"type": "array", "items": items}


def described(schema: Json, description: str) -> Json:
    return {**schema, "description": description}


def record(name: str, required: list[str], properties: Json, description: str = "") -> Json:
    """An HSDS object; other properties stay allowed, as HSDS permits them."""
    schema: Json = {"type": "object", "required": required, "properties": properties}
    if description:
        schema["description"] = description
    schema["externalDocs"] = {"url": f"{HSDS_SCHEMA_BASE}{name}.json"}
    return schema


def extended(base: str, properties: Json, description: str) -> Json:
    return {"allOf": [ref(base), {"type": "object", "properties": properties}], "description": description}


LANGUAGE_MARKS: Json = {
    "x_pontes_language": described(
        STRING, "Pontes: ISO 639 code of the language the texts of this record are in."
    ),
    "x_pontes_field_languages": described(
        {"type": "object", "additionalProperties": STRING},
        "Pontes: fields whose text is in another language than x_pontes_language (not yet translated).",
    ),
}


def _schemas() -> Json:
    territory = {
        "type": "object",
        "required": ["slug", "name", "kind"],
        "properties": {"slug": STRING, "name": STRING, "kind": STRING, "iso_code": STRING},
        "description": "Pontes: a territory (country, region, municipality…), named by its slug.",
    }
    language = record("language", ["id"], {"id": UUID, "name": STRING, "code": STRING, "note": STRING})
    phone = record(
        "phone",
        ["id", "number"],
        {
            "id": UUID,
            "number": STRING,
            "extension": NUMBER,
            "type": STRING,
            "description": STRING,
            "languages": array(ref("Language")),
        },
    )
    schedule = record(
        "schedule",
        ["id"],
        {
            "id": UUID,
            "valid_from": DATE,
            "valid_to": DATE,
            "dtstart": DATE,
            "timezone": NUMBER,
            "until": DATE,
            "count": NUMBER,
            "wkst": {"type": "string", "enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]},
            "freq": {"type": "string", "enum": ["WEEKLY", "MONTHLY"]},
            "interval": NUMBER,
            "byday": STRING,
            "byweekno": STRING,
            "bymonthday": STRING,
            "byyearday": STRING,
            "description": STRING,
            "opens_at": STRING,
            "closes_at": STRING,
            "schedule_link": URI,
            "attending_type": STRING,
            "notes": STRING,
        },
        "Opening hours as an RFC 5545-style rule.",
    )
    service_area = record(
        "service_area",
        ["id"],
        {
            "id": UUID,
            "name": STRING,
            "description": STRING,
            "extent": STRING,
            "extent_type": STRING,
            "uri": STRING,
            "x_pontes_territory": ref("Territory"),
        },
    )
    contact = record(
        "contact",
        ["id"],
        {
            "id": UUID,
            "name": STRING,
            "title": STRING,
            "department": STRING,
            "email": EMAIL,
            "phones": array(ref("Phone")),
        },
    )
    funding = record("funding", ["id"], {"id": UUID, "source": STRING})
    cost_option = record(
        "cost_option",
        ["id"],
        {
            "id": UUID,
            "valid_from": DATE,
            "valid_to": DATE,
            "option": STRING,
            "currency": STRING,
            "amount": NUMBER,
            "amount_description": STRING,
        },
    )
    required_document = record("required_document", ["id"], {"id": UUID, "document": STRING, "uri": URI})
    accessibility = record(
        "accessibility", ["id"], {"id": UUID, "description": STRING, "details": STRING, "url": URI}
    )
    address = record(
        "address",
        ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
        {
            "id": UUID,
            "attention": STRING,
            "address_1": STRING,
            "address_2": STRING,
            "city": STRING,
            "region": STRING,
            "state_province": STRING,
            "postal_code": STRING,
            "country": STRING,
            "address_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
        },
    )
    program = record(
        "program",
        ["id", "name", "description"],
        {"id": UUID, "name": STRING, "alternate_name": STRING, "description": STRING, **LANGUAGE_MARKS},
    )
    metadata = record(
        "metadata",
        [
            "id",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ],
        {
            "id": UUID,
            "resource_id": UUID,
            "resource_type": STRING,
            "last_action_date": DATE_TIME,
            "last_action_type": STRING,
            "field_name": STRING,
            "previous_value": STRING,
            "replacement_value": STRING,
            "updated_by": STRING,
        },
        "The change log of a record, field by field.",
    )
    taxonomy = record(
        "taxonomy",
        ["id", "name", "description"],
        {
            "id": UUID,
            "name": STRING,
            "description": STRING,
            "uri": URI,
            "version": STRING,
            "x_pontes_title": described(
                STRING, "Pontes: the title of a Pontes taxonomy, in the requested language."
            ),
            "x_pontes_language": STRING,
        },
        "Pontes' own taxonomies are named pontes-<key> and come first; then any stored in the database.",
    )
    taxonomy_term = record(
        "taxonomy_term",
        ["id", "name", "description"],
        {
            "id": UUID,
            "code": STRING,
            "name": STRING,
            "description": STRING,
            "parent_id": UUID,
            "taxonomy": STRING,
            "taxonomy_id": UUID,
            "taxonomy_detail": ref("Taxonomy"),
            "language": STRING,
            "term_uri": URI,
        },
    )
    attribute = record(
        "attribute",
        ["id"],
        {
            "id": UUID,
            "link_id": UUID,
            "taxonomy_term_id": UUID,
            "link_type": STRING,
            "link_entity": STRING,
            "value": STRING,
            "label": STRING,
            "taxonomy_term": ref("TaxonomyTerm"),
        },
        "Links a record to a taxonomy term. Pontes publishes each facet of a service (need, phase, target "
        "group, delivery mode, level, territory role) as an attribute with link_type pontes-<key>.",
    )
    organization_item = record(
        "organization",
        ["id", "name", "description"],
        {
            "id": UUID,
            "name": STRING,
            "alternate_name": STRING,
            "description": described(STRING, "The name when the organisation has no description."),
            "email": EMAIL,
            "website": URI,
            "year_incorporated": NUMBER,
            "legal_status": STRING,
            "logo": STRING,
            "uri": URI,
            "parent_organization_id": UUID,
            "x_pontes_kind": described(STRING, "Pontes: public body, NGO, school, union…"),
            "x_pontes_territory": ref("Territory"),
            **LANGUAGE_MARKS,
        },
        "An organisation's one-to-one fields.",
    )
    organization = extended(
        "OrganizationItem",
        {
            "phones": array(ref("Phone")),
            "contacts": array(ref("Contact")),
            "funding": array(ref("Funding")),
            "locations": array(ref("Location")),
            "programs": array(ref("Program")),
            "attributes": array(ref("Attribute")),
            "metadata": array(ref("Metadata")),
            "services": described(
                array(ref("ServiceItem")),
                "Its live services: list items, or fully nested with full_service=true.",
            ),
        },
        "A fully nested organisation.",
    )
    location_item = record(
        "location",
        ["id", "location_type"],
        {
            "id": UUID,
            "location_type": {"type": "string", "enum": ["physical", "postal", "virtual"]},
            "url": URI,
            "organization_id": UUID,
            "name": STRING,
            "alternate_name": STRING,
            "description": STRING,
            "transportation": STRING,
            "latitude": NUMBER,
            "longitude": NUMBER,
            "external_identifier": STRING,
            "external_identifier_type": STRING,
            "x_pontes_territory": ref("Territory"),
            **LANGUAGE_MARKS,
        },
        "A location's one-to-one fields.",
    )
    location = extended(
        "LocationItem",
        {
            "languages": array(ref("Language")),
            "addresses": array(ref("Address")),
            "contacts": array(ref("Contact")),
            "accessibility": array(ref("Accessibility")),
            "phones": array(ref("Phone")),
            "schedules": array(ref("Schedule")),
            "attributes": array(ref("Attribute")),
            "metadata": array(ref("Metadata")),
        },
        "A fully nested location.",
    )
    service_item = record(
        "service",
        ["id", "name", "status"],
        {
            "id": UUID,
            "organization_id": UUID,
            "program_id": UUID,
            "name": STRING,
            "alternate_name": STRING,
            "description": STRING,
            "url": URI,
            "email": EMAIL,
            "status": {"type": "string", "enum": ["active", "inactive", "defunct", "temporarily closed"]},
            "interpretation_services": STRING,
            "application_process": STRING,
            "fees_description": STRING,
            "accreditations": STRING,
            "eligibility_description": STRING,
            "minimum_age": NUMBER,
            "maximum_age": NUMBER,
            "assured_date": DATE,
            "assurer_email": EMAIL,
            "alert": STRING,
            "last_modified": DATE_TIME,
            "organization": ref("OrganizationItem"),
            "program": ref("Program"),
            "x_pontes_open_to_all": described(
                BOOLEAN, "Pontes: open to the whole population, not only migrants."
            ),
            "x_pontes_no_documents_needed": described(
                BOOLEAN, "Pontes: no documents needed; can be anonymous."
            ),
            "x_pontes_legal_basis": described(
                STRING, "Pontes: the law or national programme the service implements."
            ),
            "x_pontes_territory": described(
                ref("Territory"), "Pontes: the territory whose staff keep the listing."
            ),
            **LANGUAGE_MARKS,
        },
        "A service's one-to-one fields, with its organisation and programme. Only live services are public.",
    )
    service = extended(
        "ServiceItem",
        {
            "phones": array(ref("Phone")),
            "schedules": array(ref("Schedule")),
            "service_areas": array(ref("ServiceArea")),
            "service_at_locations": array(ref("ServiceAtLocation")),
            "languages": array(ref("Language")),
            "funding": array(ref("Funding")),
            "cost_options": array(ref("CostOption")),
            "required_documents": array(ref("RequiredDocument")),
            "contacts": array(ref("Contact")),
            "attributes": array(ref("Attribute")),
            "metadata": array(ref("Metadata")),
            "x_pontes_partners": described(
                array(UUID), "Pontes: ids of the service's partner organisations."
            ),
        },
        "A fully nested service.",
    )
    sal_item = record(
        "service_at_location",
        ["id"],
        {
            "id": UUID,
            "service_id": UUID,
            "location_id": UUID,
            "description": STRING,
            "location": ref("LocationItem"),
            "service": ref("ServiceItem"),
            "x_pontes_distance_km": described(
                NUMBER, "Pontes: distance from the requested position (lat/lon or near), in kilometres."
            ),
            **LANGUAGE_MARKS,
        },
        "A service at a location, with the location and the service.",
    )
    sal = extended(
        "ServiceAtLocationItem",
        {
            "service_areas": array(ref("ServiceArea")),
            "contacts": array(ref("Contact")),
            "phones": array(ref("Phone")),
            "schedules": array(ref("Schedule")),
            "attributes": array(ref("Attribute")),
            "metadata": array(ref("Metadata")),
        },
        "A fully nested service at a location (inside a service, without the service again).",
    )
    page = {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": described(
                INTEGER,
                "How many records match, on every page (for searches, at least this many when "
                "x_pontes_total_is_lower_bound is true).",
            ),
            "total_pages": described(INTEGER, "How many pages of per_page records they fill."),
            "x_pontes_total_is_lower_bound": described(
                BOOLEAN,
                "Pontes, searches only: true when more records match than are counted exactly "
                f"({COUNT_LIMIT:,}); last_page then says whether more pages follow.",
            ),
            "page_number": described(INTEGER, "This page's number, from 1."),
            "size": described(INTEGER, "How many records this page holds."),
            "first_page": BOOLEAN,
            "last_page": BOOLEAN,
            "empty": described(BOOLEAN, "True when this page holds no record."),
            "contents": {"type": "array"},
        },
    }
    schemas: Json = {
        "Territory": territory,
        "Language": language,
        "Phone": phone,
        "Schedule": schedule,
        "ServiceArea": service_area,
        "Contact": contact,
        "Funding": funding,
        "CostOption": cost_option,
        "RequiredDocument": required_document,
        "Accessibility": accessibility,
        "Address": address,
        "Program": program,
        "Metadata": metadata,
        "Taxonomy": taxonomy,
        "TaxonomyTerm": taxonomy_term,
        "Attribute": attribute,
        "OrganizationItem": organization_item,
        "Organization": organization,
        "LocationItem": location_item,
        "Location": location,
        "ServiceItem": service_item,
        "Service": service,
        "ServiceAtLocationItem": sal_item,
        "ServiceAtLocation": sal,
        "Page": page,
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["message", "parameter"],
                    "properties": {
                        "message": described(STRING, "What is wrong, in the language of Accept-Language."),
                        "parameter": described(
                            {"type": ["string", "null"]},
                            "The query parameter at fault, or id for the address.",
                        ),
                    },
                }
            },
        },
        "ApiInfo": {
            "type": "object",
            "required": ["version", "profile", "openapi_url"],
            "properties": {
                "version": described(STRING, "The HSDS version of this API."),
                "profile": described(URI, "Where the Pontes profile of HSDS is described."),
                "openapi_url": described(URI, "This document."),
            },
        },
    }
    for name, item in (
        ("ServicePage", "ServiceItem"),
        ("ServiceAtLocationPage", "ServiceAtLocationItem"),
        ("OrganizationPage", "OrganizationItem"),
        ("TaxonomyPage", "Taxonomy"),
        ("TaxonomyTermPage", "TaxonomyTerm"),
    ):
        schemas[name] = {
            "allOf": [ref("Page"), {"type": "object", "properties": {"contents": array(ref(item))}}]
        }
    return schemas


# --- Parameters --------------------------------------------------------------------------------


def _query(name: str, schema: Json, description: str) -> Json:
    parameter: Json = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
    if schema.get("type") == "array":
        parameter.update(style="form", explode=False)
    return parameter


@cache
def _language_codes() -> list[str]:
    return sorted(str(record.alpha_2) for record in pycountry.languages if hasattr(record, "alpha_2"))


def _parameters() -> Json:
    slug = {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,80}$"}
    codes = {"type": "string", "enum": _language_codes()}
    parameters: Json = {
        "search": _query("search", STRING, "Words to look for (every word must match; any script)."),
        "page": _query(
            "page", {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}, "Page number."
        ),
        "per_page": _query(
            "per_page", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "Records per page."
        ),
        "format": _query(
            "format",
            {"type": "string", "enum": ["json", "ndjson"], "default": "json"},
            "ndjson streams every matching record, one JSON object per line, without pages.",
        ),
        "full": _query("full", BOOLEAN, "List fully nested records instead of their one-to-one fields."),
        "full_service": _query("full_service", BOOLEAN, "Nest an organisation's services fully."),
        "taxonomy_term_id": _query(
            "taxonomy_term_id",
            array(UUID),
            "Records linked to this taxonomy term (comma-separated: any of them).",
        ),
        "taxonomy_id": _query(
            "taxonomy_id",
            array(UUID),
            "Records linked to a term of this taxonomy (comma-separated: any of them).",
        ),
        "organization_id": _query("organization_id", UUID, "Services of this organisation."),
        "modified_after": _query("modified_after", DATE_TIME, "Records changed on or after this moment."),
        "parent_id": _query("parent_id", array(UUID), "Terms below this term."),
        "top_only": _query("top_only", BOOLEAN, "Only terms without a parent."),
        "lang": _query(
            "lang",
            codes,
            "Pontes: the language of the texts (ISO 639). Untranslated texts fall back to a language of the "
            "territory, then the original; x_pontes_language says which. Default: each record's original.",
        ),
        "language": _query(
            "language", array(codes), "Pontes: services given in this language (ISO 639; any of them)."
        ),
        "territory": _query(
            "territory", slug, "Pontes: services of this territory and everything below it (slug)."
        ),
        "open_now": _query(
            "open_now", BOOLEAN, "Pontes: open at this moment (in the territory's time zone)."
        ),
    }
    for key, vocabulary in FACETS.items():
        parameters[key] = _query(
            key,
            array({"type": "string", "enum": list(vocabulary.codes)}),
            f"Pontes: codes of the taxonomy {hsds.TAXONOMY_PREFIX}{vocabulary.key} (any of them).",
        )
    flags = {
        "free": "free of charge",
        "low_cost": "free or cheap",
        "evenings": "open in the evening",
        "weekends": "open at weekends",
        "accessible": "with step-free access",
        "open_to_all": "open to the whole population",
        "no_documents": "needing no documents (anonymous)",
    }
    for name, text in flags.items():
        parameters[name] = _query(name, BOOLEAN, f"Pontes: only services {text}.")
    parameters["lat"] = _query("lat", {"type": "number", "minimum": -90, "maximum": 90}, "Pontes: latitude.")
    parameters["lon"] = _query(
        "lon", {"type": "number", "minimum": -180, "maximum": 180}, "Pontes: longitude."
    )
    parameters["near"] = _query(
        "near", slug, "Pontes: around the centre of this territory (slug) instead of lat/lon."
    )
    parameters["proximity"] = _query(
        "proximity",
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_KM},
        "Pontes: within ±this many kilometres (north-south and east-west) of lat/lon or near; default 25, "
        "nearest first.",
    )
    parameters["id"] = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": UUID,
        "description": "The record's id.",
    }
    return parameters


FLAGS = ["free", "low_cost", "evenings", "weekends", "accessible", "open_to_all", "no_documents"]
SERVICE_FILTERS = [
    "search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after",
    *FACETS, "language", *FLAGS, "open_now", "territory", "lang",
]  # fmt: skip
PAGING = ["page", "per_page", "format"]


# --- Operations --------------------------------------------------------------------------------


def _parameter_refs(names: list[str]) -> list[Json]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _headers() -> Json:
    return {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/Access-Control-Allow-Origin"}}


def _ok(schema: str, description: str, *, stream: bool = False) -> Json:
    content: Json = {"application/json": {"schema": ref(schema)}}
    if stream:
        content["application/x-ndjson"] = {"schema": STRING}
        description += " With format=ndjson: every matching record, one JSON object per line."
    return {"description": description, "headers": _headers(), "content": content}


def _error(description: str) -> Json:
    return {
        "description": description,
        "headers": _headers(),
        "content": {"application/json": {"schema": ref("Error")}},
    }


def _operation(
    operation_id: str, summary: str, parameters: list[str], ok: Json, *, detail: bool = False
) -> Json:
    responses: Json = {"200": ok}
    if parameters:
        responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    if detail:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": _parameter_refs(parameters),
            "responses": responses,
        }
    }


def _paths() -> Json:
    return {
        "/": _operation(
            "getApiInformation",
            "This API's HSDS version, profile and description.",
            [],
            _ok("ApiInfo", "About this API."),
        ),
        "/services": _operation(
            "getServices",
            "Live services, best match first (or most recently changed).",
            [*SERVICE_FILTERS, "full", *PAGING],
            _ok("ServicePage", "A page of services.", stream=True),
        ),
        "/services/{id}": _operation(
            "getService",
            "A fully nested service.",
            ["id", "lang"],
            _ok("Service", "The service."),
            detail=True,
        ),
        "/service_at_locations": _operation(
            "getServiceAtLocations",
            "Services at the places they are given; with a position, the nearest first.",
            [*SERVICE_FILTERS, "lat", "lon", "near", "proximity", "full", *PAGING],
            _ok("ServiceAtLocationPage", "A page of services at locations.", stream=True),
        ),
        "/service_at_locations/{id}": _operation(
            "getServiceAtLocation",
            "A fully nested service at a location.",
            ["id", "lang"],
            _ok("ServiceAtLocation", "The service at a location."),
            detail=True,
        ),
        "/organizations": _operation(
            "getOrganizations",
            "Organisations with live services, by name. Service filters keep those with a matching service.",
            [
                "search",
                "modified_after",
                "taxonomy_term_id",
                "taxonomy_id",
                *FACETS,
                "language",
                *FLAGS,
                "open_now",
                "territory",
                "lang",
                "full",
                "full_service",
                *PAGING,
            ],
            _ok("OrganizationPage", "A page of organisations.", stream=True),
        ),
        "/organizations/{id}": _operation(
            "getOrganization",
            "A fully nested organisation, with its live services.",
            ["id", "full_service", "lang"],
            _ok("Organization", "The organisation."),
            detail=True,
        ),
        "/taxonomies": _operation(
            "getTaxonomies",
            "Pontes' taxonomies, then those stored.",
            ["search", "lang", *PAGING],
            _ok("TaxonomyPage", "A page of taxonomies.", stream=True),
        ),
        "/taxonomies/{id}": _operation(
            "getTaxonomy", "A taxonomy.", ["id", "lang"], _ok("Taxonomy", "The taxonomy."), detail=True
        ),
        "/taxonomy_terms": _operation(
            "getTaxonomyTerms",
            "Terms of Pontes' taxonomies, then those stored.",
            ["search", "taxonomy_id", "parent_id", "top_only", "lang", *PAGING],
            _ok("TaxonomyTermPage", "A page of taxonomy terms.", stream=True),
        ),
        "/taxonomy_terms/{id}": _operation(
            "getTaxonomyTerm",
            "A taxonomy term.",
            ["id", "lang"],
            _ok("TaxonomyTerm", "The term."),
            detail=True,
        ),
        "/openapi.json": _operation(
            "getOpenApi",
            "This document.",
            [],
            {
                "description": "The OpenAPI description of this API.",
                "headers": _headers(),
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
        ),
    }


DESCRIPTION = """\
The public service directory of Pontes as Open Referral HSDS 3.1: read-only, no key, any origin.

Pontes profile of HSDS:

* Only live services (status active) are published, with their organisations and places.
* Facets of a service are attributes linking it to terms of Pontes' taxonomies, listed by
  /taxonomies and /taxonomy_terms with stable ids: {taxonomies}.
* Extension properties start with x_pontes_ (documented in the schemas below).
* Texts are given in the original language of each record, or in the language asked with
  lang, falling back to a language of the territory, then the original; x_pontes_language says
  which language a record's texts are in.
* Filters are all combined (AND); the comma-separated values of one parameter are alternatives.
  Parameters the API does not know are ignored.
* Errors are JSON: {{"error": {{"message": ..., "parameter": ...}}}}, with status 400 for a
  bad parameter and 404 for an unknown id.
"""


def build_document() -> Json:
    base = reverse("hsds_api:root").rstrip("/")
    taxonomies = ", ".join(hsds.TAXONOMY_PREFIX + v.key for v in vocabularies.ALL)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Pontes service directory (HSDS 3.1)",
            "version": f"{hsds.HSDS_VERSION}.0-pontes.1",
            "description": DESCRIPTION.format(taxonomies=taxonomies),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "externalDocs": {"description": "The HSDS API reference", "url": HSDS_API_REFERENCE},
        "servers": [{"url": base}],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(),
            "headers": {
                "Access-Control-Allow-Origin": {
                    "description": "Any site may read the answers.",
                    "schema": {"type": "string", "const": "*"},
                }
            },
            "responses": {
                "BadRequest": _error("A parameter has a value the API does not accept."),
                "NotFound": _error("No public record has this id."),
            },
        },
    }
