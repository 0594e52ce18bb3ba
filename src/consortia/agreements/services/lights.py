"""Keeping the stored traffic lights true: after every change, and once a day as time passes."""

from datetime import date

from django.core.cache import cache
from django.db import transaction

from consortia.core import clock

from ..lights import Light, agreement_light
from ..models import Agreement, Commitment
from ..selectors import commitment_lights

_REFRESHED_KEY = "agreements:lights-refreshed-on"


def _code(light: Light | None) -> str:
    return light.code if light is not None else ""


def refresh_lights(agreement: Agreement, *, today: date | None = None) -> str:
    """Recompute the lights of the agreement's commitments and of the agreement; returns its code."""
    lit = commitment_lights(
        agreement,
        list(Commitment.objects.filter(agreement=agreement)),
        today=today or clock.today(),
    )
    changed = []
    for item in lit:
        if item.commitment.light != item.code:
            item.commitment.light = item.code
            changed.append(item.commitment)
    code = _code(agreement_light([item.light for item in lit]))
    with transaction.atomic():
        Commitment.objects.bulk_update(changed, ["light"])
        if agreement.light != code:
            Agreement.objects.filter(pk=agreement.pk).update(light=code)
            agreement.light = code
    return code


def refresh_all_lights(*, today: date | None = None, force: bool = False) -> int:
    """Once a day (lights change as dates pass): every agreement with commitments. Returns the
    number of agreements looked at (0 when already done today)."""
    today = today or clock.today()
    if not force and cache.get(_REFRESHED_KEY) == today.isoformat():
        return 0
    count = 0
    for agreement in Agreement.objects.filter(commitments__isnull=False).distinct().iterator():
        refresh_lights(agreement, today=today)
        count += 1
    cache.set(_REFRESHED_KEY, today.isoformat(), timeout=2 * 86400)
    return count
