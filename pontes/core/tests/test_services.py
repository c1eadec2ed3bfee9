import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pontes.core import services
from pontes.core.models import AuditEntry, Role, RoleAssignment, Territory, User
from pontes.core.tests.test_permissions import Verified


def test_update_territory_records_who_and_what_changed(world, staff):
    admin = Verified(staff["city_admin"], True)
    services.update_territory(
        actor=admin,
        territory=world.city,
        name="Ciudad Beta Nueva",
        translations={"fr": {"name": "Ville Bêta"}},
    )
    entry = AuditEntry.objects.filter(
        target_type="core.Territory", target_id=str(world.city.pk), action="update"
    ).get()
    assert entry.actor_repr == "city-admin"
    assert entry.changes["name"] == ["Ciudad Beta", "Ciudad Beta Nueva"]
    assert "translations" in entry.changes
    assert entry.territory_path == world.city.path


def test_update_without_change_records_nothing(world, staff):
    before = AuditEntry.objects.count()
    services.update_territory(
        actor=Verified(staff["city_admin"], True), territory=world.city, name="Ciudad Beta"
    )
    assert AuditEntry.objects.count() == before


def test_invalid_update_changes_nothing(world, staff):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.update_territory(
            actor=Verified(staff["city_admin"], True),
            territory=world.city,
            name="Changed",
            languages=["xx-nope"],
        )
    assert "languages" in caught.value.message_dict
    world.city.refresh_from_db()
    assert world.city.name == "Ciudad Beta"
    assert AuditEntry.objects.count() == before


def test_staff_cannot_change_another_territory(world, staff):
    with pytest.raises(PermissionDenied):
        services.update_territory(
            actor=Verified(staff["city_admin"], True), territory=world.province, name="Mine now"
        )
    world.province.refresh_from_db()
    assert world.province.name == "Province Alpha"


def test_only_platform_admins_add_top_level_territories(world, staff):
    with pytest.raises(ValidationError):
        services.create_territory(
            actor=Verified(staff["city_admin"], True),
            parent=None,
            name="Italy",
            slug="it",
            kind="country",
            iso_code="IT",
        )
    assert not Territory.objects.filter(slug="it").exists()


def test_create_child_territory_sits_below_its_parent(world, staff):
    child = services.create_territory(
        actor=Verified(staff["city_admin"], True),
        parent=world.city,
        name="Distrito 2",
        slug="beta-2",
        kind="district",
    )
    assert world.city.covers(child)
    assert AuditEntry.objects.filter(action="create", target_id=str(child.pk)).exists()


def test_staff_account_with_bad_role_scope_is_not_created_at_all(world, staff):
    with pytest.raises(ValidationError):
        services.create_staff_account(
            actor=Verified(staff["city_admin"], True),
            territory=world.city,
            username="half-made",
            role=Role.PROVIDER_EDITOR,
            role_territory=world.city,
        )
    assert not User.objects.filter(username="half-made").exists()


def test_grant_and_revoke_are_audited(world, staff):
    admin = Verified(staff["city_admin"], True)
    assignment = services.grant_role(
        actor=admin, user=staff["nobody"], role=Role.ANALYST, territory=world.district
    )
    with pytest.raises(ValidationError):
        services.grant_role(actor=admin, user=staff["nobody"], role=Role.ANALYST, territory=world.district)
    services.revoke_role(actor=admin, assignment=assignment)
    actions = list(
        AuditEntry.objects.filter(target_type="core.RoleAssignment").values_list("action", flat=True)
    )
    assert "grant" in actions and "revoke" in actions
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_administrators_cannot_remove_their_own_admin_role(world, staff):
    admin = Verified(staff["city_admin"], True)
    own = RoleAssignment.objects.get(user=staff["city_admin"], role=Role.TERRITORY_ADMIN)
    with pytest.raises(ValidationError):
        services.revoke_role(actor=admin, assignment=own)


def test_deleting_an_account_keeps_the_trail_but_not_the_name(world, staff):
    admin_user = staff["city_admin"]
    services.update_territory(actor=Verified(admin_user, True), territory=world.city, name="Renamed")
    services.delete_own_account(user=admin_user)
    entry = AuditEntry.objects.filter(action="update", target_type="core.Territory").get()
    assert entry.actor is None
    assert "city-admin" not in entry.actor_repr
    assert not User.objects.filter(username="city-admin").exists()


def test_new_account_password_must_be_strong(world, staff):
    with pytest.raises(ValidationError):
        services.create_account(actor=None, territory=world.city, username="weak", password="12345")
    assert not User.objects.filter(username="weak").exists()


def test_changing_languages_reaches_the_territories_below(world, staff):
    services.update_territory(actor=None, territory=world.country, languages=["ar", "zgh"])
    town = Territory.objects.get(slug="town-a")
    assert town.effective_languages() == ["ar", "zgh"]
    services.update_territory(actor=None, territory=world.province, languages=["fr"])
    assert Territory.objects.get(slug="town-a").effective_languages() == ["fr"]
    assert Territory.objects.get(slug="alpha").effective_languages() == ["fr"]
