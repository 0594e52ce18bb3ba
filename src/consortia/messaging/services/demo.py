"""Demo conversations, so the demo inbox shows the platform at work. Never run on a real deployment."""

from datetime import timedelta

from django.db import transaction

from consortia.core import clock
from consortia.directory.models import Offer, Organisation, Person, Role
from consortia.directory.services import publish_offer

from ..models import Conversation, Interest
from .contacts import request_contact
from .conversations import send_message, start_conversation
from .interests import express_interest

_DEMO_OWNER = "owner@demo.consortia.example"
_DEMO_ADMIN = "admin@demo.consortia.example"
_DEMO_MEMBER = "member@demo.consortia.example"
_CLUSTER = "Moscow Innovation Cluster"
_OFFER_TITLE = "Пилотные площадки для решений «умного города»"
_COLLEAGUES_SUBJECT = "BRICS innovation forum: who comes to the B2B day?"


def _person(email: str) -> Person | None:
    return Person.objects.select_related("user").filter(user__email=email).first()


def _foreign_person(country: str, kind: str, *, skip: int = 0) -> Person | None:
    """A generated member of a verified organisation of this country and kind."""
    return (
        Person.objects.select_related("user")
        .filter(
            memberships__organisation__country_id=country,
            memberships__organisation__kind=kind,
            memberships__organisation__verification_status="verified",
            memberships__role=Role.OWNER,
            user__is_active=True,
        )
        .order_by("id")[skip : skip + 1]
        .first()
    )


def ensure_demo_conversations() -> int:
    """Create the demo conversations once; returns how many were created (0 when already there)."""
    owner, admin, member = _person(_DEMO_OWNER), _person(_DEMO_ADMIN), _person(_DEMO_MEMBER)
    cluster = Organisation.objects.filter(name=_CLUSTER).first()
    if owner is None or admin is None or member is None or cluster is None:
        return 0
    if Conversation.objects.filter(subject=_COLLEAGUES_SUBJECT).exists():
        return 0
    created = 0
    with transaction.atomic():
        offer = Offer.objects.filter(organisation=cluster, title=_OFFER_TITLE).first()
        if offer is None:
            offer = publish_offer(
                cluster,
                by=admin.user,
                kind="technology_request",
                title=_OFFER_TITLE,
                description=(
                    "Кластер ищет стартапы из стран-партнёров для пилотирования решений умного "
                    "города на площадках Москвы: мониторинг транспорта, энергосбережение, "
                    "цифровые сервисы для жителей."
                ),
                language="ru",
                expires_on=clock.today() + timedelta(days=120),
                topics=["smart-city"],
                target_countries=["KZ", "BY", "UZ", "CN"],
            )
        startup = _foreign_person("KZ", "startup")
        if (
            startup is not None
            and not Interest.objects.filter(offer=offer, person=startup).exists()
        ):
            interest = express_interest(
                offer,
                by=startup.user,
                kind="supply",
                message=(
                    "Здравствуйте! Мы делаем систему учёта пассажиропотока на компьютерном зрении, "
                    "работает в Алматы с 2024 года. Готовы к пилоту в Москве."
                ),
            )
            send_message(
                interest.conversation,
                by=admin.user,
                body=(
                    "Спасибо! Пришлите, пожалуйста, презентацию и результаты пилота в Алматы — "
                    "обсудим площадку на следующей неделе."
                ),
            )
            created += 1
        start_conversation(
            by=owner.user,
            recipients=[admin, member],
            subject=_COLLEAGUES_SUBJECT,
            body="Please list the partners you want to meet at the forum; slots close on Friday.",
        )
        created += 1
        investor = _foreign_person("CN", "investor") or _foreign_person("CN", "corporation")
        if investor is not None:
            request_contact(
                member,
                by=investor.user,
                message="We invest in Russian and Central Asian deep-tech startups. Could we talk?",
            )
            created += 1
    return created
