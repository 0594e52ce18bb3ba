"""Who may record, change and report on agreements. Plain predicates."""

from typing import Any

from consortia.core.permissions import is_operator
from consortia.directory import policies as directory

from .models import Agreement, Commitment


def _manages(user: Any, organisation_id: int | None) -> bool:
    membership = directory.memberships_by_organisation(user).get(organisation_id or 0)
    return membership is not None and membership.can_manage


def can_record_agreement(user: Any) -> bool:
    """The operator, or an admin of a verified organisation (who records their own agreements)."""
    return is_operator(user) or any(
        m.can_manage and m.organisation.is_verified
        for m in directory.memberships_by_organisation(user).values()
    )


def can_edit_agreement(user: Any, agreement: Agreement) -> bool:
    """The operator, or an admin of an organisation that is a party (uses prefetched parties)."""
    return is_operator(user) or any(
        _manages(user, party.organisation_id) for party in agreement.parties.all()
    )


def can_report_progress(user: Any, commitment: Commitment) -> bool:
    """An admin of the responsible organisation; for a state, or nobody named, the operator."""
    party = commitment.responsible
    if party is None or party.organisation_id is None:
        return is_operator(user)
    return _manages(user, party.organisation_id)
