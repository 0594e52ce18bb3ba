"""Notification kinds of the directory: what organisation owners hear from the operator."""

from django.utils.translation import gettext_lazy as _

from consortia.messaging.kinds import NotificationKind, register

ORGANISATION_VERIFIED = register(
    NotificationKind(
        "organisation.verified",
        label=_("My organisation was verified"),
        summary=_("%(organisation)s is verified and now listed in the directory"),
    )
)
ORGANISATION_REJECTED = register(
    NotificationKind(
        "organisation.rejected",
        label=_("My organisation was not verified"),
        summary=_("%(organisation)s was not verified: %(reason)s"),
    )
)
