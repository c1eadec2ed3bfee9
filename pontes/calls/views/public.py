"""Public pages: calls, a call, its awards as 360Giving data, and the decision letter."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from pontes.core.models import Territory
from pontes.core.permissions import as_user, has_perm, owner_only, public

from .. import selectors
from ..models import Application, Call


@public
def calls(request: HttpRequest) -> HttpResponse:
    items = list(selectors.public_calls())
    place = Territory.objects.filter(slug=request.GET.get("place", "")).first()
    if place is not None:
        # The place's own calls, those of the places above it and of the places below it.
        items = [
            c
            for c in items
            if c.territory.path.startswith(place.path) or place.path.startswith(c.territory.path)
        ]
    return render(
        request,
        "calls/calls.html",
        {
            "place": place,
            "open_calls": [c for c in items if c.status == Call.Status.OPEN],
            "past_calls": [c for c in items if c.status != Call.Status.OPEN],
        },
    )


@public
def call(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.public_calls().prefetch_related("questions", "criteria"), pk=pk)
    awards = selectors.grant_rows(item) if item.status == Call.Status.DECIDED else []
    return render(request, "calls/call.html", {"item": item, "awards": awards})


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


@public
def grants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.public_calls(), pk=pk)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=selectors.GRANT_COLUMNS)
    writer.writeheader()
    for row in selectors.grant_rows(item):
        writer.writerow({key: _plain(value) for key, value in row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="grants-{item.pk}.csv"'
    return response


@public
def grants_json(request: HttpRequest, pk: int) -> JsonResponse:
    item = get_object_or_404(selectors.public_calls(), pk=pk)
    grants = [
        {key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()}
        for row in selectors.grant_rows(item)
    ]
    return JsonResponse({"grants": grants}, json_dumps_params={"ensure_ascii": False})


@owner_only
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter, for the organisation and for staff of the call's place."""
    application = get_object_or_404(
        Application.objects.select_related("call__territory", "organisation"), pk=pk
    )
    user = as_user(request.user)
    territory = application.call.territory
    allowed = (
        has_perm(user, "calls.apply", application.organisation)
        or has_perm(user, "calls.manage_calls", territory)
        or has_perm(user, "calls.review_applications", territory)
    )
    if not allowed:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return render(request, "calls/letter.html", {"application": application, "item": application.call})
