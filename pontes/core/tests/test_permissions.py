import pytest

from pontes.core.models import Role
from pontes.core.permissions import has_perm, territories_where
from pontes.core.registry import Capability, registry


def Verified(user, verified: bool):
    """Marks the user as django-otp's middleware does once the second factor is (not) passed."""
    user.is_verified = lambda: verified
    return user


def test_roles_cover_their_territory_and_everything_below(world, staff):
    editor = staff["city_editor"]
    assert has_perm(editor, "core.edit_content", world.city)
    assert has_perm(editor, "core.edit_content", world.district)
    assert not has_perm(editor, "core.edit_content", world.other_country)
    assert not has_perm(editor, "core.edit_content", world.town)
    assert not has_perm(editor, "core.manage_roles", world.city)


def test_analyst_reads_but_does_not_edit(world, staff):
    analyst = staff["city_analyst"]
    assert has_perm(analyst, "core.view_statistics", world.city)
    assert not has_perm(analyst, "core.edit_content", world.city)


def test_administrators_count_only_after_the_second_factor(world, staff):
    admin = staff["city_admin"]
    assert not has_perm(Verified(admin, False), "core.manage_roles", world.city)
    assert has_perm(Verified(admin, True), "core.manage_roles", world.district)
    assert not has_perm(Verified(admin, True), "core.manage_roles", world.province)


def test_provider_editor_is_scoped_to_the_organisation(world, staff):
    provider = staff["provider"]
    assert has_perm(provider, "core.edit_organisation", world.organisation)
    assert not has_perm(provider, "core.edit_organisation", world.other_organisation)
    assert not has_perm(provider, "core.edit_content", world.city)


def test_superuser_needs_the_second_factor_too(world, make_user):
    root = make_user("root", superuser=True, totp=True)
    assert not has_perm(Verified(root, False), "core.view_audit", world.city)
    assert has_perm(Verified(root, True), "core.view_audit", world.city)


def test_unknown_permissions_and_anonymous_are_refused(world, staff):
    from django.contrib.auth.models import AnonymousUser

    assert not has_perm(staff["city_editor"], "core.no_such_thing", world.city)
    assert not has_perm(AnonymousUser(), "core.view_staff_area", world.city)


def test_inactive_accounts_hold_nothing(world, staff):
    editor = staff["city_editor"]
    editor.is_active = False
    assert not has_perm(editor, "core.edit_content", world.city)


def test_territories_where_returns_the_tops_only(world, make_user, staff):
    from pontes.core import services

    user = staff["town_editor"]
    services.grant_role(actor=None, user=user, role=Role.EDITOR, territory=world.province)
    user = type(user).objects.get(pk=user.pk)
    assert territories_where(user, "core.edit_content") == [world.province]


def test_capability_permissions_come_from_the_registry(world, staff):
    registry.register(
        Capability(label="testcap", name="Test", summary="", permissions={"testcap.do": (Role.ANALYST,)})
    )
    try:
        assert has_perm(staff["city_analyst"], "testcap.do", world.district)
        assert not has_perm(staff["city_editor"], "testcap.do", world.city)
        with pytest.raises(ValueError):
            registry.register(Capability(label="other", name="", summary="", permissions={"testcap.do": ()}))
    finally:
        registry.unregister("testcap")
