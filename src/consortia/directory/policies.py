"""Who may do what in the directory. Plain predicates, used by services, selectors and views."""

from typing import Any

from consortia.core.permissions import is_operator

from .models import Membership, Offer, Organisation, Person, Role, VerificationStatus


def memberships_by_organisation(user: Any) -> dict[int, Membership]:
    """The user's memberships keyed by organisation id, loaded once per request (user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    if "_consortia_memberships" not in user.__dict__:
        user.__dict__["_consortia_memberships"] = {
            m.organisation_id: m
            for m in Membership.objects.filter(person__user_id=user.pk).select_related(
                "organisation"
            )
        }
    memberships: dict[int, Membership] = user.__dict__["_consortia_memberships"]
    return memberships


def forget_memberships(user: Any) -> None:
    """Call after changing the user's memberships within the same request."""
    user.__dict__.pop("_consortia_memberships", None)
    user.__dict__.pop("_consortia_verified_member", None)


def membership_of(user: Any, organisation: Organisation) -> Membership | None:
    return memberships_by_organisation(user).get(organisation.pk)


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    return (
        organisation.verification_status == VerificationStatus.VERIFIED
        or is_operator(user)
        or membership_of(user, organisation) is not None
    )


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return is_operator(user) or (membership is not None and membership.can_manage)


def can_manage_members(user: Any, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return membership is not None and membership.can_manage


def can_change_role(user: Any, membership: Membership, role: str) -> bool:
    """Admins manage members; only an owner grants or takes away ownership."""
    mine = membership_of(user, membership.organisation)
    if mine is None or not mine.can_manage:
        return False
    if Role.OWNER in (role, membership.role):
        return mine.role == Role.OWNER
    return True


def can_delete_organisation(user: Any, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return is_operator(user) or (membership is not None and membership.role == Role.OWNER)


def can_verify_organisations(user: Any) -> bool:
    return is_operator(user)


def can_register_organisation(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and hasattr(user, "person")


def can_publish_offer(user: Any, organisation: Organisation) -> bool:
    return membership_of(user, organisation) is not None


def can_edit_offer(user: Any, offer: Offer) -> bool:
    return membership_of(user, offer.organisation) is not None


def can_delete_offer(user: Any, offer: Offer) -> bool:
    membership = membership_of(user, offer.organisation)
    return is_operator(user) or (membership is not None and membership.can_manage)


def shares_organisation(user: Any, person: Person) -> bool:
    """Uses ``person.memberships`` (prefetch it for lists)."""
    mine = memberships_by_organisation(user)
    return any(m.organisation_id in mine for m in person.memberships.all())


def is_member_of_verified_organisation(user: Any) -> bool:
    return any(
        m.organisation.verification_status == VerificationStatus.VERIFIED
        for m in memberships_by_organisation(user).values()
    )


def can_see_contacts(user: Any, person: Person) -> bool:
    """E-mail and phone: the person, colleagues and the operator; members too if the person agrees."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == person.user_id or is_operator(user) or shares_organisation(user, person):
        return True
    return (
        person.email_visibility == Person.EmailVisibility.MEMBERS
        and is_member_of_verified_organisation(user)
    )


def can_see_organisation_contacts(user: Any, organisation: Organisation) -> bool:
    """Contacts of an organisation: the operator, its members, and members of verified organisations."""
    return (
        is_operator(user)
        or is_member_of_verified_organisation(user)
        or membership_of(user, organisation) is not None
    )
