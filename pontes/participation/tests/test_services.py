"""Writes: bodies, members, meetings and minutes, recommendations and the authority's answers, and
every refusal changing nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pontes.core.models import AuditEntry
from pontes.participation import services
from pontes.participation.models import Meeting, Member, Recommendation, RecommendationVersion
from pontes.participation.testing import sample_body

pytestmark = pytest.mark.django_db


def _rec(world) -> Recommendation:
    body = sample_body(world.city)
    return body.recommendations.get()


def test_editors_of_elsewhere_cannot_manage(world, staff) -> None:
    body = sample_body(world.city)
    with pytest.raises(PermissionDenied):
        services.save_seat_group(actor=staff["town_editor"], body=body, group=body.seat_groups.all()[0])


def test_member_needs_a_seat_group_of_the_body_and_a_sensible_term(world, staff) -> None:
    body = sample_body(world.city)
    other = sample_body(world.town, slug="town-council")
    today = timezone.localdate()
    member = Member(
        seat_group=other.seat_groups.first(),
        name="X",
        term_start=today,
        term_end=today + datetime.timedelta(1),
    )
    with pytest.raises(ValidationError) as error:
        services.save_member(actor=staff["city_editor"], body=body, member=member)
    assert "seat_group" in error.value.message_dict
    member = Member(seat_group=body.seat_groups.first(), name="X", term_start=today, term_end=today)
    with pytest.raises(ValidationError) as error:
        services.save_member(actor=staff["city_editor"], body=body, member=member)
    assert "term_end" in error.value.message_dict
    assert body.members.count() == 3


def test_a_full_seat_group_takes_no_one_more(world, staff) -> None:
    body = sample_body(world.city)
    full = body.seat_groups.get(name="Magreb")
    today = timezone.localdate()
    extra = Member(seat_group=full, name="Y", term_start=today, term_end=today + datetime.timedelta(days=400))
    with pytest.raises(ValidationError) as error:
        services.save_member(actor=staff["city_editor"], body=body, member=extra)
    assert "Every seat" in str(error.value)
    later = today + datetime.timedelta(days=2000)
    extra = Member(seat_group=full, name="Y", term_start=later, term_end=later + datetime.timedelta(days=400))
    services.save_member(actor=staff["city_editor"], body=body, member=extra)


def test_approved_minutes_are_kept_and_corrected_by_addenda(world, staff) -> None:
    body = sample_body(world.city)
    meeting = body.meetings.order_by("starts_at").first()
    assert meeting is not None
    with pytest.raises(ValidationError):
        services.add_addendum(actor=staff["city_editor"], meeting=meeting, text="Too early")
    services.approve_minutes(actor=staff["city_editor"], meeting=meeting)
    meeting.minutes = "Rewritten"
    with pytest.raises(ValidationError) as error:
        services.save_meeting(actor=staff["city_editor"], body=body, meeting=meeting)
    assert "minutes" in error.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Se debate la vivienda."
    services.add_addendum(actor=staff["city_editor"], meeting=meeting, text="La sesión acabó a las 20:15.")
    assert meeting.addenda.count() == 1


def test_minutes_of_a_future_meeting_cannot_be_approved(world, staff) -> None:
    body = sample_body(world.city)
    upcoming = body.meetings.order_by("starts_at").last()
    assert upcoming is not None
    upcoming.minutes = "x"
    with pytest.raises(ValidationError):
        services.approve_minutes(actor=staff["city_editor"], meeting=upcoming)


def test_attendance(world, staff) -> None:
    body = sample_body(world.city)
    meeting = body.meetings.order_by("starts_at").first()
    assert meeting is not None
    members = list(body.members.all())
    services.record_attendance(
        actor=staff["city_editor"],
        meeting=meeting,
        statuses={members[0].pk: "present", members[1].pk: "excused"},
    )
    assert meeting.attendance.count() == 2
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=staff["city_editor"], meeting=meeting, statuses={members[0].pk: "late"}
        )
    assert meeting.attendance.get(member=members[0]).status == "present"


def test_documents_are_checked(world, staff, settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    body = sample_body(world.city)
    meeting = body.meetings.first()
    assert meeting is not None
    editor = staff["city_editor"]
    fake = SimpleUploadedFile("agenda.pdf", b"not a pdf at all")
    with pytest.raises(ValidationError) as error:
        services.add_document(actor=editor, meeting=meeting, title="Agenda", upload=fake)
    assert "not a PDF" in str(error.value)
    exe = SimpleUploadedFile("agenda.exe", b"MZ")
    with pytest.raises(ValidationError):
        services.add_document(actor=editor, meeting=meeting, title="Agenda", upload=exe)
    big = SimpleUploadedFile("agenda.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.add_document(actor=editor, meeting=meeting, title="Agenda", upload=big)
    assert "10 MB" in str(error.value)
    with pytest.raises(ValidationError):
        services.add_document(actor=editor, meeting=meeting, title="Agenda")
    assert meeting.documents.count() == 0
    good = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 fine")
    document = services.add_document(actor=editor, meeting=meeting, title="Agenda", upload=good)
    assert (tmp_path / "uploads" / "participation" / document.file_name).read_bytes() == b"%PDF-1.4 fine"


def test_recording_checks_votes_and_opinions(world, staff) -> None:
    body = sample_body(world.city)
    meeting = body.meetings.order_by("starts_at").first()
    assert meeting is not None
    tie = Recommendation(meeting=meeting, title="T", text="T", votes_for=2, votes_against=2)
    with pytest.raises(ValidationError) as error:
        services.record_recommendation(actor=staff["city_editor"], body=body, recommendation=tie)
    assert "votes_for" in error.value.message_dict
    opinion = Recommendation(meeting=meeting, title="T", text="T", votes_for=3, kind="opinion")
    with pytest.raises(ValidationError) as error:
        services.record_recommendation(actor=staff["city_editor"], body=body, recommendation=opinion)
    assert "draft_reference" in error.value.message_dict
    upcoming = body.meetings.order_by("starts_at").last()
    later = Recommendation(meeting=upcoming, title="T", text="T", votes_for=3)
    with pytest.raises(ValidationError):
        services.record_recommendation(actor=staff["city_editor"], body=body, recommendation=later)
    assert body.recommendations.count() == 1


def test_answer_before_transmission_is_refused(world) -> None:
    rec = _rec(world)
    with pytest.raises(ValidationError) as error:
        services.answer(actor=None, recommendation=rec, answer="accepted", reasons="")
    assert "not been sent" in str(error.value)
    rec.refresh_from_db()
    assert rec.answer == "" and rec.status == "adopted"


def test_editors_cannot_answer(world, staff) -> None:
    rec = _rec(world)
    services.transmit(actor=staff["city_editor"], recommendation=rec, on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.answer(actor=staff["city_editor"], recommendation=rec, answer="accepted", reasons="")


def test_rejection_needs_reasons_then_is_recorded(world, staff) -> None:
    rec = _rec(world)
    services.transmit(actor=staff["city_editor"], recommendation=rec, on=timezone.localdate())
    for kind in ("rejected", "partly"):
        with pytest.raises(ValidationError) as error:
            services.answer(actor=None, recommendation=rec, answer=kind, reasons="  ")
        assert "reasons" in error.value.message_dict
    rec.refresh_from_db()
    assert rec.answer == "" and rec.status == "waiting"
    services.answer(actor=None, recommendation=rec, answer="rejected", reasons="No budget this year.")
    rec.refresh_from_db()
    assert rec.status == "rejected" and rec.answer_reasons == "No budget this year."
    with pytest.raises(ValidationError):
        services.add_progress(actor=None, recommendation=rec, text="Something")


def test_transmission_dates_are_checked(world) -> None:
    rec = _rec(world)
    with pytest.raises(ValidationError):
        services.transmit(
            actor=None, recommendation=rec, on=timezone.localdate() + datetime.timedelta(days=2)
        )
    with pytest.raises(ValidationError):
        services.transmit(
            actor=None, recommendation=rec, on=timezone.localdate() - datetime.timedelta(days=90)
        )
    rec.refresh_from_db()
    assert rec.transmitted_on is None


def test_overdue_and_progress_until_done(world) -> None:
    rec = _rec(world)
    today = timezone.localdate()
    services.transmit(actor=None, recommendation=rec, on=today - datetime.timedelta(days=20))
    assert rec.days_waiting(today) == 20 and not rec.is_overdue(today)
    assert rec.is_overdue(today + datetime.timedelta(days=41))
    services.answer(actor=None, recommendation=rec, answer="accepted", reasons="")
    services.add_progress(actor=None, recommendation=rec, text="Half way")
    assert rec.status == "accepted"
    services.add_progress(actor=None, recommendation=rec, text="Open", done=True)
    assert rec.status == "done"
    with pytest.raises(ValidationError):
        services.add_progress(actor=None, recommendation=rec, text="More")


def test_changing_the_text_needs_a_reason_and_keeps_the_old_wording(world, staff) -> None:
    rec = _rec(world)
    editor = staff["city_editor"]
    with pytest.raises(ValidationError) as error:
        services.change_text(actor=editor, recommendation=rec, title=rec.title, text="New", reason=" ")
    assert "reason" in error.value.message_dict
    rec.refresh_from_db()
    assert rec.text == "Abrir una oficina." and not RecommendationVersion.objects.exists()
    services.change_text(actor=editor, recommendation=rec, title=rec.title, text="New", reason="Typo")
    (version,) = rec.versions.all()
    assert version.text == "Abrir una oficina." and version.reason == "Typo" and version.changed_by == editor
    assert AuditEntry.objects.filter(target_type="participation.Recommendation", action="update").exists()
