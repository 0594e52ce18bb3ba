"""Who may ask for recommendations for whom, and mark them "not interested"."""

from typing import Any

from django.db.models import Model

from consortia.directory import policies as directory
from consortia.directory.models import Organisation
from consortia.events import policies as events
from consortia.events.models import Participant
from consortia.opportunities import policies as opportunities
from consortia.opportunities.models import Opportunity


def can_act_for_subject(user: Any, subject: Model) -> bool:
    """An organisation's suggestions: its members. A B2B participant's: the members of the
    participating organisation. An opportunity's suggested applicants: whoever manages it (the
    owner's admins, the operator)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if isinstance(subject, Organisation):
        return directory.membership_of(user, subject) is not None
    if isinstance(subject, Participant):
        return events.can_act_for(user, subject)
    if isinstance(subject, Opportunity):
        return opportunities.can_manage(user, subject)
    return False
