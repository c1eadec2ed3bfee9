"""The search index: one denormalised row per service at a location, texts per language.

`reindex_service()` is called by every service function that changes a listing (inside its
transaction), so the index is never behind the data. Full-text indexing is the database's own:
SQLite FTS5 (porter stemming over unicode61, diacritics folded), or PostgreSQL tsvectors
(language-specific stemming plus an unstemmed copy) with GIN indexes; both hold one row per
document with every language in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from . import vocabularies
from .models import (
    CostOption,
    Location,
    Schedule,
    SearchDocument,
    SearchText,
    Service,
    ServiceAtLocation,
    Status,
)
from .schedules import WEEKDAYS, opens_at_weekend, opens_in_evening, weekly_masks

# Bits of SearchDocument.flags.
FREE = 1
LOW_COST = 2
OPEN_TO_ALL = 4
NO_DOCUMENTS = 8
EVENINGS = 16
WEEKENDS = 32
ACCESSIBLE = 64
LOW_COST_LIMIT = Decimal("10")

# PostgreSQL text-search configurations by ISO 639-1 code; others use 'simple'.
PG_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def service_queryset() -> QuerySet[Service]:
    """Everything needed to index services, loaded in a fixed number of queries."""
    return Service.objects.select_related("organization", "territory").prefetch_related(
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location__territory").prefetch_related(
                "schedules", "location__schedules", "location__accessibility", "location__languages"
            ),
        ),
        "schedules",
        "languages",
        "cost_options",
        "partners",
    )


def _texts(service: Service, location: Location | None) -> dict[str, tuple[str, str]]:
    """The searchable (names, text) of a service and its place in every language it is written in."""
    languages = {service.original_language, *service.translations.keys()}
    if location is not None:
        languages |= {location.original_language, *location.translations.keys()}
    texts: dict[str, tuple[str, str]] = {}
    for code in languages:
        names = [service.text_in(field, code) for field in ("name", "alternate_name")]
        parts = [
            *names,
            *(
                service.text_in(field, code)
                for field in ("description", "eligibility_description", "application_process")
            ),
        ]
        parts.append(service.organization.text_in("name", code) or service.organization.name)
        if location is not None:
            parts += [location.text_in("name", code), location.territory.text_in("name", code)]
        body = " ".join(p for p in parts if p)
        if body.strip():
            texts[code] = (" ".join(n for n in names if n), body)
    return texts


def _document_fields(service: Service, sal: ServiceAtLocation | None) -> dict[str, object]:
    location = sal.location if sal is not None else None
    schedules: list[Schedule] = list(service.schedules.all())
    if sal is not None:
        schedules += list(sal.schedules.all())
        if not schedules:
            schedules = list(sal.location.schedules.all())
    masks = weekly_masks(schedules, today=timezone.localdate())
    costs: list[CostOption] = list(service.cost_options.all())
    amounts = [c.amount for c in costs if c.amount is not None]
    min_cost = min(amounts) if amounts else None
    flags = 0
    if costs and all((c.amount or 0) == 0 for c in costs):
        flags |= FREE
    if min_cost is not None and min_cost <= LOW_COST_LIMIT:
        flags |= LOW_COST
    if service.open_to_all:
        flags |= OPEN_TO_ALL
    if service.no_documents_needed:
        flags |= NO_DOCUMENTS
    if opens_in_evening(masks) and any(masks.values()) and len(schedules) > 0:
        flags |= EVENINGS
    if opens_at_weekend(masks) and len(schedules) > 0:
        flags |= WEEKENDS
    if location is not None and any(a.description or a.details for a in location.accessibility.all()):
        flags |= ACCESSIBLE
    languages = {lang.code for lang in service.languages.all()}
    if location is not None:
        languages |= {lang.code for lang in location.languages.all()}
    territory = location.territory if location is not None else service.territory
    hours = {f"hours_{day.lower()}": (masks[day] if schedules else 0) for day in WEEKDAYS}
    return {
        "service": service,
        "service_at_location": sal,
        "location": location,
        "organization_id": service.organization_id,
        "territory_path": territory.path,
        "latitude": float(location.latitude)
        if location is not None and location.latitude is not None
        else None,
        "longitude": float(location.longitude)
        if location is not None and location.longitude is not None
        else None,
        "needs": vocabularies.NEEDS.mask(service.needs),
        "phases": vocabularies.PHASES.mask(service.phases),
        "target_groups": vocabularies.TARGET_GROUPS.mask(service.target_groups),
        "delivery_modes": vocabularies.DELIVERY_MODES.mask(service.delivery_modes),
        "levels": vocabularies.LEVELS.mask(service.levels),
        "flags": flags,
        "languages": " " + " ".join(sorted(languages)) + " ",
        "min_cost": min_cost,
        "last_modified": service.last_modified or timezone.now(),
        **hours,
    }


def reindex_services(services: Iterable[Service]) -> int:
    """Replace the index rows of these services (already loaded with `service_queryset()`)."""
    services = list(services)
    SearchDocument.objects.filter(service__in=[s.pk for s in services]).delete()
    documents: list[SearchDocument] = []
    texts: list[tuple[int, dict[str, tuple[str, str]]]] = []
    for service in services:
        if service.status != Status.ACTIVE:
            continue
        places: list[ServiceAtLocation | None] = list(service.service_at_locations.all()) or [None]
        for sal in places:
            documents.append(SearchDocument(**_document_fields(service, sal)))
            texts.append((len(documents) - 1, _texts(service, sal.location if sal else None)))
    created = SearchDocument.objects.bulk_create(documents, batch_size=500)
    if created and created[0].pk is None:  # databases that do not return ids on bulk insert
        raise RuntimeError("The database must return primary keys from bulk inserts.")
    rows = [
        SearchText(document_id=created[i].pk, language=code, name=name, body=body)
        for i, by_language in texts
        for code, (name, body) in by_language.items()
    ]
    SearchText.objects.bulk_create(rows, batch_size=1000)
    if connection.vendor == "sqlite":
        _write_sqlite_fulltext([(created[i].pk, by_language) for i, by_language in texts])
    elif connection.vendor == "postgresql" and created:
        with connection.cursor() as cursor:
            cursor.execute(
                POSTGRES_WRITE.format(where=" WHERE t.document_id = ANY(%s)"), [[d.pk for d in created]]
            )
    return len(created)


def _write_sqlite_fulltext(documents: list[tuple[int, dict[str, tuple[str, str]]]]) -> None:
    """One FTS5 row per document, its rowid the document's id: every language in one row, so a
    match needs no join and no grouping (rows leave with their document, by trigger)."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO directory_search_fts(rowid, name, body) VALUES (%s, %s, %s)",
            [
                (
                    pk,
                    " ".join(name for name, _body in by_language.values()),
                    " ".join(body for _name, body in by_language.values()),
                )
                for pk, by_language in documents
            ],
        )


