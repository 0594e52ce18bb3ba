"""Loading many directory objects at once: the seed world and generated members.

These write with bulk_create for speed (150,000 organisations in minutes), but build search
documents with the same functions as the one-by-one services, and leave one audit event per load.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from consortia.accounts.models import User
from consortia.core import audit, clock
from consortia.core.models import AuditEvent

from ..generation import GeneratedOrganisation, generate_world
from ..models import Country, Membership, Offer, Organisation, Person, Topic, VerificationStatus
from ..reference import sync_countries, sync_topics
from ..selectors import forget_reference_labels
from .search_documents import offer_document, organisation_document, person_document

SEED_WORLD = Path(__file__).resolve().parent.parent / "data" / "seed_world.json"


@dataclass(frozen=True)
class LoadResult:
    created: int
    skipped: int


def sync_reference_data() -> None:
    """Bring countries and topics up to date with the data shipped in this version."""
    with transaction.atomic():
        sync_countries(Country)
        sync_topics(Topic)
    forget_reference_labels()


def load_seed_world(*, path: Path = SEED_WORLD) -> LoadResult:
    """The real organisations named in the seed documents, verified. Safe to run again."""
    rows = json.loads(path.read_text(encoding="utf-8"))["organisations"]
    countries = {c.code: c for c in Country.objects.all()}
    topics = {t.code: t for t in Topic.objects.all()}
    existing = set(
        Organisation.objects.filter(name__in=[r["name"] for r in rows]).values_list(
            "name", flat=True
        )
    )
    created = 0
    with transaction.atomic():
        for row in rows:
            if row["name"] in existing:
                continue
            organisation = Organisation(
                name=row["name"],
                other_names=row.get("name_ru", ""),
                kind=row["kind"],
                country=countries[row["country"]],
                city=row.get("city", ""),
                website=row.get("website", ""),
                description=row["description"],
                language=row["language"],
                verification_status=VerificationStatus.VERIFIED,
                verified_at=clock.now(),
            )
            row_topics = [topics[code] for code in row["topics"]]
            organisation.search_document = organisation_document(organisation, row_topics)
            organisation.save()
            organisation.topics.set(row_topics)
            created += 1
        if created:
            audit.record("directory.seed_world_loaded", data={"created": created})
    return LoadResult(created=created, skipped=len(rows) - created)


def generated_so_far(seed: int) -> int:
    """How many generated organisations of this seed are already loaded (loads append)."""
    events = AuditEvent.objects.filter(action="directory.generated", data__seed=seed)
    return max((event.data.get("total", 0) for event in events), default=0)


def load_generated(
    count: int,
    *,
    seed: int,
    batch_size: int = 2000,
    progress: Callable[[int], Any] | None = None,
) -> LoadResult:
    """Generate and load ``count`` members (with people and offers). Running it again with the same
    seed only adds what is missing, since the generator yields the same world in the same order."""
    already = generated_so_far(seed)
    if already >= count:
        return LoadResult(created=0, skipped=count)
    countries = {c.code: c for c in Country.objects.all()}
    topics = {t.code: t for t in Topic.objects.filter(parent__isnull=False)}
    world = islice(generate_world(count, seed=seed, topics=sorted(topics)), already, None)
    loaded = already
    if progress:
        progress(already)
    for batch in _batches(world, batch_size):
        with transaction.atomic():
            _load_batch(batch, countries, topics)
            loaded += len(batch)
            audit.record(
                "directory.generated", data={"seed": seed, "total": loaded, "batch": len(batch)}
            )
        if progress:
            progress(len(batch))
    _refresh_statistics()
    return LoadResult(created=loaded - already, skipped=already)


def _refresh_statistics() -> None:
    """Let the query planner see the new table sizes (SQLite has no statistics until ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _batches(
    items: Iterable[GeneratedOrganisation], size: int
) -> Iterator[list[GeneratedOrganisation]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _load_batch(
    batch: list[GeneratedOrganisation], countries: dict[str, Country], topics: dict[str, Topic]
) -> None:
    now = clock.now()
    today = now.date()
    unusable = make_password(None)
    organisations = []
    for item in batch:
        organisation = Organisation(
            name=item.name,
            kind=item.kind,
            country=countries[item.country],
            city=item.city,
            website=item.website,
            description=item.description,
            language=item.language,
            stage=item.stage,
            founded_year=item.founded_year,
            verification_status=VerificationStatus.VERIFIED,
            verified_at=now,
            created_at=now,
            updated_at=now,
        )
        organisation.search_document = organisation_document(
            organisation, [topics[c] for c in item.topics]
        )
        organisations.append(organisation)
    Organisation.objects.bulk_create(organisations)
    Organisation.topics.through.objects.bulk_create(
        [
            Organisation.topics.through(organisation_id=organisation.pk, topic_id=topics[code].pk)
            for organisation, item in zip(organisations, batch, strict=True)
            for code in item.topics
        ]
    )
    people_items = [
        (organisation, member)
        for organisation, item in zip(organisations, batch, strict=True)
        for member in item.people
    ]
    users = User.objects.bulk_create(
        [User(email=member.email, password=unusable, date_joined=now) for _, member in people_items]
    )
    people = []
    for user, (organisation, member) in zip(users, people_items, strict=True):
        person = Person(
            user=user,
            full_name=member.full_name,
            title=member.title,
            country=countries[member.country],
            languages=member.languages,
            time_zone=member.time_zone,
            ui_language=member.ui_language,
            created_at=now,
            updated_at=now,
        )
        person.search_document = person_document(person, [organisation.name])
        people.append(person)
    Person.objects.bulk_create(people)
    Membership.objects.bulk_create(
        [
            Membership(
                person=person,
                organisation=organisation,
                role=item.role,
                created_at=now,
                updated_at=now,
            )
            for person, (organisation, item) in zip(people, people_items, strict=True)
        ]
    )
    offer_items = [
        (organisation, offer)
        for organisation, item in zip(organisations, batch, strict=True)
        for offer in item.offers
    ]
    offers = []
    for organisation, generated_offer in offer_items:
        offer = Offer(
            organisation=organisation,
            kind=generated_offer.kind,
            title=generated_offer.title,
            description=generated_offer.description,
            language=generated_offer.language,
            expires_on=today + timedelta(days=generated_offer.expires_in_days),
            created_at=now,
            updated_at=now,
        )
        offer.search_document = offer_document(offer, [topics[c] for c in generated_offer.topics])
        offers.append(offer)
    Offer.objects.bulk_create(offers)
    Offer.topics.through.objects.bulk_create(
        [
            Offer.topics.through(offer_id=offer.pk, topic_id=topics[code].pk)
            for offer, (_, item) in zip(offers, offer_items, strict=True)
            for code in item.topics
        ]
    )
    Offer.target_countries.through.objects.bulk_create(
        [
            Offer.target_countries.through(offer_id=offer.pk, country_id=code)
            for offer, (_, item) in zip(offers, offer_items, strict=True)
            for code in item.target_countries
        ]
    )
