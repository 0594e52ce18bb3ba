from django.contrib.auth import authenticate

from consortia.core.models import AuditEvent
from consortia.directory.models import Membership, Offer, Organisation, Person, VerificationStatus
from consortia.directory.selectors import DirectoryFilters, organisation_list
from consortia.directory.services.bulk import load_generated, load_seed_world
from consortia.directory.services.demo import ensure_demo_logins


def test_seed_world_loads_the_seed_organisations_once(db):
    first = load_seed_world()
    second = load_seed_world()

    names = set(Organisation.objects.values_list("name", flat=True))
    assert (first.created, second.created) == (42, 0)
    assert {
        "Moscow Innovation Cluster",
        "Russian Post",
        "Integral",
        "APEBI Federation",
        "Digital Philippines",
    } <= names
    assert not Organisation.objects.exclude(
        verification_status=VerificationStatus.VERIFIED
    ).exists()


def test_seed_world_is_searchable_in_russian(db):
    load_seed_world()

    found = [o.name for o in organisation_list(None, DirectoryFilters(q="кластер"))]

    assert "Moscow Innovation Cluster" in found


def test_generated_members_append_without_duplicates(db):
    load_generated(20, seed=3)

    again = load_generated(25, seed=3)

    assert (again.created, again.skipped) == (5, 20)
    assert Organisation.objects.count() == 25
    assert Person.objects.count() == Membership.objects.count() > 25
    assert Offer.objects.exists()
    assert AuditEvent.objects.filter(action="directory.generated").count() == 2


def test_demo_logins_sign_in_and_include_a_pending_application(db):
    load_seed_world()

    logins = {login.role: login for login in ensure_demo_logins()}
    ensure_demo_logins()  # again: resets passwords, adds nothing

    assert authenticate(
        email=logins["operator"].email, password=logins["operator"].password
    ).is_staff
    assert (
        authenticate(email=logins["member"].email, password=logins["member"].password) is not None
    )
    assert logins["owner"].organisation == "Moscow Innovation Cluster"
    pending = Organisation.objects.get(verification_status=VerificationStatus.PENDING)
    assert pending.memberships.get().person.user.email == logins["newcomer"].email
