"""Reading an engine's input file and writing its output, shared by the engines' commands."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def read_json(path: Path, error: type[Exception]) -> object:
    """The file's JSON; a missing file or bad JSON raises ``error`` saying which."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as failure:
        raise error(f"cannot read the file: {failure.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as failure:
        raise error(f"not valid JSON: {failure}") from None


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename, so a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    os.replace(temporary, path)
