"""The one-stop service directory, shaped like Open Referral HSDS 3.1.

Field names follow HSDS so that exchange is a mapping, not a rewrite. Identifiers are UUIDs,
as in HSDS. The organisation is core's `Organisation` (its `uuid` is the HSDS id).

Pontes extensions, documented in docs/hsds-profile.md and published as HSDS taxonomies and
attributes: needs, migration-cycle phases, target groups, delivery modes, course levels,
territory roles, "open to the whole population", "no documents needed / anonymous", the legal
basis or programme implemented, partner organisations, and the owning territory.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from pontes.core.models import Organisation, Territory, latitude_field, longitude_field
from pontes.core.translation import TranslatableModel

from . import vocabularies


def _uuid_field() -> models.UUIDField:
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


@deconstructible
class CodesValidator:
    """The value is a list of codes of one vocabulary (referred to by its key)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, value: Any) -> None:
        vocabulary = vocabularies.BY_KEY[self.key]
        if not isinstance(value, list) or any(code not in vocabulary.codes for code in value):
            raise ValidationError(
                _("Unknown value in %(list)s: %(values)s."),
                params={"list": vocabulary.title, "values": ", ".join(map(str, value))},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodesValidator) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


def validate_codes(vocabulary: vocabularies.Vocabulary) -> CodesValidator:
    return CodesValidator(vocabulary.key)


