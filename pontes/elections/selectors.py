"""Reads of the elections app: results (only after the close), the event chain's check, voters'
counts and the warning about groups small enough to reveal individual votes."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from pontes.core.models import Territory
from pontes.participation.models import SeatGroup

from . import tally
from .models import Ballot, Election, ElectionEvent, RegisterEntry


def elections_in(territory: Territory) -> QuerySet[Election]:
    return Election.objects.filter(body__territory__path__startswith=territory.path).select_related("body")


def small_group_threshold() -> int:
    return int(getattr(settings, "PONTES_ELECTION_SMALL_GROUP", 10))


@dataclass(frozen=True)
class GroupCount:
    seat_group: SeatGroup
    voters: int
    voted: int
    small: bool


def register_counts(election: Election) -> list[GroupCount]:
    counts = {
        row["seat_group"]: row
        for row in RegisterEntry.objects.filter(election=election)
        .values("seat_group")
        .annotate(voters=Count("pk"), voted=Count("pk", filter=Q(has_voted=True)))
    }
    threshold = small_group_threshold()
    out = []
    for group in election.seat_groups.order_by("order", "pk"):
        row = counts.get(group.pk, {"voters": 0, "voted": 0})
        out.append(GroupCount(group, row["voters"], row["voted"], row["voters"] < threshold))
    return out


@dataclass(frozen=True)
class GroupResult:
    seat_group: SeatGroup
    method: str
    # Candidate (plurality) or list (D'Hondt) -> votes, in the order shown.
    totals: dict[str, int]
    blank: int
    ballots: int
    allocation: tally.Allocation
    # For D'Hondt: the candidates of each list, in list order, and those elected.
    elected: list[str]
    # People on the register of the group, and whether so few that the totals may reveal votes.
    voters: int = 0
    small: bool = False


def results(election: Election) -> list[GroupResult]:
    """Totals and seats per group. Callers must check `election.results_visible` first."""
    if not election.results_visible:
        raise PermissionError("Results exist only once voting has closed.")
    out = []
    counts = {c.seat_group.pk: c for c in register_counts(election)}
    for group in election.seat_groups.order_by("order", "pk"):
        count = counts[group.pk]
        candidates = list(election.candidates.filter(seat_group=group))
        ballots = list(
            Ballot.objects.filter(election=election, seat_group=group).values_list("candidates", "list_name")
        )
        blank = 0
        if election.method == Election.Method.DHONDT:
            totals: dict[str, int] = {name: 0 for name in dict.fromkeys(c.list_name for c in candidates)}
            for _marks, list_name in ballots:
                if list_name:
                    totals[list_name] = totals.get(list_name, 0) + 1
                else:
                    blank += 1
            allocation = tally.dhondt(totals, group.seats)
            elected = []
            for list_name, seats in allocation.seats.items():
                elected += [c.name for c in candidates if c.list_name == list_name][:seats]
        else:
            names = {str(c.pk): c.name for c in candidates}
            counter: Counter[str] = Counter()
            for marks, _list in ballots:
                if not marks:
                    blank += 1
                counter.update(names[str(m)] for m in marks if str(m) in names)
            totals = {c.name: counter.get(c.name, 0) for c in candidates}
            allocation = tally.plurality(totals, group.seats)
            elected = [name for name, won in allocation.seats.items() if won]
        out.append(
            GroupResult(
                group,
                election.method,
                totals,
                blank,
                len(ballots),
                allocation,
                elected,
                voters=count.voters,
                small=count.small,
            )
        )
    return out


def shuffled_ballots(election: Election) -> list[dict[str, Any]]:
    """Every ballot, in random order, for anyone to recount."""
    if not election.results_visible:
        raise PermissionError("Ballots are released only once voting has closed.")
    names = {c.pk: c.name for c in election.candidates.all()}
    rows = [
        {
            "ballot": str(b.id),
            "seat_group": b.seat_group.name,
            "list": b.list_name,
            "candidates": [names.get(int(pk), str(pk)) for pk in b.candidates],
        }
        for b in Ballot.objects.filter(election=election).select_related("seat_group")
    ]
    random.SystemRandom().shuffle(rows)
    return rows


def events(election: Election) -> QuerySet[ElectionEvent]:
    return ElectionEvent.objects.filter(election=election).order_by("seq")


def verify_chain(election: Election) -> int | None:
    """None when every event's hash is right and links to the one before; else the first broken seq."""
    previous = "0" * 64
    expected = 1
    for event in events(election):
        if event.seq != expected or event.previous_hash != previous or event.compute_hash() != event.hash:
            return event.seq
        previous = event.hash
        expected += 1
    return None
