"""The read-only HSDS 3 API of the directory at /api/hsds/ (no language prefix, open to all).

Views are thin: parse the query string (any bad value is a 400 naming the parameter), ask
`search.search()` which records match, load them with the `hsds` queryset helpers and serialise
them. Lists are HSDS `Page` envelopes, or with `format=ndjson` every matching record streamed one
per line. Every filter is AND-combined with the others; the comma-separated values of one
parameter are alternatives. Only live services (status active) and what they link to are public.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import math
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import wraps
from typing import Any, cast

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from pontes.core.db import prepared_cursor
from pontes.core.languages import normalise_language_code, validate_language_code
from pontes.core.models import Organisation
from pontes.core.permissions import public

from . import hsds, openapi
from .models import Attribute, TaxonomyTerm
from .search import (
    FACETS,
    MAX_RADIUS_KM,
    SearchParams,
    SearchResult,
    as_hit,
    iter_hits,
    parse_terms,
    search,
)

PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000
STREAM_BATCH = 200
NDJSON = "application/x-ndjson"
# Boolean filters and the search flag each one sets.
FLAG_PARAMETERS = {
    "free": "free",
    "low_cost": "low_cost",
    "evenings": "evenings",
    "weekends": "weekends",
    "accessible": "accessible",
    "open_to_all": "open_to_all",
    "no_documents": "no_documents",
}
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class ApiError(Exception):
    """A request the API refuses, with the parameter at fault (if one is)."""

    def __init__(self, status: int, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter

    def response(self) -> JsonResponse:
        return error_response(self.status, self.message, self.parameter)


def error_response(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    return JsonResponse({"error": {"message": message, "parameter": parameter}}, status=status)


def _with_cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    # Other sites' pages may read our answers: the data is public by design.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def api_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponse]:
    """GET only, errors as JSON, and answers any origin may read."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponseBase
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, _("This API only answers GET requests."))
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error.response()
        # Access declarations are typed for HttpResponse; a streamed answer is one to them too.
        return cast(HttpResponse, _with_cors(response))

    # Read-only and without sessions: other methods get the JSON 405 above, not a CSRF page.
    return csrf_exempt(wrapper)


# --- Parsing the query string -----------------------------------------------------------------


def _value(query: QueryDict, name: str) -> str:
    return (query.get(name) or "").strip()


def _list(query: QueryDict, name: str) -> list[str]:
    """Comma-separated values, also accepted as repeated parameters."""
    values: list[str] = []
    for raw in query.getlist(name):
        for part in raw.split(","):
            part = part.strip()
            if part and part not in values:
                values.append(part)
    return values


def _boolean(query: QueryDict, name: str) -> bool:
    value = _value(query, name).lower()
    if value in _TRUE:
        return True
    if value in _FALSE or not value:
        return False
    raise ApiError(400, _("Use true or false."), name)


def _integer(query: QueryDict, name: str, default: int, maximum: int) -> int:
    value = _value(query, name)
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9 or not 1 <= int(value) <= maximum:
        raise ApiError(400, _("Give a whole number from 1 to %(maximum)s.") % {"maximum": maximum}, name)
    return int(value)


def _float(query: QueryDict, name: str, minimum: float, maximum: float) -> float | None:
    value = _value(query, name)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not minimum <= number <= maximum:
        raise ApiError(
            400,
            _("Give a number from %(minimum)s to %(maximum)s.") % {"minimum": minimum, "maximum": maximum},
            name,
        )
    return number


def _uuids(query: QueryDict, name: str) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(value) for value in _list(query, name)]
    except ValueError as error:
        raise ApiError(400, _("Give an identifier in UUID form."), name) from error


def _language(query: QueryDict, name: str) -> str | None:
    codes = _languages(query, name)
    if len(codes) > 1:
        raise ApiError(400, _("Give one language code."), name)
    return codes[0] if codes else None


def _languages(query: QueryDict, name: str) -> list[str]:
    codes = [normalise_language_code(code) for code in _list(query, name)]
    for code in codes:
        if len(code) > 35:  # not a language tag; not worth repeating in the message either
            raise ApiError(400, _("Give ISO 639 language codes (for example: fr, ar, wo)."), name)
        try:
            validate_language_code(code)
        except ValidationError as error:
            raise ApiError(400, " ".join(error.messages), name) from error
    return codes


@dataclasses.dataclass(frozen=True)
class Place:
    """What a search reads of a territory: what lies under it, its time zone, where it is."""

    path: str
    timezone: str
    latitude: float | Decimal | None  # as the database gives it (SQLite: a float)
    longitude: float | Decimal | None


