"""Checks shared by the directory services. Each raises ValidationError naming the field."""

import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from consortia.core.money import is_currency
from consortia.core.multilingual import CONTENT_LANGUAGE_CODES

from ..models import Country, Organisation, Topic

_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def require_text(field: str, value: str, *, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(max)d characters.") % {"max": max_length}})
    return value


def optional_url(field: str, value: str) -> str:
    """An http(s) address, or "" when none is given."""
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as error:
            raise ValidationError(
                {field: _("Enter a full web address starting with https://.")}
            ) from error
    return value


def require_language(field: str, value: str) -> str:
    if value not in CONTENT_LANGUAGE_CODES:
        raise ValidationError({field: _("Unknown language code “%(code)s”.") % {"code": value}})
    return value


def optional_date(field: str) -> Callable[[Any], date | None]:
    """A check for ``clean_fields``: a date, or None when none is given."""

    def check(value: Any) -> date | None:
        if value in (None, ""):
            return None
        if not isinstance(value, date):
            invalid(field, _("Enter a date."))
        return value

    return check


def optional_money(
    amount: Any, currency: str, *, amount_field: str, currency_field: str
) -> tuple[Decimal | None, str]:
    """An amount of zero or more with its ISO 4217 currency, or (None, "") when none is given."""
    if amount in (None, ""):
        if currency:
            raise ValidationError({amount_field: _("Give the amount for this currency.")})
        return None, ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise ValidationError({amount_field: _("Enter a number.")}) from None
    if not value.is_finite() or value < 0:
        raise ValidationError({amount_field: _("Enter an amount of zero or more.")})
    currency = (currency or "").strip().upper()
    if not is_currency(currency):
        raise ValidationError({currency_field: _("Enter an ISO 4217 currency code, e.g. RUB.")})
    return value.quantize(Decimal("0.01")), currency


@dataclass(frozen=True)
class Participant:
    """An organisation, or a state (a country's government), taking part in something with a
    role: an agreement's party, a project's partner."""

    organisation: Organisation | None = None
    state: Country | str | None = None
    role: str = ""


def require_participants(
    field: str, participants: Sequence[Participant], *, roles: Sequence[str]
) -> list[tuple[Organisation | None, Country | None, str]]:
    """At least one; each an organisation or a state with a known role; nobody twice."""
    if not participants:
        raise ValidationError({field: _("Name at least one.")})
    cleaned, seen = [], set()
    for item in participants:
        if item.role not in roles:
            raise ValidationError({field: _("Unknown role “%(role)s”.") % {"role": item.role}})
        if (item.organisation is None) == (item.state is None):
            raise ValidationError({field: _("Each one is an organisation or a state.")})
        state = require_country(field, item.state) if item.state is not None else None
        key = ("o", item.organisation.pk) if item.organisation else ("s", state.pk if state else "")
        if key in seen:
            raise ValidationError(
                {field: _("%(name)s is named twice.") % {"name": item.organisation or state}}
            )
        seen.add(key)
        cleaned.append((item.organisation, state, item.role))
    return cleaned


def require_time_zone(field: str, value: str) -> str:
    """An IANA zone name. None (``"time_zone": null`` on the API) is missing, not a zone; a name
    too long for the disk raises OSError in zoneinfo: each is the caller's mistake, never a 500."""
    if not isinstance(value, str):
        raise ValidationError({field: _("This field is required.")})
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise ValidationError(
            {field: _("Unknown time zone “%(zone)s”.") % {"zone": value}}
        ) from error
    return value


def require_country(field: str, value: Country | str) -> Country:
    if isinstance(value, Country):
        return value
    country = Country.objects.filter(code=(value or "").upper()).first()
    if country is None:
        raise ValidationError({field: _("Unknown country code “%(code)s”.") % {"code": value}})
    return country


def require_countries(field: str, values: Iterable[Country | str]) -> list[Country]:
    return [require_country(field, value) for value in values]


def require_topics(field: str, values: Sequence[Topic | str]) -> list[Topic]:
    codes = [v.code if isinstance(v, Topic) else v for v in values]
    found = {t.code: t for t in Topic.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown topics: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [found[code] for code in dict.fromkeys(codes)]


def sniff_logo(upload: UploadedFile) -> str:
    """The logo's real type (by its first bytes, not its name), or a ValidationError."""
    if upload.size is None or upload.size > settings.CONSORTIA_MAX_LOGO_BYTES:
        raise ValidationError(
            {
                "logo": _("The logo is too large: at most %(kb)d KB.")
                % {"kb": settings.CONSORTIA_MAX_LOGO_BYTES // 1024}
            }
        )
    head = upload.read(16)
    upload.seek(0)
    for signature, extension in _IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    raise ValidationError({"logo": _("The logo must be a PNG, JPEG or WebP image.")})


def clean_fields(
    values: dict[str, Any], checks: dict[str, Callable[[Any], Any]], *, kind: str
) -> dict[str, Any]:
    """Run each field's check; one ValidationError lists every bad field, so nothing is half-written."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for field, value in values.items():
        if field not in checks:
            raise TypeError(f"{field} is not an editable {kind} field")
        try:
            cleaned[field] = checks[field](value)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def invalid(field: str, message: str) -> Any:
    raise ValidationError({field: message})
