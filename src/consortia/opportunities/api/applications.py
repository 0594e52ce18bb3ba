"""Applying: start an application, answer the owner's form (multipart, with files), submit,
withdraw; one's organisations' applications; the answers' files. Confidential: an application
the caller may not read is 404 on every operation."""

from typing import Any
from uuid import UUID

from django.http import FileResponse
from ninja import Status
from ninja.pagination import paginate

from consortia.core.api import (
    FILE_RESPONSE,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    Pages,
)
from consortia.core.http import private_download
from consortia.core.permissions import get_visible
from consortia.directory.api import organisation_in_body

from .. import selectors, services
from . import router
from .lookups import (
    answers_in_form,
    my_applications,
    named_opportunity,
    visible_application,
)
from .schemas import ApplicationDetailOut, ApplicationOut, ApplyIn

ANSWERS_FORM = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "description": (
                        "One part per answer, named field_<question id>: the text, the choice, "
                        "the number or amount (with field_<id>_currency for money), or the "
                        "file for a file question. An empty value clears an answer."
                    ),
                    "additionalProperties": {
                        "oneOf": [{"type": "string"}, {"type": "string", "format": "binary"}]
                    },
                }
            }
        }
    }
}


@router.post(
    "/opportunities/{uuid:opportunity_id}/applications",
    response={201: ApplicationDetailOut, **WRITE_ERRORS},
    url_name="start_application",
)
def start_application(request: ApiRequest, opportunity_id: UUID, payload: ApplyIn) -> Any:
    """A draft for one of the caller's organisations, accepting the non-disclosure terms if
    the opportunity has them. One application per organisation."""
    opportunity = named_opportunity(request, opportunity_id)
    application = services.start_application(
        opportunity,
        by=request.auth,
        applicant=organisation_in_body(request, "applicant", payload.applicant),
        accept_nda=payload.accept_nda,
    )
    return Status(201, visible_application(request, application.public_id))


@router.get(
    "/opportunities/applications",
    response={200: list[ApplicationOut], **LIST_ERRORS},
    url_name="list_my_applications",
)
@paginate(Pages)
def list_my_applications(request: ApiRequest) -> Any:
    """The applications of the caller's organisations, latest submitted first."""
    return my_applications(request)


@router.get(
    "/opportunities/applications/{uuid:application_id}",
    response={200: ApplicationDetailOut, **READ_ERRORS},
    url_name="get_application",
)
def get_application(request: ApiRequest, application_id: UUID) -> Any:
    """With its answers; for the applicant's members, and once submitted the owner's admins and
    the reviewers."""
    return visible_application(request, application_id)


@router.post(
    "/opportunities/applications/{uuid:application_id}/answers",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    url_name="save_answers",
    openapi_extra=ANSWERS_FORM,
)
def save_answers(request: ApiRequest, application_id: UUID) -> Any:
    """Multipart: the answers given change, the others stay; files are checked by their
    content. All or nothing: a bad answer or file is a 422 naming it, and nothing is stored."""
    application = visible_application(request, application_id)
    values, files = answers_in_form(request, application)
    services.save_answers(application, by=request.auth, values=values, files=files)
    return visible_application(request, application_id)


@router.post(
    "/opportunities/applications/{uuid:application_id}/submit",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    url_name="submit_application",
)
def submit_application(request: ApiRequest, application_id: UUID) -> Any:
    """Draft → submitted: inside the window, when eligible, with every required answer."""
    services.submit_application(visible_application(request, application_id), by=request.auth)
    return visible_application(request, application_id)


@router.post(
    "/opportunities/applications/{uuid:application_id}/withdraw",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    url_name="withdraw_application",
)
def withdraw_application(request: ApiRequest, application_id: UUID) -> Any:
    """By the applicant's members, until it is decided."""
    services.withdraw_application(visible_application(request, application_id), by=request.auth)
    return visible_application(request, application_id)


@router.get(
    "/opportunities/answers/{uuid:answer_id}",
    response=READ_ERRORS,
    url_name="download_answer_file",
    openapi_extra=FILE_RESPONSE,
)
def download_answer_file(request: ApiRequest, answer_id: UUID) -> FileResponse:
    """An answer's file as a download of its checked type, for whoever reads the application."""
    answer = get_visible(selectors.answer_files_visible_to(request.auth), public_id=answer_id)
    return private_download(
        answer.file, filename=answer.original_name, content_type=answer.content_type
    )
