"""Every write of the participation app: one function per use case, each in a transaction, audited.

`actor=None` means the platform itself (demo data, commands); any account is checked."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pontes.core import audit
from pontes.core.models import AuditEntry, Territory, User
from pontes.core.permissions import require

from .models import (
    Attendance,
    ConsultativeBody,
    Meeting,
    MeetingDocument,
    Member,
    MinutesAddendum,
    ProgressUpdate,
    Recommendation,
    RecommendationVersion,
    SeatGroup,
)

MANAGE = "participation.manage_bodies"
ANSWER = "participation.answer_recommendations"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".odt": (b"PK\x03\x04", "application/vnd.oasis.opendocument.text"),
    ".docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
BODY_FIELDS = [
    "name",
    "slug",
    "legal_basis",
    "legal_basis_url",
    "mandate",
    "missions",
    "scope",
    "gender_balance_target",
    "president_speaks_at_council",
    "term_years",
    "answer_days",
]


def upload_folder() -> Path:
    return Path(settings.VAR_DIR) / "uploads" / "participation"


def _check(actor: User | None, permission: str, territory: Territory) -> None:
    if actor is not None:
        require(actor, permission, territory)


def _record(actor: User | None, action: str, target: Any, territory: Territory, changes: Any = None) -> None:
    audit.record(actor=actor, action=action, target=target, territory=territory, changes=changes)


def _apply_translations(obj: Any, translations: dict[str, dict[str, str]] | None) -> None:
    for language, texts in (translations or {}).items():
        # The original language's text is the form's own field, not a translation of it.
        if language.split("-")[0] == str(obj.original_language).split("-")[0]:
            continue
        for field, text in texts.items():
            obj.set_translation(language, field, text)


# --- Bodies, seat groups, members -----------------------------------------------------------------


@transaction.atomic
def save_body(
    *,
    actor: User | None,
    territory: Territory,
    body: ConsultativeBody,
    translations: dict[str, dict[str, str]] | None = None,
) -> ConsultativeBody:
    _check(actor, MANAGE, territory)
    if body.pk and body.territory_id != territory.pk:
        raise PermissionDenied
    before = audit.snapshot(ConsultativeBody.objects.get(pk=body.pk), BODY_FIELDS) if body.pk else {}
    body.territory = territory
    if body.scope == ConsultativeBody.Scope.COMMUNITIES and not body.origin_countries:
        raise ValidationError(
            {"origin_countries": _("Name the countries of origin of the communities it represents.")}
        )
    _apply_translations(body, translations)
    body.full_clean()
    body.save()
    _record(
        actor,
        AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        body,
        territory,
        audit.diff(before, audit.snapshot(body, BODY_FIELDS)),
    )
    return body


@transaction.atomic
def save_seat_group(*, actor: User | None, body: ConsultativeBody, group: SeatGroup) -> SeatGroup:
    _check(actor, MANAGE, body.territory)
    if group.pk and group.body_id != body.pk:
        raise PermissionDenied
    created = not group.pk
    group.body = body
    group.full_clean()
    group.save()
    _record(actor, AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, group, body.territory)
    return group


@transaction.atomic
def save_member(*, actor: User | None, body: ConsultativeBody, member: Member) -> Member:
    _check(actor, MANAGE, body.territory)
    if member.pk and member.body_id != body.pk:
        raise PermissionDenied
    if member.seat_group_id is None or member.seat_group.body_id != body.pk:
        raise ValidationError({"seat_group": _("Choose one of this body's seat groups.")})
    if member.term_end <= member.term_start:
        raise ValidationError({"term_end": _("The term must end after it starts.")})
    overlapping = (
        Member.objects.filter(
            seat_group=member.seat_group, term_start__lt=member.term_end, term_end__gt=member.term_start
        )
        .exclude(pk=member.pk)
        .count()
    )
    if overlapping >= member.seat_group.seats:
        raise ValidationError({"seat_group": _("Every seat of this group is taken during that term.")})
    created = not member.pk
    member.body = body
    member.full_clean()
    member.save()
    _record(actor, AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, member, body.territory)
    return member


# --- Meetings -------------------------------------------------------------------------------------


@transaction.atomic
def save_meeting(
    *,
    actor: User | None,
    body: ConsultativeBody,
    meeting: Meeting,
    translations: dict[str, dict[str, str]] | None = None,
) -> Meeting:
    _check(actor, MANAGE, body.territory)
    if meeting.pk:
        if meeting.body_id != body.pk:
            raise PermissionDenied
        stored = Meeting.objects.get(pk=meeting.pk)
        if stored.minutes_status == Meeting.MinutesStatus.APPROVED and (
            stored.minutes != meeting.minutes or stored.decisions != meeting.decisions
        ):
            raise ValidationError(
                {"minutes": _("These minutes are approved and can no longer be changed: add a correction.")}
            )
        meeting.minutes_status = stored.minutes_status
        meeting.minutes_approved_at = stored.minutes_approved_at
    if meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    created = not meeting.pk
    meeting.body = body
    _apply_translations(meeting, translations)
    meeting.full_clean()
    meeting.save()
    _record(actor, AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, meeting, body.territory)
    return meeting


@transaction.atomic
def approve_minutes(*, actor: User | None, meeting: Meeting) -> Meeting:
    _check(actor, MANAGE, meeting.body.territory)
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationError(_("These minutes are approved already."))
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before approving them.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Minutes can be approved only once the meeting has taken place."))
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.save(update_fields=["minutes_status", "minutes_approved_at"])
    _record(
        actor,
        AuditEntry.Action.UPDATE,
        meeting,
        meeting.body.territory,
        {"minutes_status": ["draft", "approved"]},
    )
    return meeting


@transaction.atomic
def add_addendum(*, actor: User | None, meeting: Meeting, text: str) -> MinutesAddendum:
    _check(actor, MANAGE, meeting.body.territory)
    if meeting.minutes_status != Meeting.MinutesStatus.APPROVED:
        raise ValidationError(
            _("Draft minutes are corrected directly; a correction is for approved minutes.")
        )
    if not text.strip():
        raise ValidationError({"text": _("Write the correction.")})
    addendum = MinutesAddendum.objects.create(meeting=meeting, text=text.strip(), created_by=actor)
    _record(actor, AuditEntry.Action.CREATE, addendum, meeting.body.territory)
    return addendum


@transaction.atomic
def record_attendance(*, actor: User | None, meeting: Meeting, statuses: dict[int, str]) -> None:
    _check(actor, MANAGE, meeting.body.territory)
    members = {m.pk: m for m in meeting.body.members.all()}
    allowed = set(Attendance.Status.values)
    for member_id, status in statuses.items():
        if member_id not in members:
            raise ValidationError(_("Someone in the list is not a member of this body."))
        if status and status not in allowed:
            raise ValidationError(_("Choose present, excused or absent."))
    for member_id, status in statuses.items():
        if status:
            Attendance.objects.update_or_create(
                meeting=meeting, member=members[member_id], defaults={"status": status}
            )
        else:
            Attendance.objects.filter(meeting=meeting, member_id=member_id).delete()
    _record(
        actor, AuditEntry.Action.UPDATE, meeting, meeting.body.territory, {"attendance": [None, statuses]}
    )


@transaction.atomic
def add_document(
    *, actor: User | None, meeting: Meeting, title: str, url: str = "", upload: UploadedFile | None = None
) -> MeetingDocument:
    """A document is a link or a small PDF, ODT or DOCX file, checked by its first bytes."""
    _check(actor, MANAGE, meeting.body.territory)
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if bool(url) == bool(upload):
        raise ValidationError({"url": _("Give either a link or a file, not both and not neither.")})
    document = MeetingDocument(meeting=meeting, title=title.strip(), url=url)
    if upload is not None:
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in DOCUMENT_TYPES:
            raise ValidationError({"upload": _("Only PDF, ODT and DOCX files are accepted.")})
        if (upload.size or 0) > MAX_DOCUMENT_BYTES:
            raise ValidationError({"upload": _("The file is larger than 10 MB.")})
        magic, content_type = DOCUMENT_TYPES[suffix]
        upload.seek(0)
        if upload.read(len(magic)) != magic:
            raise ValidationError(
                {"upload": _("The file's content is not a %(kind)s file.") % {"kind": suffix[1:].upper()}}
            )
        upload.seek(0)
        folder = upload_folder()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{uuid.uuid4().hex}{suffix}"
        with (folder / name).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        document.file_name, document.content_type = name, content_type
    document.full_clean()
    document.save()
    _record(actor, AuditEntry.Action.CREATE, document, meeting.body.territory)
    return document


# --- Recommendations ------------------------------------------------------------------------------


def _check_votes(votes_for: int, votes_against: int, abstaining: int) -> None:
    if min(votes_for, votes_against, abstaining) < 0:
        raise ValidationError({"votes_for": _("Votes cannot be negative.")})
    if votes_for <= votes_against:
        raise ValidationError({"votes_for": _("A text is adopted only with more votes for than against.")})


@transaction.atomic
def record_recommendation(
    *,
    actor: User | None,
    body: ConsultativeBody,
    recommendation: Recommendation,
    translations: dict[str, dict[str, str]] | None = None,
) -> Recommendation:
    """A recommendation or opinion as the body adopted it at one of its meetings."""
    _check(actor, MANAGE, body.territory)
    if recommendation.pk:
        raise ValidationError(_("This text is recorded already; change it with a reason."))
    if recommendation.meeting.body_id != body.pk:
        raise ValidationError({"meeting": _("Choose one of this body's meetings.")})
    if recommendation.meeting.starts_at > timezone.now():
        raise ValidationError({"meeting": _("This meeting has not taken place yet.")})
    if recommendation.kind == Recommendation.Kind.OPINION and not recommendation.draft_reference.strip():
        raise ValidationError({"draft_reference": _("An opinion needs the reference of the draft rule.")})
    _check_votes(recommendation.votes_for, recommendation.votes_against, recommendation.votes_abstaining)
    recommendation.body = body
    recommendation.answer_days = body.answer_days
    _apply_translations(recommendation, translations)
    recommendation.full_clean()
    recommendation.save()
    _record(actor, AuditEntry.Action.CREATE, recommendation, body.territory)
    return recommendation


@transaction.atomic
def transmit(*, actor: User | None, recommendation: Recommendation, on: datetime.date) -> Recommendation:
    _check(actor, MANAGE, recommendation.body.territory)
    if recommendation.transmitted_on:
        raise ValidationError(_("This text was sent to the authority already."))
    if on < recommendation.meeting.starts_at.date():
        raise ValidationError({"on": _("It cannot be sent before the meeting that adopted it.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future.")})
    recommendation.transmitted_on = on
    recommendation.save(update_fields=["transmitted_on"])
    _record(
        actor,
        AuditEntry.Action.UPDATE,
        recommendation,
        recommendation.body.territory,
        {"transmitted_on": [None, on.isoformat()]},
    )
    return recommendation


@transaction.atomic
def answer(
    *,
    actor: User | None,
    recommendation: Recommendation,
    answer: str,
    reasons: str,
    on: datetime.date | None = None,
) -> Recommendation:
    """The authority's answer; a rejection or a partial acceptance says why."""
    _check(actor, ANSWER, recommendation.body.territory)
    if not recommendation.transmitted_on:
        raise ValidationError(
            _("This text has not been sent to the authority yet, so it cannot be answered.")
        )
    if recommendation.answer:
        raise ValidationError(_("This text has been answered already."))
    if answer not in Recommendation.Answer.values:
        raise ValidationError({"answer": _("Choose accepted, partly accepted or rejected.")})
    if answer != Recommendation.Answer.ACCEPTED and not reasons.strip():
        raise ValidationError({"reasons": _("A rejection or a partial acceptance needs its reasons.")})
    recommendation.answer = answer
    recommendation.answer_reasons = reasons.strip()
    recommendation.answered_on = on or timezone.localdate()
    recommendation.answered_by = actor
    recommendation.save(update_fields=["answer", "answer_reasons", "answered_on", "answered_by"])
    _record(
        actor,
        AuditEntry.Action.UPDATE,
        recommendation,
        recommendation.body.territory,
        {"answer": [None, answer]},
    )
    return recommendation


