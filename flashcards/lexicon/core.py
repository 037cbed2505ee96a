"""The lexicon: one lookup over our glossary, the user's dictionaries and the hanja bridge."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final, Protocol

from flashcards.lexicon.compose import compound_glosses
from flashcards.lexicon.glossary import Glossary
from flashcards.lexicon.hanjaindex import HanjaBridge, stems
from flashcards.lexicon.senses import match_form
from flashcards.models import Gloss


class GlossSource(Protocol):
    def lookup(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[Gloss]: ...


class HanjaSource(GlossSource, Protocol):
    def hanja_for(self, lemma: str, pos: str | None = None) -> list[str]: ...

    def normalize(self, hanja: str) -> str: ...


@dataclass(frozen=True)
class LexiconOptions:
    """Lookup behaviour.

    ``stem_fallback``: also ask each source for the stem of 도입하다 or 근본적 (도입/근본), after
    the word itself.
    ``compounds``: when no source knows a noun of 3+ syllables, gloss its parts (기술인재 →
    "technology + talent", source "compound").
    """

    stem_fallback: bool = True
    compounds: bool = True
    max_glosses: int = 24


class Lexicon:
    """Look up English glosses of Korean lemmas in every source, ours first.

    Order: our glossary, then the user's dictionaries (in the order added), then the hanja
    bridge. Results are cached per (lemma, pos, hanja); the sources are read-only here.
    """

    def __init__(
        self,
        glossary: GlossSource | None = None,
        bridge: HanjaSource | None = None,
        user: GlossSource | None = None,
        options: LexiconOptions | None = None,
    ) -> None:
        self.glossary = glossary
        self.bridge = bridge
        self.user = user
        self.options = options or LexiconOptions()
        # Glosses by POS, then by the word as the article wrote it (굴기, or 굴기(崛起) with its
        # hanja): dicts keyed by strings, whose hashes they keep, where a tuple key would be
        # made and hashed at every call.
        self._cache: dict[str | None, dict[str, tuple[Gloss, ...]]] = {}
        # What the sources say (``_direct``) of nouns without hanja, by lemma, for lookups and
        # compounds' parts alike: a part of one compound (인재 of 기술인재) is often a word of
        # the article too.
        self._directs: dict[str, tuple[Gloss, ...]] = {}

    def lookup(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[Gloss]:
        """Return glosses of ``lemma`` from all sources, each with its ``source`` set.

        ``hanja``: the spelling the article wrote after the word (굴기(崛起)); the bridge then keeps
        only that spelling's senses.
        """
        by_word = self._cache.get(pos)
        if by_word is None:
            by_word = self._cache[pos] = {}
        word = f"{lemma}({hanja})" if hanja else lemma
        cached = by_word.get(word)
        if cached is None:
            if pos == "noun" and not hanja:  # as ``_part`` asks for a compound's part
                cached = self._noun(lemma)
            else:
                cached = self._direct(lemma, pos, hanja)
            if not cached and self.options.compounds and _nominal(pos):
                cached = tuple(compound_glosses(lemma.strip(), self._part))
            by_word[word] = cached
        return list(cached)

    def _part(self, part: str) -> list[Gloss]:
        return list(self._noun(part))

    def _noun(self, lemma: str) -> tuple[Gloss, ...]:
        """Return what the sources say of a noun without hanja (kept: see ``_directs``)."""
        cached = self._directs.get(lemma)
        if cached is None:
            cached = self._directs[lemma] = self._direct(lemma, "noun", "")
        return cached

    def _direct(self, lemma: str, pos: str | None, hanja: str) -> tuple[Gloss, ...]:
        lemma = lemma.strip()
        if not lemma:
            return ()
        keys = stems(lemma, pos) if self.options.stem_fallback else [lemma]
        # Each source in turn (not a loop over a tuple of them: compiled, a generic iteration).
        glossary = self.glossary
        if isinstance(glossary, Glossary):
            found = _with_stem(glossary, lemma, pos, hanja, keys)  # a new list: ours to extend
        else:
            found = [] if glossary is None else list(_with_stem(glossary, lemma, pos, hanja, keys))
        if self.user is not None:
            found.extend(_with_stem(self.user, lemma, pos, hanja, keys))
        bridge = self.bridge
        if bridge is not None:
            if isinstance(bridge, HanjaBridge):
                # A native call when compiled, given the stems it would make again.
                if not self.options.stem_fallback:
                    keys = stems(lemma, pos)
                bridge.add_glosses(found, keys, pos, hanja)
            else:
                found.extend(bridge.lookup(lemma, pos, hanja))
        limit = self.options.max_glosses
        if len(found) > 1:
            found = _unique(found)
        return tuple(found) if len(found) <= limit else tuple(found[:limit])

    def english_for(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[str]:
        """Return the bare English of every gloss, best first ("to rise" → "rise")."""
        out: dict[str, None] = {}
        for gloss in self.lookup(lemma, pos, hanja):
            form = match_form(gloss.text)
            if form:
                out.setdefault(form)
        return list(out)

    def hanja_for(self, lemma: str, pos: str | None = None) -> list[str]:
        """Return candidate hanja spellings, likeliest first.

        Spellings the user's dictionaries give for the word come first (a Korean dictionary
        attests them), then the bridge's ranked candidates.
        """
        out: dict[str, None] = {}
        seen: set[str] = set()
        normalize = self.bridge.normalize if self.bridge is not None else (lambda h: h)
        user = self.user.lookup(lemma, pos) if self.user is not None else []
        candidates = [g.hanja for g in user if g.hanja]
        if self.bridge is not None:
            candidates += self.bridge.hanja_for(lemma, pos)
        for spelling in candidates:
            canonical = normalize(spelling)
            if canonical not in seen:
                seen.add(canonical)
                out.setdefault(spelling)
        return list(out)

    def clear_cache(self) -> None:
        self._cache.clear()
        self._directs.clear()


def _nominal(pos: str | None) -> bool:
    # pos in (None, "noun", "proper"), with None tested by identity (compiled, ``in`` compares
    # it as an object).
    return pos is None or pos == "noun" or pos == "proper"


def _unique(glosses: list[Gloss]) -> list[Gloss]:
    """Return ``glosses`` without repeats, first occurrences in order (as ``dict.fromkeys``).

    Each gloss is compared with the ones kept, field by field (``_holds``): a dozen glosses
    compare in fewer instructions than their texts would hash in, and a gloss hashes in Python.
    Longer lists compare only glosses whose texts repeat.
    """
    unique: list[Gloss] = []
    if len(glosses) <= _COMPARED:
        for gloss in glosses:
            if not _holds(unique, gloss):
                unique.append(gloss)
        return unique
    texts: set[str] = set()
    for gloss in glosses:
        text = gloss.text
        if text in texts:
            if _holds(unique, gloss):
                continue
        else:
            texts.add(text)
        unique.append(gloss)
    return unique


# Lists of up to this many glosses are made unique by comparing every pair.
_COMPARED: Final = 16


def _holds(glosses: list[Gloss], gloss: Gloss) -> bool:
    """``gloss in glosses``, field by field: compiled, natively, where ``in`` would call the
    dataclass's ``__eq__``, which runs as Python (a word and its stem often share a text, glossed
    by another source: most such tests fail, after comparing all of the list)."""
    kind = type(gloss)
    for other in glosses:
        if (
            type(other) is kind
            and other.text == gloss.text
            and other.source == gloss.source
            and other.hanja == gloss.hanja
        ):
            return True
    return False


def _with_stem(
    source: GlossSource, lemma: str, pos: str | None, hanja: str, keys: list[str]
) -> list[Gloss]:
    """Return ``source``'s glosses of ``lemma``, then of its first stem (``keys``) it knows."""
    glosses = _lookup(source, lemma, pos, hanja)
    # The stem's senses come after the word's own: translators often turn a verb
    # into its noun (폭발하다 "explode" → "the blast").
    for i in range(1, len(keys)):
        stem = keys[i]
        if glosses and len(stem) < 2:
            break  # 위하다 is not 위 "top": one syllable is too ambiguous a stem
        stem_glosses = _lookup(source, stem, None, hanja)
        if stem_glosses:
            glosses = [*glosses, *stem_glosses]
            break
    return glosses


def _lookup(source: GlossSource, lemma: str, pos: str | None, hanja: str) -> list[Gloss]:
    """Call ``source.lookup``: our glossary natively when compiled, not through the protocol."""
    if isinstance(source, Glossary):
        return source.lookup(lemma, pos, hanja)
    return source.lookup(lemma, pos, hanja)


@functools.cache
def default_lexicon() -> Lexicon:
    """Return the lexicon over the shipped glossary, the hanja bridge and the user's index.

    The first call in a fresh environment builds the bridge's cache (a few seconds).
    """
    from flashcards.lexicon.bridge import default_bridge
    from flashcards.lexicon.glossary import default_glossary
    from flashcards.lexicon.userdict import UserDictionaries, default_db_path

    path = default_db_path()
    user = UserDictionaries(path) if path.is_file() else None
    return Lexicon(glossary=default_glossary(), bridge=default_bridge(), user=user)
