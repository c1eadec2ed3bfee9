"""Staff pages (calls, review, award, reports) and the pages of organisations that apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pontes.core.forms import add_errors, translation_languages
from pontes.core.models import Organisation, Territory
from pontes.core.permissions import as_user, has_perm, organisation_permission, territory_permission

from .. import selectors, services
from ..forms import (
    ApplicationForm,
    CallForm,
    CallTextsTranslationForm,
    ConflictForm,
    EligibilityForm,
    ReportForm,
    ReportReviewForm,
    ReviewForm,
)
from ..models import Application, Call, ConflictDeclaration, MilestoneReport


def _call_in(territory: Territory, pk: int) -> Call:
    return get_object_or_404(Call, pk=pk, territory__path__startswith=territory.path)


def _hidden_last(
    rows: list[dict[str, Any]], application_of: Callable[[dict[str, Any]], Application]
) -> list[dict[str, Any]]:
    """Rows whose score is hidden go last in the order they came in: their place in the ranking
    would tell their score."""
    shown = [row for row in rows if not row["hidden"]]
    hidden = [row for row in rows if row["hidden"]]
    hidden.sort(key=lambda row: (application_of(row).submitted_at, application_of(row).pk))
    return shown + hidden


@territory_permission("calls.review_applications")
def home(request: HttpRequest, territory: Territory) -> HttpResponse:
    return render(
        request,
        "calls/staff/home.html",
        {
            "territory": territory,
            "items": selectors.territory_calls(territory),
            "may_manage": has_perm(request.user, "calls.manage_calls", territory),
        },
    )


@territory_permission("calls.manage_calls")
def call_edit(request: HttpRequest, territory: Territory, pk: int | None = None) -> HttpResponse:
    instance = _call_in(territory, pk) if pk else Call(territory=territory)
    form = CallForm(request.POST or None, instance=instance, languages=translation_languages(territory))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_call(
                actor=as_user(request.user),
                territory=instance.territory,
                call=form.save(commit=False),
                questions=form.cleaned_data["questions"],
                criteria=form.cleaned_data["criteria"],
                translations=form.translation_data(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("calls:staff_call", slug=territory.slug, pk=saved.pk)
    return render(
        request, "calls/staff/call_form.html", {"territory": territory, "form": form, "item": instance}
    )


@territory_permission("calls.manage_calls")
@require_POST
def call_status(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _call_in(territory, pk)
    try:
        services.set_call_status(
            actor=as_user(request.user), call=item, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The status of the call is changed."))
    return redirect("calls:staff_call", slug=territory.slug, pk=item.pk)


@territory_permission("calls.review_applications")
def staff_call(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _call_in(territory, pk)
    user = as_user(request.user)
    reviewed = selectors.reviewed_ids(user, item)
    hidden = selectors.hidden_reviews(user, item)
    rows = [
        {
            "row": row,
            "recused": services.recusal_reason(user, row.application) is not None,
            "reviewed": row.application.pk in reviewed,
            # Nothing made of the others' reviews shows before one's own review is in.
            "hidden": hidden.get(row.application.pk),
        }
        for row in selectors.ranking(item)
    ]
    rows = _hidden_last(rows, lambda entry: entry["row"].application)
    return render(
        request,
        "calls/staff/call.html",
        {
            "territory": territory,
            "item": item,
            "rows": rows,
            "conflict_form": ConflictForm(call=item),
            "conflicts": ConflictDeclaration.objects.filter(call=item, reviewer=user).select_related(
                "organisation"
            ),
            "may_manage": has_perm(user, "calls.manage_calls", territory),
            "reports": MilestoneReport.objects.filter(application__call=item).select_related(
                "application__organisation"
            ),
        },
    )


@territory_permission("calls.review_applications")
@require_POST
def conflicts(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _call_in(territory, pk)
    form = ConflictForm(request.POST, call=item)
    if form.is_valid():
        services.declare_conflict(
            actor=as_user(request.user),
            call=item,
            organisation=form.cleaned_data["organisation"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request, _("Your conflict of interest is recorded: you are recused from that application.")
        )
    else:
        messages.error(request, _("Choose the organisation you have a conflict of interest with."))
    return redirect("calls:staff_call", slug=territory.slug, pk=item.pk)


@territory_permission("calls.review_applications")
def review(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("call__territory", "organisation"),
        pk=pk,
        call__territory__path__startswith=territory.path,
    )
    user = as_user(request.user)
    try:
        services.check_may_review(actor=user, application=application)
    except PermissionDenied as refusal:
        return render(
            request,
            "calls/staff/recused.html",
            {"territory": territory, "application": application, "message": str(refusal)},
            status=403,
        )
    criteria = list(application.call.criteria.all())
    done = selectors.has_reviewed(user, application)
    form = None if done else ReviewForm(request.POST or None, criteria=criteria)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.submit_review(
                actor=user,
                application=application,
                scores=form.scores(),
                gender_analysis=form.cleaned_data["gender_analysis"],
                gender_resources=form.cleaned_data["gender_resources"],
                gender_monitoring=form.cleaned_data["gender_monitoring"],
                gender_effect=form.cleaned_data["gender_effect"],
                gender_comment=form.cleaned_data["gender_comment"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("calls:review", slug=territory.slug, pk=application.pk)
    return render(
        request,
        "calls/staff/review.html",
        {
            "territory": territory,
            "application": application,
            "item": application.call,
            "form": form,
            "open_for_review": application.call.status == Call.Status.CLOSED,
            "reviews": selectors.visible_reviews(user, application),
            "hidden": selectors.hidden_reason(user, application),
        },
    )


@territory_permission("calls.manage_calls")
def award(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _call_in(territory, pk)
    if request.method == "POST":
        try:
            services.award_call(actor=as_user(request.user), call=item)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The call is decided; the decision letters are ready."))
            return redirect("calls:staff_call", slug=territory.slug, pk=item.pk)
    plan = services.award_plan(item) if item.status == Call.Status.CLOSED else []
    hidden = selectors.hidden_reviews(as_user(request.user), item)
    return render(
        request,
        "calls/staff/award.html",
        {
            "territory": territory,
            "item": item,
            "rows": _hidden_last(
                [{"plan": p, "hidden": hidden.get(p.application.pk)} for p in plan],
                lambda entry: entry["plan"].application,
            ),
            "any_hidden": bool(hidden),
            "total": sum((p.amount for p in plan), 0),
            "short": selectors.missing_reviews(item) if plan else [],
        },
    )


@territory_permission("calls.manage_calls")
def texts_translation(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    """Translations of the eligibility questions and criteria, also once the call is open."""
    item = _call_in(territory, pk)
    form = CallTextsTranslationForm(
        request.POST or None, call=item, languages=translation_languages(territory)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.translate_call_texts(
                actor=as_user(request.user),
                call=item,
                questions=form.question_translations(),
                criteria=form.criterion_translations(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The translations are saved."))
            return redirect("calls:staff_call", slug=territory.slug, pk=item.pk)
    return render(
        request, "calls/staff/texts_translation.html", {"territory": territory, "item": item, "form": form}
    )


@territory_permission("calls.manage_calls")
def report_review(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    report = get_object_or_404(
        MilestoneReport.objects.select_related("application__call", "application__organisation"),
        pk=pk,
        application__call__territory__path__startswith=territory.path,
    )
    form = ReportReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_report(
                actor=as_user(request.user),
                report=report,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["staff_note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The report is reviewed."))
            return redirect("calls:staff_call", slug=territory.slug, pk=report.application.call_id)
    return render(
        request, "calls/staff/report_review.html", {"territory": territory, "report": report, "form": form}
    )


# --- Organisations ------------------------------------------------------------------------------


@organisation_permission("calls.apply")
def organisation_home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "calls/organisation/home.html",
        {
            "organisation": organisation,
            "open_calls": selectors.open_calls_for(organisation),
            "applications": selectors.applications_of(organisation),
        },
    )


@organisation_permission("calls.apply")
def apply(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = get_object_or_404(Call.objects.select_related("territory"), pk=pk, status=Call.Status.OPEN)
    context: dict[str, object] = {"organisation": organisation, "item": item}
    if timezone.localdate() < item.opens_on:
        context["closed_message"] = _("This call is not open for applications.")
        return render(request, "calls/organisation/apply.html", context)
    if services.is_late(item):
        context["closed_message"] = _("The deadline has passed: late applications are not accepted.")
        return render(request, "calls/organisation/apply.html", context)
    if item.applications.filter(organisation=organisation).exists():
        context["closed_message"] = _("%(name)s has applied to this call already.") % {
            "name": organisation.name
        }
        return render(request, "calls/organisation/apply.html", context)
    step = request.POST.get("step") if request.method == "POST" else None
    eligibility = EligibilityForm(request.POST if step else None, call=item)
    context["eligibility"] = eligibility
    if step is None:
        return render(request, "calls/organisation/apply.html", context)
    if not eligibility.is_valid():
        return render(request, "calls/organisation/apply.html", context)
    answers = eligibility.answers()
    problems = services.eligibility_errors(item, answers)
    if problems:
        context["problems"] = problems
        return render(request, "calls/organisation/apply.html", context)
    context["answers"] = [(f"q{key}", "yes" if value else "no") for key, value in answers.items()]
    form = ApplicationForm(request.POST if step == "application" else None)
    context["form"] = form
    if step == "application" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_application(
                actor=as_user(request.user),
                call=item,
                organisation=organisation,
                eligibility_answers=answers,
                title=data["title"],
                plan=data["plan"],
                budget_lines=data["budget"],
                amount_requested=data["amount_requested"],
                partners=data["partners"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                gender_impact_analysed=data["gender_impact_analysed"],
                gender_analysis=data["gender_analysis"],
                gender_resources=data["gender_resources"],
                gender_monitoring=data["gender_monitoring"],
                gender_effect=data["gender_effect"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The application is submitted."))
            return redirect("calls:organisation_home", org=organisation.slug)
    return render(request, "calls/organisation/apply.html", context)


@organisation_permission("calls.apply")
def report(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("call"), pk=pk, organisation=organisation
    )
    form = ReportForm(request.POST or None) if application.status == Application.Status.AWARDED else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.submit_report(
                actor=as_user(request.user),
                application=application,
                milestone=form.cleaned_data["milestone"],
                progress=form.cleaned_data["progress"],
                spent=form.cleaned_data["spent"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The report is sent."))
            return redirect("calls:report", org=organisation.slug, pk=application.pk)
    return render(
        request,
        "calls/organisation/report.html",
        {
            "organisation": organisation,
            "application": application,
            "form": form,
            "reports": application.reports.all(),
        },
    )
