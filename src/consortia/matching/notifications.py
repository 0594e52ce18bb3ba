"""The notification kind of recommendations: a few new suggestions each week, gathered into the
weekly digest by default. The reason is stored as data and worded in the reader's language."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from consortia.engines.matching import Reason
from consortia.messaging.kinds import NotificationKind, register
from consortia.messaging.models import Delivery

from .wording import Words


def reason_data(reason: Reason) -> dict[str, Any]:
    return {
        "kind": reason.kind,
        "english": reason.english,
        "topics": list(reason.topics),
        "title": reason.title,
        "roles": list(reason.roles),
        "countries": list(reason.countries),
    }


def _worded(data: Mapping[str, Any]) -> dict[str, str]:
    stored = data.get("why")
    if not isinstance(stored, Mapping):
        return {}
    reason = Reason(
        kind=str(stored.get("kind", "similar")),
        english=str(stored.get("english", "")),
        topics=tuple(stored.get("topics") or ()),
        title=str(stored.get("title", "")),
        roles=tuple(stored.get("roles") or ("", "")),  # type: ignore[arg-type]
        countries=tuple(stored.get("countries") or ("", "")),  # type: ignore[arg-type]
    )
    return {"reason": Words([reason]).say(reason)}


SUGGESTED = register(
    NotificationKind(
        code="matching.suggested",
        label=_("Suggestions for your organisation"),
        summary=_("Suggested for %(organisation)s: %(title)s (%(reason)s)"),
        default=Delivery.WEEKLY,
        prepare=_worded,
    )
)
