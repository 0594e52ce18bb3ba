"""This process's recommendation index, kept in step with the stored profiles.

Every web process and worker holds one :class:`~consortia.engines.matching.MatchIndex`, built
once from the profiles (with their stored sentence vectors, so nothing is embedded again) and
then brought up to date item by item before each query: the profiles changed since the last look
(with an overlap, since transactions commit out of order) are added, replaced or removed; those
already applied are recognised by their digest and skipped.
"""

import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache

import numpy as np
from django.conf import settings

from consortia.core import clock
from consortia.engines.matching import (
    Encoder,
    Item,
    MatchIndex,
    Query,
    Ranked,
    Taxonomy,
    Vectors,
    load_encoder,
    parse_item,
    recommend,
)

from .models import Profile

OVERLAP = timedelta(minutes=2)
_lock = threading.RLock()
_live: "_Live | None" = None


@cache
def taxonomy() -> Taxonomy:
    return Taxonomy.from_file()


@cache
def encoder() -> Encoder | None:
    """The sentence encoder, unless settings turn it off (``CONSORTIA_MATCHING_ENCODER=none``)."""
    if settings.CONSORTIA_MATCHING_ENCODER == "none":
        return None
    return load_encoder()


def encoder_name() -> str:
    model = encoder()
    return model.name if model is not None else ""


@cache
def _embedder() -> MatchIndex:
    return MatchIndex(taxonomy(), encoder(), capacity=16)


def embed(items: Iterable[Item]) -> dict[str, Vectors]:
    """The sentence vectors of items (none without an encoder), to store with their profiles."""
    return _embedder().embed(items)


def pack(vectors: Vectors | None) -> bytes:
    """float16, whole text first, then what it offers and seeks when it says so (a flag byte)."""
    if vectors is None:
        return b""
    flags = (vectors.offers is not None) | (vectors.seeks is not None) << 1
    parts = [v for v in (vectors.whole, vectors.offers, vectors.seeks) if v is not None]
    return bytes([flags]) + np.concatenate(parts).astype(np.float16).tobytes()


def unpack(data: bytes, dimension: int) -> Vectors | None:
    if not data:
        return None
    flags, values = data[0], np.frombuffer(data[1:], dtype=np.float16).astype(np.float32)
    parts = iter(values.reshape(-1, dimension))
    whole = next(parts)
    offers = next(parts) if flags & 1 else None
    seeks = next(parts) if flags & 2 else None
    return Vectors(whole, offers, seeks)


class _Live:
    def __init__(self) -> None:
        self.index = MatchIndex(taxonomy(), encoder())
        self.applied: dict[str, str] = {}  # key → the digest applied
        self.seen: datetime | None = None

    def sync(self) -> None:
        profiles = Profile.objects.all()
        if self.seen is not None:
            profiles = profiles.filter(changed_at__gte=self.seen - OVERLAP)
        model = self.index.encoder
        items: list[Item] = []
        vectors: dict[str, Vectors] = {}
        for profile in profiles.order_by("changed_at", "pk").iterator(chunk_size=2000):
            self.seen = max(self.seen or profile.changed_at, profile.changed_at)
            state = "removed" if profile.removed else profile.digest
            if self.applied.get(profile.key) == state:
                continue
            self.applied[profile.key] = state
            if profile.removed:
                self.index.remove(profile.key)
                continue
            items.append(parse_item(profile.item, 0))
            if model is not None and profile.encoder == model.name:
                stored = unpack(bytes(profile.vectors), model.dimension)
                if stored is not None:
                    vectors[profile.key] = stored
        if items:
            self.index.add_many(items, vectors)


def rank(query: Query) -> list[Ranked]:
    """The engine's answer for ``query`` over the profiles as they are now."""
    global _live
    with _lock:
        if _live is None:
            _live = _Live()
        _live.sync()
        if query.item not in _live.index:
            return []
        return recommend(_live.index, query, today=clock.now().date())


def forget() -> None:
    """Drop this process's index (tests whose database was rolled back)."""
    global _live
    with _lock:
        _live = None
