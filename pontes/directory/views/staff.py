"""Staff and provider pages of the directory: listings, editing, review queue, gaps, exchange."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pontes.core.forms import translation_languages
from pontes.core.models import Organisation, Territory
from pontes.core.permissions import (
    as_user,
    has_perm,
    object_permission,
    organisation_permission,
    territory_permission,
)

from .. import selectors, services, vocabularies
from ..forms import (
    ExchangeUploadForm,
    PopulationUploadForm,
    RejectForm,
    ScheduleFormSet,
    ServiceForm,
    schedules_initial,
    schedules_payload,
)
from ..models import Feedback, Location, Revision, Service, Status


def _service(pk: uuid.UUID) -> Service | None:
    return Service.objects.select_related("organization__territory", "territory").filter(pk=pk).first()


@territory_permission("directory.edit_service")
def services_list(request: HttpRequest, territory: Territory) -> HttpResponse:
    months = settings.PONTES_DIRECTORY_STALE_MONTHS
    items = selectors.services_in(territory)
    stale = {s.pk for s in selectors.stale_services(territory, months)}
    organisations = (
        selectors.services_in(territory).values_list("organization__slug", "organization__name").distinct()
    )
    return render(
        request,
        "directory/staff/services.html",
        {
            "territory": territory,
            "items": items,
            "stale": stale,
            "months": months,
            "organisations": sorted(set(organisations), key=lambda o: o[1]),
            "all_organisations": Organisation.objects.filter(
                territory__path__startswith=territory.path
            ).order_by("name"),
        },
    )


@organisation_permission("directory.edit_service")
def organisation_services(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    items = Service.objects.filter(organization=organisation).order_by("name")
    revisions = Revision.objects.filter(organization=organisation).order_by("-proposed_at")[:20]
    return render(
        request,
        "directory/staff/organisation_services.html",
        {"organisation": organisation, "items": items, "revisions": revisions},
    )


def _edit(request: HttpRequest, organisation: Organisation, service: Service | None) -> HttpResponse:
    actor = as_user(request.user)
    base: dict[str, Any] = (
        services.payload_of(service)
        if service is not None
        else {
            "original_language": organisation.original_language,
            "status": Status.ACTIVE,
            "needs": [],
            "phases": [],
            "target_groups": [],
        }
    )
    pending = None
    if service is not None:
        pending = service.revisions.filter(state=Revision.State.PENDING).first()
    territory = service.territory if service is not None else organisation.territory
    sample = service or Service(
        organization=organisation, territory=territory, original_language=base["original_language"]
    )
    locations = list(Location.objects.filter(organization=organisation).order_by("name"))
    form = ServiceForm(
        request.POST or None,
        initial=ServiceForm.initial_from(base),
        locations=locations,
        languages=translation_languages(territory),
        sample=sample,
    )
    schedules = ScheduleFormSet(request.POST or None, initial=schedules_initial(base), prefix="hours")
    if request.method == "POST" and form.is_valid() and schedules.is_valid():
        payload = {**form.payload(base.get("translations")), "schedules": schedules_payload(schedules)}
        try:
            outcome = services.propose_change(
                actor=actor, organization=organisation, payload=payload, service=service
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if isinstance(outcome, Revision):
                messages.success(
                    request,
                    _("Your change is sent for review. The listing stays as it is until staff approve it."),
                )
                return redirect("directory:organisation_services", org=organisation.slug)
            messages.success(request, _("The listing is saved and live."))
            return redirect(outcome.get_absolute_url())
    return render(
        request,
        "directory/staff/service_form.html",
        {
            "organisation": organisation,
            "service": service,
            "form": form,
            "schedules": schedules,
            "pending": pending,
            "moderates": has_perm(actor, "directory.moderate", territory),
        },
    )


@organisation_permission("directory.edit_service")
def service_new(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return _edit(request, organisation, None)


@object_permission("directory.edit_service", _service, "service")
def service_edit(request: HttpRequest, service: Service) -> HttpResponse:
    return _edit(request, service.organization, service)


@object_permission("directory.edit_service", _service, "service")
@require_POST
def service_verified(request: HttpRequest, service: Service) -> HttpResponse:
    services.mark_verified(actor=as_user(request.user), service=service)
    messages.success(request, _("Thank you: the listing is marked as checked today."))
    return redirect(request.POST.get("next") or service.get_staff_url())


@territory_permission("directory.moderate")
def moderation(request: HttpRequest, territory: Territory) -> HttpResponse:
    revisions = [(r, selectors.revision_diff(r)) for r in selectors.pending_revisions(territory)]
    return render(
        request,
        "directory/staff/moderation.html",
        {
            "territory": territory,
            "revisions": revisions,
            "feedback": selectors.open_feedback(territory),
            "reject_form": RejectForm(),
        },
    )


def _revision_in(territory: Territory, pk: int) -> Revision:
    return get_object_or_404(Revision, pk=pk, territory__path__startswith=territory.path)


@territory_permission("directory.moderate")
@require_POST
def approve(request: HttpRequest, territory: Territory, revision: int) -> HttpResponse:
    item = _revision_in(territory, revision)
    try:
        services.approve_revision(actor=as_user(request.user), revision=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change is approved and live."))
    return redirect("directory:moderation", slug=territory.slug)


@territory_permission("directory.moderate")
@require_POST
def reject(request: HttpRequest, territory: Territory, revision: int) -> HttpResponse:
    item = _revision_in(territory, revision)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the change is refused, so that the provider can correct it."))
        return redirect("directory:moderation", slug=territory.slug)
    try:
        services.reject_revision(
            actor=as_user(request.user), revision=item, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change is refused; the provider can see why."))
    return redirect("directory:moderation", slug=territory.slug)


@territory_permission("directory.moderate")
@require_POST
def feedback_handled(request: HttpRequest, territory: Territory, feedback: int) -> HttpResponse:
    item = get_object_or_404(Feedback, pk=feedback, service__territory__path__startswith=territory.path)
    services.handle_feedback(
        actor=as_user(request.user), feedback=item, response=request.POST.get("response", "")
    )
    messages.success(request, _("The report is marked as handled."))
    return redirect("directory:moderation", slug=territory.slug)


@territory_permission("directory.view_gaps")
def gaps(request: HttpRequest, territory: Territory) -> HttpResponse:
    by = "group" if request.GET.get("by") == "group" else "phase"
    matrix = selectors.gap_matrix(territory, by=by)
    table = [
        (
            label,
            [
                {
                    "count": matrix.counts.get((need, column), 0),
                    "providers": matrix.providers.get((need, column), 0),
                    "overlap": (need, column) in matrix.overlaps,
                    "url": f"?need={need}&{'phase' if by == 'phase' else 'group'}={column}",
                }
                for column, _label in matrix.columns
            ],
        )
        for need, label in matrix.rows
    ]
    return render(
        request,
        "directory/staff/gaps.html",
        {"territory": territory, "matrix": matrix, "table": table, "by": by},
    )


@territory_permission("directory.view_gaps")
def reach_view(request: HttpRequest, territory: Territory) -> HttpResponse:
    upload_errors: list[Any] = []
    if request.method == "POST":
        form = PopulationUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload_errors = services.replace_population_points(
                actor=as_user(request.user), territory=territory, csv_text=form.cleaned_data["text"]
            )
            if not upload_errors:
                messages.success(request, _("The population points are saved."))
                return redirect("directory:reach", slug=territory.slug)
        else:
            upload_errors = [services.RowError(0, "file", str(e)) for e in form.errors.get("file", [])]
    wanted = [n for n in request.GET.getlist("need") if n in vocabularies.NEEDS.codes] or [
        "information",
        "language",
        "health",
        "legal_aid",
        "housing",
        "employment",
    ]
    rows = selectors.reach(territory, needs=wanted)
    return render(
        request,
        "directory/staff/reach.html",
        {
            "territory": territory,
            "rows": rows,
            "needs": [(code, vocabularies.NEEDS.label(code)) for code in wanted],
            "all_needs": vocabularies.NEEDS.values,
            "upload_form": PopulationUploadForm(),
            "upload_errors": upload_errors,
        },
    )


@territory_permission("directory.view_gaps")
def unmet(request: HttpRequest, territory: Territory) -> HttpResponse:
    return render(
        request,
        "directory/staff/unmet.html",
        {"territory": territory, "rows": selectors.unmet_searches(territory)},
    )


@territory_permission("directory.exchange")
def exchange(request: HttpRequest, territory: Territory) -> HttpResponse:
    from ..importer import import_hsds

    form = ExchangeUploadForm(request.POST or None, request.FILES or None)
    report: Any = None
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_hsds(
            actor=as_user(request.user),
            territory=territory,
            source=upload,
            dry_run=form.cleaned_data["dry_run"],
        )
        report, errors = result, list(getattr(result, "errors", []))
        if not errors and not form.cleaned_data["dry_run"]:
            messages.success(request, _("The file is imported."))
    return render(
        request,
        "directory/staff/exchange.html",
        {"territory": territory, "form": form, "report": report, "errors": errors},
    )


@territory_permission("directory.exchange")
def export_json(request: HttpRequest, territory: Territory) -> HttpResponse:
    from ..hsds import export_set

    data = export_set(territory=territory)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="pontes-hsds-{territory.slug}.json"'
    return response


@territory_permission("directory.exchange")
def export_datapackage(request: HttpRequest, territory: Territory) -> HttpResponse:
    from ..tabular import export_datapackage as build

    response = HttpResponse(build(territory=territory), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="pontes-hsds-{territory.slug}.zip"'
    return response
