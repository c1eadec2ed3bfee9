"""Reads of the calls app: public calls, ranking, what a reviewer may see, 360Giving rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from pontes.core.models import Organisation, RoleAssignment, Territory, User
from pontes.core.permissions import has_perm
from pontes.core.registry import Statistic

from .models import Application, Call, ConflictDeclaration, Review

CENTS = Decimal("0.01")

GRANT_COLUMNS = (
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Beneficiary Location:Name",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Grant Programme:Title",
)


def public_calls() -> QuerySet[Call]:
    return Call.objects.exclude(status=Call.Status.DRAFT).select_related("territory")


def territory_calls(territory: Territory) -> QuerySet[Call]:
    return Call.objects.filter(territory__path__startswith=territory.path).select_related("territory")


def open_calls_for(organisation: Organisation) -> list[Call]:
    """Open calls of the organisation's place and the places above it."""
    territory = organisation.territory
    return [
        call
        for call in Call.objects.filter(status=Call.Status.OPEN).select_related("territory")
        if call.territory.covers(territory)
    ]


def applications_of(organisation: Organisation) -> QuerySet[Application]:
    return (
        Application.objects.filter(organisation=organisation).select_related("call").order_by("-submitted_at")
    )


@dataclass(frozen=True)
class RankedRow:
    application: Application
    reviews: int
    score: Decimal | None
    rank: int | None


def ranking(call: Call) -> list[RankedRow]:
    """Applications by weighted mean score, best first; unreviewed ones last. Ties go to the
    earlier application."""
    applications = list(call.applications.select_related("organisation").prefetch_related("reviews"))
    scored: list[tuple[Application, int, Decimal | None]] = []
    for application in applications:
        reviews = list(application.reviews.all())
        score = (
            (sum((r.weighted_score for r in reviews), Decimal(0)) / len(reviews)).quantize(
                CENTS, rounding=ROUND_HALF_UP
            )
            if reviews
            else None
        )
        scored.append((application, len(reviews), score))
    scored.sort(key=lambda row: (row[2] is None, -(row[2] or 0), row[0].submitted_at, row[0].pk))
    rows = []
    for position, (application, count, score) in enumerate(scored, start=1):
        rows.append(RankedRow(application, count, score, position if score is not None else None))
    return rows


def has_reviewed(user: User, application: Application) -> bool:
    return Review.objects.filter(application=application, reviewer=user).exists()


def recusal_reason(reviewer: User, application: Application) -> str | None:
    """Why the reviewer may not review this application ("member" or "declared"), or None."""
    if RoleAssignment.objects.filter(user=reviewer, organisation=application.organisation_id).exists():
        return "member"
    if ConflictDeclaration.objects.filter(
        call=application.call_id, reviewer=reviewer, organisation=application.organisation_id
    ).exists():
        return "declared"
    return None


# Why someone does not see the reviews of an application, nor the score and rank made of them.
PENDING = "pending"  # they may review it and have not submitted their review yet
RECUSED = "recused"  # they review the call but not this application: ties with the applicant


def hidden_reviews(user: User, call: Call) -> dict[int, str]:
    """The applications of the call whose reviews, score and rank the person may not see yet, with
    why (PENDING or RECUSED). Reviewers judge each application before seeing anyone else's
    judgement of it; staff who manage the call without reviewing it see everything, and so does
    everyone once the call is decided."""
    if call.status == Call.Status.DECIDED or not has_perm(user, "calls.review_applications", call.territory):
        return {}
    reviewed = reviewed_ids(user, call)
    tied = set(
        RoleAssignment.objects.filter(user=user, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    ) | set(
        ConflictDeclaration.objects.filter(call=call, reviewer=user).values_list("organisation_id", flat=True)
    )
    hidden = {}
    for pk, organisation_id in call.applications.values_list("pk", "organisation_id"):
        if organisation_id in tied:
            hidden[pk] = RECUSED
        elif pk not in reviewed:
            hidden[pk] = PENDING
    return hidden


def hidden_reason(user: User, application: Application) -> str | None:
    """`hidden_reviews()` for one application."""
    call = application.call
    if call.status == Call.Status.DECIDED or not has_perm(user, "calls.review_applications", call.territory):
        return None
    if recusal_reason(user, application) is not None:
        return RECUSED
    return None if has_reviewed(user, application) else PENDING


def visible_reviews(user: User, application: Application) -> list[Review]:
    """Others' reviews stay hidden from a reviewer until their own is in (or the call is decided)."""
    if hidden_reason(user, application) is not None:
        return []
    return list(application.reviews.select_related("reviewer").prefetch_related("scores__criterion"))


def missing_reviews(call: Call) -> list[RankedRow]:
    """The applications with fewer reviews than the call asks for."""
    return [row for row in ranking(call) if row.reviews < call.reviews_needed]


def reviewed_ids(user: User, call: Call) -> set[int]:
    return set(
        Review.objects.filter(application__call=call, reviewer=user).values_list("application_id", flat=True)
    )


def funding_org_identifier(territory: Territory) -> str:
    return f"360G-pontes-territory-{territory.slug}"


def grant_rows(call: Call) -> list[dict[str, Any]]:
    """The call's awards in 360Giving's column names."""
    rows = []
    awards = call.applications.filter(status=Application.Status.AWARDED).select_related(
        "organisation__territory"
    )
    for application in awards.order_by("rank", "pk"):
        rows.append(
            {
                "Identifier": f"360G-pontes-call-{call.pk}-{application.pk}",
                "Title": application.title,
                "Description": application.plan,
                "Currency": call.currency,
                "Amount Awarded": application.amount_awarded,
                "Award Date": application.decided_at.date().isoformat() if application.decided_at else "",
                "Recipient Org:Identifier": f"360G-pontes-org-{application.organisation.uuid}",
                "Recipient Org:Name": application.organisation.name,
                "Funding Org:Identifier": funding_org_identifier(call.territory),
                "Funding Org:Name": call.territory.name,
                "Beneficiary Location:Name": call.territory.name,
                "Planned Dates:Start Date": application.starts_on.isoformat()
                if application.starts_on
                else "",
                "Planned Dates:End Date": application.ends_on.isoformat() if application.ends_on else "",
                "Grant Programme:Title": call.title,
            }
        )
    return rows


def territory_statistics(territory: Territory) -> list[Statistic]:
    """Figures for a territory's pages: open calls and what has been awarded."""
    from django.db.models import Sum
    from django.utils.translation import gettext_lazy as _

    calls = Call.objects.filter(territory__path__startswith=territory.path)
    awarded = Application.objects.filter(
        call__territory__path__startswith=territory.path, status=Application.Status.AWARDED
    )
    total = awarded.aggregate(total=Sum("amount_awarded"))["total"] or Decimal(0)
    return [
        Statistic(_("Open calls for projects"), calls.filter(status=Call.Status.OPEN).count()),
        Statistic(_("Projects funded through calls"), awarded.count()),
        Statistic(_("Amount awarded through calls"), f"{total:,.0f}".replace(",", " ")),
    ]
