"""How fast is the recommendation index at the scale of a large alliance?

    .venv/bin/python benchmarks/recommend_speed.py [--items 150000] [--queries 500]

Items are generated from the development set's texts (benchmarks/data/recommend_dev.json):
each generated item takes one text of the set, in its language, with a name, a city and a
sentence of its own drawn at random, so that no two texts are the same and every word, stem
and Chinese word is real.

The platform embeds an item's texts when the item changes and stores the vectors with it, so
the index is built from stored vectors: the first run embeds every generated text once (a few
hundred texts a second on 2 cores; printed, and cached in benchmarks/results/) and later runs
reuse them. Printed: the embedding rate, the time to build the index from the items and their
stored vectors (features, topics, words), the time per query (median and p95 over ``--queries``
items of every kind) and, for the same queries, scoring every row (``exact=True``) with how
many of them return the same ten, the time to change one item (its text changes and is
embedded again; median and p95), and peak memory (the process's maximum resident set size).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from consortia.engines.matching import (  # noqa: E402
    Item,
    MatchIndex,
    Query,
    Taxonomy,
    Vectors,
    load_encoder,
    parse_item,
    recommend,
)

RESULTS = ROOT / "benchmarks" / "results"

DATA = ROOT / "benchmarks" / "data" / "recommend_dev.json"
CITIES = {
    "ru": ["Казань", "Алматы", "Новосибирск", "Минск", "Ташкент", "Екатеринбург", "Бишкек"],
    "en": ["Campinas", "Pune", "Cairo", "Casablanca", "Manila", "Dubai", "Belgrade"],
    "zh": ["深圳", "成都", "杭州", "西安", "武汉", "苏州", "青岛"],
}
EXTRA = {
    "ru": ["Команда из {n} человек.", "Работаем с {n} года.", "Пилоты в {n} регионах."],
    "en": ["A team of {n} people.", "Founded in {n}.", "Pilots in {n} regions."],
    "zh": ["团队共有{n}人。", "成立于{n}年。", "已在{n}个地区试点。"],
}


def generate(count: int, seed: int = 7) -> list[Item]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["items"]
    base = [parse_item(row, i) for i, row in enumerate(rows)]
    rng = random.Random(seed)
    items = []
    for n in range(count):
        source = base[n % len(base)]
        language = source.language or "en"
        city = rng.choice(CITIES.get(language, CITIES["en"]))
        extra = rng.choice(EXTRA.get(language, EXTRA["en"])).format(n=rng.randint(3, 2020))
        items.append(
            replace(
                source,
                id=f"{source.id}-{n}",
                title=f"{source.title} · {city} {n}",
                text=f"{source.text} {extra}",
            )
        )
    return items


def stored_vectors(items: list[Item], embedder: MatchIndex) -> tuple[np.ndarray, ...]:
    """Every item's vectors (whole, offers, seeks; a zero row where it says nothing of it), as
    the platform stores them: float16 (cached between runs)."""
    cache = RESULTS / f"recommend-vectors-{len(items)}.npz"
    width = embedder.encoder.dimension if embedder.encoder else 0
    if cache.exists():
        arrays = np.load(cache)
        return tuple(arrays[name].astype(np.float16) for name in ("whole", "offers", "seeks"))
    started = time.perf_counter()
    whole = np.zeros((len(items), width), dtype=np.float16)
    offers, seeks = np.zeros_like(whole), np.zeros_like(whole)
    for start in range(0, len(items), 1000):
        found = embedder.embed(items[start : start + 1000])
        for i, item in enumerate(items[start : start + 1000], start):
            vectors = found[item.id]
            whole[i] = vectors.whole
            offers[i] = 0 if vectors.offers is None else vectors.offers
            seeks[i] = 0 if vectors.seeks is None else vectors.seeks
    took = time.perf_counter() - started
    print(f"embedding every item once: {took:.0f} s ({len(items) / took:,.0f} items/s; "
          "done when an item changes, then stored)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    np.savez(cache, whole=whole, offers=offers, seeks=seeks)
    return whole, offers, seeks


def vectors_of(stored: tuple[np.ndarray, ...], i: int) -> Vectors:
    """One item's stored vectors, read back as the platform reads a profile's."""
    whole, offers, seeks = (matrix[i].astype(np.float32) for matrix in stored)
    return Vectors(whole, offers if offers.any() else None, seeks if seeks.any() else None)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=150_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--lexical-only", action="store_true")
    args = parser.parse_args()

    items = generate(args.items)
    encoder = None if args.lexical_only else load_encoder()
    taxonomy = Taxonomy.from_file()
    stored = stored_vectors(items, MatchIndex(taxonomy, encoder)) if encoder else ()
    started = time.perf_counter()
    index = MatchIndex(taxonomy, encoder, capacity=args.items)
    for start in range(0, len(items), 2000):
        chunk = items[start : start + 2000]
        vectors = (
            {item.id: vectors_of(stored, i) for i, item in enumerate(chunk, start)}
            if stored
            else {}
        )
        index.add_many(chunk, vectors=vectors)
    built = time.perf_counter() - started
    print(f"{len(index):,} items, encoder: {encoder.name if encoder else 'none'}")
    print(f"index build from the items and their stored vectors: {built:.1f} s "
          f"({len(items) / built:,.0f} items/s)")

    rng = random.Random(11)
    chosen = rng.sample(items, min(args.queries, len(items)))
    timings, exact_timings, same = [], [], 0
    for item in chosen:
        began = time.perf_counter()
        found = recommend(index, Query("q", item.id, k=10))
        timings.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        every = recommend(index, Query("q", item.id, k=10), exact=True)
        exact_timings.append((time.perf_counter() - began) * 1000)
        same += [r.item for r in found] == [r.item for r in every]
    print(f"query: median {statistics.median(timings):.1f} ms, "
          f"p95 {percentile(timings, 0.95):.1f} ms")
    print(f"the same query scoring every row (exact=True): "
          f"median {statistics.median(exact_timings):.1f} ms, "
          f"p95 {percentile(exact_timings, 0.95):.1f} ms; the same ten in the same order: "
          f"{same} of {len(chosen)} queries")

    updates = []
    for item in rng.sample(items, min(args.updates, len(items))):
        changed = replace(item, text=item.text + " " + rng.choice(["AI", "IoT", "5G"]))
        began = time.perf_counter()
        index.add(changed)
        updates.append((time.perf_counter() - began) * 1000)
    print(f"single-item update: median {statistics.median(updates):.1f} ms, "
          f"p95 {percentile(updates, 0.95):.1f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")
    print("targets: build ≤ 120 s, p95 query ≤ 50 ms, update ≤ 50 ms, peak ≤ 3,072 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
