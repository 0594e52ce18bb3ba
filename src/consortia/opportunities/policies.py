"""Who may publish, apply, review and decide. Plain predicates."""

from typing import Any

from consortia.core.permissions import is_operator
from consortia.directory import policies as directory
from consortia.directory.models import Organisation

from .models import Application, Opportunity, PilotSite


def _membership(user: Any, organisation_id: int) -> Any:
    return directory.memberships_by_organisation(user).get(organisation_id)


def can_publish_for(user: Any, owner: Organisation) -> bool:
    """The operator, or an admin of the verified owner organisation."""
    if is_operator(user):
        return True
    membership = _membership(user, owner.pk)
    return membership is not None and membership.can_manage and owner.is_verified


def can_manage(user: Any, opportunity: Opportunity) -> bool:
    """The owner's admins (and the operator): edit, assign reviewers, decide."""
    if is_operator(user):
        return True
    membership = _membership(user, opportunity.owner_id)
    return membership is not None and membership.can_manage


def can_manage_site(user: Any, site: PilotSite) -> bool:
    """The site owner's admins (and the operator) change its description."""
    if is_operator(user):
        return True
    membership = _membership(user, site.owner_id)
    return membership is not None and membership.can_manage


def is_reviewer(user: Any, opportunity: Opportunity) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(reviewer.user_id == user.pk for reviewer in opportunity.reviewers.all())


def can_apply_for(user: Any, applicant: Organisation) -> bool:
    """Any member of the applying organisation prepares and submits its application."""
    return _membership(user, applicant.pk) is not None


def can_edit_application(user: Any, application: Application) -> bool:
    return _membership(user, application.applicant_id) is not None


def can_review(user: Any, application: Application) -> bool:
    """An assigned reviewer who is not a member of the applicant organisation."""
    return is_reviewer(user, application.opportunity) and (
        _membership(user, application.applicant_id) is None
    )
