"""Alignment: Korean sentences to English sentences, then Korean terms to English counterparts.

``sentences`` aligns sentences (dynamic programming over anchors, length and lexical matches);
``translit`` compares loanwords and names across scripts; ``words`` compares English words and
glosses; ``names`` joins names Kiwi split by how they sound; ``terms`` decodes each term's
counterpart from the combined evidence.

``make setup`` compiles these modules with mypyc (see setup.py); the compiled ones are imported
in place of the sources beside them, which must then not be newer.
"""

from __future__ import annotations

import importlib.machinery
import warnings
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def compiled_modules() -> dict[str, Path]:
    """Map each module of this package built as an extension to the extension's file."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found: dict[str, Path] = {}
    for path in _HERE.iterdir():
        for suffix in suffixes:
            if path.name.endswith(suffix):
                found[path.name[: -len(suffix)]] = path
                break
    return found


def stale_modules() -> list[str]:
    """List the compiled modules whose source was changed after they were built."""
    stale = []
    for name, built in sorted(compiled_modules().items()):
        source = _HERE / f"{name}.py"
        if source.is_file() and source.stat().st_mtime > built.stat().st_mtime:
            stale.append(name)
    return stale


if stale := stale_modules():
    # The compiled module runs, not the edited source: say so rather than test old code.
    warnings.warn(
        f"flashcards.align: {', '.join(stale)} changed since compiled; the old build runs until "
        "`make setup` (or FLASHCARDS_PURE=1 make setup for pure Python)",
        RuntimeWarning,
        stacklevel=2,
    )
