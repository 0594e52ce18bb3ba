"""How fast is the recommendation index at the scale of a large alliance?

    .venv/bin/python benchmarks/recommend_speed.py [--items 150000] [--queries 500]

Items are generated from the development set's texts (benchmarks/data/recommend_dev.json):
each generated item takes one text of the set, in its language, with a name, a city and a
sentence of its own drawn at random, so that no two texts are the same and every word, stem
and Chinese word is real. Printed: the time to build the index (features and topics, and the
sentence encoder over every text), the time per query (median and p95 over ``--queries`` items
of every kind), the time to change one item (its text changes; median and p95), and peak memory
(the process's maximum resident set size).
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from consortia.engines.matching import (  # noqa: E402
    Item,
    MatchIndex,
    Query,
    Taxonomy,
    load_encoder,
    parse_item,
    recommend,
)

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
    started = time.perf_counter()
    index = MatchIndex(Taxonomy.from_file(), encoder, capacity=args.items)
    for start in range(0, len(items), 2000):
        index.add_many(items[start : start + 2000])
    built = time.perf_counter() - started
    print(f"{len(index):,} items, encoder: {encoder.name if encoder else 'none'}")
    print(f"index build: {built:.1f} s ({len(items) / built:,.0f} items/s)")

    rng = random.Random(11)
    chosen = rng.sample(items, min(args.queries, len(items)))
    timings = []
    for item in chosen:
        began = time.perf_counter()
        recommend(index, Query("q", item.id, k=10))
        timings.append((time.perf_counter() - began) * 1000)
    print(f"query: median {statistics.median(timings):.1f} ms, "
          f"p95 {percentile(timings, 0.95):.1f} ms")

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
