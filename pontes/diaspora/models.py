"""Migrant and diaspora organisations, the skills people offer, opportunities and project proposals.

- An organisation is core's `Organisation` (kind association, umbrella, federation or informal
  group) with an `OrganisationProfile`: where it is based, the places of origin it is tied to,
  what it works on, whether it is legally registered, which fields it shows the public, and
  whether staff have verified it. `Membership` links an association to the umbrellas and
  federations it belongs to (a graph without cycles, shown as a tree both ways).
- A `Person` of the skills inventory is someone abroad, back home or newly arrived who chose to
  register. Contact details are encrypted at rest. Each use of the record (jobs, investment,
  mentoring, volunteering, ambassador roles) needs its own recorded `Consent`; withdrawing one
  takes the person out of matching for that use at once. Staff reads are logged.
- An `Opportunity` is published by staff for a territory; a `Proposal` is a project someone
  proposes for a territory, followed through a public pipeline.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField

from pontes.core.models import Organisation, Territory
from pontes.core.translation import TranslatableModel

from .vocabularies import (
    Attachment,
    Availability,
    CapacityNeed,
    ConsentUse,
    EducationLevel,
    OpportunityKind,
)

# Fields of an organisation's profile it may choose to show the public (besides its name, kind
# and base, which are always public once verified).
PUBLIC_FIELD_CHOICES = (
    ("description", _("Description")),
    ("website", _("Website")),
    ("email", _("Email")),
    ("phone", _("Phone")),
    ("contact_name", _("Contact person")),
    ("origins", _("Places of origin")),
)


class OrganisationProfile(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("not verified")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="diaspora_profile"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    origins = models.ManyToManyField(
        Territory, related_name="diaspora_organisations", blank=True, verbose_name=_("places of origin")
    )
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    legally_registered = models.BooleanField(_("legally registered"), default=False)
    wants_registration_help = models.BooleanField(_("asks the authority for help to register"), default=False)
    contact_name = EncryptedCharField(_("contact person"), max_length=200, null=True, blank=True)
    contact_email = EncryptedEmailField(_("contact email"), null=True, blank=True)
    contact_phone = EncryptedCharField(_("contact phone"), max_length=40, null=True, blank=True)
    public_fields = models.JSONField(_("shown to the public"), default=list, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("migrant or diaspora organisation")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.organisation.name

    def permission_scope(self) -> tuple[Territory, Organisation]:
        return self.organisation.territory, self.organisation

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class Membership(models.Model):
    """An organisation belongs to another: an association to an umbrella, an umbrella to a
    federation."""

    member = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    umbrella = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="member_links")
    since = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(fields=["member", "umbrella"], name="diaspora_membership_unique"),
            models.CheckConstraint(
                condition=~Q(member=models.F("umbrella")), name="diaspora_membership_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ⊂ {self.umbrella}"


class OrganisationNeed(models.Model):
    """What an organisation lacks, so that the authority can plan capacity building."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="capacity_needs")
    need = models.CharField(_("need"), max_length=30, choices=CapacityNeed.choices)
    details = models.TextField(_("details"), blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("capacity need")
        constraints = [models.UniqueConstraint(fields=["organisation", "need"], name="diaspora_need_unique")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.need}"


# --- Skills inventory ---------------------------------------------------------------------------


class Person(models.Model):
    """Someone who offers their skills to the places they are attached to, on their own terms."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # People manage their record through their account; staff never create one for them.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills_record"
    )
    name = EncryptedCharField(_("name"), max_length=200)
    email = EncryptedEmailField(_("email"), null=True, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40, null=True, blank=True)
    attachment = models.CharField(_("you are"), max_length=20, choices=Attachment.choices)
    # Where the person lives now: a country (ISO 3166-1 alpha-2) and, if they wish, a city.
    residence_country = models.CharField(_("country of residence"), max_length=2)
    residence_city = EncryptedCharField(_("city of residence"), max_length=120, null=True, blank=True)
    territories = models.ManyToManyField(
        Territory, related_name="skills_people", verbose_name=_("places you are attached to")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    education_level = models.CharField(
        _("highest level of education"), max_length=2, choices=EducationLevel.choices, blank=True
    )
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default=Availability.LATER
    )
    about = EncryptedTextField(_("about you"), null=True, blank=True)
    notify_matches = models.BooleanField(_("email me new matching opportunities"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person in the skills inventory")
        verbose_name_plural = _("people in the skills inventory")
        indexes = [models.Index(fields=["residence_country"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{_('person')} {self.uuid}"


class Skill(models.Model):
    """An occupation or skill: an ISCO-08 code, an ESCO skill, or free words when neither fits."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    isco = models.CharField(_("ISCO-08 code"), max_length=4, blank=True)
    esco_uri = models.URLField(_("ESCO skill"), blank=True)
    label = models.CharField(_("skill or occupation"), max_length=200)
    years = models.PositiveSmallIntegerField(_("years of experience"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill")
        indexes = [models.Index(fields=["isco"])]

    def __str__(self) -> str:
        return self.label


class Consent(models.Model):
    """One use a person allowed, when, on which wording; withdrawn, it stays as a record."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    use = models.CharField(_("use"), max_length=20, choices=ConsentUse.choices)
    wording = models.TextField(_("text agreed to"))
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        constraints = [
            # At most one standing consent per use.
            models.UniqueConstraint(
                fields=["person", "use"], condition=Q(withdrawn_at__isnull=True), name="diaspora_one_consent"
            )
        ]
        indexes = [models.Index(fields=["use", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.use}"


class PersonRead(models.Model):
    """Every time staff open a person's record: who, when, why (the page they came from)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    territory = models.ForeignKey(Territory, on_delete=models.SET_NULL, null=True, related_name="+")
    purpose = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.person_id} read {self.at:%Y-%m-%d %H:%M}"


# --- Opportunities and proposals -----------------------------------------------------------------


class Opportunity(TranslatableModel):
    translatable_fields: ClassVar[tuple[str, ...]] = ("title", "description")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="opportunities")
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    priority = models.CharField(_("local development priority it serves"), max_length=200, blank=True)
    skills = models.JSONField(_("ISCO-08 codes of the skills needed"), default=list, blank=True)
    languages = models.JSONField(_("languages needed"), default=list, blank=True)
    remote_ok = models.BooleanField(_("can be done from abroad"), default=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def permission_scope(self) -> tuple[Territory, None]:
        return self.territory, None


class Proposal(TranslatableModel):
    """A development project proposed for a territory, followed in the open."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("title", "problem", "plan")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "under_review", _("under review")
        SUPPORTED = "supported", _("supported")
        IN_PROGRESS = "in_progress", _("in implementation")
        COMPLETED = "completed", _("completed")
        DECLINED = "declined", _("declined")

    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="proposals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    plan = models.TextField(_("the plan"))
    partners_sought = models.TextField(_("partners sought"), blank=True)
    cofunding = models.DecimalField(
        _("co-funding offered"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project proposal")
        indexes = [models.Index(fields=["territory", "status"])]

    def __str__(self) -> str:
        return self.title

    def permission_scope(self) -> tuple[Territory, None]:
        return self.territory, None


class BudgetLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class ProposalEvent(models.Model):
    """What happened to a proposal: a change of stage, a staff comment, support offered, progress."""

    class Kind(models.TextChoices):
        STATUS = "status", _("change of stage")
        COMMENT = "comment", _("comment")
        SUPPORT = "support", _("support offered")
        PROGRESS = "progress", _("progress update")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Proposal.Status.choices, blank=True)
    text = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind} {self.at:%Y-%m-%d}"


class EscoConcept(models.Model):
    """A concept of the ESCO classification (a skill, an occupation or an ISCO-08 group), loaded
    from the files the European Commission publishes (`manage.py load_esco`). Pontes ships none:
    without them, occupations are named at the level of ISCO-08 sub-major groups and skills stay
    the words people wrote."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("skill")
        OCCUPATION = "occupation", _("occupation")
        ISCO_GROUP = "isco_group", _("ISCO-08 group")

    uri = models.CharField(_("ESCO address"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The ISCO-08 code of a group, or of the unit group an occupation belongs to.
    isco = models.CharField(_("ISCO-08 code"), max_length=4, blank=True)
    labels = models.JSONField(_("preferred label by language"), default=dict)
    # Every preferred and alternative label in every language, case-folded, one per line: what a
    # person's own words are matched against.
    names = models.TextField(_("names"), blank=True)

    class Meta:
        verbose_name = _("ESCO concept")
        indexes = [models.Index(fields=["kind", "isco"])]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str = "en") -> str:
        labels: dict[str, str] = self.labels or {}
        return labels.get(language) or labels.get("en") or next(iter(labels.values()), self.uri)
