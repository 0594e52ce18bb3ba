"""Every URL pattern and API operation × every role. A route missing here fails the suite.

Roles (see conftest.World): anonymous, signed in without organisation, member of A, admin of A,
member of B, operator. Each case runs on a fresh world, so a success cannot hide a later denial.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from consortia.accounts.services import create_api_token
from consortia.agreements import services as agreements
from consortia.agreements.models import Agreement, AgreementDocument, Commitment
from consortia.core import clock
from consortia.directory.models import Invitation, Membership, Offer, Role
from consortia.events.models import (
    AgendaSession,
    B2BSession,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from consortia.events.services import b2b as b2b
from consortia.events.services import events as events
from consortia.events.services import feeds as feeds
from consortia.events.services import registrations as registrations
from consortia.matching.services import refresh_profiles
from consortia.messaging import services as messaging
from consortia.messaging.models import (
    AbuseReport,
    Attachment,
    ContactRequest,
    Conversation,
    Notification,
)
from consortia.opportunities import services as opportunities
from consortia.opportunities.models import (
    Answer,
    Application,
    Engagement,
    Opportunity,
    PilotSite,
)
from consortia.projects import services as projects
from consortia.projects.models import BudgetLine, Milestone, Project, UpdateAttachment
from tests.conftest import ROLES, World
from tests.factories.directory import MembershipFactory, OfferFactory, OrganisationFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class Objects:
    world: World
    offer: Offer
    withdrawn: Offer
    invitation: Invitation
    membership: Membership
    token_id: int
    conversation: Conversation  # between member_a and admin_a, with an attachment
    attachment: Attachment
    contact_request: ContactRequest  # from no_org to member_b, pending
    report: AbuseReport  # by member_a about member_b
    notification: Notification  # for member_a
    unsubscribe_token: str  # member_a, message.received
    agreement: Agreement  # public, in force; parties: organisation A and Kazakhstan
    secret: Agreement  # parties only (organisation A), in force
    draft: Agreement  # organisation A's draft
    commitment: Commitment  # of the public agreement, organisation A responsible
    secret_commitment: Commitment
    document: AgreementDocument  # of the public agreement
    secret_document: AgreementDocument  # of the parties-only agreement
    project: Project  # public, active; partners: organisation A (lead) and Kazakhstan
    secret_project: Project  # partners only, proposed (starts today); organisation A leads
    milestone: Milestone  # of the public project
    project_attachment: UpdateAttachment  # of an update on the public project
    budget_line: BudgetLine  # of the public project, in RUB
    opportunity: Opportunity  # published, open, owned by a third organisation; member_b reviews
    draft_opportunity: Opportunity  # organisation A's draft
    application: Application  # organisation A's, submitted, to the opportunity
    answer_file: Answer  # the file answered in the application
    pilot_site: PilotSite  # organisation A's, in the registry
    engagement: Engagement  # a grant of organisation A to Delta Labs (no role is its member)
    # Built only for the events' own cases (a scheduler run per case is not cheap), else None.
    event: Event = None  # organisation A's published forum in a month, registrations need approval
    draft_event: Event = None  # organisation A's draft
    agenda_item: AgendaSession = None  # of the published forum
    registration: Registration = None  # member_b's, pending, to the published forum
    feed_secret: str = None  # member_a's calendar feed
    b2b: B2BSession = None  # of the forum; organisations A and B take part, schedule published
    b2b_request: MeetingRequest = None  # organisation B's, accepted by A
    meeting: Meeting = None  # that request's meeting (in a month: too early to check in)
    run: ScheduleRun = None  # the run that scheduled it


@dataclass(frozen=True)
class Case:
    method: str
    url: Callable[[Objects], str]
    expected: tuple[int, int, int, int, int, int]  # in the order of ROLES
    data: dict[str, Any] | Callable[[Objects], dict[str, Any]] = field(default_factory=dict)
    json: bool = False

    def body(self, objects: Objects) -> dict[str, Any]:
        return self.data(objects) if callable(self.data) else self.data


def E(
    anonymous: int, no_org: int, member_a: int, admin_a: int, member_b: int, operator: int
) -> tuple[int, ...]:
    return (anonymous, no_org, member_a, admin_a, member_b, operator)


ALL_200 = E(200, 200, 200, 200, 200, 200)
SIGNED_IN_200 = E(302, 200, 200, 200, 200, 200)
ORG_A = lambda o: o.world.org_a.public_id  # noqa: E731
PENDING = lambda o: o.world.pending.public_id  # noqa: E731
LONELY = lambda o: o.world.users["no_org"].person.public_id  # noqa: E731
FUTURE = (clock.today() + timedelta(days=100)).isoformat()
NEW_ORG = {
    "name": "Tashkent IT Park Resident",
    "kind": "startup",
    "country": "UZ",
    "language": "ru",
}
NEW_OFFER = {
    "kind": "technology_request",
    "title": "Need LoRa sensors",
    "description": "For smart fields.",
    "language": "en",
    "expires_on": FUTURE,
}

WEB: dict[str, list[Case]] = {
    "home": [Case("GET", lambda o: "/", ALL_200)],
    "health": [Case("GET", lambda o: "/healthz", ALL_200)],
    "set_language": [
        Case(
            "POST", lambda o: "/i18n/setlang/", E(302, 302, 302, 302, 302, 302), {"language": "ru"}
        )
    ],
    "directory:organisations": [Case("GET", lambda o: "/directory/?q=alpha&country=RU", ALL_200)],
    "directory:people": [Case("GET", lambda o: "/directory/people/", ALL_200)],
    "directory:offers": [Case("GET", lambda o: "/offers/", ALL_200)],
    "directory:register": [Case("GET", lambda o: "/directory/register/", SIGNED_IN_200)],
    "directory:mine": [Case("GET", lambda o: "/directory/mine/", SIGNED_IN_200)],
    "directory:profile": [Case("GET", lambda o: "/directory/profile/", SIGNED_IN_200)],
    "directory:organisation": [
        Case("GET", lambda o: f"/directory/organisations/{ORG_A(o)}/", ALL_200),
        Case(
            "GET",
            lambda o: f"/directory/organisations/{PENDING(o)}/",
            E(404, 404, 200, 404, 404, 200),
        ),
    ],
    "directory:logo": [
        Case(
            "GET",
            lambda o: f"/directory/organisations/{PENDING(o)}/logo",
            E(404, 404, 200, 404, 404, 200),
        )
    ],
    "directory:edit": [
        Case(
            "GET",
            lambda o: f"/directory/organisations/{ORG_A(o)}/edit/",
            E(302, 403, 403, 200, 403, 200),
        ),
        Case(
            "GET",
            lambda o: f"/directory/organisations/{PENDING(o)}/edit/",
            E(302, 404, 200, 404, 404, 200),
        ),
    ],
    "directory:upload_logo": [
        Case(
            "POST",
            lambda o: f"/directory/organisations/{ORG_A(o)}/logo/upload/",
            E(302, 403, 403, 400, 403, 400),
        )
    ],
    "directory:resubmit": [
        Case(
            "POST",
            lambda o: f"/directory/organisations/{PENDING(o)}/resubmit/",
            E(302, 404, 403, 404, 404, 403),
        )
    ],
    "directory:delete": [
        Case(
            "POST",
            lambda o: f"/directory/organisations/{ORG_A(o)}/delete/",
            E(302, 403, 403, 403, 403, 302),
        ),
        Case(
            "POST",
            lambda o: f"/directory/organisations/{PENDING(o)}/delete/",
            E(302, 404, 302, 404, 404, 302),
        ),
    ],
    "directory:members": [
        Case(
            "GET",
            lambda o: f"/directory/organisations/{ORG_A(o)}/members/",
            E(302, 403, 200, 200, 403, 403),
        )
    ],
    "directory:revoke_invitation": [
        Case(
            "POST",
            lambda o: f"/directory/organisations/{ORG_A(o)}/invitations/{o.invitation.pk}/revoke/",
            E(302, 403, 403, 302, 403, 403),
        )
    ],
    "directory:offer_create": [
        Case(
            "GET",
            lambda o: f"/directory/organisations/{ORG_A(o)}/offers/new/",
            E(302, 403, 200, 200, 403, 403),
        )
    ],
    "directory:change_role": [
        Case(
            "POST",
            lambda o: f"/directory/memberships/{o.membership.pk}/role/",
            E(302, 404, 403, 302, 404, 403),
            {"role": "admin"},
        )
    ],
    "directory:remove_member": [
        Case(
            "POST",
            lambda o: f"/directory/memberships/{o.membership.pk}/remove/",
            E(302, 404, 302, 302, 404, 403),
        )
    ],
    "directory:invitation": [
        Case("GET", lambda o: f"/directory/invitations/{o.invitation.token}/", SIGNED_IN_200)
    ],
    "directory:person": [
        Case("GET", lambda o: f"/directory/people/{o.membership.person.public_id}/", ALL_200),
        Case("GET", lambda o: f"/directory/people/{LONELY(o)}/", E(404, 200, 404, 404, 404, 200)),
    ],
    "directory:offer": [
        Case("GET", lambda o: f"/offers/{o.offer.public_id}/", ALL_200),
        Case("GET", lambda o: f"/offers/{o.withdrawn.public_id}/", E(404, 404, 200, 200, 404, 200)),
    ],
    "directory:offer_edit": [
        Case("GET", lambda o: f"/offers/{o.offer.public_id}/edit/", E(302, 403, 200, 200, 403, 403))
    ],
    "directory:offer_renew": [
        Case(
            "POST",
            lambda o: f"/offers/{o.offer.public_id}/renew/",
            E(302, 403, 302, 302, 403, 403),
            {"until": FUTURE},
        )
    ],
    "directory:offer_withdraw": [
        Case(
            "POST",
            lambda o: f"/offers/{o.offer.public_id}/withdraw/",
            E(302, 403, 302, 302, 403, 403),
        )
    ],
    "directory:offer_delete": [
        Case(
            "POST",
            lambda o: f"/offers/{o.offer.public_id}/delete/",
            E(302, 403, 403, 302, 403, 302),
        )
    ],
    "directory:operator": [Case("GET", lambda o: "/operator/", E(302, 403, 403, 403, 403, 200))],
    "directory:verify": [
        Case(
            "POST",
            lambda o: f"/operator/organisations/{PENDING(o)}/verify/",
            E(302, 403, 403, 403, 403, 302),
        )
    ],
    "directory:reject": [
        Case(
            "POST",
            lambda o: f"/operator/organisations/{PENDING(o)}/reject/",
            E(302, 403, 403, 403, 403, 302),
            {"reason": "Unknown"},
        )
    ],
    "accounts:tokens": [Case("GET", lambda o: "/accounts/tokens/", SIGNED_IN_200)],
    "accounts:my_data": [Case("GET", lambda o: "/accounts/data/", SIGNED_IN_200)],
    "accounts:export_my_data": [
        Case("GET", lambda o: "/accounts/data/export.json", SIGNED_IN_200)
    ],
    # Signed in or not, erasing first asks for the password again (tests/accounts).
    "accounts:erase_my_account": [
        Case(
            "POST",
            lambda o: "/accounts/data/erase/",
            E(302, 302, 302, 302, 302, 302),
            {"confirm": "x"},
        )
    ],
    "accounts:revoke_token": [
        Case(
            "POST",
            lambda o: f"/accounts/tokens/{o.token_id}/revoke/",
            E(302, 404, 302, 404, 404, 404),
        )
    ],
    # django-allauth's pages (sign-in, sign-up, e-mail, password, two-factor).
    "account_login": [Case("GET", lambda o: "/accounts/login/", E(200, 302, 302, 302, 302, 302))],
    "account_signup": [Case("GET", lambda o: "/accounts/signup/", E(200, 302, 302, 302, 302, 302))],
    "account_logout": [Case("GET", lambda o: "/accounts/logout/", E(302, 200, 200, 200, 200, 200))],
    "account_inactive": [Case("GET", lambda o: "/accounts/inactive/", ALL_200)],
    "account_reauthenticate": [Case("GET", lambda o: "/accounts/reauthenticate/", SIGNED_IN_200)],
    "account_email": [Case("GET", lambda o: "/accounts/email/", SIGNED_IN_200)],
    "account_email_verification_sent": [Case("GET", lambda o: "/accounts/confirm-email/", ALL_200)],
    "account_confirm_email": [Case("GET", lambda o: "/accounts/confirm-email/not-a-key/", ALL_200)],
    "account_change_password": [Case("GET", lambda o: "/accounts/password/change/", SIGNED_IN_200)],
    "account_set_password": [
        Case("GET", lambda o: "/accounts/password/set/", E(302, 302, 302, 302, 302, 302))
    ],
    "account_reset_password": [Case("GET", lambda o: "/accounts/password/reset/", ALL_200)],
    "account_reset_password_done": [
        Case("GET", lambda o: "/accounts/password/reset/done/", ALL_200)
    ],
    "account_reset_password_from_key": [
        Case("GET", lambda o: "/accounts/password/reset/key/1-bad/", ALL_200)
    ],
    "account_reset_password_from_key_done": [
        Case("GET", lambda o: "/accounts/password/reset/key/done/", ALL_200)
    ],
    "account_confirm_login_code": [
        Case("GET", lambda o: "/accounts/login/code/confirm/", E(302, 302, 302, 302, 302, 302))
    ],
    "mfa_index": [Case("GET", lambda o: "/accounts/2fa/", SIGNED_IN_200)],
    "mfa_authenticate": [
        Case("GET", lambda o: "/accounts/2fa/authenticate/", E(302, 302, 302, 302, 302, 302))
    ],
    "mfa_reauthenticate": [
        Case("GET", lambda o: "/accounts/2fa/reauthenticate/", E(302, 302, 302, 302, 302, 302))
    ],
    # Setting up TOTP asks for the password again (a fresh sign-in), so every role is redirected.
    "mfa_activate_totp": [
        Case("GET", lambda o: "/accounts/2fa/totp/activate/", E(302, 302, 302, 302, 302, 302))
    ],
    "mfa_deactivate_totp": [
        Case("GET", lambda o: "/accounts/2fa/totp/deactivate/", E(302, 404, 404, 404, 404, 404))
    ],
    "mfa_view_recovery_codes": [
        Case("GET", lambda o: "/accounts/2fa/recovery-codes/", E(302, 404, 404, 404, 404, 404))
    ],
    "mfa_generate_recovery_codes": [
        Case(
            "GET",
            lambda o: "/accounts/2fa/recovery-codes/generate/",
            E(302, 302, 302, 302, 302, 302),
        )
    ],
    "mfa_download_recovery_codes": [
        Case(
            "GET",
            lambda o: "/accounts/2fa/recovery-codes/download/",
            E(302, 404, 404, 404, 404, 404),
        )
    ],
}

V1 = "/api/v1"
API: dict[str, list[Case]] = {
    "api:api-root": [Case("GET", lambda o: f"{V1}/", E(404, 404, 404, 404, 404, 404))],
    "api:openapi-json": [Case("GET", lambda o: f"{V1}/openapi.json", ALL_200)],
    "api:openapi-view": [Case("GET", lambda o: f"{V1}/docs", ALL_200)],
    "api:list_countries": [Case("GET", lambda o: f"{V1}/countries", ALL_200)],
    "api:list_topics": [Case("GET", lambda o: f"{V1}/topics", ALL_200)],
    "api:list_organisations": [
        Case("GET", lambda o: f"{V1}/organisations?kind=corporation&country=RU&q=alpha", ALL_200)
    ],
    "api:create_organisation": [
        Case(
            "POST",
            lambda o: f"{V1}/organisations",
            E(401, 201, 201, 201, 201, 201),
            NEW_ORG,
            json=True,
        )
    ],
    "api:get_organisation": [
        Case("GET", lambda o: f"{V1}/organisations/{ORG_A(o)}", ALL_200),
        Case("GET", lambda o: f"{V1}/organisations/{PENDING(o)}", E(404, 404, 200, 404, 404, 200)),
    ],
    "api:update_organisation": [
        Case(
            "PATCH",
            lambda o: f"{V1}/organisations/{ORG_A(o)}",
            E(401, 403, 403, 200, 403, 200),
            {"city": "Kazan"},
            json=True,
        ),
        Case(
            "PATCH",
            lambda o: f"{V1}/organisations/{PENDING(o)}",
            E(401, 404, 200, 404, 404, 200),
            {"city": "Kazan"},
            json=True,
        ),
    ],
    "api:delete_organisation": [
        # Organisation A is a party to agreements, kept as a record: deleting it is refused.
        Case("DELETE", lambda o: f"{V1}/organisations/{ORG_A(o)}", E(401, 403, 403, 403, 403, 422)),
        Case(
            "DELETE",
            lambda o: f"{V1}/organisations/{o.world.org_b.public_id}",
            E(401, 403, 403, 403, 403, 204),
        ),
    ],
    "api:verify_organisation": [
        Case(
            "POST",
            lambda o: f"{V1}/organisations/{PENDING(o)}/verify",
            E(401, 404, 403, 404, 404, 200),
        )
    ],
    "api:reject_organisation": [
        Case(
            "POST",
            lambda o: f"{V1}/organisations/{PENDING(o)}/reject",
            E(401, 404, 403, 404, 404, 200),
            {"reason": "No"},
            json=True,
        )
    ],
    "api:list_members": [
        Case("GET", lambda o: f"{V1}/organisations/{ORG_A(o)}/members", ALL_200),
        Case(
            "GET",
            lambda o: f"{V1}/organisations/{PENDING(o)}/members",
            E(404, 404, 200, 404, 404, 200),
        ),
    ],
    "api:invite": [
        Case(
            "POST",
            lambda o: f"{V1}/organisations/{ORG_A(o)}/invitations",
            E(401, 403, 403, 201, 403, 403),
            {"email": "n@example.org"},
            json=True,
        )
    ],
    "api:change_role": [
        Case(
            "PATCH",
            lambda o: f"{V1}/memberships/{o.membership.pk}",
            E(401, 404, 403, 200, 404, 403),
            {"role": "admin"},
            json=True,
        )
    ],
    "api:remove_member": [
        Case(
            "DELETE",
            lambda o: f"{V1}/memberships/{o.membership.pk}",
            E(401, 404, 204, 204, 404, 403),
        )
    ],
    "api:list_people": [Case("GET", lambda o: f"{V1}/people?country=RU", ALL_200)],
    "api:get_person": [
        Case("GET", lambda o: f"{V1}/people/{o.membership.person.public_id}", ALL_200),
        Case("GET", lambda o: f"{V1}/people/{LONELY(o)}", E(404, 200, 404, 404, 404, 200)),
    ],
    "api:get_me": [Case("GET", lambda o: f"{V1}/me", E(401, 200, 200, 200, 200, 200))],
    "api:export_my_data": [
        Case("GET", lambda o: f"{V1}/me/data", E(401, 200, 200, 200, 200, 200))
    ],
    "api:update_me": [
        Case(
            "PATCH",
            lambda o: f"{V1}/me",
            E(401, 200, 200, 200, 200, 200),
            {"title": "CTO"},
            json=True,
        )
    ],
    "api:list_offers": [Case("GET", lambda o: f"{V1}/offers?kind=technology_offer", ALL_200)],
    "api:publish_offer": [
        Case(
            "POST",
            lambda o: f"{V1}/organisations/{ORG_A(o)}/offers",
            E(401, 403, 201, 201, 403, 403),
            NEW_OFFER,
            json=True,
        )
    ],
    "api:get_offer": [
        Case("GET", lambda o: f"{V1}/offers/{o.offer.public_id}", ALL_200),
        Case(
            "GET", lambda o: f"{V1}/offers/{o.withdrawn.public_id}", E(404, 404, 200, 200, 404, 200)
        ),
    ],
    "api:update_offer": [
        Case(
            "PATCH",
            lambda o: f"{V1}/offers/{o.offer.public_id}",
            E(401, 403, 200, 200, 403, 403),
            {"title": "New"},
            json=True,
        )
    ],
    "api:renew_offer": [
        Case(
            "POST",
            lambda o: f"{V1}/offers/{o.offer.public_id}/renew",
            E(401, 403, 200, 200, 403, 403),
            {"until": FUTURE},
            json=True,
        )
    ],
    "api:withdraw_offer": [
        Case(
            "POST",
            lambda o: f"{V1}/offers/{o.offer.public_id}/withdraw",
            E(401, 403, 200, 200, 403, 403),
        )
    ],
    "api:delete_offer": [
        Case(
            "DELETE", lambda o: f"{V1}/offers/{o.offer.public_id}", E(401, 403, 403, 204, 403, 204)
        )
    ],
}

CONVERSATION = lambda o: o.conversation.public_id  # noqa: E731
MEMBER_B = lambda o: o.world.users["member_b"].person.public_id  # noqa: E731
ADMIN_A = lambda o: o.world.users["admin_a"].person.public_id  # noqa: E731
PARTICIPANTS_ONLY = E(302, 404, 200, 200, 404, 404)
OPERATOR_ONLY_POST = E(302, 403, 403, 403, 403, 302)

MESSAGING_WEB: dict[str, list[Case]] = {
    "messaging:inbox": [Case("GET", lambda o: "/messages/?q=sensors", SIGNED_IN_200)],
    "messaging:new": [
        # Colleagues write directly; others are sent to the contact request; oneself is no one.
        Case("GET", lambda o: f"/messages/new/?to={ADMIN_A(o)}", E(302, 302, 200, 404, 302, 200)),
        Case("GET", lambda o: f"/messages/new/?organisation={ORG_A(o)}", SIGNED_IN_200),
        Case(
            "GET",
            lambda o: f"/messages/new/?organisation={PENDING(o)}",
            E(302, 404, 200, 404, 404, 200),
        ),
        Case("GET", lambda o: "/messages/new/", E(302, 404, 404, 404, 404, 404)),
    ],
    "messaging:conversation": [
        Case("GET", lambda o: f"/messages/{CONVERSATION(o)}/", PARTICIPANTS_ONLY),
        Case(
            "POST",
            lambda o: f"/messages/{CONVERSATION(o)}/",
            E(302, 404, 302, 302, 404, 404),
            {"body": "Agreed."},
        ),
    ],
    "messaging:archive": [
        Case(
            "POST",
            lambda o: f"/messages/{CONVERSATION(o)}/archive/",
            E(302, 404, 302, 302, 404, 404),
        )
    ],
    "messaging:attachment": [
        Case("GET", lambda o: f"/messages/attachments/{o.attachment.public_id}/", PARTICIPANTS_ONLY)
    ],
    "messaging:contacts": [Case("GET", lambda o: "/messages/contacts/", SIGNED_IN_200)],
    "messaging:accept_contact": [
        Case(
            "POST",
            lambda o: f"/messages/contacts/{o.contact_request.public_id}/accept/",
            E(302, 403, 404, 404, 302, 404),
        )
    ],
    "messaging:decline_contact": [
        Case(
            "POST",
            lambda o: f"/messages/contacts/{o.contact_request.public_id}/decline/",
            E(302, 403, 404, 404, 302, 404),
        )
    ],
    "messaging:request_contact": [
        Case(
            "GET", lambda o: f"/messages/people/{MEMBER_B(o)}/ask/", E(302, 200, 200, 200, 404, 302)
        )
    ],
    "messaging:block": [
        Case(
            "POST",
            lambda o: f"/messages/people/{MEMBER_B(o)}/block/",
            E(302, 302, 302, 302, 404, 302),
        )
    ],
    "messaging:unblock": [
        Case(
            "POST",
            lambda o: f"/messages/people/{MEMBER_B(o)}/unblock/",
            E(302, 302, 302, 302, 302, 302),
        )
    ],
    "messaging:report": [
        Case("GET", lambda o: f"/messages/people/{MEMBER_B(o)}/report/", SIGNED_IN_200),
        Case(
            "GET",
            lambda o: (
                f"/messages/people/{ADMIN_A(o)}/report/?message={o.attachment.message.public_id}"
            ),
            E(302, 404, 200, 200, 404, 404),
        ),
    ],
    "messaging:interest": [
        Case(
            "GET",
            lambda o: f"/offers/{o.offer.public_id}/interest/",
            E(302, 200, 403, 403, 200, 200),
        ),
        Case(
            "GET",
            lambda o: f"/offers/{o.withdrawn.public_id}/interest/",
            E(302, 404, 403, 403, 404, 200),
        ),
    ],
    "messaging:notifications": [Case("GET", lambda o: "/notifications/", SIGNED_IN_200)],
    "messaging:badge": [Case("GET", lambda o: "/notifications/badge/", SIGNED_IN_200)],
    "messaging:read_all": [
        Case("POST", lambda o: "/notifications/read-all/", E(302, 302, 302, 302, 302, 302))
    ],
    "messaging:open": [
        Case(
            "GET", lambda o: f"/notifications/{o.notification.pk}/", E(302, 404, 302, 404, 404, 404)
        )
    ],
    "messaging:preferences": [Case("GET", lambda o: "/notifications/preferences/", SIGNED_IN_200)],
    # The signed token is the credential (one click from an e-mail, signed in or not).
    "messaging:unsubscribe": [
        Case("GET", lambda o: f"/notifications/unsubscribe/{o.unsubscribe_token}/", ALL_200),
        Case(
            "GET",
            lambda o: f"/notifications/unsubscribe/{o.unsubscribe_token[:-2]}xx/",
            E(404, 404, 404, 404, 404, 404),
        ),
    ],
    "messaging:reports": [
        Case("GET", lambda o: "/operator/reports/", E(302, 403, 403, 403, 403, 200))
    ],
    "messaging:dismiss_report": [
        Case("POST", lambda o: f"/operator/reports/{o.report.pk}/dismiss/", OPERATOR_ONLY_POST)
    ],
    "messaging:suspend": [
        Case("POST", lambda o: f"/operator/reports/{o.report.pk}/suspend/", OPERATOR_ONLY_POST)
    ],
    "messaging:reinstate": [
        Case("POST", lambda o: f"/operator/people/{MEMBER_B(o)}/reinstate/", OPERATOR_ONLY_POST)
    ],
}

PARTICIPANTS_204 = E(401, 404, 204, 204, 404, 404)
SIGNED_IN_API_200 = E(401, 200, 200, 200, 200, 200)
MESSAGING_API: dict[str, list[Case]] = {
    "api:list_conversations": [
        Case("GET", lambda o: f"{V1}/conversations?q=datasheet", SIGNED_IN_API_200)
    ],
    "api:start_conversation": [
        Case(
            "POST",
            lambda o: f"{V1}/conversations",
            E(401, 403, 201, 422, 403, 201),
            lambda o: {"recipients": [str(ADMIN_A(o))], "body": "Hello"},
            json=True,
        )
    ],
    "api:get_conversation": [
        Case(
            "GET",
            lambda o: f"{V1}/conversations/{CONVERSATION(o)}",
            E(401, 404, 200, 200, 404, 404),
        )
    ],
    "api:list_messages": [
        Case(
            "GET",
            lambda o: f"{V1}/conversations/{CONVERSATION(o)}/messages",
            E(401, 404, 200, 200, 404, 404),
        )
    ],
    "api:send_message": [
        Case(
            "POST",
            lambda o: f"{V1}/conversations/{CONVERSATION(o)}/messages",
            E(401, 404, 201, 201, 404, 404),
            {"body": "Agreed."},
            json=True,
        )
    ],
    "api:upload_attachment": [
        Case(
            "POST",
            lambda o: f"{V1}/conversations/{CONVERSATION(o)}/attachments",
            E(401, 404, 201, 201, 404, 404),
            lambda o: {"files": SimpleUploadedFile("plan.pdf", PDF)},
        )
    ],
    "api:download_attachment": [
        Case(
            "GET",
            lambda o: f"{V1}/attachments/{o.attachment.public_id}",
            E(401, 404, 200, 200, 404, 404),
        )
    ],
    "api:mark_conversation_read": [
        Case("POST", lambda o: f"{V1}/conversations/{CONVERSATION(o)}/read", PARTICIPANTS_204)
    ],
    "api:archive_conversation": [
        Case("POST", lambda o: f"{V1}/conversations/{CONVERSATION(o)}/archive", PARTICIPANTS_204)
    ],
    "api:unarchive_conversation": [
        Case("DELETE", lambda o: f"{V1}/conversations/{CONVERSATION(o)}/archive", PARTICIPANTS_204)
    ],
    "api:express_interest": [
        Case(
            "POST",
            lambda o: f"{V1}/offers/{o.offer.public_id}/interests",
            E(401, 201, 403, 403, 201, 201),
            {"kind": "meet", "message": "Let us talk"},
            json=True,
        )
    ],
    "api:list_interests": [
        Case("GET", lambda o: f"{V1}/offers/{o.offer.public_id}/interests", SIGNED_IN_API_200),
        Case(
            "GET",
            lambda o: f"{V1}/offers/{o.withdrawn.public_id}/interests",
            E(401, 404, 200, 200, 404, 200),
        ),
    ],
    "api:list_contact_requests": [
        Case("GET", lambda o: f"{V1}/contact-requests?direction=outgoing", SIGNED_IN_API_200)
    ],
    "api:request_contact": [
        Case(
            "POST",
            lambda o: f"{V1}/contact-requests",
            E(401, 422, 201, 201, 403, 422),
            lambda o: {"recipient": str(MEMBER_B(o)), "message": "Hello"},
            json=True,
        )
    ],
    "api:accept_contact_request": [
        Case(
            "POST",
            lambda o: f"{V1}/contact-requests/{o.contact_request.public_id}/accept",
            E(401, 403, 404, 404, 200, 404),
        )
    ],
    "api:decline_contact_request": [
        Case(
            "POST",
            lambda o: f"{V1}/contact-requests/{o.contact_request.public_id}/decline",
            E(401, 403, 404, 404, 200, 404),
        )
    ],
    "api:block_person": [
        Case("POST", lambda o: f"{V1}/people/{MEMBER_B(o)}/block", E(401, 204, 204, 204, 422, 204))
    ],
    "api:unblock_person": [
        Case(
            "DELETE", lambda o: f"{V1}/people/{MEMBER_B(o)}/block", E(401, 204, 204, 204, 204, 204)
        )
    ],
    "api:report_abuse": [
        Case(
            "POST",
            lambda o: f"{V1}/reports",
            E(401, 201, 201, 201, 422, 201),
            lambda o: {"person": str(MEMBER_B(o)), "reason": "Spam"},
            json=True,
        )
    ],
    "api:list_notifications": [
        Case("GET", lambda o: f"{V1}/notifications?unread=true", SIGNED_IN_API_200)
    ],
    "api:count_unread_notifications": [
        Case("GET", lambda o: f"{V1}/notifications/unread-count", SIGNED_IN_API_200)
    ],
    "api:read_notification": [
        Case(
            "POST",
            lambda o: f"{V1}/notifications/{o.notification.pk}/read",
            E(401, 404, 204, 404, 404, 404),
        )
    ],
    "api:read_all_notifications": [
        Case("POST", lambda o: f"{V1}/notifications/read-all", SIGNED_IN_API_200)
    ],
    "api:get_notification_preferences": [
        Case("GET", lambda o: f"{V1}/notification-preferences", SIGNED_IN_API_200)
    ],
    "api:set_notification_preferences": [
        Case(
            "PUT",
            lambda o: f"{V1}/notification-preferences",
            SIGNED_IN_API_200,
            {"preferences": {"message.received": "daily"}},
            json=True,
        )
    ],
}

AGREEMENT = lambda o: o.agreement.public_id  # noqa: E731
SECRET = lambda o: o.secret.public_id  # noqa: E731
TODAY = clock.today().isoformat()
# A party's admins and the operator change an agreement; others who see it get 403, others 404.
PARTY_ADMINS_API = E(401, 403, 403, 200, 403, 200)
SECRET_PARTY_ADMINS_API = E(401, 404, 403, 200, 404, 200)
# ... and when the agreement is not in the state the transition starts from, 422 (after the 403).
PARTY_ADMINS_WRONG_STATE = E(401, 403, 403, 422, 403, 422)
PARTIES_SEE = E(404, 404, 200, 200, 404, 200)
DOCUMENT = lambda o: o.document.public_id  # noqa: E731
SECRET_DOCUMENT = lambda o: o.secret_document.public_id  # noqa: E731
ANNEX = lambda o: {"files": SimpleUploadedFile("annex.pdf", PDF)}  # noqa: E731
NEW_AGREEMENT = lambda o: {  # noqa: E731
    "kind": "memorandum",
    "title": "Memorandum on smart cities",
    "language": "en",
    "parties": [{"organisation": str(ORG_A(o))}, {"state": "KZ"}],
}
AGREEMENTS_API: dict[str, list[Case]] = {
    "api:list_agreements": [
        Case("GET", lambda o: f"{V1}/agreements?country=KZ&partner=RU&light=green", ALL_200),
        Case("GET", lambda o: f"{V1}/agreements?country=XX", E(422, 422, 422, 422, 422, 422)),
    ],
    "api:record_agreement": [
        # member_a owns the pending organisation, but only admins of verified ones record.
        Case(
            "POST",
            lambda o: f"{V1}/agreements",
            E(401, 403, 403, 201, 403, 201),
            NEW_AGREEMENT,
            json=True,
        )
    ],
    "api:get_agreement": [
        Case("GET", lambda o: f"{V1}/agreements/{AGREEMENT(o)}", ALL_200),
        Case("GET", lambda o: f"{V1}/agreements/{SECRET(o)}", PARTIES_SEE),
        Case("GET", lambda o: f"{V1}/agreements/{o.draft.public_id}", PARTIES_SEE),
    ],
    "api:sign_agreement": [
        Case(
            "POST",
            lambda o: f"{V1}/agreements/{o.draft.public_id}/sign",
            SECRET_PARTY_ADMINS_API,
            {"signed_on": TODAY},
            json=True,
        )
    ],
    "api:bring_into_force": [
        Case("POST", lambda o: f"{V1}/agreements/{AGREEMENT(o)}/in-force", PARTY_ADMINS_WRONG_STATE)
    ],
    "api:complete_agreement": [
        Case("POST", lambda o: f"{V1}/agreements/{AGREEMENT(o)}/complete", PARTY_ADMINS_API),
        Case("POST", lambda o: f"{V1}/agreements/{SECRET(o)}/complete", SECRET_PARTY_ADMINS_API),
    ],
    "api:terminate_agreement": [
        Case(
            "POST",
            lambda o: f"{V1}/agreements/{AGREEMENT(o)}/terminate",
            PARTY_ADMINS_API,
            {"reason": "Superseded"},
            json=True,
        )
    ],
    # Without an end of validity it cannot expire yet.
    "api:expire_agreement": [
        Case("POST", lambda o: f"{V1}/agreements/{AGREEMENT(o)}/expire", PARTY_ADMINS_WRONG_STATE)
    ],
    "api:list_commitments": [
        Case("GET", lambda o: f"{V1}/agreements/{AGREEMENT(o)}/commitments", ALL_200),
        Case("GET", lambda o: f"{V1}/agreements/{SECRET(o)}/commitments", PARTIES_SEE),
    ],
    "api:add_commitment": [
        Case(
            "POST",
            lambda o: f"{V1}/agreements/{AGREEMENT(o)}/commitments",
            E(401, 403, 403, 201, 403, 201),
            lambda o: {
                "text": "Exchange delegations",
                "responsible_party": {"organisation": str(ORG_A(o))},
                "due_on": TODAY,
            },
            json=True,
        )
    ],
    "api:list_reports": [
        Case("GET", lambda o: f"{V1}/commitments/{o.commitment.public_id}/reports", ALL_200),
        Case(
            "GET",
            lambda o: f"{V1}/commitments/{o.secret_commitment.public_id}/reports",
            PARTIES_SEE,
        ),
    ],
    # Only an admin of the responsible organisation, not even the operator (as on the web).
    "api:report_progress": [
        Case(
            "POST",
            lambda o: f"{V1}/commitments/{o.commitment.public_id}/reports",
            E(401, 403, 403, 201, 403, 403),
            {"text": "Laboratory rented"},
            json=True,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/commitments/{o.secret_commitment.public_id}/reports",
            E(401, 404, 403, 201, 404, 403),
            {"text": "Laboratory rented"},
            json=True,
        ),
    ],
    "api:list_documents": [
        Case("GET", lambda o: f"{V1}/agreements/{AGREEMENT(o)}/documents", ALL_200),
        Case("GET", lambda o: f"{V1}/agreements/{SECRET(o)}/documents", PARTIES_SEE),
    ],
    "api:add_documents": [
        Case(
            "POST",
            lambda o: f"{V1}/agreements/{AGREEMENT(o)}/documents",
            E(401, 403, 403, 201, 403, 201),
            ANNEX,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/agreements/{SECRET(o)}/documents",
            E(401, 404, 403, 201, 404, 201),
            ANNEX,
        ),
        # A file that is not what its name says: 403 first, then 422.
        Case(
            "POST",
            lambda o: f"{V1}/agreements/{AGREEMENT(o)}/documents",
            E(401, 403, 403, 422, 403, 422),
            lambda o: {"files": SimpleUploadedFile("annex.pdf", b"MZ" + b"\x00" * 64)},
        ),
    ],
    "api:download_document": [
        Case("GET", lambda o: f"{V1}/agreements/documents/{DOCUMENT(o)}", ALL_200),
        Case("GET", lambda o: f"{V1}/agreements/documents/{SECRET_DOCUMENT(o)}", PARTIES_SEE),
    ],
    "api:remove_document": [
        Case(
            "DELETE",
            lambda o: f"{V1}/agreements/documents/{DOCUMENT(o)}",
            E(401, 403, 403, 204, 403, 204),
        ),
        Case(
            "DELETE",
            lambda o: f"{V1}/agreements/documents/{SECRET_DOCUMENT(o)}",
            E(401, 404, 403, 204, 404, 204),
        ),
    ],
    "api:export_agreements_csv": [
        Case("GET", lambda o: f"{V1}/agreements/export.csv?country=KZ", ALL_200),
        Case(
            "GET",
            lambda o: f"{V1}/agreements/export.csv?year=soon",
            E(422, 422, 422, 422, 422, 422),
        ),
    ],
    "api:export_agreements_xlsx": [
        Case("GET", lambda o: f"{V1}/agreements/export.xlsx?kind=memorandum", ALL_200)
    ],
    "api:export_agreements_json": [
        Case("GET", lambda o: f"{V1}/agreements/export.json?status=in_force", ALL_200)
    ],
}

PARTY_ADMINS_POST = E(302, 403, 403, 302, 403, 302)
AGREEMENTS_WEB: dict[str, list[Case]] = {
    "agreements:registry": [
        Case(
            "GET", lambda o: "/agreements/?country=KZ&partner=RU&light=green&q=memorandum", ALL_200
        ),
        Case("GET", lambda o: "/agreements/?country=XX", E(400, 400, 400, 400, 400, 400)),
    ],
    "agreements:timeline": [
        Case("GET", lambda o: "/agreements/timeline/?kind=memorandum", ALL_200)
    ],
    "agreements:mine": [Case("GET", lambda o: "/agreements/mine/", SIGNED_IN_200)],
    "agreements:record": [
        Case("GET", lambda o: "/agreements/new/", E(302, 403, 403, 200, 403, 200))
    ],
    "agreements:agreement": [
        Case("GET", lambda o: f"/agreements/{AGREEMENT(o)}/", ALL_200),
        Case(
            "GET", lambda o: f"/agreements/{o.secret.public_id}/", E(404, 404, 200, 200, 404, 200)
        ),
        Case("GET", lambda o: f"/agreements/{o.draft.public_id}/", E(404, 404, 200, 200, 404, 200)),
    ],
    "agreements:sign": [
        Case(
            "POST",
            lambda o: f"/agreements/{o.draft.public_id}/sign/",
            E(302, 404, 403, 302, 404, 302),
            {"signed_on": TODAY},
        )
    ],
    "agreements:in_force": [
        Case("POST", lambda o: f"/agreements/{AGREEMENT(o)}/in-force/", PARTY_ADMINS_POST)
    ],
    "agreements:complete": [
        Case("POST", lambda o: f"/agreements/{AGREEMENT(o)}/complete/", PARTY_ADMINS_POST),
        Case(
            "POST",
            lambda o: f"/agreements/{o.secret.public_id}/complete/",
            E(302, 404, 403, 302, 404, 302),
        ),
    ],
    "agreements:terminate": [
        Case(
            "POST",
            lambda o: f"/agreements/{AGREEMENT(o)}/terminate/",
            PARTY_ADMINS_POST,
            {"reason": "Superseded"},
        )
    ],
    "agreements:add_commitment": [
        Case(
            "POST",
            lambda o: f"/agreements/{AGREEMENT(o)}/commitments/",
            PARTY_ADMINS_POST,
            {"text": "Exchange delegations", "due_on": TODAY},
        )
    ],
    "agreements:report": [
        Case(
            "GET",
            lambda o: f"/agreements/commitments/{o.commitment.public_id}/report/",
            E(302, 403, 403, 200, 403, 403),
        ),
        Case(
            "GET",
            lambda o: f"/agreements/commitments/{o.secret_commitment.public_id}/report/",
            E(302, 404, 403, 200, 404, 403),
        ),
    ],
    "agreements:add_documents": [
        Case("POST", lambda o: f"/agreements/{AGREEMENT(o)}/documents/", PARTY_ADMINS_POST, ANNEX),
        Case(
            "POST",
            lambda o: f"/agreements/{SECRET(o)}/documents/",
            E(302, 404, 403, 302, 404, 302),
            ANNEX,
        ),
    ],
    "agreements:document": [
        Case("GET", lambda o: f"/agreements/documents/{DOCUMENT(o)}/", ALL_200),
        Case("GET", lambda o: f"/agreements/documents/{SECRET_DOCUMENT(o)}/", PARTIES_SEE),
    ],
    "agreements:remove_document": [
        Case("POST", lambda o: f"/agreements/documents/{DOCUMENT(o)}/delete/", PARTY_ADMINS_POST),
        Case(
            "POST",
            lambda o: f"/agreements/documents/{SECRET_DOCUMENT(o)}/delete/",
            E(302, 404, 403, 302, 404, 302),
        ),
    ],
}

PROJECT = lambda o: o.project.public_id  # noqa: E731
SECRET_PROJECT = lambda o: o.secret_project.public_id  # noqa: E731
NEW_PROJECT = lambda o: {  # noqa: E731
    "title": "Smart city pilot",
    "language": "en",
    "partners": [{"organisation": str(ORG_A(o)), "role": "lead"}, {"state": "KZ"}],
}
UPDATE = lambda o: {"text": "Sensors installed", "files": SimpleUploadedFile("r.pdf", PDF)}  # noqa: E731
# A partner's admins and the operator change a project; anyone who sees it otherwise gets 403, and
# nobody outside the partners learns that a partners-only project exists (404). Any member of a
# partner organisation posts updates.
PROJECTS_API: dict[str, list[Case]] = {
    "api:list_projects": [
        Case("GET", lambda o: f"{V1}/projects?country=KZ&status=active&role=lead", ALL_200),
        Case("GET", lambda o: f"{V1}/projects?country=XX", E(422, 422, 422, 422, 422, 422)),
    ],
    # member_a owns the pending organisation, but only admins of verified ones record.
    "api:record_project": [
        Case(
            "POST",
            lambda o: f"{V1}/projects",
            E(401, 403, 403, 201, 403, 201),
            NEW_PROJECT,
            json=True,
        )
    ],
    "api:get_project": [
        Case("GET", lambda o: f"{V1}/projects/{PROJECT(o)}", ALL_200),
        Case("GET", lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}", PARTIES_SEE),
    ],
    "api:change_project": [
        Case(
            "PATCH",
            lambda o: f"{V1}/projects/{PROJECT(o)}",
            PARTY_ADMINS_API,
            {"summary": "Now with drones"},
            json=True,
        ),
        Case(
            "PATCH",
            lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}",
            SECRET_PARTY_ADMINS_API,
            {"summary": "Now with drones"},
            json=True,
        ),
    ],
    "api:set_partners": [
        Case(
            "PUT",
            lambda o: f"{V1}/projects/{PROJECT(o)}/partners",
            PARTY_ADMINS_API,
            lambda o: {
                "partners": [{"organisation": str(ORG_A(o)), "role": "lead"}, {"state": "CN"}]
            },
            json=True,
        )
    ],
    "api:link_agreements": [
        Case(
            "PUT",
            lambda o: f"{V1}/projects/{PROJECT(o)}/links",
            PARTY_ADMINS_API,
            lambda o: {"agreements": [str(AGREEMENT(o))]},
            json=True,
        )
    ],
    "api:start_project": [
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/start",
            PARTY_ADMINS_WRONG_STATE,
            json=True,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/start",
            SECRET_PARTY_ADMINS_API,
            json=True,
        ),
    ],
    "api:complete_project": [
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/complete",
            PARTY_ADMINS_API,
            {"result": "Pilot done", "contracts_value": {"amount": "1000.00", "currency": "RUB"}},
            json=True,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/complete",
            E(401, 404, 403, 422, 404, 422),
            {"result": "Pilot done"},
            json=True,
        ),
    ],
    "api:cancel_project": [
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/cancel",
            PARTY_ADMINS_API,
            {"reason": "Funding ended"},
            json=True,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/cancel",
            SECRET_PARTY_ADMINS_API,
            {"reason": "Funding ended"},
            json=True,
        ),
    ],
    "api:list_budget_lines": [
        Case("GET", lambda o: f"{V1}/projects/{PROJECT(o)}/budget", ALL_200),
        Case("GET", lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/budget", PARTIES_SEE),
    ],
    "api:add_budget_line": [
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/budget",
            E(401, 403, 403, 201, 403, 201),
            {"label": "Travel", "amount": "250.50", "currency": "USD"},
            json=True,
        ),
        # An unknown currency: 403 first, then 422.
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/budget",
            E(401, 403, 403, 422, 403, 422),
            {"label": "Travel", "amount": "250.50", "currency": "XYZ"},
            json=True,
        ),
    ],
    "api:remove_budget_line": [
        Case(
            "DELETE",
            lambda o: f"{V1}/projects/{PROJECT(o)}/budget/{o.budget_line.pk}",
            E(401, 403, 403, 204, 403, 204),
        )
    ],
    # The budget is in RUB: a total in RUB needs no rate, one in USD has none yet.
    "api:budget_total": [
        Case("GET", lambda o: f"{V1}/projects/{PROJECT(o)}/budget/total?into=RUB", ALL_200),
        Case(
            "GET",
            lambda o: f"{V1}/projects/{PROJECT(o)}/budget/total?into=USD",
            E(422, 422, 422, 422, 422, 422),
        ),
        Case(
            "GET", lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/budget/total?into=RUB", PARTIES_SEE
        ),
    ],
    "api:list_rates": [Case("GET", lambda o: f"{V1}/rates?currency=USD", SIGNED_IN_API_200)],
    "api:enter_rate": [
        Case(
            "POST",
            lambda o: f"{V1}/rates",
            E(401, 403, 403, 403, 403, 201),
            {"currency": "USD", "into": "RUB", "rate": "92.5", "on": TODAY},
            json=True,
        )
    ],
    "api:list_milestones": [
        Case("GET", lambda o: f"{V1}/projects/{PROJECT(o)}/milestones", ALL_200),
        Case("GET", lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/milestones", PARTIES_SEE),
    ],
    "api:add_milestone": [
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/milestones",
            E(401, 403, 403, 201, 403, 201),
            {"title": "Harvest", "due_on": FUTURE},
            json=True,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/milestones",
            E(401, 404, 403, 201, 404, 201),
            {"title": "Harvest"},
            json=True,
        ),
    ],
    "api:reach_milestone": [
        Case(
            "POST",
            lambda o: f"{V1}/projects/milestones/{o.milestone.public_id}/reach",
            PARTY_ADMINS_API,
            json=True,
        )
    ],
    "api:list_updates": [
        Case("GET", lambda o: f"{V1}/projects/{PROJECT(o)}/updates", ALL_200),
        Case("GET", lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/updates", PARTIES_SEE),
    ],
    "api:post_update": [
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/updates",
            E(401, 403, 201, 201, 403, 201),
            UPDATE,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/projects/{SECRET_PROJECT(o)}/updates",
            E(401, 404, 201, 201, 404, 201),
            UPDATE,
        ),
        # A file that is not what its name says: 403 first, then 422.
        Case(
            "POST",
            lambda o: f"{V1}/projects/{PROJECT(o)}/updates",
            E(401, 403, 422, 422, 403, 422),
            lambda o: {
                "text": "Report",
                "files": SimpleUploadedFile("r.pdf", b"MZ" + b"\x00" * 64),
            },
        ),
    ],
    "api:download_project_attachment": [
        Case(
            "GET", lambda o: f"{V1}/projects/attachments/{o.project_attachment.public_id}", ALL_200
        )
    ],
}

# The pages ask the same as the API: 404 to whoever may not see the project, 403 to whoever sees it
# but may not do this, and a refused transition (wrong status) is a message on the project's page.
PROJECT_EDITORS_GET = E(302, 403, 403, 200, 403, 200)
SECRET_PROJECT_EDITORS_GET = E(302, 404, 403, 200, 404, 200)
PROJECT_EDITORS_POST = E(302, 403, 403, 302, 403, 302)
SECRET_PROJECT_EDITORS_POST = E(302, 404, 403, 302, 404, 302)
PROJECTS_WEB: dict[str, list[Case]] = {
    "projects:list": [
        Case(
            "GET",
            lambda o: (
                "/projects/?country=KZ&partner=RU&status=active&role=lead&topic=robotics"
                f"&year={clock.today().year}&q=project"
            ),
            ALL_200,
        ),
        Case("GET", lambda o: "/projects/?role=boss", E(400, 400, 400, 400, 400, 400)),
    ],
    "projects:mine": [Case("GET", lambda o: "/projects/mine/", SIGNED_IN_200)],
    "projects:record": [Case("GET", lambda o: "/projects/new/", E(302, 403, 403, 200, 403, 200))],
    "projects:project": [
        Case("GET", lambda o: f"/projects/{PROJECT(o)}/", ALL_200),
        Case("GET", lambda o: f"/projects/{SECRET_PROJECT(o)}/", PARTIES_SEE),
    ],
    "projects:edit": [
        Case("GET", lambda o: f"/projects/{PROJECT(o)}/edit/", PROJECT_EDITORS_GET),
        Case("GET", lambda o: f"/projects/{SECRET_PROJECT(o)}/edit/", SECRET_PROJECT_EDITORS_GET),
    ],
    "projects:partners": [
        Case("GET", lambda o: f"/projects/{PROJECT(o)}/partners/", PROJECT_EDITORS_GET),
        Case(
            "GET",
            lambda o: f"/projects/{SECRET_PROJECT(o)}/partners/",
            SECRET_PROJECT_EDITORS_GET,
        ),
    ],
    "projects:start": [
        Case(
            "POST",
            lambda o: f"/projects/{SECRET_PROJECT(o)}/start/",
            SECRET_PROJECT_EDITORS_POST,
            {"starts_on": TODAY},
        ),
        # Already active: editors are told so on the page.
        Case("POST", lambda o: f"/projects/{PROJECT(o)}/start/", PROJECT_EDITORS_POST),
    ],
    "projects:complete": [
        Case(
            "POST",
            lambda o: f"/projects/{PROJECT(o)}/complete/",
            PROJECT_EDITORS_POST,
            {"result": "Pilot done", "contracts_amount": "10", "contracts_currency": "USD"},
        )
    ],
    "projects:cancel": [
        Case(
            "POST",
            lambda o: f"/projects/{PROJECT(o)}/cancel/",
            PROJECT_EDITORS_POST,
            {"reason": "No funding"},
        ),
        Case(
            "POST",
            lambda o: f"/projects/{SECRET_PROJECT(o)}/cancel/",
            SECRET_PROJECT_EDITORS_POST,
            {"reason": "No funding"},
        ),
    ],
    "projects:add_budget_line": [
        Case(
            "POST",
            lambda o: f"/projects/{PROJECT(o)}/budget/",
            PROJECT_EDITORS_POST,
            {"label": "Cloud", "amount": "50", "currency": "USD"},
        ),
        Case(
            "POST",
            lambda o: f"/projects/{SECRET_PROJECT(o)}/budget/",
            SECRET_PROJECT_EDITORS_POST,
            {"label": "Cloud", "amount": "50", "currency": "USD"},
        ),
    ],
    "projects:remove_budget_line": [
        Case(
            "POST",
            lambda o: f"/projects/{PROJECT(o)}/budget/{o.budget_line.pk}/delete/",
            PROJECT_EDITORS_POST,
        ),
        # A line is found only through its own project.
        Case(
            "POST",
            lambda o: f"/projects/{SECRET_PROJECT(o)}/budget/{o.budget_line.pk}/delete/",
            E(302, 404, 403, 404, 404, 404),
        ),
    ],
    "projects:add_milestone": [
        Case(
            "POST",
            lambda o: f"/projects/{PROJECT(o)}/milestones/",
            PROJECT_EDITORS_POST,
            {"title": "Harvest report", "due_on": TODAY},
        )
    ],
    "projects:reach_milestone": [
        Case(
            "POST",
            lambda o: f"/projects/milestones/{o.milestone.public_id}/reach/",
            PROJECT_EDITORS_POST,
        )
    ],
    "projects:post_update": [
        Case(
            "POST",
            lambda o: f"/projects/{PROJECT(o)}/updates/",
            E(302, 403, 302, 302, 403, 302),
            UPDATE,
        ),
        Case(
            "POST",
            lambda o: f"/projects/{SECRET_PROJECT(o)}/updates/",
            E(302, 404, 302, 302, 404, 302),
            UPDATE,
        ),
    ],
    "projects:attachment": [
        Case("GET", lambda o: f"/projects/attachments/{o.project_attachment.public_id}/", ALL_200)
    ],
    "projects:link_agreements": [
        Case(
            "POST",
            lambda o: f"/projects/{PROJECT(o)}/links/",
            PROJECT_EDITORS_POST,
            lambda o: {"agreements": [o.agreement.pk]},
        ),
        Case(
            "POST",
            lambda o: f"/projects/{SECRET_PROJECT(o)}/links/",
            SECRET_PROJECT_EDITORS_POST,
            lambda o: {"agreements": [o.agreement.pk]},
        ),
    ],
    "projects:rates": [
        Case("GET", lambda o: "/operator/rates/", E(302, 403, 403, 403, 403, 200)),
        Case(
            "POST",
            lambda o: "/operator/rates/",
            E(302, 403, 403, 403, 403, 302),
            {"currency": "USD", "into": "RUB", "rate": "90.5", "on": TODAY},
        ),
    ],
}

# Public pages: everyone sees the figures of what they may see; unknown filter values are 400.
ALL_400 = E(400, 400, 400, 400, 400, 400)
INSIGHTS_WEB: dict[str, list[Case]] = {
    "insights:dashboard": [
        Case("GET", lambda o: "/insights/?year_from=2020&kind=memorandum&country=KZ", ALL_200),
        Case("GET", lambda o: "/insights/?year_from=soon", ALL_400),
    ],
    "insights:map": [
        Case("GET", lambda o: "/insights/map/?topic=digital-tech&show=agreements", ALL_200),
        Case("GET", lambda o: "/insights/map/?links=all", ALL_200),
        Case("GET", lambda o: "/insights/map/?country=XX", ALL_400),
    ],
    "insights:csv": [
        Case("GET", lambda o: "/insights/map-edges.csv?status=in_force", ALL_200),
        Case("GET", lambda o: "/insights/project-budgets.csv", ALL_200),
        Case("GET", lambda o: "/insights/agreements-per-year.csv?year_to=1800", ALL_400),
    ],
}

# Opportunities: public when published; applications are confidential to the applicant's
# members, the owner's admins and the reviewers (member_b) — not even the operator.
OPPORTUNITY = lambda o: o.opportunity.public_id  # noqa: E731
APPLICATION = lambda o: o.application.public_id  # noqa: E731
APPLICATION_SEEN = E(302, 404, 200, 200, 200, 404)
DECIDERS_ONLY = E(302, 404, 403, 403, 403, 404)
DRAFT = lambda o: o.draft_opportunity.public_id  # noqa: E731
A_ADMINS_200 = E(302, 403, 403, 200, 403, 200)
A_ADMINS_302 = E(302, 403, 403, 302, 403, 302)


def DRAFT_MANAGERS(done: int) -> tuple[int, ...]:  # noqa: N802
    """Organisation A's draft: hidden from outsiders, refused to its plain member."""
    return E(302, 404, 403, done, 404, done)


