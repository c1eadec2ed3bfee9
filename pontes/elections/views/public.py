"""Public pages: the elections under way and past, the vote page (no account, no JavaScript,
rate-limited), published results and the ballots for anyone to recount."""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from pontes.core.forms import add_errors
from pontes.core.permissions import public

from .. import selectors, services
from ..forms import ComplaintForm, FollowForm, VoteForm
from ..models import Election

PUBLIC_STATUSES = (
    Election.Status.REGISTER_OPEN,
    Election.Status.REGISTER_FROZEN,
    Election.Status.VOTING,
    Election.Status.CLOSED,
    Election.Status.PUBLISHED,
)


def vote_rate(group: str, request: HttpRequest) -> str:
    return str(getattr(settings, "PONTES_ELECTION_VOTE_RATE", "100/h"))


def complaint_rate(group: str, request: HttpRequest) -> str:
    return str(settings.PONTES_PUBLIC_FORM_RATE)


def _load(pk: int) -> Election:
    return get_object_or_404(
        Election.objects.select_related("body__territory"), pk=pk, status__in=PUBLIC_STATUSES
    )


@public
def election_list(request: HttpRequest) -> HttpResponse:
    elections = Election.objects.filter(status__in=PUBLIC_STATUSES).select_related("body__territory")
    return render(request, "elections/list.html", {"elections": elections})


@public
def election(request: HttpRequest, pk: int) -> HttpResponse:
    item = _load(pk)
    return render(
        request,
        "elections/election.html",
        {
            "election": item,
            "groups": item.seat_groups.order_by("order", "pk"),
            "candidates": item.candidates.select_related("seat_group"),
            "voting_now": item.status == Election.Status.VOTING and timezone.now() < item.voting_closes,
            "complaints_now": _complaints_open(item),
        },
    )


def _complaints_open(item: Election) -> bool:
    today = timezone.localdate()
    return (
        item.status == Election.Status.REGISTER_OPEN
        and item.complaints_open is not None
        and item.complaints_close is not None
        and item.complaints_open <= today <= item.complaints_close
    )


@public
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=complaint_rate, method="POST", block=True)
def complaint(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone may ask to be added to the register, or for an entry to be corrected, while the
    complaints window is open; staff decide."""
    item = _load(pk)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _complaint, reference = services.record_complaint(actor=None, election=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            # The only time the reference is shown: not to be cached anywhere.
            response = render(
                request, "elections/complaint_done.html", {"election": item, "reference": reference}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "elections/complaint.html",
        {"election": item, "form": form, "open_now": _complaints_open(item)},
    )


def follow_rate(group: str, request: HttpRequest) -> str:
    return str(getattr(settings, "PONTES_ELECTION_FOLLOW_RATE", "30/h"))


@public
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=follow_rate, method="POST", block=True)
def complaint_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a person follows their request with its reference: the decision and its reason, and
    nothing personal, so that a reference found by someone else reveals nobody. POST keeps the
    reference out of addresses and histories; the rate limit keeps references from being guessed."""
    item = _load(pk)
    form = FollowForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = services.complaint_by_reference(item, form.cleaned_data["reference"])
        if found is None:
            form.add_error(
                "reference", _("No request to this election has this reference. Check it and try again.")
            )
    response = render(
        request, "elections/complaint_follow.html", {"election": item, "form": form, "complaint": found}
    )
    response["Cache-Control"] = "no-store"
    return response


@public
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=vote_rate, method="POST", block=True)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    item = _load(pk)
    form = VoteForm(request.POST or None, election=item)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.cast_ballot(
                election=item, code=form.cleaned_data["code"], choices=form.choices_by_group()
            )
        except ValidationError as error:
            add_errors(form, error)
        except OperationalError:
            # The database was too busy to take the vote (many voters at once on a small server):
            # the transaction was rolled back, so nothing was recorded and the code is still good.
            form.add_error(
                None,
                _(
                    "Too many people are voting at this moment: your vote was not recorded "
                    "and your code is still valid. Please send it again in a minute."
                ),
            )
            status = 503
        else:
            return render(request, "elections/voted.html", {"election": item})
    open_now = item.status == Election.Status.VOTING and timezone.now() < item.voting_closes
    return render(
        request, "elections/vote.html", {"election": item, "form": form, "open_now": open_now}, status=status
    )


@public
def results(request: HttpRequest, pk: int) -> HttpResponse:
    item = _load(pk)
    published = item.status == Election.Status.PUBLISHED
    return render(
        request,
        "elections/results.html",
        {"election": item, "results": selectors.results(item) if published else None},
    )


def _ballots(pk: int) -> tuple[Election, list[dict[str, object]]]:
    item = _load(pk)
    if item.status != Election.Status.PUBLISHED:
        raise Http404
    return item, selectors.shuffled_ballots(item)


@public
def ballots_csv(request: HttpRequest, pk: int) -> HttpResponse:
    item, rows = _ballots(pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ballot", "seat_group", "list", "candidates"])
    for row in rows:
        writer.writerow([row["ballot"], row["seat_group"], row["list"], "|".join(row["candidates"])])  # type: ignore[arg-type]
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="election-{item.pk}-ballots.csv"'
    return response


@public
def ballots_json(request: HttpRequest, pk: int) -> HttpResponse:
    item, rows = _ballots(pk)
    response = HttpResponse(
        json.dumps({"election": item.title, "ballots": rows}, ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="election-{item.pk}-ballots.json"'
    return response
