"""The registry of notification kinds. Each app declares its kinds in its ``notifications.py``.

A kind names what happened (``message.received``), how it reads in a list, a digest and an e-mail
subject, and how it is delivered by e-mail unless the person chose otherwise.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from .models import Delivery


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: Promise
    """What the person chooses e-mail for, in the preferences ("New messages")."""
    summary: Promise
    """One line with ``%(name)s`` placeholders filled from the notification's data."""
    default: str = Delivery.IMMEDIATE
    prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = field(default=None)
    """Turns stored codes into words at rendering time, in the reader's language."""
    for_operators: bool = False
    """Only operator staff receive it (and see it in their preferences)."""

    def describe(self, data: Mapping[str, Any]) -> str:
        """The summary in the active language (call inside ``translation.override``)."""
        values = _Blank(data)
        if self.prepare is not None:
            values.update(self.prepare(data))
        return str(self.summary) % values


KINDS: dict[str, NotificationKind] = {}


def register(kind: NotificationKind) -> NotificationKind:
    if kind.code in KINDS and KINDS[kind.code] != kind:
        raise ValueError(f"notification kind {kind.code} is registered twice")
    KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> NotificationKind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown notification kind {code!r}") from None


def kinds_for(*, operator: bool) -> list[NotificationKind]:
    """The kinds a person can receive, in a stable order for the preferences page."""
    return [kind for _, kind in sorted(KINDS.items()) if operator or not kind.for_operators]
