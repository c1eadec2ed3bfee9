from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from pontes.elections.models import Election
from pontes.elections.testing import sample_election


def test_purge_voter_registers(body) -> None:
    election, _ = sample_election(body, voters=2, stage=Election.Status.CLOSED)
    out = StringIO()
    call_command("purge_voter_registers", stdout=out)
    assert "0 register(s)" in out.getvalue()
    Election.objects.filter(pk=election.pk).update(closed_at=timezone.now() - datetime.timedelta(days=181))
    call_command("purge_voter_registers", stdout=out)
    assert "1 register(s)" in out.getvalue()
    assert all(e.name is None and e.anonymised for e in election.register.all())
