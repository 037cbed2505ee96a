"""Alignment: Korean sentences to English sentences, then Korean terms to English counterparts.

``sentences`` aligns sentences (dynamic programming over anchors, length and lexical matches);
``translit`` compares loanwords and names across scripts; ``words`` compares English words and
glosses; ``names`` joins names Kiwi split by how they sound; ``terms`` decodes each term's
counterpart from the combined evidence. ``make setup`` compiles them (see flashcards.native).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from flashcards.native import warn_if_stale

warn_if_stale()


@contextlib.contextmanager
def cyclic_gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector; with ``freeze``, keep the survivors from its scans.

    The aligners make hundreds of thousands of short-lived containers and no reference cycle
    (tests/test_pipeline.py checks), so a collection meanwhile frees nothing, yet it walks
    every young object, and a full one every object of the loaded models (Kiwi's, spaCy's,
    the lexicon's), costing more than aligning the article. ``freeze`` moves what is alive at
    the end to the permanent generation: still freed when nothing refers to it, never
    scanned again. Nested pauses leave it to the outermost.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()
