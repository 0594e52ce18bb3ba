"""Messaging's buttons on other apps' pages: write, ask to get in touch, express interest.

Other apps' templates ``{% load messaging %}`` and place these tags; they never import our views.
"""

from typing import Any

from django import template

from consortia.core import clock
from consortia.directory import policies as directory_policies
from consortia.directory.models import Offer, Organisation, Person

from .. import policies, selectors

register = template.Library()


@register.inclusion_tag("messaging/_person_actions.html", takes_context=True)
def person_actions(context: dict[str, Any], person: Person) -> dict[str, Any]:
    user = context["request"].user
    me = policies.person_of(user)
    if me is None or me.pk == person.pk:
        return {"show": False}
    direct = policies.can_message_directly(user, person)
    return {
        "show": True,
        "person": person,
        "direct": direct,
        "can_request": not direct and policies.can_request_contact(user, person),
        "previous": None if direct else selectors.contact_request_between(user, person.pk),
        "blocked": policies.has_blocked(me, person),
    }


@register.inclusion_tag("messaging/_offer_actions.html", takes_context=True)
def offer_actions(context: dict[str, Any], offer: Offer) -> dict[str, Any]:
    user = context["request"].user
    own = directory_policies.membership_of(user, offer.organisation) is not None
    open_ = offer.status == Offer.Status.ACTIVE and not offer.is_expired(clock.today())
    return {
        "offer": offer,
        "signed_in": user.is_authenticated,
        "own": own,
        "open": open_,
        "interests": list(selectors.interests_in_offer(user, offer)) if own else [],
        "mine": None if own else selectors.interest_of(user, offer),
    }


@register.inclusion_tag("messaging/_organisation_actions.html", takes_context=True)
def organisation_actions(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    user = context["request"].user
    return {
        "organisation": organisation,
        "show": policies.person_of(user) is not None
        and organisation.is_verified
        and directory_policies.membership_of(user, organisation) is None,
    }
