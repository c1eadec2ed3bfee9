from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pontes.core.models import AuditEntry
from pontes.elections import selectors, services
from pontes.elections.models import Ballot, Election, ElectionEvent, RegisterEntry, VotingCode
from pontes.elections.testing import sample_election
from pontes.participation.models import SeatGroup

S = Election.Status


def group_of(election: Election) -> SeatGroup:
    return election.seat_groups.get()


def test_create_checks_fields(body, staff) -> None:
    now = timezone.now()
    nominated = body.seat_groups.get(kind="nominated")
    with pytest.raises(ValidationError) as error:
        services.create_election(
            actor=staff["city_editor"],
            body=body,
            title=" ",
            seat_groups=[nominated],
            method="lottery",
            voting_opens=now,
            voting_closes=now,
        )
    assert set(error.value.message_dict) == {"title", "seat_groups", "method", "voting_closes"}
    assert not Election.objects.exists()


def test_only_staff_of_the_territory_manage(body, staff) -> None:
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.create_election(
            actor=staff["town_editor"],
            body=body,
            title="x",
            seat_groups=[body.seat_groups.get(kind="elected")],
            method="plurality",
            voting_opens=now,
            voting_closes=now + datetime.timedelta(days=1),
        )


def test_eligibility_rules(body, staff) -> None:
    election, _ = sample_election(body, stage=S.REGISTER_OPEN, voters=0)
    young = timezone.now().date().replace(year=timezone.now().year - 17)
    with pytest.raises(ValidationError) as error:
        services.add_register_entry(
            actor=staff["city_editor"],
            election=election,
            seat_group=group_of(election),
            name="Too Young",
            birth_date=young,
            address="x",
            document="Y1",
            checks={"resident": False, "no_municipal_vote": True},
        )
    assert set(error.value.message_dict) == {"birth_date", "resident"}
    election.min_age = None
    election.require_residence = False
    election.save()
    services.add_register_entry(
        actor=staff["city_editor"],
        election=election,
        seat_group=group_of(election),
        name="Now Fine",
        birth_date=young,
        address="x",
        document="Y1",
        checks={"no_municipal_vote": True},
    )
    assert election.register.count() == 1
    assert AuditEntry.objects.filter(target_type="elections.Election").exists()


