"""Public pages of the directory: search, a service, its printable sheet and QR code, reports.

Everything works without JavaScript; the map is an addition for those who have it.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from pontes.core.models import Territory
from pontes.core.permissions import public

from .. import selectors, services, vocabularies
from ..forms import FLAG_LABELS, SORTS, ReportForm, SearchForm
from ..schedules import WEEKDAYS, parse_byday, weekday_label
from ..search import FACETS, FLAG_FILTERS, SearchParams

PER_PAGE = 20
MULTI_FIELDS = ("need", "phase", "group", "mode", "level", "flag")


def _valid_data(form: SearchForm) -> dict[str, Any]:
    """Cleaned values of the fields that are valid; invalid ones are reported and ignored."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def _params(data: dict[str, Any], language: str) -> SearchParams:
    territory: Territory | None = data.get("territory")
    near: Territory | None = data.get("near")
    latitude, longitude = data.get("lat"), data.get("lon")
    if near is not None and latitude is None and near.latitude is not None and near.longitude is not None:
        latitude, longitude = float(near.latitude), float(near.longitude)
    has_point = latitude is not None and longitude is not None
    sort = data.get("sort") or ("distance" if has_point and not data.get("q") else "relevance")
    return SearchParams(
        q=data.get("q") or "",
        language=language,
        territory_path=territory.path if territory else "",
        facets={key: data.get(key) or [] for key in FACETS},
        flags=data.get("flag") or [],
        spoken_languages=data.get("lang") or [],
        open_now=bool(data.get("open_now")),
        time_zone=place.timezone if (place := territory or near) is not None else settings.TIME_ZONE,
        latitude=latitude,
        longitude=longitude,
        radius_km=data.get("radius"),
        sort=sort,
        page=data.get("page") or 1,
        per_page=PER_PAGE,
    )


def _query_without(request: HttpRequest, *drop: str, **replace: Any) -> str:
    pairs = [
        (k, v) for k, values in request.GET.lists() for v in values if k not in drop and k not in replace
    ]
    pairs += [(k, v) for k, v in replace.items() if v not in (None, "")]
    return urlencode(pairs)


@public
def search(request: HttpRequest) -> HttpResponse:
    language = get_language() or settings.LANGUAGE_CODE
    form = SearchForm(request.GET)
    data = _valid_data(form)
    params = _params(data, language)
    result = selectors.run_search(params)
    searched = bool(params.q or any(params.facets.values()) or params.flags or params.spoken_languages)
    near = data.get("near")
    if result.total == 0 and searched:
        services.record_unmet_search(
            territory=data.get("territory") or data.get("near"),
            query=" ".join(params.q.split())[:200],
            filters=params.describe(),
            language=language,
        )
    cards = selectors.result_cards(result)
    selected = {key: set(request.GET.getlist(key)) for key in MULTI_FIELDS}
    facet_groups = [
        {
            "key": key,
            "title": vocabulary.title,
            "options": [
                {
                    "code": code,
                    "label": label,
                    "count": result.facet_counts.get(key, {}).get(code),
                    "checked": code in selected[key],
                }
                for code, label in vocabulary.values
            ],
        }
        for key, vocabulary in FACETS.items()
    ]
    flag_options = [
        {
            "code": code,
            "label": FLAG_LABELS[code],
            "count": result.flag_counts.get(code),
            "checked": code in selected["flag"],
        }
        for code in FLAG_FILTERS
    ]
    map_points = [
        {
            "lat": float(card.location.latitude),
            "lon": float(card.location.longitude or 0),
            "name": str(card.service.tr("name")),
            "url": card.service.get_absolute_url(),
        }
        for card in cards
        if card.location is not None and card.location.latitude is not None
    ]
    places = Territory.objects.exclude(kind="country").filter(latitude__isnull=False).order_by("path")
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "result": result,
            "cards": cards,
            "facet_groups": facet_groups,
            "flag_options": flag_options,
            "sorts": SORTS,
            "places": places,
            "territories": Territory.objects.filter(depth__lte=3).order_by("path"),
            "scope": data.get("territory"),
            "near": data.get("near"),
            "view": data.get("view") or "list",
            "map_points": map_points,
            "tile_url": settings.PONTES_MAP_TILE_URL,
            "attribution": settings.PONTES_MAP_ATTRIBUTION,
            "prev_query": _query_without(request, "page", page=result.page - 1) if result.page > 1 else "",
            "next_query": _query_without(request, "page", page=result.page + 1) if result.has_more else "",
            "list_query": _query_without(request, "view", "page"),
            "map_query": _query_without(request, "view", "page", view="map"),
            "searched": searched,
            "filtered": bool(
                any(params.facets.values())
                or params.flags
                or params.spoken_languages
                or near
                or params.open_now
            ),
        },
    )