_PLACE_SQL = "SELECT path, timezone, latitude, longitude FROM core_territory WHERE slug = %s"


def _territory(query: QueryDict, name: str) -> Place | None:
    slug = _value(query, name)
    if not slug:
        return None
    place = None
    if _SLUG.match(slug):
        # One indexed row on every search near a place: a prepared statement, not the ORM, whose
        # building of the query and the object took longer than the database.
        with prepared_cursor() as cursor:
            cursor.execute(_PLACE_SQL, [slug])
            row = cursor.fetchone()
        place = Place(*row) if row is not None else None
    if place is None:
        raise ApiError(400, _("There is no place called “%(slug)s” here.") % {"slug": slug[:80]}, name)
    return place


def parse_datetime(value: str) -> datetime.datetime:
    """An ISO 8601 / RFC 3339 date-time (or date), as an aware UTC date-time."""
    text = value.strip().upper().replace(" ", "T")
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # offsets pushing year 1 or 9999 out of range
        return (
            datetime.datetime.min.replace(tzinfo=datetime.UTC)
            if moment.year < 2
            else datetime.datetime.max.replace(tzinfo=datetime.UTC)
        )


def _modified_after(query: QueryDict) -> datetime.datetime | None:
    value = _value(query, "modified_after")
    if not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError as error:
        raise ApiError(400, _("Give a date and time like 2026-01-31T09:30:00Z."), "modified_after") from error
    # HSDS says "on or after"; the search is strict, so step back the smallest unit it keeps.
    return (
        moment - datetime.timedelta(microseconds=1)
        if moment > datetime.datetime.min.replace(tzinfo=datetime.UTC)
        else moment
    )


def _output_format(query: QueryDict) -> str:
    value = _value(query, "format").lower() or "json"
    if value not in ("json", "ndjson"):
        raise ApiError(400, _("Use json or ndjson."), "format")
    return value


@dataclasses.dataclass
class Paging:
    page: int
    per_page: int
    stream: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _paging(query: QueryDict) -> Paging:
    return Paging(
        page=_integer(query, "page", 1, MAX_PAGE),
        per_page=_integer(query, "per_page", PER_PAGE, MAX_PER_PAGE),
        stream=_output_format(query) == "ndjson",
    )


# --- Taxonomy filters -------------------------------------------------------------------------


