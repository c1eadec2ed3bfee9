"""Every write of the calls app: one function per use case, in a transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pontes.core import audit
from pontes.core.languages import base_language
from pontes.core.models import AuditEntry, Organisation, Territory, User
from pontes.core.permissions import require

from .models import (
    Application,
    Call,
    ConflictDeclaration,
    Criterion,
    EligibilityQuestion,
    MilestoneReport,
    Priority,
    Review,
    Score,
)
from .selectors import missing_reviews, recusal_reason

CALL_FIELDS = [
    "title",
    "description",
    "priorities",
    "budget",
    "ceiling",
    "currency",
    "opens_on",
    "deadline",
    "reviews_needed",
    "status",
    "original_language",
]
APPLICATION_FIELDS = [
    "title",
    "amount_requested",
    "budget_total",
    "status",
    "amount_awarded",
    "score",
    "rank",
]
CENTS = Decimal("0.01")

# Allowed moves of a call's status; "decided" is reached only by awarding.
STATUS_MOVES = {
    Call.Status.DRAFT: {Call.Status.OPEN},
    Call.Status.OPEN: {Call.Status.CLOSED, Call.Status.DRAFT},
    Call.Status.CLOSED: {Call.Status.OPEN},
    Call.Status.DECIDED: set(),
}


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    required_answer: bool
    explanation: str = ""


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    weight: int


# --- Calls --------------------------------------------------------------------------------------


@transaction.atomic
def save_call(
    *,
    actor: User | None,
    territory: Territory,
    call: Call,
    questions: list[QuestionSpec] | None = None,
    criteria: list[CriterionSpec] | None = None,
    translations: dict[str, dict[str, str]] | None = None,
) -> Call:
    """Creates or changes a call. Questions and criteria (None: left as they are) may change only
    while the call is a draft, so every application answers and is scored on the same terms."""
    if actor is not None:
        require(actor, "calls.manage_calls", territory)
    if call.pk and call.territory_id != territory.pk:
        raise PermissionDenied
    before = audit.snapshot(Call.objects.get(pk=call.pk), CALL_FIELDS) if call.pk else {}
    call.territory = territory
    errors: dict[str, list[str]] = {}
    unknown = [code for code in call.priorities if code not in Priority.values]
    if unknown:
        errors.setdefault("priorities", []).append(
            _("Unknown priorities: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
        )
    if call.budget is not None and call.ceiling is not None and call.ceiling > call.budget:
        errors.setdefault("ceiling", []).append(
            _("The ceiling per application is above the budget available.")
        )
    if call.opens_on and call.deadline and call.deadline < call.opens_on:
        errors.setdefault("deadline", []).append(_("The deadline comes before the opening date."))
    call.currency = (call.currency or "").strip().upper()
    if len(call.currency) != 3 or not call.currency.isalpha():
        errors.setdefault("currency", []).append(_("Give the three-letter ISO 4217 code, e.g. EUR."))
    locked = bool(before) and before.get("status") != Call.Status.DRAFT
    if locked and (questions is not None or criteria is not None):
        existing_q = [QuestionSpec(q.text, q.required_answer, q.explanation) for q in call.questions.all()]
        existing_c = [CriterionSpec(c.name, c.weight) for c in call.criteria.all()]
        if (questions is not None and questions != existing_q) or (
            criteria is not None and criteria != existing_c
        ):
            errors.setdefault("criteria", []).append(
                _("Eligibility questions and criteria can change only while the call is a draft.")
            )
    if criteria is not None:
        total = sum(c.weight for c in criteria)
        if criteria and total != 100:
            errors.setdefault("criteria", []).append(
                _("The weights add up to %(total)s; they must add up to 100.") % {"total": total}
            )
    if errors:
        raise ValidationError(errors)
    for language, texts in (translations or {}).items():
        if base_language(language) == base_language(call.original_language):
            continue  # the original texts are the columns themselves
        for field, text in texts.items():
            call.set_translation(language, field, text)
    if call.created_by_id is None and actor is not None:
        call.created_by = actor
    call.full_clean()
    call.save()
    if questions is not None and not locked:
        # A question kept word for word keeps its translations.
        kept_questions = {(q.text, q.explanation): q.translations for q in call.questions.all()}
        call.questions.all().delete()
        EligibilityQuestion.objects.bulk_create(
            EligibilityQuestion(
                call=call,
                order=n,
                text=q.text,
                required_answer=q.required_answer,
                explanation=q.explanation,
                original_language=call.original_language,
                translations=kept_questions.get((q.text, q.explanation), {}),
            )
            for n, q in enumerate(questions)
        )
    if criteria is not None and not locked:
        kept_criteria = {c.name: c.translations for c in call.criteria.all()}
        call.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(
                call=call,
                order=n,
                name=c.name,
                weight=c.weight,
                original_language=call.original_language,
                translations=kept_criteria.get(c.name, {}),
            )
            for n, c in enumerate(criteria)
        )
    # The questions and criteria are written in the language of the call.
    call.questions.exclude(original_language=call.original_language).update(
        original_language=call.original_language
    )
    call.criteria.exclude(original_language=call.original_language).update(
        original_language=call.original_language
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        target=call,
        territory=territory,
        changes=audit.diff(before, audit.snapshot(call, CALL_FIELDS)),
    )
    return call


@transaction.atomic
def translate_call_texts(
    *,
    actor: User | None,
    call: Call,
    questions: dict[int, dict[str, dict[str, str]]] | None = None,
    criteria: dict[int, dict[str, dict[str, str]]] | None = None,
) -> Call:
    """Sets the translations of the call's eligibility questions and criteria, at any stage of the
    call: the texts themselves stay fixed once it is open, their translations may come later.
    Each mapping goes from a question's or criterion's id to {language: {field: text}}; an empty
    text removes a translation."""
    if actor is not None:
        require(actor, "calls.manage_calls", call.territory)
    changes: dict[str, list[Any]] = {}
    for kind, items, wanted in (
        ("questions", list(call.questions.all()), questions or {}),
        ("criteria", list(call.criteria.all()), criteria or {}),
    ):
        by_pk = {item.pk: item for item in items}
        unknown = [pk for pk in wanted if pk not in by_pk]
        if unknown:
            raise ValidationError({kind: _("These texts do not belong to this call.")})
        for pk, languages in wanted.items():
            item = by_pk[pk]
            before = dict(item.translations or {})
            for language, texts in languages.items():
                if base_language(language) == base_language(item.original_language):
                    continue  # the original texts stay as the call has them
                for field, text in texts.items():
                    if (
                        field == "explanation"
                        and isinstance(item, EligibilityQuestion)
                        and not item.explanation
                    ):
                        continue
                    item.set_translation(language, field, text)
            if item.translations != before:
                item.save(update_fields=["translations"])
                changes[f"{kind}:{item.pk}"] = [before, item.translations]
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=call,
            territory=call.territory,
            changes=changes,
        )
    return call


@transaction.atomic
def set_call_status(*, actor: User | None, call: Call, status: str) -> Call:
    if actor is not None:
        require(actor, "calls.manage_calls", call.territory)
    if status not in STATUS_MOVES.get(Call.Status(call.status), set()):
        raise ValidationError({"status": _("A call cannot move from this status to that one.")})
    if status == Call.Status.OPEN:
        weights = sum(call.criteria.values_list("weight", flat=True))
        if weights != 100:
            raise ValidationError(
                {"criteria": _("Give scoring criteria whose weights add up to 100 before opening the call.")}
            )
    before = audit.snapshot(call, ["status"])
    call.status = status
    call.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=call,
        territory=call.territory,
        changes=audit.diff(before, audit.snapshot(call, ["status"])),
    )
    return call


# --- Applications -------------------------------------------------------------------------------


def failed_eligibility(call: Call, answers: dict[str, bool]) -> list[EligibilityQuestion]:
    """The questions whose answer is missing or not the one required."""
    return [q for q in call.questions.all() if answers.get(str(q.pk)) is not q.required_answer]


def html_message(template: str, **values: Any) -> SafeString:
    """A translated message with `%(name)s` placeholders, filled with escaped values (texts of
    `TranslatedText` keep their language and their "not yet translated" mark)."""
    pattern = template.replace("{", "{{").replace("}", "}}")
    for name in values:
        pattern = pattern.replace(f"%({name})s", "{" + name + "}")
    return format_html(escape(pattern), **values)


def eligibility_errors(call: Call, answers: dict[str, bool]) -> list[SafeString]:
    """Why the answers do not allow applying, in the reader's language: the question and its
    reason as staff translated them, or the original marked as not yet translated."""
    messages = []
    for question in failed_eligibility(call, answers):
        wanted = _("yes") if question.required_answer else _("no")
        texts = question.texts(("text", "explanation"))
        message = html_message(
            _("“%(question)s”: only applicants who answer “%(answer)s” may apply."),
            question=texts["text"],
            answer=wanted,
        )
        if question.explanation:
            message = format_html("{} {}", message, texts["explanation"])
        messages.append(message)
    return messages


def is_late(call: Call, now: Any = None) -> bool:
    today = timezone.localdate(now) if now is not None else timezone.localdate()
    return today > call.deadline


@transaction.atomic
def submit_application(
    *,
    actor: User | None,
    call: Call,
    organisation: Organisation,
    eligibility_answers: dict[str, bool],
    title: str,
    plan: str,
    budget_lines: list[tuple[str, Decimal]],
    amount_requested: Decimal,
    partners: str = "",
    starts_on: Any = None,
    ends_on: Any = None,
    gender_impact_analysed: bool,
    gender_analysis: str = "",
    gender_resources: str,
    gender_monitoring: str,
    gender_effect: str,
    now: Any = None,
) -> Application:
    if actor is not None:
        require(actor, "calls.apply", organisation)
    moment = now or timezone.now()
    if call.status != Call.Status.OPEN or timezone.localdate(moment) < call.opens_on:
        raise ValidationError(_("This call is not open for applications."))
    if is_late(call, moment):
        raise ValidationError(
            _("The deadline (%(date)s) has passed: late applications are not accepted.")
            % {"date": call.deadline.isoformat()}
        )
    problems = eligibility_errors(call, eligibility_answers)
    if problems:
        raise ValidationError(problems)
    if Application.objects.filter(call=call, organisation=organisation).exists():
        raise ValidationError(_("%(name)s has applied to this call already.") % {"name": organisation.name})
    errors: dict[str, list[str]] = {}
    if not budget_lines:
        errors.setdefault("budget", []).append(_("Give at least one budget line."))
    total = sum((amount for _item, amount in budget_lines), Decimal(0))
    if amount_requested <= 0:
        errors.setdefault("amount_requested", []).append(_("Ask for an amount above zero."))
    if amount_requested > call.ceiling:
        errors.setdefault("amount_requested", []).append(
            _("The amount requested is above the ceiling of %(ceiling)s %(currency)s per application.")
            % {"ceiling": call.ceiling, "currency": call.currency}
        )
    if budget_lines and amount_requested > total:
        errors.setdefault("amount_requested", []).append(
            _("The amount requested is above the budget total (%(total)s).") % {"total": total}
        )
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The planned end comes before the planned start."))
    for name, value in (
        ("title", title),
        ("plan", plan),
        ("gender_resources", gender_resources),
        ("gender_monitoring", gender_monitoring),
        ("gender_effect", gender_effect),
    ):
        if not value.strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if errors:
        raise ValidationError(errors)
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        submitted_by=actor,
        submitted_at=moment,
        eligibility_answers={key: bool(value) for key, value in eligibility_answers.items()},
        title=title.strip(),
        plan=plan.strip(),
        budget_lines=[[item, str(amount)] for item, amount in budget_lines],
        budget_total=total,
        amount_requested=amount_requested,
        partners=partners.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        gender_impact_analysed=gender_impact_analysed,
        gender_analysis=gender_analysis.strip(),
        gender_resources=gender_resources.strip(),
        gender_monitoring=gender_monitoring.strip(),
        gender_effect=gender_effect.strip(),
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=application,
        territory=call.territory,
        changes=audit.diff({}, audit.snapshot(application, APPLICATION_FIELDS)),
    )
    return application


# --- Review -------------------------------------------------------------------------------------


def check_may_review(*, actor: User, application: Application) -> None:
    """Refuses a recused reviewer with a message, and keeps a record of the attempt."""
    require(actor, "calls.review_applications", application.call.territory)
    reason = recusal_reason(actor, application)
    if reason is None:
        return
    audit.record_refusal(
        actor=actor,
        attempt=f"review while recused ({reason})",
        target=application,
        territory=application.call.territory,
        reasons=[reason],
    )
    if reason == "member":
        raise PermissionDenied(
            _("You act for %(name)s, so you are recused from reviewing its application.")
            % {"name": application.organisation.name}
        )
    raise PermissionDenied(
        _(
            "You declared a conflict of interest with %(name)s, so you are recused from reviewing "
            "its application."
        )
        % {"name": application.organisation.name}
    )


@transaction.atomic
def declare_conflict(
    *, actor: User, call: Call, organisation: Organisation, note: str = ""
) -> ConflictDeclaration:
    require(actor, "calls.review_applications", call.territory)
    declaration, created = ConflictDeclaration.objects.get_or_create(
        call=call, reviewer=actor, organisation=organisation, defaults={"note": note.strip()}
    )
    if created:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            target=declaration,
            territory=call.territory,
            changes={"organisation": [None, organisation.name], "note": [None, declaration.note]},
        )
    return declaration


def weighted(scores: dict[int, int], criteria: list[Criterion]) -> Decimal:
    """The weighted mean of a review's scores, on the 0-10 scale."""
    total = sum(Decimal(scores[c.pk]) * c.weight for c in criteria)
    return (total / Decimal(100)).quantize(CENTS, rounding=ROUND_HALF_UP)