def OPERATOR_MANAGES(done: int) -> tuple[int, ...]:  # noqa: N802
    """The third organisation's published opportunity: seen by all, managed by the operator."""
    return E(302, 403, 403, 403, 403, done)


def NEW_OPPORTUNITY(o: Any) -> dict[str, Any]:  # noqa: N802
    return {
        "owner": o.world.org_a.pk,
        "kind": "pilot_request",
        "title": "Drones over the fields",
        "description": "Crop monitoring.",
        "language": "en",
        "time_zone": "Asia/Almaty",
        "closes_at": "2099-01-01T10:00",
        "verified_only": "on",
    }


OWNER_EXPORT = E(302, 404, 404, 404, 404, 404)
OPPORTUNITIES_WEB: dict[str, list[Case]] = {
    "opportunities:list": [
        Case("GET", lambda o: "/opportunities/?q=city&kind=challenge&open=on", ALL_200),
        Case("GET", lambda o: "/opportunities/?kind=lottery", ALL_400),
    ],
    "opportunities:opportunity": [
        Case("GET", lambda o: f"/opportunities/{OPPORTUNITY(o)}/", ALL_200),
        Case(
            "GET",
            lambda o: f"/opportunities/{o.draft_opportunity.public_id}/",
            E(404, 404, 200, 200, 404, 200),
        ),
    ],
    "opportunities:for_us": [Case("GET", lambda o: "/opportunities/for-us/", SIGNED_IN_200)],
    "opportunities:mine": [Case("GET", lambda o: "/opportunities/mine/", SIGNED_IN_200)],
    "opportunities:apply": [
        Case(
            "GET",
            lambda o: f"/opportunities/{OPPORTUNITY(o)}/apply/",
            E(302, 403, 200, 200, 200, 403),
        ),
        Case(
            "POST",
            lambda o: f"/opportunities/{OPPORTUNITY(o)}/apply/",
            # A has applied already; member_b may not apply as A
            E(302, 403, 400, 400, 400, 403),
            lambda o: {"applicant": o.world.org_a.pk},
        ),
    ],
    "opportunities:applications": [
        Case(
            "GET",
            lambda o: f"/opportunities/{OPPORTUNITY(o)}/applications/",
            E(302, 404, 404, 404, 200, 200),
        )
    ],
    # Only the owner's admins export (Gamma City's has none among the roles; A's draft has
    # no application): the reviewer and the operator see or manage, but do not export.
    "opportunities:applications_csv": [
        Case("GET", lambda o: f"/opportunities/{OPPORTUNITY(o)}/applications.csv", OWNER_EXPORT),
        Case(
            "GET",
            lambda o: f"/opportunities/{o.draft_opportunity.public_id}/applications.csv",
            E(302, 404, 404, 200, 404, 404),
        ),
    ],
    "opportunities:applications_xlsx": [
        Case("GET", lambda o: f"/opportunities/{OPPORTUNITY(o)}/applications.xlsx", OWNER_EXPORT),
        Case(
            "GET",
            lambda o: f"/opportunities/{o.draft_opportunity.public_id}/applications.xlsx",
            E(302, 404, 404, 200, 404, 404),
        ),
    ],
    "opportunities:application": [
        Case("GET", lambda o: f"/opportunities/applications/{APPLICATION(o)}/", APPLICATION_SEEN),
        Case(
            "POST",
            lambda o: f"/opportunities/applications/{APPLICATION(o)}/",
            E(302, 404, 400, 400, 403, 404),  # submitted: no longer changed
            {"action": "save"},
        ),
    ],
    "opportunities:withdraw": [
        Case(
            "POST",
            lambda o: f"/opportunities/applications/{APPLICATION(o)}/withdraw/",
            E(302, 404, 302, 302, 403, 404),
        )
    ],
    "opportunities:score": [
        Case(
            "POST",
            lambda o: f"/opportunities/applications/{APPLICATION(o)}/score/",
            E(302, 404, 403, 403, 302, 404),
            lambda o: {f"criterion_{o.opportunity.criteria.get().pk}": "3"},
        )
    ],
    "opportunities:decide": [
        Case(
            "POST",
            lambda o: f"/opportunities/applications/{APPLICATION(o)}/shortlist/",
            DECIDERS_ONLY,
        ),
        Case(
            "POST",
            lambda o: f"/opportunities/applications/{APPLICATION(o)}/accept/",
            DECIDERS_ONLY,
        ),
        Case(
            "POST",
            lambda o: f"/opportunities/applications/{APPLICATION(o)}/reject/",
            DECIDERS_ONLY,
            {"reason": "Not this year."},
        ),
        Case(
            "POST",
            lambda o: f"/opportunities/applications/{APPLICATION(o)}/promote/",
            E(302, 404, 404, 404, 404, 404),
        ),
    ],
    "opportunities:answer_file": [
        Case(
            "GET",
            lambda o: f"/opportunities/answers/{o.answer_file.public_id}/",
            APPLICATION_SEEN,
        )
    ],
    # The owner's pages: organisation A's admins manage its draft; only the operator manages the
    # third organisation's published opportunity.
    "opportunities:create": [
        Case("GET", lambda o: "/opportunities/new/", A_ADMINS_200),
        Case("POST", lambda o: "/opportunities/new/", A_ADMINS_302, lambda o: NEW_OPPORTUNITY(o)),
    ],
    "opportunities:edit": [
        Case("GET", lambda o: f"/opportunities/{DRAFT(o)}/edit/", E(302, 404, 403, 200, 404, 200)),
        Case("GET", lambda o: f"/opportunities/{OPPORTUNITY(o)}/edit/", OPERATOR_MANAGES(200)),
        Case(
            "POST",
            lambda o: f"/opportunities/{DRAFT(o)}/edit/",
            E(302, 404, 403, 400, 404, 400),
            {"title": "", "language": "en", "time_zone": "UTC"},
        ),
    ],
    "opportunities:publish": [
        Case("POST", lambda o: f"/opportunities/{DRAFT(o)}/publish/", DRAFT_MANAGERS(302))
    ],
    "opportunities:close": [
        Case("POST", lambda o: f"/opportunities/{OPPORTUNITY(o)}/close/", OPERATOR_MANAGES(302))
    ],
    "opportunities:setup": [
        Case("GET", lambda o: f"/opportunities/{DRAFT(o)}/setup/", DRAFT_MANAGERS(200))
    ],
    "opportunities:add_question": [
        Case(
            "POST",
            lambda o: f"/opportunities/{DRAFT(o)}/setup/questions/",
            DRAFT_MANAGERS(302),
            {"label": "Team size", "kind": "number", "required": "on"},
        )
    ],
    "opportunities:remove_question": [
        Case(
            "POST",
            # the deck is answered: refused, on the page again
            lambda o: (
                f"/opportunities/{OPPORTUNITY(o)}/setup/questions/"
                f"{o.opportunity.fields.get().pk}/remove/"
            ),
            OPERATOR_MANAGES(400),
        )
    ],
    "opportunities:add_criterion": [
        Case(
            "POST",
            lambda o: f"/opportunities/{DRAFT(o)}/setup/criteria/",
            DRAFT_MANAGERS(302),
            {"name": "Team", "weight": "2", "scale": "5"},
        )
    ],
    "opportunities:remove_criterion": [
        Case(
            "POST",
            lambda o: (
                f"/opportunities/{OPPORTUNITY(o)}/setup/criteria/"
                f"{o.opportunity.criteria.get().pk}/remove/"
            ),
            OPERATOR_MANAGES(302),
        )
    ],
    "opportunities:add_reviewer": [
        Case(
            "POST",
            lambda o: f"/opportunities/{DRAFT(o)}/setup/reviewers/",
            DRAFT_MANAGERS(302),
            lambda o: {"email": o.world.users["member_b"].email},
        )
    ],
    "opportunities:remove_reviewer": [
        Case(
            "POST",
            lambda o: (
                f"/opportunities/{OPPORTUNITY(o)}/setup/reviewers/"
                f"{o.opportunity.reviewers.get().pk}/remove/"
            ),
            OPERATOR_MANAGES(302),
        )
    ],
    # What follows acceptance: the owner's admins only (none of the six roles here)
    **{
        f"opportunities:{name}": [
            Case(
                "POST",
                lambda o, step=step: (
                    f"/opportunities/applications/{APPLICATION(o)}/follow-up/{step}/"
                ),
                DECIDERS_ONLY,
            )
        ]
        for name, step in (
            ("start_engagement", "start"),
            ("record_result", "result"),
            ("add_tranche", "tranches"),
            ("book_residency", "booking"),
        )
    },
    "opportunities:pilot_sites": [
        Case("GET", lambda o: "/opportunities/pilot-sites/?q=almaty&country=KZ&kind=city", ALL_200),
        Case("GET", lambda o: "/opportunities/pilot-sites/?kind=castle", ALL_400),
    ],
    "opportunities:pilot_site": [
        Case("GET", lambda o: f"/opportunities/pilot-sites/{o.pilot_site.public_id}/", ALL_200)
    ],
    "opportunities:create_pilot_site": [
        Case("GET", lambda o: "/opportunities/pilot-sites/new/", A_ADMINS_200)
    ],
    "opportunities:edit_pilot_site": [
        Case(
            "GET",
            lambda o: f"/opportunities/pilot-sites/{o.pilot_site.public_id}/edit/",
            A_ADMINS_200,
        )
    ],
}

