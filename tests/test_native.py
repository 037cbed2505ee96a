"""The aligner as mypyc builds it (setup.py): the compiled modules run, and are up to date."""

from __future__ import annotations

import importlib
import os

import flashcards.align as align

NATIVE = ("names", "sentences", "terms", "translit", "words")


def test_the_build_is_the_one_imported() -> None:
    built = align.compiled_modules()
    if os.environ.get("FLASHCARDS_PURE", "") not in ("", "0"):
        assert built == {}  # a pure build leaves no extension behind to shadow the sources
        return
    assert sorted(built) == list(NATIVE)
    for name in NATIVE:
        module = importlib.import_module(f"flashcards.align.{name}")
        assert module.__file__ == str(built[name])


def test_no_compiled_module_is_older_than_its_source() -> None:
    assert align.stale_modules() == []
