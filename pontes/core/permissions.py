"""Every permission check in Pontes goes through this module.

A permission is a name ("core.view_audit") that a capability declares in the registry
together with the roles that grant it. A role is held over a territory (and so over every
territory below it) or over an organisation. Territory administrators must also have
passed a second factor (TOTP) in the current session for their role to count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Protocol, cast

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .models import SECOND_FACTOR_ROLES, Organisation, Role, RoleAssignment, Territory, User
from .registry import registry

CORE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "core.view_staff_area": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST, Role.PROVIDER_EDITOR),
    "core.manage_territory": (Role.TERRITORY_ADMIN,),
    "core.manage_roles": (Role.TERRITORY_ADMIN,),
    "core.view_audit": (Role.TERRITORY_ADMIN,),
    "core.edit_content": (Role.TERRITORY_ADMIN, Role.EDITOR),
    "core.view_translation_gaps": (Role.TERRITORY_ADMIN, Role.EDITOR),
    "core.view_statistics": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
    "core.edit_organisation": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.PROVIDER_EDITOR),
}


class Scoped(Protocol):
    def permission_scope(self) -> tuple[Territory | None, Organisation | None]: ...


def scope_of(obj: object) -> tuple[Territory | None, Organisation | None]:
    if isinstance(obj, Territory):
        return obj, None
    if isinstance(obj, Organisation):
        return obj.territory, obj
    if hasattr(obj, "permission_scope"):
        return cast(Scoped, obj).permission_scope()
    raise TypeError(f"Cannot check permissions on {type(obj).__name__}")


def is_second_factor_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def assignments_of(user: Any) -> list[RoleAssignment]:
    """The account's role assignments, loaded once per request (cached on the user object)."""
    cached: list[RoleAssignment] | None = getattr(user, "_pontes_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user_id=user.pk).select_related(
                "territory", "organisation__territory"
            )
        )
        user._pontes_assignments = cached
    return cached


def forget_assignments(user: Any) -> None:
    if hasattr(user, "_pontes_assignments"):
        del user._pontes_assignments


def effective_assignments(user: Any) -> list[RoleAssignment]:
    """Assignments that count now: those needing a second factor only once it is passed."""
    verified = is_second_factor_verified(user)
    return [a for a in assignments_of(user) if verified or a.role not in SECOND_FACTOR_ROLES]


def requires_second_factor(user: Any) -> bool:
    return bool(user.is_superuser) or any(a.role in SECOND_FACTOR_ROLES for a in assignments_of(user))


def has_perm(user: Any, permission: str, obj: object | None = None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not registry.is_known_permission(permission):
        return False
    if user.is_superuser:
        return is_second_factor_verified(user)
    roles = registry.roles_for(permission)
    candidates = [a for a in effective_assignments(user) if a.role in roles]
    if obj is None:
        return bool(candidates)
    territory, organisation = scope_of(obj)
    for assignment in candidates:
        if (
            assignment.territory is not None
            and territory is not None
            and assignment.territory.covers(territory)
        ):
            return True
        if organisation is not None and assignment.organisation_id == organisation.pk:
            return True
    return False


def territories_where(user: Any, permission: str) -> list[Territory]:
    """The top territories of the account's authority for a permission (not their descendants)."""
    if not has_perm(user, permission):
        return []
    if user.is_superuser:
        return list(Territory.objects.get_root_nodes())
    roles = registry.roles_for(permission)
    found: dict[int, Territory] = {}
    for a in effective_assignments(user):
        if a.role in roles and a.territory is not None:
            found[a.territory.pk] = a.territory
    tops = [t for t in found.values() if not any(o.pk != t.pk and o.covers(t) for o in found.values())]
    return sorted(tops, key=lambda t: t.path)


def territory_filter(user: Any, permission: str, lookup: str = "") -> Q:
    """A Q selecting rows whose territory lies where the account holds `permission`."""
    field = f"{lookup}__path__startswith" if lookup else "path__startswith"
    tops = territories_where(user, permission)
    if not tops:
        return Q(pk__in=[])
    query = Q()
    for t in tops:
        query |= Q(**{field: t.path})
    return query


def require(user: Any, permission: str, obj: object | None = None) -> None:
    if not has_perm(user, permission, obj):
        raise PermissionDenied(_("You do not have permission to do this here."))


class ScopedRoleBackend(ModelBackend):
    """Authentication by username and password; authorisation by scoped roles."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False


# --- View access declarations -------------------------------------------------------------
# Every view is wrapped by exactly one of these, which also records its policy on the view
# function so that a test can walk every URL and check who may see it.


@dataclass(frozen=True)
class Access:
    kind: str  # "public", "login", "owner", "territory", "organisation"
    permission: str | None = None


View = Callable[..., HttpResponse]


def _mark(view: View, access: Access) -> View:
    view.pontes_access = access  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    return _mark(view, Access("public"))


def login_only(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, Access("login"))


def owner_only(view: View) -> View:
    """Signed-in people who stand in a relation to the object the view loads (who wrote it, or
    staff over it): the view checks that relation and refuses everyone else with 403."""
    return _mark(login_only(view), Access("owner"))


def territory_permission(permission: str) -> Callable[[View], View]:
    """Loads the territory named by the `slug` URL argument and checks `permission` on it."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            territory = get_object_or_404(Territory, slug=slug)
            require(request.user, permission, territory)
            return view(request, territory, *args, **kwargs)

        return _mark(wrapper, Access("territory", permission))

    return decorator


def organisation_permission(permission: str) -> Callable[[View], View]:
    """Loads the organisation named by the `org` URL argument and checks `permission` on it."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organisation = get_object_or_404(Organisation.objects.select_related("territory"), slug=org)
            require(request.user, permission, organisation)
            return view(request, organisation, *args, **kwargs)

        return _mark(wrapper, Access("organisation", permission))

    return decorator


def object_permission(permission: str, loader: Callable[[Any], Any], kwarg: str) -> Callable[[View], View]:
    """Loads an object with `loader(value of the URL argument kwarg)` (None -> 404) and checks
    `permission` on it; the object must offer `permission_scope()`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = loader(kwargs.pop(kwarg))
            if obj is None:
                raise Http404
            require(request.user, permission, obj)
            return view(request, obj, *args, **kwargs)

        return _mark(wrapper, Access("object", permission))

    return decorator


def as_user(user: Any) -> User:
    return cast(User, user)
