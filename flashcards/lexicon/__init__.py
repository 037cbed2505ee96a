"""Korean→English dictionary evidence: our glossary, the user's dictionaries, the hanja bridge.

Use ``default_lexicon().lookup(lemma, pos)``; manage user dictionaries with
``flashcards.lexicon.userdict.add / list_dicts / remove``. Importing this package is cheap: the
bridge, glossary and index load on first use.
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

__all__ = [
    "DictInfo",
    "GlossSource",
    "HanjaSource",
    "Lexicon",
    "LexiconOptions",
    "UserDictionaries",
    "default_lexicon",
]
