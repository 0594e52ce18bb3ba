"""Recommendations over REST: the same selectors and services as the pages. Each suggestion
carries its reasons as text (in the caller's language) and as data. Subjects and items are
named by profile keys (``organisation:<uuid>``, ``participant:<uuid>``, ``opportunity:<uuid>``;
items also ``offer:`` and ``event:``). Asking for another organisation's suggestions, or a
participant or opportunity one does not act for, is 404."""

from typing import Any, Literal
from uuid import UUID

from ninja import Field, Query, Router, Schema, Status

from consortia.core.api import LIST_ERRORS, WRITE_ERRORS, ApiRequest
from consortia.core.permissions import NotVisible

from . import selectors, services, sources

router = Router(tags=["recommendations"])
Section = Literal["partners", "offers", "opportunities", "events"]


class ReasonOut(Schema):
    kind: str = Field(
        ..., description="offers, seeks, offer_text, seek_text, topics, roles, border, similar"
    )
    text: str = Field(..., description="in the caller's language")
    topics: list[str] = Field(..., description="taxonomy codes named")
    countries: list[str]
    title: str = Field(..., description="the other side's offer or need, for offer_text/seek_text")


class SuggestionOut(Schema):
    item: str = Field(..., description="profile key: <kind>:<uuid>")
    kind: str = Field(..., description="organisation, offer, opportunity, event or participant")
    id: UUID
    title: str
    url: str = Field(..., description="its page; empty for a B2B participant")
    section: str = Field("", description="for an organisation: partners, offers, …")
    score: float
    reasons: list[ReasonOut]


class RecommendationsQuery(Schema):
    organisation: UUID | None = Field(None, description="one of the caller's; else their first")
    section: Section | None = None
    k: int = Field(5, ge=1, le=50)


class CountQuery(Schema):
    k: int = Field(10, ge=1, le=50)


class MarkIn(Schema):
    subject: str = Field(..., max_length=64, description="organisation:, participant:, opportunity:")
    item: str = Field(..., max_length=64, description="the suggestion's key")


class MarkOut(Schema):
    subject: str
    item: str
    title: str


def _out(suggestion: selectors.Suggestion, section: str = "") -> dict[str, Any]:
    obj = suggestion.obj
    if suggestion.source == "participant":
        title, url = obj.organisation.name, ""
    else:
        title = getattr(obj, "name", None) or obj.title
        url = obj.get_absolute_url()
    return {
        "item": suggestion.key,
        "kind": suggestion.source,
        "id": obj.public_id,
        "title": title,
        "url": url,
        "section": section,
        "score": suggestion.score,
        "reasons": [
            {
                "kind": why.kind,
                "text": text,
                "topics": list(why.topics),
                "countries": [c for c in why.countries if c],
                "title": why.title,
            }
            for why, text in zip(suggestion.why, suggestion.reasons, strict=True)
        ],
    }


@router.get(
    "/recommendations",
    response={200: list[SuggestionOut], **LIST_ERRORS},
    url_name="list_recommendations",
)
def list_recommendations(request: ApiRequest, query: Query[RecommendationsQuery]) -> Any:
    """ "Recommended for you": partners, offers and needs, opportunities and events for one of
    the caller's organisations, best first within each section."""
    organisations = selectors.my_organisations(request.auth)
    if query.organisation is not None:
        organisations = [o for o in organisations if o.public_id == query.organisation]
    if not organisations:
        raise NotVisible
    organisation = organisations[0]
    services.refresh_profile(organisation)
    wanted = [query.section] if query.section else list(selectors.SECTIONS)
    found = selectors.recommendations_for(request.auth, organisation, sections=wanted, k=query.k)
    return [_out(s, section) for section in wanted for s in found[section]]


@router.get(
    "/b2b/participants/{uuid:participant_id}/suggestions",
    response={200: list[SuggestionOut], **LIST_ERRORS},
    url_name="list_meeting_suggestions",
)
def list_meeting_suggestions(
    request: ApiRequest, participant_id: UUID, query: Query[CountQuery]
) -> Any:
    """Participants of the same session the caller's participant might ask for a meeting (not
    those already asked, asking, or marked "do not meet")."""
    participant = selectors.subject_named(request.auth, f"participant:{participant_id}")
    services.refresh_profile(participant)
    return [_out(s) for s in selectors.suggested_meetings(participant, k=query.k)]  # type: ignore[arg-type]


@router.get(
    "/opportunities/{uuid:opportunity_id}/suggested-applicants",
    response={200: list[SuggestionOut], **WRITE_ERRORS},
    url_name="list_suggested_applicants",
)
def list_suggested_applicants(
    request: ApiRequest, opportunity_id: UUID, query: Query[CountQuery]
) -> Any:
    """Eligible verified organisations that have not applied, for the opportunity's managers."""
    opportunity = selectors.managed_opportunity(request.auth, opportunity_id)
    services.refresh_profile(opportunity)
    return [_out(s) for s in selectors.suggested_applicants(request.auth, opportunity, k=query.k)]


class SubjectQuery(Schema):
    subject: str = Field(..., max_length=64)


@router.get(
    "/recommendations/not-interested",
    response={200: list[MarkOut], **LIST_ERRORS},
    url_name="list_not_interested",
)
def list_not_interested(request: ApiRequest, query: Query[SubjectQuery]) -> Any:
    """What the subject marked "not interested", newest first."""
    subject = selectors.subject_named(request.auth, query.subject)
    return [
        {"subject": mark.subject, "item": mark.item, "title": title}
        for mark, title in selectors.dismissed_titled(subject)
    ]


@router.put(
    "/recommendations/not-interested",
    response={204: None, **WRITE_ERRORS},
    url_name="mark_not_interested",
)
def mark_not_interested(request: ApiRequest, payload: MarkIn) -> Any:
    """Stop suggesting ``item`` to ``subject`` (for its whole team). Saying it twice is fine."""
    subject = selectors.subject_named(request.auth, payload.subject)
    services.mark_not_interested(subject, payload.item, by=request.auth)
    return Status(204, None)


@router.delete(
    "/recommendations/not-interested",
    response={204: None, **WRITE_ERRORS},
    url_name="undo_not_interested",
)
def undo_not_interested(request: ApiRequest, payload: MarkIn) -> Any:
    """Suggest ``item`` to ``subject`` again."""
    subject = selectors.subject_named(request.auth, payload.subject)
    services.undo_not_interested(subject, payload.item, by=request.auth)
    return Status(204, None)


__all__ = ["router", "sources"]
