"""Who should meet whom: explainable recommendations across languages and object kinds.

Pure Python (NumPy, PyStemmer, rjieba, py3langid and an embedded multilingual sentence encoder),
no Django. The file format is `shared/formats/recommend.md`.

    index = MatchIndex(Taxonomy.from_file(), load_encoder())
    index.add_many(items)                 # and index.add(item) / index.remove(id) as they change
    ranked = recommend(index, query)      # best first, each with 1–3 reasons
"""

from .embedding import Encoder, load_encoder
from .index import MatchIndex, Vectors
from .items import Item, ItemError, Query, parse_item, parse_query
from .scoring import Ranked, Reason, recommend
from .taxonomy import Taxonomy
from .text import analyse, detect_language

__all__ = [
    "Encoder", "Item", "ItemError", "MatchIndex", "Query", "Ranked", "Reason", "Taxonomy", "analyse",
    "Vectors", "detect_language", "load_encoder", "parse_item", "parse_query", "recommend",
]
