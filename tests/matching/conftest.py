"""A small two-country world for recommendations: organisation A (Russia) needs a parcel
sorting robot and says so in Russian; an English and a Chinese startup offer one; a Brazilian
bakery offers bread. Objects A's people may not open (a pending organisation, its offer, another
owner's draft opportunity) say the same as the best matches, so leaking them would show."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from consortia.core import clock
from consortia.directory.models import Offer, OfferKind, Organisation, VerificationStatus
from consortia.opportunities.models import Opportunity
from tests.conftest import World
from tests.factories.directory import OfferFactory, OrganisationFactory, country
from tests.opportunities.conftest import draft, publish

NEED_RU = (
    "Ищем робота для сортировки посылок",
    "Почтовый оператор ищет роботизированную систему автоматической сортировки посылок и "
    "почтовых отправлений для сортировочного центра.",
)
OFFER_EN = (
    "Parcel sorting robots for postal hubs",
    "Our robotic system sorts parcels and postal items automatically in sorting centres, "
    "with computer vision reading the labels.",
)
OFFER_ZH = ("邮政包裹分拣机器人", "我们的机器人系统在分拣中心自动分拣包裹和邮件，用计算机视觉识别面单。")
BREAD = ("Fresh bread for cafés", "Our bakery delivers sourdough bread and pastries every morning.")


@dataclass
class Market:
    world: World
    need: Offer
    offer_en: Offer
    offer_zh: Offer
    bread: Offer
    hidden_org: Organisation
    hidden_offer: Offer
    open_call: Opportunity
    draft_call: Opportunity


def _offer(org: Organisation, text: tuple[str, str], language: str, **fields: Any) -> Offer:
    title, description = text
    return OfferFactory(
        organisation=org, title=title, description=description, language=language, **fields
    )


@pytest.fixture
def market(world: World) -> Market:
    a = world.org_a
    a.description = "Почтовый и логистический оператор: доставка и сортировка отправлений."
    a.language = "ru"
    a.save()
    need = _offer(a, NEED_RU, "ru", kind=OfferKind.TECHNOLOGY_REQUEST, topics=["robotics"])
    london = OrganisationFactory(
        name="SortBot Ltd", kind="startup", country=country("GB"), description=OFFER_EN[1],
        topics=["robotics"],
    )
    shenzhen = OrganisationFactory(
        name="深圳分拣科技", kind="startup", country=country("CN"), language="zh",
        description=OFFER_ZH[1], topics=["robotics"],
    )
    bakery = OrganisationFactory(
        name="Padaria Boa", kind="startup", country=country("BR"), description=BREAD[1]
    )
    hidden = OrganisationFactory(
        name="Hidden Sorting Robots", kind="startup", country=country("DE"),
        description=OFFER_EN[1], topics=["robotics"],
        verification_status=VerificationStatus.PENDING, verified_at=None,
    )
    far = clock.now() + timedelta(days=90)
    call = {"title": "Robotic parcel sorting pilot", "description": OFFER_EN[1],
            "kind": "pilot_request", "opens_at": clock.now() - timedelta(days=1), "closes_at": far,
            "topics": ["robotics"]}
    return Market(
        world=world,
        need=need,
        offer_en=_offer(london, OFFER_EN, "en", topics=["robotics"]),
        offer_zh=_offer(shenzhen, OFFER_ZH, "zh", topics=["robotics"]),
        bread=_offer(bakery, BREAD, "en"),
        hidden_org=hidden,
        hidden_offer=_offer(hidden, OFFER_EN, "en", topics=["robotics"]),
        open_call=publish(world, by="operator", owner=world.org_b, **call),
        draft_call=draft(world, by="operator", owner=world.org_b, **call),
    )