def submit_review(
    *,
    actor: User,
    application: Application,
    scores: dict[int, tuple[int, str]],
    gender_analysis: str,
    gender_resources: str,
    gender_monitoring: str,
    gender_effect: str,
    gender_comment: str = "",
) -> Review:
    """`scores` maps each criterion's id to (score, justification)."""
    check_may_review(actor=actor, application=application)  # outside the transaction: the log stays
    return _save_review(
        actor=actor,
        application=application,
        scores=scores,
        gender=(gender_analysis, gender_resources, gender_monitoring, gender_effect),
        gender_comment=gender_comment,
    )


@transaction.atomic
def _save_review(
    *,
    actor: User,
    application: Application,
    scores: dict[int, tuple[int, str]],
    gender: tuple[str, str, str, str],
    gender_comment: str,
) -> Review:
    call = application.call
    if call.status != Call.Status.CLOSED:
        raise ValidationError(_("Applications are reviewed once the call is closed and before the decision."))
    if Review.objects.filter(application=application, reviewer=actor).exists():
        raise ValidationError(_("You have reviewed this application already."))
    criteria = list(call.criteria.all())
    errors: dict[str, list[str]] = {}
    for criterion in criteria:
        score, justification = scores.get(criterion.pk, (None, ""))
        if score is None or not 0 <= score <= 10:
            errors.setdefault(f"score_{criterion.pk}", []).append(_("Give a score from 0 to 10."))
        if not (justification or "").strip():
            errors.setdefault(f"justification_{criterion.pk}", []).append(
                _("Explain the score: a justification is required.")
            )
    from .models import Assessment

    for name, value in zip(
        ("gender_analysis", "gender_resources", "gender_monitoring", "gender_effect"), gender, strict=True
    ):
        if value not in Assessment.values:
            errors.setdefault(name, []).append(_("Choose an assessment."))
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        application=application,
        reviewer=actor,
        gender_analysis=gender[0],
        gender_resources=gender[1],
        gender_monitoring=gender[2],
        gender_effect=gender[3],
        gender_comment=gender_comment.strip(),
        weighted_score=weighted({pk: s for pk, (s, _j) in scores.items()}, criteria),
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=c, score=scores[c.pk][0], justification=scores[c.pk][1].strip())
        for c in criteria
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=review,
        territory=call.territory,
        changes={"weighted_score": [None, str(review.weighted_score)]},
    )
    return review


