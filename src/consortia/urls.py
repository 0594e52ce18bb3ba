from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from consortia.api import api
from consortia.directory.views.browse import home


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


# The admin sits behind the same allauth login (and the operator MFA requirement).
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Consortia"

urlpatterns = [
    path("", home, name="home"),
    path("", include("consortia.directory.urls")),
    path("", include("consortia.messaging.urls")),
    path("", include("consortia.agreements.urls")),
    path("", include("consortia.insights.urls")),
    path("", include("consortia.projects.urls")),
    path("", include("consortia.opportunities.urls")),
    path("", include("consortia.events.urls")),
    path("", include("consortia.matching.urls")),
    path("accounts/", include("consortia.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", health, name="health"),
]

handler404 = "consortia.core.http.not_found"
handler500 = "consortia.core.http.server_error"
