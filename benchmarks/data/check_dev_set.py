"""Check the recommendation development set (issue 7) and print its counts.

    python benchmarks/data/check_dev_set.py [path/to/recommend_dev.json]

Standard library only. Exits with status 1 and one line per problem when the set breaks a rule
of benchmarks/data/README.md; otherwise prints the counts per language, cluster and kind.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_PATH = HERE / "recommend_dev.json"
TOPICS_PATH = HERE.parents[1] / "src" / "consortia" / "directory" / "data" / "topics.json"

KINDS = {"organisation", "offer", "need", "opportunity", "event"}
ORG_KINDS = {
    "startup",
    "corporation",
    "sme",
    "investor",
    "technopark",
    "university",
    "government",
    "research",
    "association",
}
LANGUAGES = ("ru", "en", "zh")
ITEM_FIELDS = {
    "id",
    "kind",
    "org_kind",
    "country",
    "language",
    "title",
    "text",
    "offers",
    "seeks",
    "cluster",
}
REQUIRED_ITEM_FIELDS = {"id", "kind", "country", "language", "title", "text", "cluster"}
QUERY_FIELDS = {"id", "item", "kinds", "k", "relevant"}

MIN_ITEMS = 180
MIN_ITEMS_PER_LANGUAGE = 55
MIN_CLUSTERS = 12
MIN_QUERIES = 70
MIN_RELEVANT, MAX_RELEVANT = 3, 10
MAX_SENTENCES = 4

# A sentence ends with . ! ? followed by a space or the end, or with a Chinese full stop.
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。！？]")
# Latin words in Chinese text must be acronyms or brand-like codes (5G, PACS), never plain words.
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def load_topic_codes() -> set[str]:
    topics = json.loads(TOPICS_PATH.read_text(encoding="utf-8"))
    return {topic["code"] for topic in topics}


def check_items(items: list[dict[str, Any]], topic_codes: set[str]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for position, item in enumerate(items):
        where = f"items[{position}] ({item.get('id', '?')})"
        missing = REQUIRED_ITEM_FIELDS - item.keys()
        if missing:
            problems.append(f"{where}: missing fields {sorted(missing)}")
            continue
        unknown = item.keys() - ITEM_FIELDS
        if unknown:
            problems.append(f"{where}: unexpected fields {sorted(unknown)} (no 'topics' here)")
        item_id = item["id"]
        if item_id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(item_id)
        if item["kind"] not in KINDS:
            problems.append(f"{where}: kind {item['kind']!r} is not one of {sorted(KINDS)}")
        if item["kind"] == "organisation":
            if item.get("org_kind") not in ORG_KINDS:
                problems.append(f"{where}: org_kind {item.get('org_kind')!r} is not valid")
        elif "org_kind" in item:
            problems.append(f"{where}: org_kind is only for organisations")
        if item["language"] not in LANGUAGES:
            problems.append(f"{where}: language {item['language']!r} is not one of {LANGUAGES}")
        if not item_id.startswith(item["language"] + "-"):
            problems.append(f"{where}: id does not start with its language")
        if not re.fullmatch(r"[A-Z]{2}", item["country"]):
            problems.append(f"{where}: country {item['country']!r} is not ISO alpha-2")
        if item["cluster"] not in topic_codes:
            problems.append(f"{where}: cluster {item['cluster']!r} is not a topic code")
        for field in ("title", "text", "offers", "seeks"):
            if field in item and not str(item[field]).strip():
                problems.append(f"{where}: {field} is empty")
        sentences = len(SENTENCE_END.findall(item["text"].strip()))
        if not 1 <= sentences <= MAX_SENTENCES:
            problems.append(f"{where}: text has {sentences} sentences, expected 1-{MAX_SENTENCES}")
        if item["language"] == "zh":
            for field in ("title", "text", "offers", "seeks"):
                words = LATIN_WORD.findall(str(item.get(field, "")))
                plain = [word for word in words if word != word.upper()]
                if plain:
                    problems.append(f"{where}: {field} has non-acronym Latin words {plain}")
    return problems


def check_queries(
    queries: list[dict[str, Any]], items_by_id: dict[str, dict[str, Any]]
) -> list[str]:
    problems: list[str] = []
    seen_ids: set[str] = set()
    seen_items: set[str] = set()
    for position, query in enumerate(queries):
        where = f"queries[{position}] ({query.get('id', '?')})"
        if set(query) != QUERY_FIELDS:
            problems.append(f"{where}: fields must be exactly {sorted(QUERY_FIELDS)}")
            continue
        if query["id"] in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(query["id"])
        source = items_by_id.get(query["item"])
        if source is None:
            problems.append(f"{where}: item {query['item']!r} does not exist")
            continue
        if query["item"] in seen_items:
            problems.append(f"{where}: item {query['item']!r} already has a query")
        seen_items.add(query["item"])
        kinds = query["kinds"]
        if not kinds or not set(kinds) <= KINDS:
            problems.append(
                f"{where}: kinds {kinds!r} must be a non-empty subset of {sorted(KINDS)}"
            )
        if not isinstance(query["k"], int) or query["k"] < 1:
            problems.append(f"{where}: k must be a positive integer")
        relevant: dict[str, int] = query["relevant"]
        if not MIN_RELEVANT <= len(relevant) <= MAX_RELEVANT:
            problems.append(
                f"{where}: {len(relevant)} relevant items, expected {MIN_RELEVANT}-{MAX_RELEVANT}"
            )
        cross_lingual = False
        for relevant_id, grade in relevant.items():
            target = items_by_id.get(relevant_id)
            if relevant_id == query["item"]:
                problems.append(f"{where}: lists its own item as relevant")
            if grade not in (1, 2):
                problems.append(f"{where}: grade of {relevant_id} is {grade!r}, expected 1 or 2")
            if target is None:
                problems.append(f"{where}: relevant item {relevant_id!r} does not exist")
                continue
            if target["kind"] not in kinds:
                problems.append(
                    f"{where}: relevant {relevant_id} is a {target['kind']}, not in {kinds}"
                )
            if target["language"] != source["language"]:
                cross_lingual = True
        if not cross_lingual:
            problems.append(f"{where}: no relevant item in another language than the query")
    return problems


def print_counts(items: list[dict[str, Any]], queries: list[dict[str, Any]]) -> None:
    items_by_id = {item["id"]: item for item in items}
    by_language = Counter(item["language"] for item in items)
    print(f"items: {len(items)}  " + "  ".join(f"{lang}={by_language[lang]}" for lang in LANGUAGES))
    print(
        "kinds: "
        + ", ".join(f"{k}={n}" for k, n in Counter(i["kind"] for i in items).most_common())
    )
    org_kinds = Counter(item["org_kind"] for item in items if item["kind"] == "organisation")
    print("org_kinds: " + ", ".join(f"{k}={n}" for k, n in org_kinds.most_common()))
    clusters = sorted({item["cluster"] for item in items})
    print(f"clusters: {len(clusters)}")
    print(f"  {'cluster':<26}" + "".join(f"{lang:>5}" for lang in LANGUAGES) + "  total  queries")
    query_clusters = Counter(items_by_id[q["item"]]["cluster"] for q in queries)
    for cluster in clusters:
        per_language = Counter(i["language"] for i in items if i["cluster"] == cluster)
        print(
            f"  {cluster:<26}"
            + "".join(f"{per_language[lang]:>5}" for lang in LANGUAGES)
            + f"{sum(per_language.values()):>7}{query_clusters[cluster]:>9}"
        )
    query_languages = Counter(items_by_id[q["item"]]["language"] for q in queries)
    print(
        f"queries: {len(queries)}  "
        + "  ".join(f"{lang}={query_languages[lang]}" for lang in LANGUAGES)
    )
    both_other = 0
    cross_cluster = 0
    graded: Counter[int] = Counter()
    cross_lingual_pairs = 0
    total_pairs = 0
    for query in queries:
        source = items_by_id[query["item"]]
        languages = {items_by_id[r]["language"] for r in query["relevant"]}
        if languages >= set(LANGUAGES) - {source["language"]}:
            both_other += 1
        for relevant_id, grade in query["relevant"].items():
            graded[grade] += 1
            total_pairs += 1
            target = items_by_id[relevant_id]
            cross_lingual_pairs += target["language"] != source["language"]
            cross_cluster += target["cluster"] != source["cluster"]
    print(f"  queries with relevant items in both other languages: {both_other}")
    print(
        f"  relevance labels: {total_pairs} (grade 2: {graded[2]}, grade 1: {graded[1]}); "
        f"cross-lingual {cross_lingual_pairs}, cross-cluster {cross_cluster}"
    )


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    if set(data) != {"items", "queries"}:
        print(f"{path}: top level must have exactly 'items' and 'queries'")
        return 1
    items: list[dict[str, Any]] = data["items"]
    queries: list[dict[str, Any]] = data["queries"]
    problems = check_items(items, load_topic_codes())
    items_by_id = {item["id"]: item for item in items if "id" in item}
    problems += check_queries(queries, items_by_id)
    if not problems:
        by_language = Counter(item["language"] for item in items)
        clusters = {item["cluster"] for item in items}
        if len(items) < MIN_ITEMS:
            problems.append(f"{len(items)} items, expected at least {MIN_ITEMS}")
        for language in LANGUAGES:
            if by_language[language] < MIN_ITEMS_PER_LANGUAGE:
                problems.append(f"{by_language[language]} items in {language}")
        if len(clusters) < MIN_CLUSTERS:
            problems.append(f"{len(clusters)} clusters, expected at least {MIN_CLUSTERS}")
        for cluster in sorted(clusters):
            languages = {i["language"] for i in items if i["cluster"] == cluster}
            if languages != set(LANGUAGES):
                problems.append(f"cluster {cluster} lacks {sorted(set(LANGUAGES) - languages)}")
        if len(queries) < MIN_QUERIES:
            problems.append(f"{len(queries)} queries, expected at least {MIN_QUERIES}")
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in {path}")
        return 1
    print_counts(items, queries)
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
