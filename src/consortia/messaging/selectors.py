"""Every read of messaging. A conversation and all it holds is visible to its participants only."""

from datetime import UTC, datetime
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from consortia.core import search
from consortia.core.permissions import is_operator
from consortia.directory.models import Offer, Person
from consortia.directory.selectors import people_visible_to

from .models import (
    AbuseReport,
    Attachment,
    Block,
    ContactRequest,
    Conversation,
    Interest,
    Message,
    Notification,
    Participant,
)


def _person_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    person = getattr(user, "person", None)
    return person.pk if person is not None else None


def conversations_visible_to(user: Any) -> QuerySet[Conversation]:
    """Conversations the user takes part in. Nobody else, the operator included, sees them."""
    person_id = _person_id(user)
    if person_id is None:
        return Conversation.objects.none()
    return Conversation.objects.filter(
        Exists(Participant.objects.filter(conversation_id=OuterRef("pk"), person_id=person_id))
    )


def messages_visible_to(user: Any) -> QuerySet[Message]:
    return Message.objects.filter(conversation__in=conversations_visible_to(user))


def attachments_visible_to(user: Any) -> QuerySet[Attachment]:
    return Attachment.objects.filter(message__conversation__in=conversations_visible_to(user))


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_SEARCH_HITS = 5000


def _with_my_reading(queryset: QuerySet[Conversation], person_id: int) -> QuerySet[Conversation]:
    """Annotate ``my_last_read`` (the epoch when never read) for the unread subqueries."""
    mine = Participant.objects.filter(conversation_id=OuterRef("pk"), person_id=person_id)
    return queryset.annotate(
        my_last_read=Coalesce(
            Subquery(mine.values("last_read_at")[:1]), Value(EPOCH, output_field=DateTimeField())
        )
    )


def _unread_messages(person_id: int) -> QuerySet[Message]:
    """Messages of the outer conversation sent by others after this person last read it."""
    return Message.objects.filter(
        conversation_id=OuterRef("pk"), created_at__gt=OuterRef("my_last_read")
    ).exclude(sender_id=person_id)


def inbox(user: Any, *, q: str = "", archived: bool = False) -> QuerySet[Conversation]:
    """The user's conversations, newest activity first, with unread counts; ``q`` searches them."""
    person_id = _person_id(user)
    if person_id is None:
        return Conversation.objects.none()
    mine = Participant.objects.filter(conversation_id=OuterRef("pk"), person_id=person_id)
    queryset = conversations_visible_to(user).filter(
        Exists(mine.filter(archived_at__isnull=not archived))
    )
    if q:
        # Evaluated on its own: the full-text condition names its table, which a subquery aliases.
        in_messages = set(
            search.matching(
                Message.objects.filter(conversation__participants__person_id=person_id), q
            ).values_list("conversation_id", flat=True)[:MAX_SEARCH_HITS]
        )
        queryset = queryset.filter(Q(id__in=in_messages) | Q(subject__icontains=q.strip()))
    unread = (
        _unread_messages(person_id)
        .order_by()
        .values("conversation_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    last_message = Message.objects.filter(conversation_id=OuterRef("pk")).order_by(
        "-created_at", "-id"
    )
    return (
        _with_my_reading(queryset, person_id)
        .annotate(
            unread=Coalesce(Subquery(unread[:1]), 0),
            last_body=Subquery(last_message.values("body")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person").order_by("person__full_name"),
            )
        )
        .order_by(F("last_message_at").desc(), "-id")
    )


def unread_conversation_count(user: Any) -> int:
    person_id = _person_id(user)
    if person_id is None:
        return 0
    mine = Participant.objects.filter(
        conversation_id=OuterRef("pk"), person_id=person_id, archived_at__isnull=True
    )
    return (
        _with_my_reading(Conversation.objects.filter(Exists(mine)), person_id)
        .filter(Exists(_unread_messages(person_id)))
        .count()
    )


def conversation_detail(user: Any) -> QuerySet[Conversation]:
    return conversations_visible_to(user).prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("person__user").order_by(
                "person__full_name"
            ),
        )
    )