class Status(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("a place people visit")
    POSTAL = "postal", _("a postal address")
    VIRTUAL = "virtual", _("online")


class Program(TranslatableModel):
    translatable_fields: ClassVar[tuple[str, ...]] = ("name", "alternate_name", "description")
    territory_lookup: ClassVar[str] = "organization__territory"

    id = _uuid_field()
    organization = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def translation_territory(self) -> Territory:
        return self.organization.territory


class Service(TranslatableModel):
    """A service offered by an organisation, with Pontes' migration-specific facets."""

    translatable_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "alternate_name",
        "description",
        "interpretation_services",
        "application_process",
        "fees_description",
        "eligibility_description",
        "alert",
        "legal_basis",
    )

    id = _uuid_field()
    organization = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("organisation")
    )
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    # Pontes: the territory whose staff look after this listing.
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="services", verbose_name=_("territory")
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("what it is"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(_("interpretation available"), blank=True)
    application_process = models.TextField(_("how to get it"), blank=True)
    fees_description = models.TextField(_("costs"), blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    assurer_email = models.EmailField(_("verified by (email)"), blank=True)
    alert = models.TextField(_("notice"), blank=True)
    last_modified = models.DateTimeField(auto_now=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the provider was last reminded to check this listing.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Pontes extensions.
    needs = models.JSONField(
        _("needs"), default=list, blank=True, validators=[validate_codes(vocabularies.NEEDS)]
    )
    phases = models.JSONField(
        _("migration cycle"), default=list, blank=True, validators=[validate_codes(vocabularies.PHASES)]
    )
    target_groups = models.JSONField(
        _("who it is for"), default=list, blank=True, validators=[validate_codes(vocabularies.TARGET_GROUPS)]
    )
    delivery_modes = models.JSONField(
        _("how it is delivered"),
        default=list,
        blank=True,
        validators=[validate_codes(vocabularies.DELIVERY_MODES)],
    )
    levels = models.JSONField(
        _("levels"), default=list, blank=True, validators=[validate_codes(vocabularies.LEVELS)]
    )
    territory_roles = models.JSONField(
        _("territory role"),
        default=list,
        blank=True,
        validators=[validate_codes(vocabularies.TERRITORY_ROLES)],
    )
    open_to_all = models.BooleanField(_("open to the whole population"), default=False)
    no_documents_needed = models.BooleanField(_("no documents needed, anonymous"), default=False)
    legal_basis = models.TextField(_("legal basis or national programme"), blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_services", verbose_name=_("partner organisations")
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["territory", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:service", kwargs={"pk": self.pk})

    def get_staff_url(self) -> str:
        return reverse("directory:service_edit", kwargs={"service": self.pk})

    def permission_scope(self) -> tuple[Territory, Organisation]:
        return self.territory, self.organization

    def is_stale(self, today: Any = None) -> bool:
        from django.utils import timezone

        months = settings.PONTES_DIRECTORY_STALE_MONTHS
        if self.assured_date is None:
            return True
        today = today or timezone.localdate()
        return (today - self.assured_date).days > months * 30.44

    def clean(self) -> None:
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError({"maximum_age": _("The maximum age is below the minimum age.")})


class Location(TranslatableModel):
    translatable_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "alternate_name",
        "description",
        "transportation",
    )

    id = _uuid_field()
    location_type = models.CharField(
        _("kind of place"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(_("website"), blank=True)
    organization = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="locations"
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="locations", verbose_name=_("territory")
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    external_identifier = models.CharField(max_length=200, blank=True)
    external_identifier_type = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or str(self.pk)


class ServiceAtLocation(TranslatableModel):
    translatable_fields: ClassVar[tuple[str, ...]] = ("description",)
    territory_lookup: ClassVar[str] = "location__territory"

    id = _uuid_field()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"

    def translation_territory(self) -> Territory:
        return self.location.territory


class Address(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("street address")
        POSTAL = "postal", _("postal address")
        VIRTUAL = "virtual", _("virtual")

    id = _uuid_field()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("for the attention of"), max_length=250, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=250)
    address_2 = models.CharField(_("address, second line"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=150)
    region = models.CharField(_("region"), max_length=150, blank=True)
    state_province = models.CharField(_("state or province"), max_length=150, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=30, blank=True)
    country = models.CharField(_("country code"), max_length=2)
    address_type = models.CharField(max_length=10, choices=Type.choices, default=Type.PHYSICAL)

    def __str__(self) -> str:
        return ", ".join(p for p in [self.address_1, self.address_2, self.postal_code, self.city] if p)


class Contact(models.Model):
    id = _uuid_field()
    organization = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    def __str__(self) -> str:
        return self.name or self.department or str(self.pk)


class Phone(models.Model):
    id = _uuid_field()
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=30, blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)
    languages = models.JSONField(_("languages spoken on this line"), default=list, blank=True)

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Opening hours as an RFC 5545-style weekly rule: BYDAY weekdays, opens and closes."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("weekly")
        MONTHLY = "MONTHLY", _("monthly")

    id = _uuid_field()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, choices=Freq.choices, default=Freq.WEEKLY)
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(_("days"), max_length=60, blank=True, help_text="MO,TU,WE,TH,FR,SA,SU")
    byweekno = models.CharField(max_length=60, blank=True)
    bymonthday = models.CharField(max_length=60, blank=True)
    byyearday = models.CharField(max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["byday", "opens_at"]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at}-{self.closes_at}"

    def clean(self) -> None:
        from .schedules import parse_byday

        try:
            parse_byday(self.byday)
        except ValueError as error:
            raise ValidationError({"byday": str(error)}) from error
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})


class Language(models.Model):
    id = _uuid_field()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=100, blank=True)
    code = models.CharField(_("ISO 639 code"), max_length=16, db_index=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    def __str__(self) -> str:
        return self.code


class CostOption(models.Model):
    id = _uuid_field()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(_("option"), max_length=250, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(_("about the amount"), max_length=250, blank=True)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}".strip()


class RequiredDocument(models.Model):
    id = _uuid_field()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    document = models.TextField(_("document"))
    uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.document


class ServiceArea(models.Model):
    id = _uuid_field()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="service_areas"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="service_areas"
    )
    # Pontes: the area as a territory, when it is one.
    territory = models.ForeignKey(
        Territory, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class Accessibility(models.Model):
    id = _uuid_field()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(_("description"), blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.description[:50]


class Taxonomy(models.Model):
    id = _uuid_field()
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = _uuid_field()
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.CASCADE, null=True, blank=True, related_name="terms"
    )
    taxonomy_detail = models.CharField(max_length=200, blank=True)
    code = models.CharField(max_length=100, blank=True, db_index=True)
    name = models.CharField(max_length=250)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    language = models.CharField(max_length=16, blank=True)
    term_uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """An HSDS attribute: links any record to a taxonomy term (kept for exchange fidelity)."""

    id = _uuid_field()
    link_id = models.CharField(max_length=64, db_index=True)
    link_entity = models.CharField(max_length=50)
    link_type = models.CharField(max_length=100, blank=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    value = models.TextField(blank=True)
    label = models.CharField(max_length=250, blank=True)

    def __str__(self) -> str:
        return f"{self.link_entity}:{self.link_id} {self.taxonomy_term_id}"


class Funding(models.Model):
    id = _uuid_field()
    organization = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="funding"
    )
    source = models.TextField(_("source"))

    def __str__(self) -> str:
        return self.source[:50]


class MetadataEntry(models.Model):
    """HSDS metadata: the change log of a record, field by field."""

    id = _uuid_field()
    resource_id = models.CharField(max_length=64, db_index=True)
    resource_type = models.CharField(max_length=50)
    last_action_date = models.DateTimeField()
    last_action_type = models.CharField(max_length=20)
    field_name = models.CharField(max_length=100)
    previous_value = models.TextField(blank=True)
    replacement_value = models.TextField(blank=True)
    updated_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["-last_action_date"]

    def __str__(self) -> str:
        return f"{self.resource_type}:{self.resource_id} {self.field_name}"


# --- Pontes workflow: revisions, public feedback, unmet needs, search index -------------------


class Revision(models.Model):
    """A proposed change to a listing; the live listing stays until staff approve it."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="revisions", null=True, blank=True
    )
    organization = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.data.get('name', '')} ({self.get_state_display()})"

    def permission_scope(self) -> tuple[Territory, Organisation]:
        return self.territory, self.organization


class Feedback(models.Model):
    """A report of wrong information from the public. No account, no personal data needed."""

    class Kind(models.TextChoices):
        WRONG_DETAILS = "wrong_details", _("Some details are wrong")
        CLOSED = "closed", _("It is closed or no longer exists")
        REFUSED = "refused", _("I was refused or asked for documents not listed")
        OTHER = "other", _("Something else")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("what is wrong"), max_length=20, choices=Kind.choices)
    message = models.TextField(_("tell us more (optional)"), blank=True, max_length=2000)
    language = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.service} — {self.get_kind_display()}"

    def permission_scope(self) -> tuple[Territory, Organisation]:
        return self.service.territory, self.service.organization


class UnmetSearch(models.Model):
    """Counts of searches that found nothing: the query and filters only, never who searched."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField(db_index=True)
    query = models.CharField(max_length=200, blank=True)
    filters = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=16, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "day", "query", "filters", "language"],
                name="unique_unmet_search_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.query!r} {self.filters} ×{self.count}"


class SearchDocument(models.Model):
    """One row per service at a location (or per service without one), denormalised for search.

    Facets are bit masks over the vocabularies, so that every filter and every facet count is
    a single scan of this table. Rebuilt by `index.reindex_service()` whenever a listing changes.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    organization = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    territory_path = models.CharField(max_length=255, db_index=True)
    latitude = models.FloatField(null=True, db_index=True)
    longitude = models.FloatField(null=True)
    needs = models.BigIntegerField(default=0)
    phases = models.IntegerField(default=0)
    target_groups = models.IntegerField(default=0)
    delivery_modes = models.IntegerField(default=0)
    levels = models.IntegerField(default=0)
    flags = models.IntegerField(default=0)
    languages = models.CharField(max_length=300, default=" ")
    min_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    # Opening hours: for each weekday, a 48-bit mask of the half-hours it is open.
    hours_mo = models.BigIntegerField(default=0)
    hours_tu = models.BigIntegerField(default=0)
    hours_we = models.BigIntegerField(default=0)
    hours_th = models.BigIntegerField(default=0)
    hours_fr = models.BigIntegerField(default=0)
    hours_sa = models.BigIntegerField(default=0)
    hours_su = models.BigIntegerField(default=0)
    last_modified = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return f"document {self.pk} of service {self.service_id}"


class SearchText(models.Model):
    """The searchable text of a document in one language (full-text indexed per database)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=16)
    # The names alone (service and alternate names): matches there rank first.
    name = models.TextField(blank=True, default="")
    body = models.TextField()  # every searchable text, names included

    class Meta:
        indexes = [models.Index(fields=["document", "language"])]

    def __str__(self) -> str:
        return f"{self.language}: {self.body[:40]}"


class PopulationPoint(models.Model):
    """A place where people live (a neighbourhood centroid, a village), uploaded by staff to
    measure how far residents are from services."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
