"""The index: every item's features in arrays that one query scores all at once, updated item
by item when a profile changes (never rebuilt for a query).

- Topics of the whole item, of what it offers and of what it seeks: three dense matrices with a
  column per taxonomy topic (under a hundred), rows L2-normalised, so a query is three
  matrix-vector products.
- Words: an inverted index of terms (stems, Chinese words) with TF weights, IDF applied at
  query time from document frequencies kept up to date; a changed item's old postings are
  skipped by a per-row version number and swept out when they pile up.
- The sentence embedding, when an encoder is given: a dense matrix of unit vectors, and two
  more for what each item offers and seeks. The multilingual encoder puts every text of one
  language near that language's mean vector, which outweighs much of what the texts say; a
  query compares vectors with their language's mean taken away (`centred`). The means are
  running sums per language and matrix, updated with every row; a query uses a snapshot of them
  with every row's length after centring, taken again (one product of each matrix with the
  means) once more than MEANS_REFRESH of the rows have changed since, so a query stays one
  matrix-vector product per matrix.

Rows of removed items are reused. Arrays grow by doubling.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .embedding import Encoder
from .items import KINDS, ORG_KINDS, Features, Item, features
from .taxonomy import Taxonomy

QUERY_TERMS = 32  # the query's heaviest terms looked up in the word index
# Topics read through the encoder: an item's nearest topics (their labels and synonyms in three
# languages, averaged) count beside the topics its words name, where phrases miss a paraphrase.
NEAREST_TOPICS = 5
NEAREST_TEMPERATURE = 0.1
NEAREST_SHARE = 0.5
# A language's mean vector is shrunk towards the mean of all rows as if this many rows of the
# whole index were among its own, so a language with a handful of items is not centred away.
MEAN_PRIOR_ROWS = 10.0
MEANS_REFRESH = 0.01
# The matrices of sentence vectors, by name, as `centred` takes them.
VECTOR_MATRICES = ("whole", "offers", "seeks")
# A row's role: an organisation's kind, or the object's kind (offer, need, opportunity…).
ROLES = ["", *KINDS, *ORG_KINDS]
ROLE_CODE = {name: code for code, name in enumerate(ROLES)}
KIND_CODE = {name: code for code, name in enumerate(KINDS)}
NO_DATE = -1


def role_of(item: Item) -> str:
    """An organisation's kind; a person's organisation's kind when given; else the item's kind."""
    if item.kind == "organisation":
        return item.org_kind or "organisation"
    if item.kind == "person" and item.org_kind:
        return item.org_kind
    return item.kind


@dataclass(frozen=True)
class Vectors:
    """An item's sentence vectors: its whole text, and what it offers and seeks (None when it
    says nothing of it). The platform stores them when an item changes."""

    whole: np.ndarray
    offers: np.ndarray | None
    seeks: np.ndarray | None


@dataclass
class _Postings:
    rows: array  # of int
    weights: array  # of float
    versions: array  # of int


class MatchIndex:
    def __init__(
        self, taxonomy: Taxonomy, encoder: Encoder | None = None, capacity: int = 1024
    ) -> None:
        self.taxonomy = taxonomy
        self.encoder = encoder
        self.codes = list(taxonomy.topics)
        self.column = {code: i for i, code in enumerate(self.codes)}
        self.row_of: dict[str, int] = {}
        self.features: list[Features | None] = []
        self._free: list[int] = []
        size = max(capacity, 16)
        width = len(self.codes)
        self.topics = np.zeros((size, width), dtype=np.float32)
        self.offers = np.zeros((size, width), dtype=np.float32)
        self.seeks = np.zeros((size, width), dtype=np.float32)
        self.alive = np.zeros(size, dtype=bool)
        self.version = np.zeros(size, dtype=np.int64)
        self.kind = np.zeros(size, dtype=np.int8)
        self.role = np.zeros(size, dtype=np.int16)
        self.country = np.zeros(size, dtype=np.int32)  # 0: unknown
        self.updated = np.full(size, NO_DATE, dtype=np.int32)  # day ordinal
        self.country_code: dict[str, int] = {}
        self.language = np.zeros(size, dtype=np.int16)  # code of the row's language
        self.language_code: dict[str, int] = {}
        self.embeddings = (
            np.zeros((size, encoder.dimension), dtype=np.float32) if encoder else None
        )
        self.topic_prototypes = self._prototypes() if encoder else None
        # What each row offers and seeks, embedded (zero rows when it says nothing of it).
        self.offer_vectors = np.zeros_like(self.embeddings) if encoder else None
        self.seek_vectors = np.zeros_like(self.embeddings) if encoder else None
        # Per matrix (whole, offers, seeks): which rows hold a vector, per language the sum of
        # those vectors and their count; the snapshot of the languages' means that queries use
        # and each row's length less its language's mean in that snapshot.
        dimension = encoder.dimension if encoder else 0
        matrices = len(VECTOR_MATRICES)
        self.has_vector = np.zeros((matrices, size), dtype=bool)
        self.vector_sums = np.zeros((matrices, 0, dimension), dtype=np.float64)
        self.vector_counts = np.zeros((matrices, 0), dtype=np.int64)
        self.means: np.ndarray | None = None  # matrices × languages × dimension
        self.centred_norms = np.zeros((matrices, size), dtype=np.float32)
        self._vector_changes = 0  # rows' vectors added or taken away since the snapshot
        self.postings: dict[str, _Postings] = {}
        self.document_frequency: Counter[str] = Counter()
        self._stale_postings = 0
        self._live_postings = 0

    # --- Writing ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.row_of)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self.row_of

    def add_many(
        self, items: Iterable[Item], vectors: Mapping[str, Vectors] | None = None
    ) -> None:
        """Add or replace items. Their sentence vectors are taken from ``vectors`` (by item id:
        stored when the item last changed) or else computed here, in one batch."""
        batch = [features(item, self.taxonomy) for item in items]
        known = dict(vectors or {})
        missing = [f for f in batch if f.item.id not in known]
        if self.encoder is not None and missing:
            known.update(zip((f.item.id for f in missing), self._embed(missing), strict=True))
        for feature in batch:
            self._put(feature, known.get(feature.item.id) if self.encoder else None)

    def embed(self, items: Iterable[Item]) -> dict[str, Vectors]:
        """The sentence vectors of items, to store with them (None without an encoder)."""
        if self.encoder is None:
            return {}
        batch = [features(item, self.taxonomy) for item in items]
        return dict(zip((f.item.id for f in batch), self._embed(batch), strict=True))

    def _embed(self, batch: list[Features]) -> list[Vectors]:
        """The whole text is embedded once; what an item offers or seeks only when it is not
        the whole text."""
        assert self.encoder is not None
        texts = [f.text for f in batch]
        sides: list[tuple[int, str, str]] = []  # (position, "offers"/"seeks", text)
        for position, feature in enumerate(batch):
            for name, text in (("offers", feature.offers_text), ("seeks", feature.seeks_text)):
                if text and text.strip() != feature.text.strip():
                    sides.append((position, name, text))
        encoded = self.encoder.encode(texts + [text for _, _, text in sides])
        own = {
            (position, name): encoded[len(texts) + i]
            for i, (position, name, _) in enumerate(sides)
        }
        result = []
        for position, feature in enumerate(batch):
            whole = encoded[position]
            result.append(
                Vectors(
                    whole,
                    own.get((position, "offers"), whole if feature.offers_text else None),
                    own.get((position, "seeks"), whole if feature.seeks_text else None),
                )
            )
        return result

    def add(self, item: Item) -> None:
        """Add an item, or replace the one with its id (a changed profile)."""
        self.add_many([item])

    def remove(self, item_id: str) -> bool:
        row = self.row_of.pop(item_id, None)
        if row is None:
            return False
        self._forget_terms(row)
        self._forget_vectors(row)
        self.features[row] = None
        self.alive[row] = False
        self.version[row] += 1
        for matrix in (self.topics, self.offers, self.seeks, self.offer_vectors, self.seek_vectors):
            if matrix is not None:
                matrix[row] = 0
        self._free.append(row)
        return True

    def _put(self, feature: Features, vectors: Vectors | None) -> None:
        row = self.row_of.get(feature.item.id)
        if row is None:
            row = self._free.pop() if self._free else self._grow_to(len(self.features) + 1)
            self.row_of[feature.item.id] = row
        else:
            self._forget_terms(row)
            self._forget_vectors(row)
            self.version[row] += 1
        if row == len(self.features):
            self.features.append(feature)
        else:
            self.features[row] = feature
        self.alive[row] = True
        item = feature.item
        self.kind[row] = KIND_CODE[item.kind]
        self.role[row] = ROLE_CODE[role_of(item)]
        self.country[row] = self.country_of(item.country)
        self.updated[row] = item.updated.toordinal() if item.updated else NO_DATE
        self.language[row] = self.language_of(feature.language)
        self.topics[row] = self._vector(feature.topics)
        self.offers[row] = self._vector(feature.offers)
        self.seeks[row] = self._vector(feature.seeks)
        if self.embeddings is not None and vectors is not None:
            self.embeddings[row] = vectors.whole
            if self.topic_prototypes is not None:
                blended = (1 - NEAREST_SHARE) * self.topics[row] + NEAREST_SHARE * (
                    self._nearest_topics(vectors.whole)
                )
                self.topics[row] = blended / (np.linalg.norm(blended) or 1.0)
        if self.offer_vectors is not None and self.seek_vectors is not None:
            offers = None if vectors is None else vectors.offers
            seeks = None if vectors is None else vectors.seeks
            self.offer_vectors[row] = 0 if offers is None else offers
            self.seek_vectors[row] = 0 if seeks is None else seeks
            whole = None if vectors is None else vectors.whole
            for which, vector in enumerate((whole, offers, seeks)):
                if vector is not None:
                    self._count_vector(which, row, vector)
        self._index_terms(row, feature.terms)

    def _matrix(self, which: int) -> np.ndarray:
        matrix = (self.embeddings, self.offer_vectors, self.seek_vectors)[which]
        assert matrix is not None
        return matrix

    def _count_vector(self, which: int, row: int, vector: np.ndarray) -> None:
        """Add a row's vector to its language's running sum, and its length after centring by
        the snapshot's mean to the snapshot."""
        language = int(self.language[row])
        self.has_vector[which, row] = True
        self.vector_sums[which, language] += vector
        self.vector_counts[which, language] += 1
        self._vector_changes += 1
        if self.means is not None and language < self.means.shape[1]:
            centred = vector - self.means[which, language]
            self.centred_norms[which, row] = float(np.sqrt(centred @ centred))

    def _forget_vectors(self, row: int) -> None:
        """Take a row's vectors (still in the matrices) out of its language's sums."""
        language = int(self.language[row])
        for which in range(len(VECTOR_MATRICES)):
            if self.has_vector[which, row]:
                self.vector_sums[which, language] -= self._matrix(which)[row]
                self.vector_counts[which, language] -= 1
                self.has_vector[which, row] = False
                self.centred_norms[which, row] = 0.0
                self._vector_changes += 1

    def _prototypes(self) -> np.ndarray:
        """A unit vector per topic column: the mean of its phrases' embeddings (computed once
        per taxonomy and encoder)."""
        assert self.encoder is not None
        cached = self.taxonomy.prototypes.get(self.encoder.name)
        if cached is not None:
            return cached
        rows = []
        for code in self.codes:
            mean = self.encoder.encode(self.taxonomy.phrases[code]).mean(axis=0)
            rows.append(mean / (np.linalg.norm(mean) or 1.0))
        prototypes = np.array(rows, dtype=np.float32)
        self.taxonomy.prototypes[self.encoder.name] = prototypes
        return prototypes

    def _nearest_topics(self, vector: np.ndarray) -> np.ndarray:
        assert self.topic_prototypes is not None
        similarity = self.topic_prototypes @ vector
        nearest = np.argsort(-similarity)[:NEAREST_TOPICS]
        weights = np.exp((similarity[nearest] - similarity[nearest].max()) / NEAREST_TEMPERATURE)
        soft = np.zeros(len(self.codes), dtype=np.float32)
        soft[nearest] = weights / weights.sum()
        return soft / (np.linalg.norm(soft) or 1.0)

    def _grow_to(self, needed: int) -> int:
        size = len(self.alive)
        if needed > size:
            new = max(needed, size * 2)
            self.topics = _resized(self.topics, new)
            self.offers = _resized(self.offers, new)
            self.seeks = _resized(self.seeks, new)
            self.alive = _resized(self.alive, new)
            self.version = _resized(self.version, new)
            self.kind = _resized(self.kind, new)
            self.role = _resized(self.role, new)
            self.country = _resized(self.country, new)
            self.updated = _resized(self.updated, new, fill=NO_DATE)
            self.language = _resized(self.language, new)
            self.has_vector = _resized(self.has_vector.T, new).T.copy()
            self.centred_norms = _resized(self.centred_norms.T, new).T.copy()
            if self.embeddings is not None:
                self.embeddings = _resized(self.embeddings, new)
            if self.offer_vectors is not None and self.seek_vectors is not None:
                self.offer_vectors = _resized(self.offer_vectors, new)
                self.seek_vectors = _resized(self.seek_vectors, new)
        return needed - 1

    def _vector(self, weights: dict[str, float]) -> np.ndarray:
        vector = np.zeros(len(self.codes), dtype=np.float32)
        for code, weight in weights.items():
            column = self.column.get(code)
            if column is not None:
                vector[column] = weight
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def _index_terms(self, row: int, terms: Counter[str]) -> None:
        """TF-IDF weights of the row, unit length, with the IDF of the moment it was added."""
        if not terms:
            return
        for term in terms:
            self.document_frequency[term] += 1
        weights = {t: (1 + math.log(n)) * self.idf(t) for t, n in terms.items()}
        length = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        version = int(self.version[row])
        for term, weight in weights.items():
            postings = self.postings.get(term)
            if postings is None:
                postings = self.postings[term] = _Postings(array("q"), array("f"), array("q"))
            postings.rows.append(row)
            postings.weights.append(weight / length)
            postings.versions.append(version)
        self._live_postings += len(terms)

    def _forget_terms(self, row: int) -> None:
        feature = self.features[row] if row < len(self.features) else None
        if feature is None:
            return
        for term in feature.terms:
            self.document_frequency[term] -= 1
            if self.document_frequency[term] <= 0:
                del self.document_frequency[term]
        self._stale_postings += len(feature.terms)
        self._live_postings -= len(feature.terms)
        if self._stale_postings > max(10_000, self._live_postings):
            self._sweep()

    def _sweep(self) -> None:
        """Drop postings of changed or removed items."""
        for term in list(self.postings):
            old = self.postings[term]
            rows = np.frombuffer(old.rows, dtype=np.int64)
            versions = np.frombuffer(old.versions, dtype=np.int64)
            keep = self.alive[rows] & (self.version[rows] == versions)
            if not keep.any():
                del self.postings[term]
                continue
            weights = np.frombuffer(old.weights, dtype=np.float32)
            self.postings[term] = _Postings(
                array("q", rows[keep].tobytes()),
                array("f", weights[keep].tobytes()),
                array("q", versions[keep].tobytes()),
            )
        self._stale_postings = 0

    def language_of(self, language: str) -> int:
        code = self.language_code.get(language)
        if code is None:
            code = self.language_code[language] = len(self.language_code)
            width = len(self.language_code)
            sums = np.zeros((len(VECTOR_MATRICES), width, self.vector_sums.shape[2]))
            sums[:, : width - 1] = self.vector_sums
            counts = np.zeros((len(VECTOR_MATRICES), width), dtype=np.int64)
            counts[:, : width - 1] = self.vector_counts
            self.vector_sums, self.vector_counts = sums, counts
        return code

    def country_of(self, country: str | None) -> int:
        if not country:
            return 0
        return self.country_code.setdefault(country, len(self.country_code) + 1)

    # --- Reading ---------------------------------------------------------------------------
    def idf(self, term: str) -> float:
        n = max(len(self.row_of), 1)
        return math.log(1 + n / (1 + self.document_frequency.get(term, 0)))

    def lexical(self, terms: Counter[str]) -> np.ndarray:
        """Cosine of TF-IDF vectors between the query's heaviest terms and every row (0 for
        rows that share no term; languages share almost none)."""
        scores = np.zeros(len(self.alive), dtype=np.float32)
        if not terms:
            return scores
        weighted = {t: (1 + math.log(n)) * self.idf(t) for t, n in terms.items()}
        heaviest = sorted(weighted.items(), key=lambda tw: (-tw[1], tw[0]))[:QUERY_TERMS]
        norm = math.sqrt(sum(w * w for _, w in heaviest)) or 1.0
        for term, weight in heaviest:
            postings = self.postings.get(term)
            if postings is None:
                continue
            rows = np.frombuffer(postings.rows, dtype=np.int64)
            versions = np.frombuffer(postings.versions, dtype=np.int64)
            fresh = self.version[rows] == versions
            values = np.frombuffer(postings.weights, dtype=np.float32) * (weight / norm)
            np.add.at(scores, rows[fresh], values[fresh])
        return np.minimum(scores, 1.0)

    def language_means(self, which: int) -> np.ndarray:
        """Each language's mean vector in one matrix (a row per language code), shrunk towards
        the mean of all its rows by MEAN_PRIOR_ROWS."""
        sums, counts = self.vector_sums[which], self.vector_counts[which]
        overall = sums.sum(axis=0) / max(int(counts.sum()), 1)
        return (sums + MEAN_PRIOR_ROWS * overall) / (counts[:, None] + MEAN_PRIOR_ROWS)

    def _means_snapshot(self, used: int) -> np.ndarray:
        """The languages' means that queries use, taken again with every row's length after
        centring when a language is new or more than MEANS_REFRESH of the rows have changed."""
        languages = self.vector_sums.shape[1]
        stale = self._vector_changes > MEANS_REFRESH * max(int(self.has_vector.sum()), 1)
        if self.means is None or self.means.shape[1] != languages or stale:
            means = np.stack(
                [self.language_means(which) for which in range(len(VECTOR_MATRICES))]
            ).astype(np.float32)
            rows = self.language[:used].astype(np.intp)
            for which in range(len(VECTOR_MATRICES)):
                # ‖v − m‖² = ‖v‖² − 2 v·m + ‖m‖², v·m of every row with every mean at once.
                matrix = self._matrix(which)[:used]
                products = matrix @ means[which].T
                own = products[np.arange(used), rows]
                squares = np.einsum("ij,ij->i", matrix, matrix)
                squared = squares - 2 * own + np.einsum("ij,ij->i", means[which], means[which])[rows]
                lengths = np.sqrt(np.maximum(squared, 0.0)) * self.has_vector[which, :used]
                self.centred_norms[which, :used] = lengths
            self.means = means
            self._vector_changes = 0
        return self.means

    def centred(
        self,
        which: str,
        vector: np.ndarray,
        language: int,
        rows: int | np.ndarray,
        *,
        of: str = "whole",
    ) -> np.ndarray:
        """Cosine of ``vector`` (a row of the matrix ``of``, of a text in ``language``) with the
        rows of the matrix ``which`` (whole, offers or seeks) — the first ``rows`` used rows, or
        the rows listed — each side less its language's mean in its own matrix; 0 for rows
        without a vector. One matrix-vector product: (v − m_v)·q = v·q − m_v·q, and the rows'
        lengths after centring are kept."""
        means = self._means_snapshot(len(self.features))
        index = VECTOR_MATRICES.index(which)
        chosen = slice(0, rows) if isinstance(rows, int) else rows
        count = rows if isinstance(rows, int) else len(rows)
        query = vector - means[VECTOR_MATRICES.index(of), language]
        length = float(np.linalg.norm(query))
        if not length:
            return np.zeros(count, dtype=np.float32)
        query /= length
        dot = self._matrix(index)[chosen] @ query - (means[index] @ query)[self.language[chosen]]
        norms = self.centred_norms[index, chosen]
        return np.where(norms > 1e-6, dot / np.maximum(norms, 1e-6), 0.0).astype(np.float32)

    def row_features(self, item_id: str) -> Features:
        feature = self.features[self.row_of[item_id]]
        assert feature is not None
        return feature


def _resized(array_: np.ndarray, rows: int, fill: int = 0) -> np.ndarray:
    grown = np.full((rows, *array_.shape[1:]), fill, dtype=array_.dtype)
    grown[: len(array_)] = array_
    return grown
