"""Notification kinds of opportunities, and who hears of each transition.

Applications are confidential, so every notification goes only to people who may open its
target, and its data holds only what they may read anyway: the opportunity's title, the
applicant's name, the new status and the reason the applicant is given (to the applicant's
members only). Scores, answers and reviewers' comments are never put in a notification.

The services call these functions inside the transaction of the transition, so a transition
that is refused or rolled back notifies nobody. The person who acted is not told of their own
action.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consortia.directory.models import Person
from consortia.directory.selectors import organisation_contacts
from consortia.messaging.kinds import NotificationKind, register
from consortia.messaging.services import notify

from .models import (
    Application,
    ApplicationStatus,
    Booking,
    Engagement,
    EngagementKind,
    Opportunity,
)

UNDECIDED = (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED)


def _decision(data: Mapping[str, Any]) -> dict[str, str]:
    words = {
        ApplicationStatus.SHORTLISTED: gettext("shortlisted"),
        ApplicationStatus.ACCEPTED: gettext("accepted"),
        ApplicationStatus.REJECTED: gettext("not accepted"),
    }
    reason = str(data.get("reason") or "")
    return {
        "status": words.get(data.get("status", ""), str(data.get("status", ""))),
        "reason": gettext("Reason: %(reason)s") % {"reason": reason} if reason else "",
    }


def _engagement(data: Mapping[str, Any]) -> dict[str, str]:
    kind = data.get("kind", "")
    label = str(EngagementKind(kind).label) if kind in EngagementKind.values else str(kind)
    event = data.get("event")
    if event == "booked":
        what = gettext(
            "%(desks)s desks and %(housing)s housing places booked from %(starts_on)s to "
            "%(ends_on)s"
        ) % {
            "desks": data.get("desks", 0),
            "housing": data.get("housing", 0),
            "starts_on": data.get("starts_on", ""),
            "ends_on": data.get("ends_on", ""),
        }
    elif event == "result":
        what = gettext("the result of the %(kind)s is recorded") % {"kind": label.lower()}
    else:
        what = gettext("the %(kind)s has started") % {"kind": label.lower()}
    return {"what": what}


APPLICATION_SUBMITTED = register(
    NotificationKind(
        "application.submitted",
        label=_("Applications to my organisation's opportunities"),
        summary=_("%(applicant)s applied to “%(opportunity)s”"),
    )
)
APPLICATION_WITHDRAWN = register(
    NotificationKind(
        "application.withdrawn",
        label=_("Applications withdrawn from my organisation's opportunities"),
        summary=_("%(applicant)s withdrew its application to “%(opportunity)s”"),
    )
)
APPLICATION_DECIDED = register(
    NotificationKind(
        "application.decided",
        label=_("Decisions on my organisation's applications"),
        summary=_(
            "The application of %(applicant)s to “%(opportunity)s” is %(status)s. %(reason)s"
        ),
        prepare=_decision,
    )
)
REVIEW_ASSIGNED = register(
    NotificationKind(
        "review.assigned",
        label=_("Opportunities I am asked to review"),
        summary=_("You review the applications to “%(opportunity)s” of %(owner)s"),
    )
)
ENGAGEMENT_UPDATED = register(
    NotificationKind(
        "engagement.updated",
        label=_("What follows my organisation's accepted applications"),
        summary=_("“%(opportunity)s”: %(what)s"),
        prepare=_engagement,
    )
)
OPPORTUNITY_CLOSED = register(
    NotificationKind(
        "opportunity.closed",
        label=_("Opportunities my organisation applied to are closed"),
        summary=_(
            "“%(opportunity)s” is closed; the application of %(applicant)s awaits a decision"
        ),
    )
)


def applicant_members(application: Application) -> list[Person]:
    """Everyone in the applicant organisation, whatever their role (active accounts only)."""
    return list(
        Person.objects.filter(
            memberships__organisation_id=application.applicant_id, user__is_active=True
        )
        .select_related("user")
        .distinct()
        .order_by("full_name", "id")
    )


def _about(application: Application) -> dict[str, Any]:
    return {
        "applicant": application.applicant.name,
        "opportunity": application.opportunity.title,
    }


def _tell(
    people: Iterable[Person], kind: str, target: Any, data: Mapping[str, Any], *, by: Any
) -> None:
    for person in people:
        if person.user_id != getattr(by, "pk", None):
            notify(person, kind, target, data)


def application_submitted(application: Application, *, by: Any) -> None:
    """To the owner's owners and admins, who see it from now on."""
    owner = application.opportunity.owner
    _tell(
        organisation_contacts(owner),
        APPLICATION_SUBMITTED.code,
        application,
        _about(application),
        by=by,
    )


def application_moved(application: Application, *, by: Any, previous: str) -> None:
    """After a decision or a withdrawal. A decision goes to the applicant's members; a
    withdrawal to the owner's admins, and only if they had seen the application (it had been
    submitted)."""
    if application.status == ApplicationStatus.WITHDRAWN:
        if previous in UNDECIDED:
            owner = application.opportunity.owner
            _tell(
                organisation_contacts(owner),
                APPLICATION_WITHDRAWN.code,
                application,
                _about(application),
                by=by,
            )
        return
    data = _about(application) | {
        "status": application.status,
        "reason": application.decision_reason
        if application.status != ApplicationStatus.SHORTLISTED
        else "",
    }
    _tell(applicant_members(application), APPLICATION_DECIDED.code, application, data, by=by)


def reviewer_assigned(opportunity: Opportunity, *, by: Any, user: Any) -> None:
    """To the new reviewer; the opportunity's page links to the applications they review."""
    person = Person.objects.filter(user_id=user.pk).select_related("user").first()
    if person is None:
        return
    data = {"opportunity": opportunity.title, "owner": opportunity.owner.name}
    _tell([person], REVIEW_ASSIGNED.code, opportunity, data, by=by)


def engagement_updated(
    engagement: Engagement, *, by: Any, event: str, booking: Booking | None = None
) -> None:
    """``event`` is ``started``, ``result`` or ``booked``; to the applicant's members."""
    application = engagement.application
    data: dict[str, Any] = _about(application) | {"event": event, "kind": engagement.kind}
    if booking is not None:
        data |= {
            "starts_on": booking.starts_on.isoformat(),
            "ends_on": booking.ends_on.isoformat(),
            "desks": booking.desks,
            "housing": booking.housing,
        }
    _tell(applicant_members(application), ENGAGEMENT_UPDATED.code, application, data, by=by)


def opportunity_closed(opportunity: Opportunity, *, by: Any) -> None:
    """To the members of every organisation whose submitted application awaits a decision."""
    waiting = opportunity.applications.filter(status__in=UNDECIDED).select_related(
        "applicant", "opportunity"
    )
    for application in waiting:
        _tell(
            applicant_members(application),
            OPPORTUNITY_CLOSED.code,
            application,
            _about(application),
            by=by,
        )
