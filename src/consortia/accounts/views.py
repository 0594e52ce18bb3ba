import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consortia.core import clock, privacy
from consortia.core.forms import add_service_errors
from consortia.core.permissions import NotPermitted

from . import selectors, services
from .forms import EraseForm, TokenForm


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = services.create_api_token(request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {"form": form, "issued": issued, "tokens": selectors.api_tokens_of(request.user)}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_tokens_of(request.user), pk=token_id)
    services.revoke_api_token(token, by=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What the platform holds about the person: download it, or erase the account."""
    return _my_data_page(request, EraseForm())


def _my_data_page(request: HttpRequest, form: EraseForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "obstacles": privacy.obstacles(request.user),
        "is_staff": request.user.is_staff or request.user.is_superuser,
    }
    return render(request, "accounts/my_data.html", context, status=status)


@login_required
@require_GET
def export_my_data(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    filename = f"consortia-my-data-{clock.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
@reauthentication_required
def erase_my_account(request: HttpRequest) -> HttpResponse:
    """Erase after the password (or second factor) was given again within the last minutes."""
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _my_data_page(request, form, status=422)
    try:
        services.erase_account(request.user, by=request.user, confirm=form.cleaned_data["confirm"])
    except ValidationError as error:
        add_service_errors(form, error)
        return _my_data_page(request, form, status=422)
    except NotPermitted as refusal:
        form.add_error(None, str(refusal))
        return _my_data_page(request, form, status=403)
    logout(request)
    messages.success(request, _("Your account is erased. Thank you for taking part."))
    return redirect("home")
