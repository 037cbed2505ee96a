"""Compile the aligner with mypyc; everything else about the package is in pyproject.toml.

The aligner and the lexicon's lookups are plain, ``mypy --strict``-clean Python; compiled, they
align an article in about 0.7 of the time (issue 3: alignment ≤ 10% of the time Kiwi + spaCy
take). ``FLASHCARDS_PURE=1`` at install time skips compilation: the same modules then run as
Python, with the same results.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import BaseError, CCompilerError

ROOT = Path(__file__).resolve().parent
# The hot modules of the aligner, compiled as one group.
COMPILED = [
    # The records every stage passes on: compiled, the aligner reads their fields natively and
    # makes its results without Python-level dataclass constructors.
    "flashcards/models.py",
    "flashcards/align/translit.py",
    "flashcards/align/words.py",
    "flashcards/align/terms.py",
    "flashcards/align/sentences.py",
    "flashcards/align/names.py",
    "flashcards/align/glosses.py",
    # The lexicon's lookups, which the aligner makes for every term (the hanja bridge's index
    # building stays Python: its tests replace functions it calls, which compiled calls would
    # not see; its lookups are in hanjaindex).
    "flashcards/lexicon/core.py",
    "flashcards/lexicon/hanjaindex.py",
    "flashcards/lexicon/glossary.py",
    "flashcards/lexicon/compose.py",
    "flashcards/lexicon/senses.py",
    "flashcards/lexicon/hangul.py",
]


def _remove_compiled() -> None:
    # An extension module beside its .py is imported instead of it: no earlier build may stay
    # in the source tree (editable installs build in place), in case this one is pure or fails.
    for pattern in ("flashcards_native__mypyc.*.so", "flashcards_native__mypyc.*.pyd"):
        for path in ROOT.glob(pattern):
            path.unlink()
    for pattern in ("**/*.so", "**/*.pyd"):
        for path in (ROOT / "flashcards").glob(pattern):
            path.unlink()


def _extensions() -> list[object]:
    _remove_compiled()
    if os.environ.get("FLASHCARDS_PURE", "") not in ("", "0"):
        return []
    from mypyc.build import mypycify

    # One shared library for the group (calls between its modules stay native), a top-level
    # module named for the package (mypyc misplaces the modules' __file__ when it is inside).
    # Its own mypy cache: types must come from the build's environment (pyproject's
    # build-system requires), never from a cache the project's venv left in .mypy_cache.
    options = ["--cache-dir", "build/mypyc-cache"]
    return list(mypycify([*options, *COMPILED], opt_level="3", group_name="flashcards_native"))


class _BuildExt(build_ext):
    """Build the extensions, and date each one now, even one found up to date.

    A machine that cannot compile them (no C compiler, no Python headers) still installs the
    package: the same modules then run as Python, with the same results, only slower.
    """

    def run(self) -> None:
        try:
            super().run()
        except (BaseError, CCompilerError, OSError) as error:
            # Half a build is worse than none: a module compiled without the shared library
            # its group needs would not even import.
            _remove_compiled()
            self.extensions = []
            print(
                f"warning: flashcards could not compile its aligner ({error}); it is installed "
                "as pure Python: same results, slower alignment",
                file=sys.stderr,
            )

    def build_extension(self, ext: Extension) -> None:
        super().build_extension(ext)
        # flashcards.native tells a stale build by its date, which must be newer than the
        # sources (the copies made in place keep it), also when nothing had to be linked anew.
        built = self.get_ext_fullpath(ext.name)
        if os.path.exists(built):
            os.utime(built)


setup(ext_modules=_extensions(), cmdclass={"build_ext": _BuildExt})
