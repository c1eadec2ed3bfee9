"""Every write of the profiles app: one function per use case, each in a transaction, audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from pontes.core import audit
from pontes.core.models import AuditEntry, Territory

from . import default_template, importing
from .importing import CheckResult, ParsedValue, Problem, Table
from .models import TOTAL, Domain, FactCard, ImportBatch, Indicator, IndicatorTemplate, Value, ValueRevision
from .periods import parse_period

BULK = 5000


def _actor(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


# --- Templates --------------------------------------------------------------------------------


@transaction.atomic
def create_default_template(*, actor: Any, country: Territory) -> IndicatorTemplate:
    """A draft template for a country, filled with Pontes' default indicators in four languages."""
    if country.kind != Territory.Kind.COUNTRY:
        raise ValidationError(
            _("Templates belong to countries; %(name)s is not one.") % {"name": country.name}
        )
    latest = IndicatorTemplate.objects.filter(country=country).order_by("-version").first()
    template = IndicatorTemplate.objects.create(
        country=country,
        version=(latest.version + 1) if latest else 1,
        notes=_("Default template of Pontes."),
    )
    domains: dict[str, Domain] = {}
    for order, spec in enumerate(default_template.DOMAINS):
        domain = Domain(template=template, code=spec["code"], order=order, original_language="en")
        _set_texts(domain, {"name": spec["name"]})
        domain.save()
        domains[spec["code"]] = domain
    indicators = []
    for order, item in enumerate(default_template.INDICATORS):
        indicator = Indicator(
            template=template,
            domain=domains[item["domain"]],
            code=item["code"],
            unit=item["unit"],
            disaggregations=list(item["disaggregations"]),
            additive=item["additive"],
            numerator=item["numerator"],
            denominator=item["denominator"],
            better=item["better"],
            source=item["source"],
            periodicity=item["periodicity"],
            minimum=None if item["minimum"] is None else Decimal(str(item["minimum"])),
            maximum=None if item["maximum"] is None else Decimal(str(item["maximum"])),
            phases=list(item["phases"]),
            headline=item["code"] in default_template.HEADLINE,
            order=order,
            original_language="en",
        )
        _set_texts(indicator, {"name": item["name"], "definition": item["definition"]})
        indicators.append(indicator)
    Indicator.objects.bulk_create(indicators)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=template,
        territory=country,
        changes={"indicators": [None, len(indicators)]},
    )
    return template


def _set_texts(record: Domain | Indicator, texts: dict[str, dict[str, str]]) -> None:
    for name, by_language in texts.items():
        setattr(record, name, by_language["en"])
        for language, text in by_language.items():
            if language != "en":
                record.set_translation(language, name, text)