# Opportunities over REST: the same answers as the pages, with 401 for anonymous callers on
# everything but the public reads. Applications and what follows them are 404 to everyone who
# may not read them — other organisations, people without one, and the operator.
ENGAGEMENT = lambda o: o.engagement.public_id  # noqa: E731
API_APPLICATION_SEEN = E(401, 404, 200, 200, 200, 404)
API_DRAFT_MANAGERS = lambda done: E(401, 404, 403, done, 404, done)  # noqa: E731
API_OPERATOR_MANAGES = lambda done: E(401, 403, 403, 403, 403, done)  # noqa: E731
API_FOLLOW_UP = lambda done: E(401, 404, 404, done, 404, 404)  # noqa: E731
OWN_ORGANISATION = E(401, 403, 200, 200, 403, 403)
ALL_422 = E(422, 422, 422, 422, 422, 422)
NEW_API_OPPORTUNITY = lambda o: {  # noqa: E731
    "owner": str(ORG_A(o)),
    "kind": "pilot_request",
    "title": "Drones over the fields",
    "description": "Crop monitoring.",
    "language": "en",
    "time_zone": "Asia/Almaty",
    "closes_at": "2099-01-01T10:00:00",
}
NEW_API_PILOT_SITE = lambda o: {  # noqa: E731
    "owner": str(ORG_A(o)),
    "kind": "park",
    "name": "Alpha test track",
    "language": "en",
    "country": "RU",
}
OPPORTUNITIES_API: dict[str, list[Case]] = {
    "api:list_opportunities": [
        Case("GET", lambda o: f"{V1}/opportunities?q=city&kind=challenge&open=true", ALL_200),
        Case("GET", lambda o: f"{V1}/opportunities?kind=lottery&status=secret", ALL_422),
    ],
    "api:create_opportunity": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities",
            E(401, 403, 403, 201, 403, 201),
            NEW_API_OPPORTUNITY,
            json=True,
        )
    ],
    "api:get_opportunity": [
        Case("GET", lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}", ALL_200),
        Case("GET", lambda o: f"{V1}/opportunities/{DRAFT(o)}", E(404, 404, 200, 200, 404, 200)),
    ],
    "api:update_opportunity": [
        Case(
            "PATCH",
            lambda o: f"{V1}/opportunities/{DRAFT(o)}",
            API_DRAFT_MANAGERS(200),
            {"title": "Renamed programme"},
            json=True,
        ),
        Case(
            "PATCH",
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}",
            API_OPERATOR_MANAGES(200),
            {"capacity": 10},
            json=True,
        ),
    ],
    "api:publish_opportunity": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/{DRAFT(o)}/publish",
            API_DRAFT_MANAGERS(200),
            json=True,
        )
    ],
    "api:close_opportunity": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/close",
            API_OPERATOR_MANAGES(200),
            json=True,
        )
    ],
    "api:add_form_field": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/{DRAFT(o)}/fields",
            API_DRAFT_MANAGERS(201),
            {"label": "Team size", "kind": "number"},
            json=True,
        )
    ],
    "api:remove_form_field": [
        Case(
            "DELETE",
            # the deck is answered: it stays
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/fields/{o.opportunity.fields.get().pk}",
            API_OPERATOR_MANAGES(422),
        )
    ],
    "api:add_criterion": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/{DRAFT(o)}/criteria",
            API_DRAFT_MANAGERS(201),
            {"name": "Team", "weight": "2", "scale": 5},
            json=True,
        )
    ],
    "api:remove_criterion": [
        Case(
            "DELETE",
            lambda o: (
                f"{V1}/opportunities/{OPPORTUNITY(o)}/criteria/{o.opportunity.criteria.get().pk}"
            ),
            API_OPERATOR_MANAGES(204),
        )
    ],
    "api:list_reviewers": [
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/reviewers",
            API_OPERATOR_MANAGES(200),
        )
    ],
    "api:assign_reviewer": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/{DRAFT(o)}/reviewers",
            API_DRAFT_MANAGERS(201),
            lambda o: {"person": str(o.world.users["member_b"].person.public_id)},
            json=True,
        )
    ],
    "api:remove_reviewer": [
        Case(
            "DELETE",
            lambda o: (
                f"{V1}/opportunities/{OPPORTUNITY(o)}/reviewers/"
                f"{o.world.users['member_b'].person.public_id}"
            ),
            API_OPERATOR_MANAGES(204),
        )
    ],
    "api:opportunities_for_us": [
        Case("GET", lambda o: f"{V1}/opportunities/for/{ORG_A(o)}", OWN_ORGANISATION)
    ],
    "api:opportunity_eligibility": [
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/eligibility/{ORG_A(o)}",
            OWN_ORGANISATION,
        )
    ],
    "api:start_application": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/applications",
            E(401, 403, 422, 422, 403, 403),  # A has applied already
            lambda o: {"applicant": str(ORG_A(o))},
            json=True,
        )
    ],
    "api:list_my_applications": [
        Case("GET", lambda o: f"{V1}/opportunities/applications", E(401, 200, 200, 200, 200, 200))
    ],
    "api:get_application": [
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}",
            API_APPLICATION_SEEN,
        ),
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/applications/{o.engagement.application.public_id}",
            API_FOLLOW_UP(200),
        ),
    ],
    "api:save_answers": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}/answers",
            E(401, 404, 422, 422, 403, 404),  # submitted: no longer changed
            lambda o: {
                f"field_{o.opportunity.fields.get().pk}": SimpleUploadedFile("deck.pdf", PDF)
            },
        )
    ],
    "api:submit_application": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}/submit",
            E(401, 404, 422, 422, 403, 404),
            json=True,
        )
    ],
    "api:withdraw_application": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}/withdraw",
            E(401, 404, 200, 200, 403, 404),
            json=True,
        )
    ],
    "api:download_answer_file": [
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/answers/{o.answer_file.public_id}",
            API_APPLICATION_SEEN,
        )
    ],
    "api:list_applications_for_review": [
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/applications",
            E(401, 404, 404, 404, 200, 200),
        )
    ],
    "api:rank_applications": [
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/ranking",
            E(401, 404, 404, 404, 200, 200),
        )
    ],
    "api:list_my_scores": [
        Case(
            "GET",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}/scores",
            E(401, 404, 403, 403, 200, 404),
        )
    ],
    "api:score_application": [
        Case(
            "PUT",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}/scores",
            E(401, 404, 403, 403, 200, 404),
            lambda o: {"scores": [{"criterion": o.opportunity.criteria.get().pk, "value": 3}]},
            json=True,
        )
    ],
    "api:decide_application": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}/decision",
            E(401, 404, 403, 403, 403, 404),
            {"decision": "shortlist"},
            json=True,
        )
    ],
    "api:start_engagement": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/applications/{APPLICATION(o)}/engagement",
            E(401, 404, 403, 403, 403, 404),
            json=True,
        ),
        Case(
            "POST",
            # already followed up
            lambda o: (
                f"{V1}/opportunities/applications/{o.engagement.application.public_id}/engagement"
            ),
            API_FOLLOW_UP(422),
            json=True,
        ),
    ],
    "api:get_engagement": [
        Case("GET", lambda o: f"{V1}/opportunities/engagements/{ENGAGEMENT(o)}", API_FOLLOW_UP(200))
    ],
    "api:record_engagement_result": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/engagements/{ENGAGEMENT(o)}/result",
            API_FOLLOW_UP(200),
            {"result": "Prototype built", "contract_value": {"amount": "10", "currency": "RUB"}},
            json=True,
        )
    ],
    "api:add_tranche": [
        Case(
            "POST",
            lambda o: f"{V1}/opportunities/engagements/{ENGAGEMENT(o)}/tranches",
            API_FOLLOW_UP(201),
            {"amount": {"amount": "400", "currency": "RUB"}, "due_on": FUTURE},
            json=True,
        )
    ],
    "api:book_residency": [
        Case(
            "POST",
            # a grant is no residency
            lambda o: f"{V1}/opportunities/engagements/{ENGAGEMENT(o)}/booking",
            API_FOLLOW_UP(422),
            lambda o: {"offer": str(DRAFT(o)), "starts_on": FUTURE},
            json=True,
        )
    ],
    "api:list_pilot_sites": [
        Case("GET", lambda o: f"{V1}/pilot-sites?q=almaty&country=KZ&kind=city", ALL_200),
        Case("GET", lambda o: f"{V1}/pilot-sites?kind=castle", ALL_422),
    ],
    "api:get_pilot_site": [
        Case("GET", lambda o: f"{V1}/pilot-sites/{o.pilot_site.public_id}", ALL_200)
    ],
    "api:create_pilot_site": [
        Case(
            "POST",
            lambda o: f"{V1}/pilot-sites",
            E(401, 403, 403, 201, 403, 201),
            NEW_API_PILOT_SITE,
            json=True,
        )
    ],
    "api:update_pilot_site": [
        Case(
            "PATCH",
            lambda o: f"{V1}/pilot-sites/{o.pilot_site.public_id}",
            E(401, 403, 403, 200, 403, 200),
            {"city": "Almaty"},
            json=True,
        )
    ],
}

