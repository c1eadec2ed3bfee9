"""A visitor switches language; a municipal editor signs in and is refused another territory."""

from __future__ import annotations

from typing import Any

import pytest

from pontes.core.testing import PASSWORD, assert_no_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switch_sign_in_and_refusal(live_server, page: Any, world, staff) -> None:
    page.goto(f"{live_server.url}/en/t/beta/")
    assert page.locator("html").get_attribute("lang") == "en"

    # Switch to Arabic with the language links (no JavaScript involved): right to left.
    page.get_by_role("navigation", name="Language").locator('a[hreflang="ar"]').click()
    page.wait_for_url("**/ar/t/beta/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    heading = page.get_by_role("heading", level=1)
    assert heading.locator('span[lang="es"]').inner_text() == "Ciudad Beta"
    assert "لم يُترجم بعد" in heading.inner_text()  # the Spanish name is marked as not yet translated

    # Then French, and sign in from there as the municipal editor.
    page.get_by_role("navigation", name="اللغة").locator('a[hreflang="fr"]').click()
    page.wait_for_url("**/fr/t/beta/")
    page.get_by_role("link", name="Connexion du personnel").click()
    page.get_by_label("Nom d'utilisateur").fill("city-editor")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/fr/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "Espace du personnel"
    page.get_by_role("link", name="Traductions manquantes").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Traductions manquantes"

    # Another territory's staff page is refused, with a clear message.
    response = page.goto(f"{live_server.url}/fr/staff/t/alpha/translations/")
    assert response is not None and response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Accès refusé"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_home_page_has_no_serious_accessibility_violations(
    live_server, page: Any, world, language: str
) -> None:
    page.goto(f"{live_server.url}/{language}/")
    assert_no_serious_violations(page)
    page.goto(f"{live_server.url}/{language}/t/beta/")
    assert_no_serious_violations(page)


def test_staff_pages_have_no_serious_accessibility_violations(live_server, page: Any, world, staff) -> None:
    page.goto(f"{live_server.url}/en/accounts/login/")
    assert_no_serious_violations(page)
    page.get_by_label("Username").fill("city-editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/staff/")
    assert_no_serious_violations(page)
    page.goto(f"{live_server.url}/en/staff/t/beta/translations/")
    assert_no_serious_violations(page)


def test_keyboard_users_can_skip_to_content(live_server, page: Any, world) -> None:
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
