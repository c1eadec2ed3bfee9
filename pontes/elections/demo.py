"""The elections demo step: a past, closed election of Valmira's council, with published results and a
register whose personal data is purged already. Every voter and candidate is invented."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from pontes.core.demo import DemoContext
from pontes.participation.models import ConsultativeBody, SeatGroup

from . import services
from .models import Ballot, Election, RegisterEntry, VotingCode

BODY_SLUG = "valmira-council"
# Written in Valmira's language, with the translations its staff added.
TITLE = "Elección de los puestos electos, 2025 (demo)"
TITLE_LANGUAGE = "es"
TITLE_TRANSLATIONS = {
    "fr": {"title": "Élection des sièges élus, 2025 (démo)"},
    "ar": {"title": "انتخاب المقاعد المنتخبة، 2025 (تجريبي)"},
}
# The title the step used before it was in Spanish: a database loaded then has its election already.
EARLIER_TITLES = ("Election of the elected seats, 2025 (demo)",)
LISTS = {
    "Juntos Valmira (demo)": ["Amal Demo-Benali", "Kofi Demo-Mensah", "Lucía Demo-Quispe", "Ion Demo-Popa"],
    "Voces del Barrio (demo)": ["Fatou Demo-Sarr", "Rahim Demo-Uddin", "Oksana Demo-Koval"],
    "Puente Común (demo)": ["Yusuf Demo-Aydın", "Maria Demo-Santos"],
}
VOTERS = 60
# Roughly how voters split between the lists; blank ballots take the rest.
SHARES = (0.45, 0.33, 0.17)


def load(context: DemoContext) -> None:
    body = ConsultativeBody.objects.filter(slug=BODY_SLUG).first()
    if body is None:
        return
    group = SeatGroup.objects.filter(body=body, kind=SeatGroup.Kind.ELECTED).order_by("order", "pk").first()
    if group is None or Election.objects.filter(body=body, title__in=(TITLE, *EARLIER_TITLES)).exists():
        return
    rng = context.rng("elections")
    with transaction.atomic():
        _past_election(body, group, rng)


def _past_election(body: ConsultativeBody, group: SeatGroup, rng: random.Random) -> None:
    now = timezone.now()
    opens = now - datetime.timedelta(days=200)
    closes = opens + datetime.timedelta(days=7)
    election = services.create_election(
        actor=None,
        body=body,
        title=TITLE,
        original_language=TITLE_LANGUAGE,
        translations=TITLE_TRANSLATIONS,
        seat_groups=[group],
        method=Election.Method.DHONDT,
        voting_opens=opens,
        voting_closes=closes,
        complaints_open=(opens - datetime.timedelta(days=30)).date(),
        complaints_close=(opens - datetime.timedelta(days=15)).date(),
    )
    for list_name, names in LISTS.items():
        for name in names:
            services.add_candidate(
                actor=None, election=election, seat_group=group, name=name, list_name=list_name
            )
    services.open_register(actor=None, election=election)
    for number in range(1, VOTERS + 1):
        services.add_register_entry(
            actor=None,
            election=election,
            seat_group=group,
            name=f"Demo Voter {number:03d}",
            birth_date=datetime.date(1960 + rng.randrange(45), rng.randrange(1, 13), rng.randrange(1, 29)),
            address=f"{rng.randrange(1, 120)} Calle Ficticia, Valmira",
            document=f"DEMO-{number:05d}",
            checks={"resident": True, "no_municipal_vote": True},
        )
    services.freeze_register(actor=None, election=election)
    services.open_voting(actor=None, election=election)  # codes handed out then, long gone now
    lists = list(LISTS)
    for entry in list(RegisterEntry.objects.filter(election=election)):
        if rng.random() > 0.7:
            continue  # did not vote
        draw = rng.random()
        cumulative = 0.0
        chosen = ""
        for list_name, share in zip(lists, SHARES, strict=True):
            cumulative += share
            if draw < cumulative:
                chosen = list_name
                break
        # The ballots of a past election, stored as the vote page would have stored them.
        VotingCode.objects.filter(entry=entry).update(spent=True)
        RegisterEntry.objects.filter(pk=entry.pk).update(has_voted=True)
        Ballot.objects.create(election=election, seat_group=group, list_name=chosen)
        services.append_event(election, "ballot_cast", None, {"channel": "code"})
    services.close_election(actor=None, election=election)
    Election.objects.filter(pk=election.pk).update(closed_at=closes)
    election.refresh_from_db()
    services.publish_results(actor=None, election=election)
    services.purge_register(actor=None, election=election)
