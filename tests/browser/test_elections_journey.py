"""Staff open voting on an election with a small register and print the codes; two voters vote
with their codes, a third tries a used one and is refused; staff close the vote and see the
totals and the seats. Accessibility checked on the vote and results pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from pontes.core.models import Role
from pontes.core.testing import PASSWORD, assert_no_serious_violations
from pontes.elections.models import Ballot, Election, RegisterEntry
from pontes.elections.testing import sample_body, sample_election

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


def voter_page(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_open_vote_refuse_close_results(live_server, browser: Any, world, make_user) -> None:
    base = live_server.url
    make_user("beta-editor", Role.EDITOR, world.city)
    election, _ = sample_election(
        sample_body(world.city),
        voters=3,
        stage=Election.Status.REGISTER_FROZEN,
        method=Election.Method.DHONDT,
    )

    # 1. Staff open voting and get the printable sheet of codes, shown once.
    staff = sign_in(browser, base, "beta-editor")
    staff.goto(f"{base}/en/staff/t/beta/elections/{election.pk}/")
    assert "could reveal how individual people voted" in staff.content()
    assert_no_serious_violations(staff)
    staff.get_by_role("button", name="Open voting and print the codes").click()
    codes = staff.locator("code.secret").all_inner_texts()
    assert len(codes) == 3

    # 2. Two voters vote with their codes, without JavaScript and without an account.
    for code, list_name in ((codes[0], "Lista A"), (codes[1], "Lista B")):
        voter = voter_page(browser)
        voter.goto(f"{base}/en/elections/{election.pk}/vote/")
        if list_name == "Lista A":
            # Axe needs JavaScript: the first vote page is checked in a normal context.
            checked = browser.new_context(locale="en-GB").new_page()
            checked.goto(f"{base}/en/elections/{election.pk}/vote/")
            assert_no_serious_violations(checked)
        voter.get_by_label("Your voting code").fill(code)
        voter.get_by_label(list_name, exact=False).check()
        voter.get_by_role("button", name="Cast my vote").click()
        assert "Thank you for voting" in voter.content()
    assert Ballot.objects.filter(election=election).count() == 2

    # 3. A third person tries a code already used and is refused.
    third = voter_page(browser)
    third.goto(f"{base}/en/elections/{election.pk}/vote/")
    third.get_by_label("Your voting code").fill(codes[0])
    third.get_by_role("button", name="Cast my vote").click()
    assert "This code has been used already" in third.content()
    assert Ballot.objects.filter(election=election).count() == 2

    # 4. No results before the close, even for staff; then staff close and see totals and seats.
    staff.goto(f"{base}/en/staff/t/beta/elections/{election.pk}/results/")
    assert "No results before voting closes" in staff.content()
    staff.goto(f"{base}/en/staff/t/beta/elections/{election.pk}/")
    staff.get_by_role("button", name="Close voting").click()
    staff.get_by_role("link", name="Results").first.click()
    table = staff.get_by_role("table", name="Votes and seats per list")
    assert table.get_by_role("row", name="Lista A 1").count() == 1
    assert "Elected:" in staff.content()
    assert_no_serious_violations(staff)
    staff.get_by_role("link", name="Back to the election").click()
    staff.get_by_role("button", name="Publish the results").click()
    public = browser.new_context(locale="en-GB").new_page()
    public.goto(f"{base}/en/elections/{election.pk}/results/")
    assert "Votes and seats per list" in public.content()
    assert "may reveal how individual people voted" in public.content()
    assert_no_serious_violations(public)


def test_request_to_be_added_accepted_and_followed(live_server, browser: Any, world, make_user) -> None:
    """A person asks to be added during the complaints window and writes down the reference; staff
    accept and fill in the entry on the decision page; the person sees the decision."""
    base = live_server.url
    make_user("beta-editor", Role.EDITOR, world.city)
    election, _ = sample_election(sample_body(world.city), voters=1, stage=Election.Status.REGISTER_OPEN)
    today = timezone.localdate()
    Election.objects.filter(pk=election.pk).update(complaints_open=today, complaints_close=today)

    person = voter_page(browser)
    person.goto(f"{base}/en/elections/{election.pk}/")
    person.get_by_role("link", name="Ask for it to be changed", exact=False).click()
    person.get_by_label("add me to the register").check()
    person.get_by_label("Name of the person").fill("Nadia Demo")
    person.get_by_label("What they ask", exact=False).fill("I moved here in March.")
    person.get_by_role("button", name="Send the request").click()
    reference = person.locator(".secret").inner_text().strip()
    assert len(reference) == 9

    staff = sign_in(browser, base, "beta-editor")
    staff.goto(f"{base}/en/staff/t/beta/elections/{election.pk}/")
    staff.get_by_role("link", name="Decide").click()
    assert_no_serious_violations(staff)
    staff.get_by_label("Accepted: change the register").check()
    staff.get_by_label("Voter's full name").fill("Nadia Demo")
    staff.get_by_label("Date of birth").fill("1988-05-04")
    staff.get_by_label("Address").fill("Calle Nueva 3")
    staff.get_by_label("Document reference").fill("Y1234567")
    staff.get_by_label("Resides in the territory").check()
    staff.get_by_label("Not entitled to vote in municipal elections").check()
    staff.get_by_role("button", name="Record the decision").click()
    assert "The decision is recorded." in staff.content()
    assert RegisterEntry.objects.filter(election=election).count() == 2

    person.goto(f"{base}/en/elections/{election.pk}/register-request/follow/")
    person.get_by_label("Follow-up reference").fill(reference)
    person.get_by_role("button", name="See the decision").click()
    assert "The register is changed as you asked." in person.content()
    assert "Nadia" not in person.content()


def test_title_in_the_reader_language(live_server, browser: Any, world, make_user) -> None:
    """Staff prepare an election with its title in Spanish and French, add Arabic later while the
    register is open; a French reader sees the French title, an Arabic reader the Arabic one, and a
    title with no Arabic translation is shown in Spanish, marked as not yet translated."""
    base = live_server.url
    make_user("beta-editor", Role.EDITOR, world.city)
    body = sample_body(world.city)

    staff = sign_in(browser, base, "beta-editor")
    staff.goto(f"{base}/en/staff/t/beta/elections/new/")
    assert staff.get_by_label("Language of the title").input_value() == "es"
    assert_no_serious_violations(staff)
    staff.get_by_label("Consultative body", exact=False).select_option(label="Consejo Beta")
    staff.get_by_label("Title (required)", exact=True).fill("Elección del consejo 2027")
    staff.get_by_label("title — French").fill("Élection du conseil 2027")
    staff.get_by_label("Consejo Beta — All residents").check()
    staff.get_by_label("Voting method", exact=False).select_option("plurality")
    staff.get_by_label("Voting opens", exact=False).fill("2027-03-01T09:00")
    staff.get_by_label("Voting closes", exact=False).fill("2027-03-08T20:00")
    staff.get_by_role("button", name="Create the draft").click()
    assert "The election is created as a draft." in staff.content()
    election = Election.objects.get(body=body)
    assert (
        election.original_language == "es" and election.text_in("title", "fr") == "Élection du conseil 2027"
    )

    staff.get_by_role("button", name="Open the register").click()
    staff.get_by_text("Change the translations").click()
    staff.get_by_label("title — Arabic").fill("انتخاب المجلس 2027")
    staff.get_by_role("button", name="Save the translations").click()
    assert "The translations of the title are saved." in staff.content()
    assert_no_serious_violations(staff)
    staff.get_by_role("link", name="Event log").click()
    assert "title translations changed" in staff.content()

    reader = browser.new_context(locale="fr-FR", java_script_enabled=False).new_page()
    reader.goto(f"{base}/fr/elections/{election.pk}/")
    assert reader.get_by_role("heading", level=1).inner_text() == "Élection du conseil 2027"
    reader.goto(f"{base}/ar/elections/{election.pk}/")
    assert reader.get_by_role("heading", level=1).inner_text() == "انتخاب المجلس 2027"
    assert "انتخاب المجلس 2027" in reader.title()

    Election.objects.filter(pk=election.pk).update(translations={})
    reader.goto(f"{base}/ar/elections/")
    link = reader.get_by_role("link", name="Elección del consejo 2027", exact=False)
    assert link.locator("small.untranslated").count() == 1
