"""Reads of the participation app: who sits on a body, its balance, meetings and accountability."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from .models import ConsultativeBody, Meeting, Member, Recommendation, SeatGroup


@dataclass
class GroupSeats:
    group: SeatGroup
    members: list[Member] = field(default_factory=list)

    @property
    def vacant(self) -> int:
        return max(self.group.seats - len(self.members), 0)


@dataclass
class Composition:
    groups: list[GroupSeats]
    seats_planned: int
    seats_filled: int
    women: int
    men: int
    others: int
    target: int

    @property
    def women_share(self) -> int:
        return round(100 * self.women / self.seats_filled) if self.seats_filled else 0

    @property
    def men_share(self) -> int:
        return round(100 * self.men / self.seats_filled) if self.seats_filled else 0

    @property
    def below_target(self) -> bool:
        return bool(self.seats_filled) and min(self.women_share, self.men_share) < self.target


def bodies() -> QuerySet[ConsultativeBody]:
    return ConsultativeBody.objects.select_related("territory").order_by("name")


def current_members(body: ConsultativeBody, today: datetime.date | None = None) -> QuerySet[Member]:
    day = today or timezone.localdate()
    return body.members.filter(term_start__lte=day, term_end__gte=day).select_related("seat_group")


def composition(body: ConsultativeBody, today: datetime.date | None = None) -> Composition:
    groups = {g.pk: GroupSeats(g) for g in body.seat_groups.all()}
    members = list(current_members(body, today))
    for member in members:
        groups[member.seat_group_id].members.append(member)
    return Composition(
        groups=list(groups.values()),
        seats_planned=sum(g.group.seats for g in groups.values()),
        seats_filled=len(members),
        women=sum(1 for m in members if m.sex == Member.Sex.WOMAN),
        men=sum(1 for m in members if m.sex == Member.Sex.MAN),
        others=sum(1 for m in members if m.sex == Member.Sex.OTHER),
        target=body.gender_balance_target,
    )


def past_meetings(body: ConsultativeBody) -> QuerySet[Meeting]:
    return body.meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


def upcoming_meetings(body: ConsultativeBody) -> QuerySet[Meeting]:
    return body.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")


def recommendations(body: ConsultativeBody, status: str = "") -> list[Recommendation]:
    items = list(
        body.recommendations.select_related("meeting", "body__territory").prefetch_related("progress")
    )
    if status:
        items = [r for r in items if r.status == status]
    return items


def adopted(body: ConsultativeBody) -> QuerySet[Recommendation]:
    return body.recommendations.select_related("meeting")
