"""Recording projects and changing them: description, partners, status, budget, milestones,
updates and the agreements they carry out. Each view calls one service."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.permissions import NotPermitted, get_visible, require

from .. import policies, selectors, services
from ..forms import (
    BudgetLineForm,
    CancelForm,
    CompleteForm,
    LinkForm,
    MilestoneForm,
    PartnersForm,
    ProjectForm,
    ReachForm,
    RecordProjectForm,
    StartForm,
    UpdateForm,
)
from ..models import Partner, Project


def _visible(request: HttpRequest, public_id: str) -> Project:
    """The project, if the user may see it (404 otherwise), with the partners policies read."""
    return get_visible(
        selectors.projects_visible_to(request.user).prefetch_related("partners"),
        public_id=public_id,
    )


def _require_edit(request: HttpRequest, project: Project) -> None:
    require(
        policies.can_edit_project(request.user, project),
        _("Only the operator or a partner's admins change a project."),
    )


def _editable(request: HttpRequest, public_id: str) -> Project:
    """The project, if the user may see it (404) and change it (403)."""
    project = _visible(request, public_id)
    _require_edit(request, project)
    return project


def _refusal(error: ValidationError | NotPermitted) -> ValidationError:
    """A refusal caused by what the form says (not by who sends it), to show on the form."""
    return ValidationError(str(error)) if isinstance(error, NotPermitted) else error


def _submit(
    request: HttpRequest, project: Project, form: forms.Form, call: Callable[[Any], Any], done: Any
) -> HttpResponse:
    """Validate ``form``, call the service, say how it went, and go back to the project."""
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        call(form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done() if callable(done) else done)
    return redirect(project)


def _now(project: Project) -> Callable[[], str]:
    return lambda: _("Now: %(status)s.") % {"status": project.get_status_display()}


@login_required
def record(request: HttpRequest) -> HttpResponse:
    require(
        policies.can_record_project(request.user),
        _("Only the operator or an organisation's admins record projects."),
    )
    form = RecordProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.record_project(by=request.user, **form.service_arguments())
        except (ValidationError, NotPermitted) as error:
            # NotPermitted here: the recorder's organisation is not among the partners.
            add_service_errors(form, _refusal(error))
        else:
            messages.success(request, _("Recorded as proposed. Start it once the work begins."))
            return redirect(project)
    return render(request, "projects/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_for_project(project))
    if request.method == "POST" and form.is_valid():
        try:
            if changes := form.changes():
                services.change_project(project, by=request.user, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project)
    context = {"form": form, "project": project}
    return render(request, "projects/edit.html", context, status=400 if form.errors else 200)


@login_required
def partners(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    current = list(Partner.objects.filter(project=project).select_related("organisation"))
    form = PartnersForm(request.POST or None, initial=PartnersForm.initial_for_partners(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_partners(project, by=request.user, partners=form.partners())
        except (ValidationError, NotPermitted) as error:
            # NotPermitted here: the editor would no longer be a partner's admin.
            add_service_errors(form, _refusal(error))
        else:
            messages.success(request, _("Partners saved."))
            return redirect(project)
    context = {"form": form, "project": project}
    return render(request, "projects/partners.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def start(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    return _submit(
        request,
        project,
        StartForm(request.POST),
        lambda form: services.start_project(project, by=request.user, **form.cleaned_data),
        _now(project),
    )


@login_required
@require_POST
def complete(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    return _submit(
        request,
        project,
        CompleteForm(request.POST),
        lambda form: services.complete_project(
            project, by=request.user, **form.service_arguments()
        ),
        _now(project),
    )


@login_required
@require_POST
def cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    return _submit(
        request,
        project,
        CancelForm(request.POST),
        lambda form: services.cancel_project(project, by=request.user, **form.cleaned_data),
        _now(project),
    )


@login_required
@require_POST
def add_budget_line(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    return _submit(
        request,
        project,
        BudgetLineForm(request.POST, partners=list(project.partners.all())),
        lambda form: services.add_budget_line(project, by=request.user, **form.cleaned_data),
        _("Budget line added."),
    )


@login_required
@require_POST
def remove_budget_line(request: HttpRequest, public_id: str, line_id: int) -> HttpResponse:
    project = _editable(request, public_id)
    line = get_visible(project.budget_lines.all(), pk=line_id)
    services.remove_budget_line(line, by=request.user)
    messages.success(request, _("Budget line removed: %(label)s.") % {"label": line.label})
    return redirect(project)


@login_required
@require_POST
def add_milestone(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    return _submit(
        request,
        project,
        MilestoneForm(request.POST),
        lambda form: services.add_milestone(project, by=request.user, **form.cleaned_data),
        _("Milestone added."),
    )


@login_required
@require_POST
def reach_milestone(request: HttpRequest, public_id: str) -> HttpResponse:
    milestone = get_visible(
        selectors.milestones_visible_to(request.user).select_related("project"),
        public_id=public_id,
    )
    project = milestone.project
    _require_edit(request, project)
    return _submit(
        request,
        project,
        ReachForm(request.POST),
        lambda form: services.reach_milestone(milestone, by=request.user, **form.cleaned_data),
        _("Milestone reached: %(title)s.") % {"title": milestone.title},
    )


@login_required
@require_POST
def post_update(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _visible(request, public_id)
    require(
        policies.can_post_update(request.user, project),
        _("Only members of the partner organisations post updates."),
    )
    form = UpdateForm(request.POST, request.FILES)

    def done() -> str:
        count = len(form.cleaned_data["files"])
        if not count:
            return _("Update posted.")
        return ngettext(
            "Update posted with %(count)d file.", "Update posted with %(count)d files.", count
        ) % {"count": count}

    return _submit(
        request,
        project,
        form,
        lambda form: services.post_update(project, by=request.user, **form.cleaned_data),
        done,
    )


@login_required
@require_POST
def link_agreements(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _editable(request, public_id)
    return _submit(
        request,
        project,
        LinkForm(request.POST, user=request.user, project=project),
        lambda form: services.link_agreements(project, by=request.user, **form.service_arguments()),
        _("Links to agreements saved."),
    )
