"""Updates on a project's progress, with attachments checked by their content."""

from typing import Any
from uuid import UUID

from django.http import FileResponse
from ninja import File, Form, Status, UploadedFile
from ninja.pagination import paginate

from consortia.core.api import (
    FILE_RESPONSE,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    Pages,
    anyone,
)
from consortia.core.http import private_download
from consortia.core.permissions import get_visible

from .. import selectors, services
from . import router
from .lookups import seen_project
from .schemas import UpdateOut


@router.get(
    "/projects/{uuid:project_id}/updates",
    response={200: list[UpdateOut], **LIST_ERRORS},
    auth=anyone,
    url_name="list_updates",
)
@paginate(Pages)
def list_updates(request: ApiRequest, project_id: UUID) -> Any:
    """Newest first."""
    project = seen_project(request, project_id)
    return (
        selectors.updates_visible_to(request.auth)
        .filter(project=project)
        .select_related("organisation")
        .prefetch_related("attachments")
    )


@router.post(
    "/projects/{uuid:project_id}/updates",
    response={201: UpdateOut, **WRITE_ERRORS},
    url_name="post_update",
)
def post_update(
    request: ApiRequest,
    project_id: UUID,
    text: str = Form(...),  # noqa: B008 - ninja's way to declare parameters
    files: list[UploadedFile] = File([]),  # noqa: B008
) -> Any:
    """Multipart: the ``text`` and any ``files`` (checked by their content). By members of the
    partner organisations and the operator."""
    project = seen_project(request, project_id)
    update = services.post_update(project, by=request.auth, text=text, files=files)
    return Status(201, update)


@router.get(
    "/projects/attachments/{uuid:attachment_id}",
    response=READ_ERRORS,
    auth=anyone,
    url_name="download_project_attachment",
    openapi_extra=FILE_RESPONSE,
)
def download_project_attachment(request: ApiRequest, attachment_id: UUID) -> FileResponse:
    """The file as a download of its checked type, for whoever sees the project."""
    attachment = get_visible(
        selectors.attachments_visible_to(request.auth), public_id=attachment_id
    )
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
