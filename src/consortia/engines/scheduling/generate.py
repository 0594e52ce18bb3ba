"""Generated B2B sessions for tests and benchmarks, shaped like a real cross-border event.

Participants sit in UTC−3 … UTC+8 and are available 09:00–18:00 *local* (give or take an
hour), which maps to different UTC slots for each; some come on site, the rest join online.
Requests target popular participants far more often (Zipf-like), some requests are mutual
and weigh more, some exhibitors keep a fixed table, quotas cap the busiest, and there are few
tables, so that tables, quotas and time zones all bind as they do at a real event.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

SIZES: dict[str, dict[str, int]] = {
    "S": {"participants": 120, "requests": 450, "slots": 8},
    "M": {"participants": 600, "requests": 3000, "slots": 12},
    "L": {"participants": 2000, "requests": 11000, "slots": 16},
    "XL": {"participants": 5000, "requests": 35000, "slots": 24},
}
DAY = datetime(2026, 5, 20, tzinfo=UTC)


def generate(size: str = "S", seed: int = 0, **overrides: int) -> dict[str, Any]:
    """A problem dict in the file format; same size and seed, same problem."""
    shape = {**SIZES[size], **overrides}
    rng = random.Random(f"{size}-{seed}")
    slots = _slots(shape["slots"])
    people = [_participant(rng, i, slots) for i in range(shape["participants"])]
    tables = [{"id": f"t{i + 1}"} for i in range(max(1, sum(p["onsite"] for p in people) // 6))]
    _give_fixed_tables(rng, people, tables)
    requests = _requests(rng, people, shape["requests"])
    return {"slots": slots, "tables": tables, "participants": people, "requests": requests,
            "locked": _locked(rng, slots, tables, people, requests)}


def _slots(count: int) -> list[dict[str, str]]:
    """30-minute slots spread over 05:00–15:00 UTC, when most of UTC−3…+8 is at work."""
    step = timedelta(minutes=600 // count)
    start = DAY + timedelta(hours=5)
    return [
        {"id": f"s{i + 1}", "start": _iso(start + i * step),
         "end": _iso(start + i * step + timedelta(minutes=min(30, 600 // count)))}
        for i in range(count)
    ]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _participant(rng: random.Random, index: int, slots: list[dict[str, str]]) -> dict[str, Any]:
    offset = rng.randint(-3, 8)
    opens = 9 + rng.choice([-1, 0, 0, 1])
    closes = 18 + rng.choice([-2, -1, 0, 0, 1])
    available = []
    for slot in slots:
        start = datetime.fromisoformat(slot["start"].replace("Z", "+00:00"))
        local = start + timedelta(hours=offset)
        if opens <= local.hour + local.minute / 60 < closes and rng.random() > 0.1:
            available.append(slot["id"])
    return {"id": f"p{index + 1}", "available": available,
            "max_meetings": rng.choice([None, None, 3, 4, 6, 8]),
            "onsite": rng.random() < 0.7, "fixed_table": None}


def _give_fixed_tables(rng: random.Random, people: list[dict[str, Any]],
                       tables: list[dict[str, str]]) -> None:
    """About one exhibitor in ten gets its own table, using at most half the tables."""
    onsite = [p for p in people if p["onsite"]]
    exhibitors = rng.sample(onsite, min(len(onsite) // 10, len(tables) // 2))
    for person, table in zip(exhibitors, tables, strict=False):
        person["fixed_table"] = table["id"]


def _requests(rng: random.Random, people: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    ranks = list(range(len(people)))
    rng.shuffle(ranks)
    popularity = [1.0 / (1 + rank) ** 0.8 for rank in ranks]  # Zipf-like heavy tail
    seen: set[tuple[str, ...]] = set()
    requests: list[dict[str, Any]] = []
    while len(requests) < count and len(seen) < count * 3:
        asker = rng.choice(people)
        target = rng.choices(people, weights=popularity)[0]
        members = [asker, target]
        if rng.random() < 0.05:
            members.append(rng.choices(people, weights=popularity)[0])
        key = tuple(sorted(p["id"] for p in members))
        if len(set(key)) < len(key) or key in seen:
            continue
        seen.add(key)
        mutual = rng.random() < 0.15
        everyone_onsite = all(p["onsite"] for p in members)
        requests.append({
            "id": f"r{len(requests) + 1}", "participants": [p["id"] for p in members],
            "weight": (3 if mutual else 1) + rng.choice([0, 0, 0, 1]),
            "online": not everyone_onsite or rng.random() < 0.2,
        })
    return requests


def _locked(rng: random.Random, slots: list[dict[str, str]], tables: list[dict[str, str]],
            people: list[dict[str, Any]], requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """About 1 % of requests already fixed by the organiser, placed so the rules hold."""
    by_id = {p["id"]: p for p in people}
    busy: set[tuple[str, str]] = set()
    taken: set[tuple[str, str]] = set()
    counts: dict[str, int] = {}
    locked = []
    for request in rng.sample(requests, len(requests) // 100):
        members = [by_id[pid] for pid in request["participants"]]
        if any(p["max_meetings"] is not None and counts.get(p["id"], 0) >= p["max_meetings"]
               for p in members):
            continue
        for slot in slots:
            sid = slot["id"]
            if any(sid not in p["available"] or (p["id"], sid) in busy for p in members):
                continue
            table = None
            if not request["online"]:
                fixed = {p["fixed_table"] for p in members} - {None}
                choices = sorted(fixed) if fixed else [t["id"] for t in tables]
                free = [t for t in choices if (t, sid) not in taken]
                if len(fixed) > 1 or not free:
                    continue
                table = free[0]
                taken.add((table, sid))
            busy.update((p["id"], sid) for p in members)
            for p in members:
                counts[p["id"]] = counts.get(p["id"], 0) + 1
            locked.append({"request": request["id"], "slot": sid, "table": table})
            break
    return locked
