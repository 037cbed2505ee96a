"""The modules mypyc builds (setup.py): the compiled ones run, and are up to date."""

from __future__ import annotations

import importlib
import os

from flashcards import native

NATIVE = (
    "align.glosses",
    "align.names",
    "align.sentences",
    "align.terms",
    "align.translit",
    "align.words",
    "lexicon.compose",
    "lexicon.core",
    "lexicon.glossary",
    "lexicon.hangul",
    "lexicon.hanjaindex",
    "lexicon.senses",
    "models",
)


def test_the_build_is_the_one_imported() -> None:
    built = native.compiled_modules()
    if os.environ.get("FLASHCARDS_PURE", "") not in ("", "0"):
        assert built == {}  # a pure build leaves no extension behind to shadow the sources
        return
    assert sorted(built) == list(NATIVE)
    for name in NATIVE:
        module = importlib.import_module(f"flashcards.{name}")
        assert module.__file__ == str(built[name])


def test_no_compiled_module_is_older_than_its_source() -> None:
    assert native.stale_modules() == []
