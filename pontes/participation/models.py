"""Migrants' consultative bodies: what a body is for, how its seats are filled, who sits on it,
its meetings and the recommendations it sends the authority, with the authority's answers.

A `ConsultativeBody` belongs to a territory (the municipality, province or region that set it
up) and has `SeatGroup`s: elected seats for all migrant residents or for one community of origin,
and nominated seats. Elections (`pontes.elections`) fill the elected groups.
"""

from __future__ import annotations

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
