"""Searching the directory: parse what people type, filter, rank, count, paginate.

Everything runs in the database over the denormalised `SearchDocument` table: facet filters
are bit tests, the text is matched by the database's full-text engine (FTS5 or tsvector),
distance is a bounding box then an equirectangular order.

Relevance is a cheap, explainable order that lets the database stop early instead of scoring
every match: listings whose *name* holds every word come first, then the others; within each,
the nearest (when a place is given) or the newest listing first (document ids grow with every
change). Results are read in that order only as far as the page needs. Totals and counts per
filter value are exact up to `COUNT_LIMIT` matches; past it the total is a lower bound
(`SearchResult.total_is_lower_bound`), as broad searches ("help") do not need an exact count.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
import zoneinfo
from collections.abc import Iterator
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
COUNT_LIMIT = 1_000  # matches counted exactly; beyond, the total is "at least"

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
    total_is_lower_bound: bool = False
    has_more: bool = False  # results after this page

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
        self.distance = "NULL"
        self.distance_args: list[Any] = []
        self.terms: list[str] = []
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
        self.terms = parse_terms(p.q)

    @staticmethod
    def _db_id(value: Any) -> Any:
        return value.hex if connection.vendor == "sqlite" and hasattr(value, "hex") else value

    def where_sql(self) -> str:
        return (" WHERE " + " AND ".join(self.where)) if self.where else ""


@dataclass
class _Pass:
    """One ordered slice of the results: FROM/WHERE text, its arguments, ORDER BY and its arguments."""

    source: str
    args: list[Any]
    order: str
    order_args: list[Any]


_FTS_SOURCE = (
    "FROM directory_search_fts f JOIN directory_searchdocument d ON d.id = f.rowid "
    "WHERE directory_search_fts MATCH %s"
)
_PG_SOURCE = "FROM directory_searchdocument d WHERE "


def _pg_matches(query: _Query, column: str) -> tuple[str, list[Any]]:
    """The condition on documents whose texts (column `vector`) or names (`name_vector`) hold every
    word, stemmed in the reader's language or as written."""
    config = index.PG_CONFIGS.get(query.params.language.split("-")[0], "simple")
    words = tsquery(query.terms)
    return (
        f"d.id IN (SELECT v.document_id FROM directory_search_vector v WHERE v.{column} @@ "
        "(to_tsquery(%s::regconfig, %s) || to_tsquery('simple', %s)))",
        [config, words, words],
    )


def _text_conditions(query: _Query) -> list[tuple[str, list[Any]]]:
    """(FROM … WHERE …, args) for names matching every word, then the rest matching every word."""
    tail = "".join(f" AND {w}" for w in query.where)
    if connection.vendor == "postgresql":
        in_names, name_args = _pg_matches(query, "name_vector")
        in_texts, text_args = _pg_matches(query, "vector")
        # The second pass reads every text match; those whose names matched were given by the
        # first and are skipped by `iter_hits`. Saying "AND NOT in the names" instead makes
        # PostgreSQL read every name match before the first row, where this stops at the page.
        return [
            (_PG_SOURCE + in_names + tail, [*name_args, *query.args]),
            (_PG_SOURCE + in_texts + tail, [*text_args, *query.args]),
        ]
    words = fts5_query(query.terms)
    return [
        (_FTS_SOURCE + tail, [f"name : ({words})", *query.args]),
        (_FTS_SOURCE + tail, [f"({words}) NOT name : ({words})", *query.args]),
    ]


def _all_matches(query: _Query) -> tuple[str, list[Any]]:
    """FROM … WHERE … for every match, whatever its order (for counting)."""
    if not query.terms:
        return f"FROM directory_searchdocument d{query.where_sql()}", list(query.args)
    tail = "".join(f" AND {w}" for w in query.where)
    if connection.vendor == "postgresql":
        in_texts, text_args = _pg_matches(query, "vector")
        return _PG_SOURCE + in_texts + tail, [*text_args, *query.args]
    return _FTS_SOURCE + tail, [fts5_query(query.terms), *query.args]


def _passes(query: _Query) -> list[_Pass]:
    params = query.params
    by_distance = params.has_point and params.sort in ("distance", "relevance")
    if by_distance:
        order, order_args = f"ORDER BY {query.distance}, d.id DESC", list(query.distance_args)
    elif params.sort == "modified":
        order, order_args = "ORDER BY d.last_modified DESC, d.id DESC", []
    else:
        order, order_args = "ORDER BY d.id DESC", []
    if not query.terms:
        source, args = _all_matches(query)
        return [_Pass(source, args, order, order_args)]
    if params.sort == "distance" or params.sort == "modified":
        # One ordered pass over every match: the order asked for, not the names first.
        source, args = _all_matches(query)
        return [_Pass(source, args, order, order_args)]
    if order == "ORDER BY d.id DESC" and connection.vendor == "sqlite":
        # The same order, said so that FTS5 walks its index backwards and stops at the page.
        order = "ORDER BY f.rowid DESC"
    return [_Pass(source, args, order, order_args) for source, args in _text_conditions(query)]


