"""The public vote page under concurrent, partly malformed traffic: every valid code votes exactly
once, nothing else is accepted, and no request fails with a server error.

Threads post through Django's test client at the same time: the same codes several times over,
codes with wrong case and spacing, unknown codes, garbage, marks for candidates that do not exist
or too many marks. On the in-memory SQLite database a busy write is answered 503 with nothing
recorded; the thread sends it again, as a voter would.
"""

from __future__ import annotations

import random
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from pontes.elections.models import Ballot, ElectionEvent, RegisterEntry, VotingCode
from pontes.elections.selectors import verify_chain
from pontes.elections.testing import sample_body, sample_election

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 6
REQUESTS_PER_THREAD = 12


def _variants(code: str, rng: random.Random) -> str:
    """The same code as a person might type it."""
    return rng.choice([code, code.lower(), f"  {code} ", code.replace("-", " "), code.replace("-", "")])


def test_concurrent_malformed_traffic_on_the_vote_page(world, settings) -> None:
    # One address sends all of it (as a polling place behind one router might): lift the per-address
    # ceiling, which has its own test.
    settings.PONTES_ELECTION_VOTE_RATE = "100000/h"
    cache.clear()
    election, codes = sample_election(sample_body(world.city), voters=4)
    group = election.seat_groups.get()
    field = f"group_{group.pk}"
    candidates = [str(pk) for pk in election.candidates.values_list("pk", flat=True)]
    url = reverse("elections:vote", kwargs={"pk": election.pk})
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def post(client: Client, data: dict[str, object]) -> int:
        for _attempt in range(100):
            response = client.post(url, data)
            if response.status_code != 503:
                return response.status_code
        raise AssertionError("the vote page stayed busy")

    def voter(seed: int) -> None:
        rng = random.Random(seed)
        client = Client()
        barrier.wait()
        try:
            for _n in range(REQUESTS_PER_THREAD):
                kind = rng.random()
                if kind < 0.5:
                    data: dict[str, object] = {"code": _variants(rng.choice(codes), rng)}
                    data[field] = rng.sample(candidates, k=rng.randint(0, group.seats))
                elif kind < 0.65:
                    data = {"code": rng.choice(codes), field: ["999999", "x"]}
                elif kind < 0.8:
                    data = {"code": rng.choice(codes), field: candidates * 3}
                elif kind < 0.9:
                    data = {
                        "code": "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789-") for _ in range(14))
                    }
                else:
                    data = {"code": rng.choice(["", "' OR 1=1 --", "\u202eABCD", "٠١٢٣-٤٥٦٧", "A" * 400])}
                status = post(client, data)
                with lock:
                    statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=voter, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == THREADS * REQUESTS_PER_THREAD
    assert set(statuses) <= {200}, sorted(set(statuses))  # refusals are pages with a message, not errors
    spent = VotingCode.objects.filter(election=election, spent=True).count()
    ballots = Ballot.objects.filter(election=election).count()
    # Exactly one ballot per code that was spent, never more; each voter marked once.
    assert ballots == spent == RegisterEntry.objects.filter(election=election, has_voted=True).count()
    assert 1 <= spent <= len(codes)
    assert ElectionEvent.objects.filter(election=election, kind="ballot_cast").count() == ballots
    assert verify_chain(election) is None


def test_a_busy_database_records_nothing_and_says_to_send_again(world, monkeypatch) -> None:
    from django.db import OperationalError

    from pontes.elections import services

    cache.clear()
    election, codes = sample_election(sample_body(world.city), voters=1)

    def busy(**kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "cast_ballot", busy)
    response = Client().post(reverse("elections:vote", kwargs={"pk": election.pk}), {"code": codes[0]})
    assert response.status_code == 503
    assert "your code is still valid" in response.content.decode()
    assert not Ballot.objects.filter(election=election).exists()
    assert not VotingCode.objects.filter(election=election, spent=True).exists()
