"""Staff pages: verification queue and capacity needs, opportunities and their matches, proposals,
the people of the skills inventory (each read logged), and the territory's diaspora in figures."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pontes.core.forms import add_errors, translation_languages
from pontes.core.models import Organisation, Territory
from pontes.core.permissions import as_user, has_perm, organisation_permission, territory_permission

from .. import selectors, services, vocabularies
from ..forms import OpportunityForm, OrganisationEditForm, ReviewForm
from ..models import Opportunity, OrganisationProfile, Proposal, ProposalEvent


@territory_permission("diaspora.view_statistics")
def home(request: HttpRequest, territory: Territory) -> HttpResponse:
    pending = OrganisationProfile.objects.filter(
        status=OrganisationProfile.Status.PENDING, organisation__territory__path__startswith=territory.path
    ).select_related("organisation__territory")
    needs = selectors.capacity_needs_totals(territory)
    kinds = sorted({kind for counts in needs.values() for kind in counts})
    rows = [
        (vocabularies.CapacityNeed(code).label, [counts.get(kind, 0) for kind in kinds], sum(counts.values()))
        for code, counts in sorted(needs.items(), key=lambda item: -sum(item[1].values()))
    ]
    from pontes.core.models import Organisation

    return render(
        request,
        "diaspora/staff/home.html",
        {
            "territory": territory,
            "pending": pending,
            "may_verify": has_perm(request.user, "diaspora.verify_organisation", territory),
            "review_form": ReviewForm(),
            "kinds": [Organisation.Kind(kind).label for kind in kinds],
            "need_rows": rows,
            "wants_help": OrganisationProfile.objects.filter(
                wants_registration_help=True, organisation__territory__path__startswith=territory.path
            ).select_related("organisation"),
            "opportunities": Opportunity.objects.filter(territory__path__startswith=territory.path).order_by(
                "-created_at"
            )[:20],
            "proposals": Proposal.objects.filter(territory__path__startswith=territory.path).order_by(
                "-updated_at"
            )[:20],
        },
    )


@territory_permission("diaspora.verify_organisation")
@require_POST
def review(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    profile = get_object_or_404(
        OrganisationProfile, pk=pk, organisation__territory__path__startswith=territory.path
    )
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_organisation(
                actor=as_user(request.user),
                profile=profile,
                verified=form.cleaned_data["verified"],
                note=form.cleaned_data["review_note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is reviewed.") % {"name": profile.organisation.name})
    return redirect("diaspora:staff_home", slug=territory.slug)


# --- Opportunities ---------------------------------------------------------------------------------


@territory_permission("diaspora.manage_opportunities")
def opportunity_edit(request: HttpRequest, territory: Territory, pk: int | None = None) -> HttpResponse:
    instance = (
        get_object_or_404(Opportunity, pk=pk, territory=territory) if pk else Opportunity(territory=territory)
    )
    form = OpportunityForm(
        request.POST or None, instance=instance, languages=translation_languages(territory)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_opportunity(
                actor=as_user(request.user),
                territory=territory,
                opportunity=form.save(commit=False),
                translations=form.translation_data(),
            )
            if "publish" in request.POST:
                services.set_opportunity_status(
                    actor=as_user(request.user), opportunity=saved, status=Opportunity.Status.PUBLISHED
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The opportunity is saved."))
            return redirect("diaspora:matches", slug=territory.slug, pk=saved.pk)
    return render(
        request,
        "diaspora/staff/opportunity_form.html",
        {"territory": territory, "form": form, "item": instance},
    )


@territory_permission("diaspora.manage_opportunities")
@require_POST
def opportunity_status(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = get_object_or_404(Opportunity, pk=pk, territory=territory)
    try:
        services.set_opportunity_status(
            actor=as_user(request.user), opportunity=item, status=request.POST["status"]
        )
    except (ValidationError, KeyError):
        messages.error(request, _("Choose a status."))
    return redirect("diaspora:matches", slug=territory.slug, pk=item.pk)


@territory_permission("diaspora.view_people")
def matches(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    """People and organisations ranked for an opportunity, each with the reasons. Every person
    shown counts as a read of their record."""
    from .. import matching

    item = get_object_or_404(
        Opportunity.objects.select_related("territory"), pk=pk, territory__path__startswith=territory.path
    )
    # Only people tied to places this account works for: the viewer narrows the candidates.
    people = matching.rank_people(item, limit=50, viewer=as_user(request.user))
    services.record_reads(
        reader=as_user(request.user),
        people=[match.candidate for match in people],
        territory=territory,
        purpose=_("Matches for opportunity %(id)s") % {"id": item.pk},
    )
    return render(
        request,
        "diaspora/staff/matches.html",
        {
            "territory": territory,
            "item": item,
            "people": people,
            "organisations": matching.rank_organisations(item, limit=20),
            "may_manage": has_perm(request.user, "diaspora.manage_opportunities", item.territory),
            "statuses": Opportunity.Status.choices,
        },
    )


# --- Proposals -------------------------------------------------------------------------------------


@territory_permission("diaspora.review_proposals")
@require_POST
def proposal_action(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = get_object_or_404(Proposal, pk=pk, territory__path__startswith=territory.path)
    try:
        if "status" in request.POST:
            services.move_proposal(
                actor=as_user(request.user),
                proposal=item,
                status=request.POST["status"],
                reason=request.POST.get("text", ""),
            )
        else:
            kind = request.POST.get("kind", ProposalEvent.Kind.COMMENT)
            services.add_proposal_event(
                actor=as_user(request.user),
                proposal=item,
                kind=kind,
                text=request.POST.get("text", ""),
                public=request.POST.get("public") == "on",
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is updated."))
    return redirect("diaspora:proposal", pk=item.pk)


# --- People ----------------------------------------------------------------------------------------


@territory_permission("diaspora.view_people")
def person(request: HttpRequest, territory: Territory, uuid: str) -> HttpResponse:
    """A person's record as staff may see it. What matching needs (skills, languages, places,
    availability) is shown to staff of the places the person named; contact details only for an
    opportunity of a kind the person agreed to be contacted about (`?opportunity=`)."""
    record = selectors.people_for_staff(request.user).filter(uuid=uuid).first()
    if record is None:
        raise Http404
    uses = selectors.consented_uses(record)
    opportunity = None
    raw = request.GET.get("opportunity", "")
    if raw.isdigit():
        opportunity = Opportunity.objects.filter(
            pk=int(raw), territory__path__startswith=territory.path
        ).first()
    contact = opportunity is not None and vocabularies.CONSENT_FOR_KIND[opportunity.kind] in uses
    purpose = (
        _("Contact for opportunity %(id)s") % {"id": opportunity.pk}
        if contact and opportunity is not None
        else _("Record opened")
    )
    services.record_reads(reader=as_user(request.user), people=[record], territory=territory, purpose=purpose)
    return render(
        request,
        "diaspora/staff/person.html",
        {
            "territory": territory,
            "person": record,
            "uses": [vocabularies.ConsentUse(u).label for u in sorted(uses)],
            "skills": record.skills.all(),
            "places": record.territories.all(),
            "contact": contact,
            "opportunity": opportunity,
        },
    )


@territory_permission("diaspora.view_statistics")
def figures(request: HttpRequest, territory: Territory) -> HttpResponse:
    """Know your diaspora: where the people tied to the territory live, what they do, how many
    organisations; small counts hidden so that nobody can be singled out."""
    return render(
        request,
        "diaspora/staff/figures.html",
        {
            "territory": territory,
            "figures": selectors.diaspora_figures(
                territory, threshold=settings.PONTES_DIASPORA_DISCLOSURE_THRESHOLD
            ),
        },
    )


@organisation_permission("diaspora.edit_organisation")
def organisation_edit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """An organisation's editors keep its profile, umbrellas and needs up to date, and see the
    opportunities that match it."""
    from .. import matching

    profile = get_object_or_404(OrganisationProfile, organisation=organisation)
    needs = {n.need: n.details for n in organisation.capacity_needs.all()}
    initial = {
        "description": organisation.description,
        "origins": list(profile.origins.all()),
        "focus_areas": profile.focus_areas,
        "languages": profile.languages,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "legally_registered": profile.legally_registered,
        "wants_registration_help": profile.wants_registration_help,
        "contact_name": profile.contact_name or "",
        "contact_email": profile.contact_email or "",
        "contact_phone": profile.contact_phone or "",
        "public_fields": profile.public_fields,
        "umbrellas": [m.umbrella for m in organisation.memberships.select_related("umbrella")],
        "needs": list(needs),
        "needs_details": next((d for d in needs.values() if d), ""),
    }
    form = OrganisationEditForm(
        request.POST or None,
        initial=initial,
        organisation=organisation,
        languages=translation_languages(organisation.territory),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = as_user(request.user)
        try:
            with transaction.atomic():
                services.update_organisation_profile(
                    actor=user,
                    profile=profile,
                    translations=form.translation_data(),
                    **{
                        k: data[k]
                        for k in data
                        if k not in ("umbrellas", "needs", "needs_details") and "__" not in k
                    },
                )
                services.set_umbrellas(actor=user, organisation=organisation, umbrellas=data["umbrellas"])
                services.set_capacity_needs(
                    actor=user,
                    organisation=organisation,
                    needs={code: data["needs_details"] for code in data["needs"]},
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The organisation's profile is saved."))
            return redirect("diaspora:organisation_edit", org=organisation.slug)
    return render(
        request,
        "diaspora/staff/organisation_form.html",
        {
            "organisation": organisation,
            "profile": profile,
            "form": form,
            "matches": matching.rank_opportunities(profile, limit=10) if profile.is_verified else [],
        },
    )
