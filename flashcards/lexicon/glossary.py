"""Our core Korean→English glossary: ``flashcards/data/glossary/*.tsv`` shipped as package data.

Each line is ``lemma<TAB>pos<TAB>gloss1; gloss2; gloss3``; ``#`` starts a comment line, blank lines
are ignored. Problems are collected rather than raised so that one bad line in a shipped file
cannot break the tool; the test suite asserts there are none.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import cast

from flashcards.lexicon.hangul import has_hangul
from flashcards.models import Gloss

GLOSSARY_POS: tuple[str, ...] = ("noun", "proper", "verb", "adjective", "adverb")
MAX_GLOSSES = 5


def is_senses_file(name: str) -> bool:
    """Tell whether a glossary file adds senses to entries of other files (``senses-*.tsv``)."""
    return name.startswith("senses-")


@dataclass(frozen=True)
class GlossaryEntry:
    lemma: str
    pos: str
    glosses: tuple[str, ...]
    file: str
    line: int


@dataclass(frozen=True)
class GlossaryProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def parse_glossary(text: str, name: str) -> tuple[list[GlossaryEntry], list[GlossaryProblem]]:
    """Parse one glossary file's text into entries and the problems found on its lines."""
    entries: list[GlossaryEntry] = []
    problems: list[GlossaryProblem] = []
    # Plain statements on purpose: this runs over every line of every file at start-up.
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] == "#":
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            message = f"expected 3 tab-separated fields (lemma, pos, glosses), found {len(fields)}"
            problems.append(GlossaryProblem(name, number, message))
            continue
        lemma, pos, gloss_field = fields[0].strip(), fields[1].strip(), fields[2].strip()
        if not lemma or not has_hangul(lemma) or lemma != " ".join(lemma.split()):
            message = f"lemma {lemma!r} is not a Korean word or single-spaced phrase"
            problems.append(GlossaryProblem(name, number, message))
            continue
        if pos not in GLOSSARY_POS:
            message = f"pos {pos!r} is not one of {', '.join(GLOSSARY_POS)}"
            problems.append(GlossaryProblem(name, number, message))
            continue
        glosses = tuple([g.strip() for g in gloss_field.split(";")])
        if not all(glosses):
            problems.append(GlossaryProblem(name, number, f"empty gloss in {gloss_field!r}"))
            continue
        if len(glosses) > MAX_GLOSSES:
            message = f"{len(glosses)} glosses; keep 1–{MAX_GLOSSES}"
            problems.append(GlossaryProblem(name, number, message))
        if len(set(glosses)) != len(glosses):
            problems.append(GlossaryProblem(name, number, f"repeated gloss in {gloss_field!r}"))
        if has_hangul(gloss_field):
            message = f"gloss {gloss_field!r} contains Korean"
            problems.append(GlossaryProblem(name, number, message))
        entries.append(GlossaryEntry(lemma, pos, glosses, name, number))
    return entries, problems


def glossary_files(root: Traversable | None = None) -> list[Traversable]:
    """Return the shipped glossary files, sorted by name."""
    base = (
        root if root is not None else importlib.resources.files("flashcards") / "data" / "glossary"
    )
    if not base.is_dir():
        return []
    return sorted(
        (f for f in base.iterdir() if f.is_file() and f.name.endswith(".tsv")),
        key=lambda f: f.name,
    )


def read_glossary_files(
    files: Iterable[Traversable],
) -> tuple[list[GlossaryEntry], list[GlossaryProblem]]:
    entries: list[GlossaryEntry] = []
    problems: list[GlossaryProblem] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            problems.append(GlossaryProblem(file.name, 0, f"cannot read: {exc}"))
            continue
        found, bad = parse_glossary(text, file.name)
        entries.extend(found)
        problems.extend(bad)
    return entries, problems