@transaction.atomic
def publish_template(*, actor: Any, template: IndicatorTemplate) -> IndicatorTemplate:
    """Localities fill the published version; the one before is kept, as replaced."""
    template = IndicatorTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != IndicatorTemplate.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if not template.indicators.exists():
        raise ValidationError(_("A template without indicators cannot be published."))
    IndicatorTemplate.objects.filter(
        country=template.country, status=IndicatorTemplate.Status.PUBLISHED
    ).update(status=IndicatorTemplate.Status.RETIRED)
    template.status = IndicatorTemplate.Status.PUBLISHED
    template.published_at = timezone.now()
    template.published_by = _actor(actor)
    template.save(update_fields=["status", "published_at", "published_by"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=template,
        territory=template.country,
        changes={"status": [IndicatorTemplate.Status.DRAFT, IndicatorTemplate.Status.PUBLISHED]},
    )
    return template


def template_for(territory: Territory) -> IndicatorTemplate | None:
    """The published template of the territory's country."""
    return IndicatorTemplate.objects.filter(
        country__path=territory.path[: Territory.steplen], status=IndicatorTemplate.Status.PUBLISHED
    ).first()


# --- Values -----------------------------------------------------------------------------------


@transaction.atomic
def record_value(
    *,
    actor: Any,
    indicator: Indicator,
    territory: Territory,
    period: str,
    cell: dict[str, str] | None = None,
    value: Decimal | None,
    source: str,
    method_note: str = "",
    correction_reason: str = "",
) -> Value:
    """One figure from the entry form, checked as an imported one would be. Changing a saved
    figure needs a reason, and keeps the old one."""
    if not source.strip():
        raise ValidationError({"source": _("Say where the figure comes from.")})
    codes = cell or {}
    unknown = set(codes) - set(indicator.disaggregations)
    if unknown:
        raise ValidationError(
            {
                "cell": _("%(code)s is not broken down by %(names)s.")
                % {"code": indicator.code, "names": ", ".join(sorted(unknown))}
            }
        )
    headers = ["indicator", "period", "value", *indicator.disaggregations]
    row = [
        indicator.code,
        period,
        ".." if value is None else str(value),
        *(codes.get(d, TOTAL) for d in indicator.disaggregations),
    ]
    result = importing.check(
        Table(headers, [(1, row)]),
        {name: name for name in headers},
        indicators=[indicator],
        territory=territory,
        source=source,
        allow_corrections=True,
    )
    if result.problems:
        raise ValidationError("; ".join(p.message for p in result.problems))
    if result.corrected and not correction_reason.strip():
        raise ValidationError(
            {
                "correction_reason": _(
                    "This figure is already saved with another value: say why it is corrected."
                )
            }
        )
    fresh: list[ParsedValue] = []
    changes: list[tuple[ParsedValue, Value]] = []
    for parsed, saved_id in result.to_save():
        if saved_id is None:
            fresh.append(parsed)
        else:
            changes.append((parsed, Value.objects.select_for_update().get(pk=saved_id)))
    saved = _save(fresh, changes, actor=actor, batch=None, method_note=method_note, reason=correction_reason)
    if saved:
        return saved[0]
    parsed_period = parse_period(period)
    return Value.objects.get(
        indicator=indicator,
        territory=territory,
        period=parsed_period.code,
        cell_key=importing.cell_key(indicator, [codes.get(d, TOTAL) for d in indicator.disaggregations]),
    )


@dataclass
class ImportReport:
    # Every problem up to importing.MAX_PROBLEMS, then one saying how many more there are.
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    batch: ImportBatch | None = None
    more_problems: int = 0  # problems found beyond those listed

    @property
    def ok(self) -> bool:
        return not self.problems


def import_values(
    *,
    actor: Any,
    template: IndicatorTemplate,
    territory: Territory,
    table: Table,
    mapping: dict[str, str],
    source: str,
    file_name: str = "",
    file_format: str = ImportBatch.Format.CSV,
    correction_reason: str = "",
) -> ImportReport:
    """All or nothing: every row is checked first; with one problem, nothing is saved and every
    problem is reported with its row and column. Figures already saved are corrected only when
    a reason is given (and the old figures kept).

    The table is read twice: once to check it, once (in one transaction) to save it. A table
    from `importing.read_table()` on a big file is read from the file each time, so a file of
    a million rows is never all in memory."""
    if not source.strip():
        return ImportReport(problems=[Problem(None, "", _("Say where the figures come from (the source)."))])
    if template.status != IndicatorTemplate.Status.PUBLISHED:
        return ImportReport(
            problems=[Problem(None, "", _("Figures are imported into a published template."))]
        )
    if not territory.path.startswith(template.country.path):
        raise PermissionDenied
    result = importing.check(
        table,
        mapping,
        indicators=template.indicators.all(),
        territory=territory,
        source=source,
        allow_corrections=bool(correction_reason.strip()),
    )
    report = ImportReport(
        problems=result.problems, unchanged=result.unchanged, more_problems=result.more_problems
    )
    if result.problems:
        return report
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                template=template,
                territory=territory,
                format=file_format,
                file_name=file_name[:255],
                source=source[:500],
                rows=result.rows,
                imported_by=_actor(actor),
            )
            batch.created, batch.corrected = _save_import(
                result, actor=actor, batch=batch, reason=correction_reason
            )
            batch.save(update_fields=["created", "corrected"])
            audit.record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                target=batch,
                territory=territory,
                changes={
                    "created": [None, batch.created],
                    "corrected": [None, batch.corrected],
                    "source": [None, batch.source],
                    "reason": [None, correction_reason],
                },
            )
    except importing.UnreadableFile as error:
        return ImportReport(problems=[Problem(None, "", str(error))])
    except (IntegrityError, _SavedMeanwhile):
        # Another import or entry saved (or removed) some of these cells after the file was checked.
        return ImportReport(
            problems=[
                Problem(
                    None,
                    "",
                    _(
                        "Figures for some of these cells were saved while the file was being checked; "
                        "nothing was saved. Import the file again."
                    ),
                )
            ]
        )
    report.batch, report.created, report.corrected = batch, batch.created, batch.corrected
    return report


