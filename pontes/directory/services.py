"""Every write to the directory: one function per use case, in a transaction, audited, reindexed.

Listings are edited as a *payload*: a plain dict of the service's fields and its schedules,
languages, costs, documents, phones and places (see `PAYLOAD_FIELDS`). Staff apply a payload
directly; provider editors submit it as a pending `Revision` that staff approve or reject, and
the live listing stays as it is until then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pontes.core import audit
from pontes.core.languages import normalise_language_code, validate_language_code
from pontes.core.models import AuditEntry, Organisation, Territory, User
from pontes.core.permissions import has_perm, require

from . import index, vocabularies
from .models import (
    CostOption,
    Feedback,
    Language,
    Location,
    MetadataEntry,
    Phone,
    RequiredDocument,
    Revision,
    Schedule,
    Service,
    ServiceAtLocation,
    Status,
    UnmetSearch,
)
from .schedules import parse_byday

SCALAR_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "alert",
    "legal_basis",
    "original_language",
    "open_to_all",
    "no_documents_needed",
]
LIST_FIELDS = ["needs", "phases", "target_groups", "delivery_modes", "levels", "territory_roles"]
NESTED_FIELDS = [
    "translations",
    "languages",
    "schedules",
    "cost_options",
    "required_documents",
    "phones",
    "location_ids",
]
PAYLOAD_FIELDS = SCALAR_FIELDS + LIST_FIELDS + NESTED_FIELDS


# --- Payloads -----------------------------------------------------------------------------


def payload_of(service: Service) -> dict[str, Any]:
    """The current listing as a payload (the starting point of an edit)."""
    data: dict[str, Any] = {name: getattr(service, name) for name in SCALAR_FIELDS + LIST_FIELDS}
    data["translations"] = service.translations or {}
    data["languages"] = [lang.code for lang in service.languages.all()]
    data["schedules"] = [
        {
            "byday": s.byday,
            "opens_at": s.opens_at.strftime("%H:%M") if s.opens_at else "",
            "closes_at": s.closes_at.strftime("%H:%M") if s.closes_at else "",
            "valid_from": s.valid_from.isoformat() if s.valid_from else "",
            "valid_to": s.valid_to.isoformat() if s.valid_to else "",
            "description": s.description,
        }
        for s in service.schedules.all()
    ]
    data["cost_options"] = [
        {
            "amount": str(c.amount) if c.amount is not None else "",
            "currency": c.currency,
            "option": c.option,
            "amount_description": c.amount_description,
        }
        for c in service.cost_options.all()
    ]
    data["required_documents"] = [d.document for d in service.required_documents.all()]
    data["phones"] = [{"number": p.number, "languages": p.languages} for p in service.phones.all()]
    data["location_ids"] = [str(sal.location_id) for sal in service.service_at_locations.all()]
    return data


def _time(value: str, field: str, row: int) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(
            {field: _("Row %(row)s: “%(value)s” is not a time like 09:30.") % {"row": row, "value": value}}
        ) from error


def _date(value: str, field: str, row: int) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(
            {
                field: _("Row %(row)s: “%(value)s” is not a date like 2026-01-31.")
                % {"row": row, "value": value}
            }
        ) from error


def clean_payload(payload: dict[str, Any], *, organization: Organisation) -> dict[str, Any]:
    """Check a payload thoroughly; raise ValidationError naming the field (and row) that is wrong."""
    unknown = set(payload) - set(PAYLOAD_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    data = dict(payload)
    errors: dict[str, list[str]] = {}
    if not str(data.get("name", "")).strip():
        errors.setdefault("name", []).append(_("A service needs a name."))
    if data.get("status", Status.ACTIVE) not in Status.values:
        errors.setdefault("status", []).append(_("Unknown status."))
    for key, vocabulary in zip(
        LIST_FIELDS,
        [
            vocabularies.NEEDS,
            vocabularies.PHASES,
            vocabularies.TARGET_GROUPS,
            vocabularies.DELIVERY_MODES,
            vocabularies.LEVELS,
            vocabularies.TERRITORY_ROLES,
        ],
        strict=True,
    ):
        values = data.get(key) or []
        bad = [v for v in values if v not in vocabulary.codes]
        if bad:
            errors.setdefault(key, []).append(
                _("Unknown values: %(values)s.") % {"values": ", ".join(map(str, bad))}
            )
        data[key] = [v for v in vocabulary.codes if v in values]
    languages = []
    for code in data.get("languages") or []:
        code = normalise_language_code(str(code))
        try:
            validate_language_code(code)
        except ValidationError as error:
            errors.setdefault("languages", []).extend(error.messages)
        else:
            if code not in languages:
                languages.append(code)
    data["languages"] = languages
    try:
        for row, schedule in enumerate(data.get("schedules") or [], start=1):
            try:
                parse_byday(schedule.get("byday", ""))
            except ValueError as error:
                raise ValidationError(
                    {"schedules": _("Row %(row)s: %(error)s") % {"row": row, "error": error}}
                ) from error
            opens = _time(schedule.get("opens_at", ""), "schedules", row)
            closes = _time(schedule.get("closes_at", ""), "schedules", row)
            if opens and closes and closes <= opens:
                raise ValidationError(
                    {
                        "schedules": _("Row %(row)s: the closing time must be after the opening time.")
                        % {"row": row}
                    }
                )
            _date(schedule.get("valid_from", ""), "schedules", row)
            _date(schedule.get("valid_to", ""), "schedules", row)
        for row, cost in enumerate(data.get("cost_options") or [], start=1):
            amount = cost.get("amount", "")
            if amount not in ("", None):
                try:
                    if Decimal(str(amount)) < 0:
                        raise InvalidOperation
                except InvalidOperation as error:
                    raise ValidationError(
                        {
                            "cost_options": _("Row %(row)s: the amount must be a positive number.")
                            % {"row": row}
                        }
                    ) from error
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    location_ids = [str(i) for i in data.get("location_ids") or []]
    known = {
        str(pk) for pk in Location.objects.filter(organization=organization).values_list("pk", flat=True)
    }
    if set(location_ids) - known:
        errors.setdefault("location_ids", []).append(_("Choose places that belong to this organisation."))
    data["location_ids"] = location_ids
    for age in ("minimum_age", "maximum_age"):
        if data.get(age) in ("", None):
            data[age] = None
    low, high = data.get("minimum_age"), data.get("maximum_age")
    if low is not None and high is not None and int(low) > int(high):
        errors.setdefault("maximum_age", []).append(_("The maximum age is below the minimum age."))
    if errors:
        raise ValidationError(errors)
    return data


def _apply_payload(service: Service, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Write a cleaned payload onto a saved service and its children; return what changed."""
    before = payload_of(service) if service.pk and not service._state.adding else {}
    for name in SCALAR_FIELDS + LIST_FIELDS:
        if name in data:
            setattr(service, name, data[name] if data[name] is not None or name.endswith("_age") else "")
    if "translations" in data:
        service.translations = data["translations"] or {}
    service.full_clean(exclude=["organization", "territory", "program"])
    service.save()
    if "languages" in data:
        service.languages.all().delete()
        Language.objects.bulk_create([Language(service=service, code=code) for code in data["languages"]])
    if "schedules" in data:
        service.schedules.all().delete()
        Schedule.objects.bulk_create(
            [
                Schedule(
                    service=service,
                    byday=",".join(parse_byday(s.get("byday", ""))),
                    opens_at=_time(s.get("opens_at", ""), "schedules", row),
                    closes_at=_time(s.get("closes_at", ""), "schedules", row),
                    valid_from=_date(s.get("valid_from", ""), "schedules", row),
                    valid_to=_date(s.get("valid_to", ""), "schedules", row),
                    description=s.get("description", ""),
                )
                for row, s in enumerate(data["schedules"], start=1)
            ]
        )
    if "cost_options" in data:
        service.cost_options.all().delete()
        CostOption.objects.bulk_create(
            [
                CostOption(
                    service=service,
                    amount=Decimal(str(c["amount"])) if c.get("amount") not in ("", None) else None,
                    currency=(c.get("currency") or "").upper()[:3],
                    option=c.get("option", ""),
                    amount_description=c.get("amount_description", ""),
                )
                for c in data["cost_options"]
            ]
        )
    if "required_documents" in data:
        service.required_documents.all().delete()
        RequiredDocument.objects.bulk_create(
            [
                RequiredDocument(service=service, document=d)
                for d in data["required_documents"]
                if str(d).strip()
            ]
        )
    if "phones" in data:
        service.phones.all().delete()
        Phone.objects.bulk_create(
            [
                Phone(service=service, number=p["number"], languages=p.get("languages", []))
                for p in data["phones"]
                if str(p.get("number", "")).strip()
            ]
        )
    if "location_ids" in data:
        wanted = set(data["location_ids"])
        current = {str(sal.location_id): sal for sal in service.service_at_locations.all()}
        for location_id, sal in current.items():
            if location_id not in wanted:
                sal.delete()
        for location_id in wanted - set(current):
            ServiceAtLocation.objects.create(service=service, location_id=location_id)
    service.refresh_from_db()
    after = payload_of(service)
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def _log_changes(service: Service, changes: dict[str, list[Any]], actor: User | None, action: str) -> None:
    """HSDS metadata (field-level change log) and Pontes' audit trail."""
    now = timezone.now()
    by = actor.get_username() if actor is not None else "system"
    MetadataEntry.objects.bulk_create(
        [
            MetadataEntry(
                resource_id=str(service.pk),
                resource_type="service",
                last_action_date=now,
                last_action_type=action,
                field_name=field,
                previous_value="" if old is None else str(old)[:2000],
                replacement_value="" if new is None else str(new)[:2000],
                updated_by=by,
            )
            for field, (old, new) in changes.items()
        ]
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE if action == "create" else AuditEntry.Action.UPDATE,
        target=service,
        territory=service.territory,
        changes={k: [audit._json_value(v[0]), audit._json_value(v[1])] for k, v in changes.items()},
    )


