"""Open Referral HSDS 3.1 serialisation of the directory: our models in, HSDS dicts out.

Pure functions, no request and no response: the API (`api.py`) and any export share them. Field
names are HSDS's own. Optional fields without a value are left out rather than sent as null,
because the HSDS schemas type them as plain strings, numbers or arrays.

Pontes goes beyond HSDS in documented ways only (HSDS lets records carry extra properties):

* the facets of a service (needs, phases, target groups, delivery modes, levels, territory
  roles) are HSDS `attributes` linking it to terms of the taxonomies "pontes-<key>", whose ids
  are stable UUIDs derived in `vocabularies.py`;
* `x_pontes_open_to_all`, `x_pontes_no_documents_needed`, `x_pontes_legal_basis`,
  `x_pontes_territory`, `x_pontes_partners` on services, `x_pontes_kind` and
  `x_pontes_territory` on organisations and locations;
* `x_pontes_language` on every record with text: the language its texts are in (the requested
  language when a translation exists, else the fallback), and `x_pontes_field_languages` for the
  fields written in another language than that one;
* in staff exports (`export_set()`), `x_pontes_translations` with the texts in other languages.

Public answers leave out what identifies staff: `assurer_email`, and the account names in
metadata's `updated_by` (the platform's name stands in; HSDS requires the field).

Efficiency: serialise records loaded with the queryset helpers below, after `build_context()`,
which loads everything else a page needs (attributes, metadata, the organisations' own phones,
contacts and funding, the languages of territories) in a fixed number of queries.
"""

from __future__ import annotations

import json
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

import orjson
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import JSONField, Prefetch, Q, QuerySet
from django.db.models.sql.constants import MULTI
from django.utils import translation
from django.utils.translation import get_language

from pontes.core.db import prepared_cursor, prepares_statements
from pontes.core.languages import base_language, language_name
from pontes.core.models import Organisation, Territory
from pontes.core.translation import TranslatableModel, TranslatableRow, best_texts

from . import vocabularies
from .models import (
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
    Status,
    Taxonomy,
    TaxonomyTerm,
)
from .schedules import WEEKDAYS

HSDS_VERSION = "3.1"
TAXONOMY_PREFIX = "pontes-"

Json = dict[str, Any]
ServicesShape = Literal["none", "items", "full"]

# Service fields holding codes of a vocabulary, published as attributes.
SERVICE_FACETS: tuple[tuple[str, vocabularies.Vocabulary], ...] = (
    ("needs", vocabularies.NEEDS),
    ("phases", vocabularies.PHASES),
    ("target_groups", vocabularies.TARGET_GROUPS),
    ("delivery_modes", vocabularies.DELIVERY_MODES),
    ("levels", vocabularies.LEVELS),
    ("territory_roles", vocabularies.TERRITORY_ROLES),
)
PONTES_TAXONOMIES: dict[uuid.UUID, vocabularies.Vocabulary] = {v.taxonomy_id: v for v in vocabularies.ALL}
PONTES_TERMS: dict[uuid.UUID, tuple[vocabularies.Vocabulary, str]] = {
    v.term_id(code): (v, code) for v in vocabularies.ALL for code in v.codes
}
FACET_FIELD_BY_KEY = {vocabulary.key: name for name, vocabulary in SERVICE_FACETS}

SERVICE_TEXTS = (
    "name",
    "alternate_name",
    "description",
    "interpretation_services",
    "application_process",
    "fees_description",
    "eligibility_description",
    "alert",
    "legal_basis",
)
ORGANISATION_TEXTS = ("name", "alternate_name", "description")
LOCATION_TEXTS = ("name", "alternate_name", "description", "transportation")
PROGRAM_TEXTS = ("name", "alternate_name", "description")


# --- Small helpers ----------------------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _put(out: Json, key: str, value: Any) -> None:
    """Set an optional field, leaving it out when it has no value (HSDS types forbid null)."""
    # `_empty()` written out: this runs a score of times for every item of every list.
    if value is not None and (value or not isinstance(value, str | list | dict)):
        out[key] = value


