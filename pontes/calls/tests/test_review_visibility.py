"""A reviewer judges an application before seeing anyone else's judgement of it: no review, score
or rank of it shows on any page until their own review is in; staff who manage calls without
reviewing them see everything; the awards wait for the reviews the call asks for."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from pontes.calls import selectors, services
from pontes.calls.models import Application, Call
from pontes.calls.testing import make_application, make_call
from pontes.core.models import Role
from pontes.core.registry import registry
from pontes.core.services import create_organisation, grant_role
from pontes.core.testing import signed_in_client

pytestmark = pytest.mark.django_db


def _review(actor, application, score: int, note: str = "Clear and well argued.") -> None:
    services.submit_review(
        actor=actor,
        application=application,
        scores={c.pk: (score, note) for c in application.call.criteria.all()},
        gender_analysis="addressed",
        gender_resources="partly",
        gender_monitoring="addressed",
        gender_effect="missing",
    )


@pytest.fixture
def reviewed(world, staff):
    """A closed call with two applications, each reviewed once by the analyst."""
    call = make_call(world.city, status=Call.Status.CLOSED, budget=Decimal("9000"), reviews_needed=2)
    other = create_organisation(
        actor=None, territory=world.city, name="Dar Amal", slug="dar-amal", kind="migrant_association"
    )
    first = make_application(call, world.organisation, amount="4000", title="Language cafés")
    second = make_application(call, other, amount="3000", title="Job mentors")
    _review(staff["city_analyst"], first, 9, "Secret note on the cafés.")
    _review(staff["city_analyst"], second, 7, "Secret note on the mentors.")
    return call, first, second


@pytest.fixture
def managers_do_not_review(monkeypatch):
    """A territory where editors manage calls and only analysts review them."""
    capability = registry.get("calls")
    assert capability is not None
    monkeypatch.setitem(capability.permissions, "calls.review_applications", (Role.ANALYST,))


def _page(client, name: str, **kwargs) -> str:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_the_rule_in_the_selectors(world, staff, reviewed) -> None:
    call, first, second = reviewed
    editor, analyst = staff["city_editor"], staff["city_analyst"]
    assert selectors.hidden_reviews(editor, call) == {first.pk: "pending", second.pk: "pending"}
    assert selectors.hidden_reviews(analyst, call) == {}
    assert selectors.visible_reviews(editor, first) == []
    _review(editor, first, 5)
    assert selectors.hidden_reviews(editor, call) == {second.pk: "pending"}
    assert len(selectors.visible_reviews(editor, first)) == 2
    # Ties with the applicant: no sight of its reviews before the decision.
    grant_role(actor=None, user=editor, role=Role.PROVIDER_EDITOR, organisation=second.organisation)
    assert selectors.hidden_reviews(editor, call) == {second.pk: "recused"}
    assert selectors.hidden_reason(editor, second) == "recused"
    # People who do not review the call's place see everything.
    assert selectors.hidden_reviews(staff["town_editor"], call) == {}


def test_the_call_page_hides_scores_and_ranks_of_pending_reviews(world, staff, reviewed) -> None:
    call, _first, second = reviewed
    editor = signed_in_client(staff["city_editor"])
    page = _page(editor, "calls:staff_call", slug="beta", pk=call.pk)
    assert "9.00" not in page and "7.00" not in page
    assert page.count("your review is pending") == 2
    # Listed in the order they came in, not by rank.
    _review(staff["city_editor"], second, 2)  # 4.50 on average: now ranked second
    page = _page(editor, "calls:staff_call", slug="beta", pk=call.pk)
    assert "4.50" in page and "9.00" not in page and page.count("your review is pending") == 1
    assert page.index("Job mentors") < page.index("Language cafés")


def test_the_review_page_says_the_review_is_pending(world, staff, reviewed) -> None:
    _call, first, _second = reviewed
    page = _page(signed_in_client(staff["city_editor"]), "calls:review", slug="beta", pk=first.pk)
    assert "Your review is pending" in page and "Secret note on the cafés" not in page


def test_the_award_page_hides_the_plan_from_a_reviewer_who_has_not_reviewed(world, staff, reviewed) -> None:
    call, _first, _second = reviewed
    client = signed_in_client(staff["city_editor"])
    page = _page(client, "calls:award", slug="beta", pk=call.pk)
    assert page.count("Your review is pending.") == 2
    assert "9.00" not in page and "7.00" not in page and "Ranked" not in page and "Total awarded" not in page


def test_staff_who_manage_without_reviewing_see_everything(
    world, staff, reviewed, managers_do_not_review
) -> None:
    call, _first, _second = reviewed
    editor = signed_in_client(staff["city_editor"])
    page = _page(editor, "calls:award", slug="beta", pk=call.pk)
    assert "9.00" in page and "7.00" in page and "Ranked 1" in page and "pending" not in page
    assert selectors.hidden_reviews(staff["city_editor"], call) == {}


def test_awards_wait_for_the_reviews_the_call_asks_for(
    world, staff, reviewed, managers_do_not_review, make_user
) -> None:
    call, first, second = reviewed
    second_analyst = make_user("beta-analyst-2", Role.ANALYST, world.city)
    editor = signed_in_client(staff["city_editor"])
    url = reverse("calls:award", kwargs={"slug": "beta", "pk": call.pk})
    page = editor.get(url).content.decode()
    assert "at least 2 reviews" in page and "Confirm the awards" not in page
    refused = editor.post(url, follow=True).content.decode()
    assert (
        "The awards cannot be confirmed yet" in refused
        and "“Job mentors” (Dar Amal): 1 review of 2." in refused
    )
    assert Call.objects.get(pk=call.pk).status == "closed"
    assert not Application.objects.exclude(status="submitted").exists()
    _review(second_analyst, first, 8)
    _review(second_analyst, second, 8)
    assert "Confirm the awards" in editor.get(url).content.decode()
    assert editor.post(url).status_code == 302
    assert Call.objects.get(pk=call.pk).status == "decided"


def test_after_the_decision_everyone_reviewing_sees_the_reviews(world, staff, reviewed) -> None:
    call, first, _second = reviewed
    call.reviews_needed = 1
    call.save(update_fields=["reviews_needed"])
    services.award_call(actor=staff["city_editor"], call=call)
    call.refresh_from_db()
    assert selectors.hidden_reviews(staff["city_editor"], call) == {}
    page = _page(signed_in_client(staff["city_editor"]), "calls:review", slug="beta", pk=first.pk)
    assert "Secret note on the cafés" in page


def test_the_number_of_reviews_is_set_on_the_call_form(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.DRAFT)
    client = signed_in_client(staff["city_editor"])
    url = reverse("calls:call_edit", kwargs={"slug": "beta", "pk": call.pk})
    data = {
        "original_language": "en",
        "title": call.title,
        "description": call.description,
        "priorities": call.priorities,
        "budget": "10000",
        "ceiling": "5000",
        "currency": "EUR",
        "opens_on": call.opens_on.isoformat(),
        "deadline": call.deadline.isoformat(),
        "criteria": "Relevance; 100",
        "reviews_needed": "3",
    }
    assert client.post(url, data).status_code == 302
    assert Call.objects.get(pk=call.pk).reviews_needed == 3
    bad = client.post(url, {**data, "reviews_needed": "0"})
    assert bad.status_code == 200 and "greater than or equal to 1" in bad.content.decode()
    assert Call.objects.get(pk=call.pk).reviews_needed == 3
