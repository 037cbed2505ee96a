"""Alignment: Korean sentences to English sentences, then Korean terms to English counterparts.

``sentences`` aligns sentences (dynamic programming over anchors, length and lexical matches);
``translit`` compares loanwords and names across scripts; ``terms`` decodes each term's
counterpart from the combined evidence.
"""
