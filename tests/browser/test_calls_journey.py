"""An association checks its eligibility (refused, then admitted) and applies without JavaScript;
staff close the call; a reviewer scores it; staff award it (their own pending review hides the
scores from them) and the association reads its decision letter. A French reader sees the translated
criteria. Accessibility checked on the public call, the application form and the review form."""

from __future__ import annotations

from typing import Any

import pytest

from pontes.calls import services
from pontes.calls.models import Application, Call
from pontes.calls.testing import make_call
from pontes.core.models import Role
from pontes.core.testing import PASSWORD, assert_no_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(browser: Any, base: str, username: str, *, javascript: bool = True) -> Any:
    context = browser.new_context(
        viewport={"width": 412, "height": 900}, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/**")
    return page


def test_apply_review_award_letter(live_server, browser: Any, world, make_user) -> None:
    base = live_server.url
    make_user("casa-editor", Role.PROVIDER_EDITOR, world.organisation)
    make_user("beta-editor", Role.EDITOR, world.city)
    make_user("beta-analyst", Role.ANALYST, world.city)
    call = make_call(world.city, title="Integration projects 2027", reviews_needed=1)
    based, profit = call.questions.all()

    public = browser.new_context(locale="en-GB").new_page()
    public.goto(f"{base}/en/calls/")
    public.get_by_role("link", name="Integration projects 2027").click()
    assert "How applications are scored" in public.content()
    assert_no_serious_violations(public)
    # A French reader sees the criteria staff translated, and the others marked as not yet translated.
    relevance = call.criteria.all()[0]
    services.translate_call_texts(
        actor=None, call=call, criteria={relevance.pk: {"fr": {"name": "Pertinence"}}}
    )
    public.goto(f"{base}/fr/calls/{call.pk}/")
    assert public.get_by_role("rowheader", name="Pertinence").is_visible()
    assert public.locator("th small.untranslated").count() == 2

    # 1. The association is refused on eligibility (nothing saved), then admitted and applies.
    applicant = sign_in(browser, base, "casa-editor", javascript=False)
    applicant.goto(f"{base}/en/staff/o/{world.organisation.slug}/calls/")
    applicant.get_by_role("link", name="Apply").click()
    applicant.locator(f"input[name=q{based.pk}][value=no]").check()
    applicant.locator(f"input[name=q{profit.pk}][value=no]").check()
    applicant.get_by_role("button", name="Check and continue").click()
    assert "Nothing was saved" in applicant.content()
    applicant.locator(f"input[name=q{based.pk}][value=yes]").check()
    applicant.get_by_role("button", name="Check and continue").click()
    assert "Step 2 of 2" in applicant.content()
    applicant.locator("input[name=title]").fill("Language cafés")
    applicant.locator("textarea[name=plan]").fill("Two evenings a week of conversation.")
    applicant.locator("textarea[name=budget]").fill("Facilitators; 3000\nChildcare corner; 800")
    applicant.get_by_label("Amount requested").fill("3500")
    applicant.get_by_label("Planned start").fill("2027-09-01")
    applicant.get_by_label("Planned end").fill("2028-06-30")
    applicant.locator("input[name=gender_impact_analysed][value=yes]").check()
    applicant.get_by_label("What resources of the budget go to gender equality work?").fill("Childcare.")
    applicant.get_by_label("How will you monitor what is spent on women and on men?").fill("By sex.")
    applicant.get_by_label("What effect on inequalities between women and men do you expect?").fill(
        "More women."
    )
    applicant.get_by_role("button", name="Submit the application").click()
    assert "The application is submitted." in applicant.content()
    application = Application.objects.get()

    # 2. Staff close the call; a reviewer scores every criterion.
    Call.objects.filter(pk=call.pk).update(status=Call.Status.CLOSED)
    reviewer = sign_in(browser, base, "beta-analyst")
    reviewer.goto(f"{base}/en/staff/t/beta/calls/applications/{application.pk}/review/")
    assert_no_serious_violations(reviewer)
    for criterion in call.criteria.all():
        reviewer.locator(f"input[name=score_{criterion.pk}]").fill("8")
        reviewer.locator(f"textarea[name=justification_{criterion.pk}]").fill("Well argued.")
    for name in ("gender_analysis", "gender_resources", "gender_monitoring", "gender_effect"):
        reviewer.locator(f"input[name={name}][value=addressed]").check()
    reviewer.get_by_role("button", name="Submit the review").click()
    assert "Your review is saved." in reviewer.content()

    # 3. Staff award in ranking order; the association reads its letter.
    # The editor reviews this call too: the score stays hidden from them until their own review is in.
    editor = sign_in(browser, base, "beta-editor")
    editor.goto(f"{base}/en/staff/t/beta/calls/{call.pk}/award/")
    assert "Your review is pending." in editor.content() and "8.00" not in editor.content()
    assert_no_serious_violations(editor)
    editor.get_by_role("button", name="Confirm the awards and decide the call").click()
    assert "The call is decided" in editor.content()
    applicant.goto(f"{base}/en/staff/o/{world.organisation.slug}/calls/")
    applicant.get_by_role("link", name="decision letter").click()
    assert "3500.00 EUR are awarded" in applicant.content()
