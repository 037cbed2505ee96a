"""Compile the aligner with mypyc; everything else about the package is in pyproject.toml.

The aligner is plain, ``mypy --strict``-clean Python; compiled, it runs several times faster
(issue 3: alignment ≤ 10% of the time Kiwi + spaCy take). ``FLASHCARDS_PURE=1`` at install
time skips compilation: the same modules then run as Python, with the same results.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
# The hot modules of the aligner, compiled as one group (calls between them stay native).
COMPILED = [
    "flashcards/align/translit.py",
    "flashcards/align/words.py",
    "flashcards/align/terms.py",
    "flashcards/align/sentences.py",
    "flashcards/align/names.py",
]


def _remove_compiled() -> None:
    # An extension module beside its .py is imported instead of it: a pure install must not
    # leave an earlier build's in the source tree (editable installs build in place).
    for path in [*ROOT.glob("*__mypyc.*.so"), *ROOT.glob("*__mypyc.*.pyd")]:
        path.unlink()
    for source in COMPILED:
        stem = ROOT / source
        for path in [
            *stem.parent.glob(f"{stem.stem}.*.so"),
            *stem.parent.glob(f"{stem.stem}.*.pyd"),
        ]:
            path.unlink()


def _extensions() -> list[object]:
    if os.environ.get("FLASHCARDS_PURE", "") not in ("", "0"):
        _remove_compiled()
        return []
    from mypyc.build import mypycify

    # One shared library for the group, named for the package rather than a hash of its modules.
    return list(mypycify(COMPILED, opt_level="3", group_name="flashcards_native"))


setup(ext_modules=_extensions())
