"""Calls, applications, review with recusal, ranking and award, milestone reports."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pontes.calls import services
from pontes.calls.models import Application, Call, MilestoneReport, Review
from pontes.calls.services import CriterionSpec
from pontes.calls.testing import eligible_answers, make_application, make_call
from pontes.core.models import AuditEntry, Organisation, Role
from pontes.core.services import create_organisation

pytestmark = pytest.mark.django_db


def _review(actor, application, score: int = 8) -> Review:
    criteria = application.call.criteria.all()
    return services.submit_review(
        actor=actor,
        application=application,
        scores={c.pk: (score, "Clear and well argued.") for c in criteria},
        gender_analysis="addressed",
        gender_resources="partly",
        gender_monitoring="addressed",
        gender_effect="missing",
    )


def _org(world, slug: str) -> Organisation:
    return create_organisation(
        actor=None, territory=world.city, name=slug.title(), slug=slug, kind="migrant_association"
    )


def test_weights_must_add_up_to_100_and_the_ceiling_fit_the_budget(world, staff) -> None:
    call = Call(
        title="X",
        description="Y",
        budget=Decimal("100"),
        ceiling=Decimal("200"),
        currency="eur",
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.save_call(
            actor=staff["city_editor"],
            territory=world.city,
            call=call,
            criteria=[CriterionSpec("Relevance", 50), CriterionSpec("Cost", 40)],
        )
    assert "add up to 90" in error.value.message_dict["criteria"][0]
    assert "ceiling" in error.value.message_dict
    assert not Call.objects.exists()


def test_an_analyst_may_not_open_a_call(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.set_call_status(actor=staff["city_analyst"], call=call, status="open")
    services.set_call_status(actor=staff["city_editor"], call=call, status="open")
    assert Call.objects.get(pk=call.pk).status == "open"


def test_criteria_are_fixed_once_the_call_is_open(world, staff) -> None:
    call = make_call(world.city)
    with pytest.raises(ValidationError, match="only while the call is a draft"):
        services.save_call(
            actor=staff["city_editor"], territory=world.city, call=call, criteria=[CriterionSpec("All", 100)]
        )


def test_failed_eligibility_says_which_and_why_and_saves_nothing(world, staff) -> None:
    call = make_call(world.city)
    answers = eligible_answers(call)
    first = call.questions.first()
    assert first is not None
    answers[str(first.pk)] = False
    with pytest.raises(ValidationError) as error:
        make_application(call, world.organisation, eligibility_answers=answers)
    assert "based in the municipality" in error.value.messages[0]
    assert "funds local organisations" in error.value.messages[0]
    assert not Application.objects.exists()


def test_late_applications_are_refused(world, staff) -> None:
    call = make_call(world.city)
    late = timezone.make_aware(
        datetime.datetime.combine(call.deadline + datetime.timedelta(days=1), datetime.time(9))
    )
    with pytest.raises(ValidationError, match="late applications are not accepted"):
        make_application(call, world.organisation, now=late)
    assert not Application.objects.exists()


def test_amount_at_most_the_ceiling_and_the_budget_total(world, staff) -> None:
    call = make_call(world.city)
    with pytest.raises(ValidationError) as error:
        make_application(call, world.organisation, amount="6000")
    assert "ceiling" in error.value.message_dict["amount_requested"][0]
    with pytest.raises(ValidationError) as error:
        make_application(
            call, world.organisation, budget_lines=[("Room", Decimal("500"))], amount_requested=Decimal("900")
        )
    assert "budget total" in error.value.message_dict["amount_requested"][0]


def test_the_organisation_editor_applies(world, staff) -> None:
    call = make_call(world.city)
    application = make_application(call, world.organisation)
    assert application.budget_total == Decimal("5000")
    assert AuditEntry.objects.filter(target_type="calls.Application", action="create").exists()
    with pytest.raises(PermissionDenied):
        services.submit_application(
            actor=staff["provider"],
            call=call,
            organisation=world.other_organisation,
            eligibility_answers=eligible_answers(call),
            title="T",
            plan="P",
            budget_lines=[("A", Decimal(1))],
            amount_requested=Decimal(1),
            gender_impact_analysed=False,
            gender_resources="r",
            gender_monitoring="m",
            gender_effect="e",
        )


def test_a_member_of_the_organisation_is_recused_and_the_attempt_logged(world, staff, make_user) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED)
    application = make_application(call, world.organisation)
    reviewer = make_user("double-hat", Role.EDITOR, world.city)
    from pontes.core.services import grant_role

    grant_role(actor=None, user=reviewer, role=Role.PROVIDER_EDITOR, organisation=world.organisation)
    with pytest.raises(PermissionDenied, match="you are recused"):
        _review(reviewer, application)
    assert not Review.objects.exists()
    (log,) = AuditEntry.objects.filter(action="refuse")
    assert log.actor == reviewer and log.changes["refused"] == ["member"]
    assert (log.target_type, log.target_id) == ("calls.Application", str(application.pk))


def test_a_declared_conflict_recuses_the_reviewer(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED)
    application = make_application(call, world.organisation)
    services.declare_conflict(
        actor=staff["city_analyst"], call=call, organisation=world.organisation, note="Cousin"
    )
    with pytest.raises(PermissionDenied, match="declared a conflict of interest"):
        _review(staff["city_analyst"], application)
    assert AuditEntry.objects.get(action="refuse").changes["refused"] == ["declared"]
    _review(staff["city_editor"], application)  # others still review it


def test_every_score_needs_a_justification(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED)
    application = make_application(call, world.organisation)
    criteria = list(call.criteria.all())
    with pytest.raises(ValidationError) as error:
        services.submit_review(
            actor=staff["city_editor"],
            application=application,
            scores={c.pk: (7, "" if c == criteria[0] else "ok") for c in criteria},
            gender_analysis="addressed",
            gender_resources="addressed",
            gender_monitoring="addressed",
            gender_effect="addressed",
        )
    assert f"justification_{criteria[0].pk}" in error.value.message_dict
    assert not Review.objects.exists()


def test_weighted_score_and_ranking_and_award_within_budget(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED, reviews_needed=1, budget=Decimal("9000"))
    first = make_application(call, _org(world, "first"), amount="4000")
    big = make_application(call, _org(world, "big"), amount="5000")
    small = make_application(call, _org(world, "small"), amount="1000")
    unreviewed = make_application(call, _org(world, "late-reviewed"), amount="500")
    relevance, feasibility, value = call.criteria.all()
    scores = {first: (10, 9, 8), big: (5, 5, 5), small: (4, 4, 4)}
    for application, (a, b, c) in scores.items():
        services.submit_review(
            actor=staff["city_editor"],
            application=application,
            scores={relevance.pk: (a, "j"), feasibility.pk: (b, "j"), value.pk: (c, "j")},
            gender_analysis="addressed",
            gender_resources="addressed",
            gender_monitoring="addressed",
            gender_effect="addressed",
        )
    # (10*40 + 9*35 + 8*25) / 100 = 9.15
    assert Review.objects.get(application=first).weighted_score == Decimal("9.15")
    plan = services.award_plan(call)
    assert (plan[-1].application, plan[-1].reason) == (unreviewed, "Not reviewed.")
    # An application without its reviews holds the decision back, and nothing changes.
    with pytest.raises(ValidationError) as error:
        services.award_call(actor=staff["city_editor"], call=call)
    assert "at least 1 review" in error.value.messages[0]
    assert "“Project of Late-Reviewed” (Late-Reviewed): 0 reviews of 1." in error.value.messages[1]
    assert Call.objects.get(pk=call.pk).status == "closed"
    assert not Application.objects.exclude(status="submitted").exists()
    _review(staff["city_analyst"], unreviewed, 1)
    services.award_call(actor=staff["city_editor"], call=call)
    for application in (first, big, small, unreviewed):
        application.refresh_from_db()
    assert (first.status, first.amount_awarded, first.rank) == ("awarded", Decimal("4000"), 1)
    assert (big.status, big.amount_awarded) == ("awarded", Decimal("5000"))
    # 9000 - 4000 - 5000 leaves nothing: the smaller ones are skipped with the reason.
    assert small.status == "not_awarded" and "do not fit" in small.decision_reason and small.rank == 3
    assert unreviewed.status == "not_awarded" and unreviewed.rank == 4
    assert Call.objects.get(pk=call.pk).status == "decided"


def test_a_skipped_application_leaves_room_for_the_next(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED, budget=Decimal("6000"))
    first = make_application(call, _org(world, "a-one"), amount="4000")
    second = make_application(call, _org(world, "a-two"), amount="3000")
    third = make_application(call, _org(world, "a-three"), amount="2000")
    for application, score in ((first, 9), (second, 8), (third, 7)):
        _review(staff["city_editor"], application, score)
    plan = services.award_plan(call)
    assert [(p.application, p.awarded) for p in plan] == [(first, True), (second, False), (third, True)]


def test_only_a_closed_call_is_decided(world, staff) -> None:
    call = make_call(world.city)
    with pytest.raises(ValidationError):
        services.award_call(actor=staff["city_editor"], call=call)


def test_milestone_reports_of_funded_projects(world, staff) -> None:
    call = make_call(world.city, status=Call.Status.CLOSED, reviews_needed=1)
    application = make_application(call, world.organisation)
    with pytest.raises(ValidationError, match="Only funded projects"):
        services.submit_report(
            actor=staff["provider"], application=application, milestone="M1", progress="p", spent=Decimal(1)
        )
    _review(staff["city_editor"], application)
    services.award_call(actor=staff["city_editor"], call=call)
    application.refresh_from_db()
    report = services.submit_report(
        actor=staff["provider"], application=application, milestone="M1", progress="Done", spent=Decimal(900)
    )
    with pytest.raises(ValidationError) as error:
        services.review_report(actor=staff["city_editor"], report=report, accept=False)
    assert "staff_note" in error.value.message_dict
    services.review_report(actor=staff["city_editor"], report=report, accept=False, note="Attendance lists?")
    assert MilestoneReport.objects.get().status == "more"
    services.review_report(actor=staff["city_editor"], report=report, accept=True)
    assert MilestoneReport.objects.get().status == "accepted"
