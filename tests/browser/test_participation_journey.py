"""Staff record a recommendation the council adopted, with its vote, and send it to the authority;
the authority rejects it with reasons; the public accountability page shows the text and the
reasons. Accessibility checked on the body page and the accountability page."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pontes.core.models import Role
from pontes.core.testing import PASSWORD, assert_no_serious_violations
from pontes.participation.models import Recommendation
from pontes.participation.testing import sample_body

pytestmark = pytest.mark.django_db(transaction=True)

REASONS = "El convenio con el personal no permite ampliar el horario este año."


def sign_in(browser: Any, base: str, username: str, device: TOTPDevice | None = None) -> Any:
    context = browser.new_context(viewport={"width": 412, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/accounts/login/code/**")
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        page.locator("#id_code").fill(code)
        page.locator("main button[type=submit]").click()
    page.wait_for_url("**/en/**")
    return page


def test_record_transmit_reject_and_account(live_server, browser: Any, world, make_user) -> None:
    base = live_server.url
    body = sample_body(world.city)
    meeting = body.meetings.order_by("starts_at").first()
    assert meeting is not None
    make_user("beta-editor", Role.EDITOR, world.city)
    mayor = make_user("beta-mayor", Role.TERRITORY_ADMIN, world.city, totp=True)

    # 1. Staff record what the council adopted, with the vote, and send it to the authority.
    staff = sign_in(browser, base, "beta-editor")
    staff.goto(f"{base}/en/staff/t/beta/participation/bodies/{body.pk}/recommendations/new/")
    assert_no_serious_violations(staff)
    staff.locator("#id_kind").select_option("recommendation")
    staff.locator("#id_original_language").fill("es")
    staff.locator("#id_title").fill("Bibliotecas abiertas por la tarde")
    staff.locator("#id_text").fill("Abrir las bibliotecas municipales hasta las 21:00 para quien estudia.")
    staff.locator("#id_meeting").select_option(str(meeting.pk))
    staff.locator("#id_votes_for").fill("9")
    staff.locator("#id_votes_against").fill("1")
    staff.locator("#id_votes_abstaining").fill("2")
    staff.get_by_role("button", name="Record").click()
    staff.wait_for_url("**/participation/recommendations/*/")
    assert "The text is recorded." in staff.content()
    assert "9 for, 1 against, 2 abstaining" in staff.content()
    staff.locator("#id_on").fill(timezone.localdate().isoformat())
    staff.get_by_role("button", name="Mark as sent").click()
    staff.wait_for_url("**/participation/recommendations/*/")
    rec = Recommendation.objects.get(title="Bibliotecas abiertas por la tarde")
    assert rec.transmitted_on == timezone.localdate()

    # 2. The authority rejects it; without reasons it is refused, with them it is recorded.
    authority = sign_in(browser, base, "beta-mayor", TOTPDevice.objects.get(user=mayor))
    authority.goto(f"{base}/en/staff/t/beta/participation/recommendations/{rec.pk}/")
    assert_no_serious_violations(authority)
    authority.locator("#id_answer").select_option("rejected")
    authority.get_by_role("button", name="Record the answer").click()
    assert "needs its reasons" in authority.content()
    rec.refresh_from_db()
    assert rec.answer == ""
    authority.locator("#id_answer").select_option("rejected")
    authority.locator("#id_reasons").fill(REASONS)
    authority.get_by_role("button", name="Record the answer").click()
    authority.wait_for_url(f"**/participation/recommendations/{rec.pk}/")
    rec.refresh_from_db()
    assert rec.answer == "rejected"

    # 3. Anyone sees the text and the reasons on the accountability page.
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{base}/en/participation/bodies/{body.slug}/")
    assert_no_serious_violations(visitor)
    visitor.goto(f"{base}/en/participation/bodies/{body.slug}/recommendations/?status=rejected")
    assert_no_serious_violations(visitor)
    content = visitor.content()
    assert "Bibliotecas abiertas por la tarde" in content
    assert REASONS in content
    assert "Mediación" not in content
