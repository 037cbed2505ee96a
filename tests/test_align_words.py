"""Comparing English words: stems, roots, gloss keys (flashcards.align.words)."""

from __future__ import annotations

import math
import random
import struct
from pathlib import Path

import pytest

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


def test_a_plural_initialism_keys_as_its_singular() -> None:
    from flashcards.models import EnglishToken

    def key(text: str, pos: str = "NOUN") -> str:
        return words.token_key(EnglishToken(0, text, text, pos, "NNS", 0, len(text), 0))

    assert key("SUVs") == key("SUV") == words.gloss_keys("SUV")[0]
    assert key("RBIs", "PROPN") == words.gloss_keys("RBI")[0]
    # Only capitals before the s: words and names are left to the stemmer.
    assert words.singular_initialism("Mrs") == "Mrs"
    assert words.singular_initialism("bus") == "bus"
    assert words.singular_initialism("US") == "US"


def test_gloss_keys_drop_noise() -> None:
    assert words.gloss_keys("to introduce (sth)") == (words.stem("introduce"),)
    assert words.gloss_keys("the brain drain") == ("brain", words.stem("drain"))
    assert words.gloss_keys("(formal)") == ()
    assert words.gloss_keys("long-term") == ("long", "term")


def test_word_runs_split_as_the_pattern_does() -> None:
    import re

    pattern = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
    # Invented texts with hyphens, apostrophes, digits, accents, brackets and stray quotes.
    texts = [
        "", "'", "a", "sit-in", "one's own", "women's rights'", "rock 'n' roll", "x''y",
        "'tis the g7 summit's end", "café au lait", "to rise (prices) 2-fold", "a'b'c d'",
        "  spaced   out  ", "co-op, u.s. & e.u.", "ab'", "'ab", "a' b", "9/11 attacks",
    ]  # fmt: skip
    for text in texts:
        assert words._word_runs(text) == pattern.findall(text), text


def test_a_prepared_key_reads_its_head_root_among_its_roots() -> None:
    for text, nominal in [("explosion", True), ("rest of one's life", True), ("take place", False)]:
        key = words.gloss_key(text, nominal, 1.0)
        assert key is not None
        key.prepare()
        assert key.head_root == words.root(key.head)
    # A key built by hand whose head is none of its words: the head's root is found anyway.
    odd = words.GlossKey(("home",), "nurs", 1.0)
    odd.prepare()
    assert odd.head_root == words.root("nurs") and odd.match_roots[-1] == odd.head_root


def test_irregular_forms_and_derivations_share_a_root() -> None:
    assert words.root("men") == words.root("man")
    assert words.stem("gunmen") == words.stem("gunman")
    assert words.root("deaths") == words.root("die")
    assert words.root("brutality") == words.root("brutal")
    assert words.root("threatening") == words.root("threat")
    assert words.root("sales") == words.root("selling")  # looked up by stem: sales → sale
    assert words.root("death") != words.root("dealt")
    # Adjectives in -ous / -ious / -ful meet their noun: a "nerve + system" compound is found
    # as "nervous system".
    assert words.root("nervous") == words.root("nerve")
    assert words.root("dangerous") == words.root("danger")
    assert words.root("successful") == words.root("success")
    # The noun behind the adjective, spelled as a word: beauty, care, thought.
    assert words.root("beautiful") == words.root("beauty")
    assert words.root("careful") == words.root("care")
    assert words.root("various") == words.root("vary")
    assert words.root("thoughtful") == words.root("think")
    assert words.root("official") != words.root("office")
    nerve_system = (words.gloss_keys("nerve"), words.gloss_keys("system"))
    assert words.composite_score(nerve_system, ("nervous", "system")) > 0.8


def test_a_compound_part_spelled_out_fully_scores_higher() -> None:
    parts = (words.gloss_keys("United States"), words.gloss_keys("side"))
    full = words.composite_score(parts, words.gloss_keys("United States"))
    half = words.composite_score(parts, words.gloss_keys("United"))
    assert full > half > 0


def test_a_compound_head_alone_is_a_fallback() -> None:
    # 평화과정 "peace + process": "the process" is a fair rendering when nothing better is
    # found, "the peace process" a better one, the modifier alone another.
    parts = (words.gloss_keys("peace"), words.gloss_keys("process"))
    head = words.composite_score(parts, words.gloss_keys("process"))
    assert head == words.COMPOUND_HEAD
    assert words.composite_score(parts, words.gloss_keys("peace process")) > head
    assert words.composite_score(parts, words.gloss_keys("peace")) > head
    # A multiword head spelled out whole is a fair translation of its own.
    title = (words.gloss_keys("Turkey"), words.gloss_keys("prime minister"))
    assert words.composite_score(title, words.gloss_keys("prime minister")) > head