# The columns an import writes, in the order of the rows `_ValueRows.add()` makes.
_VALUE_FIELDS = (
    "indicator",
    "territory",
    "period",
    "period_start",
    "period_end",
    "cell",
    "cell_key",
    "value",
    "source",
    "method_note",
    "entered_by",
    "entered_at",
    "batch",
)


class _ValueRows:
    """New values as the database columns the ORM would write for them, without building a model
    instance per value: each column goes through its field's own conversion (once per distinct
    period, cell and source), and rows are inserted with one prepared statement per chunk."""

    def __init__(self, *, who: Any, now: Any, batch: ImportBatch | None, method_note: str) -> None:
        self.connection = connections[router.db_for_write(Value)]
        fields = {name: cast("Field[Any, Any]", Value._meta.get_field(name)) for name in _VALUE_FIELDS}
        quote = self.connection.ops.quote_name
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  (names from the model)
            quote(Value._meta.db_table),
            ", ".join(quote(str(f.column)) for f in fields.values()),
            ", ".join(["%s"] * len(fields)),
        )
        self._prepare = {name: self._field_prep(model_field) for name, model_field in fields.items()}
        self.who = self._prepare["entered_by"](who.pk if who is not None else None)
        self.now = self._prepare["entered_at"](now)
        self.batch = self._prepare["batch"](batch.pk if batch is not None else None)
        self.method_note = method_note
        # Converted columns, by period, by cell, by (source, method note).
        self._periods: dict[str, tuple[Any, Any, Any]] = {}
        self._cells: dict[str, tuple[Any, Any]] = {}
        self._texts: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._figures_as_given = self._converts_figures_to_themselves()
        self.pending: list[tuple[Any, ...]] = []
        self.count = 0

    def _field_prep(self, model_field: Any) -> Callable[[Any], Any]:
        connection = self.connection
        return lambda value: model_field.get_db_prep_save(value, connection)

    def _converts_figures_to_themselves(self) -> bool:
        """Whether this database takes a figure as the Decimal it is (SQLite and PostgreSQL do):
        then the per-value conversion, the costliest, can be skipped."""
        samples = [Decimal("12"), Decimal("-4.50"), Decimal("1E+3"), Decimal("0.0001")]
        converted = [self._prepare["value"](sample) for sample in samples]
        return all(
            type(out) is Decimal and out == sample and str(out) == str(sample)
            for out, sample in zip(converted, samples, strict=True)
        )

    def add(self, parsed: ParsedValue) -> None:
        period = parsed.period
        dates = self._periods.get(period.code)
        if dates is None:
            dates = self._periods[period.code] = (
                self._prepare["period"](period.code),
                self._prepare["period_start"](period.start),
                self._prepare["period_end"](period.end),
            )
        cell = self._cells.get(parsed.cell_key)
        if cell is None:
            cell = self._cells[parsed.cell_key] = (
                self._prepare["cell"](list(parsed.cell)),
                self._prepare["cell_key"](parsed.cell_key),
            )
        texts_key = (parsed.source, parsed.method_note)
        texts = self._texts.get(texts_key)
        if texts is None:
            if len(self._texts) > 10_000:
                self._texts.clear()
            texts = self._texts[texts_key] = (
                self._prepare["source"](parsed.source[:500]),
                self._prepare["method_note"](parsed.method_note or self.method_note),
            )
        value = parsed.value
        if value is not None and not self._figures_as_given:
            value = self._prepare["value"](value)
        self.pending.append(
            (
                parsed.indicator.pk,
                parsed.territory.pk,
                dates[0],
                dates[1],
                dates[2],
                cell[0],
                cell[1],
                value,
                texts[0],
                texts[1],
                self.who,
                self.now,
                self.batch,
            )
        )
        if len(self.pending) >= BULK:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.sql, self.pending)
            self.count += len(self.pending)
            self.pending = []


