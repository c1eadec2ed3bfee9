"""Every write in core: one function per use case, each in a transaction and audited.

`actor` is the account doing the change; None means the system itself (demo data,
management commands run by an operator), which skips permission checks.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import (
    ORGANISATION_ROLES,
    TERRITORY_ROLES,
    AuditEntry,
    Organisation,
    Role,
    RoleAssignment,
    Territory,
    User,
)
from .permissions import forget_assignments, require
from .translation import TranslatableModel

TREE_FIELDS = ["path", "depth", "numchild"]
TERRITORY_FIELDS = [
    "name",
    "slug",
    "kind",
    "iso_code",
    "languages",
    "is_origin",
    "is_destination",
    "is_transit",
    "latitude",
    "longitude",
    "bbox_south",
    "bbox_west",
    "bbox_north",
    "bbox_east",
    "timezone",
    "description",
    "original_language",
]
ORGANISATION_FIELDS = [
    "name",
    "alternate_name",
    "slug",
    "kind",
    "description",
    "website",
    "email",
    "phone",
    "original_language",
    "parent",
    "legal_status",
    "year_incorporated",
    "uri",
    "logo",
]

type Translations = dict[str, dict[str, str]]


def _check(actor: User | None, permission: str, obj: object) -> None:
    if actor is not None:
        require(actor, permission, obj)


def _apply_translations(instance: TranslatableModel, translations: Translations | None) -> None:
    for language, fields in (translations or {}).items():
        for field, text in fields.items():
            instance.set_translation(language, field, text)


def _apply(instance: Any, allowed: list[str], values: dict[str, Any]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(instance, name, value)


# --- Territories --------------------------------------------------------------------------


@transaction.atomic
def create_territory(
    *,
    actor: User | None,
    parent: Territory | None,
    translations: Translations | None = None,
    **values: Any,
) -> Territory:
    if parent is None:
        if actor is not None and not actor.is_superuser:
            raise ValidationError(_("Only platform administrators can add a top-level territory."))
    else:
        _check(actor, "core.manage_territory", parent)
    territory = Territory()
    _apply(territory, TERRITORY_FIELDS, values)
    _apply_translations(territory, translations)
    territory.full_clean(exclude=TREE_FIELDS)
    territory = (
        Territory.objects.add_child(parent, instance=territory)
        if parent is not None
        else Territory.objects.add_root(instance=territory)
    )
    refresh_inherited_languages(territory)
    territory.refresh_from_db()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=territory,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(territory, [*TERRITORY_FIELDS, "translations"])),
    )
    return territory


@transaction.atomic
def update_territory(
    *,
    actor: User | None,
    territory: Territory,
    translations: Translations | None = None,
    **values: Any,
) -> Territory:
    _check(actor, "core.manage_territory", territory)
    territory = Territory.objects.select_for_update().get(pk=territory.pk)
    watched = [*TERRITORY_FIELDS, "translations"]
    before = audit.snapshot(territory, watched)
    _apply(territory, TERRITORY_FIELDS, values)
    _apply_translations(territory, translations)
    territory.full_clean(exclude=TREE_FIELDS)
    territory.save()
    if before.get("languages") != territory.languages:
        refresh_inherited_languages(territory)
        territory.refresh_from_db()
    changes = audit.diff(before, audit.snapshot(territory, watched))
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=territory,
            territory=territory,
            changes=changes,
        )
    return territory


def refresh_inherited_languages(territory: Territory) -> None:
    """Recompute `inherited_languages` for a territory and everything below it."""
    ancestors = list(Territory.objects.get_ancestors(territory))
    inherited: list[str] = []
    for ancestor in ancestors:
        inherited = list(ancestor.languages) or inherited
    by_path: dict[str, list[str]] = {}
    changed = []
    for node in Territory.objects.filter(path__startswith=territory.path).order_by("path"):
        parent_path = node.path[: -Territory.steplen]
        above = by_path.get(parent_path, inherited) if node.path != territory.path else inherited
        if node.inherited_languages != above:
            node.inherited_languages = above
            changed.append(node)
        by_path[node.path] = list(node.languages) or above
    Territory.objects.bulk_update(changed, ["inherited_languages"], batch_size=500)


# --- Organisations ------------------------------------------------------------------------


@transaction.atomic
def create_organisation(
    *,
    actor: User | None,
    territory: Territory,
    translations: Translations | None = None,
    **values: Any,
) -> Organisation:
    _check(actor, "core.edit_content", territory)
    organisation = Organisation(territory=territory)
    _apply(organisation, ORGANISATION_FIELDS, values)
    _apply_translations(organisation, translations)
    organisation.full_clean()
    organisation.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=organisation,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(organisation, [*ORGANISATION_FIELDS, "translations"])),
    )
    return organisation


@transaction.atomic
def update_organisation(
    *,
    actor: User | None,
    organisation: Organisation,
    translations: Translations | None = None,
    **values: Any,
) -> Organisation:
    _check(actor, "core.edit_organisation", organisation)
    organisation = (
        Organisation.objects.select_for_update().select_related("territory").get(pk=organisation.pk)
    )
    watched = [*ORGANISATION_FIELDS, "translations"]
    before = audit.snapshot(organisation, watched)
    _apply(organisation, ORGANISATION_FIELDS, values)
    _apply_translations(organisation, translations)
    organisation.full_clean()
    organisation.save()
    changes = audit.diff(before, audit.snapshot(organisation, watched))
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=organisation,
            territory=organisation.territory,
            changes=changes,
        )
    return organisation


# --- Accounts and roles -------------------------------------------------------------------


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_account(
    *,
    actor: User | None,
    territory: Territory,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """A new account, created by staff who manage roles in `territory`. Returns the password."""
    _check(actor, "core.manage_roles", territory)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("An account with this username exists already.")})
    user = User(
        username=username, email=email.strip(), first_name=first_name.strip(), last_name=last_name.strip()
    )
    user.full_clean(exclude=["password"])
    chosen = password or generate_password()
    validate_password(chosen, user)
    user.set_password(chosen)
    user.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=user,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(user, ["username", "email", "first_name", "last_name"])),
    )
    return user, chosen


@transaction.atomic
def grant_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    territory: Territory | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    if role in TERRITORY_ROLES:
        if territory is None or organisation is not None:
            raise ValidationError(_("This role is held over a territory."))
        scope_territory = territory
    elif role in ORGANISATION_ROLES:
        if organisation is None or territory is not None:
            raise ValidationError(_("This role is held over an organisation."))
        scope_territory = organisation.territory
    else:
        raise ValidationError(_("Unknown role."))
    _check(actor, "core.manage_roles", scope_territory)
    if RoleAssignment.objects.filter(
        user=user, role=role, territory=territory, organisation=organisation
    ).exists():
        raise ValidationError(_("%(user)s already holds this role here.") % {"user": user.get_username()})
    assignment = RoleAssignment.objects.create(
        user=user, role=role, territory=territory, organisation=organisation, granted_by=actor
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.GRANT,
        target=assignment,
        territory=scope_territory,
        changes={"user": [None, user.get_username()], "role": [None, role]},
    )
    forget_assignments(user)
    return assignment


@transaction.atomic
def create_staff_account(
    *,
    actor: User | None,
    territory: Territory,
    username: str,
    role: str,
    role_territory: Territory | None = None,
    organisation: Organisation | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, str]:
    """A new account holding one role, both or neither. Returns the first password, shown once."""
    user, password = create_account(
        actor=actor,
        territory=territory,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    grant_role(actor=actor, user=user, role=role, territory=role_territory, organisation=organisation)
    return user, password


@transaction.atomic
def revoke_role(*, actor: User | None, assignment: RoleAssignment) -> None:
    scope_territory = assignment.scope_territory
    _check(actor, "core.manage_roles", scope_territory)
    if actor is not None and assignment.user_id == actor.pk and assignment.role == Role.TERRITORY_ADMIN:
        raise ValidationError(_("You cannot remove your own administrator role; ask another administrator."))
    audit.record(
        actor=actor,
        action=AuditEntry.Action.REVOKE,
        target=assignment,
        territory=scope_territory,
        changes={"user": [assignment.user.get_username(), None], "role": [assignment.role, None]},
    )
    assignment.delete()
    forget_assignments(assignment.user)


def _check_account_authority(actor: User | None, user: User) -> list[RoleAssignment]:
    """The account's roles, after checking that `actor` manages roles over all of them."""
    assignments = list(
        RoleAssignment.objects.filter(user=user).select_related("territory", "organisation__territory")
    )
    if actor is None:
        return assignments
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only platform administrators can do this for this account."))
    if not assignments and not actor.is_superuser:
        raise PermissionDenied(_("You do not have permission to do this here."))
    for assignment in assignments:
        require(actor, "core.manage_roles", assignment.scope_territory)
    return assignments