def test_a_matcher_scores_a_key_alike_each_time_with_or_without_its_words() -> None:
    glosses = [
        words.gloss_key(text, True, weight)
        for text, weight in [("fare system", 1.0), ("toll", 0.7), ("ticket + office", 1.0)]
    ]
    matcher = words.GlossMatcher([g for g in glosses if g is not None])
    for key in [("fare",), ("fare", "system"), ("toll",), ("ticket", "office"), ("bus",)]:
        first = matcher.score(key)
        assert first == matcher.score(key, words.key_words(key)) == matcher.score(key)
        assert first == words.lexical_score([g for g in glosses if g is not None], key)
    assert matcher.score(("bus",)) == 0.0 < matcher.score(("toll",))


def test_comparatives_and_superlatives_are_keyed_by_their_lemma() -> None:
    from flashcards.models import EnglishToken

    def token(text: str, lemma: str, pos: str, tag: str) -> EnglishToken:
        return EnglishToken(0, text, lemma, pos, tag, 0, len(text), 0)

    assert words.token_key(token("simplest", "simple", "ADJ", "JJS")) == words.stem("simple")
    assert words.token_key(token("happier", "happy", "ADJ", "JJR")) == words.stem("happy")
    # Other adjectives keep their own text, whatever the lemma says.
    assert words.token_key(token("honest", "honest", "ADJ", "JJ")) == words.stem("honest")
    assert words.token_key(token("uses", "us", "NOUN", "NNS")) == words.stem("uses")


def test_place_words_count_as_function_words() -> None:
    # 주위 "around", 앞두다 "before": Korean nouns and verbs English renders as a preposition.
    assert {words.stem(w) for w in ("around", "before", "near")} <= words.FUNCTION_WORDS


def test_a_noun_gloss_is_headed_by_the_word_before_its_preposition() -> None:
    def head(gloss: str) -> str:
        key = words.gloss_key(gloss, True, 1.0)
        assert key is not None
        return key.head

    assert head("Ministry of Justice") == words.stem("ministry")
    assert head("home for the elderly") == words.stem("home")
    assert head("talks with the North") == words.stem("talks")
    assert head("nursing home") == words.stem("home")
    # A hyphenated word is one word: "sit-in" is headed by "in", not by "sit".
    assert head("sit-in") == words.stem("in")
    # A verb phrase is headed by its verb, whatever follows.
    assert words.gloss_key("stand for", False, 1.0).head == words.stem("stand")  # type: ignore[union-attr]


def test_distinctive_agrees_with_wordfreq_through_its_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wordfreq import zipf_frequency

    monkeypatch.setenv("FLASHCARDS_CACHE_DIR", str(tmp_path))
    words.common_english.cache_clear()
    words.distinctive.cache_clear()
    try:
        sample = ["time", "state", "opposition", "office", "home", "the", "agency", "visa", "x7"]
        for word in sample:
            for zipf in (5.1, 5.3, 4.0):
                assert words.distinctive(word, zipf) == (zipf_frequency(word, "en") < zipf)
        # The common words now sit in a small cache file, read instead of wordfreq next time.
        assert len(list(tmp_path.glob("english-common-*.tsv"))) == 1
        assert words.common_english()["time"] >= 5.0
    finally:
        words.common_english.cache_clear()
        words.distinctive.cache_clear()


def test_a_damaged_common_words_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASHCARDS_CACHE_DIR", str(tmp_path))
    words.common_english.cache_clear()
    try:
        words.common_english()
        (cache,) = tmp_path.glob("english-common-*.tsv")
        for damaged in ("# damaged\ntime\nthe\t7.7\textra\n", "# cut short\n#! rows=1061\n"):
            cache.write_text(damaged, encoding="utf-8")
            words.common_english.cache_clear()
            assert words.common_english()["time"] >= 5.0
            assert not cache.read_text(encoding="utf-8").startswith(("# damaged", "# cut"))
    finally:
        words.common_english.cache_clear()


def test_a_passive_gloss_may_be_matched_by_its_participle_alone() -> None:
    assert words.gloss_key("to be held captive", False, 1.0).head_alone  # type: ignore[union-attr]
    held = words.gloss_key("be held captive", False, 1.0)
    hold = words.gloss_key("hold captive", False, 1.0)
    assert held is not None and hold is not None
    # "hold" is a light verb: alone it says nothing of "hold captive"; "were held" for
    # "be held captive" does.
    assert held.head_alone and not hold.head_alone
    matcher = words.GlossMatcher([held])
    assert matcher.score(("held",)) >= 0.7
    assert words.GlossMatcher([hold]).score(("held",)) < 0.55


