from django.urls import reverse

from pontes.core.models import AuditEntry, Role, RoleAssignment, Territory, User
from pontes.core.testing import signed_in_client


def territory_post(territory: Territory, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": territory.name,
        "slug": territory.slug,
        "kind": territory.kind,
        "iso_code": territory.iso_code,
        "original_language": territory.original_language,
        "description": territory.description,
        "languages": ", ".join(territory.languages),
        "timezone": territory.timezone,
        "latitude": territory.latitude or "",
        "longitude": territory.longitude or "",
    }
    data.update(overrides)
    return data


def test_admin_edits_territory_and_its_translations(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    url = reverse("core:territory_edit", kwargs={"slug": "beta"})
    page = client.get(url)
    assert 'name="name__fr"' in page.content.decode()
    response = client.post(
        url, territory_post(world.city, languages="es, ar, wo", name__fr="Ville Bêta", is_destination="on")
    )
    assert response.status_code == 302
    city = Territory.objects.get(slug="beta")
    assert city.languages == ["es", "ar", "wo"]
    assert city.text_in("name", "fr") == "Ville Bêta"
    assert city.is_destination
    assert AuditEntry.objects.filter(
        target_id=str(city.pk), action="update", actor_repr="city-admin"
    ).exists()


def test_bad_territory_input_names_the_field_and_changes_nothing(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    url = reverse("core:territory_edit", kwargs={"slug": "beta"})
    before = AuditEntry.objects.count()
    response = client.post(
        url, territory_post(world.city, name="Changed", languages="es, elvish", latitude="123")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "elvish" in content
    assert "Please check the following" in content
    assert Territory.objects.get(slug="beta").name == "Ciudad Beta"
    assert AuditEntry.objects.count() == before


def test_service_level_errors_reach_the_form(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    response = client.post(
        reverse("core:territory_edit", kwargs={"slug": "beta"}),
        territory_post(world.city, latitude="38.9", longitude=""),
    )
    assert "Give both latitude and longitude" in response.content.decode()


def test_admin_adds_a_district(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    response = client.post(
        reverse("core:territory_add", kwargs={"slug": "beta"}),
        {
            "name": "Distrito 2",
            "slug": "beta-2",
            "kind": "district",
            "original_language": "es",
            "timezone": "Europe/Madrid",
        },
    )
    assert response.status_code == 302
    assert world.city.covers(Territory.objects.get(slug="beta-2"))


def test_admin_creates_an_account_with_a_role_and_sees_the_password_once(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    url = reverse("core:people", kwargs={"slug": "beta"})
    response = client.post(
        url,
        {
            "create": "1",
            "create-username": "new-editor",
            "create-role": Role.EDITOR,
            "create-territory": world.district.pk,
        },
    )
    assert response.status_code == 200
    assert "shown only once" in response.content.decode()
    user = User.objects.get(username="new-editor")
    assert RoleAssignment.objects.filter(user=user, role=Role.EDITOR, territory=world.district).exists()


def test_admin_cannot_grant_outside_the_territory(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    response = client.post(
        reverse("core:people", kwargs={"slug": "beta"}),
        {
            "grant": "1",
            "grant-username": "nobody",
            "grant-role": Role.EDITOR,
            "grant-territory": world.town.pk,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not RoleAssignment.objects.filter(user__username="nobody").exists()


def test_revoke_only_inside_the_territory(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    outside = RoleAssignment.objects.get(user__username="town-editor")
    response = client.post(reverse("core:revoke_role", kwargs={"slug": "beta", "pk": outside.pk}))
    assert response.status_code == 404
    inside = RoleAssignment.objects.get(user__username="city-analyst")
    client.post(reverse("core:revoke_role", kwargs={"slug": "beta", "pk": inside.pk}))
    assert not RoleAssignment.objects.filter(pk=inside.pk).exists()


def test_audit_trail_lists_changes_below_and_filters(world, staff):
    client = signed_in_client(staff["city_admin"], verified=True)
    response = client.get(reverse("core:audit", kwargs={"slug": "beta"}), {"action": "create"})
    content = response.content.decode()
    assert "Distrito 1" in content
    assert "Province Alpha" not in content  # another territory's history stays hidden
    assert client.get(reverse("core:audit", kwargs={"slug": "beta"}), {"page": "abc"}).status_code == 200


def test_translation_gaps_name_missing_languages(world, staff):
    client = signed_in_client(staff["city_editor"])
    response = client.get(reverse("core:translations", kwargs={"slug": "beta"}))
    content = response.content.decode()
    # The country serves es and ar; the city is written in Spanish and has no Arabic name.
    assert "Ciudad Beta" in content
    assert "Arabic" in content


def test_editor_is_refused_another_territory(world, staff):
    client = signed_in_client(staff["city_editor"])
    response = client.get(reverse("core:translations", kwargs={"slug": "alpha"}))
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


def test_dashboard_lists_what_the_account_may_do(world, staff):
    client = signed_in_client(staff["city_editor"])
    content = client.get(reverse("core:staff_dashboard")).content.decode()
    assert reverse("core:translations", kwargs={"slug": "beta"}) in content
    assert reverse("core:audit", kwargs={"slug": "beta"}) not in content


def test_admin_gives_a_new_password_within_scope_only(world, staff, make_user):
    client = signed_in_client(staff["city_admin"], verified=True)
    editor = staff["city_editor"]
    response = client.post(
        reverse("core:account_new_password", kwargs={"slug": "beta", "user_id": editor.pk})
    )
    assert response.status_code == 200
    password = response.context["new_password"]
    editor.refresh_from_db()
    assert editor.check_password(password)
    assert AuditEntry.objects.filter(
        target_type="core.User", target_id=str(editor.pk), action="update"
    ).exists()
    # An account outside the territory is not found; the password stays.
    outsider = staff["town_editor"]
    refused = client.post(
        reverse("core:account_new_password", kwargs={"slug": "beta", "user_id": outsider.pk})
    )
    assert refused.status_code == 404


def test_district_admin_cannot_take_over_a_city_account(world, staff, make_user):
    district_admin = make_user("district-admin", Role.TERRITORY_ADMIN, world.district, totp=True)
    city_analyst = staff["city_analyst"]
    RoleAssignment.objects.create(user=city_analyst, role=Role.ANALYST, territory=world.district)
    client = signed_in_client(district_admin, verified=True)
    response = client.post(
        reverse("core:account_new_password", kwargs={"slug": "beta-1", "user_id": city_analyst.pk})
    )
    assert response.status_code == 403
    city_analyst.refresh_from_db()
    assert city_analyst.check_password("correct-horse-battery-9")


def test_admin_resets_a_lost_authenticator(world, staff):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = signed_in_client(staff["city_admin"], verified=True)
    target = staff["province_admin"]
    response = client.post(
        reverse("core:account_reset_authenticator", kwargs={"slug": "beta", "user_id": target.pk})
    )
    assert response.status_code == 404  # the province admin holds no role in the city
    assert TOTPDevice.objects.filter(user=target).exists()
    analyst = staff["city_analyst"]
    TOTPDevice.objects.create(user=analyst, name="phone", confirmed=True)
    client.post(reverse("core:account_reset_authenticator", kwargs={"slug": "beta", "user_id": analyst.pk}))
    assert not TOTPDevice.objects.filter(user=analyst).exists()
