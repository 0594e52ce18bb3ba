"""Every write to the directory: one verb-first function per use case."""

from .offers import delete_offer, publish_offer, renew_offer, update_offer, withdraw_offer
from .organisations import (
    delete_organisation,
    register_organisation,
    reject_organisation,
    resubmit_organisation,
    set_organisation_logo,
    update_organisation,
    verify_organisation,
)
from .people import (
    accept_invitation,
    change_member_role,
    create_person,
    deliver_invitation,
    invite_colleague,
    leave_organisation,
    remove_member,
    revoke_invitation,
    send_lost_invitations,
    update_person,
)
from .search_documents import offer_document, organisation_document, person_document

__all__ = [
    "accept_invitation",
    "change_member_role",
    "create_person",
    "delete_offer",
    "delete_organisation",
    "deliver_invitation",
    "invite_colleague",
    "leave_organisation",
    "offer_document",
    "organisation_document",
    "person_document",
    "publish_offer",
    "register_organisation",
    "reject_organisation",
    "remove_member",
    "renew_offer",
    "resubmit_organisation",
    "revoke_invitation",
    "send_lost_invitations",
    "set_organisation_logo",
    "update_offer",
    "update_organisation",
    "update_person",
    "verify_organisation",
    "withdraw_offer",
]
