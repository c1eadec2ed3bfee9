"""Parallel submissions of one code: exactly one ballot. Runs on SQLite and PostgreSQL.

PostgreSQL runs the transactions truly in parallel, so the conditional UPDATE is what stops the
second ballot. The in-memory SQLite test database locks whole tables and answers "locked" instead
of waiting; such an attempt changed nothing and is simply sent again, as a voter would.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from pontes.elections import selectors, services
from pontes.elections.models import Ballot, ElectionEvent, VotingCode
from pontes.elections.testing import sample_body, sample_election

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def test_parallel_submissions_of_one_code_accept_exactly_one(world) -> None:
    election, codes = sample_election(sample_body(world.city), voters=2)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit() -> None:
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    services.cast_ballot(election=election, code=codes[0], choices=[])
                except OperationalError as error:
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.01)
                else:
                    break
            else:
                raise AssertionError("the database stayed locked")
            result = "accepted"
        except ValidationError:
            result = "refused"
        except Exception as error:
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted"] + ["refused"] * (THREADS - 1), outcomes
    assert Ballot.objects.filter(election=election).count() == 1
    assert VotingCode.objects.filter(election=election, spent=True).count() == 1
    assert ElectionEvent.objects.filter(election=election, kind="vote_refused").count() == THREADS - 1
    assert selectors.verify_chain(election) is None
