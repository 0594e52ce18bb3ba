"""Pages for running one's own organisation and profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import InviteForm, LogoForm, OrganisationForm, PersonForm, RoleForm
from ..models import Membership


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request, "directory/mine.html", {"memberships": selectors.organisations_of(request.user)}
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.register_organisation(
                by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Registered. The operator will verify your organisation soon.")
            )
            return redirect("directory:organisation", organisation.public_id)
    return render(request, "directory/organisation_form.html", {"form": form, "registering": True})


@login_required
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    require(
        policies.can_edit_organisation(request.user, organisation),
        _("Only the organisation's admins can edit it."),
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    logo_form = LogoForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(organisation, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("directory:organisation", organisation.public_id)
    context = {
        "form": form,
        "logo_form": logo_form,
        "organisation": organisation,
        "can_delete": policies.can_delete_organisation(request.user, organisation),
    }
    return render(request, "directory/organisation_form.html", context)


@login_required
@require_POST
def upload_logo(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    require(
        policies.can_edit_organisation(request.user, organisation),
        _("Only the organisation's admins can edit it."),
    )
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_organisation_logo(
                organisation, by=request.user, upload=form.cleaned_data["logo"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Logo updated."))
            return redirect("directory:organisation", organisation.public_id)
    context = {
        "form": OrganisationForm(instance=organisation),
        "logo_form": form,
        "organisation": organisation,
    }
    return render(request, "directory/organisation_form.html", context, status=400)


@login_required
@require_POST
def delete(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    name = organisation.name
    try:
        services.delete_organisation(organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("directory:organisation", organisation.public_id)
    messages.success(
        request, _("%(name)s was deleted with its memberships and offers.") % {"name": name}
    )
    return redirect("directory:mine")


@login_required
@require_POST
def resubmit(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    services.resubmit_organisation(organisation, by=request.user)
    messages.success(request, _("Sent back to the operator for verification."))
    return redirect("directory:organisation", organisation.public_id)


@login_required
def members(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    require(
        policies.membership_of(request.user, organisation) is not None,
        _("Only members see this page."),
    )
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_colleague(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("directory:members", organisation.public_id)
    context = {
        "organisation": organisation,
        "members": selectors.memberships_of_organisation(organisation),
        "invitations": selectors.pending_invitations(organisation),
        "can_manage": policies.can_manage_members(request.user, organisation),
        "form": form,
        "role_form": RoleForm(),
    }
    return render(request, "directory/members.html", context, status=400 if form.errors else 200)


def _membership(request: HttpRequest, membership_id: int) -> Membership:
    """Another organisation's membership answers 404, as in the API."""
    return get_visible(selectors.memberships_visible_to(request.user), pk=membership_id)


@login_required
@require_POST
def change_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.change_member_role(membership, by=request.user, role=form.cleaned_data["role"])
        messages.success(request, _("Role changed."))
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("directory:members", membership.organisation.public_id)


@login_required
@require_POST
def remove_member(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    if membership.person.user_id == request.user.pk:
        services.leave_organisation(membership, by=request.user)
        messages.success(request, _("You left %(name)s.") % {"name": membership.organisation.name})
        return redirect("directory:mine")
    services.remove_member(membership, by=request.user)
    messages.success(request, _("Member removed."))
    return redirect("directory:members", membership.organisation.public_id)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, public_id: str, invitation_id: int) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    invitation = get_object_or_404(selectors.pending_invitations(organisation), pk=invitation_id)
    services.revoke_invitation(invitation, by=request.user)
    messages.success(request, _("Invitation revoked."))
    return redirect("directory:members", organisation.public_id)


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_visible(selectors.invitations(), token=token)
    if request.method == "POST":
        services.accept_invitation(invitation, by=request.user)
        messages.success(
            request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name}
        )
        return redirect("directory:organisation", invitation.organisation.public_id)
    return render(request, "directory/invitation.html", {"invitation": invitation})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(person, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("directory:person", person.public_id)
    return render(
        request, "directory/profile_form.html", {"form": form}, status=400 if form.errors else 200
    )
