from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from pontes.core.models import AuditEntry
from pontes.core.testing import signed_in_client
from pontes.participation import services
from pontes.participation.models import Recommendation
from pontes.participation.testing import sample_body

pytestmark = pytest.mark.django_db


def test_public_body_page(client, world) -> None:
    body = sample_body(world.city)
    page = client.get(f"/en/participation/bodies/{body.slug}/").content.decode()
    assert "Consejo de Beta" in page and "3 of 4 seats filled" in page
    assert "Below the gender balance target" in page
    assert "Nadia" in page and "president" in page and "1 seat vacant" in page
    assert "Mediación" in page and "https://beta.example/reglamento" in page
    assert "Consejo de Beta" in client.get("/en/participation/bodies/").content.decode()


def test_open_meeting_is_announced_in_every_language(client, world) -> None:
    body = sample_body(world.city)
    upcoming = body.meetings.order_by("starts_at").last()
    assert upcoming is not None
    page = client.get(f"/en/participation/bodies/{body.slug}/meetings/{upcoming.pk}/").content.decode()
    assert "جلسة مفتوحة" in page and "untranslated" in page


def test_calendar_lists_upcoming_meetings(client, world) -> None:
    body = sample_body(world.city)
    response = client.get(f"/en/participation/bodies/{body.slug}/meetings.ics")
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1 and "Sesión abierta" in text


def test_accountability_page_shows_answers_overdue_and_filters(client, world) -> None:
    body = sample_body(world.city)
    rec = body.recommendations.get()
    services.transmit(actor=None, recommendation=rec, on=timezone.localdate() - datetime.timedelta(days=25))
    url = f"/en/participation/bodies/{body.slug}/recommendations/"
    assert "waiting for an answer" in client.get(url).content.decode()
    Recommendation.objects.filter(pk=rec.pk).update(answer_days=10)
    assert "1 answer is overdue" in client.get(url).content.decode()
    services.answer(actor=None, recommendation=rec, answer="rejected", reasons="No room in the budget.")
    page = client.get(url + "?status=rejected").content.decode()
    assert "No room in the budget." in page
    assert "Mediación" not in client.get(url + "?status=done").content.decode()


def test_staff_answer_without_reasons_is_refused_on_the_page(world, staff) -> None:
    body = sample_body(world.city)
    rec = body.recommendations.get()
    admin = signed_in_client(staff["city_admin"], verified=True)
    url = f"/en/staff/t/{world.city.slug}/participation/recommendations/{rec.pk}/answer/"
    page = admin.post(url, {"answer": "accepted"}).content.decode()
    assert "has not been sent" in page
    services.transmit(actor=None, recommendation=rec, on=timezone.localdate())
    page = admin.post(url, {"answer": "rejected", "reasons": ""}).content.decode()
    assert "needs its reasons" in page
    rec.refresh_from_db()
    assert rec.answer == ""
    refusals = AuditEntry.objects.filter(action="refuse", target_id=str(rec.pk))
    assert [e.changes["attempt"] for e in refusals.order_by("pk")] == ["answer", "answer"]
    assert refusals.filter(actor=staff["city_admin"]).count() == 2


def test_staff_change_without_reason_is_refused(world, staff) -> None:
    body = sample_body(world.city)
    rec = body.recommendations.get()
    editor = signed_in_client(staff["city_editor"])
    url = f"/en/staff/t/{world.city.slug}/participation/recommendations/{rec.pk}/"
    page = editor.post(url, {"action": "change", "title": rec.title, "text": "Otro", "reason": ""})
    assert "Say why the adopted text changes" in page.content.decode()
    rec.refresh_from_db()
    assert rec.text == "Abrir una oficina."
    # The refused attempt is in the audit trail, with what was refused and who tried.
    refusal = AuditEntry.objects.get(action="refuse", target_id=str(rec.pk))
    assert refusal.actor == staff["city_editor"] and refusal.changes["attempt"] == "change the adopted text"
    assert any("Say why" in reason for reason in refusal.changes["refused"])


