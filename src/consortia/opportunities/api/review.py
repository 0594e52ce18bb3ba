"""The owner's side: the applications to review, their ranking, a reviewer's scores and the
decisions. Only the owner's admins and the reviewers learn who applied."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja.pagination import paginate

from consortia.core.api import LIST_ERRORS, WRITE_ERRORS, ApiRequest, Pages
from consortia.core.permissions import require

from .. import policies, selectors, services
from ..models import Application
from . import router
from .lookups import reviewed_opportunity, scores_in_body, visible_application
from .schemas import ApplicationDetailOut, ApplicationOut, DecisionIn, RankedOut, ScoreOut, ScoresIn


@router.get(
    "/opportunities/{uuid:opportunity_id}/applications",
    response={200: list[ApplicationOut], **LIST_ERRORS},
    url_name="list_applications_for_review",
)
@paginate(Pages)
def list_applications_for_review(request: ApiRequest, opportunity_id: UUID) -> Any:
    """The submitted applications (never drafts or withdrawn ones), latest submitted first; for
    the owner's admins and the reviewers, 404 for anyone else."""
    opportunity = reviewed_opportunity(request, opportunity_id)
    return selectors.applications_for_review(request.auth, opportunity).select_related(
        "opportunity__owner", "engagement"
    )


@router.get(
    "/opportunities/{uuid:opportunity_id}/ranking",
    response={200: list[RankedOut], **LIST_ERRORS},
    url_name="rank_applications",
)
@paginate(Pages)
def rank_applications(request: ApiRequest, opportunity_id: UUID) -> Any:
    """By weighted score, highest first, unscored last: per criterion the mean of the reviewers'
    scores over its scale, weighted, times 100 — exact to 0.01, as a decimal string."""
    opportunity = reviewed_opportunity(request, opportunity_id)
    applications = selectors.applications_for_review(request.auth, opportunity).select_related(
        "opportunity__owner", "engagement"
    )
    return [
        {
            "position": position,
            "application": ranked.application,
            "score": None if ranked.score is None else str(ranked.score),
            "reviewers": ranked.reviewers,
        }
        for position, ranked in enumerate(
            selectors.ranking(opportunity, list(applications)), start=1
        )
    ]


def _reviewing(request: ApiRequest, application_id: UUID) -> Application:
    application = visible_application(request, application_id)
    require(
        policies.is_reviewer(request.auth, application.opportunity),
        _("Only the assigned reviewers score applications."),
    )
    return application


@router.get(
    "/opportunities/applications/{uuid:application_id}/scores",
    response={200: list[ScoreOut], **WRITE_ERRORS},
    url_name="list_my_scores",
)
@paginate(Pages)
def list_my_scores(request: ApiRequest, application_id: UUID) -> Any:
    """The caller's own scores of the application, as its reviewer, in the rubric's order."""
    application = _reviewing(request, application_id)
    return application.scores.filter(reviewer=request.auth).order_by(
        "criterion__position", "criterion_id"
    )


@router.put(
    "/opportunities/applications/{uuid:application_id}/scores",
    response={200: list[ScoreOut], **WRITE_ERRORS},
    url_name="score_application",
)
def score_application(request: ApiRequest, application_id: UUID, payload: ScoresIn) -> Any:
    """A score (0 to the criterion's scale) and a comment per criterion; scoring a criterion
    again replaces the caller's earlier score. Never one's own organisation's application."""
    application = _reviewing(request, application_id)
    scores = scores_in_body(application, payload.scores)
    return services.score_application(application, by=request.auth, scores=scores)


DECISIONS: dict[str, Callable[[Application, Any, str], Application]] = {
    "shortlist": lambda item, by, reason: services.shortlist_application(item, by=by),
    "accept": lambda item, by, reason: services.accept_application(item, by=by, reason=reason),
    "reject": lambda item, by, reason: services.reject_application(item, by=by, reason=reason),
}


@router.post(
    "/opportunities/applications/{uuid:application_id}/decision",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    url_name="decide_application",
)
def decide_application(request: ApiRequest, application_id: UUID, payload: DecisionIn) -> Any:
    """By the owner's admins: shortlist, accept (while places remain) or reject with a reason
    the applicant reads."""
    application = visible_application(request, application_id)
    DECISIONS[payload.decision](application, request.auth, payload.reason)
    return visible_application(request, application_id)
