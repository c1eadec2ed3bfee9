"""Staff pages: elections of the territory's bodies, their candidates and register, each step of the
election, the printable code sheet, the polling-station entry, results after the close and the log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pontes.core.forms import add_errors, translation_languages
from pontes.core.models import Territory
from pontes.core.permissions import as_user, has_perm, territory_permission

from .. import selectors, services
from ..forms import (
    CandidateForm,
    ComplaintForm,
    DecisionForm,
    ElectionForm,
    ImportForm,
    RegisterEntryForm,
    StationVoteForm,
    TitleTranslationForm,
)
from ..models import Complaint, Election

S = Election.Status


def _election(territory: Territory, pk: int) -> Election:
    return get_object_or_404(
        Election.objects.select_related("body__territory"),
        pk=pk,
        body__territory__path__startswith=territory.path,
    )


def _back(territory: Territory, election: Election) -> HttpResponse:
    return redirect("elections:staff_election", slug=territory.slug, pk=election.pk)


@territory_permission("elections.manage_elections")
def home(request: HttpRequest, territory: Territory) -> HttpResponse:
    return render(
        request,
        "elections/staff/home.html",
        {"territory": territory, "elections": selectors.elections_in(territory)},
    )


@territory_permission("elections.manage_elections")
def election_new(request: HttpRequest, territory: Territory) -> HttpResponse:
    form = ElectionForm(request.POST or None, territory=territory, languages=translation_languages(territory))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_election(
                actor=as_user(request.user), translations=form.translation_data(), **form.election_values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The election is created as a draft."))
            return _back(territory, created)
    return render(request, "elections/staff/election_form.html", {"territory": territory, "form": form})


@territory_permission("elections.manage_elections")
def election(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    return _detail(request, territory, item)


def _detail(request: HttpRequest, territory: Territory, item: Election, **forms: object) -> HttpResponse:
    counts = selectors.register_counts(item)
    context = {
        "territory": territory,
        "election": item,
        "counts": counts,
        "small_groups": [c for c in counts if c.small],
        "threshold": selectors.small_group_threshold(),
        "candidates": item.candidates.select_related("seat_group"),
        "complaints": item.complaints.all(),
        "candidate_form": forms.get("candidate_form") or CandidateForm(election=item),
        "entry_form": forms.get("entry_form") or RegisterEntryForm(election=item),
        "import_form": forms.get("import_form") or ImportForm(),
        "complaint_form": forms.get("complaint_form") or ComplaintForm(),
        "title_form": forms.get("title_form") or _title_form(item),
        "may_record_votes": has_perm(request.user, "elections.record_votes", item),
        "register": item.register.select_related("seat_group") if not item.register_purged_at else None,
    }
    return render(request, "elections/staff/election.html", context, status=400 if forms else 200)


def _title_form(item: Election, data: object = None) -> TitleTranslationForm:
    return TitleTranslationForm(data, election=item, languages=translation_languages(item.body.territory))


@territory_permission("elections.manage_elections")
@require_POST
def title_translate(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    """The title in other languages, at any stage: nothing about voting changes with it."""
    item = _election(territory, pk)
    form = _title_form(item, request.POST)
    if form.is_valid():
        try:
            services.translate_title(
                actor=as_user(request.user), election=item, translations=form.translation_data()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The translations of the title are saved."))
            return _back(territory, item)
    return _detail(request, territory, item, title_form=form)


@territory_permission("elections.manage_elections")
@require_POST
def candidate_add(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    form = CandidateForm(request.POST, election=item)
    if form.is_valid():
        try:
            services.add_candidate(actor=as_user(request.user), election=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The candidate is added."))
            return _back(territory, item)
    return _detail(request, territory, item, candidate_form=form)


@territory_permission("elections.manage_elections")
@require_POST
def register_add(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    form = RegisterEntryForm(request.POST, election=item)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_register_entry(
                actor=as_user(request.user),
                election=item,
                seat_group=data["seat_group"],
                name=data["name"],
                birth_date=data["birth_date"],
                address=data["address"],
                document=data["document"],
                checks=form.checks(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The voter is added to the register."))
            return _back(territory, item)
    return _detail(request, territory, item, entry_form=form)


@territory_permission("elections.manage_elections")
@require_POST
def register_import(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.import_register(
                actor=as_user(request.user), election=item, data=form.cleaned_data["file"].read()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s voter is added to the register.",
                    "%(count)s voters are added to the register.",
                    count,
                )
                % {"count": count},
            )
            return _back(territory, item)
    return _detail(request, territory, item, import_form=form)


@territory_permission("elections.manage_elections")
@require_POST
def complaint_add(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    form = ComplaintForm(request.POST)
    if form.is_valid():
        try:
            _complaint, reference = services.record_complaint(
                actor=as_user(request.user), election=item, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The complaint is recorded. Give the person its follow-up reference: %(reference)s")
                % {"reference": reference},
            )
            return _back(territory, item)
    return _detail(request, territory, item, complaint_form=form)


@territory_permission("elections.manage_elections")
@require_http_methods(["GET", "POST"])
def complaint_decide(request: HttpRequest, territory: Territory, pk: int, complaint: int) -> HttpResponse:
    """One complaint: its decision and, when accepted, the entry added or corrected with it. For a
    correction, `?entry=` loads the current values of an entry into the form."""
    item = _election(territory, pk)
    target = get_object_or_404(Complaint, pk=complaint, election=item)
    initial: dict[str, object] = {}
    if request.method == "GET" and request.GET.get("entry", "").isdigit():
        current = item.register.filter(pk=int(request.GET["entry"]), anonymised=False).first()
        if current is not None:
            initial = DecisionForm.initial_from(current)
    form = DecisionForm(request.POST or None, election=item, complaint=target, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = None
        if data["accepted"]:
            entry = services.EntryData(
                seat_group=data["seat_group"],
                name=data["name"],
                birth_date=data["birth_date"],
                address=data["address"],
                document=data["document"],
                checks=form.checks(),
            )
        try:
            services.decide_complaint(
                actor=as_user(request.user),
                complaint=target,
                accepted=data["accepted"],
                reason=data["reason"],
                entry=entry,
                corrects=data.get("corrects"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return _back(territory, item)
    may_decide = target.decision == Complaint.Decision.PENDING and not item.register_locked
    return render(
        request,
        "elections/staff/complaint.html",
        {
            "territory": territory,
            "election": item,
            "complaint": target,
            "form": form,
            "may_decide": may_decide,
            "window_open": services.complaints_window_open(item),
            "entries": form.fields["corrects"].queryset if "corrects" in form.fields else None,  # type: ignore[attr-defined]
        },
        status=400 if form.errors else 200,
    )


STEPS = {
    "open_register": services.open_register,
    "freeze_register": services.freeze_register,
    "close": services.close_election,
    "publish": services.publish_results,
}


@territory_permission("elections.manage_elections")
@require_POST
def step(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    action = request.POST.get("action", "")
    try:
        if action == "open_voting":
            sheet = services.open_voting(actor=as_user(request.user), election=item)
            # The only time the codes exist in clear: printed now, never shown again.
            response = render(
                request,
                "elections/staff/codes.html",
                {"territory": territory, "election": item, "sheet": sheet},
            )
            response["Cache-Control"] = "no-store"
            return response
        if action not in STEPS:
            messages.error(request, _("Unknown step."))
            return _back(territory, item)
        STEPS[action](actor=as_user(request.user), election=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Done: the election is now “%(status)s”.") % {"status": item.get_status_display()}
        )
    return _back(territory, item)


@territory_permission("elections.record_votes")
def station(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    form = StationVoteForm(request.POST or None, election=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_station_vote(
                actor=as_user(request.user),
                election=item,
                entry=form.cleaned_data["entry"],
                choices=form.choices_by_group(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The paper ballot is entered and the voter marked as having voted."))
            return redirect("elections:station", slug=territory.slug, pk=item.pk)
    return render(
        request, "elections/staff/station.html", {"territory": territory, "election": item, "form": form}
    )


@territory_permission("elections.manage_elections")
def results(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    return render(
        request,
        "elections/staff/results.html",
        {
            "territory": territory,
            "election": item,
            "results": selectors.results(item) if item.results_visible else None,
            "counts": selectors.register_counts(item),
        },
    )


@territory_permission("elections.manage_elections")
def log(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    item = _election(territory, pk)
    return render(
        request,
        "elections/staff/log.html",
        {
            "territory": territory,
            "election": item,
            "events": selectors.events(item),
            "broken_at": selectors.verify_chain(item),
        },
    )