class Glossary:
    """Look up our own glosses by lemma (and optionally part of speech)."""

    source = "glossary"

    def __init__(self, entries: Iterable[GlossaryEntry | _Row]) -> None:
        by_lemma: dict[str, list[GlossaryEntry | _Row]] = {}
        by_solid: dict[str, list[GlossaryEntry | _Row]] = {}
        for entry in entries:
            lemma = entry[0] if isinstance(entry, tuple) else entry.lemma
            by_lemma.setdefault(lemma, []).append(entry)
            if " " in lemma:
                by_solid.setdefault(lemma.replace(" ", ""), []).append(entry)
        self._by_lemma = by_lemma
        # News spaces compounds inconsistently (정상회담 / 정상 회담): a spaced lemma is also
        # found written solid, and the other way round (see ``lookup``).
        self._by_solid = by_solid
        # Per list of entries looked up (keyed as ``lookup`` finds it): their POS and glosses.
        self._glosses: dict[str, tuple[tuple[str, tuple[Gloss, ...]], ...]] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_lemma.values())

    def __contains__(self, lemma: object) -> bool:
        return lemma in self._by_lemma

    def entries(self, lemma: str) -> list[GlossaryEntry]:
        return list(_entries(self._by_lemma.get(lemma, [])))

    def lookup(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[Gloss]:
        """Return glosses for ``lemma``; entries of the requested POS come first.

        Entries of another POS are still returned (Kiwi and the glossary may disagree on 있다
        being a verb or an adjective), after the matching ones.
        """
        key = lemma
        found = self._by_lemma.get(lemma)
        if not found:
            # (replace, a method call when compiled, only when it has a space to remove)
            solid = lemma.replace(" ", "") if " " in lemma else lemma
            found = self._by_lemma.get(solid) if solid != lemma else None
            if found:
                key = solid
            else:
                found = self._by_solid.get(solid)
                if not found:
                    return []  # most words asked (compounds' parts) are no entry
                key = "\x00" + solid  # the spaced entries of a solid key: another list
        glosses = self._glosses.get(key)
        if glosses is None:
            glosses = _glosses_of(found, self.source)
            self._glosses[key] = glosses
        out: list[Gloss] = []
        if pos:
            # The requested POS first, the others after, each in file order.
            for entry_pos, entry_glosses in glosses:
                if entry_pos == pos:
                    out.extend(entry_glosses)
            for entry_pos, entry_glosses in glosses:
                if entry_pos != pos:
                    out.extend(entry_glosses)
        else:
            for _, entry_glosses in glosses:
                out.extend(entry_glosses)
        return out


def _glosses_of(
    found: list[GlossaryEntry | _Row], source: str
) -> tuple[tuple[str, tuple[Gloss, ...]], ...]:
    """Return each entry's POS and glosses: made once per lemma, then shared (glosses are
    immutable), as every new term asks for its lemma and its stem under several POS.

    Rows are read as ``_entries`` reads them, without making entries of them.
    """
    out: list[tuple[str, tuple[Gloss, ...]]] = []
    for item in found:
        if isinstance(item, tuple):
            pos = item[1]
            glosses: list[Gloss] = []
            for text in item[2].split(";"):
                text = text.strip()
                if text:
                    glosses.append(Gloss(text, source))
            out.append((pos, tuple(glosses)))
        else:
            out.append((item.pos, tuple([Gloss(g, source) for g in item.glosses])))
    return tuple(out)


# A line of a shipped file as the fast loader keeps it: (lemma, pos, glosses text, file, line).
# Only the few hundred lemmas an article needs are ever split into glosses.
_Row = tuple[str, str, str, str, int]


def _entries(found: list[GlossaryEntry | _Row]) -> list[GlossaryEntry]:
    """Turn raw rows into entries in place, the first time a lemma is looked up."""
    for i, item in enumerate(found):
        if isinstance(item, tuple):
            lemma, pos, text, file, line = item
            glosses = tuple([g.strip() for g in text.split(";") if g.strip()])
            found[i] = GlossaryEntry(lemma, pos, glosses, file, line)
    return cast(list[GlossaryEntry], found)  # every item is an entry now


def load_glossary(root: Traversable | None = None) -> Glossary:
    """Load the shipped glossary quickly: lines are split, not checked.

    The checks of ``parse_glossary`` run in the test suite on every shipped file; at start-up
    a malformed line is simply skipped.
    """
    rows: list[_Row] = []
    for file in glossary_files(root):
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        name = file.name
        for number, line in enumerate(text.splitlines(), start=1):
            if not line or line[0] == "#":
                continue
            fields = line.split("\t")
            if len(fields) != 3 or not fields[0].strip() or not fields[2].replace(";", "").strip():
                continue
            rows.append((fields[0].strip(), fields[1].strip(), fields[2], name, number))
    return Glossary(rows)


@functools.cache
def default_glossary() -> Glossary:
    return load_glossary()