# --- Ranking and award --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedAward:
    application: Application
    rank: int | None
    score: Decimal | None
    awarded: bool
    amount: Decimal
    reason: str


def award_plan(call: Call) -> list[PlannedAward]:
    """What awarding would do: in ranking order, fund each application while the budget lasts;
    one that does not fit is skipped with the reason, and the next may still fit."""
    from .selectors import ranking

    remaining = call.budget
    plan = []
    for row in ranking(call):
        application = row.application
        if row.score is None:
            plan.append(PlannedAward(application, None, None, False, Decimal(0), _("Not reviewed.")))
            continue
        if application.amount_requested <= remaining:
            remaining -= application.amount_requested
            reason = _("Ranked %(rank)s with a score of %(score)s out of 10; it fits the budget.") % {
                "rank": row.rank,
                "score": row.score,
            }
            plan.append(
                PlannedAward(application, row.rank, row.score, True, application.amount_requested, reason)
            )
        else:
            reason = _(
                "Ranked %(rank)s with a score of %(score)s out of 10; the %(amount)s %(currency)s requested "
                "do not fit the %(remaining)s %(currency)s left in the budget."
            ) % {
                "rank": row.rank,
                "score": row.score,
                "amount": application.amount_requested,
                "remaining": remaining,
                "currency": call.currency,
            }
            plan.append(PlannedAward(application, row.rank, row.score, False, Decimal(0), reason))
    return plan


