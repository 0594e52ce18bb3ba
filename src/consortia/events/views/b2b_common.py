"""What the B2B pages share: calling a service from a form, the session (404 when unseen) and
the organisers' check, the form that carries a refusal, and when check-in opens."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from consortia.core.forms import add_service_errors
from consortia.core.permissions import require

from .. import policies
from ..models import B2BSession
from ..selectors import b2b as selectors
from ..services.b2b_schedule import CHECK_IN_OPENS


def attempt(form: forms.Form, call: Callable[[Any], Any]) -> Any:
    """Validate ``form`` and call the service; on refusal the errors go onto the form and None
    comes back."""
    if not form.is_valid():
        return None
    try:
        return call(form)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def session_named(request: HttpRequest, public_id: Any) -> B2BSession:
    return selectors.b2b_session_for(request.user, public_id)


def organised(request: HttpRequest, public_id: Any) -> B2BSession:
    session = session_named(request, public_id)
    require(
        policies.can_organise(request.user, session.event),
        _("Only the event's organisers do this."),
    )
    return session


def refusal_form(error: ValidationError) -> forms.Form:
    """A bound empty form carrying a service's refusal, to show on top of a page."""
    form = forms.Form(data={})
    form.is_valid()
    add_service_errors(form, error)
    return form


def check_in_open(slot: Any, now: Any) -> bool:
    """The same rule as ``check_in``: from ``CHECK_IN_OPENS`` before the meeting's slot."""
    return bool(now >= slot.starts_at - CHECK_IN_OPENS)
