"""Korean→English dictionary evidence: our glossary, the user's dictionaries, the hanja bridge.

Use ``default_lexicon().lookup(lemma, pos)``; manage user dictionaries with
``flashcards.lexicon.userdict.add / list_dicts / remove``. Importing this package is cheap: the
bridge, glossary and index load on first use. ``make setup`` compiles the lookups (see
flashcards.native).
"""

from __future__ import annotations

from flashcards.lexicon.core import (
    GlossSource,
    HanjaSource,
    Lexicon,
    LexiconOptions,
    default_lexicon,
)
from flashcards.lexicon.userdict import DictInfo, UserDictionaries
from flashcards.native import warn_if_stale

warn_if_stale()

__all__ = [
    "DictInfo",
    "GlossSource",
    "HanjaSource",
    "Lexicon",
    "LexiconOptions",
    "UserDictionaries",
    "default_lexicon",
]
