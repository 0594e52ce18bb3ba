from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .permissions import is_operator


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "is_operator": is_operator(getattr(request, "user", None)),
        "site_url": settings.SITE_URL,
    }