@transaction.atomic
def create_service(
    *,
    actor: User | None,
    organization: Organisation,
    territory: Territory,
    payload: dict[str, Any],
    verified: bool = True,
) -> Service:
    """A new live listing (staff, importers, demo data)."""
    if actor is not None:
        require(actor, "directory.moderate", territory)
    if not territory.covers(organization.territory) and not organization.territory.covers(territory):
        raise ValidationError(_("The organisation and the service belong to unrelated territories."))
    data = clean_payload(payload, organization=organization)
    service = Service(organization=organization, territory=territory, name=data["name"])
    if verified:
        service.assured_date = timezone.localdate()
        service.assurer_email = actor.email if actor is not None else ""
    changes = _apply_payload(service, data)
    _log_changes(service, changes, actor, "create")
    index.reindex_service(service)
    return service


@transaction.atomic
def update_service(*, actor: User | None, service: Service, payload: dict[str, Any]) -> Service:
    """Staff change a live listing directly; it counts as verified today."""
    if actor is not None:
        require(actor, "directory.moderate", service.territory)
    service = Service.objects.select_for_update().get(pk=service.pk)
    data = clean_payload(payload, organization=service.organization)
    changes = _apply_payload(service, data)
    service.assured_date = timezone.localdate()
    service.save(update_fields=["assured_date"])
    if changes:
        _log_changes(service, changes, actor, "update")
    index.reindex_service(service)
    return service


