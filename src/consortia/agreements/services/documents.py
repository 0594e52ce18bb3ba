"""Documents of an agreement: its text, annexes and scans, checked by their content."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.core import audit
from consortia.core.permissions import require
from consortia.core.uploads import atomic_with_files, check_uploads

from .. import policies
from ..models import Agreement, AgreementDocument

MAX_TITLE = 300


def _require_edit(agreement: Agreement, by: Any) -> None:
    require(
        policies.can_edit_agreement(by, agreement),
        _("Only the operator or a party's admins change an agreement."),
    )


def add_documents(
    agreement: Agreement, *, by: Any, files: Sequence[UploadedFile], title: str = ""
) -> list[AgreementDocument]:
    """Store each file as a document of the agreement, titled ``title`` or else by its file name.
    Every file is checked before any is stored; a failure stores none of them."""
    _require_edit(agreement, by)
    title = (title or "").strip()
    if len(title) > MAX_TITLE:
        raise ValidationError({"title": _("At most %(max)d characters.") % {"max": MAX_TITLE}})
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    checked = check_uploads(list(files), field="files")
    documents = []
    with atomic_with_files() as saved:
        for upload in checked:
            document = AgreementDocument(
                agreement=agreement,
                title=title or upload.name,
                original_name=upload.name,
                content_type=upload.content_type,
                size=upload.size,
                uploaded_by=by,
            )
            document.file.save(upload.name, upload.upload, save=False)
            saved.append(document)
            document.save()
            audit.record(
                "agreement.document_added",
                actor=by,
                target=agreement,
                data={"document": str(document.public_id), "name": upload.name},
            )
            documents.append(document)
    return documents


def remove_document(document: AgreementDocument, *, by: Any) -> None:
    """Delete the document (fetched with its agreement and parties); its file leaves storage once
    the deletion has committed. Removing one already gone does nothing."""
    agreement = document.agreement
    _require_edit(agreement, by)
    storage, name = document.file.storage, document.file.name
    with transaction.atomic():
        if not AgreementDocument.objects.filter(pk=document.pk).delete()[0]:
            return
        audit.record(
            "agreement.document_removed",
            actor=by,
            target=agreement,
            data={"document": str(document.public_id), "name": document.original_name},
        )
        if name:
            transaction.on_commit(lambda: storage.delete(name))