class _SavedMeanwhile(Exception):
    """A value the check found saved is gone by the time of saving."""


def _save_import(result: CheckResult, *, actor: Any, batch: ImportBatch, reason: str) -> tuple[int, int]:
    """Saves a checked file, reading it once more: (created, corrected). Memory stays flat: new
    values go in by chunks, corrections too. The caller's transaction makes it all or nothing."""
    who = _actor(actor)
    now = timezone.now()
    rows = _ValueRows(who=who, now=now, batch=batch, method_note="")
    changes: list[tuple[ParsedValue, int]] = []
    corrected = 0
    for parsed, saved_id in result.to_save():
        if saved_id is None:
            rows.add(parsed)
            continue
        changes.append((parsed, saved_id))
        if len(changes) >= BULK:
            corrected += _correct_by_id(changes, who=who, now=now, batch=batch, reason=reason)
            changes = []
    rows.flush()
    corrected += _correct_by_id(changes, who=who, now=now, batch=batch, reason=reason)
    if rows.count != result.created or corrected != result.corrected:
        raise importing.FileChanged(_("The file changed while it was being imported; nothing was saved."))
    return rows.count, corrected


def _correct_by_id(
    changes: list[tuple[ParsedValue, int]], *, who: Any, now: Any, batch: ImportBatch, reason: str
) -> int:
    saved = Value.objects.select_for_update().in_bulk([saved_id for _parsed, saved_id in changes])
    if len(saved) != len(changes):
        raise _SavedMeanwhile
    pairs = [(parsed, saved[saved_id]) for parsed, saved_id in changes]
    _correct(pairs, who=who, now=now, batch=batch, method_note="", reason=reason)
    return len(pairs)


def _correct(
    changes: list[tuple[ParsedValue, Value]],
    *,
    who: Any,
    now: Any,
    batch: ImportBatch | None,
    method_note: str,
    reason: str,
) -> list[ValueRevision]:
    """New figures for saved values; each old figure is kept as a revision."""
    revisions = []
    corrected = []
    for parsed, saved in changes:
        revisions.append(
            ValueRevision(
                current=saved,
                value=saved.value,
                source=saved.source,
                method_note=saved.method_note,
                entered_by_id=saved.entered_by_id,
                entered_at=saved.entered_at,
                batch_id=saved.batch_id,
                reason=reason.strip(),
                replaced_by=who,
            )
        )
        saved.value, saved.source = parsed.value, parsed.source[:500]
        saved.method_note = parsed.method_note or method_note
        saved.entered_by, saved.entered_at, saved.batch = who, now, batch
        corrected.append(saved)
    ValueRevision.objects.bulk_create(revisions, batch_size=BULK)
    Value.objects.bulk_update(
        corrected, ["value", "source", "method_note", "entered_by", "entered_at", "batch"], batch_size=BULK
    )
    return revisions


def _save(
    fresh: list[ParsedValue],
    changes: list[tuple[ParsedValue, Value]],
    *,
    actor: Any,
    batch: ImportBatch | None,
    method_note: str,
    reason: str,
) -> list[Value]:
    """Saves values through the ORM, one instance each: for a few values (the entry form), with an
    audit entry per value when they come from no import."""
    who = _actor(actor)
    now = timezone.now()
    created = Value.objects.bulk_create(
        [
            Value(
                indicator=parsed.indicator,
                territory=parsed.territory,
                period=parsed.period.code,
                period_start=parsed.period.start,
                period_end=parsed.period.end,
                cell=list(parsed.cell),
                cell_key=parsed.cell_key,
                value=parsed.value,
                source=parsed.source[:500],
                method_note=parsed.method_note or method_note,
                entered_by=who,
                batch=batch,
            )
            for parsed in fresh
        ],
        batch_size=BULK,
    )
    revisions = _correct(changes, who=who, now=now, batch=batch, method_note=method_note, reason=reason)
    corrected = [saved for _parsed, saved in changes]
    if batch is None:
        for value in created:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                target=value,
                territory=value.territory,
                changes={"value": [None, str(value.value)]},
            )
        for revision, value in zip(revisions, corrected, strict=True):
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                target=value,
                territory=value.territory,
                changes={"value": [str(revision.value), str(value.value)], "reason": [None, revision.reason]},
            )
    return [*created, *corrected]