EVENT = lambda o: o.event.public_id  # noqa: E731
DRAFT_EVENT = lambda o: o.draft_event.public_id  # noqa: E731
REGISTRATION = lambda o: o.registration.public_id  # noqa: E731
EVENT_DAY = (clock.now() + timedelta(days=30)).date()  # UTC, as the forum's times below
# The published forum's own day (not the day this module was imported: a run may cross midnight).
FORUM_DAY = lambda o: o.event.starts_at.date()  # noqa: E731
NEW_EVENT = {
    "kind": "forum",
    "title": "Tashkent innovation week",
    "language": "en",
    "time_zone": "Asia/Tashkent",
    "starts_at": f"{EVENT_DAY}T09:00",
    "ends_at": f"{EVENT_DAY}T18:00",
    "city": "Tashkent",
}
# Organisation A's event: its admins and the operator organise it.
ORGANISERS_200 = E(302, 403, 403, 200, 403, 200)
ORGANISERS_302 = E(302, 403, 403, 302, 403, 302)
# Organisation A's draft: others may not know it exists.
DRAFT_ORGANISERS = lambda done: E(302, 404, 404, done, 404, done)  # noqa: E731

B2B = lambda o: o.b2b.public_id  # noqa: E731
MEETING = lambda o: o.meeting.public_id  # noqa: E731
PARTICIPANTS_400 = E(302, 403, 400, 400, 400, 403)
SIDES_400 = E(302, 404, 400, 400, 400, 403)
MEETING_ORGANISERS = lambda done: E(302, 404, 403, done, 403, done)  # noqa: E731