@transaction.atomic
def reset_password(*, actor: User | None, user: User) -> str:
    """A new random password for a staff account, shown once to the administrator.

    Allowed only to someone who manages roles over every scope the account holds a role in,
    so that a district administrator cannot take over a city administrator's account.
    """
    assignments = _check_account_authority(actor, user)
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    _record_account_change(actor, user, assignments, {"password": ["", "reset"]})
    return password


@transaction.atomic
def reset_second_factor(*, actor: User | None, user: User) -> None:
    """Remove a lost authenticator; the person sets up a new one at the next sign-in."""
    assignments = _check_account_authority(actor, user)
    TOTPDevice.objects.filter(user=user).delete()
    _record_account_change(actor, user, assignments, {"authenticator": ["", "removed"]})


def _record_account_change(
    actor: User | None, user: User, assignments: list[RoleAssignment], changes: dict[str, Any]
) -> None:
    scope = assignments[0].scope_territory if assignments else None
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=user, territory=scope, changes=changes)


# --- Second factor ------------------------------------------------------------------------


@transaction.atomic
def start_totp_setup(*, user: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator for the account (earlier unconfirmed ones are dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def confirm_totp_device(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or device.confirmed:
        return False
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    audit.record(actor=user, action=AuditEntry.Action.CREATE, target=device, territory=None)
    return True


# --- A person's own data ------------------------------------------------------------------


@transaction.atomic
def update_own_profile(
    *, user: User, email: str, first_name: str, last_name: str, preferred_language: str
) -> User:
    user.email, user.first_name, user.last_name = email.strip(), first_name.strip(), last_name.strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email", "first_name", "last_name", "preferred_language"])
    return user


@transaction.atomic
def delete_own_account(*, user: User) -> None:
    """Erase the account; the audit trail keeps what was done but no longer who did it."""
    label = _("deleted account #%(id)s") % {"id": user.pk}
    AuditEntry.objects.filter(actor=user).update(actor_repr=label, actor=None)
    AuditEntry.objects.filter(target_type=User._meta.label, target_id=str(user.pk)).update(target_repr=label)
    TOTPDevice.objects.filter(user=user).delete()
    user.delete()