# --- Template versions and indicators ---------------------------------------------------------

INDICATOR_FIELDS = [
    "domain",
    "code",
    "original_language",
    "name",
    "definition",
    "unit",
    "disaggregations",
    "additive",
    "numerator",
    "denominator",
    "better",
    "source",
    "periodicity",
    "minimum",
    "maximum",
    "is_public",
    "headline",
    "translations",
]


@transaction.atomic
def new_template_version(*, actor: Any, country: Territory) -> IndicatorTemplate:
    """A draft copy of the latest version, to change and publish; the default template when the
    country has none yet."""
    latest = IndicatorTemplate.objects.filter(country=country).order_by("-version").first()
    if latest is None:
        return create_default_template(actor=actor, country=country)
    if latest.status == IndicatorTemplate.Status.DRAFT:
        raise ValidationError(
            _("Version %(version)s is still a draft: change it.") % {"version": latest.version}
        )
    template = IndicatorTemplate.objects.create(
        country=country,
        version=latest.version + 1,
        notes=_("Copy of version %(version)s.") % {"version": latest.version},
    )
    domains: dict[int, Domain] = {}
    for domain in latest.domains.all():
        old = domain.pk
        domain.pk = None
        domain.template = template
        domain.save()
        domains[old] = domain
    copies = []
    for indicator in latest.indicators.all():
        indicator.pk = None
        indicator.template = template
        indicator.domain = domains[indicator.domain_id]
        copies.append(indicator)
    Indicator.objects.bulk_create(copies)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=template,
        territory=country,
        changes={"version": [latest.version, template.version]},
    )
    return template


@transaction.atomic
def save_indicator(
    *, actor: Any, template: IndicatorTemplate, indicator: Indicator, translations: dict[str, dict[str, str]]
) -> Indicator:
    """Adds or changes an indicator of a draft: a published version never changes."""
    template = IndicatorTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != IndicatorTemplate.Status.DRAFT:
        raise ValidationError(_("Only a draft template can be changed; start a new version."))
    if indicator.domain.template_id != template.pk:
        raise ValidationError({"domain": _("Choose a domain of this template.")})
    before = audit.snapshot(Indicator.objects.get(pk=indicator.pk), INDICATOR_FIELDS) if indicator.pk else {}
    indicator.template = template
    for language, texts in translations.items():
        for name, text in texts.items():
            indicator.set_translation(language, name, text)
    indicator.full_clean()
    if not indicator.pk:
        indicator.order = (template.indicators.filter(domain=indicator.domain).count() + 1) * 10
    indicator.save()
    changes = audit.diff(before, audit.snapshot(indicator, INDICATOR_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            target=indicator,
            territory=template.country,
            changes=changes,
        )
    return indicator


# --- Fact cards ------------------------------------------------------------------------------

CARD_FIELDS = [
    "territory",
    "original_language",
    "rumour",
    "answer",
    "indicator_codes",
    "is_published",
    "translations",
]


@transaction.atomic
def save_fact_card(
    *, actor: Any, territory: Territory, card: FactCard, translations: dict[str, dict[str, str]]
) -> FactCard:
    """A rumour and its answer, linked to indicators by code so it follows new template versions."""
    before = audit.snapshot(FactCard.objects.get(pk=card.pk), CARD_FIELDS) if card.pk else {}
    if card.pk and card.territory_id != territory.pk:
        raise PermissionDenied
    card.territory = territory
    if card.created_by_id is None:
        card.created_by = _actor(actor)
    for language, texts in translations.items():
        for name, text in texts.items():
            card.set_translation(language, name, text)
    if not card.indicator_codes:
        raise ValidationError({"indicator_codes": _("Link at least one indicator that answers the rumour.")})
    card.full_clean()
    card.save()
    changes = audit.diff(before, audit.snapshot(card, CARD_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            target=card,
            territory=territory,
            changes=changes,
        )
    return card