def _load(pk: uuid.UUID) -> Any:
    service = selectors.service_for_page(pk)
    if service is None:
        raise Http404
    return service


def _schedule_rows(schedules: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for schedule in schedules:
        try:
            days = parse_byday(schedule.byday) or list(WEEKDAYS)
        except ValueError:
            days = []
        rows.append(
            {
                "days": [weekday_label(d) for d in days],
                "every_day": len(days) == 7,
                "opens_at": schedule.opens_at,
                "closes_at": schedule.closes_at,
                "note": schedule.description,
                "ordinal": any(ch.isdigit() for ch in schedule.byday or ""),
            }
        )
    return rows


def _service_context(request: HttpRequest, service: Any) -> dict[str, Any]:
    places = [sal.location for sal in service.service_at_locations.all()]
    schedules = list(service.schedules.all())
    if not schedules:
        for sal in service.service_at_locations.all():
            schedules += list(sal.schedules.all()) or list(sal.location.schedules.all())
    costs = list(service.cost_options.all())
    page_url = request.build_absolute_uri(service.get_absolute_url())
    qr = segno.make(page_url, error="m")
    return {
        "service": service,
        "places": places,
        "schedule_rows": _schedule_rows(schedules),
        "costs": [c for c in costs if c.amount],
        "is_free": bool(costs) and all((c.amount or 0) == 0 for c in costs),
        "needs": [vocabularies.NEEDS.label(c) for c in service.needs],
        "phases": [vocabularies.PHASES.label(c) for c in service.phases],
        "groups": [vocabularies.TARGET_GROUPS.label(c) for c in service.target_groups],
        "modes": [vocabularies.DELIVERY_MODES.label(c) for c in service.delivery_modes],
        "levels": [vocabularies.LEVELS.label(c) for c in service.levels],
        "languages": [lang.code for lang in service.languages.all()],
        "documents": [d.document for d in service.required_documents.all()],
        "phones": list(service.phones.all()),
        "stale": service.is_stale(),
        "qr_svg_uri": qr.svg_data_uri(scale=3, dark="#000", light="#fff"),
        "page_url": page_url,
        "today": timezone.localdate(),
    }


@public
def service_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    service = _load(pk)
    return render(request, "directory/service.html", _service_context(request, service))


@public
def service_print(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    service = _load(pk)
    return render(request, "directory/service_print.html", _service_context(request, service))


@public
def service_qr(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    service = _load(pk)
    qr = segno.make(request.build_absolute_uri(service.get_absolute_url()), error="m")
    import io

    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=8, dark="#000", light="#fff", xmldecl=True)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="pontes-service-{service.pk}.svg"'
    return response


def report_rate(group: str, request: HttpRequest) -> str:
    return str(settings.PONTES_PUBLIC_FORM_RATE)


@public
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=report_rate, method="POST", block=True)
def report(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    service = _load(pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data.get("website"):  # filled only by automated senders
            services.report_wrong_information(
                service=service,
                kind=form.cleaned_data["kind"],
                message=form.cleaned_data["message"],
                language=get_language() or "",
            )
        messages.success(request, _("Thank you. The team that keeps this directory will check it."))
        return redirect(service.get_absolute_url())
    return render(request, "directory/report.html", {"service": service, "form": form})


def search_url(**params: Any) -> str:
    return reverse("directory:search") + ("?" + urlencode(params) if params else "")
