from datetime import timedelta

import factory

from consortia.core import clock
from consortia.directory.models import (
    Country,
    Membership,
    Offer,
    OfferKind,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    Topic,
    VerificationStatus,
)
from consortia.directory.services import offer_document, organisation_document, person_document

from .accounts import UserFactory


def country(code: str) -> Country:
    return Country.objects.get(code=code)


def topic(code: str) -> Topic:
    return Topic.objects.get(code=code)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")
    title = "Engineer"
    time_zone = "Europe/Moscow"

    @factory.post_generation
    def index(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.search_document = person_document(
                self, list(self.memberships.values_list("organisation__name", flat=True))
            )
            self.save(update_fields=["search_document"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.CORPORATION
    country = factory.LazyFunction(lambda: country("RU"))
    city = "Moscow"
    description = "Builds things."
    language = "en"
    contact_email = factory.Sequence(lambda n: f"contact{n}@org.example")
    verification_status = VerificationStatus.VERIFIED
    verified_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def topics(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if not create:
            return
        topic_objects = [topic(code) for code in extracted or []]
        self.topics.set(topic_objects)
        self.search_document = organisation_document(self, topic_objects)
        self.save(update_fields=["search_document"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = OfferKind.TECHNOLOGY_OFFER
    title = factory.Sequence(lambda n: f"Offer {n}")
    description = "A useful technology."
    language = "en"
    expires_on = factory.LazyFunction(lambda: clock.today() + timedelta(days=60))

    @factory.post_generation
    def topics(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if not create:
            return
        topic_objects = [topic(code) for code in extracted or []]
        self.topics.set(topic_objects)
        self.search_document = offer_document(self, topic_objects)
        self.save(update_fields=["search_document"])
