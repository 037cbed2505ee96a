"""Alignment: Korean sentences to English sentences, then Korean terms to English counterparts.

``sentences`` aligns sentences (dynamic programming over anchors, length and lexical matches);
``translit`` compares loanwords and names across scripts; ``words`` compares English words and
glosses; ``names`` joins names Kiwi split by how they sound; ``terms`` decodes each term's
counterpart from the combined evidence.
"""
