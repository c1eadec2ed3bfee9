"""Staff pages: bodies with their seat groups and members, meetings (attendance, documents, minutes),
recommendations (recording, sending, changing with a reason) and the authority's answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pontes.core import audit
from pontes.core.forms import add_errors, translation_languages
from pontes.core.models import Territory
from pontes.core.permissions import as_user, has_perm, territory_permission

from .. import services
from ..forms import (
    AddendumForm,
    AnswerForm,
    AttendanceForm,
    BodyForm,
    ChangeTextForm,
    DocumentForm,
    MeetingForm,
    MemberForm,
    ProgressForm,
    RecommendationForm,
    SeatGroupForm,
    TransmitForm,
)
from ..models import ConsultativeBody, Meeting, Member, Recommendation, SeatGroup

MANAGE = "participation.manage_bodies"
ANSWER = "participation.answer_recommendations"


def _body(territory: Territory, pk: int) -> ConsultativeBody:
    return get_object_or_404(
        ConsultativeBody.objects.select_related("territory"),
        pk=pk,
        territory__path__startswith=territory.path,
    )


def _render(request: HttpRequest, template: str, territory: Territory, **context: Any) -> HttpResponse:
    return render(request, f"participation/staff/{template}", {"territory": territory, **context})


@territory_permission(MANAGE)
def home(request: HttpRequest, territory: Territory) -> HttpResponse:
    items = ConsultativeBody.objects.filter(territory__path__startswith=territory.path).order_by("name")
    return _render(request, "home.html", territory, bodies=items)


@territory_permission(MANAGE)
def body_edit(request: HttpRequest, territory: Territory, pk: int | None = None) -> HttpResponse:
    instance = _body(territory, pk) if pk else ConsultativeBody(territory=territory)
    form = BodyForm(request.POST or None, instance=instance, languages=translation_languages(territory))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_body(
                actor=as_user(request.user),
                territory=instance.territory,
                body=form.save(commit=False),
                translations=form.translation_data(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The body is saved."))
            return redirect("participation:body_staff", slug=territory.slug, pk=saved.pk)
    return _render(request, "body_form.html", territory, form=form, item=instance)


@territory_permission(MANAGE)
def body_staff(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _body(territory, pk)
    group_form = SeatGroupForm(request.POST if "add_group" in request.POST else None, prefix="group")
    member_form = MemberForm(
        request.POST if "add_member" in request.POST else None, body=item, prefix="member"
    )
    if request.method == "POST":
        try:
            if "add_group" in request.POST and group_form.is_valid():
                services.save_seat_group(
                    actor=as_user(request.user), body=item, group=group_form.save(commit=False)
                )
                messages.success(request, _("The seat group is added."))
                return redirect("participation:body_staff", slug=territory.slug, pk=item.pk)
            if "add_member" in request.POST and member_form.is_valid():
                services.save_member(
                    actor=as_user(request.user), body=item, member=member_form.save(commit=False)
                )
                messages.success(request, _("The member is added."))
                return redirect("participation:body_staff", slug=territory.slug, pk=item.pk)
        except ValidationError as error:
            add_errors(group_form if "add_group" in request.POST else member_form, error)
    return _render(
        request,
        "body.html",
        territory,
        body=item,
        group_form=group_form,
        member_form=member_form,
        members=item.members.select_related("seat_group"),
        meetings=item.meetings.all(),
        recommendations=item.recommendations.select_related("meeting"),
    )


@territory_permission(MANAGE)
def seat_group_edit(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    group = get_object_or_404(SeatGroup, pk=pk, body__territory__path__startswith=territory.path)
    form = SeatGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_seat_group(
                actor=as_user(request.user), body=group.body, group=form.save(commit=False)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The seat group is saved."))
            return redirect("participation:body_staff", slug=territory.slug, pk=group.body_id)
    return _render(request, "simple_form.html", territory, form=form, heading=_("Change the seat group"))


@territory_permission(MANAGE)
def member_edit(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Member.objects.select_related("body"), pk=pk, body__territory__path__startswith=territory.path
    )
    form = MemberForm(request.POST or None, instance=member, body=member.body)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_member(
                actor=as_user(request.user), body=member.body, member=form.save(commit=False)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The member is saved."))
            return redirect("participation:body_staff", slug=territory.slug, pk=member.body_id)
    return _render(request, "simple_form.html", territory, form=form, heading=_("Change the member"))


@territory_permission(MANAGE)
def meeting_edit(
    request: HttpRequest, territory: Territory, pk: int | None = None, body: int | None = None
) -> HttpResponse:
    if pk:
        instance = get_object_or_404(
            Meeting.objects.select_related("body__territory"),
            pk=pk,
            body__territory__path__startswith=territory.path,
        )
    else:
        instance = Meeting(body=_body(territory, body or 0))
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    form = MeetingForm(
        request.POST if action == "save" else None,
        instance=instance,
        languages=translation_languages(territory),
    )
    document_form = DocumentForm(
        request.POST if action == "document" else None, request.FILES if action == "document" else None
    )
    addendum_form = AddendumForm(request.POST if action == "addendum" else None)
    members = list(instance.body.members.all()) if instance.pk else []
    attendance_form = AttendanceForm(
        request.POST if action == "attendance" else None, meeting=instance, members=members
    )
    actor = as_user(request.user)
    try:
        if action == "save" and form.is_valid():
            saved = services.save_meeting(
                actor=actor,
                body=instance.body,
                meeting=form.save(commit=False),
                translations=form.translation_data(),
            )
            messages.success(request, _("The meeting is saved."))
            return redirect("participation:meeting_edit", slug=territory.slug, pk=saved.pk)
        if action == "approve":
            services.approve_minutes(actor=actor, meeting=instance)
            messages.success(request, _("The minutes are approved."))
            return redirect("participation:meeting_edit", slug=territory.slug, pk=instance.pk)
        if action == "addendum" and addendum_form.is_valid():
            services.add_addendum(actor=actor, meeting=instance, text=addendum_form.cleaned_data["text"])
            messages.success(request, _("The correction is added."))
            return redirect("participation:meeting_edit", slug=territory.slug, pk=instance.pk)
        if action == "attendance" and attendance_form.is_valid():
            services.record_attendance(actor=actor, meeting=instance, statuses=attendance_form.statuses())
            messages.success(request, _("Attendance is saved."))
            return redirect("participation:meeting_edit", slug=territory.slug, pk=instance.pk)
        if action == "document" and document_form.is_valid():
            services.add_document(
                actor=actor,
                meeting=instance,
                title=document_form.cleaned_data["title"],
                url=document_form.cleaned_data["url"],
                upload=document_form.cleaned_data["upload"],
            )
            messages.success(request, _("The document is added."))
            return redirect("participation:meeting_edit", slug=territory.slug, pk=instance.pk)
    except ValidationError as error:
        target = {"document": document_form, "addendum": addendum_form, "attendance": attendance_form}.get(
            action, form
        )
        add_errors(target, error)
        if instance.pk and instance.minutes_status == Meeting.MinutesStatus.APPROVED:
            # Approved minutes are frozen: a refused change to them is kept in the audit trail.
            _log_refusal(actor, f"meeting: {action}", instance, territory, target)
        if action == "approve" or (action == "addendum" and instance.minutes_status != "approved"):
            # Their forms are not on the page in that state: say it above the page instead.
            messages.error(request, " ".join(error.messages))
    return _render(
        request,
        "meeting_form.html",
        territory,
        form=form,
        item=instance,
        document_form=document_form,
        addendum_form=addendum_form,
        attendance_form=attendance_form,
    )


@territory_permission(MANAGE)
def recommendation_new(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _body(territory, pk)
    instance = Recommendation(body=item, original_language=item.original_language)
    form = RecommendationForm(
        request.POST or None, instance=instance, body=item, languages=translation_languages(territory)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.record_recommendation(
                actor=as_user(request.user),
                body=item,
                recommendation=form.save(commit=False),
                translations=form.translation_data(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The text is recorded."))
            return redirect("participation:recommendation_staff", slug=territory.slug, pk=saved.pk)
    return _render(request, "recommendation_form.html", territory, form=form, body=item)


def _recommendation(territory: Territory, pk: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.select_related("body__territory", "meeting"),
        pk=pk,
        body__territory__path__startswith=territory.path,
    )


def _recommendation_page(
    request: HttpRequest, territory: Territory, rec: Recommendation, **forms: Any
) -> HttpResponse:
    user = as_user(request.user)
    can_manage = has_perm(user, MANAGE, territory)
    can_answer = has_perm(user, ANSWER, territory)
    context: dict[str, Any] = {
        "rec": rec,
        "can_manage": can_manage,
        "can_answer": can_answer,
        "transmit_form": TransmitForm(),
        "change_form": ChangeTextForm(initial={"title": rec.title, "text": rec.text}),
        "answer_form": AnswerForm(),
        "progress_form": ProgressForm(),
        "versions": rec.versions.all(),
        "progress": rec.progress.all(),
    }
    context.update(forms)
    return _render(request, "recommendation.html", territory, **context)


@territory_permission(MANAGE)
def recommendation_staff(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    rec = _recommendation(territory, pk)
    if request.method != "POST":
        return _recommendation_page(request, territory, rec)
    action = request.POST.get("action", "")
    actor = as_user(request.user)
    if action == "transmit":
        transmit_form = TransmitForm(request.POST)
        if transmit_form.is_valid():
            try:
                services.transmit(actor=actor, recommendation=rec, on=transmit_form.cleaned_data["on"])
            except ValidationError as error:
                add_errors(transmit_form, error)
            else:
                messages.success(request, _("The text is marked as sent to the authority."))
                return redirect("participation:recommendation_staff", slug=territory.slug, pk=rec.pk)
        return _recommendation_page(request, territory, rec, transmit_form=transmit_form)
    change_form = ChangeTextForm(request.POST)
    if change_form.is_valid():
        try:
            services.change_text(actor=actor, recommendation=rec, **change_form.cleaned_data)
        except ValidationError as error:
            add_errors(change_form, error)
        else:
            messages.success(request, _("The text is changed; the earlier wording is kept."))
            return redirect("participation:recommendation_staff", slug=territory.slug, pk=rec.pk)
    # An adopted text changes only with a reason: every refused attempt is kept in the audit trail.
    _log_refusal(actor, "change the adopted text", rec, territory, change_form)
    rec.refresh_from_db()
    return _recommendation_page(request, territory, rec, change_form=change_form)


@territory_permission(ANSWER)
@require_POST
def recommendation_answer(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    rec = _recommendation(territory, pk)
    actor = as_user(request.user)
    if request.POST.get("action") == "progress":
        progress_form = ProgressForm(request.POST)
        if progress_form.is_valid():
            try:
                services.add_progress(actor=actor, recommendation=rec, **progress_form.cleaned_data)
            except ValidationError as error:
                add_errors(progress_form, error)
            else:
                messages.success(request, _("The progress is recorded."))
                return redirect("participation:recommendation_staff", slug=territory.slug, pk=rec.pk)
        return _recommendation_page(request, territory, rec, progress_form=progress_form)
    answer_form = AnswerForm(request.POST)
    if answer_form.is_valid():
        try:
            services.answer(
                actor=actor,
                recommendation=rec,
                answer=answer_form.cleaned_data["answer"],
                reasons=answer_form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            add_errors(answer_form, error)
        else:
            messages.success(request, _("The answer is recorded."))
            return redirect("participation:recommendation_staff", slug=territory.slug, pk=rec.pk)
    _log_refusal(actor, "answer", rec, territory, answer_form)
    return _recommendation_page(request, territory, rec, answer_form=answer_form)


def _log_refusal(actor: Any, attempt: str, target: Any, territory: Territory, form: Any) -> None:
    reasons = [str(message) for errors in form.errors.values() for message in errors]
    if reasons:
        audit.record_refusal(
            actor=actor, attempt=attempt, target=target, territory=territory, reasons=reasons
        )
