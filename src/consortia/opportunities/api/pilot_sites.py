"""The registry of pilot sites: places where corporations, cities and parks let solutions be
tested. Public for sites of verified organisations; described by the owner's admins."""

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from consortia.core.api import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, ApiRequest, Pages, anyone
from consortia.core.permissions import require
from consortia.directory.api import organisation_in_body

from .. import policies, services
from . import router
from .lookups import named_pilot_site, pilot_site_list
from .schemas import PilotSiteIn, PilotSiteOut, PilotSitePatch, PilotSiteQuery


@router.get(
    "/pilot-sites",
    response={200: list[PilotSiteOut], **LIST_ERRORS},
    auth=anyone,
    url_name="list_pilot_sites",
)
@paginate(Pages)
def list_pilot_sites(request: ApiRequest, query: Query[PilotSiteQuery]) -> Any:
    """The sites the caller may see, by name."""
    return pilot_site_list(request, query)


@router.post(
    "/pilot-sites", response={201: PilotSiteOut, **WRITE_ERRORS}, url_name="create_pilot_site"
)
def create_pilot_site(request: ApiRequest, payload: PilotSiteIn) -> Any:
    """A site of ``owner``, by the admins of the verified owner or the operator."""
    site = services.create_pilot_site(
        by=request.auth,
        owner=organisation_in_body(request, "owner", payload.owner),
        **payload.dict(exclude={"owner"}),
    )
    return Status(201, named_pilot_site(request, site.public_id))


@router.get(
    "/pilot-sites/{uuid:site_id}",
    response={200: PilotSiteOut, **READ_ERRORS},
    auth=anyone,
    url_name="get_pilot_site",
)
def get_pilot_site(request: ApiRequest, site_id: UUID) -> Any:
    return named_pilot_site(request, site_id)


@router.patch(
    "/pilot-sites/{uuid:site_id}",
    response={200: PilotSiteOut, **WRITE_ERRORS},
    url_name="update_pilot_site",
)
def update_pilot_site(request: ApiRequest, site_id: UUID, payload: PilotSitePatch) -> Any:
    """Only the fields given change."""
    site = named_pilot_site(request, site_id)
    require(
        policies.can_manage_site(request.auth, site),
        _("Only the owner's admins or the operator change its pilot sites."),
    )
    changes = payload.dict(exclude_unset=True)
    if "topics" in changes and changes["topics"] is None:
        changes["topics"] = []
    services.update_pilot_site(site, by=request.auth, **changes)
    return named_pilot_site(request, site_id)
