"""Core data: territories, accounts, organisations, scoped roles and the audit trail."""

from __future__ import annotations

import uuid
import zoneinfo
from decimal import Decimal
from typing import Any, ClassVar

import pycountry
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from .languages import validate_language_code
from .translation import TranslatableModel


class Role(models.TextChoices):
    TERRITORY_ADMIN = "territory_admin", _("Territory administrator")
    EDITOR = "editor", _("Editor")
    ANALYST = "analyst", _("Analyst")
    PROVIDER_EDITOR = "provider_editor", _("Provider editor")


TERRITORY_ROLES = (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST)
ORGANISATION_ROLES = (Role.PROVIDER_EDITOR,)
# Roles whose holders must have confirmed a second factor (TOTP) in the current session.
SECOND_FACTOR_ROLES = (Role.TERRITORY_ADMIN,)


def latitude_field() -> models.DecimalField:
    """An optional latitude in decimal degrees (about 10 cm precision)."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )


def longitude_field() -> models.DecimalField:
    """An optional longitude in decimal degrees."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Territory(TranslatableModel, MP_Node):
    """A place in a hierarchy of any depth: country > region > municipality > district."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        PROVINCE = "province", _("Province")
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        OTHER = "other", _("Other area")

    translatable_fields: ClassVar[tuple[str, ...]] = ("name", "description")
    territory_lookup: ClassVar[str] = ""
    steplen = 4
    objects = MP_NodeManager()  # type: ignore[django-manager-missing]  # treebeard ships no types

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("ISO 3166-1 alpha-2 for a country (e.g. ES), ISO 3166-2 for a subdivision (e.g. ES-M)."),
    )
    languages = models.JSONField(
        _("languages served"),
        default=list,
        blank=True,
        help_text=_("ISO 639 codes, most used first."),
    )
    # The nearest ancestor's languages, kept by the services so that reading costs no query.
    inherited_languages = models.JSONField(default=list, blank=True, editable=False)
    is_origin = models.BooleanField(_("territory of origin"), default=False)
    is_destination = models.BooleanField(_("territory of destination"), default=False)
    is_transit = models.BooleanField(_("territory of transit"), default=False)
    latitude = latitude_field()
    longitude = longitude_field()
    bbox_south = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    bbox_west = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    bbox_north = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    bbox_east = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:territory_home", kwargs={"slug": self.slug})

    def get_staff_url(self) -> str:
        return reverse("core:territory_edit", kwargs={"slug": self.slug})

    def translation_territory(self) -> Territory:
        return self

    def effective_languages(self) -> list[str]:
        """Own languages, else the nearest ancestor's (kept in `inherited_languages`)."""
        return list(self.languages or self.inherited_languages or [])

    @property
    def roles_display(self) -> list[str]:
        labels = []
        if self.is_origin:
            labels.append(str(_("origin")))
        if self.is_transit:
            labels.append(str(_("transit")))
        if self.is_destination:
            labels.append(str(_("destination")))
        return labels

    def covers(self, other: Territory) -> bool:
        """True when `other` is this territory or lies below it."""
        return other.path.startswith(self.path)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        code = (self.iso_code or "").strip().upper()
        self.iso_code = code
        if code:
            if self.kind == self.Kind.COUNTRY:
                if pycountry.countries.get(alpha_2=code) is None:
                    errors["iso_code"] = _("“%(code)s” is not an ISO 3166-1 alpha-2 country code.") % {
                        "code": code
                    }
            elif pycountry.subdivisions.get(code=code) is None:
                errors["iso_code"] = _("“%(code)s” is not an ISO 3166-2 subdivision code.") % {"code": code}
        elif self.kind == self.Kind.COUNTRY:
            errors["iso_code"] = _("A country needs its ISO 3166-1 alpha-2 code.")
        bad = []
        for language in self.languages or []:
            try:
                validate_language_code(language)
            except ValidationError:
                bad.append(language)
        if bad:
            errors["languages"] = _("Not ISO 639 language codes: %(codes)s.") % {"codes": ", ".join(bad)}
        box = [self.bbox_south, self.bbox_west, self.bbox_north, self.bbox_east]
        if any(v is not None for v in box):
            if any(v is None for v in box):
                errors["bbox_south"] = _("Give all four edges of the bounding box, or none.")
            else:
                south, west, north, east = (Decimal(v) for v in box)  # type: ignore[arg-type]
                if not (-90 <= south < north <= 90) or not (-180 <= west <= 180 and -180 <= east <= 180):
                    errors["bbox_south"] = _("The bounding box edges are out of order or out of range.")
                elif self.latitude is not None and self.longitude is not None:
                    lat, lon = Decimal(self.latitude), Decimal(self.longitude)
                    inside_lon = west <= lon <= east if west <= east else (lon >= west or lon <= east)
                    if not (south <= lat <= north and inside_lon):
                        errors["latitude"] = _("The point lies outside the bounding box.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)


class User(AbstractUser):
    """An account. Staff are accounts holding at least one scoped role."""

    preferred_language = models.CharField(_("preferred language"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class Organisation(TranslatableModel):
    """Any organisation acting on Pontes: service provider, association, public body."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        NGO = "ngo", _("Non-governmental organisation")
        SCHOOL = "school", _("School or training centre")
        HEALTH = "health", _("Clinic or health provider")
        UNION = "union", _("Trade union or employers' body")
        MIGRANT_ASSOCIATION = "migrant_association", _("Migrant or diaspora association")
        UMBRELLA = "umbrella", _("Umbrella association")
        FEDERATION = "federation", _("National federation")
        INFORMAL_GROUP = "informal_group", _("Informal group")
        PRIVATE = "private", _("Private company")
        OTHER = "other", _("Other")

    translatable_fields: ClassVar[tuple[str, ...]] = ("name", "alternate_name", "description")

    # A stable public identifier, used as the HSDS organization id in exchanges.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name or acronym"), max_length=250, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.NGO)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("part of"),
    )
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    uri = models.URLField(_("persistent identifier (URI)"), blank=True)
    logo = models.URLField(_("logo address"), blank=True)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("territory")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A role held by an account over a territory (and everything below it) or an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(
                        role__in=[r.value for r in TERRITORY_ROLES],
                        territory__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in ORGANISATION_ROLES],
                        organisation__isnull=False,
                        territory__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "territory"],
                name="unique_territory_role",
                condition=Q(territory__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                name="unique_organisation_role",
                condition=Q(organisation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        scope = self.territory or self.organisation
        return f"{self.user} — {self.get_role_display()} — {scope}"

    @property
    def scope_territory(self) -> Territory:
        """The territory this assignment's authority is anchored in."""
        if self.territory is not None:
            return self.territory
        assert self.organisation is not None
        return self.organisation.territory


class AuditEntry(models.Model):
    """An append-only record of one staff change: who, when, what, and the fields that changed."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        GRANT = "grant", _("granted")
        REVOKE = "revoke", _("revoked")
        # An attempt the rules refused (e.g. changing an adopted text without a reason): kept so
        # that staff can see who tried what.
        REFUSE = "refuse", _("refused")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300)
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    territory_path = models.CharField(max_length=255, db_index=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit entries are append-only.")
