"""Local migration profiles: one indicator template per country, figures per locality.

A country's national staff keep an `IndicatorTemplate` (versioned: localities fill the
published version, so that figures compare across places and over time). Each `Indicator` has a
stable code, the disaggregations it carries and whether its figures add up across places and
cells. A `Value` is one figure: an indicator, a territory, a period and a disaggregation cell,
with its source and who entered it. A value is never silently overwritten: a correction keeps
the previous figure in `ValueRevision`. Files come in through `ImportBatch`es, all or nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pontes.core.models import Territory
from pontes.core.translation import TranslatableModel

TOTAL = "_T"  # the code of the total along a disaggregation (SDMX's convention)


class Unit(models.TextChoices):
    PERSONS = "persons", _("persons")
    COUNT = "count", _("number")
    PERCENT = "percent", _("percent")
    PER_1000 = "per_1000", _("per 1,000")
    CURRENCY_USD = "currency_usd", _("US dollars")
    CURRENCY_LOCAL = "currency_local", _("local currency")
    YEARS = "years", _("years")
    RATIO = "ratio", _("ratio")
    INDEX = "index_0_100", _("index (0–100)")


ADDITIVE_UNITS = (Unit.PERSONS, Unit.COUNT, Unit.CURRENCY_USD, Unit.CURRENCY_LOCAL)


class Better(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")
    NEUTRAL = "neutral", _("neither")


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    ANNUAL = "annual", _("yearly")
    CENSUS = "census", _("at each census")


class IndicatorTemplate(models.Model):
    """The common template of a country, in versions; localities fill the published one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        RETIRED = "retired", _("replaced by a newer version")

    country = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="indicator_templates", verbose_name=_("country")
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("what changed in this version"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator template")
        constraints = [
            models.UniqueConstraint(fields=["country", "version"], name="profiles_template_version_unique"),
            # At most one published version per country at a time.
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(status="published"),
                name="profiles_one_published_template",
            ),
        ]
        ordering = ["country", "-version"]

    def __str__(self) -> str:
        return f"{self.country.name} v{self.version}"

    def permission_scope(self) -> tuple[Territory, None]:
        return self.country, None


class Domain(TranslatableModel):
    translatable_fields: ClassVar[tuple[str, ...]] = ("name",)
    territory_lookup: ClassVar[str] = "template__country"

    template = models.ForeignKey(IndicatorTemplate, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("domain")
        ordering = ["template", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="profiles_domain_unique")]

    def __str__(self) -> str:
        return self.name

    def translation_territory(self) -> Territory:
        return self.template.country


class Indicator(TranslatableModel):
    """What is measured, how, and how its figures may be combined."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("name", "definition")
    territory_lookup: ClassVar[str] = "template__country"

    template = models.ForeignKey(IndicatorTemplate, on_delete=models.CASCADE, related_name="indicators")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(
        _("code"), max_length=60, help_text=_("Stable across versions, e.g. POP.FOREIGN_BORN.")
    )
    name = models.CharField(_("name"), max_length=250)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    # Codes of the disaggregations it carries ("sex", "age_group", "origin", "migration_status" or
    # a custom one), in a fixed order: a value's cell gives a code for each.
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    additive = models.BooleanField(
        _("adds up"),
        default=False,
        help_text=_("Counts add up across places and cells; rates and medians do not."),
    )
    numerator = models.CharField(_("numerator indicator"), max_length=60, blank=True)
    denominator = models.CharField(_("denominator indicator"), max_length=60, blank=True)
    better = models.CharField(_("direction"), max_length=10, choices=Better.choices, default=Better.NEUTRAL)
    source = models.CharField(_("usual source"), max_length=300, blank=True)
    periodicity = models.CharField(
        _("periodicity"), max_length=20, choices=Periodicity.choices, default=Periodicity.ANNUAL
    )
    # Left empty on an additive indicator, figures may be negative: a balance such as net migration.
    minimum = models.DecimalField(
        _("lowest plausible value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("highest plausible value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    phases = models.JSONField(_("migration-cycle phases"), default=list, blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Restricted indicators are shown to staff only.")
    )
    headline = models.BooleanField(
        _("headline figure"), default=False, help_text=_("Shown first, at the top of a profile.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        ordering = ["template", "domain__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="profiles_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def translation_territory(self) -> Territory:
        return self.template.country

    def permission_scope(self) -> tuple[Territory, None]:
        return self.template.country, None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.additive and self.unit not in ADDITIVE_UNITS:
            errors["additive"] = _("Only counts and amounts add up; this unit does not.")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            errors["maximum"] = _("The highest plausible value is below the lowest.")
        if errors:
            raise ValidationError(errors)


class ImportBatch(models.Model):
    """One file brought in: who, when, what it was and where its figures come from."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        SDMX_CSV = "sdmx_csv", "SDMX-CSV"
        UN_DESA = "un_desa", _("UN DESA International Migrant Stock")
        FORM = "form", _("entry form")

    template = models.ForeignKey(IndicatorTemplate, on_delete=models.PROTECT, related_name="imports")
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=20, choices=Format.choices)
    file_name = models.CharField(max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=500)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    corrected = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name or self.format} ({self.imported_at:%Y-%m-%d})"


class Value(models.Model):
    """One figure: an indicator, for a territory, a period and a disaggregation cell."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="profile_values")
    # As written in SDMX's TIME_PERIOD: "2024", "2024-Q3", "2024-06" or "2024-06-30".
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    # The code of each disaggregation of the indicator, in its order ("_T" for the total), e.g.
    # ["F", "_T"] for sex × age group; and the same as text, for uniqueness and lookups.
    cell = models.JSONField(default=list, blank=True)
    cell_key = models.CharField(max_length=200, default="", blank=True)
    # None: known to be missing (".." in statistical tables).
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    method_note = models.TextField(_("method note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("value")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "period", "cell_key"], name="profiles_value_cell_unique"
            )
        ]
        indexes = [
            models.Index(fields=["territory", "indicator", "period_start"]),
            models.Index(fields=["indicator", "period", "cell_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.territory.slug} {self.period} [{self.cell_key}] = {self.value}"

    def permission_scope(self) -> tuple[Territory, None]:
        return self.territory, None


class ValueRevision(models.Model):
    """A figure as it was before a correction: corrections never erase what was published."""

    current = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="revisions")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(max_length=500)
    method_note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField()
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Why it was corrected, by whom and when.
    reason = models.TextField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("earlier value")
        ordering = ["current", "-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.current_id}: {self.value} until {self.replaced_at:%Y-%m-%d}"


class FactCard(TranslatableModel):
    """A common rumour, answered with the local figures that bear on it.

    Cards name indicators by code, not by row, so that they keep working when the country
    publishes a new version of its template."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("rumour", "answer")

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="fact_cards", verbose_name=_("territory")
    )
    rumour = models.CharField(_("what people say"), max_length=300)
    answer = models.TextField(_("what the figures show"))
    indicator_codes = models.JSONField(_("indicators"), default=list)
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fact card")
        ordering = ["territory", "-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.rumour

    def permission_scope(self) -> tuple[Territory, None]:
        return self.territory, None


class PendingImport(models.Model):
    """A file sent for import, kept on disk while staff map its columns and fix its problems.

    It belongs to the territory, not to one account, so a colleague of the same office can take
    the import over. Files older than a day are removed."""

    token = models.CharField(max_length=40, unique=True)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=20, choices=ImportBatch.Format.choices)
    indicator_code = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file waiting for import")

    def __str__(self) -> str:
        return self.file_name

    def permission_scope(self) -> tuple[Territory, None]:
        return self.territory, None