@transaction.atomic
def mark_verified(*, actor: User | None, service: Service) -> Service:
    """Staff or the provider confirm that a listing is still right."""
    if actor is not None:
        require(actor, "directory.edit_service", service)
    service.assured_date = timezone.localdate()
    service.assurer_email = actor.email if actor is not None else service.assurer_email
    service.save(update_fields=["assured_date", "assurer_email", "last_modified"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=service,
        territory=service.territory,
        changes={"assured_date": [None, service.assured_date.isoformat()]},
    )
    index.reindex_service(service)
    return service


# --- Provider self-service and moderation -------------------------------------------------


@transaction.atomic
def propose_change(
    *,
    actor: User,
    organization: Organisation,
    payload: dict[str, Any],
    service: Service | None = None,
) -> Revision | Service:
    """A provider's edit becomes a pending revision; staff who moderate apply theirs at once."""
    territory = service.territory if service is not None else organization.territory
    scope = service if service is not None else organization
    require(actor, "directory.edit_service", scope)
    data = clean_payload(payload, organization=organization)
    if has_perm(actor, "directory.moderate", territory):
        if service is None:
            return create_service(actor=actor, organization=organization, territory=territory, payload=data)
        return update_service(actor=actor, service=service, payload=data)
    # Only one pending revision per listing: a newer proposal replaces the older one.
    Revision.objects.filter(service=service, organization=organization, state=Revision.State.PENDING).filter(
        **({"service__isnull": True, "data__name": data["name"]} if service is None else {})
    ).delete()
    revision = Revision.objects.create(
        service=service, organization=organization, territory=territory, proposed_by=actor, data=data
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        target=revision,
        territory=territory,
        changes={"proposal": [None, data.get("name")]},
    )
    return revision


@transaction.atomic
def approve_revision(*, actor: User, revision: Revision) -> Service:
    require(actor, "directory.moderate", revision.territory)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != Revision.State.PENDING:
        raise ValidationError(_("This change was already decided."))
    if revision.service is None:
        service = create_service(
            actor=None,
            organization=revision.organization,
            territory=revision.territory,
            payload=revision.data,
        )
    else:
        service = update_service(actor=None, service=revision.service, payload=revision.data)
    revision.state = Revision.State.APPROVED
    revision.service = service
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=revision,
        territory=revision.territory,
        changes={"state": ["pending", "approved"]},
    )
    return service


