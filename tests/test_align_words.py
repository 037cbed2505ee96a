"""Comparing English words: stems, roots, gloss keys (flashcards.align.words)."""

from __future__ import annotations

from flashcards.align import words


def test_stem_maps_inflections_together() -> None:
    assert words.stem("introduced") == words.stem("introduce") == words.stem("introduces")
    assert words.stem("policies") == words.stem("policy")
    assert words.stem("startups") == words.stem("startup")
    assert words.stem("bus") == "bus"
    assert words.stem("uses") == words.stem("use")
    assert words.root("announcement") == words.root("announced")
    assert words.root("responsibility") == words.root("responsible")
    assert words.root("decision") != words.root("division")


def test_gloss_keys_drop_noise() -> None:
    assert words.gloss_keys("to introduce (sth)") == (words.stem("introduce"),)
    assert words.gloss_keys("the brain drain") == ("brain", words.stem("drain"))
    assert words.gloss_keys("(formal)") == ()
    assert words.gloss_keys("long-term") == ("long", "term")


def test_irregular_forms_and_derivations_share_a_root() -> None:
    assert words.root("men") == words.root("man")
    assert words.stem("gunmen") == words.stem("gunman")
    assert words.root("deaths") == words.root("die")
    assert words.root("brutality") == words.root("brutal")
    assert words.root("threatening") == words.root("threat")
    assert words.root("sales") == words.root("selling")  # looked up by stem: sales → sale
    assert words.root("death") != words.root("dealt")


def test_a_compound_part_spelled_out_fully_scores_higher() -> None:
    parts = (words.gloss_keys("United States"), words.gloss_keys("side"))
    full = words.composite_score(parts, words.gloss_keys("United States"))
    half = words.composite_score(parts, words.gloss_keys("United"))
    assert full > half > 0