def test_a_body_for_communities_names_valid_countries(world, staff) -> None:
    from pontes.participation.models import ConsultativeBody

    editor = signed_in_client(staff["city_editor"])
    url = f"/en/staff/t/{world.city.slug}/participation/bodies/new/"
    values = {
        "original_language": "es",
        "name": "Consejo de comunidades",
        "slug": "consejo-comunidades",
        "legal_basis": "Acuerdo del pleno",
        "mandate": "Asesorar",
        "scope": "communities",
        "gender_balance_target": "40",
        "term_years": "4",
        "answer_days": "60",
    }
    missing = editor.post(url, values).content.decode()
    assert "Name the countries of origin" in missing
    wrong = editor.post(url, {**values, "origin_countries": "MA, XX ، SN"}).content.decode()
    assert "Not two-letter country codes: XX." in wrong
    assert not ConsultativeBody.objects.filter(slug="consejo-comunidades").exists()
    assert editor.post(url, {**values, "origin_countries": "ma، sn"}).status_code == 302
    assert ConsultativeBody.objects.get(slug="consejo-comunidades").origin_countries == ["MA", "SN"]


def test_staff_create_body_with_groups_and_members(world, staff) -> None:
    editor = signed_in_client(staff["city_editor"])
    base = f"/en/staff/t/{world.city.slug}/participation/"
    response = editor.post(
        base + "bodies/new/",
        {
            "original_language": "es",
            "name": "Consejo nuevo",
            "slug": "consejo-nuevo",
            "legal_basis": "Acuerdo del pleno",
            "mandate": "Asesorar",
            "missions": ["dialogue"],
            "scope": "all",
            "gender_balance_target": "40",
            "term_years": "4",
            "answer_days": "60",
            "name__fr": "Nouveau conseil",
        },
    )
    assert response.status_code == 302, response.content.decode()
    body_url = response["Location"]
    editor.post(
        body_url,
        {
            "add_group": "1",
            "group-name": "Todos",
            "group-kind": "elected",
            "group-seats": "5",
            "group-order": "0",
        },
    )
    from pontes.participation.models import ConsultativeBody

    body = ConsultativeBody.objects.get(slug="consejo-nuevo")
    assert body.text_in("name", "fr") == "Nouveau conseil"
    group = body.seat_groups.get()
    editor.post(
        body_url,
        {
            "add_member": "1",
            "member-name": "Awa",
            "member-sex": "woman",
            "member-seat_group": group.pk,
            "member-role": "president",
            "member-term_start": "2025-01-01",
            "member-term_end": "2029-01-01",
            "member-elected": "on",
        },
    )
    assert body.members.get().name == "Awa"


def test_staff_meeting_page_minutes_attendance_documents(world, staff, settings, tmp_path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.VAR_DIR = tmp_path
    body = sample_body(world.city)
    meeting = body.meetings.order_by("starts_at").first()
    assert meeting is not None
    editor = signed_in_client(staff["city_editor"])
    url = f"/en/staff/t/{world.city.slug}/participation/meetings/{meeting.pk}/"
    assert editor.get(url).status_code == 200
    page = editor.post(url, {"action": "addendum", "text": "Too early"}).content.decode()
    assert "a correction is for approved minutes" in page
    editor.post(url, {"action": "approve"})
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved"
    editor.post(url, {"action": "addendum", "text": "Ended at 20:15."})
    assert meeting.addenda.count() == 1
    member = body.members.first()
    assert member is not None
    editor.post(url, {"action": "attendance", f"member_{member.pk}": "present"})
    assert meeting.attendance.get().status == "present"
    fake = SimpleUploadedFile("minutes.docx", b"plain text")
    page = editor.post(url, {"action": "document", "title": "Acta", "upload": fake}).content.decode()
    assert "not a DOCX file" in page and meeting.documents.count() == 0
    good = SimpleUploadedFile("minutes.pdf", b"%PDF-1.7 ok")
    editor.post(url, {"action": "document", "title": "Acta", "upload": good})
    document = meeting.documents.get()
    response = Client().get(f"/en/participation/documents/{document.pk}/")
    assert response.content == b"%PDF-1.7 ok" and response["Content-Type"] == "application/pdf"
    public = Client().get(f"/en/participation/bodies/{body.slug}/meetings/{meeting.pk}/").content.decode()
    assert "Se debate la vivienda." in public and "Ended at 20:15." in public and "present" in public