@transaction.atomic
def award_call(*, actor: User | None, call: Call, now: Any = None) -> list[PlannedAward]:
    """Staff confirm the plan: every application is decided and the call becomes decided."""
    if actor is not None:
        require(actor, "calls.manage_calls", call.territory)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.CLOSED:
        raise ValidationError(_("Only a closed call can be decided."))
    short = missing_reviews(call)
    if short:
        needed = call.reviews_needed
        raise ValidationError(
            [
                ngettext(
                    "The awards cannot be confirmed yet: every application needs at least %(needed)s "
                    "review, and these have fewer:",
                    "The awards cannot be confirmed yet: every application needs at least %(needed)s "
                    "reviews, and these have fewer:",
                    needed,
                )
                % {"needed": needed}
            ]
            + [
                ngettext(
                    "“%(title)s” (%(organisation)s): %(count)s review of %(needed)s.",
                    "“%(title)s” (%(organisation)s): %(count)s reviews of %(needed)s.",
                    row.reviews,
                )
                % {
                    "title": row.application.title,
                    "organisation": row.application.organisation.name,
                    "count": row.reviews,
                    "needed": needed,
                }
                for row in short
            ]
        )
    moment = now or timezone.now()
    plan = award_plan(call)
    for item in plan:
        application = item.application
        before = audit.snapshot(application, APPLICATION_FIELDS)
        application.status = Application.Status.AWARDED if item.awarded else Application.Status.NOT_AWARDED
        application.amount_awarded = item.amount if item.awarded else None
        application.score = item.score
        application.rank = item.rank
        application.decision_reason = item.reason
        application.decided_at = moment
        application.save()
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=application,
            territory=call.territory,
            changes=audit.diff(before, audit.snapshot(application, APPLICATION_FIELDS)),
        )
    call.status = Call.Status.DECIDED
    call.decided_at = moment
    call.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=call,
        territory=call.territory,
        changes={"status": [Call.Status.CLOSED, Call.Status.DECIDED]},
    )
    return plan


