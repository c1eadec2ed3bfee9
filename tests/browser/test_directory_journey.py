"""A person finds a free evening language course in Arabic, prints it in French; a provider
changes its hours; staff approve; the change is public. Accessibility checked on the way."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from pontes.core import services as core_services
from pontes.core.models import Organisation, Role, User
from pontes.core.testing import PASSWORD, assert_no_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/en/staff/")


def test_find_print_edit_approve(live_server, page: Any, browser: Any) -> None:
    call_command("demo_data", "--quiet-credentials", stdout=io.StringIO())
    school = Organisation.objects.get(slug="escuela-las-eras")
    provider = User.objects.create_user("school-provider", password=PASSWORD)
    core_services.grant_role(actor=None, user=provider, role=Role.PROVIDER_EDITOR, organisation=school)
    editor = User.objects.get(username="valmira-editor")
    editor.set_password(PASSWORD)
    editor.save()
    base = live_server.url

    # 1. Search in Arabic for a language course near a district of Valmira.
    page.goto(f"{base}/ar/services/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_serious_violations(page)
    page.fill("#id_q", "دروس")
    page.locator("details.filters-panel summary").click()
    page.select_option("#id_near", "valmira-las-eras")
    page.locator("#f-flag-free").check()
    page.locator("#f-flag-evenings").check()
    page.locator("details.filters-panel button[type=submit]").click()
    page.wait_for_url("**/ar/services/?*")
    results = page.locator("ol.results li.card")
    assert results.count() >= 1
    first = results.first.locator("h2 a")
    assert "دروس اللغة الإسبانية" in first.inner_text()
    assert_no_serious_violations(page)

    # 2. Open it, switch to French, print.
    first.click()
    page.wait_for_url("**/ar/services/*/")
    assert_no_serious_violations(page)
    service_path = page.url.split("/ar", 1)[1]
    page.locator('nav.languages a[hreflang="fr"]').click()
    page.wait_for_url(f"**/fr{service_path}")
    assert "Cours d'espagnol A1 le soir" in page.locator("h1").inner_text()
    assert "18:30" in page.content()
    page.locator("a[href$='/print/']").click()
    page.wait_for_url("**/print/")
    assert page.locator("img.qr").count() == 1
    page.emulate_media(media="print")
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF"
    page.emulate_media(media="screen")

    # 3. The provider changes the schedule; it waits for review.
    provider_context = browser.new_context()
    provider_page = provider_context.new_page()
    sign_in(provider_page, base, "school-provider")
    provider_page.goto(f"{base}/en/staff{service_path.replace('/services/', '/services/')}edit/")
    provider_page.locator("#id_hours-0-closes_at").fill("21:30")
    provider_page.locator("main form button[type=submit]").last.click()
    provider_page.wait_for_url("**/staff/o/escuela-las-eras/services/")
    provider_context.close()
    page.goto(f"{base}/fr{service_path}")
    assert "21:30" not in page.content()

    # 4. Staff approve; the change is public.
    staff_context = browser.new_context()
    staff_page = staff_context.new_page()
    sign_in(staff_page, base, "valmira-editor")
    staff_page.goto(f"{base}/en/staff/t/valmira/review/")
    assert "21:30" in staff_page.content()
    staff_page.locator("form[action$='/approve/'] button").first.click()
    staff_page.wait_for_url("**/staff/t/valmira/review/")
    staff_context.close()
    page.goto(f"{base}/fr{service_path}")
    assert "18:30–21:30" in page.content()
