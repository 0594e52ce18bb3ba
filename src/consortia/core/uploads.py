"""Checking uploaded files by their content, never by the name or type the browser claims, and
storing them so that a failed write leaves no orphan file. Message attachments, agreement documents
and project update attachments all go through here."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What a partner may send: documents, spreadsheets, slides, images, plain text. No archives or
# executables: they could carry anything, and nobody on the platform needs them.
ALLOWED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = {".txt": "text/plain", ".csv": "text/csv", ".md": "text/markdown"}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    size: int


def _looks_like_text(upload: UploadedFile) -> bool:
    upload.seek(0)
    sample = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:  # a multi-byte character cut at the end of the sample
        return error.start >= len(sample) - 3
    return True


def check_upload(upload: UploadedFile, *, field: str = "files") -> CheckedFile:
    """The file's real type and a safe display name, or a ValidationError naming what is wrong."""
    name = PurePath((upload.name or "file").replace("\\", "/")).name[:200] or "file"
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: _("%(name)s is empty.") % {"name": name}})
    if size > settings.CONSORTIA_MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {
                field: _("%(name)s is too large: at most %(limit)s per file.")
                % {"name": name, "limit": filesizeformat(settings.CONSORTIA_MAX_ATTACHMENT_BYTES)}
            }
        )
    upload.seek(0)
    guess = filetype.guess(upload.read(8192))
    upload.seek(0)
    if guess is not None and guess.mime in ALLOWED_TYPES:
        return CheckedFile(upload, name, guess.mime, size)
    extension = PurePath(name).suffix.lower()
    if guess is None and extension in TEXT_EXTENSIONS and _looks_like_text(upload):
        return CheckedFile(upload, name, TEXT_EXTENSIONS[extension], size)
    raise ValidationError(
        {
            field: _(
                "%(name)s is not a file type we accept: send PDF, office documents, images or "
                "plain text."
            )
            % {"name": name}
        }
    )


def check_uploads(uploads: list[UploadedFile], *, field: str = "files") -> list[CheckedFile]:
    """At most ``CONSORTIA_MAX_ATTACHMENTS`` files, each checked by :func:`check_upload`."""
    if len(uploads) > settings.CONSORTIA_MAX_ATTACHMENTS:
        raise ValidationError(
            {
                field: _("Attach at most %(count)d files at once.")
                % {"count": settings.CONSORTIA_MAX_ATTACHMENTS}
            }
        )
    return [check_upload(upload, field=field) for upload in uploads]


def stored_path(instance: models.Model, filename: str) -> str:
    """A generated name under the model's ``UPLOAD_DIR``: the uploader's file name never reaches
    the file system."""
    hex_id = instance.public_id.hex  # type: ignore[attr-defined]
    return f"{instance.UPLOAD_DIR}/{hex_id[:2]}/{hex_id}"  # type: ignore[attr-defined]


@contextmanager
def atomic_with_files() -> Iterator[list[models.Model]]:
    """A transaction that also removes the files it stored if it fails, so a failed write leaves
    neither a half-written record nor an orphan file. Yields the list to add saved rows to."""
    saved: list[models.Model] = []
    try:
        with transaction.atomic():
            yield saved
    except BaseException:
        for row in saved:
            stored = row.file  # type: ignore[attr-defined]
            if stored.name:
                stored.storage.delete(stored.name)
        raise
