"""The demo's conversations: the inbox of every demo role shows the platform at work."""

from consortia.accounts.models import User
from consortia.directory.services.bulk import load_generated, load_seed_world
from consortia.directory.services.demo import ensure_demo_logins
from consortia.messaging import selectors
from consortia.messaging.models import ContactRequest, Conversation, Interest
from consortia.messaging.services.demo import ensure_demo_conversations


def test_demo_conversations_fill_the_inboxes_once(db):
    load_seed_world()
    load_generated(300, seed=2026)
    logins = {login.role: login for login in ensure_demo_logins()}

    created = ensure_demo_conversations()
    again = ensure_demo_conversations()

    assert (created, again) == (3, 0)
    interest = Interest.objects.select_related("offer__organisation", "organisation").get()
    assert interest.offer.organisation.name == "Moscow Innovation Cluster"
    assert interest.organisation.country_id == "KZ"
    assert interest.conversation.messages.count() == 2
    for role in ["owner", "admin", "member"]:
        user = User.objects.get(email=logins[role].email)
        assert selectors.inbox(user).exists(), role
    assert Conversation.objects.count() == 2
    pending = ContactRequest.objects.get()
    assert pending.recipient.user.email == logins["member"].email
    assert pending.status == ContactRequest.Status.PENDING
