"""The pages: opening a call, applying in two steps, reviewing blind, awarding, letters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pontes.calls import services
from pontes.calls.models import Application, Call, Review
from pontes.calls.testing import make_application, make_call
from pontes.core.models import AuditEntry, Role
from pontes.core.services import grant_role
from pontes.core.testing import signed_in_client

pytestmark = pytest.mark.django_db


def test_staff_open_a_call_through_the_form(world, staff) -> None:
    client = signed_in_client(staff["city_editor"])
    data = {
        "original_language": "es",
        "title": "Proyectos de integración",
        "description": "Convocatoria anual.",
        "priorities": ["language", "employability"],
        "budget": "20000",
        "ceiling": "5000",
        "currency": "EUR",
        "opens_on": "2026-01-10",
        "deadline": "2026-03-01",
        "reviews_needed": "2",
        "questions": "¿Tiene sede en la ciudad?؛ sí؛ Solo entidades locales.\nIs it for profit?; no",
        "criteria": "Relevance; 60\nFeasibility؛ 40",
    }
    response = client.post(reverse("calls:call_new", kwargs={"slug": "beta"}), data)
    assert response.status_code == 302, [e for e in response.context["form"].errors.items()]
    call = Call.objects.get()
    assert [(q.text, q.required_answer) for q in call.questions.all()] == [
        ("¿Tiene sede en la ciudad?", True),
        ("Is it for profit?", False),
    ]
    assert [(c.name, c.weight) for c in call.criteria.all()] == [("Relevance", 60), ("Feasibility", 40)]
    bad = client.post(
        reverse("calls:call_new", kwargs={"slug": "beta"}), {**data, "criteria": "Relevance; lots"}
    )
    assert "Line 1: write the criterion" in bad.content.decode() and Call.objects.count() == 1


def _apply_url(world, call):
    return reverse("calls:apply", kwargs={"org": world.organisation.slug, "pk": call.pk})


def test_eligibility_first_then_the_application(world, staff) -> None:
    call = make_call(world.city)
    first, second = call.questions.all()
    client = signed_in_client(staff["provider"])
    url = _apply_url(world, call)
    assert "Step 1 of 2" in client.get(url).content.decode()
    refused = client.post(url, {"step": "eligibility", f"q{first.pk}": "no", f"q{second.pk}": "no"})
    page = refused.content.decode()
    assert "based in the municipality" in page and "funds local organisations" in page
    assert "Nothing was saved" in page and not Application.objects.exists()
    answers = {f"q{first.pk}": "yes", f"q{second.pk}": "no"}
    step_two = client.post(url, {"step": "eligibility", **answers})
    assert "Step 2 of 2" in step_two.content.decode()
    application = {
        "step": "application",
        **answers,
        "title": "Cafés de idiomas",
        "plan": "Cada semana.",
        "budget": "Alquiler de sala؛ 1200\nMonitoras; 2.000,50",
        "amount_requested": "6000",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "gender_impact_analysed": "yes",
        "gender_resources": "Guardería.",
        "gender_monitoring": "Asistencia por sexo.",
        "gender_effect": "Más mujeres.",
    }
    too_much = client.post(url, application)
    assert "above the ceiling" in too_much.content.decode(), too_much.context["form"].errors
    assert not Application.objects.exists()
    bad_line = client.post(url, {**application, "budget": "Sala 1200"})
    assert "Line 1: write the item" in bad_line.content.decode()
    done = client.post(url, {**application, "amount_requested": "3000"})
    assert done.status_code == 302
    saved = Application.objects.get()
    assert saved.budget_lines == [["Alquiler de sala", "1200"], ["Monitoras", "2000.50"]]
    home = client.get(reverse("calls:organisation_home", kwargs={"org": world.organisation.slug}))
    assert "Cafés de idiomas" in home.content.decode() and "submitted" in home.content.decode()


def test_a_reviewer_sees_other_reviews_only_after_their_own(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED)
    application = make_application(call, world.organisation)
    services.submit_review(
        actor=staff["city_editor"],
        application=application,
        scores={c.pk: (9, "Secret justification of the editor.") for c in call.criteria.all()},
        gender_analysis="addressed",
        gender_resources="addressed",
        gender_monitoring="addressed",
        gender_effect="addressed",
    )
    client = signed_in_client(staff["city_analyst"])
    url = reverse("calls:review", kwargs={"slug": "beta", "pk": application.pk})
    before = client.get(url).content.decode()
    assert "Secret justification" not in before and "Your review" in before
    ranking = client.get(reverse("calls:staff_call", kwargs={"slug": "beta", "pk": call.pk})).content.decode()
    assert "9.00" not in ranking
    data = {
        "gender_analysis": "partly",
        "gender_resources": "partly",
        "gender_monitoring": "missing",
        "gender_effect": "partly",
    }
    for criterion in call.criteria.all():
        data[f"score_{criterion.pk}"] = "6"
        data[f"justification_{criterion.pk}"] = "Reasonable."
    first = call.criteria.all()[0]
    missing = client.post(url, {**data, f"justification_{first.pk}": ""})
    assert missing.status_code == 200 and Review.objects.count() == 1
    assert client.post(url, data).status_code == 302
    after = client.get(url).content.decode()
    assert "Secret justification" in after and "Reasonable." in after


def test_a_recused_reviewer_is_refused_with_a_message(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED)
    application = make_application(call, world.organisation)
    reviewer = staff["city_editor"]
    grant_role(actor=None, user=reviewer, role=Role.PROVIDER_EDITOR, organisation=world.organisation)
    response = signed_in_client(reviewer).get(
        reverse("calls:review", kwargs={"slug": "beta", "pk": application.pk})
    )
    assert response.status_code == 403
    assert "recused" in response.content.decode() and "Casa Beta" in response.content.decode()
    refusals = AuditEntry.objects.filter(action="refuse", actor=reviewer, target_id=str(application.pk))
    assert refusals.count() == 1


def test_award_letters_and_access(world, staff, make_user) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED, reviews_needed=1)
    application = make_application(call, world.organisation, amount="2500")
    services.submit_review(
        actor=staff["city_analyst"],
        application=application,
        scores={c.pk: (8, "Good.") for c in call.criteria.all()},
        gender_analysis="addressed",
        gender_resources="addressed",
        gender_monitoring="addressed",
        gender_effect="addressed",
    )
    editor = signed_in_client(staff["city_editor"])
    plan = editor.get(reverse("calls:award", kwargs={"slug": "beta", "pk": call.pk})).content.decode()
    # The editor reviews this call too and has not reviewed the application: its score stays hidden.
    assert "Your review is pending." in plan and "it fits the budget" not in plan and "8.00" not in plan
    assert editor.post(reverse("calls:award", kwargs={"slug": "beta", "pk": call.pk})).status_code == 302
    letter_url = reverse("calls:letter", kwargs={"pk": application.pk})
    letter = signed_in_client(staff["provider"]).get(letter_url).content.decode()
    assert "2500.00 EUR are awarded" in letter and "8.00 out of 10" in letter
    french = signed_in_client(staff["provider"]).get(letter_url.replace("/en/", "/fr/", 1))
    assert french.status_code == 200
    outsider = make_user("other-provider", Role.PROVIDER_EDITOR, world.other_organisation)
    assert signed_in_client(outsider).get(letter_url).status_code == 403
    public = (
        signed_in_client(staff["nobody"]).get(reverse("calls:call", kwargs={"pk": call.pk})).content.decode()
    )
    assert "grants.csv" in public


def test_the_apply_page_refuses_late_and_early(world, staff) -> None:
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    late = make_call(
        world.city, deadline=today - datetime.timedelta(days=1), opens_on=today - datetime.timedelta(days=9)
    )
    client = signed_in_client(staff["provider"])
    page = client.get(_apply_url(world, late)).content.decode()
    assert "late applications are not accepted" in page and "Step 1 of 2" not in page
    early = make_call(world.city, opens_on=today + datetime.timedelta(days=3))
    assert "not open for applications" in client.get(_apply_url(world, early)).content.decode()
