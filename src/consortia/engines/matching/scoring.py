"""Scoring one query against the whole index, and the reasons for what comes first.

score = topical similarity (shared taxonomy topics)
      + complementarity (what one seeks, the other offers — by topics and by the two texts'
        embeddings; a startup and an investor, a pilot request and a solution, a soft-landing
        offer and a foreign startup)
      + the sentence embedding's similarity (across languages; each vector less its language's
        mean, which otherwise pulls texts of one language together whatever they say)
      + lexical similarity (TF-IDF, within a language)
      + a little for crossing a border, and for being fresh
      − a penalty for rivals (two startups, two investors, two technoparks: they compete for
        the same clients, deals or residents rather than answer each other);
items the viewer marked "not interested" are left out. Every item returned carries one to
three reasons naming the shared topics, what answers what, the roles or the countries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from .index import KIND_CODE, NO_DATE, ROLE_CODE, ROLES, MatchIndex, role_of
from .items import Features, Query

# Chosen on the development set (benchmarks/recommend_quality.py): the embedding carries most
# of the cross-lingual match; topics, what answers what and roles reorder what it finds.
WEIGHTS = {
    "topics": 0.30,
    "complement": 0.10,
    "answers": 0.50,
    "embedding": 1.00,
    "lexical": 0.05,
    "roles": 0.08,
    "border": 0.03,
    "fresh": 0.02,
    "rivals": 0.5,
}
# Without the encoder (lexical fallback) the taxonomy and the words carry it alone.
LEXICAL_WEIGHTS = {
    "topics": 0.30,
    "complement": 0.30,
    "answers": 0.0,
    "embedding": 0.0,
    "lexical": 0.50,
    "roles": 0.08,
    "border": 0.03,
    "fresh": 0.02,
    "rivals": 0.2,
}
FRESH_DAYS = 365
ANSWER_REASON = 0.5  # cosine of an offer's and a need's texts from which we say they match

# Roles that answer each other: (role, role) in either order. A role is an organisation's kind,
# or the object's kind for offers, needs, opportunities and events.
COMPLEMENTARY_ROLES = {
    frozenset({"startup", "investor"}): "an investor and a startup",
    frozenset({"sme", "investor"}): "an investor and a growing company",
    frozenset({"startup", "opportunity"}): "an opportunity a startup can apply to",
    frozenset({"sme", "opportunity"}): "an opportunity a company can apply to",
    frozenset({"startup", "corporation"}): "a corporation that pilots and a startup",
    frozenset({"startup", "technopark"}): "a technopark that hosts and a startup",
    frozenset({"startup", "government"}): "a public buyer and a startup",
    frozenset({"need", "offer"}): "a need and an offer",
    frozenset({"need", "startup"}): "a need and a startup with a solution",
    frozenset({"need", "sme"}): "a need and a company with a solution",
    frozenset({"need", "research"}): "a need and a research team",
    frozenset({"need", "university"}): "a need and a university",
    frozenset({"research", "corporation"}): "research and industry",
    frozenset({"university", "corporation"}): "a university and industry",
}


# Roles that compete rather than answer each other: organisations of one kind in one market
# (startups and small companies for clients and money, corporations, technoparks for residents,
# investors for deals), and investors with a need or a call, which money alone does not answer.
# An investor that seeks what another offers (a fund manager and a fund of funds) still comes
# up through what answers what. Scoring only: no reason names them.
RIVAL_ROLES = {
    frozenset({"startup"}),
    frozenset({"sme"}),
    frozenset({"startup", "sme"}),
    frozenset({"corporation"}),
    frozenset({"technopark"}),
    frozenset({"investor"}),
    frozenset({"need", "investor"}),
    frozenset({"opportunity", "investor"}),
}


@dataclass(frozen=True)
class Reason:
    """Why an item was suggested, as data (the platform words it in the reader's language) and
    as English (``str(reason)``, the command's output).

    ``kind``: ``offers`` (they offer ``topics``, which you look for), ``seeks`` (they look for
    ``topics``, which you offer), ``offer_text``/``seek_text`` (what they offer / look for, in
    their words, answers what you look for / offer: ``title``), ``topics`` (shared), ``roles``
    (``roles``, the pair that answers each other), ``border`` (``countries``), ``similar``."""

    kind: str
    english: str
    topics: tuple[str, ...] = ()
    title: str = ""
    roles: tuple[str, str] = ("", "")
    countries: tuple[str, str] = ("", "")

    def __str__(self) -> str:
        return self.english


@dataclass(frozen=True)
class Ranked:
    item: str
    score: float
    reasons: list[Reason]


def role(feature: Features) -> str:
    return role_of(feature.item)


def _role_pairs(pairs: Iterable[frozenset[str]]) -> np.ndarray:
    """ROLE_CODE × ROLE_CODE: True for the pairs of roles given (a one-role set: the role with
    itself)."""
    matrix = np.zeros((len(ROLES), len(ROLES)), dtype=bool)
    for pair in pairs:
        first, second = min(pair), max(pair)
        matrix[ROLE_CODE[first], ROLE_CODE[second]] = True
        matrix[ROLE_CODE[second], ROLE_CODE[first]] = True
    return matrix


ROLE_PAIRS = _role_pairs(COMPLEMENTARY_ROLES)
RIVAL_PAIRS = _role_pairs(RIVAL_ROLES)


def recommend(
    index: MatchIndex,
    query: Query,
    *,
    today: date | None = None,
    weights: dict[str, float] | None = None,
    exact: bool = False,
) -> list[Ranked]:
    """The query item's best ``k`` of the wanted kinds: every row is scored at once, but for
    how well what one offers answers what the other seeks, which is scored on a shortlist
    (`_with_answers`). ``weights`` replaces the default ones (the quality benchmark weighs
    single signals); ``exact`` scores that on every row too however large the index is (the
    speed benchmark compares the two)."""
    source = index.row_features(query.item)
    row = index.row_of[query.item]
    if weights is None:
        weights = WEIGHTS if index.embeddings is not None else LEXICAL_WEIGHTS
    wanted = index.alive & np.isin(index.kind, [KIND_CODE[kind] for kind in query.kinds])
    if query.among is not None:
        allowed = np.zeros_like(wanted)
        allowed[[index.row_of[i] for i in query.among if i in index.row_of]] = True
        wanted &= allowed
    wanted[row] = False
    for skipped in query.not_interested:
        other = index.row_of.get(skipped)
        if other is not None:
            wanted[other] = False
    candidates = np.flatnonzero(wanted)
    if not len(candidates):
        return []
    # Products over every used row, then the candidates' entries: indexing the matrices by
    # candidates first would copy them (hundreds of megabytes at 150,000 rows) on every query.
    used = len(index.features)

    def against(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
        return (matrix[:used] @ vector)[candidates]

    score = weights["topics"] * against(index.topics, index.topics[row])
    score += weights["complement"] * np.maximum(
        against(index.offers, index.seeks[row]), against(index.seeks, index.offers[row])
    )
    score += weights["lexical"] * index.lexical(source.terms)[candidates]
    language = int(index.language[row])
    if index.embeddings is not None:
        similar = index.centred("whole", index.embeddings[row], language, used)[candidates]
        score += weights["embedding"] * np.clip(similar, 0.0, 1.0)
    extras = weights["roles"] * ROLE_PAIRS[index.role[row], index.role[candidates]]
    mine = index.country[row]
    theirs = index.country[candidates]
    extras = extras + weights["border"] * ((mine > 0) & (theirs > 0) & (theirs != mine))
    if today is not None:
        dated = index.updated[candidates]
        age = today.toordinal() - dated
        fresh = np.clip(1 - age / FRESH_DAYS, 0.0, 1.0) * (dated != NO_DATE)
        extras = extras + weights["fresh"] * fresh
    rivals = weights.get("rivals", 0.0) * RIVAL_PAIRS[index.role[row], index.role[candidates]]

    def total(partial: np.ndarray, at: np.ndarray | slice) -> np.ndarray:
        # roles and borders only lift what is relevant; rivals always lower
        return partial + extras[at] * (partial > 0.05) - rivals[at]

    top = min(query.k, len(candidates))
    sides = [
        (which, vector, of)
        for which, vector, of, has in (
            ("offers", index.seek_vectors, "seeks", 2),  # what it seeks, against others' offers
            ("seeks", index.offer_vectors, "offers", 1),  # what it offers, against others' needs
        )
        if vector is not None and index.has_vector[has, row]
    ]
    if not sides or not weights["answers"]:
        score = total(score, slice(None))
        best = np.argpartition(-score, top - 1)[:top]
    else:
        score, best = _with_answers(index, row, candidates, score, total, sides, top,
                                    weights["answers"], extras, rivals, exact=exact)
    chosen = [(float(score[i]), _feature(index, int(candidates[i]))) for i in best]
    chosen.sort(key=lambda pair: (-pair[0], pair[1].item.id))
    return [
        Ranked(item=f.item.id, score=round(value, 4), reasons=reasons(index, source, f))
        for value, f in chosen
    ]


SHORTLIST = 512
LONGEST_SHORTLIST = 2048
WHOLE_PASS = 16  # past 1/16 of the candidates, score every row instead
# Up to this many candidates a shortlist that does not settle is followed by a pass over
# every row, so the ranking is exact; past it the longest shortlist's best are returned.
EXACT_ROWS = 50_000


def _with_answers(
    index: MatchIndex,
    row: int,
    candidates: np.ndarray,
    partial: np.ndarray,
    total: Any,
    sides: list[tuple[str, np.ndarray, str]],
    top: int,
    weight: float,
    extras: np.ndarray,
    rivals: np.ndarray,
    *,
    exact: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Add how well what one offers answers what the other seeks without a product over every
    row: it adds at most ``weight``, so the rows are taken best bound first (the score without
    it, plus ``weight`` and what roles could add) and scored in full until the ``top``-th full
    score beats every bound left. At 150,000 rows this reads a few thousand vectors instead of
    two whole matrices (memory bandwidth is what a query costs).

    The bound is loose (few pairs answer each other as well as ``weight`` allows), so a
    shortlist may not settle even when its best are the true best. Past LONGEST_SHORTLIST rows
    every row is scored when there are at most EXACT_ROWS candidates (or ``exact``); past that
    the longest shortlist's best are returned: each with its full score, and on the speed
    benchmark's 150,000 items the same ten as scoring every row (it prints how often)."""
    language = int(index.language[row])
    bound = partial + weight + np.maximum(extras, 0.0) - rivals
    score = np.full(len(candidates), -np.inf, dtype=np.float64)
    size = min(len(candidates), max(SHORTLIST, top))
    best = np.empty(0, dtype=np.intp)
    while True:
        longest = size > LONGEST_SHORTLIST and len(best) > 0
        if longest and not exact and len(candidates) > EXACT_ROWS:
            return score, best
        if longest or size > len(candidates) // WHOLE_PASS:  # gathering that many rows costs
            used = len(index.features)  # more than the products over every row: do those
            answers = np.zeros(len(candidates), dtype=np.float32)
            for which, vectors, of in sides:
                found = index.centred(which, vectors[row], language, used, of=of)[candidates]
                answers = np.maximum(answers, found)
            score = total(partial + weight * np.clip(answers, 0.0, 1.0), slice(None))
            return score, np.argpartition(-score, top - 1)[:top]
        shortlist = np.argpartition(-bound, size - 1)[:size]
        fresh = shortlist[np.isneginf(score[shortlist])]
        answers = np.zeros(len(fresh), dtype=np.float32)
        for which, vectors, of in sides:
            found = index.centred(which, vectors[row], language, candidates[fresh], of=of)
            answers = np.maximum(answers, found)
        score[fresh] = total(partial[fresh] + weight * np.clip(answers, 0.0, 1.0), fresh)
        best = shortlist[np.argpartition(-score[shortlist], top - 1)[:top]]
        rest = np.ones(len(candidates), dtype=bool)
        rest[shortlist] = False
        if score[best].min() > bound[rest].max():
            return score, best
        size = min(len(candidates), size * 4)


def _feature(index: MatchIndex, row: int) -> Features:
    feature = index.features[row]
    assert feature is not None
    return feature


def _answer_reason(index: MatchIndex, source: Features, other: Features) -> list[Reason]:
    """Where the texts of what one offers and the other seeks are close, name the other."""
    if index.offer_vectors is None or index.seek_vectors is None:
        return []
    mine, theirs = index.row_of[source.item.id], index.row_of[other.item.id]
    title = other.item.title or other.item.text[:80]
    if float(index.offer_vectors[theirs] @ index.seek_vectors[mine]) >= ANSWER_REASON:
        return [Reason("offer_text", f"Offers what you look for: “{title}”", title=title)]
    if float(index.seek_vectors[theirs] @ index.offer_vectors[mine]) >= ANSWER_REASON:
        return [Reason("seek_text", f"Looks for what you offer: “{title}”", title=title)]
    return []


def _leaves(weights: dict[str, float]) -> dict[str, float]:
    """Topics found in the text or given, not only reached as a parent (weight ≥ 1)."""
    return {code: w for code, w in weights.items() if w >= 1.0}


def _best_shared(first: dict[str, float], second: dict[str, float]) -> list[str]:
    return sorted(set(_leaves(first)) & set(_leaves(second)), key=lambda c: (-first[c] * second[c], c))


def reasons(index: MatchIndex, source: Features, other: Features) -> list[Reason]:
    """One to three true reasons: what answers what, the shared topics, roles, countries."""
    label = index.taxonomy.label
    found: list[Reason] = []
    if answers := _best_shared(source.seeks, other.offers):
        code = answers[0]
        found.append(Reason("offers", f"Offers {label(code)}, which you look for", (code,)))
    elif asked := _best_shared(source.offers, other.seeks):
        code = asked[0]
        found.append(Reason("seeks", f"Looks for {label(code)}, which you offer", (code,)))
    if not found:
        found.extend(_answer_reason(index, source, other))
    said = set(found[0].topics) if found else set()
    named = [code for code in _best_shared(source.topics, other.topics) if code not in said][:2]
    if named:
        english = "Shared topics: " + ", ".join(label(code) for code in named)
        found.append(Reason("topics", english, tuple(named)))
    roles = (role(source), role(other))
    pair = COMPLEMENTARY_ROLES.get(frozenset(roles))
    if pair and len(found) < 3:
        found.append(Reason("roles", f"Complementary roles: {pair}", roles=roles))
    a, b = source.item.country, other.item.country
    if a and b and a != b and len(found) < 3:
        found.append(Reason("border", f"Across borders: {a} and {b}", countries=(a, b)))
    if not found:
        found.append(Reason("similar", "Similar description"))
    return found[:3]