def test_an_adverbial_gloss_is_not_matched_by_its_noun_alone() -> None:
    # 현장 "on the ground" says where, not what: "ground" in "a proving ground" is another word.
    adverbial = words.gloss_key("on the ground", True, 1.0)
    plain = words.gloss_key("proving ground", True, 1.0)
    assert adverbial is not None and plain is not None
    assert not adverbial.head_alone
    assert words.GlossMatcher([adverbial]).score(("ground",)) < 0.55
    assert words.GlossMatcher([plain]).score(("ground",)) >= 0.7


def test_gloss_key_words_are_the_gloss_keys() -> None:
    for text in ("to introduce (sth)", "brain drain", "take sb to hospital", "rest of one's life"):
        for nominal in (True, False):
            key = words.gloss_key(text, nominal, 1.0)
            assert key is not None and key.words == words.gloss_keys(text)


def test_the_keys_of_a_gloss_text_share_its_content_roots() -> None:
    for text in ("to introduce (sth)", "the rest of one's life", "blast", "be held captive"):
        made = [
            words.gloss_key(text, nominal, weight)
            for nominal in (True, False)
            for weight in (1.0, 0.7)
        ]
        keys = [k for k in made if k is not None]
        assert len(keys) == 4
        # As a key made from its words alone finds them, leading function words aside.
        alone = words.GlossKey(keys[0].words, keys[0].head, 1.0)
        assert keys[0].content_roots() == alone.content_roots()
        assert all(k.content_roots() is keys[0].content_roots() for k in keys)
    key = words.gloss_key("rest of the world", True, 1.0)
    assert key is not None
    assert key.content_roots() == {words.root(words.stem(w)) for w in ("rest", "of", "world")}


def test_a_gloss_is_shared_as_its_word_runs_only_without_apostrophes_or_other_letters() -> None:
    # Invented texts, read as their keys read them: runs of a-z and 0-9, bracketed notes,
    # leading function words and sb/sth aside...
    for text, runs in [
        ("policy", ["policy"]), ("Brain Drain", ["brain", "drain"]),
        ("to give sb (a) lift", ["give", "lift"]), ("sit-in 2-fold", ["sit", "in", "2", "fold"]),
        ("a + b", ["b"]), ("rest of the world", ["rest", "of", "the", "world"]),
    ]:  # fmt: skip
        assert words.gloss_reading(text).word_runs() == runs
    # ...but not one with an apostrophe or a letter outside ASCII, nor one without words.
    for text in ("one's own", "women's rights", "café", "café au lait", "the", "(formal)"):
        assert words.gloss_reading(text).word_runs() is None


def test_a_compound_gloss_is_keyed_part_by_part() -> None:
    key = words.gloss_key("Stone Bridge + repairs + -ity + (the)", True, 1.0)
    assert key is not None
    # Each part's words are its gloss keys; a suffix part and a part without words are left out.
    assert key.parts == (words.gloss_keys("Stone Bridge"), words.gloss_keys("repairs"))
    assert key.words == words.gloss_keys("Stone Bridge + repairs + -ity + (the)")


def test_verbs_and_their_nouns_share_a_root_where_the_spelling_changes() -> None:
    def key_root(word: str) -> str:
        return words.root(words.stem(word))  # as the matchers key words

    families = [
        ("negotiate", "negotiated", "negotiation", "negotiator"),
        ("detonate", "detonation"),
        ("legislative", "legislation"),
        ("explode", "exploded", "explosion", "explosive"),
        ("divide", "division", "divisive"),
        ("defend", "defense"),
        ("respond", "response"),
        ("expand", "expansion"),
        ("impose", "imposed", "imposition"),
        ("justify", "justification"),
    ]
    for family in families:
        assert len({key_root(w) for w in family}) == 1, family
    # Look-alikes stay apart.
    assert key_root("threat") != key_root("three")
    assert key_root("format") != key_root("form")
    assert key_root("lead") == key_root("leading") == key_root("leader")
    assert key_root("process") != key_root("pro")
    from flashcards.align.terms import make_gloss_keys
    from flashcards.models import Gloss

    detonation = make_gloss_keys([Gloss("detonation", "glossary")], "verb")
    assert words.lexical_score(detonation, words.gloss_keys("detonated")) == 0.8


def test_a_possessive_gloss_is_keyed_as_the_english_is_tokenised() -> None:
    from flashcards.align.terms import make_gloss_keys
    from flashcards.models import Gloss

    # spaCy reads "women's rights" as women + 's + rights.
    unit = (words.stem("women"), "'s", words.stem("rights"))
    assert words.gloss_keys("women's rights") == unit
    assert (
        words.lexical_score(make_gloss_keys([Gloss("women's rights", "glossary")], "noun"), unit)
        == 1.0
    )
    # A leading "one's" is dropped whole, as before.
    assert words.gloss_keys("one's own country") == ("own", words.stem("country"))


