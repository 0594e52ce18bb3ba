"""The bridge across languages: the platform's topic taxonomy, with its English, Russian and
Chinese labels and synonyms, maps a text in any of them to shared topic codes.

Each label and synonym is analysed like a text (stemmed, stop words dropped) and looked up as
a run of terms in the text's terms, so "умные города" finds "умный город" and "smart cities"
finds "smart city". Chinese phrases are looked up as strings in the normalised text, because
the segmenter may cut the same phrase differently inside a sentence. Labels that join two ideas
("Soft landing and market entry") count each half as a phrase of its own. A topic found also
counts, at half weight, for its parent.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .text import Analysed, detect_language, normalise, phrase_terms

PARENT_SHARE = 0.5
# Where labels join two ideas: "A and B", "А и Б", "甲与乙", "A, B".
JOINS = re.compile(r"\s+and\s+|\s+и\s+|[与和及、,，/]|\s+&\s+")
PLATFORM_TOPICS = (
    Path(__file__).resolve().parents[2] / "directory" / "data" / "topics.json"
)


@dataclass(frozen=True, slots=True)
class Topic:
    code: str
    parent: str | None
    labels: Mapping[str, str]  # language → label

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or self.labels.get("en") or self.code


class Taxonomy:
    def __init__(self, topics: Iterable[Mapping[str, Any]]) -> None:
        self.topics: dict[str, Topic] = {}
        self.phrases: dict[str, list[str]] = {}  # code → its labels and synonyms
        self.prototypes: dict[str, Any] = {}  # encoder name → the index's topic vectors
        # language → first term → [(terms, code)]; Chinese: [(phrase, code)]
        self._phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._chinese: list[tuple[str, str]] = []
        for row in topics:
            code = str(row["code"])
            labels = {
                language: str(row[f"label_{language}"])
                for language in ("en", "ru", "zh")
                if row.get(f"label_{language}")
            }
            self.topics[code] = Topic(code, row.get("parent"), labels)
            phrases = [*labels.values(), *(str(s) for s in row.get("synonyms", []))]
            self.phrases[code] = phrases
            for phrase in phrases:
                self._add_phrase(code, phrase)
        for code, topic in self.topics.items():
            if topic.parent is not None and topic.parent not in self.topics:
                raise ValueError(f"Topic {code} has an unknown parent {topic.parent}.")

    @classmethod
    def from_file(cls, path: Path = PLATFORM_TOPICS) -> Taxonomy:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def _add_phrase(self, code: str, phrase: str) -> None:
        pieces = [phrase, *(p for p in JOINS.split(phrase) if p.strip() and p != phrase)]
        for piece in pieces:
            language = detect_language(piece)
            if language == "zh":
                text = normalise(piece).replace(" ", "")
                if len(text) >= 2 and (text, code) not in self._chinese:
                    self._chinese.append((text, code))
                continue
            [terms] = phrase_terms([piece], language)
            if terms and (terms, code) not in self._phrases[language][terms[0]]:
                self._phrases[language][terms[0]].append((terms, code))

    def infer(self, text: Analysed) -> dict[str, float]:
        """Topic code → weight (1 + log of the times a phrase of it occurs; half of that for
        the parent of a topic found)."""
        counts: dict[str, int] = defaultdict(int)
        if text.language == "zh" or any("\u4e00" <= ch <= "\u9fff" for ch in text.normalised):
            squeezed = text.normalised.replace(" ", "")
            for chinese, code in self._chinese:
                found = squeezed.count(chinese)
                if found:
                    counts[code] += found
        index = self._phrases.get(text.language, {})
        terms = text.terms
        for position, term in enumerate(terms):
            for phrase, code in index.get(term, ()):
                if terms[position : position + len(phrase)] == phrase:
                    counts[code] += 1
        weights = {code: 1.0 + math.log(n) for code, n in counts.items()}
        for code, weight in list(weights.items()):
            parent = self.topics[code].parent
            while parent is not None:
                weights[parent] = max(weights.get(parent, 0.0), weight * PARENT_SHARE)
                parent = self.topics[parent].parent
        return weights

    def label(self, code: str, language: str = "en") -> str:
        topic = self.topics.get(code)
        return topic.label(language) if topic else code

    def with_ancestors(self, codes: Iterable[str]) -> dict[str, float]:
        """Given topic codes (weight 1) and their ancestors (half, per step up)."""
        weights: dict[str, float] = {}
        for code in codes:
            if code not in self.topics:
                continue
            weights[code] = 1.0
            parent, weight = self.topics[code].parent, PARENT_SHARE
            while parent is not None:
                weights[parent] = max(weights.get(parent, 0.0), weight)
                parent, weight = self.topics[parent].parent, weight * PARENT_SHARE
        return weights
