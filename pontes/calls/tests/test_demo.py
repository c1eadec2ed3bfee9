"""The calls demo step: an open call with applications and a decided one with awards in Valmira."""

from __future__ import annotations

from io import StringIO

import pytest

from pontes.calls import demo
from pontes.calls.models import Application, Call, MilestoneReport, Review
from pontes.core.demo import DemoContext
from pontes.core.demo_steps import create_territories_people_and_organisations
from pontes.core.registry import registry


def test_the_step_is_registered_after_diaspora() -> None:
    calls, diaspora = registry.get("calls"), registry.get("diaspora")
    assert calls is not None and diaspora is not None
    assert calls.demo_data is demo.load and calls.order > diaspora.order


@pytest.mark.django_db
def test_demo_calls_once_and_again() -> None:
    context = DemoContext(seed=5, out=StringIO())
    create_territories_people_and_organisations(context)
    demo.load(context)
    open_call = Call.objects.get(title=demo.OPEN_TITLE)
    past = Call.objects.get(title=demo.PAST_TITLE)
    assert open_call.status == "open" and open_call.territory.slug == "valmira"
    assert open_call.applications.count() == 3
    assert past.status == "decided" and past.applications.count() == 3
    assert Review.objects.filter(application__call=past).count() == 6
    statuses = set(past.applications.values_list("status", flat=True))
    assert "awarded" in statuses
    awarded = sum(a.amount_awarded or 0 for a in past.applications.all())
    assert 0 < awarded <= past.budget
    assert MilestoneReport.objects.count() == 1
    assert open_call.tr("title", "fr").text == "Projets annuels d'intégration 2027 (fictif)"
    # Questions and criteria in French and Arabic; one question waits for its Arabic translation.
    criterion = open_call.criteria.all()[0]
    assert criterion.tr("name", "ar").text == "الملاءمة مع أولويات طلب المشاريع"
    last = open_call.questions.all()[2]
    assert last.tr("text", "fr").language == "fr" and last.tr("text", "ar").is_fallback
    counts = (Call.objects.count(), Application.objects.count(), Review.objects.count())
    demo.load(context)
    assert (Call.objects.count(), Application.objects.count(), Review.objects.count()) == counts