def test_round_to_is_round_bit_for_bit() -> None:
    rng = random.Random(7)
    values = [rng.random() for _ in range(50_000)] + [rng.random() * 50 for _ in range(5_000)]
    # Around every value of 3 and 4 decimals in [0, 2]: the half-way points and their
    # neighbours, where a scaled product's rounding error would matter.
    for k in range(2001):
        for d in (0.0, 5e-4, -5e-4, 5e-5, -5e-5, 1e-12, -1e-12):
            values.append(k / 1000 + d)
            values.append(math.nextafter(k / 1000 + d, 2.0))
    # Binary fractions: exact ties among them (0.09375 at 4 digits, 0.125 at 2), which
    # ``round`` breaks to even.
    values += [j / 2**12 for j in range(1, 2**13)]
    values += [0.0, -0.0, 1.0, 0.5, 2.5, 1e6, 1e300, -1.5, -0.0004, math.inf, -math.inf]
    for digits in (0, 1, 2, 3, 4):
        for x in values:
            assert struct.pack("d", words.round_to(x, digits)) == struct.pack(
                "d", round(x, digits)
            ), (x, digits)
    assert math.isnan(words.round_to(math.nan, 3))


def _stem_by_suffixes(word: str) -> str:
    """``words._stem`` as first written, with ``endswith``: the reference of its rewrite (of a
    word in lower case, as ``stem`` is given)."""
    w = words._IRREGULAR_FORMS.get(word, word)
    if len(w) > 4 and w.endswith("men"):
        w = w[:-3] + "man"
    if len(w) <= 3 or w in words._INVARIANT:
        return w
    stripped = True
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) >= 6:
        w = w[:-3]
    elif (w.endswith("ed") and len(w) >= 5) or (
        w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(w) >= 5
    ):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    else:
        stripped = False
    if stripped and len(w) >= 4 and w[-1] == w[-2] and w[-1] in "bdgmnprt":
        w = w[:-1]
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


def test_stem_is_its_suffix_rules_letter_by_letter() -> None:
    # Every short ending over the letters the rules look at, after stems of 0 to 3 letters,
    # and a sample of English words with each inflection added.
    letters = "abcdeghinrstuxz'é"
    endings = ["", "s", "d", "g", "es", "ed", "ies", "ied", "ing", "men", "ses", "ches", "shes"]
    heads = [""] + list(letters) + [a + b for a in letters for b in letters]
    tried = {h + c + e for h in heads for c in ["", "x", "bb", "ch", "sh"] for e in endings}
    sample = [
        "news", "bus", "uses", "boxes", "buzzes", "churches", "wishes", "horses", "dies",
        "tied", "studied", "stopped", "planning", "agreed", "crises", "analysis", "gunmen",
        "policies", "carried", "running", "sing", "bring", "ties", "lies", "axes", "series",
    ]  # fmt: skip
    tried.update(w + e for w in sample for e in endings)
    for w in sorted(tried):
        assert words._stem(w) == _stem_by_suffixes(w), w


def test_distinctive_levels_are_at_or_above_the_common_words_floor() -> None:
    # Below the floor a plain word missing from the common words' list reads as rare: the
    # levels gloss keys ask about must be ones that list can answer.
    assert words._DISTINCTIVE_ZIPF >= words._COMMON_FLOOR
    assert words._HEAD_ZIPF >= words._COMMON_FLOOR


@pytest.mark.parametrize(
    "text", ["Kim", "kim", "", "-", "Écija", "élan", "Ökland", "1st", "ß", "ǅ"]
)
def test_capital_and_letter_tests_match_the_string_methods(text: str) -> None:
    # By character code for ASCII: the same answers as the str methods.
    assert words.starts_upper(text) == text[:1].isupper()
    assert words.count_letters(text) == sum(ch.isalpha() for ch in text)
    assert words.has_letter(text) == any(ch.isalpha() for ch in text)


def test_an_initialism_with_points_is_keyed_as_the_one_without() -> None:
    # Glossaries write "UN" and "US"; news English writes "U.N." and "U.S.".
    assert words.expand("u.n.") == "un"
    assert words.expand("u.s.") == "us"
    assert words.expand("e.u.") == "eu"
    assert words.expand("e.") == "e"  # E. coli, George W. Bush
    assert words.expand("gov.") == "governor"
    assert words.expand("etc.") == "etc."
    assert words.expand("a.b") == "a.b"
