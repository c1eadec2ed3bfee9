"""Reads of the directory: search for people, listing pages, staff queues, gaps and reach."""

from __future__ import annotations

import datetime
import math
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from pontes.core.models import Territory

from . import vocabularies
from .models import (
    Feedback,
    Location,
    Revision,
    SearchDocument,
    Service,
    ServiceAtLocation,
    Status,
    UnmetSearch,
)
from .schedules import WEEKDAYS, is_open, weekly_masks
from .search import SearchParams, SearchResult, haversine_km, search


def as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def public_services() -> QuerySet[Service]:
    return Service.objects.filter(status=Status.ACTIVE)


def service_for_page(pk: uuid.UUID) -> Service | None:
    """A live listing with everything its page shows, in a fixed number of queries."""
    return (
        public_services()
        .select_related("organization", "territory", "program")
        .prefetch_related(
            "schedules",
            "languages",
            "cost_options",
            "required_documents",
            "phones",
            "partners",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__territory").prefetch_related(
                    "location__addresses", "location__accessibility", "location__schedules", "schedules"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass
class ResultCard:
    service: Service
    location: Location | None
    distance_km: float | None
    open_now: bool
    is_free: bool


def result_cards(result: SearchResult, *, now: datetime.datetime | None = None) -> list[ResultCard]:
    service_ids = {as_uuid(h.service_id) for h in result.hits}
    location_ids = {as_uuid(h.location_id) for h in result.hits if h.location_id}
    services = {
        s.pk: s
        for s in Service.objects.filter(pk__in=service_ids)
        .select_related("organization", "territory")
        .prefetch_related("schedules", "cost_options", "languages")
    }
    locations = {
        loc.pk: loc
        for loc in Location.objects.filter(pk__in=location_ids)
        .select_related("territory")
        .prefetch_related("addresses", "schedules")
    }
    now = now or timezone.now()
    cards = []
    for hit in result.hits:
        service = services.get(as_uuid(hit.service_id))
        if service is None:
            continue
        location = locations.get(as_uuid(hit.location_id)) if hit.location_id else None
        schedules = list(service.schedules.all()) or (list(location.schedules.all()) if location else [])
        masks = weekly_masks(schedules)
        local_now = timezone.localtime(now, _zone(location.territory if location else service.territory))
        costs = list(service.cost_options.all())
        cards.append(
            ResultCard(
                service=service,
                location=location,
                distance_km=hit.distance_km,
                open_now=bool(schedules) and is_open(masks, local_now),
                is_free=bool(costs) and all((c.amount or 0) == 0 for c in costs),
            )
        )
    return cards


def _zone(territory: Territory) -> datetime.tzinfo:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(territory.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def run_search(params: SearchParams) -> SearchResult:
    return search(params, with_counts=True)


# --- Staff ----------------------------------------------------------------------------------


def services_in(territory: Territory) -> QuerySet[Service]:
    return (
        Service.objects.filter(territory__path__startswith=territory.path)
        .select_related("organization", "territory")
        .order_by("name")
    )


def stale_services(territory: Territory, months: int) -> QuerySet[Service]:
    limit = timezone.localdate() - datetime.timedelta(days=int(months * 30.44))
    return services_in(territory).filter(
        Q(assured_date__lt=limit) | Q(assured_date__isnull=True), status=Status.ACTIVE
    )


def pending_revisions(territory: Territory) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(territory__path__startswith=territory.path, state=Revision.State.PENDING)
        .select_related("service", "organization", "proposed_by")
        .order_by("proposed_at")
    )


def open_feedback(territory: Territory) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(service__territory__path__startswith=territory.path, handled=False)
        .select_related("service")
        .order_by("created_at")
    )


def revision_diff(revision: Revision) -> list[tuple[str, Any, Any]]:
    from .services import payload_of

    current = payload_of(revision.service) if revision.service is not None else {}
    rows = []
    for key, proposed in revision.data.items():
        if current.get(key) != proposed:
            rows.append((key, current.get(key), proposed))
    return rows


@dataclass
class GapMatrix:
    rows: list[tuple[str, str]]  # (code, label) of needs
    columns: list[tuple[str, str]]  # (code, label) of phases or groups
    counts: dict[tuple[str, str], int]
    providers: dict[tuple[str, str], int]
    overlaps: set[tuple[str, str]] = field(default_factory=set)


def gap_matrix(territory: Territory, *, by: str = "phase", overlap_threshold: int = 3) -> GapMatrix:
    """Services covering each (need × phase) or (need × target group) cell, and likely overlaps.

    A cell is a likely overlap when several providers offer services there: worth coordinating.
    """
    columns_vocabulary = vocabularies.PHASES if by == "phase" else vocabularies.TARGET_GROUPS
    attribute = "phases" if by == "phase" else "target_groups"
    counts: dict[tuple[str, str], int] = defaultdict(int)
    providers: dict[tuple[str, str], set[Any]] = defaultdict(set)
    rows = (
        public_services()
        .filter(territory__path__startswith=territory.path)
        .values_list("needs", attribute, "organization_id")
    )
    for needs, columns, organization_id in rows:
        for need in needs or []:
            for column in columns or []:
                counts[(need, column)] += 1
                providers[(need, column)].add(organization_id)
    provider_counts = {key: len(value) for key, value in providers.items()}
    overlaps = {key for key, value in provider_counts.items() if value >= overlap_threshold}
    return GapMatrix(
        rows=[(c, str(label)) for c, label in vocabularies.NEEDS.values],
        columns=[(c, str(label)) for c, label in columns_vocabulary.values],
        counts=dict(counts),
        providers=provider_counts,
        overlaps=overlaps,
    )


@dataclass
class ReachRow:
    territory: Territory | None
    nearest_km: dict[str, float | None]
    name: str = ""
    population: int | None = None

    @property
    def underserved(self) -> list[str]:
        return [need for need, km in self.nearest_km.items() if km is None or km > 10]


def reach(territory: Territory, *, needs: list[str] | None = None) -> list[ReachRow]:
    """Distance to the nearest service per need, from uploaded population points if there are
    any, otherwise from the centre of each place within the territory."""
    from .models import PopulationPoint

    needs = needs or list(vocabularies.NEEDS.codes)
    origins: list[tuple[Territory | None, str, float, float, int | None]] = [
        (None, p.name, p.latitude, p.longitude, p.population)
        for p in PopulationPoint.objects.filter(territory__path__startswith=territory.path)
    ]
    if not origins:
        origins = [
            (t, t.name, float(t.latitude or 0), float(t.longitude or 0), None)
            for t in Territory.objects.filter(
                path__startswith=territory.path, latitude__isnull=False, longitude__isnull=False
            )
            .exclude(kind="country")
            .order_by("path")
        ]
    if not origins:
        return []
    # Services just across the territory's border count too: look within ~50 km of the origins.
    margin = 0.5
    documents = list(
        SearchDocument.objects.filter(
            latitude__range=(min(o[2] for o in origins) - margin, max(o[2] for o in origins) + margin),
            longitude__range=(min(o[3] for o in origins) - margin, max(o[3] for o in origins) + margin),
        )
        .exclude(longitude__isnull=True)
        .values_list("latitude", "longitude", "needs")
    )
    rows = []
    for place, name, lat, lon, population in origins:
        nearest: dict[str, float | None] = {}
        for need in needs:
            bit = vocabularies.NEEDS.bit(need)
            best = math.inf
            for dlat, dlon, mask in documents:
                if mask & bit:
                    best = min(best, haversine_km(lat, lon, float(dlat or 0), float(dlon or 0)))
            nearest[need] = None if best is math.inf else round(best, 1)
        rows.append(ReachRow(place, nearest, name, population))
    return rows


def unmet_searches(territory: Territory, *, days: int = 90) -> list[Any]:
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        UnmetSearch.objects.filter(territory__path__startswith=territory.path, day__gte=since)
        .values("query", "filters", "language")
        .annotate(days=Count("id"), searches=Sum("count"))
        .order_by("-searches")[:200]
    )


def weekday_codes() -> tuple[str, ...]:
    return WEEKDAYS
