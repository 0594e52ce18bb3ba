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