@transaction.atomic
def reject_revision(*, actor: User, revision: Revision, reason: str) -> Revision:
    require(actor, "directory.moderate", revision.territory)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so that the provider can correct it.")})
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != Revision.State.PENDING:
        raise ValidationError(_("This change was already decided."))
    revision.state = Revision.State.REJECTED
    revision.reason = reason.strip()
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=revision,
        territory=revision.territory,
        changes={"state": ["pending", "rejected"], "reason": [None, revision.reason]},
    )
    return revision


# --- Public feedback and unmet needs ------------------------------------------------------


@transaction.atomic
def report_wrong_information(*, service: Service, kind: str, message: str, language: str) -> Feedback:
    """Anyone, without an account, reports that a listing is wrong. Nothing about them is kept."""
    if kind not in Feedback.Kind.values:
        raise ValidationError({"kind": _("Choose what is wrong.")})
    return Feedback.objects.create(
        service=service, kind=kind, message=message.strip()[:2000], language=language
    )


@transaction.atomic
def handle_feedback(*, actor: User, feedback: Feedback, response: str = "") -> Feedback:
    require(actor, "directory.moderate", feedback.service.territory)
    feedback.handled = True
    feedback.handled_by = actor
    feedback.handled_at = timezone.now()
    feedback.response = response.strip()
    feedback.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        target=feedback,
        territory=feedback.service.territory,
        changes={"handled": [False, True]},
    )
    return feedback


def record_unmet_search(*, territory: Territory | None, query: str, filters: str, language: str) -> None:
    """Count a search that found nothing (query and filters only)."""
    day = timezone.localdate()
    key: dict[str, Any] = {
        "territory": territory,
        "day": day,
        "query": query.strip()[:200],
        "filters": filters,
        "language": language,
    }
    for _attempt in range(3):
        try:
            with transaction.atomic():
                entry, _created = UnmetSearch.objects.select_for_update().get_or_create(**key)
                UnmetSearch.objects.filter(pk=entry.pk).update(count=entry.count + 1)
            return
        except IntegrityError:  # two first searches at once: the other one created the row
            continue


def check_can_edit(actor: User, service: Service) -> None:
    if not has_perm(actor, "directory.edit_service", service):
        raise PermissionDenied(_("You do not have permission to do this here."))


# --- Places -------------------------------------------------------------------------------

LOCATION_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "location_type",
    "url",
    "original_language",
]
ADDRESS_FIELDS = ["address_1", "address_2", "city", "region", "state_province", "postal_code", "country"]


@transaction.atomic
def save_location(
    *,
    actor: User | None,
    organization: Organisation,
    territory: Territory,
    values: dict[str, Any],
    address: dict[str, Any] | None = None,
    accessibility: str = "",
    languages: list[str] | None = None,
    translations: dict[str, dict[str, str]] | None = None,
    location: Location | None = None,
) -> Location:
    """Create or change a place where an organisation gives services."""
    if actor is not None:
        require(actor, "directory.edit_service", organization)
        related = territory.covers(organization.territory) or organization.territory.covers(territory)
        if not related and not has_perm(actor, "directory.edit_service", territory):
            raise PermissionDenied(_("You do not have permission to do this here."))
    from .models import Accessibility, Address

    creating = location is None
    location = location or Location(organization=organization)
    location.territory = territory
    for key, value in values.items():
        if key not in LOCATION_FIELDS:
            raise ValueError(f"Unknown location field {key}")
        setattr(location, key, value)
    for code, fields in (translations or {}).items():
        for field, text in fields.items():
            location.set_translation(code, field, text)
    location.full_clean()
    location.save()
    if address is not None:
        location.addresses.all().delete()
        if any(address.get(k) for k in ADDRESS_FIELDS):
            record = Address(location=location, **{k: address.get(k, "") for k in ADDRESS_FIELDS})
            record.full_clean(exclude=["location"])
            record.save()
    location.accessibility.all().delete()
    if accessibility.strip():
        Accessibility.objects.create(location=location, description=accessibility.strip())
    if languages is not None:
        location.languages.all().delete()
        Language.objects.bulk_create([Language(location=location, code=c) for c in languages])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        target=location,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(location, LOCATION_FIELDS)) if creating else {},
    )
    for service_id in location.service_at_locations.values_list("service_id", flat=True):
        index.reindex_services(index.service_queryset().filter(pk=service_id))
    return location


