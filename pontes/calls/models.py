"""Calls for projects, applications from organisations, fair review and awards.

- A `Call` is opened by staff for a territory: priorities, the budget and the ceiling per
  application, dates, yes/no `EligibilityQuestion`s checked before anyone applies, and scoring
  `Criterion`s whose weights sum to 100. It moves draft > open > closed > decided.
- An `Application` is made by an organisation: plan, budget lines, amount, partners and the four
  gender-responsive budget answers. Reviewers who belong to the organisation, or declared a
  `ConflictDeclaration`, are recused; a refused attempt is kept in the audit trail (action "refused").
- A `Review` scores every criterion (0-10, with a justification) and assesses the gender answers.
  Awards follow the ranking by weighted mean score within the budget; funded projects send
  `MilestoneReport`s that staff accept or send back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pontes.core.models import Organisation, Territory
from pontes.core.translation import TranslatableModel


class Priority(models.TextChoices):
    INFORMATION = "information", _("Information and guidance")
    LANGUAGE = "language", _("Language learning")
    EMPLOYABILITY = "employability", _("Employability")
    ANTI_DISCRIMINATION = "anti_discrimination", _("Fighting discrimination")
    SOCIAL_INTEGRATION = "social_integration", _("Social integration")
    OTHER = "other", _("Other")


class Call(TranslatableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed, under review")
        DECIDED = "decided", _("decided")

    translatable_fields: ClassVar[tuple[str, ...]] = ("title", "description")

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="calls", verbose_name=_("territory")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    budget = models.DecimalField(
        _("budget available"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    ceiling = models.DecimalField(
        _("ceiling per application"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    reviews_needed = models.PositiveSmallIntegerField(
        _("reviews needed per application"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("The awards can be confirmed only once every application has this many reviews."),
    )
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(
        _("deadline"), help_text=_("Applications are accepted until the end of this day.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")

    def __str__(self) -> str:
        return self.title

    def permission_scope(self) -> tuple[Territory | None, Organisation | None]:
        return self.territory, None

    def priority_labels(self) -> list[str]:
        return [str(Priority(code).label) for code in self.priorities if code in Priority.values]


class EligibilityQuestion(TranslatableModel):
    """Written in the call's original language; its translations are kept with it."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("text", "explanation")
    territory_lookup: ClassVar[str] = "call__territory"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    required_answer = models.BooleanField(_("answer required"))
    explanation = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("eligibility question")
        verbose_name_plural = _("eligibility questions")

    def __str__(self) -> str:
        return self.text

    def translation_territory(self) -> Territory:
        return self.call.territory


class Criterion(TranslatableModel):
    """Written in the call's original language; its translations are kept with it."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("name",)
    territory_lookup: ClassVar[str] = "call__territory"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self) -> str:
        return self.name

    def translation_territory(self) -> Territory:
        return self.call.territory


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        AWARDED = "awarded", _("awarded")
        NOT_AWARDED = "not_awarded", _("not awarded")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="call_applications")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    eligibility_answers = models.JSONField(default=dict, blank=True)
    title = models.CharField(_("project title"), max_length=200)
    plan = models.TextField(_("the plan"))
    budget_lines = models.JSONField(_("budget"), default=list)
    budget_total = models.DecimalField(_("budget total"), max_digits=12, decimal_places=2)
    amount_requested = models.DecimalField(_("amount requested"), max_digits=12, decimal_places=2)
    partners = models.TextField(_("partners"), blank=True)
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    gender_impact_analysed = models.BooleanField(_("impact on women and men analysed"))
    gender_analysis = models.TextField(_("what the analysis found"), blank=True)
    gender_resources = models.TextField(_("resources for gender equality work"))
    gender_monitoring = models.TextField(_("how gender spending is monitored"))
    gender_effect = models.TextField(_("expected effect on inequalities"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    amount_awarded = models.DecimalField(
        _("amount awarded"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organisation"], name="one_application_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation.name})"

    def permission_scope(self) -> tuple[Territory | None, Organisation | None]:
        return self.call.territory, self.organisation


class ConflictDeclaration(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("nature of the conflict"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer", "organisation"], name="one_declaration_each")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.organisation}"


class Assessment(models.TextChoices):
    ADDRESSED = "addressed", _("well addressed")
    PARTLY = "partly", _("partly addressed")
    MISSING = "missing", _("not addressed")


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    gender_analysis = models.CharField(
        _("analysis of the impact on women and men"), max_length=10, choices=Assessment.choices
    )
    gender_resources = models.CharField(
        _("resources for gender equality work"), max_length=10, choices=Assessment.choices
    )
    gender_monitoring = models.CharField(
        _("monitoring of gender spending"), max_length=10, choices=Assessment.choices
    )
    gender_effect = models.CharField(_("effect on inequalities"), max_length=10, choices=Assessment.choices)
    gender_comment = models.TextField(_("comment on the gender answers"), blank=True)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_each")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(10)])
    justification = models.TextField(_("justification"))

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class MilestoneReport(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for staff")
        ACCEPTED = "accepted", _("accepted")
        MORE = "more", _("more information asked")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    milestone = models.CharField(_("milestone"), max_length=200)
    progress = models.TextField(_("what was done"))
    spent = models.DecimalField(_("spent so far"), max_digits=12, decimal_places=2)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    staff_note = models.TextField(_("note from staff"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.milestone
