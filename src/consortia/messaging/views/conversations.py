"""The inbox, one conversation, starting one, expressing interest, and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.htmx import render_page
from consortia.core.http import private_download
from consortia.core.permissions import NotVisible, get_visible, require
from consortia.core.ratelimit import RateLimited, rate_limited_page
from consortia.directory import policies as directory_policies
from consortia.directory import selectors as directory
from consortia.directory.models import Person

from .. import policies, selectors, services
from ..forms import InboxFilterForm, InterestForm, MessageForm, NewConversationForm
from ..services.conversations import MAX_PARTICIPANTS


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"q": "", "archived": False}
    conversations = selectors.inbox(request.user, q=filters["q"], archived=filters["archived"])
    page = Paginator(conversations, 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "archived": filters["archived"], "q": filters["q"]}
    return render_page(
        request, "messaging/inbox.html", context, fragment="messaging/_inbox_results.html"
    )


@login_required
def conversation(request: HttpRequest, public_id: str) -> HttpResponse:
    thread = get_visible(selectors.conversation_detail(request.user), public_id=public_id)
    form = MessageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(
                thread,
                by=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("messaging:conversation", thread.public_id)
    if form.errors:
        status = 400
    services.mark_conversation_read(thread, by=request.user)
    me = selectors.participation(request.user, thread)
    context = {
        "conversation": thread,
        "messages_": selectors.thread(thread),
        "form": form,
        "me": me,
        "context_object": thread.context,
    }
    return render(request, "messaging/conversation.html", context, status=status)


@login_required
@require_POST
def archive(request: HttpRequest, public_id: str) -> HttpResponse:
    thread = get_visible(selectors.conversations_visible_to(request.user), public_id=public_id)
    archived = request.POST.get("archived", "1") == "1"
    services.archive_conversation(thread, by=request.user, archived=archived)
    messages.success(request, _("Archived.") if archived else _("Back in your inbox."))
    return redirect("messaging:inbox")


def _new_conversation_target(request: HttpRequest) -> tuple[list[Person], models.Model | None]:
    """``?to=<person>`` (repeat it for a group) for connected people, ``?organisation=<id>`` for
    its contacts. A person the user may not reach, or themselves, answers 404."""
    if "organisation" in request.GET:
        organisation = get_visible(
            directory.organisation_detail(request.user), public_id=request.GET["organisation"]
        )
        return directory.organisation_contacts(organisation), organisation
    reachable = selectors.people_reachable_by(request.user).exclude(user_id=request.user.pk)
    people = [
        get_visible(reachable, public_id=public_id) for public_id in request.GET.getlist("to")
    ]
    if not people or len(people) >= MAX_PARTICIPANTS:
        raise NotVisible()
    return people, None


@login_required
def new(request: HttpRequest) -> HttpResponse:
    recipients, about = _new_conversation_target(request)
    strangers = [p for p in recipients if not policies.can_message_directly(request.user, p)]
    if about is None and strangers:
        return redirect("messaging:request_contact", strangers[0].public_id)
    form = NewConversationForm(request.POST or None, request.FILES or None)
    context = {"form": form, "recipients": recipients, "about": about}
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_conversation(
                by=request.user,
                recipients=recipients,
                context=about,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except RateLimited as error:
            return rate_limited_page(request, error, "messaging/new_conversation.html", context)
        else:
            return redirect("messaging:conversation", thread.public_id)
    return render(
        request, "messaging/new_conversation.html", context, status=400 if form.errors else 200
    )


@login_required
def interest(request: HttpRequest, public_id: str) -> HttpResponse:
    offer = get_visible(
        directory.offers_visible_to(request.user).select_related("organisation__country"),
        public_id=public_id,
    )
    require(
        directory_policies.membership_of(request.user, offer.organisation) is None,
        _("This is your own organisation's offer."),
    )
    existing = selectors.interest_of(request.user, offer)
    if existing is not None:
        messages.info(request, _("You have already expressed interest; continue here."))
        return redirect("messaging:conversation", existing.conversation.public_id)
    form = InterestForm(request.POST or None)
    context = {"form": form, "offer": offer}
    if request.method == "POST" and form.is_valid():
        try:
            created = services.express_interest(offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except RateLimited as error:
            return rate_limited_page(request, error, "messaging/interest_form.html", context)
        else:
            messages.success(
                request, _("Sent. %(name)s will answer here.") % {"name": offer.organisation.name}
            )
            return redirect("messaging:conversation", created.conversation.public_id)
    return render(
        request, "messaging/interest_form.html", context, status=400 if form.errors else 200
    )


@login_required
def attachment(request: HttpRequest, public_id: str) -> FileResponse:
    """Served only to the conversation's participants, always as a download of its checked type."""
    item = get_visible(selectors.attachments_visible_to(request.user), public_id=public_id)
    return private_download(item.file, filename=item.original_name, content_type=item.content_type)