def reindex_service(service: Service) -> int:
    return reindex_services(service_queryset().filter(pk=service.pk))


def reindex_all(batch: int = 500) -> int:
    """Rebuild every document, oldest change first, so that newer ids mean newer listings."""
    total = 0
    ids = list(Service.objects.order_by("last_modified", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        total += reindex_services(service_queryset().filter(pk__in=ids[start : start + batch]))
    return total


# --- Database objects for full-text search (created by migration 0002) -------------------


# SQLite: one FTS5 row per search document (rowid = document id) with the names of every
# language in `name` and all texts in `body`; rows are written by `reindex_services`.
SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS directory_search_fts USING fts5("
    "name, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS directory_searchdocument_fts_ad AFTER DELETE ON directory_searchdocument "
    "BEGIN DELETE FROM directory_search_fts WHERE rowid = old.id; END",
]
SQLITE_FILL = (
    "INSERT INTO directory_search_fts(rowid, name, body) SELECT document_id, group_concat(name, ' '), "
    "group_concat(body, ' ') FROM directory_searchtext GROUP BY document_id"
)
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS directory_searchdocument_fts_ad",
    "DROP TABLE IF EXISTS directory_search_fts",
]


def _pg_config_function() -> str:
    cases = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in sorted(PG_CONFIGS.items()))
    return (
        "CREATE OR REPLACE FUNCTION pontes_ts_config(lang text) RETURNS regconfig AS $$ "
        f"SELECT (CASE split_part(lower(lang), '-', 1) {cases} ELSE 'simple' END)::regconfig "
        "$$ LANGUAGE sql IMMUTABLE"
    )