EVENTS_WEB: dict[str, list[Case]] = {
    "events:list": [
        Case("GET", lambda o: "/events/?q=forum&kind=forum&when=upcoming", ALL_200),
        Case("GET", lambda o: "/events/?kind=party", ALL_400),
    ],
    "events:mine": [Case("GET", lambda o: "/events/mine/", SIGNED_IN_200)],
    "events:create": [
        Case("GET", lambda o: "/events/new/", A_ADMINS_200),
        Case(
            "POST",
            lambda o: "/events/new/",
            A_ADMINS_302,
            lambda o: {**NEW_EVENT, "organiser": o.world.org_a.pk},
        ),
    ],
    "events:event": [
        Case("GET", lambda o: f"/events/{EVENT(o)}/", ALL_200),
        Case("GET", lambda o: f"/events/{DRAFT_EVENT(o)}/", E(404, 404, 404, 200, 404, 200)),
    ],
    "events:edit": [
        Case("GET", lambda o: f"/events/{EVENT(o)}/edit/", ORGANISERS_200),
        Case("GET", lambda o: f"/events/{DRAFT_EVENT(o)}/edit/", DRAFT_ORGANISERS(200)),
    ],
    "events:publish": [
        Case("POST", lambda o: f"/events/{DRAFT_EVENT(o)}/publish/", DRAFT_ORGANISERS(302))
    ],
    "events:cancel": [Case("POST", lambda o: f"/events/{EVENT(o)}/cancel/", ORGANISERS_302)],
    "events:add_session": [
        Case(
            "POST",
            lambda o: f"/events/{EVENT(o)}/agenda/",
            ORGANISERS_302,
            lambda o: {
                "title": "Ministers' round table",
                "starts_at": f"{FORUM_DAY(o)}T11:00",
                "ends_at": f"{FORUM_DAY(o)}T12:00",
            },
        )
    ],
    "events:remove_session": [
        Case(
            "POST",
            lambda o: f"/events/{EVENT(o)}/agenda/{o.agenda_item.public_id}/remove/",
            ORGANISERS_302,
        )
    ],
    "events:register": [
        # member_b has registered already.
        Case(
            "POST",
            lambda o: f"/events/{EVENT(o)}/register/",
            E(302, 302, 302, 302, 400, 302),
            {"attendance": "onsite"},
        ),
        Case(
            "POST",
            lambda o: f"/events/{DRAFT_EVENT(o)}/register/",
            DRAFT_ORGANISERS(400),
            {"attendance": "onsite"},
        ),
    ],
    "events:registrations": [
        Case("GET", lambda o: f"/events/{EVENT(o)}/registrations/", ORGANISERS_200)
    ],
    "events:cancel_registration": [
        Case(
            "POST",
            lambda o: f"/events/registrations/{REGISTRATION(o)}/cancel/",
            E(302, 404, 404, 403, 302, 403),
        )
    ],
    "events:approve_registration": [
        Case(
            "POST",
            lambda o: f"/events/registrations/{REGISTRATION(o)}/approve/",
            E(302, 404, 404, 302, 403, 302),
        )
    ],
    "events:event_ics": [
        Case("GET", lambda o: f"/events/{EVENT(o)}/calendar.ics", ALL_200),
        Case(
            "GET", lambda o: f"/events/{DRAFT_EVENT(o)}/calendar.ics", E(404, 404, 404, 200, 404, 200)
        ),
    ],
    "events:session_ics": [
        Case("GET", lambda o: f"/events/sessions/{o.agenda_item.public_id}/calendar.ics", ALL_200)
    ],
    "events:my_calendar_ics": [Case("GET", lambda o: "/events/my/calendar.ics", SIGNED_IN_200)],
    "events:calendar": [Case("GET", lambda o: "/events/my/calendar/", SIGNED_IN_200)],
    "events:create_feed": [
        Case("POST", lambda o: "/events/my/calendar/feed/", E(302, 302, 302, 302, 302, 302))
    ],
    "events:revoke_feed": [
        Case("POST", lambda o: "/events/my/calendar/feed/revoke/", E(302, 302, 302, 302, 302, 302))
    ],
    # The secret is the key: whoever holds it reads member_a's agenda, and nothing else opens it.
    "events:feed": [
        Case("GET", lambda o: f"/events/feed/{o.feed_secret}.ics", ALL_200),
        Case("GET", lambda o: "/events/feed/not-a-secret.ics", E(404, 404, 404, 404, 404, 404)),
    ],
    "events:b2b": [Case("GET", lambda o: f"/events/b2b/{B2B(o)}/", ALL_200)],
    "events:b2b_create": [
        Case("GET", lambda o: f"/events/{EVENT(o)}/b2b/new/", ORGANISERS_200),
        Case("POST", lambda o: f"/events/{EVENT(o)}/b2b/new/", E(302, 403, 403, 400, 403, 400)),
    ],
    # Organisations A and B take part already; the others have no organisation to join with.
    "events:b2b_join": [
        Case("POST", lambda o: f"/events/b2b/{B2B(o)}/join/", E(302, 400, 400, 400, 400, 400))
    ],
    # Empty forms: participants' members get the form back (400), others are refused.
    "events:b2b_participation": [
        Case("POST", lambda o: f"/events/b2b/{B2B(o)}/participation/", PARTICIPANTS_400)
    ],
    "events:b2b_availability": [
        Case("POST", lambda o: f"/events/b2b/{B2B(o)}/availability/", PARTICIPANTS_400)
    ],
    "events:b2b_request": [
        Case("POST", lambda o: f"/events/b2b/{B2B(o)}/requests/", PARTICIPANTS_400)
    ],
    "events:b2b_mark": [Case("POST", lambda o: f"/events/b2b/{B2B(o)}/mark/", PARTICIPANTS_400)],
    # Answered already (400) by A; B asked, so it may not answer; others may not know it.
    "events:b2b_answer": [
        Case(
            "POST",
            lambda o, verb=verb: f"/events/b2b/requests/{o.b2b_request.public_id}/{verb}/",
            E(302, 404, 400, 400, 403, 403),
        )
        for verb in ("accept", "decline")
    ],
    "events:b2b_cancel_request": [
        Case(
            "POST",
            lambda o: f"/events/b2b/requests/{o.b2b_request.public_id}/cancel/",
            E(302, 404, 403, 403, 302, 403),
        )
    ],
    # The meeting is a month away: its sides are told check-in has not opened (400); an
    # organiser who is not a side must name the side (400). Naming side A: organisers and A's
    # members are told it has not opened, B's members do not know that participant (404).
    "events:b2b_check_in": [
        Case(
            "POST",
            lambda o: f"/events/b2b/meetings/{MEETING(o)}/check-in/",
            E(302, 404, 400, 400, 400, 400),
        ),
        Case(
            "POST",
            lambda o: f"/events/b2b/meetings/{MEETING(o)}/check-in/",
            E(302, 404, 400, 400, 404, 400),
            lambda o: {"participant": str(o.meeting.request.recipient.public_id)},
        ),
    ],
    "events:b2b_follow_up": [
        Case("POST", lambda o: f"/events/b2b/meetings/{MEETING(o)}/follow-up/", SIDES_400)
    ],
    "events:b2b_organise": [
        Case("GET", lambda o: f"/events/b2b/{B2B(o)}/organise/", ORGANISERS_200)
    ],
    "events:b2b_run": [
        Case("POST", lambda o: f"/events/b2b/{B2B(o)}/run/", E(302, 403, 403, 400, 403, 400))
    ],
    "events:b2b_run_status": [
        Case("GET", lambda o: f"/events/b2b/runs/{o.run.pk}/", ORGANISERS_200)
    ],
    "events:b2b_publish": [
        Case("POST", lambda o: f"/events/b2b/{B2B(o)}/publish/", ORGANISERS_302)
    ],
    "events:b2b_lock": [
        Case("POST", lambda o: f"/events/b2b/meetings/{MEETING(o)}/lock/", MEETING_ORGANISERS(302))
    ],
    "events:b2b_move": [
        Case("POST", lambda o: f"/events/b2b/meetings/{MEETING(o)}/move/", MEETING_ORGANISERS(400))
    ],
    # Not started yet: organisers are told so (400).
    "events:b2b_no_show": [
        Case(
            "POST", lambda o: f"/events/b2b/meetings/{MEETING(o)}/no-show/", MEETING_ORGANISERS(400)
        )
    ],
    "events:decline_registration": [
        Case(
            "POST",
            lambda o: f"/events/registrations/{REGISTRATION(o)}/decline/",
            E(302, 404, 404, 302, 403, 302),
        )
    ],
}

