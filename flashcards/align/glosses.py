"""The lexicon's glosses in the form the sentence aligner and name joining ask for them.

Compiled with the aligner (setup.py): the aligners ask for every Korean term, and a Python
function building the list would cost more than the (cached) lookup itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flashcards.models import Gloss

# lookup(lemma, pos), as Lexicon.lookup.
GlossLookup = Callable[..., Sequence[Gloss]]


class EnglishOf:
    """Give the English of a term's glosses: ``translate(lemma, pos)`` for ``align_sentences``."""

    def __init__(self, lookup: GlossLookup) -> None:
        self.lookup = lookup

    def __call__(self, lemma: str, pos: str) -> list[str]:
        glosses = self.lookup(lemma, pos)
        if isinstance(glosses, list):  # as the lexicon's are: compiled, a loop over a list
            # Typed again: narrowed by ``isinstance`` it would be a list of Any, whose items'
            # texts compiled code reads as generic attributes.
            listed: list[Gloss] = glosses
            return [g.text for g in listed]
        return [g.text for g in glosses]

    def noun(self, lemma: str) -> list[str]:
        """Give the English of a noun's glosses (for ``names.join_names_by_sound``)."""
        return self(lemma, "noun")
