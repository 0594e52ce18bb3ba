"""Who may do what in the directory. Plain predicates, used by services, selectors and views."""

from typing import Any

from consortia.core.permissions import is_operator

from .models import Membership, Offer, Organisation, Person, Role, VerificationStatus


def membership_of(user: Any, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, Membership | None] = user.__dict__.setdefault("_consortia_memberships", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = Membership.objects.filter(
            organisation_id=organisation.pk, person__user_id=user.pk
        ).first()
    return cache[organisation.pk]


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
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        person=person, organisation__memberships__person__user_id=user.pk
    ).exists()


def is_member_of_verified_organisation(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if "_consortia_verified_member" not in user.__dict__:
        user.__dict__["_consortia_verified_member"] = Membership.objects.filter(
            person__user_id=user.pk, organisation__verification_status=VerificationStatus.VERIFIED
        ).exists()
    return bool(user.__dict__["_consortia_verified_member"])


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
    return (
        is_operator(user)
        or membership_of(user, organisation) is not None
        or is_member_of_verified_organisation(user)
    )
