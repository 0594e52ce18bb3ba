"""Who may record, change and post about projects. Plain predicates."""

from typing import Any

from consortia.core.permissions import is_operator
from consortia.directory import policies as directory

from .models import Project


def _partner_memberships(user: Any, project: Project) -> list[Any]:
    memberships = directory.memberships_by_organisation(user)
    return [
        memberships[partner.organisation_id]
        for partner in project.partners.all()
        if partner.organisation_id in memberships
    ]


def can_record_project(user: Any) -> bool:
    """The operator, or an admin of a verified organisation (who records their own projects)."""
    return is_operator(user) or any(
        m.can_manage and m.organisation.is_verified
        for m in directory.memberships_by_organisation(user).values()
    )


def can_edit_project(user: Any, project: Project) -> bool:
    """The operator, or an admin of a partner organisation (uses prefetched partners)."""
    return is_operator(user) or any(m.can_manage for m in _partner_memberships(user, project))


def can_post_update(user: Any, project: Project) -> bool:
    """The operator, or any member of a partner organisation."""
    return is_operator(user) or bool(_partner_memberships(user, project))


def can_enter_rates(user: Any) -> bool:
    return is_operator(user)