def test_personal_data_is_encrypted_at_rest(body) -> None:
    from django.db import connection

    _election, _ = sample_election(body, stage=S.REGISTER_OPEN, voters=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, document, address FROM elections_registerentry")
        row = cursor.fetchone()
    assert "Voter 0" not in str(row) and "X0000000" not in str(row)
    assert RegisterEntry.objects.get().name == "Voter 0"


CSV_OK = (
    "name,birth_date,address,document,seat_group,resident,no_municipal_vote\n"
    "Ana Demo,1980-02-03,Calle 1,A1,All residents,yes,yes\n"
    "Bo Demo,1975-12-31,Calle 2,B2,All residents,sí,1\n"
)


def test_import_all_or_nothing(body, staff) -> None:
    election, _ = sample_election(body, stage=S.REGISTER_OPEN, voters=0)
    bad = CSV_OK + "Cy Demo,31/12/1970,Calle 3,A1,Nobody,maybe,yes\n"
    with pytest.raises(ValidationError) as error:
        services.import_register(actor=staff["city_editor"], election=election, data=bad.encode())
    messages = error.value.message_dict["file"]
    assert any("Row 4" in m and "birth_date" in m for m in messages)
    assert any("Row 4" in m and "seat_group" in m for m in messages)
    assert any("Row 4" in m and "document" in m and "row 2" in m for m in messages)
    assert any("Row 4" in m and "resident" in m for m in messages)
    assert not election.register.exists()
    assert services.import_register(actor=staff["city_editor"], election=election, data=CSV_OK.encode()) == 2
    assert sorted(e.name for e in election.register.all()) == ["Ana Demo", "Bo Demo"]


def test_import_reports_rule_failures_with_the_row(body, staff) -> None:
    election, _ = sample_election(body, stage=S.REGISTER_OPEN, voters=0)
    data = CSV_OK.replace("B2,All residents,sí,1", "B2,All residents,no,1")
    with pytest.raises(ValidationError) as error:
        services.import_register(actor=staff["city_editor"], election=election, data=data.encode())
    assert error.value.message_dict["file"] == [
        "Row 3, column “resident”: Voters must reside in the territory."
    ]


def test_complaints_window_and_freeze(body, staff) -> None:
    election, _ = sample_election(body, stage=S.REGISTER_OPEN, voters=1)
    today = timezone.localdate()
    election.complaints_open = today - datetime.timedelta(days=3)
    election.complaints_close = today - datetime.timedelta(days=1)
    election.save()
    with pytest.raises(ValidationError):  # the window closed yesterday
        services.record_complaint(actor=staff["city_editor"], election=election, name="Ana", request="Add me")
    election.complaints_open, election.complaints_close = today, today
    election.save()
    complaint, _reference = services.record_complaint(
        actor=staff["city_editor"], election=election, name="Ana", request="Add me"
    )
    with pytest.raises(ValidationError):
        services.freeze_register(actor=staff["city_editor"], election=election)
    services.decide_complaint(
        actor=staff["city_editor"], complaint=complaint, accepted=False, reason="Not resident"
    )
    services.freeze_register(actor=staff["city_editor"], election=election)
    election.refresh_from_db()
    assert election.status == S.REGISTER_FROZEN


@pytest.mark.parametrize("stage", [S.REGISTER_FROZEN, S.VOTING, S.CLOSED])
def test_the_frozen_register_cannot_change(body, staff, stage) -> None:
    election, _ = sample_election(body, stage=stage, voters=2)
    with pytest.raises(ValidationError) as error:
        services.add_register_entry(
            actor=staff["city_editor"],
            election=election,
            seat_group=group_of(election),
            name="Late",
            birth_date=datetime.date(1980, 1, 1),
            address="x",
            document="L1",
            checks={"resident": True, "no_municipal_vote": True},
        )
    assert "frozen" in error.value.message_dict["register"][0]
    with pytest.raises(ValidationError):
        services.import_register(actor=staff["city_editor"], election=election, data=CSV_OK.encode())
    assert election.register.count() == 2


def test_codes_are_stored_only_as_keyed_hashes(body) -> None:
    _election, codes = sample_election(body, voters=3)
    assert len(set(codes)) == 3
    stored = list(VotingCode.objects.values_list("code_hash", flat=True))
    for code in codes:
        assert code not in stored and services.normalise_code(code) not in stored
        assert services.hash_code(code) in stored
        assert services.hash_code(code.lower().replace("-", " ")) in stored


def test_vote_once_then_refused_and_logged(body) -> None:
    election, codes = sample_election(body, voters=3)
    candidate = election.candidates.first()
    assert candidate is not None
    services.cast_ballot(election=election, code=codes[0], choices=[str(candidate.pk)])
    with pytest.raises(ValidationError) as error:
        services.cast_ballot(election=election, code=codes[0], choices=[str(candidate.pk)])
    assert "used already" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.cast_ballot(election=election, code="AAAA-BBBB-CCCC", choices=[])
    assert "not valid" in error.value.messages[0]
    assert Ballot.objects.count() == 1
    refusals = ElectionEvent.objects.filter(election=election, kind="vote_refused")
    assert [e.detail["reason"] for e in refusals] == ["spent_code", "unknown_code"]
    for event in ElectionEvent.objects.all():
        for code in codes:
            assert services.normalise_code(code) not in str(event.detail) and code not in str(event.detail)


def test_ballot_choices_are_checked(body) -> None:
    election, codes = sample_election(body, voters=1)
    ids = [str(c.pk) for c in election.candidates.all()]
    with pytest.raises(ValidationError) as error:
        services.cast_ballot(election=election, code=codes[0], choices=ids)  # 4 marks, 3 seats
    assert "at most 3" in error.value.messages[0]
    assert not VotingCode.objects.get().spent  # a refused ballot does not spend the code
    services.cast_ballot(election=election, code=codes[0], choices=[])  # blank is a vote
    assert Ballot.objects.get().candidates == []


def test_votes_after_the_close_are_refused(body) -> None:
    election, codes = sample_election(body, voters=2)
    services.close_election(actor=None, election=election)
    with pytest.raises(ValidationError) as error:
        services.cast_ballot(election=election, code=codes[0], choices=[])
    assert "closed" in error.value.messages[0]
    election, codes = sample_election(body, voters=1, title="Otra")
    Election.objects.filter(pk=election.pk).update(
        voting_closes=timezone.now() - datetime.timedelta(seconds=1)
    )
    election.refresh_from_db()
    with pytest.raises(ValidationError):
        services.cast_ballot(election=election, code=codes[0], choices=[])


def test_polling_station_vote(body, staff) -> None:
    election, codes = sample_election(body, voters=2)
    entry = election.register.order_by("pk").first()
    assert entry is not None
    services.record_station_vote(actor=staff["city_editor"], election=election, entry=entry, choices=[])
    with pytest.raises(ValidationError):
        services.record_station_vote(actor=staff["city_editor"], election=election, entry=entry, choices=[])
    # Their code is spent too.
    with pytest.raises(ValidationError):
        services.cast_ballot(election=election, code=codes[0], choices=[])
    with pytest.raises(PermissionDenied):
        services.record_station_vote(actor=staff["city_analyst"], election=election, entry=entry, choices=[])


def test_a_ballot_cannot_be_tied_to_a_voter(body) -> None:
    election, codes = sample_election(body, voters=3)
    for code in codes[:2]:
        services.cast_ballot(election=election, code=code, choices=[])
    fields = {f.name for f in Ballot._meta.get_fields()}
    assert fields == {"id", "election", "seat_group", "candidates", "list_name"}
    assert not any(
        f.get_internal_type() in ("DateTimeField", "DateField") for f in Ballot._meta.concrete_fields
    )
    assert all(b.id.version == 4 for b in Ballot.objects.all())
    assert not Ballot._meta.ordering
    for model in (RegisterEntry, VotingCode):
        assert not any(getattr(f, "related_model", None) is Ballot for f in model._meta.get_fields())


def test_results_refused_before_the_close(body) -> None:
    election, _ = sample_election(body, voters=1)
    with pytest.raises(PermissionError):
        selectors.results(election)
    with pytest.raises(PermissionError):
        selectors.shuffled_ballots(election)


def test_plurality_results(body) -> None:
    election, codes = sample_election(body, voters=3)
    c1, c2, c3, _c4 = [str(c.pk) for c in election.candidates.order_by("pk")]
    services.cast_ballot(election=election, code=codes[0], choices=[c1, c2])
    services.cast_ballot(election=election, code=codes[1], choices=[c1, c3])
    services.cast_ballot(election=election, code=codes[2], choices=[])
    services.close_election(actor=None, election=election)
    election.refresh_from_db()
    (result,) = selectors.results(election)
    assert result.totals == {"Candidate 1": 2, "Candidate 2": 1, "Candidate 3": 1, "Candidate 4": 0}
    assert result.blank == 1 and result.ballots == 3
    assert set(result.elected) == {"Candidate 1", "Candidate 2", "Candidate 3"}
    assert len(selectors.shuffled_ballots(election)) == 3


def test_dhondt_results(body) -> None:
    election, codes = sample_election(body, voters=6, method=Election.Method.DHONDT)
    choices = ["Lista A", "Lista A", "Lista A", "Lista B", "Lista B", ""]
    for code, choice in zip(codes, choices, strict=True):
        services.cast_ballot(election=election, code=code, choices=[choice])
    services.close_election(actor=None, election=election)
    election.refresh_from_db()
    (result,) = selectors.results(election)
    assert result.totals == {"Lista A": 3, "Lista B": 2, "Lista C": 0} and result.blank == 1
    assert result.allocation.seats == {"Lista A": 2, "Lista B": 1, "Lista C": 0}
    assert result.elected == ["Candidate 1", "Candidate 2", "Candidate 3"]


def test_event_log_is_append_only_and_chained(body) -> None:
    election, _ = sample_election(body, voters=2)
    assert selectors.verify_chain(election) is None
    event = ElectionEvent.objects.filter(election=election).order_by("seq")[1]
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    with pytest.raises(ValueError):
        ElectionEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ValueError):
        ElectionEvent.objects.filter(pk=event.pk).update(kind="x")
    # Tampering below the ORM is caught by the check.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE elections_electionevent SET actor = 'someone' WHERE id = %s", [event.pk])
    assert selectors.verify_chain(election) == event.seq


