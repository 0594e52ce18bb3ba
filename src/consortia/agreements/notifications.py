"""Notification kinds of agreements: reminders to the party that answers for a commitment."""

from django.utils.translation import gettext_lazy as _

from consortia.messaging.kinds import NotificationKind, register

COMMITMENT_DUE = register(
    NotificationKind(
        "commitment.due",
        label=_("Commitments of my organisation coming due"),
        summary=_("Due on %(due_on)s under “%(agreement)s”: %(commitment)s"),
    )
)
REPORT_DUE = register(
    NotificationKind(
        "commitment.report_due",
        label=_("Progress reports my organisation owes"),
        summary=_("No progress reported since %(since)s under “%(agreement)s”: %(commitment)s"),
    )
)
