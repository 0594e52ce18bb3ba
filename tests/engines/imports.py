"""What an engine imports, read from its source: engines run and are benchmarked without the
platform, so they may use only the standard library and the packages each test allows."""

import ast
import sys
from pathlib import Path


def foreign_imports(package_file: str, allowed: set[str]) -> set[str]:
    """Top-level modules the package imports beyond the standard library and ``allowed``
    (relative imports are its own)."""
    imported: set[str] = set()
    for module in Path(package_file).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    assert imported, "no imports read: wrong package?"
    return imported - set(sys.stdlib_module_names) - allowed