@transaction.atomic
def add_progress(
    *,
    actor: User | None,
    recommendation: Recommendation,
    text: str,
    done: bool = False,
    on: datetime.date | None = None,
) -> ProgressUpdate:
    _check(actor, ANSWER, recommendation.body.territory)
    if recommendation.answer not in (Recommendation.Answer.ACCEPTED, Recommendation.Answer.PARTLY):
        raise ValidationError(_("Only an accepted or partly accepted text is implemented."))
    if recommendation.done_on:
        raise ValidationError(_("Its implementation is complete already."))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    day = on or timezone.localdate()
    update = ProgressUpdate.objects.create(
        recommendation=recommendation, text=text.strip(), done=done, created_on=day, created_by=actor
    )
    if done:
        recommendation.done_on = day
        recommendation.save(update_fields=["done_on"])
    _record(actor, AuditEntry.Action.CREATE, update, recommendation.body.territory)
    return update


@transaction.atomic
def change_text(
    *, actor: User | None, recommendation: Recommendation, title: str, text: str, reason: str
) -> Recommendation:
    """After adoption the text changes only with a reason, keeping the earlier wording."""
    _check(actor, MANAGE, recommendation.body.territory)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the adopted text changes.")})
    if not title.strip() or not text.strip():
        raise ValidationError({"text": _("The title and the text cannot be empty.")})
    if title.strip() == recommendation.title and text.strip() == recommendation.text:
        raise ValidationError({"text": _("Nothing changed.")})
    RecommendationVersion.objects.create(
        recommendation=recommendation,
        title=recommendation.title,
        text=recommendation.text,
        reason=reason.strip(),
        changed_by=actor,
    )
    changes = {"title": [recommendation.title, title.strip()], "text": [recommendation.text, text.strip()]}
    recommendation.title, recommendation.text = title.strip(), text.strip()
    recommendation.save(update_fields=["title", "text"])
    _record(actor, AuditEntry.Action.UPDATE, recommendation, recommendation.body.territory, changes)
    return recommendation