def _services_with_terms(term_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Live services linked to any of these terms: Pontes facets or stored attributes."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for term_id in term_ids:
        if term_id in hsds.PONTES_TERMS:
            vocabulary, code = hsds.PONTES_TERMS[term_id]
            wanted[hsds.FACET_FIELD_BY_KEY[vocabulary.key]].add(code)
    found: set[uuid.UUID] = set()
    if wanted:
        fields = sorted(wanted)
        for pk, *values in hsds.public_services().values_list("pk", *fields):
            if any(set(codes or []) & wanted[name] for name, codes in zip(fields, values, strict=True)):
                found.add(pk)
    others = [t for t in term_ids if t not in hsds.PONTES_TERMS]
    if others:
        found |= _linked_services(Attribute.objects.filter(taxonomy_term_id__in=others))
    return found


def _services_in_taxonomies(taxonomy_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Live services linked to any term of these taxonomies."""
    fields = sorted(
        hsds.FACET_FIELD_BY_KEY[hsds.PONTES_TAXONOMIES[t].key]
        for t in taxonomy_ids
        if t in hsds.PONTES_TAXONOMIES
    )
    found: set[uuid.UUID] = set()
    if fields:
        for pk, *values in hsds.public_services().values_list("pk", *fields):
            if any(values):
                found.add(pk)
    others = [t for t in taxonomy_ids if t not in hsds.PONTES_TAXONOMIES]
    if others:
        found |= _linked_services(Attribute.objects.filter(taxonomy_term__taxonomy_id__in=others))
    return found


def _linked_services(attributes: QuerySet[Attribute]) -> set[uuid.UUID]:
    found = set()
    for link_id in attributes.filter(link_entity="service").values_list("link_id", flat=True):
        try:
            found.add(uuid.UUID(link_id))
        except ValueError:
            continue
    return found


# --- Service filters, shared by /services, /service_at_locations and /organizations -----------


@dataclasses.dataclass
class Position:
    latitude: float | None = None
    longitude: float | None = None
    radius: float | None = None
    near: Place | None = None


def _position(query: QueryDict) -> Position:
    """Our extension of /service_at_locations: around lat/lon or a territory's centre."""
    latitude = _float(query, "lat", -90, 90)
    longitude = _float(query, "lon", -180, 180)
    if (latitude is None) != (longitude is None):
        missing = "lon" if latitude is not None else "lat"
        raise ApiError(400, _("Give both latitude and longitude, or neither."), missing)
    near = _territory(query, "near")
    if near is not None:
        if latitude is not None:
            raise ApiError(400, _("Give a place or a position, not both."), "near")
        if near.latitude is None or near.longitude is None:
            raise ApiError(400, _("This place has no position on the map; choose another."), "near")
        latitude, longitude = float(near.latitude), float(near.longitude)
    radius = _float(query, "proximity", 0, MAX_RADIUS_KM)
    if radius is not None and latitude is None:
        raise ApiError(400, _("Give a position (lat and lon, or near) to search around."), "proximity")
    if radius == 0:
        raise ApiError(400, _("Give a distance above zero."), "proximity")
    return Position(latitude, longitude, radius, near)


@dataclasses.dataclass
class ServiceFilters:
    params: SearchParams
    language: str | None
    full: bool
    paging: Paging
    restricted: bool  # some filter narrows the services (for /organizations)


def _service_filters(query: QueryDict, *, with_point: bool, of_organisations: bool = False) -> ServiceFilters:
    """The search behind /services and /service_at_locations; for /organizations, the filters
    that select organisations by their services (text and date are then the organisation's own)."""
    paging = _paging(query)
    language = _language(query, "lang")
    facets: dict[str, list[str]] = {}
    for key, vocabulary in FACETS.items():
        codes = _list(query, key)
        unknown = [code for code in codes if code not in vocabulary.codes]
        if unknown:
            raise ApiError(
                400, _("Unknown code: %(codes)s.") % {"codes": ", ".join(c[:40] for c in unknown[:5])}, key
            )
        if codes:
            facets[key] = codes
    flags = [flag for name, flag in FLAG_PARAMETERS.items() if _boolean(query, name)]
    territory = _territory(query, "territory")
    service_ids: set[uuid.UUID] | None = None
    term_ids = _uuids(query, "taxonomy_term_id")
    if term_ids:
        service_ids = _services_with_terms(term_ids)
    taxonomy_ids = _uuids(query, "taxonomy_id")
    if taxonomy_ids:
        in_taxonomies = _services_in_taxonomies(taxonomy_ids)
        service_ids = in_taxonomies if service_ids is None else service_ids & in_taxonomies
    organization_pk: int | None = None
    organization_ids = [] if of_organisations else _uuids(query, "organization_id")
    if len(organization_ids) > 1:
        raise ApiError(400, _("Give one organisation."), "organization_id")
    if organization_ids:
        found = Organisation.objects.filter(uuid=organization_ids[0]).values_list("pk", flat=True).first()
        organization_pk = found if found is not None else 0  # no organisation has pk 0: nothing matches
    position = _position(query) if with_point else Position()
    near = position.near
    latitude, longitude, radius = position.latitude, position.longitude, position.radius
    open_now = _boolean(query, "open_now")
    zone = territory or near
    params = SearchParams(
        q="" if of_organisations else _value(query, "search"),
        language=language or str(settings.LANGUAGE_CODE),
        territory_path=territory.path if territory is not None else "",
        facets=facets,
        flags=flags,
        spoken_languages=_languages(query, "language"),
        open_now=open_now,
        time_zone=zone.timezone if zone is not None else str(settings.TIME_ZONE),
        latitude=latitude,
        longitude=longitude,
        radius_km=radius,
        organization_id=organization_pk,
        service_ids=sorted(service_ids) if service_ids is not None else None,
        modified_after=None if of_organisations else _modified_after(query),
        page=paging.page,
        per_page=paging.per_page,
    )
    restricted = bool(
        params.q.strip()
        or facets
        or flags
        or params.spoken_languages
        or open_now
        or territory
        or service_ids is not None
        or organization_pk is not None
        or params.modified_after
    )
    return ServiceFilters(params, language, _boolean(query, "full"), paging, restricted)


# --- Responses --------------------------------------------------------------------------------


def _json(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(hsds.encode_json(data), status=status, content_type="application/json")


def page_envelope(
    contents: Sequence[hsds.Json | orjson.Fragment],
    *,
    total: int,
    paging: Paging,
    result: SearchResult | None = None,
) -> hsds.Json:
    """An HSDS Page. For searches, `result` tells whether the total is only a lower bound (very
    broad searches are counted up to search.COUNT_LIMIT) and whether more pages follow."""
    total_pages = math.ceil(total / paging.per_page)
    lower_bound = result is not None and result.total_is_lower_bound
    last_page = not result.has_more if lower_bound and result is not None else paging.page >= total_pages
    envelope: hsds.Json = {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": last_page,
        "empty": not contents,
    }
    if result is not None:
        envelope["x_pontes_total_is_lower_bound"] = lower_bound
    envelope["contents"] = contents
    return envelope


def _ndjson(batches: Iterable[Sequence[hsds.Json | bytes]]) -> StreamingHttpResponse:
    """One record a line; records given encoded are written as they are."""

    def lines() -> Iterator[bytes]:
        for batch in batches:
            yield b"".join(
                (item if isinstance(item, bytes) else hsds.encode_json(item)) + b"\n" for item in batch
            )

    return StreamingHttpResponse(lines(), content_type=NDJSON)


def _search_batches(params: SearchParams, *, by_service: bool) -> Iterator[SearchResult]:
    """Every match, a batch of results at a time (for ndjson), in one ordered read."""
    rows = iter_hits(params, by_service=by_service)
    while batch := [as_hit(row, params) for row in itertools.islice(rows, STREAM_BATCH)]:
        yield SearchResult(batch, len(batch), 1, STREAM_BATCH, {}, {})


def _as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _queryset_batches(queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    offset = 0
    while True:
        rows = list(queryset[offset : offset + STREAM_BATCH])
        if rows:
            yield rows
        if len(rows) < STREAM_BATCH:
            return
        offset += STREAM_BATCH


# --- Views: the API's own description ---------------------------------------------------------


@public
@api_view
def root(request: HttpRequest) -> HttpResponseBase:
    openapi_url = request.build_absolute_uri(reverse("hsds_api:openapi"))
    profile = getattr(settings, "PONTES_HSDS_PROFILE_URL", "") or openapi_url
    return _json({"version": hsds.HSDS_VERSION, "profile": profile, "openapi_url": openapi_url})


@public
@api_view
def openapi_document(request: HttpRequest) -> HttpResponseBase:
    return _json(openapi.build_document())


@public
@api_view
def not_found(request: HttpRequest) -> HttpResponseBase:
    """Anything else under /api/hsds/, including ids that are not UUIDs."""
    return error_response(404, _("There is nothing at this address of the API."))


# --- Views: services --------------------------------------------------------------------------


def _services_page(ids: list[uuid.UUID], filters: ServiceFilters, *, stream: bool = False) -> list[Any]:
    """The page's services: encoded list items (kept for the next pages that show them, unless
    streamed: an export reads each once), or full records."""
    if not filters.full:
        encoded = hsds.encoded_service_items(ids, filters.language, remember=not stream)
        return [encoded[i] for i in ids if i in encoded]
    records = {s.pk: s for s in hsds.service_queryset(full=True).filter(pk__in=ids)}
    services = [records[i] for i in ids if i in records]
    ctx = hsds.build_context(filters.language, services=services, full=True)
    return [hsds.service(s, ctx) for s in services]


def _fragments(contents: list[Any]) -> list[hsds.Json | orjson.Fragment]:
    """Encoded items as parts of a page that orjson writes as they are."""
    return [orjson.Fragment(item) if isinstance(item, bytes) else item for item in contents]


@public
@api_view
def services(request: HttpRequest) -> HttpResponseBase:
    filters = _service_filters(request.GET, with_point=False)
    if filters.paging.stream:
        return _ndjson(
            _services_page([_as_uuid(h.service_id) for h in result.hits], filters, stream=True)
            for result in _search_batches(filters.params, by_service=True)
        )
    result = search(filters.params, with_counts=False, by_service=True)
    contents = _fragments(_services_page([_as_uuid(h.service_id) for h in result.hits], filters))
    return _json(page_envelope(contents, total=result.total, paging=filters.paging, result=result))


@public
@api_view
def service(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    language = _language(request.GET, "lang")
    record = hsds.service_queryset(full=True).filter(pk=pk).first()
    if record is None:
        raise ApiError(404, _("There is no public service with this id."), "id")
    ctx = hsds.build_context(language, services=[record], full=True)
    return _json(hsds.service(record, ctx))


# --- Views: services at locations -------------------------------------------------------------


def _with_distance(encoded: bytes, distance_km: float | None) -> bytes:
    """An encoded item with our `x_pontes_distance_km` as its last member (items are objects
    with an id: never empty)."""
    if distance_km is None:
        return encoded
    return encoded[:-1] + b',"x_pontes_distance_km":' + orjson.dumps(round(distance_km, 3)) + b"}"


def _sal_page(result: SearchResult, filters: ServiceFilters, *, stream: bool = False) -> list[Any]:
    hits = [h for h in result.hits if h.service_at_location_id is not None]
    ids = [_as_uuid(h.service_at_location_id) for h in hits]
    if not filters.full:
        encoded = hsds.encoded_service_at_location_items(ids, filters.language, remember=not stream)
        return [
            _with_distance(encoded[i], h.distance_km) for i, h in zip(ids, hits, strict=True) if i in encoded
        ]
    records = {sal.pk: sal for sal in hsds.service_at_location_queryset(full=True).filter(pk__in=ids)}
    found = [(records[i], h) for i, h in zip(ids, hits, strict=True) if i in records]
    ctx = hsds.build_context(filters.language, service_at_locations=[sal for sal, _h in found], full=True)
    contents = []
    for sal, hit in found:
        item = hsds.service_at_location(sal, ctx)
        if hit.distance_km is not None:
            item["x_pontes_distance_km"] = round(hit.distance_km, 3)
        contents.append(item)
    return contents


@public
@api_view
def service_at_locations(request: HttpRequest) -> HttpResponseBase:
    filters = _service_filters(request.GET, with_point=True)
    # Only index rows of a service at a place.
    filters.params.located_only = True
    if filters.paging.stream:
        return _ndjson(
            _sal_page(result, filters, stream=True)
            for result in _search_batches(filters.params, by_service=False)
        )
    result = search(filters.params, with_counts=False, by_service=False)
    contents = _fragments(_sal_page(result, filters))
    return _json(page_envelope(contents, total=result.total, paging=filters.paging, result=result))


@public
@api_view
def service_at_location(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    language = _language(request.GET, "lang")
    record = hsds.service_at_location_queryset(full=True).filter(pk=pk).first()
    if record is None:
        raise ApiError(404, _("There is no public service at a location with this id."), "id")
    ctx = hsds.build_context(language, service_at_locations=[record], full=True)
    return _json(hsds.service_at_location(record, ctx))


# --- Views: organisations ---------------------------------------------------------------------


def _services_shape(query: QueryDict, *, full: bool) -> hsds.ServicesShape:
    if _boolean(query, "full_service"):
        return "full"
    return "items" if full else "none"


def _organisations_page(
    rows: list[Organisation], filters: ServiceFilters, shape: hsds.ServicesShape
) -> list[hsds.Json]:
    ctx = hsds.build_context(
        filters.language, organizations=rows, full=filters.full, organization_services=shape
    )
    if filters.full:
        return [hsds.organization(o, ctx, services=shape) for o in rows]
    return [hsds.organization_item(o, ctx) for o in rows]


@public
@api_view
def organizations(request: HttpRequest) -> HttpResponseBase:
    query = request.GET
    filters = _service_filters(query, with_point=False, of_organisations=True)
    shape = _services_shape(query, full=filters.full)
    if shape == "full":
        filters.full = True
    queryset = hsds.organization_queryset(full=filters.full, services=shape)
    queryset = _text_filter(
        queryset, parse_terms(_value(query, "search")), ("name", "alternate_name", "description")
    )
    modified_after = _modified_after(query)
    if modified_after is not None:
        queryset = queryset.filter(updated_at__gt=modified_after)
    if filters.restricted:
        every = dataclasses.replace(filters.params, page=1, per_page=10**9)
        ids = [_as_uuid(h.service_id) for h in search(every, with_counts=False, by_service=True).hits]
        queryset = queryset.filter(pk__in=hsds.public_services().filter(pk__in=ids).values("organization_id"))
    queryset = queryset.order_by("name", "pk")
    paging = filters.paging
    if paging.stream:
        return _ndjson(_organisations_page(rows, filters, shape) for rows in _queryset_batches(queryset))
    total = queryset.count()
    rows = list(queryset[paging.offset : paging.offset + paging.per_page]) if paging.offset < total else []
    return _json(page_envelope(_organisations_page(rows, filters, shape), total=total, paging=paging))


@public
@api_view
def organization(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    language = _language(request.GET, "lang")
    shape: hsds.ServicesShape = "full" if _boolean(request.GET, "full_service") else "items"
    record = hsds.organization_queryset(full=True, services=shape).filter(uuid=pk).first()
    if record is None:
        raise ApiError(404, _("There is no organisation with public services with this id."), "id")
    ctx = hsds.build_context(language, organizations=[record], full=True, organization_services=shape)
    return _json(hsds.organization(record, ctx, services=shape))


# --- Views: taxonomies and their terms --------------------------------------------------------


def _matches(item: hsds.Json, terms: list[str], fields: tuple[str, ...]) -> bool:
    text = " ".join(str(item.get(name, "")) for name in fields).casefold()
    return all(term in text for term in terms)


def _text_filter(queryset: QuerySet[Any], terms: list[str], fields: tuple[str, ...]) -> QuerySet[Any]:
    for term in terms:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(condition)
    return queryset


def _combined(
    generated: list[hsds.Json],
    queryset: QuerySet[Any],
    serialise: Callable[[Any], hsds.Json],
    paging: Paging,
) -> HttpResponseBase:
    """One list of Pontes' generated records followed by those stored in the database."""
    if paging.stream:
        stored = ([serialise(r) for r in rows] for rows in _queryset_batches(queryset))
        return _ndjson(itertools.chain([generated], stored))
    total = len(generated) + queryset.count()
    contents = generated[paging.offset : paging.offset + paging.per_page]
    start = max(0, paging.offset - len(generated))
    wanted = paging.per_page - len(contents)
    if wanted > 0 and paging.offset < total:
        contents += [serialise(r) for r in queryset[start : start + wanted]]
    return _json(page_envelope(contents, total=total, paging=paging))


@public
@api_view
def taxonomies(request: HttpRequest) -> HttpResponseBase:
    query = request.GET
    paging = _paging(query)
    language = _language(query, "lang")
    terms = parse_terms(_value(query, "search"))
    fields = ("name", "description", "x_pontes_title")
    generated = [t for t in hsds.pontes_taxonomies(language) if _matches(t, terms, fields)]
    queryset = _text_filter(hsds.taxonomy_queryset(), terms, ("name", "description")).order_by("name", "pk")
    return _combined(generated, queryset, hsds.taxonomy, paging)


@public
@api_view
def taxonomy(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    language = _language(request.GET, "lang")
    if pk in hsds.PONTES_TAXONOMIES:
        return _json(hsds.vocabulary_taxonomy(hsds.PONTES_TAXONOMIES[pk], language))
    record = hsds.taxonomy_queryset().filter(pk=pk).first()
    if record is None:
        raise ApiError(404, _("There is no taxonomy with this id."), "id")
    return _json(hsds.taxonomy(record))


@public
@api_view
def taxonomy_terms(request: HttpRequest) -> HttpResponseBase:
    query = request.GET
    paging = _paging(query)
    language = _language(query, "lang")
    terms = parse_terms(_value(query, "search"))
    taxonomy_ids = _uuids(query, "taxonomy_id")
    parent_ids = _uuids(query, "parent_id")
    top_only = _boolean(query, "top_only")
    generated = [
        t
        for t in hsds.pontes_terms(language)
        if _matches(t, terms, ("name", "code", "description"))
        and (not taxonomy_ids or uuid.UUID(t["taxonomy_id"]) in taxonomy_ids)
        and not parent_ids  # Pontes' terms have no parents
    ]
    queryset: QuerySet[TaxonomyTerm] = _text_filter(
        hsds.taxonomy_term_queryset(), terms, ("name", "code", "description")
    )
    if taxonomy_ids:
        queryset = queryset.filter(taxonomy_id__in=taxonomy_ids)
    if parent_ids:
        queryset = queryset.filter(parent_id__in=parent_ids)
    if top_only:
        queryset = queryset.filter(parent__isnull=True)
    queryset = queryset.order_by("taxonomy__name", "name", "pk")
    return _combined(generated, queryset, hsds.taxonomy_term, paging)


@public
@api_view
def taxonomy_term(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    language = _language(request.GET, "lang")
    if pk in hsds.PONTES_TERMS:
        vocabulary, code = hsds.PONTES_TERMS[pk]
        return _json(hsds.vocabulary_term(vocabulary, code, language))
    record = hsds.taxonomy_term_queryset().filter(pk=pk).first()
    if record is None:
        raise ApiError(404, _("There is no taxonomy term with this id."), "id")
    return _json(hsds.taxonomy_term(record))
