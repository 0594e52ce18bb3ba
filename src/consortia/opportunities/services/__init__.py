"""Every write of opportunities: one verb-first function per use case and per transition."""

from .applications import (
    accept_application,
    assign_reviewer,
    reject_application,
    remove_reviewer,
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
    remove_criterion,
    remove_form_field,
    update_opportunity,
)
from .pilot_sites import create_pilot_site, update_pilot_site

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
    "create_pilot_site",
    "local_window",
    "publish_opportunity",
    "record_result",
    "reject_application",
    "remove_criterion",
    "remove_form_field",
    "remove_reviewer",
    "save_answers",
    "score_application",
    "shortlist_application",
    "start_application",
    "start_engagement",
    "submit_application",
    "update_opportunity",
    "update_pilot_site",
    "withdraw_application",
]
