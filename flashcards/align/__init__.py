"""Alignment: Korean sentences to English sentences, then Korean terms to English counterparts.

``sentences`` aligns sentences (dynamic programming over anchors, length and lexical matches);
``translit`` compares loanwords and names across scripts; ``words`` compares English words and
glosses; ``names`` joins names Kiwi split by how they sound; ``terms`` decodes each term's
counterpart from the combined evidence. ``make setup`` compiles them (see flashcards.native).
"""

from __future__ import annotations

from flashcards.native import warn_if_stale

warn_if_stale()
