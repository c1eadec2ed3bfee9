"""Recording staff changes. Called by services, inside their transaction, never by views."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .models import AuditEntry, Territory

# Never copied into the audit trail.
SECRET_FIELDS = frozenset({"password", "key", "secret", "token"})


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The current values of an instance's concrete fields, as JSON-ready data."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.attname
        if fields is not None and field.name not in fields and name not in fields:
            continue
        if field.name in SECRET_FIELDS or name in {"created_at", "updated_at", "last_login"}:
            continue
        values[field.name] = _json_value(getattr(instance, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            changed[key] = [before.get(key), after.get(key)]
    return changed


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    territory: Territory | None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_repr=actor.get_username() if actor is not None and actor.is_authenticated else "system",
        action=action,
        target_type=target._meta.label,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        territory=territory,
        territory_path=territory.path if territory is not None else "",
        changes=changes or {},
    )


def record_refusal(
    *, actor: Any, attempt: str, target: models.Model, territory: Territory | None, reasons: list[str]
) -> AuditEntry:
    """Log an attempt that was refused. Call it outside the refused write's transaction (which
    rolls back), typically from the view that shows the refusal."""
    return record(
        actor=actor,
        action=AuditEntry.Action.REFUSE,
        target=target,
        territory=territory,
        changes={"attempt": attempt, "refused": [str(reason) for reason in reasons]},
    )
