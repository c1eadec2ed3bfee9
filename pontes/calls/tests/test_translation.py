"""The texts of a call's questions and criteria in the reader's language, or marked as not yet
translated: public page, eligibility step and its refusal, review form, staff translation page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from pontes.calls import services
from pontes.calls.models import Call, Criterion, EligibilityQuestion
from pontes.calls.testing import make_application, make_call
from pontes.core.models import AuditEntry
from pontes.core.testing import signed_in_client

pytestmark = pytest.mark.django_db

BASED_FR = "L'organisation est-elle établie dans la commune ?"
WHY_FR = "L'appel finance des organisations locales."
RELEVANCE_FR = "Pertinence"
RELEVANCE_AR = "الملاءمة"


def _translated(world, **values) -> Call:
    call = make_call(world.city, **values)
    based = call.questions.all()[0]
    relevance = call.criteria.all()[0]
    services.translate_call_texts(
        actor=None,
        call=call,
        questions={based.pk: {"fr": {"text": BASED_FR, "explanation": WHY_FR}}},
        criteria={relevance.pk: {"fr": {"name": RELEVANCE_FR}, "ar": {"name": RELEVANCE_AR}}},
    )
    return call


def test_questions_and_criteria_are_written_in_the_call_language(world) -> None:
    call = make_call(world.city, original_language="es")
    assert set(EligibilityQuestion.objects.values_list("original_language", flat=True)) == {"es"}
    assert set(Criterion.objects.values_list("original_language", flat=True)) == {"es"}
    call.original_language = "fr"
    services.save_call(actor=None, territory=world.city, call=call)
    assert set(Criterion.objects.values_list("original_language", flat=True)) == {"fr"}


def test_translations_are_saved_audited_and_cleared(world, staff) -> None:
    call = _translated(world)
    based = call.questions.all()[0]
    assert based.text_in("text", "fr") == BASED_FR and based.text_in("explanation", "fr") == WHY_FR
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, target_id=str(call.pk)).exists()
    services.translate_call_texts(
        actor=staff["city_editor"], call=call, questions={based.pk: {"fr": {"explanation": ""}}}
    )
    based.refresh_from_db()
    assert based.text_in("text", "fr") == BASED_FR and based.text_in("explanation", "fr") == ""


def test_only_staff_who_manage_calls_translate_and_only_the_call_texts(world, staff) -> None:
    call = make_call(world.city)
    other = make_call(world.city, title="Another call")
    relevance = call.criteria.all()[0]
    with pytest.raises(PermissionDenied):
        services.translate_call_texts(
            actor=staff["city_analyst"], call=call, criteria={relevance.pk: {"fr": {"name": "X"}}}
        )
    foreign = other.criteria.all()[0]
    with pytest.raises(ValidationError) as error:
        services.translate_call_texts(
            actor=staff["city_editor"],
            call=call,
            criteria={relevance.pk: {"fr": {"name": "Pertinence"}}, foreign.pk: {"fr": {"name": "X"}}},
        )
    assert "criteria" in error.value.message_dict
    assert Criterion.objects.get(pk=relevance.pk).translations == {}


def test_translations_stay_when_a_draft_is_saved_with_the_same_texts(world) -> None:
    call = _translated(world, status=Call.Status.DRAFT)
    services.save_call(
        actor=None,
        territory=world.city,
        call=call,
        questions=[
            services.QuestionSpec(q.text, q.required_answer, q.explanation) for q in call.questions.all()
        ],
        criteria=[services.CriterionSpec(c.name, c.weight) for c in call.criteria.all()],
    )
    assert call.questions.all()[0].text_in("text", "fr") == BASED_FR
    assert call.criteria.all()[0].text_in("name", "ar") == RELEVANCE_AR


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_the_public_call_in_french_and_in_arabic(world, client) -> None:
    call = _translated(world)
    french = client.get(_url("calls:call", "fr", pk=call.pk))
    page = french.content.decode()
    assert BASED_FR.replace("'", "&#x27;") in page and WHY_FR.replace("'", "&#x27;") in page
    assert f'<span lang="fr" dir="ltr">{RELEVANCE_FR}</span>' in page
    # Not translated into French: the original, with its language and the mark.
    assert '<span lang="en" dir="ltr">Feasibility</span> <small class="untranslated">' in page
    arabic = client.get(_url("calls:call", "ar", pk=call.pk))
    page = arabic.content.decode()
    assert f'<span lang="ar" dir="rtl">{RELEVANCE_AR}</span>' in page
    assert (
        '<span lang="en" dir="ltr">Is the organisation based in the municipality?</span> '
        '<small class="untranslated">'
    ) in page


def test_the_eligibility_step_and_its_refusal_in_french(world, staff) -> None:
    call = _translated(world)
    based, profit = call.questions.all()
    client = signed_in_client(staff["provider"])
    url = _url("calls:apply", "fr", org=world.organisation.slug, pk=call.pk)
    page = client.get(url).content.decode()
    assert BASED_FR.replace("'", "&#x27;") in page
    assert (
        '<span lang="en" dir="ltr">Does the project make a profit?</span> <small class="untranslated">'
        in page
    )
    refused = client.post(url, {"step": "eligibility", f"q{based.pk}": "no", f"q{profit.pk}": "no"})
    page = refused.content.decode()
    assert BASED_FR.replace("'", "&#x27;") in page and WHY_FR.replace("'", "&#x27;") in page
    assert "<span" in page and "&lt;span" not in page
    with translation.override("fr"):
        problems = services.eligibility_errors(call, {str(based.pk): False, str(profit.pk): False})
    assert len(problems) == 1 and WHY_FR.replace("'", "&#x27;") in problems[0]


def test_the_review_form_names_the_criteria_in_the_reader_language(world, staff) -> None:
    call = _translated(world, status=Call.Status.CLOSED)
    application = make_application(call, world.organisation)
    url = _url("calls:review", "ar", slug="beta", pk=application.pk)
    page = signed_in_client(staff["city_analyst"]).get(url).content.decode()
    assert f'<span lang="ar" dir="rtl">{RELEVANCE_AR}</span>' in page
    assert '<span lang="en" dir="ltr">Value</span> <small class="untranslated">' in page


def test_staff_translate_through_the_page_even_once_the_call_is_open(world, staff) -> None:
    call = make_call(world.city)
    based = call.questions.all()[0]
    relevance = call.criteria.all()[0]
    url = _url("calls:texts_translation", "en", slug="beta", pk=call.pk)
    client = signed_in_client(staff["city_editor"])
    page = client.get(url).content.decode()
    assert f'name="q{based.pk}_text__fr"' in page and f'name="c{relevance.pk}_name__ar"' in page
    assert f'name="q{based.pk}_text__en"' not in page  # the original language is the texts themselves
    response = client.post(
        url, {f"q{based.pk}_text__fr": BASED_FR, f"c{relevance.pk}_name__es": "Pertinencia"}
    )
    assert response.status_code == 302
    assert EligibilityQuestion.objects.get(pk=based.pk).text_in("text", "fr") == BASED_FR
    assert Criterion.objects.get(pk=relevance.pk).text_in("name", "es") == "Pertinencia"
    too_long = client.post(url, {f"c{relevance.pk}_name__fr": "x" * 201})
    assert too_long.status_code == 200 and "at most 200 characters" in too_long.content.decode()
    assert Criterion.objects.get(pk=relevance.pk).text_in("name", "fr") == ""
    assert signed_in_client(staff["city_analyst"]).get(url).status_code == 403
