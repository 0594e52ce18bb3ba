"""Every write of projects: one verb-first function per use case and per transition."""

from .budget import add_budget_line, enter_rate, remove_budget_line
from .milestones import add_milestone, reach_milestone
from .projects import (
    PartnerIn,
    cancel_project,
    change_project,
    complete_project,
    link_agreements,
    record_project,
    set_partners,
    start_project,
)
from .updates import post_update

__all__ = [
    "PartnerIn",
    "add_budget_line",
    "add_milestone",
    "cancel_project",
    "change_project",
    "complete_project",
    "enter_rate",
    "link_agreements",
    "post_update",
    "reach_milestone",
    "record_project",
    "remove_budget_line",
    "set_partners",
    "start_project",
]
