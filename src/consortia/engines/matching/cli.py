"""`--input items.json --output ranked.json [--lexical-only]` on its own.

`consortia recommend` adds these arguments and calls `run`; `main` runs the same without Django.
Bad input prints one message naming the offending item or query on stderr and exits with
status 2, writing nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path

from ..files import read_json, write_atomically
from .embedding import load_encoder
from .index import MatchIndex
from .items import ItemError, parse_item, parse_query
from .scoring import recommend
from .taxonomy import Taxonomy

BAD_INPUT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True, type=Path, help="items and queries (JSON)")
    parser.add_argument("--output", required=True, type=Path, help="where to write the results")
    parser.add_argument(
        "--lexical-only",
        action="store_true",
        help="without the sentence encoder: taxonomy and words only",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="recommend", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    try:
        data = read_json(args.input, ItemError)
        if not isinstance(data, Mapping) or not isinstance(data.get("items"), list):
            raise ItemError("the file must be an object with a list of “items”.")
        items = [parse_item(row, i) for i, row in enumerate(data["items"])]
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            raise ItemError(f"item {duplicate} appears twice.")
        queries = [parse_query(row, i, set(ids)) for i, row in enumerate(data.get("queries", []))]
    except ItemError as error:
        print(f"{args.input}: {error}", file=sys.stderr)
        return BAD_INPUT
    index = MatchIndex(Taxonomy.from_file(), None if args.lexical_only else load_encoder())
    index.add_many(items)
    results = [
        {
            "query": query.id,
            "ranked": [
                {"item": r.item, "score": r.score, "reasons": [str(why) for why in r.reasons]}
                for r in recommend(index, query)
            ],
        }
        for query in queries
    ]
    write_atomically(args.output, json.dumps({"results": results}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
