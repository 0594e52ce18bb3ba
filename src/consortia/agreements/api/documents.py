"""Documents of an agreement: listing, uploading, downloading and removing them."""

from typing import Any
from uuid import UUID

from django.http import FileResponse
from ninja import File, Form, Status, UploadedFile
from ninja.pagination import paginate

from consortia.core.api import FILE_RESPONSE, ApiRequest, Pages, anyone
from consortia.core.http import private_download
from consortia.core.permissions import get_visible

from .. import selectors, services
from . import router
from .lookups import editable_agreement, named_agreement, named_document
from .schemas import DocumentOut


@router.get(
    "/agreements/{uuid:agreement_id}/documents",
    response=list[DocumentOut],
    auth=anyone,
    url_name="list_documents",
)
@paginate(Pages)
def list_documents(request: ApiRequest, agreement_id: UUID) -> Any:
    """Oldest first: usually the agreement's text, then its annexes."""
    agreement = named_agreement(request, agreement_id)
    return selectors.documents_visible_to(request.auth).filter(agreement=agreement)


@router.post(
    "/agreements/{uuid:agreement_id}/documents",
    response={201: list[DocumentOut]},
    url_name="add_documents",
)
def add_documents(
    request: ApiRequest,
    agreement_id: UUID,
    files: list[UploadedFile] = File(...),  # noqa: B008 - ninja's way to declare parameters
    title: str = Form(""),  # noqa: B008
) -> Any:
    """Multipart: one or more ``files`` (checked by their content) and an optional ``title``
    (each file's name when left out). By a party's admins or the operator."""
    agreement = editable_agreement(request, agreement_id)
    return Status(201, services.add_documents(agreement, by=request.auth, files=files, title=title))


@router.get(
    "/agreements/documents/{uuid:document_id}",
    auth=anyone,
    url_name="download_document",
    openapi_extra=FILE_RESPONSE,
)
def download_document(request: ApiRequest, document_id: UUID) -> FileResponse:
    """The file as a download of its checked type, for whoever sees the agreement."""
    document = get_visible(selectors.documents_visible_to(request.auth), public_id=document_id)
    return private_download(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@router.delete(
    "/agreements/documents/{uuid:document_id}",
    response={204: None},
    url_name="remove_document",
)
def remove_document(request: ApiRequest, document_id: UUID) -> Any:
    services.remove_document(named_document(request, document_id), by=request.auth)
    return Status(204, None)
