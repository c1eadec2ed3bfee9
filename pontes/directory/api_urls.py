"""The read-only HSDS 3 API at /api/hsds/ (no language prefix)."""

from django.urls import path, re_path

from . import api

app_name = "hsds_api"

urlpatterns = [
    path("api/hsds/", api.root, name="root"),
    path("api/hsds/openapi.json", api.openapi_document, name="openapi"),
    path("api/hsds/services", api.services, name="services"),
    path("api/hsds/services/<uuid:pk>", api.service, name="service"),
    path("api/hsds/service_at_locations", api.service_at_locations, name="service_at_locations"),
    path("api/hsds/service_at_locations/<uuid:pk>", api.service_at_location, name="service_at_location"),
    path("api/hsds/organizations", api.organizations, name="organizations"),
    path("api/hsds/organizations/<uuid:pk>", api.organization, name="organization"),
    path("api/hsds/taxonomies", api.taxonomies, name="taxonomies"),
    path("api/hsds/taxonomies/<uuid:pk>", api.taxonomy, name="taxonomy"),
    path("api/hsds/taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path("api/hsds/taxonomy_terms/<uuid:pk>", api.taxonomy_term, name="taxonomy_term"),
    # Anything else below the API (a misspelt path, an id that is not a UUID): a JSON 404.
    re_path(r"^api/hsds/.*$", api.not_found, name="not_found"),
]
