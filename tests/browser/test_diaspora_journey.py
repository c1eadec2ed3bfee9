"""An association registers and staff verify it; a returnee registers skills with consent; staff
publish an opportunity and see the returnee among its matches with the reasons; the returnee
withdraws consent and is gone from them. Accessibility checked on the way."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from pontes.core.models import Role
from pontes.core.testing import PASSWORD, assert_no_serious_violations
from pontes.diaspora.models import Opportunity, OrganisationProfile

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 412, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/**")
    return page


def test_register_verify_consent_match_withdraw(live_server, browser: Any, world, make_user) -> None:
    base = live_server.url
    make_user("association-volunteer")
    make_user("returnee")
    make_user("beta-editor", Role.EDITOR, world.city)

    # 1. An association registers itself.
    volunteer = sign_in(browser, base, "association-volunteer")
    volunteer.goto(f"{base}/en/diaspora/organisations/register/")
    assert_no_serious_violations(volunteer)
    volunteer.get_by_label("Name of the organisation").fill("Asociación Tizgui Solidaria")
    volunteer.get_by_label("Where it is based").select_option(label="Ciudad Beta")
    volunteer.get_by_label("Places of origin it is tied to").select_option(label="Town A")
    volunteer.get_by_label("Education and schools").check()
    volunteer.get_by_label("Languages spoken").fill("ar, es")
    volunteer.get_by_role("button", name="Register").click()
    volunteer.wait_for_url("**/diaspora/organisations/asociacion-tizgui-solidaria/")
    assert "waiting for verification" in volunteer.content()

    # 2. Staff of the city verify it; it shows in the public directory with its badge.
    staff = sign_in(browser, base, "beta-editor")
    staff.goto(f"{base}/en/staff/t/beta/diaspora/")
    assert_no_serious_violations(staff)
    staff.get_by_role("button", name="Record the decision on Asociación Tizgui Solidaria").click()
    staff.wait_for_url("**/staff/t/beta/diaspora/")
    assert OrganisationProfile.objects.get().status == "verified"
    volunteer.goto(f"{base}/en/diaspora/organisations/")
    assert_no_serious_violations(volunteer)
    assert volunteer.get_by_role("link", name="Asociación Tizgui Solidaria").count() == 1

    # 3. A returnee registers skills, agreeing to be contacted about jobs.
    returnee = sign_in(browser, base, "returnee")
    returnee.goto(f"{base}/en/diaspora/me/")
    assert_no_serious_violations(returnee)
    returnee.get_by_label("Your name").fill("Youssef Amrani")
    returnee.locator("#id_attachment").select_option("returnee")
    returnee.get_by_label("Country where you live").fill("ES")
    returnee.get_by_label("Places you are attached to").select_option(label="Ciudad Beta")
    returnee.get_by_label("Occupations (ISCO-08 codes)").fill("2221")
    returnee.get_by_label("Languages you speak").fill("ar, es")
    returnee.get_by_label("Availability").select_option("now")
    returnee.get_by_label("Being contacted about jobs").check()
    returnee.get_by_role("button", name="Join the skills inventory").click()
    returnee.wait_for_url("**/diaspora/me/")
    assert "You are in the skills inventory" in returnee.content()

    # 4. Staff publish a job; the returnee is among its matches, with the reasons.
    staff.goto(f"{base}/en/staff/t/beta/diaspora/opportunities/new/")
    assert_no_serious_violations(staff)
    staff.locator("#id_kind").select_option("job")
    staff.locator("#id_title").fill("Nurses for the night shift")
    staff.locator("#id_description").fill("Health centre of Beta, from January.")
    staff.get_by_label("Skills needed (ISCO-08 codes)").fill("2221")
    staff.get_by_label("Languages needed").fill("es")
    staff.locator("#id_deadline").fill((datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    staff.get_by_role("button", name="Save and publish").click()
    staff.wait_for_url("**/matches/")
    assert Opportunity.objects.get().status == "published"
    assert_no_serious_violations(staff)
    people = staff.locator("section[aria-labelledby=people-h]")
    assert people.get_by_role("link", name="Youssef Amrani").count() == 1
    reasons = people.locator("ul.reasons").first.inner_text()
    assert "2221" in reasons

    # 5. The returnee withdraws consent; gone from the matches at once.
    returnee.get_by_label("Being contacted about jobs").uncheck()
    returnee.get_by_role("button", name="Save my choices").click()
    returnee.wait_for_url("**/diaspora/me/")
    staff.reload()
    people = staff.locator("section[aria-labelledby=people-h]")
    assert people.get_by_role("link", name="Youssef Amrani").count() == 0
    assert "Nobody matches yet." in people.inner_text()
