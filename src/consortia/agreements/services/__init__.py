"""Every write of agreements: one verb-first function per use case and per transition."""

from .agreements import (
    PartyIn,
    bring_into_force,
    complete_agreement,
    expire_agreement,
    record_agreement,
    sign_agreement,
    terminate_agreement,
)
from .commitments import add_commitment, report_progress
from .documents import add_documents, remove_document
from .lights import refresh_all_lights, refresh_lights
from .reminders import send_commitment_reminders
from .seed import SeedResult, load_seed_agreements

__all__ = [
    "PartyIn",
    "SeedResult",
    "add_commitment",
    "add_documents",
    "bring_into_force",
    "complete_agreement",
    "expire_agreement",
    "load_seed_agreements",
    "record_agreement",
    "refresh_all_lights",
    "refresh_lights",
    "remove_document",
    "report_progress",
    "send_commitment_reminders",
    "sign_agreement",
    "terminate_agreement",
]
