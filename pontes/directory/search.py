"""Searching the directory: parse what people type, filter, rank, count, paginate.

Everything runs in the database over the denormalised `SearchDocument` table: facet filters
are bit tests, the text is matched by the database's full-text engine (FTS5 or tsvector),
distance is a bounding box then an equirectangular order. One query returns the page, one
counts totals and every facet value over the result set.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from . import index, vocabularies
from .schedules import WEEKDAYS

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_QUERY_LENGTH = 300
EARTH_RADIUS_KM = 6371.0
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 500.0

_WORD = re.compile(r"\w+", re.UNICODE)

FACETS: dict[str, vocabularies.Vocabulary] = {
    "need": vocabularies.NEEDS,
    "phase": vocabularies.PHASES,
    "group": vocabularies.TARGET_GROUPS,
    "mode": vocabularies.DELIVERY_MODES,
    "level": vocabularies.LEVELS,
}
FACET_COLUMNS = {
    "need": "needs",
    "phase": "phases",
    "group": "target_groups",
    "mode": "delivery_modes",
    "level": "levels",
}
FLAG_FILTERS = {
    "free": index.FREE,
    "low_cost": index.LOW_COST,
    "open_to_all": index.OPEN_TO_ALL,
    "no_documents": index.NO_DOCUMENTS,
    "evenings": index.EVENINGS,
    "weekends": index.WEEKENDS,
    "accessible": index.ACCESSIBLE,
}


def parse_terms(text: str) -> list[str]:
    """Words from anything a person types: any script, any length; operators dropped.

    Only letters, digits and underscores survive (so FTS and tsquery syntax cannot leak
    through); words are case-folded, Unicode-normalised and capped in number and length.
    """
    text = unicodedata.normalize("NFKC", text or "")[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0).casefold().strip("_")[:MAX_TERM_LENGTH]
        if word and word not in terms:
            terms.append(word)
        if len(terms) >= MAX_TERMS:
            break
    return terms


def fts5_query(terms: list[str]) -> str:
    """All terms, each as a quoted prefix: `"cours"* "soir"*`."""
    return " ".join('"' + term.replace('"', "") + '"*' for term in terms)


def tsquery(terms: list[str]) -> str:
    """All terms, each as a prefix: `cours:* & soir:*` (terms are word characters only)."""
    return " & ".join(f"{term}:*" for term in terms)


@dataclass
class SearchParams:
    q: str = ""
    language: str = "en"
    territory_path: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    spoken_languages: list[str] = field(default_factory=list)
    open_now: bool = False
    now: datetime.datetime | None = None
    time_zone: str = "UTC"
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    organization_id: int | None = None
    # Only documents of a service at a location (not services without a place).
    located_only: bool = False
    service_ids: list[Any] | None = None
    modified_after: datetime.datetime | None = None
    sort: str = "relevance"  # or "distance", "name", "modified"
    page: int = 1
    per_page: int = 20

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def describe(self) -> str:
        """The filters as a short, stable text (for the unmet-needs log: no personal data)."""
        parts = [f"{k}={','.join(sorted(v))}" for k, v in sorted(self.facets.items()) if v]
        parts += sorted(self.flags)
        if self.spoken_languages:
            parts.append("lang=" + ",".join(sorted(self.spoken_languages)))
        if self.open_now:
            parts.append("open_now")
        if self.has_point:
            parts.append(f"near={self.radius_km or DEFAULT_RADIUS_KM:g}km")
        return " ".join(parts)[:500]


@dataclass
class Hit:
    document_id: int
    service_id: Any
    location_id: Any
    service_at_location_id: Any
    distance_km: float | None
    rank: float


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facet_counts: dict[str, dict[str, int]]
    flag_counts: dict[str, int]

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class _Query:
    """Builds the WHERE clause and its parameters, shared by the page and the counts."""

    def __init__(self, params: SearchParams) -> None:
        self.params = params
        self.where: list[str] = []
        self.args: list[Any] = []
        self.text_join = ""
        self.text_args: list[Any] = []
        self.rank = "0"
        self.distance = "NULL"
        self.distance_args: list[Any] = []
        self._build()

    def _build(self) -> None:
        p = self.params
        if p.territory_path:
            self.where.append("d.territory_path LIKE %s")
            self.args.append(p.territory_path + "%")
        for key, codes in p.facets.items():
            vocabulary = FACETS[key]
            mask = vocabulary.mask(codes)
            if mask:
                self.where.append(f"(d.{FACET_COLUMNS[key]} & %s) != 0")
                self.args.append(mask)
        flag_mask = 0
        for name in p.flags:
            flag_mask |= FLAG_FILTERS[name]
        if flag_mask:
            self.where.append("(d.flags & %s) = %s")
            self.args += [flag_mask, flag_mask]
        if p.spoken_languages:
            self.where.append("(" + " OR ".join("d.languages LIKE %s" for _ in p.spoken_languages) + ")")
            self.args += [f"% {code} %" for code in p.spoken_languages]
        if p.open_now:
            now = (p.now or timezone.now()).astimezone(zoneinfo.ZoneInfo(p.time_zone))
            day = WEEKDAYS[now.weekday()].lower()
            slot = now.hour * 2 + (1 if now.minute >= 30 else 0)
            self.where.append(f"(d.hours_{day} & %s) != 0")
            self.args.append(1 << slot)
        if p.organization_id is not None:
            self.where.append("d.organization_id = %s")
            self.args.append(p.organization_id)
        if p.service_ids is not None:
            if not p.service_ids:
                self.where.append("1 = 0")
            else:
                self.where.append("d.service_id IN (" + ", ".join(["%s"] * len(p.service_ids)) + ")")
                self.args += [self._db_id(i) for i in p.service_ids]
        if p.located_only:
            self.where.append("d.service_at_location_id IS NOT NULL")
        if p.modified_after is not None:
            # Stored in UTC; SQLite compares the text, so compare UTC with UTC.
            self.where.append("d.last_modified > %s")
            self.args.append(p.modified_after.astimezone(datetime.UTC))
        if p.has_point:
            assert p.latitude is not None and p.longitude is not None
            radius = min(p.radius_km or DEFAULT_RADIUS_KM, MAX_RADIUS_KM)
            dlat = radius / 111.32
            cos_lat = max(0.01, math.cos(math.radians(p.latitude)))
            dlon = min(180.0, radius / (111.32 * cos_lat))
            self.where.append("d.latitude BETWEEN %s AND %s AND d.longitude BETWEEN %s AND %s")
            self.args += [p.latitude - dlat, p.latitude + dlat, p.longitude - dlon, p.longitude + dlon]
            # Equirectangular distance in degrees of latitude, squared: enough to order and cut by.
            self.distance = (
                "((d.latitude - %s) * (d.latitude - %s) + (d.longitude - %s) * (d.longitude - %s) * %s)"
            )
            self.distance_args = [p.latitude, p.latitude, p.longitude, p.longitude, cos_lat * cos_lat]
            # Cut the box's corners: keep the circle of the radius.
            self.where.append(f"{self.distance} <= %s")
            self.args += [*self.distance_args, dlat * dlat]
        terms = parse_terms(p.q)
        if terms:
            self._text(terms)

    @staticmethod
    def _db_id(value: Any) -> Any:
        return value.hex if connection.vendor == "sqlite" and hasattr(value, "hex") else value

    def _text(self, terms: list[str]) -> None:
        language = self.params.language
        if connection.vendor == "postgresql":
            config = index.PG_CONFIGS.get(language.split("-")[0], "simple")
            self.text_join = (
                "JOIN (SELECT t.document_id AS doc, "
                "MAX(ts_rank(t.vector, q.query) + CASE WHEN t.language = %s THEN 1.0 ELSE 0 END) AS score "
                "FROM directory_searchtext t, "
                "(SELECT to_tsquery(%s::regconfig, %s) || to_tsquery('simple', %s) AS query) q "
                "WHERE t.vector @@ q.query GROUP BY t.document_id) hits ON hits.doc = d.id"
            )
            self.text_args = [language, config, tsquery(terms), tsquery(terms)]
            self.rank = "-hits.score"
        else:
            self.text_join = (
                "JOIN (SELECT t.document_id AS doc, "
                "MIN(f.score - CASE WHEN t.language = %s THEN 1.0 ELSE 0 END) AS score "
                "FROM (SELECT rowid AS rid, rank AS score FROM directory_search_fts "
                "WHERE directory_search_fts MATCH %s) f "
                "JOIN directory_searchtext t ON t.id = f.rid GROUP BY t.document_id) hits ON hits.doc = d.id"
            )
            self.text_args = [language, fts5_query(terms)]
            self.rank = "hits.score"

    def where_sql(self) -> str:
        return (" WHERE " + " AND ".join(self.where)) if self.where else ""


def _order(query: _Query) -> tuple[str, list[Any]]:
    sort = query.params.sort
    if sort == "distance" and query.params.has_point:
        by_rank = f"{query.rank}, " if query.text_join else ""
        return f"ORDER BY {query.distance}, {by_rank}d.id", list(query.distance_args)
    if sort == "modified":
        return "ORDER BY d.last_modified DESC, d.id", []
    if query.text_join:
        tail = f", {query.distance}" if query.params.has_point else ""
        return f"ORDER BY {query.rank}{tail}, d.id", list(query.distance_args)
    if query.params.has_point:
        return f"ORDER BY {query.distance}, d.id", list(query.distance_args)
    return "ORDER BY d.last_modified DESC, d.id", []


def _order_by_service(query: _Query) -> tuple[str, list[Any]]:
    sort = query.params.sort
    if sort == "distance" and query.params.has_point:
        return f"ORDER BY MIN({query.distance}), d.service_id", list(query.distance_args)
    if sort == "modified" or not query.text_join:
        return "ORDER BY MAX(d.last_modified) DESC, d.service_id", []
    return f"ORDER BY MIN({query.rank}), d.service_id", []


def search(params: SearchParams, *, with_counts: bool = True, by_service: bool = False) -> SearchResult:
    """One page of results, the total and (optionally) counts per facet value."""
    query = _Query(params)
    base = f"FROM directory_searchdocument d {query.text_join}{query.where_sql()}"
    base_args = [*query.text_args, *query.args]
    order_sql, order_args = _order(query)
    offset = (max(1, params.page) - 1) * params.per_page
    with connection.cursor() as cursor:
        if by_service:
            # One row per service, placed by its best document.
            group_order, group_args = _order_by_service(query)
            cursor.execute(
                f"SELECT d.service_id, MIN(d.id) {base} GROUP BY d.service_id {group_order} "
                "LIMIT %s OFFSET %s",
                [*base_args, *group_args, params.per_page, offset],
            )
            rows = [(doc_id, service_id, None, None, None, None) for service_id, doc_id in cursor.fetchall()]
            cursor.execute(f"SELECT COUNT(DISTINCT d.service_id) {base}", base_args)
            total = int(cursor.fetchone()[0] or 0)
        else:
            cursor.execute(
                "SELECT d.id, d.service_id, d.location_id, d.service_at_location_id, d.latitude, "
                f"d.longitude {base} {order_sql} LIMIT %s OFFSET %s",
                [*base_args, *order_args, params.per_page, offset],
            )
            rows = cursor.fetchall()
            total = -1
        facet_counts: dict[str, dict[str, int]] = {}
        flag_counts: dict[str, int] = {}
        if with_counts or total < 0:  # one scan for the total and every facet value
            selects = ["COUNT(*)"]
            if with_counts:
                for key, vocabulary in FACETS.items():
                    column = FACET_COLUMNS[key]
                    selects += [
                        f"SUM(CASE WHEN (d.{column} & {vocabulary.bit(code)}) != 0 THEN 1 ELSE 0 END)"
                        for code in vocabulary.codes
                    ]
                selects += [
                    f"SUM(CASE WHEN (d.flags & {bit}) != 0 THEN 1 ELSE 0 END)"
                    for bit in FLAG_FILTERS.values()
                ]
            cursor.execute(f"SELECT {', '.join(selects)} {base}", base_args)
            counts = list(cursor.fetchone())
            if total < 0:
                total = int(counts[0] or 0)
            if with_counts:
                position = 1
                for key, vocabulary in FACETS.items():
                    facet_counts[key] = {}
                    for code in vocabulary.codes:
                        facet_counts[key][code] = int(counts[position] or 0)
                        position += 1
                for name in FLAG_FILTERS:
                    flag_counts[name] = int(counts[position] or 0)
                    position += 1
    hits = []
    for doc_id, service_id, location_id, sal_id, lat, lon in rows:
        distance = None
        if params.has_point and lat is not None and lon is not None:
            assert params.latitude is not None and params.longitude is not None
            distance = haversine_km(params.latitude, params.longitude, lat, lon)
        hits.append(Hit(doc_id, service_id, location_id, sal_id, distance, 0.0))
    return SearchResult(hits, total, params.page, params.per_page, facet_counts, flag_counts)


def decimal_or_none(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except Exception:
        return None
