"""A project's milestones: what should be reached by when, and when it was."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require
from consortia.directory.services.validation import require_text

from .. import policies
from ..models import Milestone, Project


def _require_edit(project: Project, by: Any) -> None:
    require(
        policies.can_edit_project(by, project),
        _("Only the operator or a partner's admins change a project."),
    )


def add_milestone(
    project: Project, *, by: Any, title: str, due_on: date | None = None
) -> Milestone:
    _require_edit(project, by)
    title = require_text("title", title, max_length=300)
    if due_on is not None and not isinstance(due_on, date):
        raise ValidationError({"due_on": _("Enter a date.")})
    with transaction.atomic():
        position = (project.milestones.aggregate(last=Max("position"))["last"] or 0) + 1
        milestone = Milestone.objects.create(
            project=project, title=title, due_on=due_on, position=position
        )
        audit.record("project.milestone_added", actor=by, target=project, data={"milestone": title})
    return milestone


def reach_milestone(milestone: Milestone, *, by: Any, done_on: date | None = None) -> Milestone:
    """Mark the milestone reached on ``done_on`` (today by default, never in the future)."""
    project = milestone.project
    _require_edit(project, by)
    done_on = done_on or clock.today()
    if not isinstance(done_on, date) or done_on > clock.today():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        updated = Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(
            done_on=done_on
        )
        if not updated:
            raise ValidationError({"done_on": _("This milestone is already reached.")})
        audit.record(
            "project.milestone_reached",
            actor=by,
            target=project,
            data={"milestone": milestone.title, "on": done_on.isoformat()},
        )
    milestone.refresh_from_db()
    return milestone