NEW_API_EVENT = lambda o: {  # noqa: E731
    **NEW_EVENT,
    "organiser": str(o.world.org_a.public_id),
    "starts_at": f"{EVENT_DAY}T09:00:00",
    "ends_at": f"{EVENT_DAY}T18:00:00",
}
API_ORGANISERS = lambda done: E(401, 403, 403, done, 403, done)  # noqa: E731
API_DRAFT_ORGANISERS = lambda done: E(401, 404, 404, done, 404, done)  # noqa: E731
SIDE_A = lambda o: o.b2b_request.recipient.public_id  # noqa: E731
SIDE_B = lambda o: o.b2b_request.requester.public_id  # noqa: E731
# Organisation A's participant: its members and the organisers change it; B only sees it.
SIDE_A_CHANGES = lambda done: E(401, 404, done, done, 403, done)  # noqa: E731
B2B_REQUEST = lambda o: o.b2b_request.public_id  # noqa: E731
B2B_SESSION_TIMES = lambda o: {  # noqa: E731
    "ranges": [{"starts_at": o.b2b.starts_at.isoformat(), "ends_at": o.b2b.ends_at.isoformat()}]
}

EVENTS_API: dict[str, list[Case]] = {
    "api:list_events": [
        Case("GET", lambda o: f"{V1}/events?q=forum&kind=forum&when=upcoming", ALL_200),
        Case("GET", lambda o: f"{V1}/events?kind=party", ALL_422),
    ],
    "api:create_event": [
        Case("POST", lambda o: f"{V1}/events", API_ORGANISERS(201), NEW_API_EVENT, json=True)
    ],
    "api:my_events": [Case("GET", lambda o: f"{V1}/events/mine", E(401, 200, 200, 200, 200, 200))],
    "api:get_event": [
        Case("GET", lambda o: f"{V1}/events/{EVENT(o)}", ALL_200),
        Case("GET", lambda o: f"{V1}/events/{DRAFT_EVENT(o)}", E(404, 404, 404, 200, 404, 200)),
    ],
    "api:update_event": [
        Case(
            "PATCH",
            lambda o: f"{V1}/events/{EVENT(o)}",
            API_ORGANISERS(200),
            {"title": "Renamed forum"},
            json=True,
        ),
        Case(
            "PATCH",
            lambda o: f"{V1}/events/{DRAFT_EVENT(o)}",
            API_DRAFT_ORGANISERS(200),
            {"capacity": 50},
            json=True,
        ),
    ],
    "api:publish_event": [
        Case(
            "POST",
            lambda o: f"{V1}/events/{DRAFT_EVENT(o)}/publish",
            API_DRAFT_ORGANISERS(200),
            json=True,
        )
    ],
    "api:cancel_event": [
        Case("POST", lambda o: f"{V1}/events/{EVENT(o)}/cancel", API_ORGANISERS(200), json=True)
    ],
    "api:add_agenda_session": [
        Case(
            "POST",
            lambda o: f"{V1}/events/{EVENT(o)}/agenda",
            API_ORGANISERS(201),
            lambda o: {
                "title": "Ministers' round table",
                "starts_at": f"{FORUM_DAY(o)}T11:00:00",
                "ends_at": f"{FORUM_DAY(o)}T12:00:00",
            },
            json=True,
        )
    ],
    "api:update_agenda_session": [
        Case(
            "PATCH",
            lambda o: f"{V1}/events/{EVENT(o)}/agenda/{o.agenda_item.public_id}",
            API_ORGANISERS(200),
            {"room": "Hall B"},
            json=True,
        )
    ],
    "api:remove_agenda_session": [
        Case(
            "DELETE",
            lambda o: f"{V1}/events/{EVENT(o)}/agenda/{o.agenda_item.public_id}",
            API_ORGANISERS(204),
            json=True,
        )
    ],
    # Organisers see every registration, anyone else their own (an empty page or one).
    "api:list_registrations": [
        Case(
            "GET",
            lambda o: f"{V1}/events/{EVENT(o)}/registrations",
            E(401, 200, 200, 200, 200, 200),
        )
    ],
    "api:register": [
        # member_b has registered already.
        Case(
            "POST",
            lambda o: f"{V1}/events/{EVENT(o)}/registrations",
            E(401, 201, 201, 201, 422, 201),
            {"attendance": "onsite"},
            json=True,
        ),
        Case(
            "POST",
            lambda o: f"{V1}/events/{DRAFT_EVENT(o)}/registrations",
            API_DRAFT_ORGANISERS(422),
            {"attendance": "onsite"},
            json=True,
        ),
    ],
    "api:approve_registration": [
        Case(
            "POST",
            lambda o: f"{V1}/events/registrations/{REGISTRATION(o)}/approve",
            E(401, 404, 404, 200, 403, 200),
            json=True,
        )
    ],
    "api:decline_registration": [
        Case(
            "POST",
            lambda o: f"{V1}/events/registrations/{REGISTRATION(o)}/decline",
            E(401, 404, 404, 200, 403, 200),
            json=True,
        )
    ],
    "api:cancel_registration": [
        Case(
            "POST",
            lambda o: f"{V1}/events/registrations/{REGISTRATION(o)}/cancel",
            E(401, 404, 404, 403, 200, 403),
            json=True,
        )
    ],
    "api:my_agenda": [Case("GET", lambda o: f"{V1}/agenda", E(401, 200, 200, 200, 200, 200))],
    "api:create_feed": [
        Case("POST", lambda o: f"{V1}/agenda/feed", E(401, 201, 201, 201, 201, 201), json=True)
    ],
    # Only member_a has a feed to revoke.
    "api:revoke_feed": [
        Case("DELETE", lambda o: f"{V1}/agenda/feed", E(401, 404, 204, 404, 404, 404), json=True)
    ],
    "api:create_b2b_session": [
        Case(
            "POST",
            lambda o: f"{V1}/events/{EVENT(o)}/b2b",
            API_ORGANISERS(201),
            lambda o: {
                "title": "Investors' hour",
                "mode": "hybrid",
                "meeting_minutes": 20,
                "starts_at": f"{FORUM_DAY(o)}T14:00:00",
                "ends_at": f"{FORUM_DAY(o)}T15:00:00",
                "tables": 2,
                "default_quota": 3,
            },
            json=True,
        )
    ],
    "api:get_b2b_session": [Case("GET", lambda o: f"{V1}/b2b/{B2B(o)}", ALL_200)],
    "api:update_b2b_session": [
        Case(
            "PATCH",
            lambda o: f"{V1}/b2b/{B2B(o)}",
            API_ORGANISERS(200),
            {"title": "Matchmaking, day one"},
            json=True,
        )
    ],
    # Who takes part: participants (A and B) and the organisers.
    "api:list_participants": [
        Case("GET", lambda o: f"{V1}/b2b/{B2B(o)}/participants", E(401, 403, 200, 200, 200, 200))
    ],
    # The schedule is published: the session takes no one any more.
    "api:join_b2b_session": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/{B2B(o)}/participants",
            E(401, 403, 403, 403, 403, 403),
            lambda o: {"organisation": str(o.world.org_a.public_id)},
            json=True,
        )
    ],
    "api:get_participant": [
        Case("GET", lambda o: f"{V1}/b2b/participants/{SIDE_A(o)}", E(401, 404, 200, 200, 200, 200))
    ],
    "api:update_participant": [
        Case(
            "PATCH",
            lambda o: f"{V1}/b2b/participants/{SIDE_A(o)}",
            SIDE_A_CHANGES(200),
            {"quota": 4},
            json=True,
        )
    ],
    "api:set_availability": [
        Case(
            "PUT",
            lambda o: f"{V1}/b2b/participants/{SIDE_A(o)}/availability",
            SIDE_A_CHANGES(200),
            B2B_SESSION_TIMES,
            json=True,
        )
    ],
    # Marks are the participant's own: not even the organisers set them.
    "api:mark_participant": [
        Case(
            "PUT",
            lambda o: f"{V1}/b2b/participants/{SIDE_A(o)}/marks/{SIDE_B(o)}",
            E(401, 404, 204, 204, 403, 403),
            {"kind": "must_meet"},
            json=True,
        )
    ],
    "api:unmark_participant": [
        Case(
            "DELETE",
            lambda o: f"{V1}/b2b/participants/{SIDE_A(o)}/marks/{SIDE_B(o)}",
            E(401, 404, 204, 204, 403, 403),
            json=True,
        )
    ],
    "api:list_meeting_requests": [
        Case("GET", lambda o: f"{V1}/b2b/{B2B(o)}/requests", E(401, 200, 200, 200, 200, 200))
    ],
    # Requests are closed (published); B would be asking itself; others are no participants.
    "api:request_meeting": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/{B2B(o)}/requests",
            E(401, 403, 422, 422, 422, 403),
            lambda o: {"recipient": str(SIDE_B(o))},
            json=True,
        )
    ],
    # B asked and A accepted already: A is told (422), B and the operator may not answer.
    "api:accept_meeting_request": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/requests/{B2B_REQUEST(o)}/accept",
            E(401, 404, 422, 422, 403, 403),
            json=True,
        )
    ],
    "api:decline_meeting_request": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/requests/{B2B_REQUEST(o)}/decline",
            E(401, 404, 422, 422, 403, 403),
            json=True,
        )
    ],
    "api:cancel_meeting_request": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/requests/{B2B_REQUEST(o)}/cancel",
            E(401, 404, 403, 403, 200, 403),
            json=True,
        )
    ],
    # No time at all for the scheduler: organisers are told (422) before anything runs.
    "api:start_schedule_run": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/{B2B(o)}/schedule-runs",
            API_ORGANISERS(422),
            {"time_limit": 0},
            json=True,
        )
    ],
    "api:get_schedule_run": [
        Case(
            "GET",
            lambda o: f"{V1}/b2b/schedule-runs/{o.run.pk}",
            E(401, 404, 404, 200, 404, 200),
        )
    ],
    "api:publish_schedule": [
        Case("POST", lambda o: f"{V1}/b2b/{B2B(o)}/publish", API_ORGANISERS(200), json=True)
    ],
    "api:list_meetings": [
        Case("GET", lambda o: f"{V1}/b2b/{B2B(o)}/meetings", E(401, 200, 200, 200, 200, 200))
    ],
    "api:update_meeting": [
        Case(
            "PATCH",
            lambda o: f"{V1}/b2b/meetings/{MEETING(o)}",
            E(401, 404, 403, 200, 403, 200),
            {"locked": True},
            json=True,
        )
    ],
    # The meeting is a month away: too early to check in or follow up (422); the operator
    # organises, so it must say which side arrived.
    "api:check_in": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/meetings/{MEETING(o)}/check-in",
            E(401, 404, 422, 422, 422, 422),
            {"participant": None},
            json=True,
        )
    ],
    "api:mark_no_show": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/meetings/{MEETING(o)}/no-show",
            E(401, 404, 403, 422, 403, 422),
            json=True,
        )
    ],
    "api:record_follow_up": [
        Case(
            "POST",
            lambda o: f"{V1}/b2b/meetings/{MEETING(o)}/follow-up",
            E(401, 404, 422, 422, 422, 403),
            {"follow_up": True},
            json=True,
        )
    ],
}

