from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import TokenForm


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
