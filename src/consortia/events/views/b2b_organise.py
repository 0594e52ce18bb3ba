"""The organisers' B2B pages: setting a session up, the organise page (the scheduler's runs
with objective, bound and each request left out with why, the meeting grid), running the
scheduler, publishing, locking, moving and no-shows. Each view calls one service or selector;
bad input shows the form again (400), a refusal shows on the page, a success redirects."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from consortia.core import clock
from consortia.core.permissions import NotVisible, require

from .. import policies
from ..forms_b2b import (
    B2BSessionForm,
    MoveForm,
    RunForm,
)
from ..models import (
    B2BSession,
    B2BStatus,
    Meeting,
    MeetingRequest,
    RequestStatus,
    ScheduleRun,
    Seat,
)
from ..scheduling import LEFT_OUT_REASONS
from ..selectors import b2b as selectors
from ..selectors import events as event_selectors
from ..services import b2b as services
from .b2b_common import attempt, check_in_open, organised, refusal_form


@login_required
def create(request: HttpRequest, public_id: Any) -> HttpResponse:
    event = event_selectors.event_for(request.user, public_id)
    require(
        policies.can_organise(request.user, event),
        _("Only the event's organisers add B2B sessions."),
    )
    form = B2BSessionForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST":
        session = attempt(
            form,
            lambda form: services.create_b2b_session(event, by=request.user, **form.cleaned_data),
        )
        if session is not None:
            messages.success(request, _("The B2B session is set up."))
            return redirect(session)
    status = 400 if form.errors else 200
    return render(request, "events/b2b_form.html", {"form": form, "event": event}, status=status)


# --- Organisers ------------------------------------------------------------------------------
def _left_out_requests(run: ScheduleRun) -> dict[str, MeetingRequest]:
    """The requests a run left out, by the key it stored (their public id; older runs: pk)."""
    keys = [str(item.get("request")) for item in run.left_out]
    public_ids, pks = [], []
    for key in keys:
        if key.isdigit():
            pks.append(int(key))
        else:
            try:
                public_ids.append(uuid.UUID(key))
            except ValueError:
                continue
    found = MeetingRequest.objects.filter(
        Q(public_id__in=public_ids) | Q(pk__in=pks), session_id=run.session_id
    ).select_related("requester__organisation", "recipient__organisation")
    requests: dict[str, MeetingRequest] = {}
    for found_request in found:
        requests[str(found_request.public_id)] = requests[str(found_request.pk)] = found_request
    return requests


def _quota_reason(request: MeetingRequest | None, meetings: dict[int, int]) -> str | None:
    """Whose quota left the request out, with its number, as the scheduler words it: the side
    whose meetings (``meetings``, by participant) fill its quota."""
    if request is None:
        return None
    full = [
        side
        for side in (request.requester, request.recipient)
        if meetings.get(side.pk, 0) >= side.quota
    ]
    if not full:
        return None
    return "; ".join(
        ngettext(
            "quota of %(name)s reached (%(quota)d meeting)",
            "quota of %(name)s reached (%(quota)d meetings)",
            side.quota,
        )
        % {"name": side.organisation.name, "quota": side.quota}
        for side in full
    )


def _run_context(run: ScheduleRun | None) -> dict[str, Any]:
    if run is None:
        return {"run": None}
    share = None
    if run.objective is not None and run.upper_bound:
        share = round(100 * run.objective / run.upper_bound, 1)
    requests = _left_out_requests(run)
    meetings: dict[int, int] = {}
    if any(item.get("code") == "quota" for item in run.left_out):
        meetings = dict(
            Seat.objects.filter(meeting__session_id=run.session_id)
            .values_list("participant_id")
            .annotate(count=Count("id"))
            .values_list("participant_id", "count")
        )
    left_out = []
    for item in run.left_out:
        found = requests.get(str(item.get("request")))
        code = item.get("code", "")
        reason = _quota_reason(found, meetings) if code == "quota" else None
        left_out.append(
            {
                "request": found,
                "reason": reason or LEFT_OUT_REASONS.get(code, _("other reason")),
            }
        )
    return {
        "run": run,
        "share": share,
        "left_out": left_out,
        "under_way": run.status in (ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING),
    }


def organise_page(
    request: HttpRequest, session: B2BSession, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    participants = list(selectors.participants_of(session))
    counts: dict[int, dict[str, int]] = {p.pk: {"sent": 0, "received": 0} for p in participants}
    accepted = 0
    for requester, recipient, state in MeetingRequest.objects.filter(session=session).values_list(
        "requester_id", "recipient_id", "status"
    ):
        if state in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
            counts.setdefault(requester, {"sent": 0, "received": 0})["sent"] += 1
            counts.setdefault(recipient, {"sent": 0, "received": 0})["received"] += 1
        accepted += state == RequestStatus.ACCEPTED
    slots = list(session.slots.order_by("starts_at"))
    tables = list(session.tables.order_by("id"))
    meetings = list(
        selectors.meetings_visible_to(request.user, session).prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.select_related("participant__organisation").order_by("id"),
            )
        )
    )
    placed: dict[tuple[int, int | None], list[Meeting]] = {}
    for meeting in meetings:
        placed.setdefault((meeting.slot_id, meeting.table_id), []).append(meeting)
    now = clock.now()
    grid = [
        {
            "slot": slot,
            "started": now >= slot.starts_at,
            "check_in_open": check_in_open(slot, now),
            "cells": [placed.get((slot.pk, table.pk), []) for table in tables],
            "online": placed.get((slot.pk, None), []),
        }
        for slot in slots
    ]
    context: dict[str, Any] = {
        "session": session,
        "event": session.event,
        "participants": [(p, counts.get(p.pk, {})) for p in participants],
        "accepted": accepted,
        "run_form": RunForm(),
        "slots": slots,
        "tables": tables,
        "grid": grid,
        "meetings": len(meetings),
        "published": session.status == B2BStatus.PUBLISHED,
        **_run_context(selectors.latest_run(session)),
        **bound,
    }
    status = 400 if any(form.errors for form in bound.values()) else 200
    return render(request, "events/b2b_organise.html", context, status=status)


@login_required
def organise(request: HttpRequest, public_id: Any) -> HttpResponse:
    return organise_page(request, organised(request, public_id))


def back_to_organise(request: HttpRequest, session: B2BSession, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("events:b2b_organise", args=[session.public_id]))


@login_required
@require_POST
def run(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = organised(request, public_id)
    form = RunForm(request.POST)
    started = attempt(
        form,
        lambda form: services.start_schedule_run(
            session, by=request.user, time_limit=form.cleaned_data["time_limit"]
        ),
    )
    if started is None:
        return organise_page(request, session, {"run_form": form})
    return back_to_organise(request, session, _("The scheduler is running."))


@login_required
@require_GET
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    found = ScheduleRun.objects.select_related("session__event").filter(pk=pk).first()
    if found is None or not policies.can_view_event(request.user, found.session.event):
        raise NotVisible()
    require(
        policies.can_organise(request.user, found.session.event),
        _("Only the event's organisers do this."),
    )
    context: dict[str, Any] = {
        "session": found.session,
        "event": found.session.event,
        **_run_context(found),
    }
    response = render(request, "events/b2b_run.html", context)
    if request.GET.get("poll") and not context["under_way"]:
        response["HX-Refresh"] = "true"  # the run is over: reload the page for the new grid
    return response


@login_required
@require_POST
def publish(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = organised(request, public_id)
    try:
        services.publish_schedule(session, by=request.user)
    except ValidationError as error:
        return organise_page(request, session, {"action_form": refusal_form(error)})
    return back_to_organise(request, session, _("The schedule is published; the participants are told."))


def _organiser_meeting(request: HttpRequest, public_id: Any) -> Meeting:
    meeting = selectors.meeting_for(request.user, public_id)
    require(
        policies.can_organise(request.user, meeting.session.event),
        _("Only the event's organisers do this."),
    )
    return meeting


@login_required
@require_POST
def lock(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _organiser_meeting(request, public_id)
    locked = request.POST.get("locked") != "0"
    change = services.lock_meeting if locked else services.unlock_meeting
    change(meeting, by=request.user)
    return back_to_organise(request, meeting.session, _("Locked.") if locked else _("Unlocked."))


@login_required
@require_POST
def move(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _organiser_meeting(request, public_id)
    form = MoveForm(request.POST, session=meeting.session)
    moved = attempt(
        form,
        lambda form: services.move_meeting(
            meeting,
            by=request.user,
            slot=form.cleaned_data["slot"],
            table=form.cleaned_data["table"],
        ),
    )
    if moved is None:
        return organise_page(request, meeting.session, {"move_form": form})
    return back_to_organise(request, meeting.session, _("Moved and locked."))


@login_required
@require_POST
def no_show(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _organiser_meeting(request, public_id)
    try:
        services.mark_no_show(meeting, by=request.user)
    except ValidationError as error:
        return organise_page(request, meeting.session, {"action_form": refusal_form(error)})
    return back_to_organise(request, meeting.session, _("Marked as a no-show."))



routes: list[URLPattern] = [
    path("events/<uuid:public_id>/b2b/new/", create, name="b2b_create"),
    path("events/b2b/<uuid:public_id>/organise/", organise, name="b2b_organise"),
    path("events/b2b/<uuid:public_id>/run/", run, name="b2b_run"),
    path("events/b2b/runs/<int:pk>/", run_status, name="b2b_run_status"),
    path("events/b2b/<uuid:public_id>/publish/", publish, name="b2b_publish"),
    path("events/b2b/meetings/<uuid:public_id>/lock/", lock, name="b2b_lock"),
    path("events/b2b/meetings/<uuid:public_id>/move/", move, name="b2b_move"),
    path("events/b2b/meetings/<uuid:public_id>/no-show/", no_show, name="b2b_no_show"),
]
