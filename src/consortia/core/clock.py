"""The one source of "now". Tests move time with :func:`frozen`; code never calls datetime.now()."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from django.utils import timezone

_frozen: datetime | None = None


def now() -> datetime:
    """The current aware UTC time (or the frozen time inside :func:`frozen`)."""
    return _frozen if _frozen is not None else timezone.now()


def today() -> date:
    """Today's date in UTC."""
    return now().date()


@contextmanager
def frozen(at: datetime) -> Iterator[datetime]:
    """Freeze :func:`now` at ``at`` (aware) for the duration of the block."""
    global _frozen
    if timezone.is_naive(at):
        raise ValueError("clock.frozen needs an aware datetime")
    previous, _frozen = _frozen, at
    try:
        yield at
    finally:
        _frozen = previous
