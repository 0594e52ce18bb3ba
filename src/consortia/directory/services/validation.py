"""Checks shared by the directory services. Each raises ValidationError naming the field."""

import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from consortia.core.multilingual import CONTENT_LANGUAGE_CODES

from ..models import Country, Topic

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


def require_time_zone(field: str, value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
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
