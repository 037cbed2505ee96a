"""The Lexicon facade: source order, caching, stem fallback, English forms and hanja candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.lexicon import Lexicon, LexiconOptions
from flashcards.lexicon.glossary import load_glossary
from flashcards.lexicon.userdict import UserDictionaries
from flashcards.models import Gloss

DATA = Path(__file__).resolve().parent / "data"


class FakeSource:
    """Answers from a fixed table and counts the calls."""

    def __init__(self, source: str, table: dict[str, list[str]], hanja: str = "") -> None:
        self.source = source
        self.table = table
        self.hanja = hanja
        self.calls: list[tuple[str, str | None, str]] = []

    def lookup(self, lemma: str, pos: str | None = None, hanja: str = "") -> list[Gloss]:
        self.calls.append((lemma, pos, hanja))
        return [Gloss(text, self.source, self.hanja) for text in self.table.get(lemma, [])]


class FakeBridge(FakeSource):
    def __init__(self, table: dict[str, list[str]], spellings: dict[str, list[str]]) -> None:
        super().__init__("hanja", table, "流出")
        self.spellings = spellings

    def hanja_for(self, lemma: str, pos: str | None = None) -> list[str]:
        return list(self.spellings.get(lemma, []))

    def normalize(self, hanja: str) -> str:
        return hanja.replace("硏", "研")


@pytest.fixture
def lexicon() -> Lexicon:
    glossary = FakeSource("glossary", {"유출": ["outflow"], "도입": ["introduction"]})
    user = FakeSource("user:test", {"유출": ["leak", "outflow"], "도입하다": ["introduce"]}, "流出")
    bridge = FakeBridge(
        {"유출": ["to flow out", "outflow"], "연구": ["research"]},
        {"유출": ["流出", "誘出"], "연구": ["研究"]},
    )
    return Lexicon(glossary=glossary, bridge=bridge, user=user)


def test_sources_in_order(lexicon: Lexicon) -> None:
    assert [(g.text, g.source) for g in lexicon.lookup("유출", "noun")] == [
        ("outflow", "glossary"),
        ("leak", "user:test"),
        ("outflow", "user:test"),
        ("to flow out", "hanja"),
        ("outflow", "hanja"),
    ]
    assert lexicon.lookup("없는말") == []
    assert lexicon.lookup("  ") == []


def test_repeated_glosses_are_dropped() -> None:
    # A source repeats itself, the stem repeats the word, two sources share a text: only equal
    # glosses (text, source and hanja) are dropped, the first one kept.
    glossary = FakeSource(
        "glossary", {"도입하다": ["introduce", "bring in"], "도입": ["introduce"]}
    )
    user = FakeSource("user:test", {"도입하다": ["introduce", "introduce"]}, "導入")
    bridge = FakeBridge({"도입하다": ["introduce"]}, {})
    lexicon = Lexicon(glossary=glossary, bridge=bridge, user=user)
    assert [(g.text, g.source, g.hanja) for g in lexicon.lookup("도입하다", "verb")] == [
        ("introduce", "glossary", ""),
        ("bring in", "glossary", ""),
        ("introduce", "user:test", "導入"),
        ("introduce", "hanja", "流出"),
    ]


def test_lookups_are_cached(lexicon: Lexicon) -> None:
    assert isinstance(lexicon.glossary, FakeSource)
    first = lexicon.lookup("유출", "noun")
    first.clear()  # callers get copies
    assert len(lexicon.lookup("유출", "noun")) == 5
    assert lexicon.glossary.calls == [("유출", "noun", "")]
    lexicon.lookup("유출", "verb")
    assert len(lexicon.glossary.calls) == 2
    lexicon.clear_cache()
    lexicon.lookup("유출", "noun")
    assert len(lexicon.glossary.calls) == 3


def test_cached_by_pos_and_the_hanja_written(lexicon: Lexicon) -> None:
    assert isinstance(lexicon.glossary, FakeSource)
    calls = lexicon.glossary.calls
    lexicon.lookup("유출", "noun")
    lexicon.lookup("유출", "noun", "流出")  # the article wrote the hanja: asked again
    lexicon.lookup("유출")  # no POS: asked again
    assert calls == [("유출", "noun", ""), ("유출", "noun", "流出"), ("유출", None, "")]
    lexicon.lookup("유출", "noun", "流出")
    lexicon.lookup("유출")
    assert len(calls) == 3
    # A noun's glosses serve a compound's part: 유출연구 is split without asking for 유출 again.
    assert [g.text for g in lexicon.lookup("유출연구", "noun")][:1] == ["outflow + research"]
    assert calls.count(("유출", "noun", "")) == 1


def test_stem_fallback(lexicon: Lexicon) -> None:
    # The glossary has only 도입; the user dictionary has 도입하다 itself, so no fallback there.
    assert [(g.text, g.source) for g in lexicon.lookup("도입하다", "verb")] == [
        ("introduction", "glossary"),
        ("introduce", "user:test"),
    ]
    strict = Lexicon(
        glossary=lexicon.glossary, user=lexicon.user, options=LexiconOptions(stem_fallback=False)
    )
    assert [g.source for g in strict.lookup("도입하다", "verb")] == ["user:test"]


def test_english_for(lexicon: Lexicon) -> None:
    assert lexicon.english_for("유출", "noun") == ["outflow", "leak", "flow out"]
    assert lexicon.english_for("없는말") == []


def test_hanja_for_puts_dictionary_spellings_first(lexicon: Lexicon) -> None:
    assert lexicon.hanja_for("유출") == ["流出", "誘出"]
    assert lexicon.hanja_for("연구") == ["研究"]
    assert Lexicon().hanja_for("유출") == []


def test_lexicon_over_real_fixture_sources(tmp_path: Path) -> None:
    glossary = load_glossary(DATA / "glossary")
    user = UserDictionaries(tmp_path / "d.sqlite3")
    user.add(DATA / "dictionaries" / "krdict.xml", name="basic")
    lexicon = Lexicon(glossary=glossary, user=user)
    assert [(g.text, g.source) for g in lexicon.lookup("조용하다", "adjective")] == [
        ("quiet", "glossary"),
        ("quiet", "user:basic"),
        ("silent", "user:basic"),
    ]
    assert lexicon.hanja_for("학교") == ["學校"]
    user.close()


@pytest.mark.slow
def test_default_lexicon_has_all_default_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashcards.lexicon import core
    from flashcards.lexicon import userdict as userdict_module

    monkeypatch.setenv(userdict_module.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setenv("FLASHCARDS_CACHE_DIR", str(tmp_path / "cache"))
    core.default_lexicon.cache_clear()
    try:
        lexicon = core.default_lexicon()
        assert lexicon.user is None  # no index yet: nothing is created
        assert lexicon.bridge is not None and lexicon.glossary is not None
        sources = {g.source for g in lexicon.lookup("정부", "noun")}
        assert "hanja" in sources
        assert lexicon.english_for("도입하다", "verb")
        assert not (tmp_path / "data").exists()
    finally:
        core.default_lexicon.cache_clear()


# --- compounds ------------------------------------------------------------------------------

PARTS = {
    "기술": ["technology", "skill", "tech"],
    "창업": ["founding a company", "starting a business", "startup"],
    "인재": ["talent"],
    "경제": ["economy"],
    "협력": ["cooperation"],
    "개발": ["development"],
    "기구": ["organization"],
    "유출": ["outflow"],
    "경제협력": ["economic cooperation"],
    "운동장": ["playground"],
    "대운": ["great fortune"],
    "동장": ["village head"],
}


def fake_lookup(part: str) -> list[Gloss]:
    return [Gloss(text, "glossary") for text in PARTS.get(part, [])]


def test_split_compound() -> None:
    from flashcards.lexicon.compose import compound_glosses, split_compound

    def texts(word: str) -> list[str] | None:
        parts = split_compound(word, fake_lookup)
        return None if parts is None else [p.text for p in parts]

    assert texts("기술인재") == ["기술", "인재"]
    assert texts("유출국") == ["유출", "국"]  # listed suffix
    assert texts("경제전") == ["경제", "전"]  # -전 "war" as in 이라크전
    assert texts("대기술") == ["대", "기술"]  # listed prefix
    # Sino-Korean tails of news words: a post, a tax.
    assert texts("기술직") == ["기술", "직"]
    assert texts("경제세") == ["경제", "세"]
    assert compound_glosses("기술직", fake_lookup)[0].text == "technology + post"
    # Fewest parts: the known 경제협력 beats 경제|협력.
    assert texts("경제협력개발기구") == ["경제협력", "개발", "기구"]
    # As few parts either way: the split with the longer known word, not the longer first part.
    assert texts("대운동장") == ["대", "운동장"]
    assert texts("기술") is None  # too short to be a compound
    assert texts("기술무엇") is None  # 무엇 is unknown
    assert texts("국기술") is None  # 국 is a suffix, not a prefix
    assert texts("기술AI") is None


def test_compound_glosses() -> None:
    from flashcards.lexicon.compose import compound_glosses

    assert [g.text for g in compound_glosses("기술인재", fake_lookup)] == [
        "technology + talent",
        "skill + talent",
    ]
    # The first glosses, then one part at a time in its second gloss, then the head in its
    # third.
    assert [g.text for g in compound_glosses("기술창업", fake_lookup)] == [
        "technology + founding a company",
        "skill + founding a company",
        "technology + starting a business",
        "technology + startup",
    ]
    assert {g.source for g in compound_glosses("유출국", fake_lookup)} == {"compound"}
    assert compound_glosses("무엇무엇", fake_lookup) == []


def test_lexicon_composes_only_unknown_nouns() -> None:
    glossary = FakeSource("glossary", {k: v for k, v in PARTS.items() if k != "경제협력"})
    lexicon = Lexicon(glossary=glossary)
    assert lexicon.english_for("기술인재", "noun") == ["technology talent", "skill talent"]
    assert lexicon.lookup("기술인재", "verb") == []  # verbs are not composed
    glossary.table["기술인재"] = ["tech talent"]
    assert Lexicon(glossary=glossary).english_for("기술인재", "noun") == ["tech talent"]
    off = Lexicon(glossary=glossary, options=LexiconOptions(compounds=False))
    assert off.lookup("유출국", "noun") == []