def _number(value: Decimal | int | float | None) -> int | float | None:
    """JSON numbers, not the strings Django's encoder would make of decimals."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _uuid_or_none(value: Any) -> str | None:
    try:
        return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        return None


def derived_id(parent: uuid.UUID, name: str) -> str:
    """A stable id for what HSDS makes a record and we keep as a value (a phone's languages…)."""
    return str(uuid.uuid5(parent, name))


def ui_language(language: str | None) -> str:
    """Vocabulary labels exist in the interface languages; any other language gets the default."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language and base_language(language) in codes:
        return base_language(language)
    return str(settings.LANGUAGE_CODE)


def translated(
    obj: TranslatableModel | TranslatableRow, fields: Sequence[str], ctx: Context
) -> tuple[dict[str, str], dict[str, str]]:
    """The non-empty texts in the context's language (with the usual fallback), and the language
    of each. No language means each record's original language; an export takes the original
    texts only (their translations go alongside)."""
    texts: dict[str, str] = {}
    languages: dict[str, str] = {}
    if ctx.export:
        for name in fields:
            if text := str(getattr(obj, name) or ""):
                texts[name], languages[name] = text, obj.original_language
        return texts, languages
    _requested, found = best_texts(obj, tuple(fields), ctx.language or obj.original_language)
    for name, (text, code) in found.items():
        texts[name] = text
        languages[name] = code
    return texts, languages


def _mark_languages(
    out: Json,
    languages: dict[str, str],
    obj: TranslatableModel | TranslatableRow,
    ctx: Context,
    default: str = "",
) -> None:
    main = next(iter(languages.values()), default or obj.original_language)
    out["x_pontes_language"] = main
    others = {name: code for name, code in languages.items() if code != main}
    if others:
        out["x_pontes_field_languages"] = others
    if ctx.export:
        translations = {
            code: {name: text for name, text in fields.items() if name in obj.translatable_fields and text}
            for code, fields in (obj.translations or {}).items()
            if isinstance(fields, dict)
        }
        _put(out, "x_pontes_translations", {code: fields for code, fields in translations.items() if fields})


# --- Context: what a page needs beyond the records themselves ---------------------------------


@dataclass
class Context:
    language: str | None = None
    # Staff exports: original texts with their translations alongside, and the names of staff who
    # verified or changed listings, which the public API leaves out.
    export: bool = False
    attributes: dict[str, list[Attribute]] = field(default_factory=dict)
    metadata: dict[str, list[MetadataEntry]] = field(default_factory=dict)
    organization_phones: dict[int, list[Phone]] = field(default_factory=dict)
    organization_contacts: dict[int, list[Contact]] = field(default_factory=dict)
    organization_funding: dict[int, list[Funding]] = field(default_factory=dict)
    territory_references: dict[int, Json] = field(default_factory=dict)

    @property
    def display_language(self) -> str:
        return self.language or str(settings.LANGUAGE_CODE)


@dataclass
class _Collected:
    link_ids: set[str] = field(default_factory=set)
    organization_pks: set[int] = field(default_factory=set)


def _collect_location(location: Location, found: _Collected, full: bool) -> None:
    if full:
        found.link_ids.add(str(location.pk))


def _collect_service(service: Service, found: _Collected, full: bool) -> None:
    if full:
        found.link_ids.add(str(service.pk))
        for sal in service.service_at_locations.all():
            found.link_ids.add(str(sal.pk))
            _collect_location(sal.location, found, full)


def _link_keys(ids: set[str]) -> list[str]:
    """Ids as stored by importers: with or without hyphens."""
    keys = set(ids)
    keys |= {uuid.UUID(i).hex for i in ids}
    return sorted(keys)


def build_context(
    language: str | None,
    *,
    services: Iterable[Service] = (),
    service_at_locations: Iterable[ServiceAtLocation] = (),
    organizations: Iterable[Organisation] = (),
    locations: Iterable[Location] = (),
    full: bool = False,
    organization_services: ServicesShape = "none",
    export: bool = False,
) -> Context:
    """Load, in a fixed number of queries, what serialising these records needs beyond them.

    `full` says whether the records are serialised fully (with attributes, metadata and the
    organisations' own phones, contacts and funding) or as list items; `organization_services`
    how the services of full organisations are (see `organization_queryset()`).
    """
    found = _Collected()
    for service in services:
        _collect_service(service, found, full)
    for sal in service_at_locations:
        _collect_location(sal.location, found, full)
        _collect_service(sal.service, found, full=False)
        if full:
            found.link_ids |= {str(sal.pk), str(sal.service.pk)}
    for organisation in organizations:
        if full:
            found.organization_pks.add(organisation.pk)
            found.link_ids.add(str(organisation.uuid))
            for location in organisation.locations.all():
                _collect_location(location, found, full)
            for service in getattr(organisation, "public_services", []):
                _collect_service(service, found, organization_services == "full")
    for location in locations:
        _collect_location(location, found, full)

    context = Context(language=language, export=export)
    if found.link_ids:
        keys = _link_keys(found.link_ids)
        attributes: dict[str, list[Attribute]] = defaultdict(list)
        for attribute in (
            Attribute.objects.filter(link_id__in=keys)
            .select_related("taxonomy_term__taxonomy")
            .order_by("pk")
        ):
            attributes[_uuid_or_none(attribute.link_id) or attribute.link_id].append(attribute)
        metadata: dict[str, list[MetadataEntry]] = defaultdict(list)
        for entry in MetadataEntry.objects.filter(resource_id__in=keys):
            metadata[_uuid_or_none(entry.resource_id) or entry.resource_id].append(entry)
        context.attributes, context.metadata = dict(attributes), dict(metadata)
    if found.organization_pks:
        pks = found.organization_pks
        context.organization_phones = _group(
            Phone.objects.filter(organization_id__in=pks).order_by("number", "pk")
        )
        context.organization_contacts = _group(
            Contact.objects.filter(organization_id__in=pks)
            .prefetch_related(_ordered_phones())
            .order_by("name", "pk")
        )
        context.organization_funding = _group(Funding.objects.filter(organization_id__in=pks).order_by("pk"))
    return context


def _group[T: (Phone, Contact, Funding)](rows: Iterable[T]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        assert row.organization_id is not None
        grouped[row.organization_id].append(row)
    return dict(grouped)


# --- Querysets: one page of records in a fixed number of queries ------------------------------


def _ordered_phones(lookup: str = "phones") -> Prefetch[Any]:
    return Prefetch(lookup, queryset=Phone.objects.order_by("number", "pk"))


def _location_prefetches(prefix: str = "") -> list[str | Prefetch[Any]]:
    return [
        Prefetch(f"{prefix}addresses", queryset=Address.objects.order_by("address_1", "pk")),
        Prefetch(f"{prefix}accessibility", queryset=Accessibility.objects.order_by("pk")),
        Prefetch(f"{prefix}languages", queryset=Language.objects.order_by("code", "pk")),
        f"{prefix}schedules",
        _ordered_phones(f"{prefix}phones"),
        Prefetch(f"{prefix}contacts", queryset=Contact.objects.order_by("name", "pk")),
        _ordered_phones(f"{prefix}contacts__phones"),
    ]


def _service_area_prefetch(lookup: str) -> Prefetch[Any]:
    return Prefetch(lookup, queryset=ServiceArea.objects.select_related("territory").order_by("name", "pk"))


def _service_prefetches(prefix: str = "", *, with_locations: bool = True) -> list[str | Prefetch[Any]]:
    lookups: list[str | Prefetch[Any]] = [
        _ordered_phones(f"{prefix}phones"),
        f"{prefix}schedules",
        _service_area_prefetch(f"{prefix}service_areas"),
        Prefetch(f"{prefix}languages", queryset=Language.objects.order_by("code", "pk")),
        Prefetch(f"{prefix}cost_options", queryset=CostOption.objects.order_by("amount", "pk")),
        Prefetch(f"{prefix}required_documents", queryset=RequiredDocument.objects.order_by("document", "pk")),
        Prefetch(f"{prefix}contacts", queryset=Contact.objects.order_by("name", "pk")),
        _ordered_phones(f"{prefix}contacts__phones"),
        Prefetch(f"{prefix}funding", queryset=Funding.objects.order_by("pk")),
        Prefetch(f"{prefix}partners", queryset=Organisation.objects.order_by("name", "pk")),
    ]
    if with_locations:
        lookups.append(
            Prefetch(
                f"{prefix}service_at_locations",
                queryset=service_at_location_queryset(
                    full=True, with_service=False, only_public=False
                ).order_by("location__name", "pk"),
            )
        )
    return lookups


_SERVICE_RELATED = (
    "organization__territory",
    "organization__parent",
    "program__organization__territory",
    "territory",
)


def public_services() -> QuerySet[Service]:
    """Only live listings are public: never pending revisions, never inactive or closed ones."""
    return Service.objects.filter(status=Status.ACTIVE)


def service_queryset(*, full: bool = True, only_public: bool = True) -> QuerySet[Service]:
    queryset = (public_services() if only_public else Service.objects.all()).select_related(*_SERVICE_RELATED)
    if full:
        queryset = queryset.prefetch_related(*_service_prefetches())
    return queryset


def service_at_location_queryset(
    *, full: bool = True, with_service: bool = True, only_public: bool = True
) -> QuerySet[ServiceAtLocation]:
    queryset = ServiceAtLocation.objects.select_related("location__territory", "location__organization")
    if only_public:
        queryset = queryset.filter(service__status=Status.ACTIVE)
    if with_service:
        queryset = queryset.select_related(*(f"service__{name}" for name in _SERVICE_RELATED))
    if full:
        queryset = queryset.prefetch_related(
            _ordered_phones("phones"),
            "schedules",
            _service_area_prefetch("service_areas"),
            Prefetch("contacts", queryset=Contact.objects.order_by("name", "pk")),
            _ordered_phones("contacts__phones"),
            *_location_prefetches("location__"),
        )
        if with_service:
            queryset = queryset.prefetch_related(*_service_prefetches("service__", with_locations=False))
    return queryset


def location_queryset(*, full: bool = True) -> QuerySet[Location]:
    queryset = Location.objects.select_related("territory", "organization")
    if full:
        queryset = queryset.prefetch_related(*_location_prefetches())
    return queryset


def public_organisations() -> QuerySet[Organisation]:
    """Organisations providing at least one live service."""
    return Organisation.objects.filter(pk__in=public_services().values("organization_id"))


def organization_queryset(
    *, full: bool = True, services: ServicesShape = "items", only_public: bool = True
) -> QuerySet[Organisation]:
    queryset = (public_organisations() if only_public else Organisation.objects.all()).select_related(
        "territory", "parent"
    )
    if full:
        queryset = queryset.prefetch_related(
            Prefetch("locations", queryset=location_queryset().order_by("name", "pk")),
            Prefetch(
                "programs",
                queryset=Program.objects.select_related("organization__territory").order_by("name"),
            ),
        )
        if services != "none":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "services",
                    queryset=service_queryset(full=services == "full").order_by("name", "pk"),
                    to_attr="public_services",
                )
            )
    return queryset


def taxonomy_term_queryset() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy").exclude(pk__in=list(PONTES_TERMS))


def taxonomy_queryset() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.exclude(pk__in=list(PONTES_TAXONOMIES))


# --- List items from plain rows ---------------------------------------------------------------
#
# Pages of list items are the API's busiest answers. Building model instances (five per service:
# the service, its organisation, their territories, its programme) cost more than the search
# itself, so list items are read as plain rows in one query and serialised by the same functions
# as model instances (`TranslatableRow` has the same attributes and translates the same way).
# Even `QuerySet.values()` cost as much as the search again, so `_Rows` runs the query compiled once
# per page size and converts each value with Django's own converters, but only once for what items
# share: an organisation once per page, a territory once per process (under its stored values, so a
# changed territory is simply another one).

_TERRITORY_COLUMNS = (
    "id",
    "slug",
    "name",
    "kind",
    "iso_code",
    "original_language",
    "translations",
    "languages",
    "inherited_languages",
)
_ORGANISATION_COLUMNS = (
    "id",
    "uuid",
    *ORGANISATION_TEXTS,
    "email",
    "website",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_id",
    "kind",
    "original_language",
    "translations",
)
_SERVICE_COLUMNS = (
    "id",
    *SERVICE_TEXTS,
    "program_id",
    "status",
    "url",
    "email",
    "accreditations",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "last_modified",
    "open_to_all",
    "no_documents_needed",
    "original_language",
    "translations",
)
_PROGRAM_COLUMNS = ("id", *PROGRAM_TEXTS, "original_language", "translations")
_LOCATION_COLUMNS = (
    "id",
    "location_type",
    "url",
    *LOCATION_TEXTS,
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
    "original_language",
    "translations",
)
_SAL_COLUMNS = ("id", "description", "original_language", "translations")


def _columns(prefix: str, names: Sequence[str]) -> list[str]:
    return [prefix + name for name in names]


# Territories are few and shared by many records: each is converted once per process, kept under
# its raw column values (so any change to it reads anew), and the lot forgotten past this size.
_TERRITORY_ROWS: dict[tuple[Any, ...], TranslatableRow] = {}
_TERRITORY_LANGUAGES: dict[tuple[Any, ...], list[str]] = {}
_SHARED_ROWS_LIMIT = 5000


def _remember[T](
    cache: dict[tuple[Any, ...], T], key: tuple[Any, ...], value: T, limit: int = _SHARED_ROWS_LIMIT
) -> T:
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


@dataclass
class _Plan:
    """A rows query compiled for pages of one size on one connection, with its converters."""

    sql: str
    params: list[Any]
    id_positions: list[int]
    index: dict[str, int]
    converters: dict[int, tuple[list[Any], Any]]
    blocks: dict[tuple[str, Sequence[str]], list[tuple[str, int, list[Any], Any]]] = field(
        default_factory=dict
    )


# Compiling a query of a hundred columns costs about as much as running it: once per connection
# and page size, then only the ids change.
_PLANS: weakref.WeakKeyDictionary[Any, dict[tuple[str, int], _Plan | None]] = weakref.WeakKeyDictionary()


def _plan(name: str, queryset: QuerySet[Any, dict[str, Any]], size: int) -> _Plan | None:
    """The compiled query for `size` ids, or None where the ids' places among the parameters
    cannot be told apart."""
    connection = connections[queryset.db]
    plans = _PLANS.setdefault(connection, {})
    key = (name, size)
    if key in plans:
        return plans[key]
    markers = [uuid.UUID(int=(1 << 127) + i) for i in range(size)]
    query = queryset.filter(pk__in=markers).query
    compiler = query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    pk = queryset.model._meta.pk
    assert pk is not None
    positions = []
    for marker in markers:
        value = pk.get_db_prep_value(marker, connection)
        found = [i for i, param in enumerate(params) if param == value]
        if len(found) != 1:
            plans[key] = None
            return None
        positions.append(found[0])
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    plan = plans[key] = _Plan(
        sql=sql,
        params=list(params),
        id_positions=positions,
        index={name: i for i, name in enumerate(names)},
        converters=compiler.get_converters(
            [selected[0] for selected in compiler.select[: compiler.col_count]]
        ),
    )
    return plan


def _json_column(value: Any, expression: Any, connection: Any) -> Any:
    """What `JSONField.from_db_value` gives for a plain column, parsed by orjson (many times
    faster on the page's dozens of small documents); the standard parser takes what orjson
    refuses (NaN, which Python's json writes)."""
    if value is None:
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return json.loads(value)


def _faster(convert: Any) -> Any:
    """The converter to use for a column: JSON columns of fields without a custom decoder are read
    by `_json_column`; every other converter is Django's own."""
    field = getattr(convert, "__self__", None)
    if isinstance(field, JSONField) and field.decoder is None and convert.__func__ is JSONField.from_db_value:
        return _json_column
    return convert


def _statement_size(count: int) -> int:
    """The number of ids a prepared rows query takes for `count` ids: 8, 16, 32 … 256, then
    multiples of 256."""
    size = 8
    while size < count and size < 256:
        size *= 2
    return size if count <= size else -(-count // 256) * 256


class _Rows:
    """One page's rows, read with the query's own SQL and Django's converters, but converting what
    items share once: an organisation once per page, a territory once per process."""

    def __init__(self, name: str, queryset: QuerySet[Any, dict[str, Any]], ids: Sequence[uuid.UUID]) -> None:
        self.organisations: dict[int, TranslatableRow] = {}
        self.rows: list[Sequence[Any]] = []
        ids = list(dict.fromkeys(ids))
        connection = self._connection = connections[queryset.db]
        if ids and prepares_statements(queryset.db):
            # Prepared statements are per query text, and the text has one placeholder per id: pages
            # are padded (repeating an id changes no row) to a few sizes, each planned once.
            ids += ids[-1:] * (_statement_size(len(ids)) - len(ids))
        plan = _plan(name, queryset, len(ids)) if ids else None
        if plan is None:
            # No ids (nothing to read), or a query this reading cannot reuse: compiled anew.
            query = queryset.filter(pk__in=ids).query
            compiler = query.get_compiler(queryset.db)
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            self.rows = [row for chunk in compiler.execute_sql(MULTI) for row in chunk]
            plan = _Plan(
                sql="",
                params=[],
                id_positions=[],
                index={name: i for i, name in enumerate(names)},
                converters=compiler.get_converters(
                    [selected[0] for selected in compiler.select[: compiler.col_count]]
                ),
            )
        else:
            params = list(plan.params)
            pk = queryset.model._meta.pk
            assert pk is not None
            for position, pk_value in zip(plan.id_positions, ids, strict=True):
                params[position] = pk.get_db_prep_value(pk_value, connection)
            with prepared_cursor(queryset.db) as cursor:
                cursor.execute(plan.sql, params)
                self.rows = cursor.fetchall()
        self._plan = plan

    def _block(self, prefix: str, names: Sequence[str]) -> list[tuple[str, int, list[Any], Any]]:
        """Where these columns are in the rows, and their converters (worked out once per plan)."""
        found = self._plan.blocks.get((prefix, names))
        if found is None:
            found = []
            for name in names:
                i = self._plan.index[prefix + name]
                converters, expression = self._plan.converters.get(i, ([], None))
                found.append((name, i, [_faster(c) for c in converters], expression))
            self._plan.blocks[(prefix, names)] = found  # complete before other threads see it
        return found

    def values(self, row: Sequence[Any], prefix: str, names: Sequence[str]) -> dict[str, Any]:
        """These columns, converted as `QuerySet.values()` would."""
        out: dict[str, Any] = {}
        connection = self._connection
        for name, i, converters, expression in self._block(prefix, names):
            value = row[i]
            for convert in converters:
                value = convert(value, expression, connection)
            out[name] = value
        return out

    def value(self, row: Sequence[Any], name: str) -> Any:
        return self.values(row, "", (name,))[name]

    def _raw(self, row: Sequence[Any], prefix: str, names: Sequence[str]) -> tuple[Any, ...] | None:
        """These columns as the database gave them, to know a record seen before."""
        block = self._block(prefix, names)
        first, last = block[0][1], block[-1][1]
        if last - first == len(block) - 1:  # side by side, as `values()` lists them
            key = tuple(row[first : last + 1])
        else:
            key = tuple(row[i] for _name, i, _converters, _expression in block)
        try:
            hash(key)
        except TypeError:  # a driver's value that cannot be a key: not shared, converted every time
            return None
        return key

    def territory(self, row: Sequence[Any], prefix: str) -> TranslatableRow:
        key = self._raw(row, prefix, _TERRITORY_COLUMNS)
        found = _TERRITORY_ROWS.get(key) if key is not None else None
        if found is None:
            own = self.values(row, prefix, _TERRITORY_COLUMNS)
            languages = list(own["languages"] or own["inherited_languages"] or [])
            found = TranslatableRow(Territory, own, languages, pk=own["id"])
            if key is not None:
                found.__dict__["references"] = {}  # see `territory_reference()`
                _remember(_TERRITORY_ROWS, key, found)
        return found

    def territory_languages(self, row: Sequence[Any], prefix: str) -> list[str]:
        """The languages of a territory read for that only (a programme's organisation's)."""
        names = ("languages", "inherited_languages")
        key = self._raw(row, prefix, names)
        found = _TERRITORY_LANGUAGES.get(key) if key is not None else None
        if found is None:
            own = self.values(row, prefix, names)
            found = list(own["languages"] or own["inherited_languages"] or [])
            if key is not None:
                _remember(_TERRITORY_LANGUAGES, key, found)
        return found

    def organisation(self, row: Sequence[Any], prefix: str) -> TranslatableRow:
        found = self.organisations.get(row[self._plan.index[prefix + "id"]])
        if found is None:
            own = self.values(row, prefix, _ORGANISATION_COLUMNS)
            territory = self.territory(row, prefix + "territory__")
            parent_uuid = self.value(row, prefix + "parent__uuid")
            found = self.organisations[own["id"]] = TranslatableRow(
                Organisation,
                own,
                territory.territory_languages(),
                pk=own["id"],
                territory=territory,
                parent=SimpleNamespace(uuid=parent_uuid) if parent_uuid is not None else None,
            )
        return found

    def service(self, row: Sequence[Any], prefix: str = "") -> TranslatableRow:
        own = self.values(row, prefix, _SERVICE_COLUMNS)
        program = None
        if own["program_id"] is not None:
            program = TranslatableRow(
                Program,
                self.values(row, prefix + "program__", _PROGRAM_COLUMNS),
                self.territory_languages(row, prefix + "program__organization__territory__"),
                pk=own["program_id"],
            )
        territory = self.territory(row, prefix + "territory__")
        return TranslatableRow(
            Service,
            own,
            territory.territory_languages(),
            pk=own["id"],
            organization=self.organisation(row, prefix + "organization__"),
            territory=territory,
            program=program,
        )


def _service_row_columns(prefix: str = "") -> list[str]:
    return [
        *_columns(prefix, _SERVICE_COLUMNS),
        *_columns(f"{prefix}organization__", _ORGANISATION_COLUMNS),
        f"{prefix}organization__parent__uuid",
        *_columns(f"{prefix}organization__territory__", _TERRITORY_COLUMNS),
        *_columns(f"{prefix}territory__", _TERRITORY_COLUMNS),
        *_columns(f"{prefix}program__", _PROGRAM_COLUMNS),
        f"{prefix}program__organization__territory__languages",
        f"{prefix}program__organization__territory__inherited_languages",
    ]


@cache
def _service_rows_query() -> QuerySet[Service, dict[str, Any]]:
    # Set up once: resolving sixty columns across seven joins costs more than running the query.
    return public_services().order_by().values(*_service_row_columns())


@cache
def _service_at_location_rows_query() -> QuerySet[ServiceAtLocation, dict[str, Any]]:
    return (
        ServiceAtLocation.objects.filter(service__status=Status.ACTIVE)
        .order_by()
        .values(
            *_SAL_COLUMNS,
            *_columns("location__", _LOCATION_COLUMNS),
            "location__organization__uuid",
            *_columns("location__territory__", _TERRITORY_COLUMNS),
            *_service_row_columns("service__"),
        )
    )


def _service_at_location_row(rows: _Rows, row: Sequence[Any]) -> TranslatableRow:
    place = rows.values(row, "location__", _LOCATION_COLUMNS)
    territory = rows.territory(row, "location__territory__")
    organisation_uuid = rows.value(row, "location__organization__uuid")
    location_row = TranslatableRow(
        Location,
        place,
        territory.territory_languages(),
        pk=place["id"],
        territory=territory,
        organization=SimpleNamespace(uuid=organisation_uuid) if organisation_uuid is not None else None,
    )
    own = rows.values(row, "", _SAL_COLUMNS)
    service_row = rows.service(row, "service__")
    return TranslatableRow(
        ServiceAtLocation,
        own,
        territory.territory_languages(),
        pk=own["id"],
        location=location_row,
        location_id=location_row.pk,
        service=service_row,
        service_id=service_row.pk,
    )


# --- Encoded list items -------------------------------------------------------------------------
# An item is a pure function of its row (every column it is built from: the record's and those of
# its organisation, programme and territories) and of the language asked for. So the API keeps
# each item it encodes, per process, under the listing's id, that language and a 64-bit hash of
# the row as the database gave it: a page whose rows are unchanged is read (one query, as before)
# and its items taken as they were, where converting and serialising fifty rows cost more than
# the search. Any change to any of those columns, however it was written, makes another row and so
# another key; only two versions of one listing in one language with equal hashes could be
# confused. `PONTES_API_ITEM_CACHE` items at most (0: none); past it the lot is forgotten. Ten
# thousand items take about 14 MiB.

_ENCODED_ITEMS: dict[tuple[Any, ...], bytes] = {}


def forget_encoded_items() -> None:
    """Empty this process's kept items (benchmarks measuring a first sight of every listing)."""
    _ENCODED_ITEMS.clear()


def encode_json(data: Any) -> bytes:
    """JSON as the API writes it: orjson (an order of magnitude faster than the standard library),
    with what it leaves to us written as Django's encoder writes it (decimals as strings,
    datetimes to the millisecond with "Z" for UTC, lazy translations as text)."""
    return orjson.dumps(
        data,
        default=DjangoJSONEncoder().default,
        option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS,
    )


def _encoded_items(
    name: str,
    queryset: QuerySet[Any, dict[str, Any]],
    ids: Sequence[uuid.UUID],
    language: str | None,
    as_record: Callable[[_Rows, Sequence[Any]], TranslatableRow],
    serialise: Callable[[TranslatableRow, Context], Json],
    *,
    remember: bool,
) -> dict[uuid.UUID, bytes]:
    rows = _Rows(name, queryset, ids)
    ctx = Context(language=language)
    limit = settings.PONTES_API_ITEM_CACHE if remember else 0
    # Without a language each record speaks its own, and a territory without one the active one.
    asked = language or ("", get_language() or "")
    found: dict[uuid.UUID, bytes] = {}
    for row in rows.rows:
        pk = rows.value(row, "id")
        key: tuple[Any, ...] | None = None
        if limit:
            try:
                key = (name, asked, pk, hash(tuple(row)))
            except TypeError:  # a driver's value that cannot be hashed: built every time
                key = None
        encoded = _ENCODED_ITEMS.get(key) if key is not None else None
        if encoded is None:
            encoded = encode_json(serialise(as_record(rows, row), ctx))
            if key is not None:
                # A copy of its own size: orjson's answers keep the room they were written in
                # (about 6 KB for an item of 1 KB).
                encoded = _remember(_ENCODED_ITEMS, key, memoryview(encoded).tobytes(), limit)
        found[pk] = encoded
    return found


def encoded_service_items(
    ids: Sequence[uuid.UUID], language: str | None, *, remember: bool = True
) -> dict[uuid.UUID, bytes]:
    """`service_item()` of the public services of these ids, encoded, by id."""
    return _encoded_items(
        "services", _service_rows_query(), ids, language, _Rows.service, service_item, remember=remember
    )


def encoded_service_at_location_items(
    ids: Sequence[uuid.UUID], language: str | None, *, remember: bool = True
) -> dict[uuid.UUID, bytes]:
    """`service_at_location_item()` of the public services at locations of these ids, encoded, by id."""
    return _encoded_items(
        "service_at_locations",
        _service_at_location_rows_query(),
        ids,
        language,
        _service_at_location_row,
        service_at_location_item,
        remember=remember,
    )


# --- Taxonomies and terms ---------------------------------------------------------------------


def vocabulary_taxonomy(vocabulary: vocabularies.Vocabulary, language: str | None = None) -> Json:
    shown = ui_language(language)
    with translation.override(shown):
        return {
            "id": str(vocabulary.taxonomy_id),
            "name": TAXONOMY_PREFIX + vocabulary.key,
            "description": str(vocabulary.description),
            "x_pontes_title": str(vocabulary.title),
            "x_pontes_language": shown,
        }


def vocabulary_term(
    vocabulary: vocabularies.Vocabulary, code: str, language: str | None = None, *, detail: bool = True
) -> Json:
    shown = ui_language(language)
    with translation.override(shown):
        label = vocabulary.label(code)
    out: Json = {
        "id": str(vocabulary.term_id(code)),
        "code": code,
        "name": label,
        "description": label,
        "taxonomy": TAXONOMY_PREFIX + vocabulary.key,
        "taxonomy_id": str(vocabulary.taxonomy_id),
        "language": shown,
    }
    if detail:
        out["taxonomy_detail"] = vocabulary_taxonomy(vocabulary, language)
    return out


def pontes_taxonomies(language: str | None = None) -> list[Json]:
    return [vocabulary_taxonomy(v, language) for v in vocabularies.ALL]


def pontes_terms(language: str | None = None, *, detail: bool = True) -> list[Json]:
    return [vocabulary_term(v, code, language, detail=detail) for v in vocabularies.ALL for code in v.codes]


def taxonomy(obj: Taxonomy) -> Json:
    out: Json = {"id": str(obj.pk), "name": obj.name, "description": obj.description}
    _put(out, "uri", obj.uri)
    _put(out, "version", obj.version)
    return out


def taxonomy_term(obj: TaxonomyTerm, *, detail: bool = True) -> Json:
    out: Json = {"id": str(obj.pk), "name": obj.name, "description": obj.description}
    _put(out, "code", obj.code)
    _put(out, "parent_id", str(obj.parent_id) if obj.parent_id else None)
    # Our model keeps the taxonomy as a link and its free-text name apart; HSDS the other way round.
    _put(out, "taxonomy", obj.taxonomy.name if obj.taxonomy is not None else obj.taxonomy_detail)
    _put(out, "taxonomy_id", str(obj.taxonomy_id) if obj.taxonomy_id else None)
    _put(out, "language", obj.language)
    _put(out, "term_uri", obj.term_uri)
    if detail and obj.taxonomy is not None:
        out["taxonomy_detail"] = taxonomy(obj.taxonomy)
    return out


def attribute(obj: Attribute) -> Json:
    out: Json = {"id": str(obj.pk), "taxonomy_term_id": str(obj.taxonomy_term_id)}
    _put(out, "link_id", _uuid_or_none(obj.link_id))
    _put(out, "link_entity", obj.link_entity)
    _put(out, "link_type", obj.link_type)
    _put(out, "value", obj.value)
    _put(out, "label", obj.label)
    out["taxonomy_term"] = taxonomy_term(obj.taxonomy_term, detail=False)
    return out


def facet_attributes(service: Service, language: str | None = None) -> list[Json]:
    """The service's Pontes facets as HSDS attributes (ids derived, so stable across calls)."""
    out: list[Json] = []
    for name, vocabulary in SERVICE_FACETS:
        for code in getattr(service, name) or []:
            if code not in vocabulary.codes:
                continue
            out.append(
                {
                    "id": derived_id(service.pk, f"{vocabulary.key}:{code}"),
                    "link_id": str(service.pk),
                    "link_entity": "service",
                    "link_type": TAXONOMY_PREFIX + vocabulary.key,
                    "taxonomy_term_id": str(vocabulary.term_id(code)),
                    "taxonomy_term": vocabulary_term(vocabulary, code, language, detail=False),
                }
            )
    return out


def _attributes(key: str, ctx: Context) -> list[Json]:
    return [attribute(a) for a in ctx.attributes.get(key, [])]


def metadata(entry: MetadataEntry, ctx: Context) -> Json:
    # Who changed a listing is a staff account: public answers name the platform instead.
    out: Json = {
        "id": str(entry.pk),
        "resource_type": entry.resource_type,
        "last_action_date": entry.last_action_date.isoformat(),
        "last_action_type": entry.last_action_type,
        "field_name": entry.field_name,
        "previous_value": entry.previous_value,
        "replacement_value": entry.replacement_value,
        "updated_by": entry.updated_by if ctx.export else str(settings.PONTES_SITE_NAME),
    }
    _put(out, "resource_id", _uuid_or_none(entry.resource_id))
    return out


def _metadata(key: str, ctx: Context) -> list[Json]:
    return [metadata(m, ctx) for m in ctx.metadata.get(key, [])]


# --- Small records ----------------------------------------------------------------------------


def territory_reference(territory: Territory | TranslatableRow, ctx: Context) -> Json:
    # Many records of a page share a territory: one reference each (copied, as callers may add to it).
    # Territories read as rows are shared by every page of the process (see `_Rows.territory`):
    # their references are kept with them, one per language.
    shared: dict[str, Json] | None = territory.__dict__.get("references")
    language = ctx.language or territory.original_language or get_language() or settings.LANGUAGE_CODE
    found = shared.get(language) if shared is not None else ctx.territory_references.get(territory.pk)
    if found is not None:
        return dict(found)
    name = territory.tr("name", language)
    out: Json = {"slug": territory.slug, "name": name.text or territory.name, "kind": territory.kind}
    _put(out, "iso_code", territory.iso_code)
    if shared is not None:
        shared[language] = out
    else:
        ctx.territory_references[territory.pk] = out
    return dict(out)


def _put_territory(out: Json, territory: Territory | TranslatableRow, ctx: Context) -> None:
    # Left out of exports: an import gives records the territory it is made for.
    if not ctx.export:
        out["x_pontes_territory"] = territory_reference(territory, ctx)


def language(obj: Language, ctx: Context) -> Json:
    out: Json = {
        "id": str(obj.pk),
        "code": obj.code,
        "name": obj.name or language_name(obj.code, ctx.display_language),
    }
    _put(out, "note", obj.note)
    return out


def phone(obj: Phone, ctx: Context) -> Json:
    out: Json = {"id": str(obj.pk), "number": obj.number}
    _put(out, "extension", obj.extension)
    _put(out, "type", obj.type)
    _put(out, "description", obj.description)
    codes = [str(code) for code in obj.languages or [] if str(code).strip()]
    _put(
        out,
        "languages",
        [
            {
                "id": derived_id(obj.pk, f"language:{code}"),
                "code": code,
                "name": language_name(code, ctx.display_language),
            }
            for code in codes
        ],
    )
    return out


def schedule(obj: Schedule) -> Json:
    out: Json = {"id": str(obj.pk)}
    for name in ("valid_from", "valid_to", "dtstart", "until", "opens_at", "closes_at"):
        value = getattr(obj, name)
        _put(out, name, value.isoformat() if value is not None else None)
    _put(out, "timezone", _number(obj.timezone))
    _put(out, "count", obj.count)
    _put(out, "interval", obj.interval)
    if obj.wkst in WEEKDAYS:
        out["wkst"] = obj.wkst
    if obj.freq in Schedule.Freq.values:
        out["freq"] = obj.freq
    for name in (
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "schedule_link",
        "attending_type",
        "notes",
    ):
        _put(out, name, getattr(obj, name))
    return out


def cost_option(obj: CostOption) -> Json:
    out: Json = {"id": str(obj.pk)}
    _put(out, "valid_from", obj.valid_from.isoformat() if obj.valid_from else None)
    _put(out, "valid_to", obj.valid_to.isoformat() if obj.valid_to else None)
    _put(out, "option", obj.option)
    _put(out, "currency", obj.currency)
    _put(out, "amount", _number(obj.amount))
    _put(out, "amount_description", obj.amount_description)
    return out


def required_document(obj: RequiredDocument) -> Json:
    out: Json = {"id": str(obj.pk)}
    _put(out, "document", obj.document)
    _put(out, "uri", obj.uri)
    return out


def service_area(obj: ServiceArea, ctx: Context) -> Json:
    out: Json = {"id": str(obj.pk)}
    area = obj.territory
    _put(out, "name", obj.name or (territory_reference(area, ctx)["name"] if area is not None else ""))
    for name in ("description", "extent", "extent_type", "uri"):
        _put(out, name, getattr(obj, name))
    if area is not None:
        out["x_pontes_territory"] = territory_reference(area, ctx)
    return out


def contact(obj: Contact, ctx: Context) -> Json:
    out: Json = {"id": str(obj.pk)}
    for name in ("name", "title", "department", "email"):
        _put(out, name, getattr(obj, name))
    _put(out, "phones", [phone(p, ctx) for p in obj.phones.all()])
    return out


def funding(obj: Funding) -> Json:
    out: Json = {"id": str(obj.pk)}
    _put(out, "source", obj.source)
    return out


def accessibility(obj: Accessibility) -> Json:
    out: Json = {"id": str(obj.pk)}
    for name in ("description", "details", "url"):
        _put(out, name, getattr(obj, name))
    return out


def address(obj: Address) -> Json:
    # state_province and postal_code are required by HSDS even where a country has none.
    out: Json = {
        "id": str(obj.pk),
        "address_1": obj.address_1,
        "city": obj.city,
        "state_province": obj.state_province,
        "postal_code": obj.postal_code,
        "country": obj.country,
        "address_type": obj.address_type,
    }
    for name in ("attention", "address_2", "region"):
        _put(out, name, getattr(obj, name))
    return out


def program(obj: Program | TranslatableRow, ctx: Context) -> Json:
    texts, languages = translated(obj, PROGRAM_TEXTS, ctx)
    name = texts.get("name", obj.name)
    out: Json = {"id": str(obj.pk), "name": name, "description": texts.get("description", name)}
    _put(out, "alternate_name", texts.get("alternate_name"))
    _mark_languages(out, languages, obj, ctx)
    return out


# --- Organisations ----------------------------------------------------------------------------


def organization_item(obj: Organisation | TranslatableRow, ctx: Context) -> Json:
    """The one-to-one fields of an organisation (list items, and inside services)."""
    texts, languages = translated(obj, ORGANISATION_TEXTS, ctx)
    name = texts.get("name", obj.name)
    # HSDS requires a description; a name is better than an empty string.
    if "description" not in texts and "name" in languages:
        languages["description"] = languages["name"]
    out: Json = {"id": str(obj.uuid), "name": name, "description": texts.get("description", name)}
    _put(out, "alternate_name", texts.get("alternate_name"))
    _put(out, "email", obj.email)
    _put(out, "website", obj.website)
    _put(out, "year_incorporated", obj.year_incorporated)
    _put(out, "legal_status", obj.legal_status)
    _put(out, "logo", obj.logo)
    _put(out, "uri", obj.uri)
    if obj.parent_id is not None and obj.parent is not None:
        out["parent_organization_id"] = str(obj.parent.uuid)
    out["x_pontes_kind"] = obj.kind
    _put_territory(out, obj.territory, ctx)
    _mark_languages(out, languages, obj, ctx)
    return out


def organization(obj: Organisation, ctx: Context, *, services: ServicesShape = "items") -> Json:
    """A fully nested organisation (queryset: `organization_queryset(full=True, services=…)`)."""
    out = organization_item(obj, ctx)
    phones = [phone(p, ctx) for p in ctx.organization_phones.get(obj.pk, [])]
    # The organisation's own phone field, unless an import already made a record of it.
    if obj.phone and obj.phone not in {p["number"] for p in phones}:
        phones.insert(0, {"id": derived_id(obj.uuid, "phone"), "number": obj.phone})
    _put(out, "phones", phones)
    _put(out, "contacts", [contact(c, ctx) for c in ctx.organization_contacts.get(obj.pk, [])])
    _put(out, "funding", [funding(f) for f in ctx.organization_funding.get(obj.pk, [])])
    _put(out, "locations", [location(loc, ctx) for loc in obj.locations.all()])
    _put(out, "programs", [program(p, ctx) for p in obj.programs.all()])
    _put(out, "attributes", _attributes(str(obj.uuid), ctx))
    _put(out, "metadata", _metadata(str(obj.uuid), ctx))
    if services == "full":
        out["services"] = [
            service(s, ctx, with_organization=False) for s in getattr(obj, "public_services", [])
        ]
    elif services == "items":
        out["services"] = [
            service_item(s, ctx, with_organization=False) for s in getattr(obj, "public_services", [])
        ]
    return out


# --- Locations --------------------------------------------------------------------------------


def location_item(obj: Location | TranslatableRow, ctx: Context) -> Json:
    texts, languages = translated(obj, LOCATION_TEXTS, ctx)
    out: Json = {"id": str(obj.pk), "location_type": obj.location_type}
    _put(out, "url", obj.url)
    if obj.organization is not None:
        out["organization_id"] = str(obj.organization.uuid)
    for name in LOCATION_TEXTS:
        _put(out, name, texts.get(name))
    _put(out, "latitude", _number(obj.latitude))
    _put(out, "longitude", _number(obj.longitude))
    _put(out, "external_identifier", obj.external_identifier)
    _put(out, "external_identifier_type", obj.external_identifier_type)
    _put_territory(out, obj.territory, ctx)
    _mark_languages(out, languages, obj, ctx)
    return out


def location(obj: Location, ctx: Context) -> Json:
    """A fully nested location (queryset: `location_queryset()`)."""
    out = location_item(obj, ctx)
    _put(out, "languages", [language(lang, ctx) for lang in obj.languages.all()])
    _put(out, "addresses", [address(a) for a in obj.addresses.all()])
    _put(out, "contacts", [contact(c, ctx) for c in obj.contacts.all()])
    _put(out, "accessibility", [accessibility(a) for a in obj.accessibility.all()])
    _put(out, "phones", [phone(p, ctx) for p in obj.phones.all()])
    _put(out, "schedules", [schedule(s) for s in obj.schedules.all()])
    _put(out, "attributes", _attributes(str(obj.pk), ctx))
    _put(out, "metadata", _metadata(str(obj.pk), ctx))
    return out


# --- Services ---------------------------------------------------------------------------------


def service_item(obj: Service | TranslatableRow, ctx: Context, *, with_organization: bool = True) -> Json:
    """The one-to-one fields of a service, with its organisation and programme (list items)."""
    texts, languages = translated(obj, SERVICE_TEXTS, ctx)
    out: Json = {
        "id": str(obj.pk),
        "organization_id": str(obj.organization.uuid),
        "name": texts.get("name", obj.name),
        "status": obj.status,
    }
    _put(out, "program_id", str(obj.program_id) if obj.program_id else None)
    for name in ("alternate_name", "description"):
        _put(out, name, texts.get(name))
    _put(out, "url", obj.url)
    _put(out, "email", obj.email)
    for name in ("interpretation_services", "application_process", "fees_description"):
        _put(out, name, texts.get(name))
    _put(out, "accreditations", obj.accreditations)
    _put(out, "eligibility_description", texts.get("eligibility_description"))
    _put(out, "minimum_age", obj.minimum_age)
    _put(out, "maximum_age", obj.maximum_age)
    _put(out, "assured_date", obj.assured_date.isoformat() if obj.assured_date else None)
    if ctx.export:  # a staff member's address: not for the public API
        _put(out, "assurer_email", obj.assurer_email)
    _put(out, "alert", texts.get("alert"))
    out["last_modified"] = obj.last_modified.isoformat()
    if with_organization:
        out["organization"] = organization_item(obj.organization, ctx)
    if obj.program is not None:
        out["program"] = program(obj.program, ctx)
    out["x_pontes_open_to_all"] = obj.open_to_all
    out["x_pontes_no_documents_needed"] = obj.no_documents_needed
    _put(out, "x_pontes_legal_basis", texts.get("legal_basis"))
    _put_territory(out, obj.territory, ctx)
    _mark_languages(out, languages, obj, ctx)
    return out


def service(
    obj: Service, ctx: Context, *, with_organization: bool = True, with_locations: bool = True
) -> Json:
    """A fully nested service (queryset: `service_queryset(full=True)`)."""
    out = service_item(obj, ctx, with_organization=with_organization)
    _put(out, "phones", [phone(p, ctx) for p in obj.phones.all()])
    _put(out, "schedules", [schedule(s) for s in obj.schedules.all()])
    _put(out, "service_areas", [service_area(a, ctx) for a in obj.service_areas.all()])
    if with_locations:
        _put(
            out,
            "service_at_locations",
            [service_at_location(sal, ctx, with_service=False) for sal in obj.service_at_locations.all()],
        )
    _put(out, "languages", [language(lang, ctx) for lang in obj.languages.all()])
    _put(out, "funding", [funding(f) for f in obj.funding.all()])
    _put(out, "cost_options", [cost_option(c) for c in obj.cost_options.all()])
    _put(out, "required_documents", [required_document(d) for d in obj.required_documents.all()])
    _put(out, "contacts", [contact(c, ctx) for c in obj.contacts.all()])
    _put(out, "attributes", facet_attributes(obj, ctx.language) + _attributes(str(obj.pk), ctx))
    _put(out, "metadata", _metadata(str(obj.pk), ctx))
    # Ids only, as importers expect them; the partners are organisations of this API.
    _put(out, "x_pontes_partners", [str(p.uuid) for p in obj.partners.all()])
    return out


# --- Services at locations --------------------------------------------------------------------


def service_at_location_item(obj: ServiceAtLocation | TranslatableRow, ctx: Context) -> Json:
    texts, languages = translated(obj, ("description",), ctx)
    out: Json = {"id": str(obj.pk), "service_id": str(obj.service_id), "location_id": str(obj.location_id)}
    _put(out, "description", texts.get("description"))
    out["location"] = location_item(obj.location, ctx)
    out["service"] = service_item(obj.service, ctx)
    _mark_languages(out, languages, obj, ctx, out["service"]["x_pontes_language"])
    return out


def service_at_location(obj: ServiceAtLocation, ctx: Context, *, with_service: bool = True) -> Json:
    """A fully nested service at a location; inside a service, without the service again."""
    texts, languages = translated(obj, ("description",), ctx)
    out: Json = {"id": str(obj.pk), "service_id": str(obj.service_id), "location_id": str(obj.location_id)}
    _put(out, "description", texts.get("description"))
    _put(out, "service_areas", [service_area(a, ctx) for a in obj.service_areas.all()])
    _put(out, "contacts", [contact(c, ctx) for c in obj.contacts.all()])
    _put(out, "phones", [phone(p, ctx) for p in obj.phones.all()])
    _put(out, "schedules", [schedule(s) for s in obj.schedules.all()])
    out["location"] = location(obj.location, ctx)
    _put(out, "attributes", _attributes(str(obj.pk), ctx))
    _put(out, "metadata", _metadata(str(obj.pk), ctx))
    if with_service:
        out["service"] = service(obj.service, ctx, with_locations=False)
    _mark_languages(out, languages, obj, ctx, out["location"]["x_pontes_language"])
    return out


# --- Exports ----------------------------------------------------------------------------------


def export_set(*, territory: Territory) -> Json:
    """The directory of a territory and everything below it, as an HSDS set of collections.

    For staff exchanges: every listing whatever its status (pending revisions are not listings),
    their organisations and places, and the stored taxonomies; texts in their original language
    with their translations in `x_pontes_translations`, as `importer.import_hsds` reads them back.
    Pontes' own taxonomies are not repeated: the services' attributes carry their terms.
    """
    within = Q(territory__path__startswith=territory.path)
    services = list(service_queryset(full=True, only_public=False).filter(within).order_by("name", "pk"))
    organisations = list(
        organization_queryset(full=True, services="none", only_public=False)
        .filter(within | Q(pk__in={s.organization_id for s in services}))
        .order_by("name", "pk")
    )
    ctx = build_context(None, services=services, organizations=organisations, full=True, export=True)
    return {
        "organizations": [organization(o, ctx, services="none") for o in organisations],
        "services": [service(s, ctx, with_organization=False) for s in services],
        "taxonomies": [taxonomy(t) for t in taxonomy_queryset().order_by("name", "pk")],
        "taxonomy_terms": [
            taxonomy_term(t, detail=False)
            for t in taxonomy_term_queryset().order_by("taxonomy__name", "name", "pk")
        ],
    }