def test_small_groups_are_flagged(body, settings) -> None:
    election, _ = sample_election(body, voters=3)
    (count,) = selectors.register_counts(election)
    assert count.voters == 3 and count.small
    settings.PONTES_ELECTION_SMALL_GROUP = 3
    (count,) = selectors.register_counts(election)
    assert not count.small


def test_purge_after_retention(body, settings) -> None:
    election, _ = sample_election(body, voters=2, stage=S.CLOSED)
    assert services.purge_due_registers() == []
    later = timezone.now() + datetime.timedelta(days=181)
    assert services.purge_due_registers(now=later) == [election]
    assert all(e.anonymised and e.name is None and e.document is None for e in election.register.all())
    assert services.purge_due_registers(now=later) == []
    settings.PONTES_ELECTION_RETENTION_DAYS = 1
    other, _ = sample_election(body, voters=1, stage=S.CLOSED, title="Otra")
    assert services.purge_due_registers(now=timezone.now() + datetime.timedelta(days=2)) == [other]


def test_nobody_is_registered_twice(body, staff) -> None:
    election, _ = sample_election(body, stage=S.REGISTER_OPEN, voters=1)  # document X0000000
    with pytest.raises(ValidationError) as error:
        services.add_register_entry(
            actor=staff["city_editor"],
            election=election,
            seat_group=group_of(election),
            name="Same Person",
            birth_date=datetime.date(1990, 1, 1),
            address="x",
            document="x 0000000",
            checks={"resident": True, "no_municipal_vote": True},
        )
    assert "already" in error.value.message_dict["document"][0]
    data = CSV_OK.replace("B2,", "X0000000,")
    with pytest.raises(ValidationError) as error:
        services.import_register(actor=staff["city_editor"], election=election, data=data.encode())
    assert error.value.message_dict["file"] == [
        "Row 3, column “document”: Someone with this document is on the register already."
    ]