PARTICIPANT_A = lambda o: o.b2b.participants.get(organisation=o.world.org_a).public_id  # noqa: E731
SUBJECT_A = lambda o: f"organisation:{o.world.org_a.public_id}"  # noqa: E731
NOT_INTERESTED = lambda o: {  # noqa: E731
    "subject": SUBJECT_A(o),
    "item": f"offer:{o.offer.public_id}",
    "next": "/recommendations/",
}
TEAM_A_POST = E(302, 404, 302, 302, 404, 404)
TEAM_A_API = lambda done: E(401, 404, done, done, 404, 404)  # noqa: E731
MATCHING_WEB = {
    "matching:recommended": [
        Case("GET", lambda o: "/recommendations/", SIGNED_IN_200),
        Case(
            "GET",
            lambda o: f"/recommendations/?organisation={ORG_A(o)}",
            E(302, 400, 200, 200, 400, 400),
        ),
    ],
    "matching:not_interested": [Case("POST", lambda o: "/recommendations/not-interested/",
                                     TEAM_A_POST, NOT_INTERESTED)],
    "matching:interested_again": [Case("POST", lambda o: "/recommendations/interested-again/",
                                       TEAM_A_POST, NOT_INTERESTED)],
    "matching:b2b": [
        Case("GET", lambda o: f"/recommendations/b2b/{PARTICIPANT_A(o)}/",
             E(302, 404, 200, 200, 404, 404))
    ],
    # The published opportunity is a third organisation's (only the operator manages it); the
    # draft is organisation A's.
    "matching:applicants": [
        Case("GET", lambda o: f"/recommendations/opportunities/{OPPORTUNITY(o)}/applicants/",
             E(302, 403, 403, 403, 403, 200)),
        Case("GET", lambda o: f"/recommendations/opportunities/{DRAFT(o)}/applicants/",
             E(302, 404, 403, 200, 404, 200)),
    ],
}
MATCHING_API = {
    "api:list_recommendations": [
        Case("GET", lambda o: f"{V1}/recommendations", E(401, 404, 200, 200, 200, 404)),
        Case("GET", lambda o: f"{V1}/recommendations?organisation={ORG_A(o)}", TEAM_A_API(200)),
    ],
    "api:list_meeting_suggestions": [
        Case("GET", lambda o: f"{V1}/b2b/participants/{PARTICIPANT_A(o)}/suggestions",
             TEAM_A_API(200))
    ],
    "api:list_suggested_applicants": [
        Case("GET", lambda o: f"{V1}/opportunities/{OPPORTUNITY(o)}/suggested-applicants",
             E(401, 403, 403, 403, 403, 200)),
        Case("GET", lambda o: f"{V1}/opportunities/{DRAFT(o)}/suggested-applicants",
             E(401, 404, 403, 200, 404, 200)),
    ],
    "api:list_not_interested": [
        Case("GET", lambda o: f"{V1}/recommendations/not-interested?subject={SUBJECT_A(o)}",
             TEAM_A_API(200))
    ],
    "api:mark_not_interested": [
        Case("PUT", lambda o: f"{V1}/recommendations/not-interested", TEAM_A_API(204),
             lambda o: {"subject": SUBJECT_A(o), "item": f"offer:{o.offer.public_id}"}, json=True)
    ],
    "api:undo_not_interested": [
        Case("DELETE", lambda o: f"{V1}/recommendations/not-interested", TEAM_A_API(204),
             lambda o: {"subject": SUBJECT_A(o), "item": f"offer:{o.offer.public_id}"}, json=True)
    ],
}
# Suggested meetings need the B2B session of the events' objects.
MATCHING_WITH_EVENTS = {"matching:b2b", "api:list_meeting_suggestions"}

