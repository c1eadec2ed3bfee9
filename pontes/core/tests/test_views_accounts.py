import json

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pontes.core.models import AuditEntry, User
from pontes.core.testing import PASSWORD, signed_in_client


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def login(client: Client, username: str, password: str = PASSWORD, next_url: str = ""):
    return client.post(reverse("core:login"), {"username": username, "password": password, "next": next_url})


def test_wrong_credentials_say_so_and_sign_nobody_in(world, staff):
    client = Client()
    response = login(client, "city-editor", "wrong password")
    assert response.status_code == 200
    assert "The username or the password is wrong" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_editor_signs_in_with_password_only(world, staff):
    client = Client()
    response = login(client, "city-editor")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:staff_dashboard")
    assert client.get(reverse("core:staff_dashboard")).status_code == 200


def test_lockout_after_repeated_failures(world, staff, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "city-editor", "nope")
    response = login(client, "city-editor")  # even the right password is refused now
    assert response.status_code == 429
    assert "paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_rate_limit_per_address(world, staff, settings):
    settings.PONTES_LOGIN_RATE = "3/m"
    client = Client()
    # Different usernames, so the per-account lockout does not trigger first.
    statuses = [login(client, f"user{i}", "x").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_administrator_needs_the_code_after_the_password(world, staff):
    client = Client()
    response = login(client, "city-admin", next_url=reverse("core:people", kwargs={"slug": "beta"}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login_verify"))
    assert "_auth_user_id" not in client.session  # not signed in yet

    bad = client.post(reverse("core:login_verify"), {"code": "000000"})
    assert "This code is wrong" in bad.content.decode()

    device = TOTPDevice.objects.get(user__username="city-admin")
    throttled = client.post(reverse("core:login_verify"), {"code": current_code(device)})
    assert "Too many wrong codes" in throttled.content.decode()
    device.throttle_reset()  # as if the back-off delay had passed
    good = client.post(
        reverse("core:login_verify"),
        {"code": current_code(device), "next": reverse("core:people", kwargs={"slug": "beta"})},
    )
    assert good.status_code == 302
    assert client.get(reverse("core:people", kwargs={"slug": "beta"})).status_code == 200


def test_administrator_without_authenticator_must_set_one_up(world, make_user):
    from pontes.core.models import Role

    admin = make_user("fresh-admin", Role.TERRITORY_ADMIN, world.city)
    client = signed_in_client(admin)
    response = client.get(reverse("core:staff_dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:totp_setup")
    page = client.get(reverse("core:totp_setup"))
    assert page.status_code == 200
    assert b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    confirmed = client.post(reverse("core:totp_setup"), {"code": current_code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:people", kwargs={"slug": "beta"})).status_code == 200


def test_sign_out_is_a_post(world, staff):
    client = signed_in_client(staff["city_editor"])
    assert client.get(reverse("core:logout")).status_code == 405
    assert client.post(reverse("core:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_export_own_data(world, staff):
    client = signed_in_client(staff["city_editor"])
    response = client.get(reverse("core:export_own_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["username"] == "city-editor"
    assert data["roles"][0]["role"] == "editor"


def test_delete_own_account_needs_the_password(world, staff):
    client = signed_in_client(staff["city_editor"])
    refused = client.post(reverse("core:delete_own_account"), {"password": "not it"})
    assert "This is not your password" in refused.content.decode()
    assert User.objects.filter(username="city-editor").exists()
    done = client.post(reverse("core:delete_own_account"), {"password": PASSWORD})
    assert done.status_code == 302
    assert not User.objects.filter(username="city-editor").exists()


def test_open_redirects_are_refused(world, staff):
    client = Client()
    response = login(client, "city-editor", next_url="https://evil.example/")
    assert response["Location"] == reverse("core:staff_dashboard")


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_login_page_is_translated(world, language):
    response = Client().get(f"/{language}/accounts/login/")
    content = response.content.decode()
    assert f'lang="{language}"' in content
    assert "Staff sign-in" not in content


def test_profile_changes_are_saved(world, staff):
    client = signed_in_client(staff["city_editor"])
    client.post(
        reverse("core:profile"),
        {
            "email": "editor@beta.example",
            "first_name": "Ana",
            "last_name": "Ruiz",
            "preferred_language": "es",
        },
    )
    user = User.objects.get(username="city-editor")
    assert (user.email, user.preferred_language) == ("editor@beta.example", "es")
    assert not AuditEntry.objects.filter(actor=user).exists()


def test_expired_session_sends_back_to_sign_in_with_a_clear_message(world, staff):
    client = signed_in_client(staff["city_editor"])
    client.session.flush()
    client.cookies.clear()
    response = client.get(reverse("core:translations", kwargs={"slug": "beta"}), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("core:login"))
    assert "your session has ended" in response.content.decode()
