"""Every write of the profiles app: one function per use case, each in a transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pontes.core import audit
from pontes.core.models import AuditEntry, Territory

from . import default_template, importing
from .importing import CheckResult, Problem, Table
from .models import TOTAL, Domain, ImportBatch, Indicator, IndicatorTemplate, Value, ValueRevision
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
    if result.changes and not correction_reason.strip():
        raise ValidationError(
            {
                "correction_reason": _(
                    "This figure is already saved with another value: say why it is corrected."
                )
            }
        )
    saved = _save(result, actor=actor, batch=None, method_note=method_note, reason=correction_reason)
    if saved:
        return saved[0]
    parsed = parse_period(period)
    return Value.objects.get(
        indicator=indicator,
        territory=territory,
        period=parsed.code,
        cell_key=importing.cell_key(indicator, [codes.get(d, TOTAL) for d in indicator.disaggregations]),
    )


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    batch: ImportBatch | None = None

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
    a reason is given (and the old figures kept)."""
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
    report = ImportReport(problems=result.problems, unchanged=result.unchanged)
    if result.problems:
        return report
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            template=template,
            territory=territory,
            format=file_format,
            file_name=file_name[:255],
            source=source[:500],
            rows=len(table.rows),
            imported_by=_actor(actor),
        )
        _save(result, actor=actor, batch=batch, method_note="", reason=correction_reason)
        batch.created, batch.corrected = len(result.values), len(result.changes)
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
    report.batch, report.created, report.corrected = batch, batch.created, batch.corrected
    return report


def _save(
    result: CheckResult, *, actor: Any, batch: ImportBatch | None, method_note: str, reason: str
) -> list[Value]:
    who = _actor(actor)
    now = timezone.now()
    fresh = [
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
        for parsed in result.values
    ]
    created = Value.objects.bulk_create(fresh, batch_size=BULK)
    revisions = []
    corrected = []
    for parsed, saved in result.changes:
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
