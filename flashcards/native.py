"""The modules ``setup.py`` compiles with mypyc: which are built, and whether a build is stale.

A compiled module is an extension file beside its source, imported in its place: after the
source changes it runs the old code until ``make setup`` compiles it again.
"""

from __future__ import annotations

import importlib.machinery
import warnings
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
# The package ("") and subpackages holding compiled modules (see setup.py).
PACKAGES = ("", "align", "lexicon")
_warned = False


def compiled_modules() -> dict[str, Path]:
    """Map each compiled module ("align.terms", "models") to its extension file."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found: dict[str, Path] = {}
    for package in PACKAGES:
        prefix = f"{package}." if package else ""
        for path in (_ROOT / package).iterdir():
            for suffix in suffixes:
                if path.name.endswith(suffix):
                    found[f"{prefix}{path.name[: -len(suffix)]}"] = path
                    break
    return found


def stale_modules() -> list[str]:
    """List the compiled modules whose source was changed after they were built."""
    stale = []
    for name, built in sorted(compiled_modules().items()):
        source = _ROOT / (name.replace(".", "/") + ".py")
        if source.is_file() and source.stat().st_mtime > built.stat().st_mtime:
            stale.append(name)
    return stale


def warn_if_stale() -> None:
    """Warn once when a compiled module is older than its source: the old code would run."""
    global _warned
    if _warned:
        return
    _warned = True
    if stale := stale_modules():
        warnings.warn(
            f"flashcards: {', '.join(stale)} changed since compiled; the old build runs until "
            "`make setup` (or FLASHCARDS_PURE=1 make setup for pure Python)",
            RuntimeWarning,
            stacklevel=3,
        )