def thread(conversation: Conversation) -> QuerySet[Message]:
    """A conversation's messages in order; call only with a conversation from a visible queryset."""
    return (
        conversation.messages.select_related("sender")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def participation(user: Any, conversation: Conversation) -> Participant | None:
    person_id = _person_id(user)
    return conversation.participants.filter(person_id=person_id).first() if person_id else None


def people_reachable_by(user: Any) -> QuerySet[Person]:
    """Whom the user can name: people the directory shows them, and their correspondents.

    Someone without a verified organisation is hidden from the directory, yet the people they
    wrote to or asked for contact must still be able to answer, block or report them.
    """
    visible = people_visible_to(user)
    person_id = _person_id(user)
    if person_id is None:
        return visible.select_related("user")
    correspondents = Person.objects.filter(
        Exists(
            Participant.objects.filter(
                person_id=OuterRef("pk"), conversation__participants__person_id=person_id
            )
        )
        | Exists(ContactRequest.objects.filter(sender_id=OuterRef("pk"), recipient_id=person_id))
        | Exists(ContactRequest.objects.filter(recipient_id=OuterRef("pk"), sender_id=person_id))
    )
    return (visible | correspondents).select_related("user")


# --- Interests -----------------------------------------------------------------------------------
def interests_visible_to(user: Any) -> QuerySet[Interest]:
    """An expression of interest: its author, and the members of the organisation it was sent to."""
    person_id = _person_id(user)
    if person_id is None:
        return Interest.objects.none()
    return Interest.objects.filter(
        Q(person_id=person_id) | Q(offer__organisation__memberships__person_id=person_id)
    ).distinct()


def interests_in_offer(user: Any, offer: Offer) -> QuerySet[Interest]:
    return (
        interests_visible_to(user)
        .filter(offer=offer)
        .select_related("person", "organisation__country", "conversation")
    )


def interest_of(user: Any, offer: Offer) -> Interest | None:
    person_id = _person_id(user)
    if person_id is None:
        return None
    return (
        Interest.objects.filter(offer=offer, person_id=person_id)
        .select_related("conversation")
        .first()
    )


# --- Contact requests ------------------------------------------------------------------------------
def contact_requests_visible_to(user: Any) -> QuerySet[ContactRequest]:
    person_id = _person_id(user)
    if person_id is None:
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(Q(sender_id=person_id) | Q(recipient_id=person_id))


def blocked_by(user: Any) -> QuerySet[Block]:
    """The people the user has blocked."""
    return Block.objects.filter(blocker_id=_person_id(user)).select_related("blocked")


def incoming_contact_requests(user: Any) -> QuerySet[ContactRequest]:
    return (
        contact_requests_visible_to(user)
        .filter(recipient_id=_person_id(user), status=ContactRequest.Status.PENDING)
        .select_related("sender__country")
    )


def outgoing_contact_requests(user: Any) -> QuerySet[ContactRequest]:
    return (
        contact_requests_visible_to(user)
        .filter(sender_id=_person_id(user))
        .select_related("recipient__country", "conversation")
    )


def contact_request_between(user: Any, recipient_id: int) -> ContactRequest | None:
    """The latest request the user sent to this person, if any."""
    return outgoing_contact_requests(user).filter(recipient_id=recipient_id).first()


# --- Notifications ---------------------------------------------------------------------------------
def notifications_visible_to(user: Any) -> QuerySet[Notification]:
    person_id = _person_id(user)
    if person_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=person_id)


def unread_notification_count(user: Any) -> int:
    return notifications_visible_to(user).filter(read_at__isnull=True).count()


# --- Reports -----------------------------------------------------------------------------------
def reports_visible_to(user: Any) -> QuerySet[AbuseReport]:
    """The operator sees every report; a person, the reports they made."""
    if is_operator(user):
        return AbuseReport.objects.all()
    person_id = _person_id(user)
    if person_id is None:
        return AbuseReport.objects.none()
    return AbuseReport.objects.filter(reporter_id=person_id)


def open_reports(user: Any) -> QuerySet[AbuseReport]:
    return (
        reports_visible_to(user)
        .filter(status=AbuseReport.Status.OPEN)
        .select_related("reporter", "reported__user")
        .order_by("created_at", "id")
    )
