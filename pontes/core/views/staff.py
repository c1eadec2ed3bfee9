"""The staff area of core: territories, people and roles, audit trail, missing translations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import CreateAccountForm, GrantRoleForm, TerritoryForm
from ..models import AuditEntry, Role, Territory, User
from ..permissions import as_user, login_only, territories_where, territory_permission


@login_only
def dashboard(request: HttpRequest) -> HttpResponse:
    territories = territories_where(request.user, "core.view_staff_area")
    organisations = [
        a.organisation
        for a in as_user(request.user).role_assignments.select_related("organisation")
        if a.role == Role.PROVIDER_EDITOR and a.organisation is not None
    ]
    sections = [(t, selectors.staff_nav(request.user, t)) for t in territories]
    organisation_sections = [(o, selectors.organisation_nav(request.user, o)) for o in organisations]
    return render(
        request, "core/staff/dashboard.html", {"sections": sections, "organisations": organisation_sections}
    )


@territory_permission("core.view_staff_area")
def territory_overview(request: HttpRequest, territory: Territory) -> HttpResponse:
    chain = selectors.breadcrumbs(territory)
    territory = chain[-1]
    return render(
        request,
        "core/staff/territory.html",
        {
            "territory": territory,
            "nav": selectors.staff_nav(request.user, territory),
            "children": selectors.children_of(territory),
            "breadcrumbs": chain[:-1],
            "statistics": selectors.statistics(territory),
        },
    )


def _save_territory(request: HttpRequest, form: TerritoryForm, **call: object) -> Territory | None:
    try:
        if "parent" in call:
            return services.create_territory(
                actor=as_user(request.user),
                parent=call["parent"],  # type: ignore[arg-type]
                translations=form.translation_data(),
                **form.values(),
            )
        return services.update_territory(
            actor=as_user(request.user),
            territory=call["territory"],  # type: ignore[arg-type]
            translations=form.translation_data(),
            **form.values(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@territory_permission("core.manage_territory")
def territory_edit(request: HttpRequest, territory: Territory) -> HttpResponse:
    form = TerritoryForm(request.POST or None, instance=territory)
    if request.method == "POST" and form.is_valid():
        saved = _save_territory(request, form, territory=territory)
        if saved is not None:
            messages.success(request, _("The territory is saved."))
            return redirect("core:staff_territory", slug=saved.slug)
    return render(
        request, "core/staff/territory_form.html", {"form": form, "territory": territory, "adding": False}
    )


@territory_permission("core.manage_territory")
def territory_add(request: HttpRequest, territory: Territory) -> HttpResponse:
    child = Territory(
        original_language=territory.original_language,
        timezone=territory.timezone,
        kind=Territory.Kind.MUNICIPALITY,
    )
    form = TerritoryForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        saved = _save_territory(request, form, parent=territory)
        if saved is not None:
            messages.success(request, _("The territory is added."))
            return redirect("core:staff_territory", slug=saved.slug)
    return render(
        request, "core/staff/territory_form.html", {"form": form, "territory": territory, "adding": True}
    )


@territory_permission("core.manage_roles")
def people(request: HttpRequest, territory: Territory) -> HttpResponse:
    actor = as_user(request.user)
    grant_form = GrantRoleForm(
        request.POST if "grant" in request.POST else None, territory=territory, prefix="grant"
    )
    create_form = CreateAccountForm(
        request.POST if "create" in request.POST else None, territory=territory, prefix="create"
    )
    new_password = None
    if request.method == "POST" and "grant" in request.POST and grant_form.is_valid():
        data = grant_form.cleaned_data
        try:
            services.grant_role(
                actor=actor,
                user=data["username"],
                role=data["role"],
                territory=data["territory"],
                organisation=data["organisation"],
            )
        except ValidationError as error:
            grant_form.add_error(None, error)
        else:
            messages.success(request, _("The role is granted."))
            return redirect("core:people", slug=territory.slug)
    if request.method == "POST" and "create" in request.POST and create_form.is_valid():
        data = create_form.cleaned_data
        try:
            user, new_password = services.create_staff_account(
                actor=actor,
                territory=territory,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                role_territory=data["territory"],
                organisation=data["organisation"],
            )
        except ValidationError as error:
            create_form.add_error(None, error)
            new_password = None
        else:
            create_form = CreateAccountForm(territory=territory, prefix="create")
            messages.success(
                request,
                _("The account %(name)s is created. Give its first password to the person privately.")
                % {"name": user.username},
            )
    return _people_page(request, territory, grant_form, create_form, new_password=new_password)


def _people_page(
    request: HttpRequest,
    territory: Territory,
    grant_form: GrantRoleForm | None = None,
    create_form: CreateAccountForm | None = None,
    **extra: object,
) -> HttpResponse:
    return render(
        request,
        "core/staff/people.html",
        {
            "territory": territory,
            "assignments": selectors.role_assignments_in(territory),
            "grant_form": grant_form or GrantRoleForm(territory=territory, prefix="grant"),
            "create_form": create_form or CreateAccountForm(territory=territory, prefix="create"),
            **extra,
        },
    )


def _account_in(territory: Territory, user_id: int) -> User:
    """An account holding a role here or below; others are not found."""
    assignment = selectors.role_assignments_in(territory).filter(user_id=user_id).first()
    if assignment is None:
        raise Http404
    return assignment.user


@territory_permission("core.manage_roles")
@require_POST
def account_new_password(request: HttpRequest, territory: Territory, user_id: int) -> HttpResponse:
    account = _account_in(territory, user_id)
    password = services.reset_password(actor=as_user(request.user), user=account)
    messages.success(
        request,
        _("%(name)s has a new password. Give it to the person privately.") % {"name": account.username},
    )
    return _people_page(request, territory, new_password=password)


@territory_permission("core.manage_roles")
@require_POST
def account_reset_authenticator(request: HttpRequest, territory: Territory, user_id: int) -> HttpResponse:
    account = _account_in(territory, user_id)
    services.reset_second_factor(actor=as_user(request.user), user=account)
    messages.success(
        request,
        _("The authenticator of %(name)s is removed. They will set up a new one at their next sign-in.")
        % {"name": account.username},
    )
    return redirect("core:people", slug=territory.slug)


@territory_permission("core.manage_roles")
@require_POST
def revoke(request: HttpRequest, territory: Territory, pk: int) -> HttpResponse:
    assignment = get_object_or_404(selectors.role_assignments_in(territory), pk=pk)
    try:
        services.revoke_role(actor=as_user(request.user), assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role is removed."))
    return redirect("core:people", slug=territory.slug)


@territory_permission("core.view_audit")
def audit_trail(request: HttpRequest, territory: Territory) -> HttpResponse:
    action = request.GET.get("action", "")
    if action not in AuditEntry.Action.values:
        action = ""
    target_type = request.GET.get("type", "")
    actor = request.GET.get("actor", "")[:150]
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    page = selectors.audit_entries(
        territory, action=action, actor=actor, target_type=target_type, page=page_number
    )
    return render(
        request,
        "core/staff/audit.html",
        {
            "territory": territory,
            "page": page,
            "actions": AuditEntry.Action.choices,
            "types": selectors.audit_target_types(territory),
            "filters": {"action": action, "type": target_type, "actor": actor},
        },
    )


@territory_permission("core.view_translation_gaps")
def translations(request: HttpRequest, territory: Territory) -> HttpResponse:
    return render(
        request,
        "core/staff/translations.html",
        {"territory": territory, "reports": selectors.translation_gaps(territory)},
    )