# --- Milestone reports --------------------------------------------------------------------------


@transaction.atomic
def submit_report(
    *, actor: User | None, application: Application, milestone: str, progress: str, spent: Decimal
) -> MilestoneReport:
    if actor is not None:
        require(actor, "calls.apply", application.organisation)
    if application.status != Application.Status.AWARDED:
        raise ValidationError(_("Only funded projects send milestone reports."))
    errors: dict[str, list[str]] = {}
    if not milestone.strip():
        errors["milestone"] = [_("Name the milestone.")]
    if not progress.strip():
        errors["progress"] = [_("Say what was done.")]
    if spent < 0:
        errors["spent"] = [_("Give an amount of zero or more.")]
    if errors:
        raise ValidationError(errors)
    report = MilestoneReport.objects.create(
        application=application,
        milestone=milestone.strip(),
        progress=progress.strip(),
        spent=spent,
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=report,
        territory=application.call.territory,
        changes={"milestone": [None, report.milestone], "spent": [None, str(spent)]},
    )
    return report


@transaction.atomic
def review_report(
    *, actor: User | None, report: MilestoneReport, accept: bool, note: str = ""
) -> MilestoneReport:
    territory = report.application.call.territory
    if actor is not None:
        require(actor, "calls.manage_calls", territory)
    if not accept and not note.strip():
        raise ValidationError({"staff_note": _("Say what more you need.")})
    before = audit.snapshot(report, ["status", "staff_note"])
    report.status = MilestoneReport.Status.ACCEPTED if accept else MilestoneReport.Status.MORE
    report.staff_note = note.strip()
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=report,
        territory=territory,
        changes=audit.diff(before, audit.snapshot(report, ["status", "staff_note"])),
    )
    return report
