"""Migrants' consultative bodies: what a body is for, how its seats are filled, who sits on it,
its meetings and the recommendations it sends the authority, with the authority's answers.

A `ConsultativeBody` belongs to a territory (the municipality, province or region that set it
up) and has `SeatGroup`s: elected seats for all migrant residents or for one community of origin,
and nominated seats. Elections (`pontes.elections`) fill the elected groups.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pontes.core.models import Territory
from pontes.core.translation import TranslatableModel


class Mission(models.TextChoices):
    DIALOGUE = "dialogue", _("exchange and dialogue")
    STUDY = "study", _("studying integration")
    RECOMMENDATIONS = "recommendations", _("recommendations to the authority")
    OPINIONS = "opinions", _("opinions on draft rules")
    PROJECTS = "projects", _("proposing and following projects")


class ConsultativeBody(TranslatableModel):
    """A council, committee or commission through which migrant residents advise the authority."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("name", "mandate")

    class Scope(models.TextChoices):
        ALL_RESIDENTS = "all", _("all migrant residents")
        COMMUNITIES = "communities", _("communities by origin")

    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="consultative_bodies")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    legal_basis = models.TextField(
        _("legal basis"), help_text=_("The act, decision or by-law that set it up.")
    )
    legal_basis_url = models.URLField(_("link to the legal basis"), blank=True)
    mandate = models.TextField(_("mandate"))
    missions = models.JSONField(_("missions"), default=list, blank=True)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.ALL_RESIDENTS)
    # ISO 3166 codes of the countries of origin it represents, when its scope is communities.
    origin_countries = models.JSONField(_("countries of origin represented"), default=list, blank=True)
    gender_balance_target = models.PositiveSmallIntegerField(
        _("gender balance target (%)"),
        default=40,
        validators=[MaxValueValidator(50)],
        help_text=_("The smallest share of seats either women or men should hold."),
    )
    president_speaks_at_council = models.BooleanField(
        _("its president may speak at the council"), default=False
    )
    term_years = models.PositiveSmallIntegerField(_("length of a term (years)"), default=4)
    answer_days = models.PositiveSmallIntegerField(_("days the authority has to answer"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultative body")
        verbose_name_plural = _("consultative bodies")

    def __str__(self) -> str:
        return self.name


class SeatGroup(models.Model):
    """Seats filled the same way: elected by all migrant residents or by one community, or
    nominated (by associations, by the authority)."""

    class Kind(models.TextChoices):
        ELECTED = "elected", _("elected")
        NOMINATED = "nominated", _("nominated")

    body = models.ForeignKey(ConsultativeBody, on_delete=models.CASCADE, related_name="seat_groups")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("how seats are filled"), max_length=20, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    # ISO 3166 codes of the community's countries of origin; empty for all migrant residents.
    origin_countries = models.JSONField(_("countries of origin"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("seat group")
        ordering = ["body", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="participation_seat_group_name")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """Someone who sits on a body, in one seat group, for a term."""

    class Sex(models.TextChoices):
        WOMAN = "woman", _("woman")
        MAN = "man", _("man")
        OTHER = "other", _("other or not said")

    class Role(models.TextChoices):
        PRESIDENT = "president", _("president")
        VICE_PRESIDENT = "vice_president", _("vice-president")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    body = models.ForeignKey(ConsultativeBody, on_delete=models.CASCADE, related_name="members")
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.OTHER)
    origin = models.CharField(_("community or country of origin"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    elected = models.BooleanField(_("elected"), default=True, help_text=_("Untick for a nominated member."))

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["seat_group__order", "seat_group", "name"]

    def __str__(self) -> str:
        return self.name


class Meeting(TranslatableModel):
    translatable_fields: ClassVar[tuple[str, ...]] = ("title", "agenda")
    territory_lookup: ClassVar[str] = "body__territory"

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    body = models.ForeignKey(ConsultativeBody, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    # One agenda item a line, in the order they are taken.
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item a line, in order."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    is_open = models.BooleanField(_("open to the public"), default=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_status = models.CharField(
        _("minutes status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    decisions = models.TextField(_("decisions"), blank=True, help_text=_("One decision a line."))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def translation_territory(self) -> Territory | None:
        return self.body.territory

    def agenda_items(self, language: str | None = None) -> list[str]:
        return [line.strip() for line in str(self.tr("agenda", language).text).splitlines() if line.strip()]


class MinutesAddendum(models.Model):
    """A dated correction to approved minutes, which are never changed themselves."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="addenda")
    text = models.TextField(_("correction"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.created_at:%Y-%m-%d}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    # Relative to VAR_DIR/uploads/participation.
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="participation_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.status}"


class Recommendation(TranslatableModel):
    translatable_fields: ClassVar[tuple[str, ...]] = ("title", "text")
    territory_lookup: ClassVar[str] = "body__territory"

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("recommendation")
        OPINION = "opinion", _("opinion on a draft rule")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        REJECTED = "rejected", _("rejected")

    class Status(models.TextChoices):
        ADOPTED = "adopted", _("adopted, not yet sent")
        WAITING = "waiting", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        REJECTED = "rejected", _("rejected")
        DONE = "done", _("done")

    body = models.ForeignKey(ConsultativeBody, on_delete=models.CASCADE, related_name="recommendations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION)
    draft_reference = models.CharField(_("reference of the draft rule"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("adopted at")
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    votes_abstaining = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    transmitted_on = models.DateField(_("sent to the authority on"), null=True, blank=True)
    answer_days = models.PositiveSmallIntegerField(default=60)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answer_reasons = models.TextField(_("reasons"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-meeting__starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def translation_territory(self) -> Territory | None:
        return self.body.territory

    @property
    def status(self) -> str:
        if self.done_on:
            return self.Status.DONE
        if self.answer:
            return self.answer
        return self.Status.WAITING if self.transmitted_on else self.Status.ADOPTED

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def answer_due(self) -> datetime.date | None:
        return (
            self.transmitted_on + datetime.timedelta(days=self.answer_days) if self.transmitted_on else None
        )

    def days_waiting(self, today: datetime.date) -> int | None:
        if not self.transmitted_on:
            return None
        end = self.answered_on or today
        return (end - self.transmitted_on).days

    def is_overdue(self, today: datetime.date) -> bool:
        due = self.answer_due
        return due is not None and not self.answer and today > due


class RecommendationVersion(models.Model):
    """The text as it was before a change made after adoption, with why and by whom."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=200)
    text = models.TextField()
    reason = models.TextField(_("reason for the change"))
    changed_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} — {self.changed_at:%Y-%m-%d}"


class ProgressUpdate(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="progress")
    text = models.TextField(_("progress"))
    done = models.BooleanField(_("implementation is complete"), default=False)
    created_on = models.DateField()
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["created_on", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} — {self.created_on}"
