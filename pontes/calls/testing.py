"""Test-only helpers of the calls app: sample calls and applications, and URL samples."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pontes.core.models import Organisation, Territory

from . import services
from .models import Application, Call, MilestoneReport
from .services import CriterionSpec, QuestionSpec

CRITERIA = [CriterionSpec("Relevance", 40), CriterionSpec("Feasibility", 35), CriterionSpec("Value", 25)]
QUESTIONS = [
    QuestionSpec(
        "Is the organisation based in the municipality?", True, "The call funds local organisations."
    ),
    QuestionSpec("Does the project make a profit?", False, ""),
]


def make_call(territory: Territory, *, status: str = Call.Status.OPEN, **values: Any) -> Call:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "title": "Integration projects",
        "description": "Yearly projects for integration.",
        "priorities": ["language", "employability"],
        "budget": Decimal("10000"),
        "ceiling": Decimal("5000"),
        "currency": "EUR",
        "opens_on": today - datetime.timedelta(days=10),
        "deadline": today + datetime.timedelta(days=10),
        "original_language": "en",
    }
    fields.update(values)
    call = services.save_call(
        actor=None, territory=territory, call=Call(**fields), questions=QUESTIONS, criteria=CRITERIA
    )
    if status != Call.Status.DRAFT:
        call.status = status
        call.save(update_fields=["status"])
    return call


def eligible_answers(call: Call) -> dict[str, bool]:
    return {str(q.pk): q.required_answer for q in call.questions.all()}


def make_application(
    call: Call, organisation: Organisation, amount: str = "4000", **values: Any
) -> Application:
    """An application as if submitted while the call was open, whatever its status now."""
    status = call.status
    call.status = Call.Status.OPEN
    fields: dict[str, Any] = {
        "title": f"Project of {organisation.name}",
        "plan": "Weekly language cafés.",
        "budget_lines": [("Room hire", Decimal("1000")), ("Facilitators", Decimal(amount))],
        "amount_requested": Decimal(amount),
        "partners": "",
        "gender_impact_analysed": True,
        "gender_resources": "A childcare corner.",
        "gender_monitoring": "Attendance by sex.",
        "gender_effect": "More women attend.",
        "starts_on": call.deadline + datetime.timedelta(days=30),
        "ends_on": call.deadline + datetime.timedelta(days=300),
        "eligibility_answers": eligible_answers(call),
        "now": timezone.make_aware(datetime.datetime.combine(call.opens_on, datetime.time(12))),
    }
    fields.update(values)
    application = services.submit_application(actor=None, call=call, organisation=organisation, **fields)
    call.status = status
    return application


def url_samples(world: Any) -> dict[str, Any]:
    call = make_call(world.city)
    application = make_application(call, world.organisation)
    report = MilestoneReport.objects.create(
        application=application, milestone="First quarter", progress="Started.", spent=Decimal("100")
    )
    return {
        "calls:call:pk": call.pk,
        "calls:grants_csv:pk": call.pk,
        "calls:grants_json:pk": call.pk,
        "calls:letter:pk": application.pk,
        "calls:staff_call:pk": call.pk,
        "calls:call_edit:pk": call.pk,
        "calls:call_status:pk": call.pk,
        "calls:conflicts:pk": call.pk,
        "calls:award:pk": call.pk,
        "calls:texts_translation:pk": call.pk,
        "calls:review:pk": application.pk,
        "calls:report_review:pk": report.pk,
        "calls:apply:pk": call.pk,
        "calls:report:pk": application.pk,
    }
