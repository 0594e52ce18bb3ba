"""Language-aware text analysis: which language a text is in, and its terms.

Russian, English and the other Latin-script languages Snowball knows are cut into words and
stemmed (PyStemmer, the C build of the Snowball stemmers), Chinese is segmented into words
(rjieba, the Rust port of jieba). A missing language is taken from the script: Han characters
mean Chinese, Cyrillic Russian; a Latin-script text is classified by py3langid among the
languages we stem. Stop words are dropped so that "platform for the city" and "городская
платформа" leave only what they are about.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import rjieba
import Stemmer
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Snowball stemmer names of the languages we stem; Chinese is segmented instead.
STEMMERS = {
    "en": "english",
    "ru": "russian",
    "pt": "portuguese",
    "es": "spanish",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "tr": "turkish",
}
LATIN_LANGUAGES = ["en", "pt", "es", "fr", "de", "it", "tr"]

WORD = re.compile(r"[^\W_]+", re.UNICODE)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")

# Words that say nothing about what an item is about, per language (data/stop_words.json).
STOP_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words)
    for language, words in json.loads(
        (Path(__file__).parent / "data" / "stop_words.json").read_text(encoding="utf-8")
    ).items()
}


@dataclass(frozen=True, slots=True)
class Analysed:
    """A text's language and its terms in order (stems, or Chinese words)."""

    language: str
    terms: tuple[str, ...]
    normalised: str  # lower-case, NFKC: where Chinese phrases are looked up


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LATIN_LANGUAGES)
    return identifier


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS[language])


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().replace("ё", "е")


def detect_language(text: str) -> str:
    """Han script → zh, Cyrillic → ru, Latin → the likeliest of ``LATIN_LANGUAGES``."""
    han = len(HAN.findall(text))
    cyrillic = len(CYRILLIC.findall(text))
    latin = len(LATIN.findall(text))
    if han and han * 2 >= max(cyrillic, latin) / 2:
        return "zh"
    if cyrillic >= latin:
        return "ru" if cyrillic else "en"
    language, _probability = _identifier().classify(text)
    return str(language)


def base_language(language: str | None) -> str:
    """``zh-hans`` → ``zh``, ``pt-BR`` → ``pt``."""
    return (language or "").split("-")[0].split("_")[0].lower()


def analyse(text: str, language: str | None = None) -> Analysed:
    """The text's terms in its language (detected when not given or not one we know)."""
    normalised = normalise(text)
    language = base_language(language)
    if language not in STEMMERS and language != "zh":
        language = detect_language(normalised)
    return Analysed(language, tuple(terms(normalised, language)), normalised)


def terms(normalised: str, language: str) -> list[str]:
    if language == "zh":
        return _chinese_terms(normalised)
    stop = STOP_WORDS.get(language, frozenset())
    words = [word for word in WORD.findall(normalised) if word not in stop and len(word) > 1]
    out: list[str] = []
    for word in words:
        if HAN.search(word):
            out.extend(_chinese_terms(word))
        else:
            out.append(word)
    latin = [w for w in out if not HAN.search(w)]
    stems = dict(zip(latin, _stems(latin, language), strict=True))
    return [stems.get(word, word) for word in out]


def _stems(words: list[str], language: str) -> list[str]:
    # Cyrillic words in a Latin text and the reverse are stemmed by their own script.
    stemmer, russian = _stemmer(language), _stemmer("ru")
    return [
        russian.stemWord(word) if CYRILLIC.search(word) else stemmer.stemWord(word)
        for word in words
    ]


def _chinese_terms(normalised: str) -> list[str]:
    stop = STOP_WORDS["zh"]
    out = []
    for token in rjieba.cut(normalised):
        token = token.strip()
        if not token or token in stop or not WORD.fullmatch(token):
            continue
        if HAN.search(token):
            out.append(token)
        elif len(token) > 1:  # Latin words inside Chinese text: acronyms, brands
            out.append(_stemmer("en").stemWord(token))
    return out


def phrase_terms(phrases: Iterable[str], language: str) -> list[tuple[str, ...]]:
    """Each phrase as the terms :func:`terms` would give it inside a text."""
    return [tuple(terms(normalise(phrase), language)) for phrase in phrases]