_COLUMNS = "d.id, d.service_id, d.location_id, d.service_at_location_id, d.latitude, d.longitude"


def iter_hits(
    params: SearchParams, *, by_service: bool = False, limit: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """Result rows in order (one per service when `by_service`), read only as far as needed.

    `limit` is how many the caller wants at most: each pass reads that many rows, and reads again
    further only when services with several places used up the rows (so the database stops
    early); without a limit every match is read (streaming exports).
    """
    query = _Query(params)
    seen: set[Any] = set()
    given = 0
    for step in _passes(query):
        want = None if limit is None else max(limit - given, 0) * 2 + 8
        offset = 0
        while True:
            sql = f"SELECT {_COLUMNS} {step.source} {step.order}"
            args = [*step.args, *step.order_args]
            if want is not None:
                sql += " LIMIT %s OFFSET %s"
                args += [want, offset]
            with connection.cursor() as cursor:
                cursor.execute(sql, args)
                rows = cursor.fetchall()
            for row in rows:
                key = row[1] if by_service else row[0]
                if key in seen:
                    continue
                seen.add(key)
                yield row
                given += 1
                if limit is not None and given >= limit:
                    return
            if want is None or len(rows) < want:
                break
            offset += want
            want *= 2


def _counts(
    query: _Query, *, by_service: bool, with_counts: bool
) -> tuple[int, bool, dict[str, Any], dict[str, int]]:
    """The total (exact up to COUNT_LIMIT), whether it is a lower bound, and counts per value."""
    source, args = _all_matches(query)
    key = "d.service_id" if by_service else "d.id"
    facet_counts: dict[str, dict[str, int]] = {}
    flag_counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT DISTINCT {key} {source} LIMIT %s) matches",
            [*args, COUNT_LIMIT + 1],
        )
        total = int(cursor.fetchone()[0] or 0)
        capped = total > COUNT_LIMIT
        if capped:
            return COUNT_LIMIT, True, facet_counts, flag_counts
        if with_counts and total:
            selects = []
            for facet_key, vocabulary in FACETS.items():
                column = FACET_COLUMNS[facet_key]
                selects += [
                    f"SUM(CASE WHEN (d.{column} & {vocabulary.bit(code)}) != 0 THEN 1 ELSE 0 END)"
                    for code in vocabulary.codes
                ]
            selects += [
                f"SUM(CASE WHEN (d.flags & {bit}) != 0 THEN 1 ELSE 0 END)" for bit in FLAG_FILTERS.values()
            ]
            cursor.execute(f"SELECT {', '.join(selects)} {source}", args)
            counts = list(cursor.fetchone())
            position = 0
            for facet_key, vocabulary in FACETS.items():
                facet_counts[facet_key] = {}
                for code in vocabulary.codes:
                    facet_counts[facet_key][code] = int(counts[position] or 0)
                    position += 1
            for name in FLAG_FILTERS:
                flag_counts[name] = int(counts[position] or 0)
                position += 1
    return total, False, facet_counts, flag_counts


def as_hit(row: tuple[Any, ...], params: SearchParams) -> Hit:
    """A row of `iter_hits` as a Hit, with its distance from the point searched around."""
    doc_id, service_id, location_id, sal_id, lat, lon = row
    distance = None
    if params.has_point and lat is not None and lon is not None:
        assert params.latitude is not None and params.longitude is not None
        distance = haversine_km(params.latitude, params.longitude, lat, lon)
    return Hit(doc_id, service_id, location_id, sal_id, distance, 0.0)


def search(params: SearchParams, *, with_counts: bool = True, by_service: bool = False) -> SearchResult:
    """One page of results, the total and (optionally) counts per facet value."""
    offset = (max(1, params.page) - 1) * params.per_page
    rows = list(iter_hits(params, by_service=by_service, limit=offset + params.per_page + 1))
    has_more = len(rows) > offset + params.per_page
    rows = rows[offset : offset + params.per_page]
    total, capped, facet_counts, flag_counts = _counts(
        _Query(params), by_service=by_service, with_counts=with_counts
    )
    hits = [as_hit(row, params) for row in rows]
    return SearchResult(
        hits, total, params.page, params.per_page, facet_counts, flag_counts, capped, has_more
    )


def decimal_or_none(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except Exception:
        return None
