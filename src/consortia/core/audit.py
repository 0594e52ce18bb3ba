"""Writing to the audit log. Services call :func:`record` inside their transaction."""

from typing import Any

from django.db import models

from .middleware import current_request_id
from .models import AuditEvent


def record(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    organisation_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``organisation_id`` defaults to the target's organisation, if it has one."""
    if organisation_id is None and target is not None:
        organisation_id = getattr(target, "organisation_id", None)
        if organisation_id is None and target._meta.model_name == "organisation":
            organisation_id = target.pk
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation_id=organisation_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        request_id=current_request_id(),
    )


def pseudonymise(events: models.QuerySet[AuditEvent], replace: dict[str, str]) -> int:
    """Replace personal values in the data of ``events`` (an erased account's address, say).

    The one change the append-only log allows: erasure (core.privacy) keeps the trail of what
    happened but not whom it named. Returns how many events changed.
    """
    changed = 0
    for event in events.only("pk", "data"):
        data = _replaced(event.data, replace)
        if data != event.data:
            models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), data=data)
            changed += 1
    return changed


def _replaced(value: Any, replace: dict[str, str]) -> Any:
    if isinstance(value, str):
        return replace.get(value, value)
    if isinstance(value, list):
        return [_replaced(item, replace) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, replace) for key, item in value.items()}
    return value
