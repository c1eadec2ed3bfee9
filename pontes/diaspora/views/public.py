"""Public pages: organisations, opportunities (with feeds), proposals; and people's own record."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pontes.core.forms import add_errors, translation_languages
from pontes.core.languages import language_name
from pontes.core.models import Territory
from pontes.core.permissions import as_user, login_only, owner_only, public

from .. import selectors, services, vocabularies
from ..forms import ConsentForm, OrganisationForm, PersonForm, ProposalForm, ProposalTranslationForm
from ..models import Opportunity, OrganisationProfile, Person, Proposal

# --- Organisations --------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> dict[str, Any]:
    def place(name: str) -> Territory | None:
        slug = request.GET.get(name, "")
        return Territory.objects.filter(slug=slug).first() if slug else None

    return {
        "query": request.GET.get("q", "").strip()[:100],
        "origin": place("origin"),
        "base": place("base"),
        "focus": request.GET.get("focus", "")
        if request.GET.get("focus") in vocabularies.FocusArea.values
        else "",
        "language": request.GET.get("language", "").strip()[:8],
    }


@public
def organisations(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(selectors.search_organisations(**filters), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "diaspora/organisations.html",
        {
            "page": page,
            "filters": filters,
            "places": Territory.objects.order_by("path"),
            "focus_areas": vocabularies.FocusArea.choices,
        },
    )


def _organisation_item(profile: OrganisationProfile) -> dict[str, Any]:
    organisation = profile.organisation
    shown = selectors.public_fields(profile)
    item: dict[str, Any] = {
        "id": str(organisation.uuid),
        "name": organisation.name,
        "kind": organisation.kind,
        "based_in": organisation.territory.slug,
        "verified": profile.is_verified,
        "focus_areas": profile.focus_areas,
        "languages": profile.languages,
        "legally_registered": profile.legally_registered,
        # Membership links between organisations are public, both ways.
        "umbrellas": [m.umbrella.name for m in organisation.memberships.all()],
        "members": [m.member.name for m in organisation.member_links.all()],
    }
    for field, value in shown.items():
        if field == "origins":
            item["origins"] = [t.slug for t in value]
        else:
            item[field] = value
    return item


@public
def organisations_api(request: HttpRequest) -> JsonResponse:
    """The public directory as JSON, with the same filters as the page."""
    filters = _filters(request)
    profiles = selectors.search_organisations(**filters).prefetch_related(
        "origins", "organisation__memberships__umbrella", "organisation__member_links__member"
    )
    page = Paginator(profiles, 100).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "items": [_organisation_item(p) for p in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@public
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(
        OrganisationProfile.objects.select_related("organisation__territory"), organisation__slug=slug
    )
    if not profile.is_verified and not request.user.has_perm(
        "diaspora.edit_organisation", profile.organisation
    ):
        raise Http404
    return render(
        request,
        "diaspora/organisation.html",
        {
            "profile": profile,
            "organisation": profile.organisation,
            "shown": selectors.public_fields(profile),
            "focus_areas": [
                vocabularies.FocusArea(code).label
                for code in profile.focus_areas
                if code in vocabularies.FocusArea.values
            ],
            "umbrellas": selectors.membership_tree(profile.organisation, upwards=True),
            "members": selectors.membership_tree(profile.organisation),
            "proposals": profile.organisation.proposals.order_by("-submitted_at")[:10],
        },
    )


@login_only
def register_organisation(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    duplicate = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = services.register_organisation(
                actor=as_user(request.user),
                name=data["name"],
                kind=data["kind"],
                base=data["base"],
                origins=data["origins"],
                focus_areas=data["focus_areas"],
                languages=data["languages"],
                description=data["description"],
                original_language=data["original_language"],
                website=data["website"],
                email=data["email"],
                phone=data["phone"],
                legally_registered=data["legally_registered"],
                wants_registration_help=data["wants_registration_help"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                public_fields=data["public_fields"],
                not_a_duplicate=data["not_a_duplicate"],
            )
        except ValidationError as error:
            duplicate = getattr(error, "error_dict", {}).get("name", [None])[0] is not None and any(
                e.code == "duplicate" for e in error.error_dict.get("name", [])
            )
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. %(name)s is registered; staff will verify it before it is shown to the public.")
                % {"name": profile.organisation.name},
            )
            return redirect("diaspora:organisation", slug=profile.organisation.slug)
    return render(request, "diaspora/organisation_form.html", {"form": form, "duplicate": duplicate})


# --- Opportunities ---------------------------------------------------------------------------------


def open_opportunities() -> Any:
    today = timezone.localdate()
    return (
        Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .select_related("territory")
        .order_by("deadline", "-published_at")
    )


@public
def opportunities(request: HttpRequest) -> HttpResponse:
    items = open_opportunities()
    kind = request.GET.get("kind", "")
    if kind in vocabularies.OpportunityKind.values:
        items = items.filter(kind=kind)
    place = Territory.objects.filter(slug=request.GET.get("place", "")).first()
    if place is not None:
        items = items.filter(territory__path__startswith=place.path)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "diaspora/opportunities.html",
        {
            "page": page,
            "kinds": vocabularies.OpportunityKind.choices,
            "kind": kind,
            "place": place,
            "places": Territory.objects.order_by("path"),
        },
    )


def _opportunity_item(item: Opportunity, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.tr("title").text,
        "description": item.tr("description").text,
        "language": item.tr("title").language,
        "territory": item.territory.slug,
        "sector": item.sector,
        "priority": item.priority,
        "skills": [{"isco": code, "label": vocabularies.isco_label(code)} for code in item.skills],
        "languages": item.languages,
        "remote_ok": item.remote_ok,
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "url": request.build_absolute_uri(reverse("diaspora:opportunity", kwargs={"pk": item.pk})),
    }


@public
def opportunities_api(request: HttpRequest) -> JsonResponse:
    """Open opportunities as JSON (`?kind=`, `?place=`, `?lang=` for the texts' language)."""
    from django.utils import translation

    items = open_opportunities()
    kind = request.GET.get("kind", "")
    if kind in vocabularies.OpportunityKind.values:
        items = items.filter(kind=kind)
    place = Territory.objects.filter(slug=request.GET.get("place", "")).first()
    if place is not None:
        items = items.filter(territory__path__startswith=place.path)
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    with translation.override(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        data = [_opportunity_item(item, request) for item in page.object_list]
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "items": data,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@public
def proposals_api(request: HttpRequest) -> JsonResponse:
    """Proposals and where each stands, as JSON: the pipeline is public."""
    items = (
        Proposal.objects.select_related("territory", "organisation")
        .prefetch_related("budget_lines", "events")
        .order_by("-updated_at")
    )
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        items = items.filter(status=status)
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "items": [
                {
                    "id": item.pk,
                    "title": item.tr("title").text,
                    "territory": item.territory.slug,
                    "organisation": item.organisation.name if item.organisation else None,
                    "status": item.status,
                    "decline_reason": item.decline_reason,
                    "budget": [
                        {"item": line.label, "amount": str(line.amount)} for line in item.budget_lines.all()
                    ],
                    "currency": item.currency,
                    "cofunding": str(item.cofunding) if item.cofunding is not None else None,
                    "updates": [
                        {"at": e.at.isoformat(), "kind": e.kind, "status": e.status, "text": e.text}
                        for e in item.events.all()
                        if e.public
                    ],
                }
                for item in page.object_list
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@public
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Opportunity.objects.select_related("territory"), pk=pk)
    if item.status == Opportunity.Status.DRAFT and not request.user.has_perm(
        "diaspora.manage_opportunities", item.territory
    ):
        raise Http404
    return render(
        request,
        "diaspora/opportunity.html",
        {"item": item, "skills": [(c, vocabularies.isco_label(c)) for c in item.skills]},
    )


class OpportunityFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Opportunities to take part in local development")

    def subtitle(self) -> str:
        return _("Jobs, investment, donations, volunteering, knowledge transfer and ambassador roles.")

    def link(self) -> str:
        return reverse("diaspora:opportunities")

    def items(self) -> Any:
        return open_opportunities()[:50]

    def item_title(self, item: Opportunity) -> str:
        return f"{item.tr('title').text} ({item.territory.name})"

    def item_description(self, item: Opportunity) -> str:
        return item.tr("description").text

    def item_link(self, item: Opportunity) -> str:
        return reverse("diaspora:opportunity", kwargs={"pk": item.pk})

    def item_pubdate(self, item: Opportunity) -> datetime.datetime | None:
        return item.published_at


_feed = OpportunityFeed()


@public
def opportunities_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request)


@public
def opportunities_calendar(request: HttpRequest) -> HttpResponse:
    """Deadlines of open opportunities as an iCalendar feed (all-day events)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.PONTES_SITE_NAME}//opportunities//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Opportunity deadlines"))
    host = request.get_host()
    for item in open_opportunities().filter(deadline__isnull=False):
        event = Event()
        event.add("uid", f"opportunity-{item.pk}@{host}")
        event.add("summary", _("Deadline: %(title)s") % {"title": item.tr("title").text})
        event.add("dtstart", item.deadline)
        assert item.deadline is not None
        event.add("dtend", item.deadline + datetime.timedelta(days=1))
        event.add("dtstamp", item.published_at or timezone.now())
        event.add("url", request.build_absolute_uri(reverse("diaspora:opportunity", kwargs={"pk": item.pk})))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="opportunities.ics"'
    return response


# --- Proposals -------------------------------------------------------------------------------------


@public
def proposals(request: HttpRequest) -> HttpResponse:
    items = Proposal.objects.select_related("territory", "organisation").order_by("-updated_at")
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        items = items.filter(status=status)
    counts = {s: 0 for s in Proposal.Status.values}
    for row in Proposal.objects.values_list("status", flat=True):
        counts[row] += 1
    return render(
        request,
        "diaspora/proposals.html",
        {
            "page": Paginator(items, 30).get_page(request.GET.get("page")),
            "status": status,
            "stages": [(s, label, counts[s]) for s, label in Proposal.Status.choices],
        },
    )


@login_only
def propose(request: HttpRequest) -> HttpResponse:
    from pontes.core.models import Organisation, RoleAssignment

    user = as_user(request.user)
    mine = Organisation.objects.filter(
        pk__in=RoleAssignment.objects.filter(user=user, organisation__isnull=False).values("organisation")
    )
    form = ProposalForm(request.POST or None, organisations=mine)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.submit_proposal(
                actor=user,
                territory=data["territory"],
                organisation=data["organisation"],
                title=data["title"],
                problem=data["problem"],
                plan=data["plan"],
                budget=data["budget"],
                partners_sought=data["partners_sought"],
                cofunding=data["cofunding"],
                currency=data["currency"],
                original_language=data["original_language"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your proposal is submitted. You can follow it here."))
            return redirect("diaspora:proposal", pk=item.pk)
    return render(request, "diaspora/proposal_form.html", {"form": form})


@public
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Proposal.objects.select_related("territory", "organisation"), pk=pk)
    staff = selectors.may_review(request.user, item)
    events = item.events.select_related("author") if staff else item.events.filter(public=True)
    return render(
        request,
        "diaspora/proposal.html",
        {
            "item": item,
            "events": events,
            "lines": item.budget_lines.all(),
            "total": sum((line.amount for line in item.budget_lines.all()), 0),
            "staff": staff,
            "proposer": request.user.is_authenticated and item.submitted_by_id == request.user.pk,
            "stages": Proposal.Status.choices,
        },
    )


@owner_only
def proposal_translate(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer, or staff reviewing the proposal, translate its texts."""
    item = get_object_or_404(Proposal.objects.select_related("territory"), pk=pk)
    user = as_user(request.user)
    if item.submitted_by_id != user.pk and not selectors.may_review(user, item):
        raise PermissionDenied
    form = ProposalTranslationForm(
        request.POST or None, proposal=item, languages=translation_languages(item.territory)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.translate_proposal(actor=user, proposal=item, translations=form.translation_data())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The translations are saved."))
            return redirect("diaspora:proposal", pk=item.pk)
    return render(
        request,
        "diaspora/proposal_translate.html",
        {"form": form, "item": item, "original": language_name(item.original_language)},
    )


@login_only
@require_POST
def proposal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The people who proposed a project tell how it is going; everyone can follow."""
    item = get_object_or_404(Proposal, pk=pk)
    try:
        services.add_proposal_event(
            actor=as_user(request.user), proposal=item, kind="progress", text=request.POST.get("text", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("Only the people who proposed the project can tell how it is going."))
    else:
        messages.success(request, _("Your update is published."))
    return redirect("diaspora:proposal", pk=item.pk)


# --- A person's own record -------------------------------------------------------------------------


def _own(request: HttpRequest) -> Person | None:
    return Person.objects.filter(user=as_user(request.user)).first()


@login_only
def my_record(request: HttpRequest) -> HttpResponse:
    person = _own(request)
    initial: dict[str, Any] = {}
    if person is not None:
        initial = {
            "name": person.name,
            "attachment": person.attachment,
            "residence_country": person.residence_country,
            "residence_city": person.residence_city or "",
            "territories": list(person.territories.all()),
            # Codes the person gave go back in the codes field; words (even those ESCO coded) as words.
            "isco": ", ".join(s.isco for s in person.skills.all() if s.isco and not s.esco_uri),
            "skills_text": "\n".join(s.label for s in person.skills.all() if s.esco_uri or not s.isco),
            "languages": person.languages,
            "education_level": person.education_level,
            "availability": person.availability,
            "email": person.email or "",
            "phone": person.phone or "",
            "about": person.about or "",
            "consents": sorted(selectors.consented_uses(person)),
            "notify_matches": person.notify_matches,
        }
    form = PersonForm(request.POST or None, initial=initial)
    if person is not None:
        form.fields["consents"].disabled = True  # changed with their own form, one click each
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                person = services.register_person(
                    user=as_user(request.user),
                    territories=form.cleaned_data["territories"],
                    consents=form.cleaned_data["consents"],
                    skills=form.skills(),
                    **form.values(),
                )
                messages.success(request, _("You are in the skills inventory. Thank you."))
            else:
                services.update_person(
                    user=as_user(request.user),
                    person=person,
                    territories=form.cleaned_data["territories"],
                    skills=form.skills(),
                    **form.values(),
                )
                messages.success(request, _("Your record is saved."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("diaspora:my_record")
    consent_form = (
        ConsentForm(initial={"consents": sorted(selectors.consented_uses(person))})
        if person is not None
        else None
    )
    return render(
        request,
        "diaspora/my_record.html",
        {"form": form, "person": person, "consent_form": consent_form, "matches": _my_matches(person)},
    )


def _my_matches(person: Person | None) -> list[Any]:
    if person is None:
        return []
    from .. import matching

    return matching.rank_opportunities(person, limit=10)


@login_only
@require_POST
def my_consents(request: HttpRequest) -> HttpResponse:
    person = _own(request)
    if person is None:
        return redirect("diaspora:my_record")
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.set_consents(user=as_user(request.user), person=person, uses=form.cleaned_data["consents"])
        messages.success(request, _("Your choices are saved and apply at once."))
    return redirect("diaspora:my_record")


@login_only
def my_export(request: HttpRequest) -> HttpResponse:
    person = _own(request)
    if person is None:
        return redirect("diaspora:my_record")
    response = HttpResponse(
        json.dumps(selectors.export_person(person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-skills-record.json"'
    return response


@login_only
def my_delete(request: HttpRequest) -> HttpResponse:
    person = _own(request)
    if person is None:
        return redirect("diaspora:my_record")
    if request.method == "POST":
        services.delete_person(user=as_user(request.user), person=person)
        messages.success(request, _("Your record is deleted."))
        return redirect("diaspora:my_record")
    return render(request, "diaspora/my_delete.html", {"person": person})
