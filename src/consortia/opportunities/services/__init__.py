"""Every write of opportunities: one verb-first function per use case and per transition."""

from .applications import (
    accept_application,
    assign_reviewer,
    reject_application,
    save_answers,
    score_application,
    shortlist_application,
    start_application,
    submit_application,
    withdraw_application,
)
from .engagements import add_tranche, book_residency, booked_on, record_result, start_engagement
from .opportunities import (
    add_criterion,
    add_form_field,
    close_opportunity,
    create_opportunity,
    local_window,
    publish_opportunity,
)

__all__ = [
    "accept_application",
    "add_criterion",
    "add_form_field",
    "add_tranche",
    "assign_reviewer",
    "book_residency",
    "booked_on",
    "close_opportunity",
    "create_opportunity",
    "local_window",
    "publish_opportunity",
    "record_result",
    "reject_application",
    "save_answers",
    "score_application",
    "shortlist_application",
    "start_application",
    "start_engagement",
    "submit_application",
    "withdraw_application",
]
