"""Reads for accounts: API tokens, and everything the platform holds about one person."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from consortia.core import clock, privacy

from .models import ApiToken, User

EXPORT_FORMAT = "consortia.personal-data"
EXPORT_VERSION = 1


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def erased_accounts() -> list[tuple[int, datetime]]:
    """The accounts erased in this database, each as its id and the time it joined (which
    erasure keeps): a restore erases them again where both match (ADR 0009)."""
    erased = User.objects.filter(erased_at__isnull=False).order_by("pk")
    return list(erased.values_list("pk", "date_joined"))


def personal_data(user: User) -> dict[str, Any]:
    """All the platform holds about ``user``, section by section (core.privacy), with what erasing
    the account would do to each section. Only ever the caller's own: views pass request.user."""
    sections: dict[str, list[dict[str, Any]]] = {}
    erasure: dict[str, dict[str, str]] = {}
    for holding in privacy.holdings():
        if holding.erase is privacy.Erase.EXEMPT or not holding.columns:
            continue
        sections[holding.section] = holding.export(user)
        erasure[holding.section] = {"erase": holding.erase.value, "why": holding.why}
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": clock.now(),
        "account": user.email,
        "sections": sections,
        "erasure": erasure,
    }
