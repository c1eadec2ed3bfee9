"""Helpers for tests: a consultative body with elected seat groups and elections at each stage.
Test-only code."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pontes.core.models import Territory
from pontes.participation.models import ConsultativeBody, SeatGroup

from . import services
from .models import Election


def sample_body(territory: Territory, slug: str = "consejo-beta") -> ConsultativeBody:
    body = ConsultativeBody.objects.create(
        territory=territory, name="Consejo Beta", slug=slug, legal_basis="Acuerdo 1/2024", mandate="Asesorar"
    )
    SeatGroup.objects.create(body=body, name="All residents", kind=SeatGroup.Kind.ELECTED, seats=3, order=1)
    SeatGroup.objects.create(body=body, name="Associations", kind=SeatGroup.Kind.NOMINATED, seats=2, order=2)
    return body


def sample_election(
    body: ConsultativeBody,
    *,
    method: str = Election.Method.PLURALITY,
    voters: int = 3,
    stage: str = Election.Status.VOTING,
    title: str = "Elección 2026",
) -> tuple[Election, list[str]]:
    """An election brought to `stage`, with candidates and `voters` on the register; returns the
    voting codes when voting was opened."""
    group = body.seat_groups.get(kind=SeatGroup.Kind.ELECTED)
    now = timezone.now()
    election = services.create_election(
        actor=None,
        body=body,
        title=title,
        seat_groups=[group],
        method=method,
        voting_opens=now - datetime.timedelta(hours=1),
        voting_closes=now + datetime.timedelta(days=1),
        complaints_open=(now - datetime.timedelta(days=1)).date(),
        complaints_close=(now - datetime.timedelta(hours=1)).date(),
    )
    lists = ["Lista A", "Lista A", "Lista B", "Lista C"]
    for number, list_name in enumerate(lists, start=1):
        services.add_candidate(
            actor=None,
            election=election,
            seat_group=group,
            name=f"Candidate {number}",
            list_name=list_name if method == Election.Method.DHONDT else "",
        )
    if stage == Election.Status.DRAFT:
        return election, []
    services.open_register(actor=None, election=election)
    for number in range(voters):
        services.add_register_entry(
            actor=None,
            election=election,
            seat_group=group,
            name=f"Voter {number}",
            birth_date=datetime.date(1990, 1, 1),
            address=f"Calle {number}",
            document=f"X{number:07d}",
            checks={"resident": True, "no_municipal_vote": True},
        )
    if stage == Election.Status.REGISTER_OPEN:
        return election, []
    services.freeze_register(actor=None, election=election)
    if stage == Election.Status.REGISTER_FROZEN:
        return election, []
    codes = [code for _entry, code in services.open_voting(actor=None, election=election)]
    if stage in (Election.Status.CLOSED, Election.Status.PUBLISHED):
        services.close_election(actor=None, election=election)
    if stage == Election.Status.PUBLISHED:
        services.publish_results(actor=None, election=election)
    return election, codes


def url_samples(world: Any) -> dict[str, Any]:
    body = sample_body(world.city)
    published, _codes = sample_election(body, stage=Election.Status.PUBLISHED)
    voting, _codes = sample_election(body, stage=Election.Status.VOTING, title="Elección en curso")
    complaint = published.complaints.create(name="Ana", request="Add me")
    names = [
        "election",
        "vote",
        "complaint",
        "complaint_follow",
        "results",
        "ballots_csv",
        "ballots_json",
        "staff_election",
        "title_translate",
        "candidate_add",
        "register_add",
        "register_import",
        "complaint_add",
        "complaint_decide",
        "step",
        "staff_results",
        "log",
    ]
    samples: dict[str, Any] = {f"elections:{name}:pk": published.pk for name in names}
    samples["elections:station:pk"] = voting.pk
    samples["elections:complaint_decide:complaint"] = complaint.pk
    return samples