MATRIX = {
    **WEB,
    **MATCHING_WEB,
    **MESSAGING_WEB,
    **AGREEMENTS_WEB,
    **PROJECTS_WEB,
    **INSIGHTS_WEB,
    **OPPORTUNITIES_WEB,
    **EVENTS_WEB,
    **API,
    **MESSAGING_API,
    **AGREEMENTS_API,
    **PROJECTS_API,
    **OPPORTUNITIES_API,
    **EVENTS_API,
    **MATCHING_API,
}
ADMIN = re.compile(r"^admin:")


def _all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                names.add(
                    ":".join(
                        filter(None, [namespace, pattern.name or f"<unnamed {pattern.pattern}>"])
                    )
                )

    walk(get_resolver().url_patterns, "")
    return names


def test_every_route_is_in_the_matrix():
    routes = {name for name in _all_route_names() if not ADMIN.match(name)}

    assert sorted(routes - set(MATRIX)) == []
    assert sorted(set(MATRIX) - routes) == []


@pytest.fixture
def objects(world: World, request: pytest.FixtureRequest) -> Objects:
    case = getattr(request.node, "callspec", None) and request.node.callspec.params.get("name")
    return build_objects(world, case)


def build_objects(world: World, case: str | None = None) -> Objects:
    """The world's objects of every app; only what ``case`` needs when one is named (tests that
    name none walk every object)."""
    needs_events = (
        case is None
        or str(case).startswith("events:")
        or case in EVENTS_API
        or case in MATCHING_WITH_EVENTS
    )
    needs_profiles = case is None or case in MATCHING_WEB or case in MATCHING_API
    world.pending.logo.save("logo.png", ContentFile(PNG))
    member_a = Membership.objects.get(
        organisation=world.org_a, person__user=world.users["member_a"]
    )
    objects = Objects(
        world=world,
        offer=OfferFactory(organisation=world.org_a, topics=["robotics"]),
        withdrawn=OfferFactory(organisation=world.org_a, status=Offer.Status.WITHDRAWN),
        invitation=Invitation.objects.create(
            organisation=world.org_a,
            email="invitee@example.org",
            expires_at=clock.now() + timedelta(days=3),
        ),
        membership=member_a,
        token_id=create_api_token(world.users["member_a"], name="ci").token.pk,
        **_messaging_objects(world),
        **_agreement_objects(world),
        **_project_objects(world),
        **_opportunity_objects(world),
        **_engagement_objects(world),
        **(_event_objects(world) if needs_events else {}),
    )
    if needs_profiles:  # what recommendations are made of, as the periodic work stores it
        refresh_profiles()
    return objects


def _event_objects(world: World) -> dict[str, Any]:
    admin_a = world.users["admin_a"]
    starts = clock.now() + timedelta(days=30)

    def create(title: str, **values: Any) -> Event:
        return events.create_event(
            by=admin_a,
            organiser=world.org_a,
            kind="forum",
            title=title,
            language="en",
            time_zone="Europe/Moscow",
            starts_at=starts.replace(hour=6, minute=0, second=0, microsecond=0),
            ends_at=starts.replace(hour=15, minute=0, second=0, microsecond=0),
            city="Moscow",
            online_url="https://meet.example.org/forum",
            **values,
        )

    event = events.publish_event(create("BRICS innovation forum", requires_approval=True), by=admin_a)
    agenda_item = events.add_agenda_session(
        event,
        by=admin_a,
        title="Plenary",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
    )
    return {
        "event": event,
        "draft_event": create("Ministerial meeting"),
        "agenda_item": agenda_item,
        "registration": registrations.register(event, by=world.users["member_b"]),
        "feed_secret": feeds.create_feed(by=world.users["member_a"])[1],
        **_b2b_objects(world, event),
    }


def _b2b_objects(world: World, event: Event) -> dict[str, Any]:
    admin_a = world.users["admin_a"]
    session = b2b.create_b2b_session(
        event,
        by=admin_a,
        title="Matchmaking",
        mode="hybrid",
        meeting_minutes=20,
        starts_at=event.starts_at + timedelta(hours=2),
        ends_at=event.starts_at + timedelta(hours=4),
        tables=3,
        default_quota=6,
    )
    side_a = b2b.join_b2b_session(session, by=admin_a, organisation=world.org_a)
    side_b = b2b.join_b2b_session(session, by=world.users["member_b"], organisation=world.org_b)
    request = b2b.request_meeting(
        session, by=world.users["member_b"], requester=side_b, recipient=side_a, message="Hi"
    )
    b2b.accept_request(request, by=world.users["member_a"])
    run = b2b.start_schedule_run(session, by=admin_a, time_limit=5)
    b2b.execute_schedule_run(run.pk)
    b2b.publish_schedule(session, by=admin_a)
    run.refresh_from_db()
    return {"b2b": session, "b2b_request": request, "meeting": request.meeting, "run": run}


def _agreement_objects(world: World) -> dict[str, Any]:
    operator = world.users["operator"]

    def in_force(title: str, visibility: str) -> Agreement:
        agreement = agreements.record_agreement(
            by=operator,
            kind="memorandum",
            title=title,
            language="en",
            visibility=visibility,
            parties=[agreements.PartyIn(organisation=world.org_a), agreements.PartyIn(state="KZ")],
        )
        agreements.sign_agreement(agreement, by=operator, signed_on=clock.today())
        return agreements.bring_into_force(agreement, by=operator)

    def commitment(agreement: Agreement) -> Commitment:
        return agreements.add_commitment(
            agreement,
            by=operator,
            text="Open a joint laboratory",
            responsible=agreement.parties.get(organisation=world.org_a),
        )

    def document(agreement: Agreement) -> AgreementDocument:
        [added] = agreements.add_documents(
            agreement, by=operator, files=[SimpleUploadedFile("memorandum.pdf", PDF)]
        )
        return added

    public, secret = (
        in_force("Public memorandum", "public"),
        in_force("Secret memorandum", "parties"),
    )
    return {
        "agreement": public,
        "secret": secret,
        "draft": agreements.record_agreement(
            by=operator,
            kind="roadmap",
            title="Draft roadmap",
            language="en",
            parties=[agreements.PartyIn(organisation=world.org_a)],
        ),
        "commitment": commitment(public),
        "secret_commitment": commitment(secret),
        "document": document(public),
        "secret_document": document(secret),
    }


def _project_objects(world: World) -> dict[str, Any]:
    operator = world.users["operator"]
    lead = projects.PartnerIn(organisation=world.org_a, role="lead")
    project = projects.start_project(
        projects.record_project(
            by=operator,
            title="Public project",
            language="en",
            partners=[lead, projects.PartnerIn(state="KZ")],
            starts_on=clock.today(),
        ),
        by=operator,
    )
    update = projects.post_update(
        project, by=operator, text="Going well.", files=[SimpleUploadedFile("report.pdf", PDF)]
    )
    return {
        "project": project,
        "secret_project": projects.record_project(
            by=operator,
            title="Secret project",
            language="en",
            visibility="partners",
            partners=[lead],
            starts_on=clock.today(),
        ),
        "milestone": projects.add_milestone(project, by=operator, title="Pilot running"),
        "project_attachment": update.attachments.get(),
        "budget_line": projects.add_budget_line(
            project, by=operator, label="Sensors", amount="1000", currency="RUB"
        ),
    }


def _opportunity_objects(world: World) -> dict[str, Any]:
    operator, member_a = world.users["operator"], world.users["member_a"]
    now = clock.now()

    def create(owner: Any, title: str) -> Opportunity:
        return opportunities.create_opportunity(
            by=operator,
            owner=owner,
            kind="challenge",
            title=title,
            description="Sensors for the city.",
            language="en",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
        )

    # Owned by a third organisation, so deleting organisation B stays possible.
    opportunity = create(OrganisationFactory(name="Gamma City"), "Smart city challenge")
    deck = opportunities.add_form_field(opportunity, by=operator, label="Deck", kind="file")
    opportunities.add_criterion(opportunity, by=operator, name="Impact", weight="1")
    opportunities.assign_reviewer(opportunity, by=operator, user=world.users["member_b"])
    opportunities.publish_opportunity(opportunity, by=operator)
    application = opportunities.start_application(opportunity, by=member_a, applicant=world.org_a)
    opportunities.save_answers(
        application, by=member_a, files={deck.pk: SimpleUploadedFile("deck.pdf", PDF)}
    )
    opportunities.submit_application(application, by=member_a)
    return {
        "opportunity": opportunity,
        "draft_opportunity": create(world.org_a, "Draft programme"),
        "application": application,
        "answer_file": Answer.objects.get(application=application),
        "pilot_site": opportunities.create_pilot_site(
            by=operator,
            owner=world.org_a,
            kind="city",
            name="Almaty smart district",
            language="en",
            country="KZ",
        ),
    }


def _engagement_objects(world: World) -> dict[str, Any]:
    """Organisation A's grant, awarded to Delta Labs: only A's admins (and Delta's members, none
    of the roles) see the engagement."""
    operator, now = world.users["operator"], clock.now()
    grant = opportunities.create_opportunity(
        by=operator,
        owner=world.org_a,
        kind="grant",
        title="Seed grant",
        description="Money for prototypes.",
        language="en",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        grant_amount="1000",
        grant_currency="RUB",
    )
    opportunities.publish_opportunity(grant, by=operator)
    delta = OrganisationFactory(name="Delta Labs")
    founder = MembershipFactory(organisation=delta, role=Role.MEMBER).person.user
    application = opportunities.start_application(grant, by=founder, applicant=delta)
    opportunities.submit_application(application, by=founder)
    opportunities.accept_application(application, by=operator)
    return {"engagement": opportunities.start_engagement(application, by=operator)}


def _messaging_objects(world: World) -> dict[str, Any]:
    member_a, admin_a = world.users["member_a"], world.users["admin_a"]
    conversation = messaging.start_conversation(
        by=member_a,
        recipients=[admin_a.person],
        subject="Sensors",
        body="See the datasheet.",
        files=[SimpleUploadedFile("datasheet.pdf", PDF)],
    )
    messaging.send_message(conversation, by=admin_a, body="Thanks.")
    return {
        "conversation": conversation,
        "attachment": Attachment.objects.get(message__conversation=conversation),
        "contact_request": messaging.request_contact(
            world.users["member_b"].person, by=world.users["no_org"], message="Hello"
        ),
        "report": messaging.report_abuse(
            world.users["member_b"].person, by=member_a, reason="Spam"
        ),
        "notification": Notification.objects.get(
            recipient=member_a.person, target_id=conversation.pk, kind="message.received"
        ),
        "unsubscribe_token": messaging.unsubscribe_token(member_a.person, "message.received"),
    }


CASES = [
    (name, index, role)
    for name, cases in MATRIX.items()
    for index in range(len(cases))
    for role in ROLES
]


@pytest.mark.parametrize(
    ("name", "index", "role"), CASES, ids=[f"{n}[{i}]-{r}" for n, i, r in CASES]
)
def test_route_answers_each_role_as_expected(objects: Objects, name: str, index: int, role: str):
    case = MATRIX[name][index]
    client = objects.world.client(role)
    url = case.url(objects)
    kwargs: dict[str, Any] = {"content_type": "application/json"} if case.json else {}

    response = (
        client.generic(case.method, url, data=_encode(case.body(objects)), **kwargs)
        if case.method in {"PATCH", "DELETE"} or case.json
        else getattr(client, case.method.lower())(url, case.body(objects))
    )

    assert response.status_code == case.expected[ROLES.index(role)], (
        f"{case.method} {url} as {role}"
    )


def _encode(data: dict[str, Any]) -> Any:
    import json

    return json.dumps(data) if data else ""


ADMIN_URLS = [
    "/admin/",
    "/admin/directory/organisation/",
    "/admin/accounts/user/",
    "/admin/core/auditevent/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_is_only_for_operator(world: World, role: str, url: str):
    response = world.client(role).get(url)

    if role == "operator":  # reaches the admin; what it may change there depends on its permissions
        assert response.status_code in {200, 403, 404}
    else:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