# PostgreSQL: like SQLite's table, one row of vectors per search document (`document_id` = its
# id) over every language: all its texts, and its names alone, each language stemmed in its own
# configuration plus an unstemmed copy. A match is then one row to check per document (vectors per
# text made a broad word's count check every text of thousands of documents), and the documents'
# own table stays narrow for the filters. Rows are written by `reindex_services` and leave with
# their document (by trigger).
POSTGRES_SETUP = [
    _pg_config_function(),
    "CREATE OR REPLACE AGGREGATE pontes_tsvector_agg(tsvector) "
    "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')",
    "CREATE TABLE IF NOT EXISTS directory_search_vector ("
    "document_id bigint PRIMARY KEY, vector tsvector NOT NULL, name_vector tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS directory_search_vector_gin ON directory_search_vector USING gin(vector)",
    "CREATE INDEX IF NOT EXISTS directory_search_vector_name_gin "
    "ON directory_search_vector USING gin(name_vector)",
    # Rows leave with their documents by trigger, not by foreign key: Django empties its own tables
    # with TRUNCATE (tests, `flush`), which a foreign key from this table would refuse.
    "CREATE OR REPLACE FUNCTION directory_search_vector_forget() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP = 'TRUNCATE' THEN TRUNCATE directory_search_vector; "
    "ELSE DELETE FROM directory_search_vector WHERE document_id IN (SELECT id FROM gone); END IF; "
    "RETURN NULL; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS directory_searchdocument_vector_ad ON directory_searchdocument",
    "CREATE TRIGGER directory_searchdocument_vector_ad AFTER DELETE ON directory_searchdocument "
    "REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION directory_search_vector_forget()",
    "DROP TRIGGER IF EXISTS directory_searchdocument_vector_at ON directory_searchdocument",
    "CREATE TRIGGER directory_searchdocument_vector_at AFTER TRUNCATE ON directory_searchdocument "
    "FOR EACH STATEMENT EXECUTE FUNCTION directory_search_vector_forget()",
]
# The vectors of the documents whose texts `t` are selected by `{where}`.
POSTGRES_WRITE = (
    "INSERT INTO directory_search_vector (document_id, vector, name_vector) SELECT t.document_id, "
    "pontes_tsvector_agg(to_tsvector(pontes_ts_config(t.language), t.body) || to_tsvector('simple', t.body) "
    "ORDER BY t.language), "
    "pontes_tsvector_agg(to_tsvector(pontes_ts_config(t.language), t.name) || to_tsvector('simple', t.name) "
    "ORDER BY t.language) "
    "FROM directory_searchtext t{where} GROUP BY t.document_id"
)
POSTGRES_FILL = POSTGRES_WRITE.format(where="")
POSTGRES_TEARDOWN = [
    "DROP TRIGGER IF EXISTS directory_searchdocument_vector_at ON directory_searchdocument",
    "DROP TRIGGER IF EXISTS directory_searchdocument_vector_ad ON directory_searchdocument",
    "DROP FUNCTION IF EXISTS directory_search_vector_forget()",
    "DROP TABLE IF EXISTS directory_search_vector",
    "DROP AGGREGATE IF EXISTS pontes_tsvector_agg(tsvector)",
    # Before version 0007 of the schema, each text had its vectors.
    "DROP TRIGGER IF EXISTS directory_searchtext_tsv ON directory_searchtext",
    "DROP FUNCTION IF EXISTS directory_searchtext_vector()",
    "DROP INDEX IF EXISTS directory_searchtext_name_vector_gin",
    "DROP INDEX IF EXISTS directory_searchtext_vector_gin",
    "ALTER TABLE directory_searchtext DROP COLUMN IF EXISTS name_vector",
    "ALTER TABLE directory_searchtext DROP COLUMN IF EXISTS vector",
]


def create_fulltext_objects(using_connection: Any = connection, *, fill: bool = False) -> None:
    """Create the database's full-text objects; `fill` indexes the texts already stored."""
    postgres = using_connection.vendor == "postgresql"
    statements = list(POSTGRES_SETUP if postgres else SQLITE_SETUP)
    if fill:
        statements.append(POSTGRES_FILL if postgres else SQLITE_FILL)
    with using_connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_fulltext_objects(using_connection: Any = connection) -> None:
    statements = POSTGRES_TEARDOWN if using_connection.vendor == "postgresql" else SQLITE_TEARDOWN
    with using_connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
