"""Complaints about the register: accepted ones add or correct an entry with the decision, with the
checks of a manual entry; refusals change nothing; the person follows the decision with a reference."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pontes.core.models import AuditEntry
from pontes.core.testing import signed_in_client
from pontes.elections import selectors, services
from pontes.elections.models import Complaint, Election, ElectionEvent, RegisterEntry
from pontes.elections.testing import sample_election
from pontes.participation.models import ConsultativeBody

S = Election.Status
YES = {"resident": True, "no_municipal_vote": True}


def open_window(election: Election) -> Election:
    today = timezone.localdate()
    Election.objects.filter(pk=election.pk).update(complaints_open=today, complaints_close=today)
    election.refresh_from_db()
    return election


@pytest.fixture
def election(body: ConsultativeBody) -> Election:
    # Two voters already: documents X0000000 and X0000001.
    item, _codes = sample_election(body, stage=S.REGISTER_OPEN, voters=2)
    return open_window(item)


def entry_data(election: Election, **changes: Any) -> services.EntryData:
    values: dict[str, Any] = {
        "seat_group": election.seat_groups.get(),
        "name": "Nadia Demo",
        "birth_date": datetime.date(1988, 5, 4),
        "address": "Calle Nueva 3",
        "document": "Y1234567",
        "checks": YES,
    }
    values.update(changes)
    return services.EntryData(**values)


def snapshot(election: Election) -> list[tuple[Any, ...]]:
    """Everything a refusal must leave as it was."""
    entries = [
        (e.pk, e.name, e.birth_date, e.address, e.document, e.seat_group_id, e.checks)
        for e in RegisterEntry.objects.filter(election=election).order_by("pk")
    ]
    complaints = [(c.pk, c.decision, c.reason, c.entry_id) for c in election.complaints.order_by("pk")]
    return [tuple(entries), tuple(complaints), (ElectionEvent.objects.filter(election=election).count(),)]


def test_accepting_a_request_to_be_added_adds_the_entry(election, staff) -> None:
    complaint, reference = services.record_complaint(
        actor=None, election=election, name="Nadia Demo", request="Please add me"
    )
    added = services.decide_complaint(
        actor=staff["city_editor"], complaint=complaint, accepted=True, reason="", entry=entry_data(election)
    )
    assert added is not None and added.name == "Nadia Demo" and added.checks["resident"]
    complaint.refresh_from_db()
    assert complaint.decision == Complaint.Decision.ACCEPTED and complaint.entry == added
    assert complaint.decided_on == timezone.localdate()
    assert election.register.count() == 3
    kinds = list(selectors.events(election).values_list("kind", "detail"))
    assert kinds[-2] == (
        "register_entry_added",
        {"seat_group": "All residents", "complaint": complaint.pk},
    )
    assert kinds[-1][0] == "complaint_decided"
    assert selectors.verify_chain(election) is None
    assert AuditEntry.objects.filter(changes__register__1="entry added after a complaint").exists()
    # The person sees the outcome with the reference.
    assert services.complaint_by_reference(election, reference.lower()) == complaint


def test_accepting_a_correction_changes_the_entry_and_logs_only_field_names(election, staff) -> None:
    complaint, _reference = services.record_complaint(
        actor=None,
        election=election,
        name="Voter 0",
        request="My address is wrong",
        kind=Complaint.Kind.CORRECT,
    )
    entry = election.register.order_by("pk").first()
    assert entry is not None
    data = entry_data(election, name="Voter 0", birth_date=datetime.date(1990, 1, 1), address="Calle Real 9")
    # The person keeps their own document: no clash with their own entry.
    data = services.EntryData(**{**data.__dict__, "document": "X0000000"})
    services.decide_complaint(
        actor=staff["city_editor"], complaint=complaint, accepted=True, reason="", entry=data, corrects=entry
    )
    entry.refresh_from_db()
    assert entry.address == "Calle Real 9" and election.register.count() == 2
    event = selectors.events(election).get(kind="register_entry_corrected")
    assert event.detail == {"seat_group": "All residents", "complaint": complaint.pk, "fields": ["address"]}
    assert "Calle" not in str(event.detail)


def test_a_correction_needs_the_entry_it_corrects(election, staff) -> None:
    complaint, _reference = services.record_complaint(
        actor=None, election=election, name="Voter 0", request="Fix", kind=Complaint.Kind.CORRECT
    )
    before = snapshot(election)
    with pytest.raises(ValidationError) as error:
        services.decide_complaint(
            actor=staff["city_editor"],
            complaint=complaint,
            accepted=True,
            reason="",
            entry=entry_data(election),
        )
    assert "corrects" in error.value.message_dict
    assert snapshot(election) == before


def _refuse_frozen(election: Election) -> None:
    Election.objects.filter(pk=election.pk).update(status=S.REGISTER_FROZEN)


def _refuse_window_closed(election: Election) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Election.objects.filter(pk=election.pk).update(complaints_open=yesterday, complaints_close=yesterday)


@pytest.mark.parametrize(
    ("spoil", "document", "field", "words"),
    [
        (_refuse_frozen, "Y1234567", "register", "frozen"),
        (_refuse_window_closed, "Y1234567", "decision", "complaints window"),
        (None, "x-0000001", "document", "already"),
    ],
    ids=["frozen", "window-closed", "duplicate"],
)
def test_refusals_change_nothing(election, staff, spoil, document, field, words) -> None:
    complaint, _reference = services.record_complaint(
        actor=None, election=election, name="Nadia", request="Add me"
    )
    if spoil is not None:
        spoil(election)
    before = snapshot(election)
    with pytest.raises(ValidationError) as error:
        services.decide_complaint(
            actor=staff["city_editor"],
            complaint=complaint,
            accepted=True,
            reason="",
            entry=entry_data(election, document=document),
        )
    assert words in error.value.message_dict[field][0]
    assert snapshot(election) == before


def test_a_correction_cannot_take_another_voters_document(election, staff) -> None:
    complaint, _reference = services.record_complaint(
        actor=None, election=election, name="Voter 0", request="Fix", kind=Complaint.Kind.CORRECT
    )
    entry = election.register.order_by("pk").first()
    before = snapshot(election)
    with pytest.raises(ValidationError) as error:
        services.decide_complaint(
            actor=staff["city_editor"],
            complaint=complaint,
            accepted=True,
            reason="",
            entry=entry_data(election, document="X0000001"),
            corrects=entry,
        )
    assert "already" in error.value.message_dict["document"][0]
    assert snapshot(election) == before


def test_the_eligibility_rules_apply_to_entries_after_a_complaint(election, staff) -> None:
    complaint, _reference = services.record_complaint(
        actor=None, election=election, name="Kid", request="Add"
    )
    before = snapshot(election)
    with pytest.raises(ValidationError) as error:
        services.decide_complaint(
            actor=staff["city_editor"],
            complaint=complaint,
            accepted=True,
            reason="",
            entry=entry_data(election, birth_date=timezone.localdate(), checks={}),
        )
    assert {"birth_date", "resident", "no_municipal_vote"} <= set(error.value.message_dict)
    assert snapshot(election) == before


def test_a_rejection_needs_a_reason_the_person_can_read(election, staff) -> None:
    complaint, reference = services.record_complaint(actor=None, election=election, name="Bo", request="Add")
    with pytest.raises(ValidationError) as error:
        services.decide_complaint(actor=staff["city_editor"], complaint=complaint, accepted=False, reason=" ")
    assert "reason" in error.value.message_dict
    # Rejecting is still possible once the window has closed, as long as the register is open.
    _refuse_window_closed(election)
    services.decide_complaint(
        actor=staff["city_editor"], complaint=complaint, accepted=False, reason="No proof of residence."
    )
    found = services.complaint_by_reference(election, reference)
    assert found is not None and found.reason == "No proof of residence."
    with pytest.raises(ValidationError) as error:
        services.decide_complaint(actor=staff["city_editor"], complaint=complaint, accepted=False, reason="x")
    assert "decided already" in error.value.message_dict["decision"][0]


def test_the_reference_is_kept_only_as_a_keyed_hash(election) -> None:
    complaint, reference = services.record_complaint(actor=None, election=election, name="Bo", request="Add")
    assert len(reference) == 9 and reference[4] == "-"
    assert complaint.reference_hash != reference and len(complaint.reference_hash or "") == 64
    assert services.complaint_by_reference(election, "") is None
    assert services.complaint_by_reference(election, "ZZZZ-ZZZZ") is None


# --- Pages -------------------------------------------------------------------------------------


def decide_url(election: Election, complaint: Complaint) -> str:
    return reverse(
        "elections:complaint_decide", kwargs={"slug": "beta", "pk": election.pk, "complaint": complaint.pk}
    )


def test_a_person_follows_their_request_without_personal_data(election, staff) -> None:
    done = Client().post(
        reverse("elections:complaint", kwargs={"pk": election.pk}),
        {"kind": "add", "name": "Nadia Private", "request": "Add me, I live at Calle Secreta 1"},
    )
    assert done["Cache-Control"] == "no-store"
    complaint = election.complaints.get()
    reference = done.context["reference"]
    assert reference in done.content.decode()
    follow = reverse("elections:complaint_follow", kwargs={"pk": election.pk})
    assert follow.encode() in done.content
    assert Client().get(follow).status_code == 200
    pending = Client().post(follow, {"reference": reference}).content.decode()
    assert "waiting for a decision" in pending
    services.decide_complaint(
        actor=staff["city_editor"], complaint=complaint, accepted=False, reason="Lives in another town."
    )
    page = Client().post(follow, {"reference": reference.lower().replace("-", " ")}).content.decode()
    assert "Lives in another town." in page and "rejected" in page
    assert "Nadia" not in page and "Secreta" not in page
    wrong = Client().post(follow, {"reference": "ZZZZ-ZZZZ"})
    assert b"No request to this election has this reference" in wrong.content
    public = Client().get(reverse("elections:election", kwargs={"pk": election.pk}))
    assert follow.encode() in public.content


def test_the_follow_up_page_is_rate_limited(election, settings) -> None:
    settings.PONTES_ELECTION_FOLLOW_RATE = "2/m"
    url = reverse("elections:complaint_follow", kwargs={"pk": election.pk})
    client = Client()
    statuses = [client.post(url, {"reference": "AAAA-AAAA"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_staff_accept_with_the_entry_on_the_decision_page(election, staff) -> None:
    complaint, _reference = services.record_complaint(
        actor=None, election=election, name="Nadia", request="Add"
    )
    client = signed_in_client(staff["city_editor"])
    overview = client.get(reverse("elections:staff_election", kwargs={"slug": "beta", "pk": election.pk}))
    assert decide_url(election, complaint).encode() in overview.content
    page = client.get(decide_url(election, complaint))
    assert page.status_code == 200 and b'name="document"' in page.content
    group = election.seat_groups.get()
    form = {
        "accepted": "1",
        "seat_group": group.pk,
        "name": "Nadia Demo",
        "birth_date": "1988-05-04",
        "address": "Calle Nueva 3",
        "document": "Y1234567",
        "resident": "on",
        "no_municipal_vote": "on",
    }
    missing = client.post(decide_url(election, complaint), {**form, "document": ""})
    assert missing.status_code == 400 and b"Needed to accept the complaint" in missing.content
    duplicate = client.post(decide_url(election, complaint), {**form, "document": "X0000000"})
    assert duplicate.status_code == 400 and b"on the register already" in duplicate.content
    assert election.register.count() == 2
    complaint.refresh_from_db()
    assert complaint.decision == Complaint.Decision.PENDING
    accepted = client.post(decide_url(election, complaint), form)
    assert accepted.status_code == 302
    assert election.register.count() == 3
    complaint.refresh_from_db()
    assert complaint.decision == Complaint.Decision.ACCEPTED and complaint.entry is not None


def test_staff_correct_an_entry_starting_from_its_values(election, staff) -> None:
    complaint, _reference = services.record_complaint(
        actor=None, election=election, name="Voter 1", request="Wrong address", kind=Complaint.Kind.CORRECT
    )
    entry = election.register.order_by("pk").last()
    assert entry is not None
    client = signed_in_client(staff["city_editor"])
    loaded = client.get(decide_url(election, complaint) + f"?entry={entry.pk}").content.decode()
    assert 'value="Calle 1"' in loaded and 'value="X0000001"' in loaded
    answer = client.post(
        decide_url(election, complaint),
        {
            "accepted": "1",
            "corrects": entry.pk,
            "seat_group": entry.seat_group_id,
            "name": "Voter 1",
            "birth_date": "1990-01-01",
            "address": "Calle Mayor 1",
            "document": "X0000001",
            "resident": "on",
            "no_municipal_vote": "on",
        },
    )
    assert answer.status_code == 302
    entry.refresh_from_db()
    assert entry.address == "Calle Mayor 1"


def test_staff_reject_and_the_frozen_register_refuses(election, staff) -> None:
    complaint, _reference = services.record_complaint(actor=None, election=election, name="Bo", request="Add")
    client = signed_in_client(staff["city_editor"])
    no_reason = client.post(decide_url(election, complaint), {"accepted": "0", "reason": ""})
    assert no_reason.status_code == 400 and b"Give the reason for the rejection" in no_reason.content
    _refuse_frozen(election)
    frozen = client.post(decide_url(election, complaint), {"accepted": "0", "reason": "No"})
    assert frozen.status_code == 400 and b"frozen" in frozen.content
    complaint.refresh_from_db()
    assert complaint.decision == Complaint.Decision.PENDING
    assert b'name="reason"' not in client.get(decide_url(election, complaint)).content


def test_the_purge_removes_what_complaints_say(election, staff) -> None:
    complaint, _reference = services.record_complaint(actor=None, election=election, name="Bo", request="Add")
    services.decide_complaint(
        actor=staff["city_editor"], complaint=complaint, accepted=False, reason="Bo lives elsewhere."
    )
    services.purge_register(actor=None, election=election)
    complaint.refresh_from_db()
    assert (complaint.name, complaint.request, complaint.reason) == (None, None, "")
    assert complaint.decision == Complaint.Decision.REJECTED