# --- Stale listings -----------------------------------------------------------------------

REMIND_EVERY_DAYS = 30


def remind_stale_providers(*, months: int, today: datetime.date | None = None) -> int:
    """Email each provider whose listings were not checked for `months` months; once a month at most.

    Returns the number of reminders sent. Each message is in the recipient's language.
    """
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    from pontes.core.models import Role, RoleAssignment

    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=int(months * 30.44))
    recent = timezone.now() - datetime.timedelta(days=REMIND_EVERY_DAYS)
    stale = (
        Service.objects.filter(status=Status.ACTIVE)
        .filter(Q(assured_date__lt=limit) | Q(assured_date__isnull=True))
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=recent))
        .select_related("organization")
    )
    by_organisation: dict[int, list[Service]] = {}
    for service in stale:
        by_organisation.setdefault(service.organization_id, []).append(service)
    sent = 0
    for organisation_id, listings in by_organisation.items():
        editors = User.objects.filter(
            pk__in=RoleAssignment.objects.filter(
                role=Role.PROVIDER_EDITOR, organisation_id=organisation_id
            ).values("user_id"),
            is_active=True,
        ).exclude(email="")
        for editor in editors:
            with translation.override(editor.preferred_language or settings.LANGUAGE_CODE):
                lines = [
                    f"- {s.tr('name').text}: {reverse('directory:service_edit', kwargs={'service': s.pk})}"
                    for s in listings
                ]
                send_mail(
                    subject=_("Please check your listings on Pontes"),
                    message=_(
                        "These listings have not been checked for a long time. Open each one, correct it if "
                        "needed, or confirm that it is still right:"
                    )
                    + "\n\n"
                    + "\n".join(lines),
                    from_email=None,
                    recipient_list=[editor.email],
                )
            sent += 1
        Service.objects.filter(pk__in=[s.pk for s in listings]).update(reminded_at=timezone.now())
    return sent


# --- Population points for the reach view -------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    message: str


def replace_population_points(*, actor: User | None, territory: Territory, csv_text: str) -> list[RowError]:
    """Replace the territory's population points with a CSV (name, latitude, longitude[, population]).

    All or nothing: every problem is returned with its row and column, and nothing changes.
    """
    import csv
    import io

    from .models import PopulationPoint

    if actor is not None:
        require(actor, "directory.view_gaps", territory)
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    errors: list[RowError] = []
    missing = [c for c in ("name", "latitude", "longitude") if c not in columns]
    if missing:
        return [RowError(1, c, _("This column is missing.")) for c in missing]
    points: list[PopulationPoint] = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        name = row.get("name", "")
        if not name:
            errors.append(RowError(number, "name", _("A name is needed.")))
        values: dict[str, float] = {}
        for column, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            try:
                values[column] = float(row.get(column, "").replace(",", "."))
                if not low <= values[column] <= high:
                    raise ValueError
            except ValueError:
                errors.append(
                    RowError(
                        number,
                        column,
                        _("Give a number between %(low)s and %(high)s.") % {"low": low, "high": high},
                    )
                )
        population = None
        if row.get("population"):
            try:
                population = int(row["population"].replace(" ", ""))
                if population < 0:
                    raise ValueError
            except ValueError:
                errors.append(
                    RowError(number, "population", _("Give a whole number of people, or leave it empty."))
                )
        if len(values) == 2 and name:
            points.append(
                PopulationPoint(territory=territory, name=name[:200], population=population, **values)
            )
    if not points and not errors:
        errors.append(RowError(2, "name", _("The file has no rows.")))
    if errors:
        return errors
    with transaction.atomic():
        PopulationPoint.objects.filter(territory=territory).delete()
        PopulationPoint.objects.bulk_create(points)
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            target=territory,
            territory=territory,
            changes={"population_points": [None, len(points)]},
        )
    return []
