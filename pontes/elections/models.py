"""Elections of the elected seats of a consultative body, with secret ballots.

- An `Election` fills one or more elected `SeatGroup`s of a `ConsultativeBody`, by plurality (each
  voter marks up to as many candidates as the group has seats) or by a list vote allocated with
  D'Hondt. It moves draft > register open > register frozen > voting > closed > results published.
- The eligibility register (`RegisterEntry`) holds personal data encrypted at rest; it cannot change
  once frozen and is purged some time after the close.
- Who voted (`RegisterEntry.has_voted`, `VotingCode.spent`) is kept apart from what was voted
  (`Ballot`): ballots have random ids, no timestamp and no link to a voter or a code.
- The title is user content in `original_language`, with its translations (`TranslatableModel`).
- `ElectionEvent` is an append-only, hash-chained log of every action on the election.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField

from pontes.core.models import Territory
from pontes.core.translation import TranslatableModel
from pontes.participation.models import ConsultativeBody, SeatGroup


class Election(TranslatableModel):
    translatable_fields = ("title",)
    territory_lookup: ClassVar[str] = "body__territory"

    class Method(models.TextChoices):
        PLURALITY = "plurality", _("plurality: each voter marks up to as many candidates as there are seats")
        DHONDT = "dhondt", _("list vote, seats allocated by the D'Hondt method")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REGISTER_OPEN = "register_open", _("register open")
        REGISTER_FROZEN = "register_frozen", _("register frozen")
        VOTING = "voting", _("voting")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", _("results published")

    body = models.ForeignKey(ConsultativeBody, on_delete=models.PROTECT, related_name="elections")
    title = models.CharField(_("title"), max_length=200)
    seat_groups = models.ManyToManyField(SeatGroup, related_name="elections", verbose_name=_("seat groups"))
    method = models.CharField(_("voting method"), max_length=20, choices=Method.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    complaints_open = models.DateField(_("complaints about the register open on"), null=True, blank=True)
    complaints_close = models.DateField(_("complaints about the register close on"), null=True, blank=True)
    voting_opens = models.DateTimeField(_("voting opens"))
    voting_closes = models.DateTimeField(_("voting closes"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True, default=18)
    require_residence = models.BooleanField(_("voters must reside in the territory"), default=True)
    require_no_municipal_vote = models.BooleanField(
        _("voters must not be entitled to vote in municipal elections"), default=True
    )
    require_regular_status = models.BooleanField(
        _("voters must hold a regular residence status"),
        default=False,
        help_text=_("Only where the law of the place demands it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    register_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-voting_opens", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voting_closes__gt=models.F("voting_opens")),
                name="elections_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def permission_scope(self) -> tuple[Territory, None]:
        return self.body.territory, None

    def translation_territory(self) -> Territory | None:
        return self.body.territory

    def get_staff_url(self) -> str:
        """Where staff translate the title (the report of missing translations links here)."""
        return reverse("elections:staff_election", kwargs={"slug": self.body.territory.slug, "pk": self.pk})

    @property
    def register_locked(self) -> bool:
        return self.status not in (self.Status.DRAFT, self.Status.REGISTER_OPEN)

    @property
    def results_visible(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    list_name = models.CharField(_("list"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("candidate")
        ordering = ["seat_group", "list_name", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.list_name})" if self.list_name else self.name


class RegisterEntry(models.Model):
    """A person entitled to vote, with the rules checked when they were added."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="register")
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.PROTECT, related_name="+")
    name = EncryptedCharField(_("name"), max_length=200, null=True, blank=True)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    address = EncryptedTextField(_("address"), null=True, blank=True)
    document = EncryptedCharField(_("document reference"), max_length=80, null=True, blank=True)
    # Keyed hash of the document reference, so that nobody is registered twice; cleared on purge.
    document_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (NULLs never clash)
    # Rule name -> whether the person meets it, as checked by staff.
    checks = models.JSONField(_("rule checks"), default=dict, blank=True)
    has_voted = models.BooleanField(default=False)
    anonymised = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "document_key"], name="elections_register_document")
        ]

    def __str__(self) -> str:
        return self.name or str(_("(removed)"))


class Complaint(models.Model):
    """A request to be added to the register or to correct an entry, and the staff's decision.

    The person follows it with a reference given once when it is received; only a keyed hash of
    the reference is kept, and the follow-up page shows the decision and its reason, nothing
    personal."""

    class Kind(models.TextChoices):
        ADD = "add", _("add me to the register")
        CORRECT = "correct", _("correct my entry")

    class Decision(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="complaints")
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices, default=Kind.ADD)
    name = EncryptedCharField(_("name"), max_length=200, null=True, blank=True)
    request = EncryptedTextField(_("what is asked"), null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    received_on = models.DateField(auto_now_add=True)
    decided_on = models.DateField(null=True, blank=True)
    # The entry added or corrected when the complaint was accepted.
    entry = models.ForeignKey(
        RegisterEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    reference_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("complaint about the register")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name or str(_("(removed)"))


class VotingCode(models.Model):
    """A single-use code handed to one voter. Only a keyed hash is kept."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="codes")
    entry = models.OneToOneField(RegisterEntry, on_delete=models.CASCADE, related_name="code")
    code_hash = models.CharField(max_length=64, unique=True)
    spent = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("voting code")

    def __str__(self) -> str:
        return f"{self.election_id}:{self.code_hash[:8]}"


class Ballot(models.Model):
    """What one voter chose. Deliberately without a timestamp, a sequence or any link to a voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    seat_group = models.ForeignKey(SeatGroup, on_delete=models.PROTECT, related_name="+")
    # Plurality: the ids of the candidates marked; D'Hondt: the list chosen. Empty: a blank ballot.
    candidates = models.JSONField(default=list, blank=True)
    list_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("ballot")

    def __str__(self) -> str:
        return str(self.id)


EVENT_LABELS = {
    "created": _("election created"),
    "title_translated": _("title translations changed"),
    "candidate_added": _("candidate added"),
    "register_opened": _("register opened"),
    "register_entry_added": _("voter added to the register"),
    "register_imported": _("register imported"),
    "complaint_received": _("complaint received"),
    "complaint_decided": _("complaint decided"),
    "register_entry_corrected": _("register entry corrected"),
    "register_frozen": _("register frozen"),
    "voting_opened": _("voting opened, codes issued"),
    "ballot_cast": _("ballot cast"),
    "vote_refused": _("vote refused"),
    "voting_closed": _("voting closed"),
    "results_published": _("results published"),
    "register_purged": _("register personal data removed"),
}


class EventQuerySet(models.QuerySet["ElectionEvent"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Election events are append-only.")

    def update(self, **kwargs: Any) -> int:
        raise ValueError("Election events are append-only.")


class ElectionEvent(models.Model):
    """One action on an election, chained to the one before by its hash."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    actor = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("election event")
        ordering = ["election", "seq"]
        constraints = [models.UniqueConstraint(fields=["election", "seq"], name="elections_event_seq")]

    def __str__(self) -> str:
        return f"{self.seq} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Election events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Election events are append-only.")

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))

    def compute_hash(self) -> str:
        payload = json.dumps(
            {
                "election": self.election_id,
                "seq": self.seq,
                "kind": self.kind,
                "actor": self.actor,
                "detail": self.detail,
                "at": self.at.isoformat(),
                "previous": self.previous_hash,
            },
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()
