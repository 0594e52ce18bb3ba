"""Per-person preferences (UI language, time zone) and the operator MFA requirement."""

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consortia.core.permissions import is_operator


class PersonPreferencesMiddleware:
    """Activate the signed-in person's time zone; their UI language unless they just chose one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        person = getattr(request.user, "person", None) if request.user.is_authenticated else None
        if person is not None:
            try:
                timezone.activate(zoneinfo.ZoneInfo(person.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            if person.ui_language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                translation.activate(person.ui_language)
                request.LANGUAGE_CODE = person.ui_language
        else:
            timezone.deactivate()
        return self.get_response(request)


class OperatorMfaMiddleware:
    """Operator staff must set up TOTP before they reach the console or the admin."""

    PROTECTED = ("/operator/", "/admin/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.CONSORTIA_OPERATOR_MFA == "required"
            and request.path.startswith(self.PROTECTED)
            and is_operator(request.user)
            and not request.user.authenticator_set.filter(type="totp").exists()
        ):
            messages.warning(
                request, _("Operator staff must set up two-factor authentication first.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
