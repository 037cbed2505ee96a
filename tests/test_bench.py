"""Tests for the alignment benchmark: normalisation, scoring, the gold readers and the loader."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from flashcards.bench import align
from flashcards.bench.align import (
    BenchResult,
    GoldEntry,
    Prediction,
    TermOutcome,
    gold_entries,
    judge,
    matches,
    normalize,
    score_sentences,
    tally,
    term_key,
)
from flashcards.bench.corpus import (
    ArticleSpec,
    BenchDataError,
    GoldTerm,
    boundaries,
    build_pseudo_article,
    default_gold_dir,
    exclude_terms,
    load_pseudo_articles,
    read_gold_terms,
    read_parallel,
    read_partners,
    read_specs,
    read_term_list,
)
from flashcards.models import (
    AlignedTerm,
    Alignment,
    Counterpart,
    EnglishDoc,
    KoreanDoc,
    Sentence,
    SentenceLink,
    TermOccurrence,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Original sentences (not from any corpus): line N of one list translates line N of the other.
KO = ["정부가 새 법을 도입했다.", "시민들은 반대했다.", "장관은 사과했다.", "비가 왔다."]
EN = [
    "The government introduced a new law.",
    "Citizens opposed it.",
    "The minister apologised.",
    "It rained.",
]


def _spec(**kw: object) -> ArticleSpec:
    base: dict[object, object] = {
        "article_id": "t1",
        "first_line": 1,
        "last_line": 4,
        "ko_groups": (1, 3),
        "en_groups": (2, 2),
    }
    base.update(kw)
    return ArticleSpec(**base)  # type: ignore[arg-type]


# --- normalisation --------------------------------------------------------------------------


def test_normalize_drops_leading_determiners_and_possessives() -> None:
    assert normalize("the Ministry of Justice") == normalize("Ministry of Justice")
    assert normalize("their trash") == normalize("trash")
    assert normalize("Samsung's") == normalize("Samsung")
    # Only leading determiners go: "state of the art" keeps its inner "the".
    assert normalize("state of the art") == ("stat", "of", "the", "art")


def test_normalize_reduces_inflections_and_punctuation() -> None:
    assert normalize("introduced") == normalize("introduce") == normalize("introducing")
    assert normalize("injuries") == normalize("injury")
    assert normalize("stopped") == normalize("stop")
    assert normalize("U.S. troops") == normalize("US troop")
    assert normalize('"divisive.') == normalize("divisive")
    assert normalize("took") == normalize("take")
    assert normalize("introduction") != normalize("introduce")


def test_matches_any_answer_and_rejects_empty() -> None:
    assert matches("the brain drain", ["talent exodus", "brain drain"])
    assert not matches("drain", ["brain drain"])
    assert not matches("the", ["the"])  # nothing left after normalisation


def test_term_key_ignores_spacing() -> None:
    assert term_key("차별 철폐 조치") == term_key("차별철폐 조치") == "차별철폐조치"


# --- readers --------------------------------------------------------------------------------


def test_read_specs_checks_groupings(tmp_path: Path) -> None:
    path = tmp_path / "articles.tsv"
    path.write_text(
        "# fresh: b\n# blind: c\narticle_id\tfirst_line\tlast_line\tko_groups\ten_groups\n"
        "a\t1\t4\t1,3\t2,2\nb\t5\t7\t3\t1,2\nc\t8\t9\t2\t1,1\n",
        encoding="utf-8",
    )
    specs = read_specs(path)
    assert [(s.article_id, s.split, s.held_out, s.ko_groups) for s in specs] == [
        ("a", "tune", False, (1, 3)),
        ("b", "fresh", True, (3,)),
        ("c", "blind", True, (2,)),
    ]
    header = "article_id\tfirst_line\tlast_line\tko_groups\ten_groups\na\t1\t4\t1,3\t2,2\n"
    path.write_text("# blind: x\n" + header, encoding="utf-8")
    with pytest.raises(BenchDataError, match="not in the table"):
        read_specs(path)
    path.write_text("# fresh: a\n# blind: a\n" + header, encoding="utf-8")
    with pytest.raises(BenchDataError, match="two held-out"):
        read_specs(path)
    path.write_text("a\t1\t4\t2,2\t2,2\n", encoding="utf-8")
    with pytest.raises(BenchDataError, match="differently"):
        read_specs(path)
    path.write_text("a\t1\t4\t1,2\t2,2\n", encoding="utf-8")
    with pytest.raises(BenchDataError, match="sum"):
        read_specs(path)
    path.write_text("a\t1\t4\t1,3\t2,2\nb\t4\t6\t1,2\t2,1\n", encoding="utf-8")
    with pytest.raises(BenchDataError, match="overlap"):
        read_specs(path)


def test_read_gold_terms_and_partners(tmp_path: Path) -> None:
    terms = tmp_path / "terms.tsv"
    terms.write_text(
        "# comment\nline\tkorean\tanswers\tpos\n"
        "1\t도입하다\tintroduced|brought in\tverb\n2\t어제\t-\tnoun\n3\t장관\tminister\n",
        encoding="utf-8",
    )
    assert read_gold_terms(terms) == [
        GoldTerm(1, "도입하다", ("introduced", "brought in"), "verb"),
        GoldTerm(2, "어제", (), "noun"),
        GoldTerm(3, "장관", ("minister",), None),
    ]
    terms.write_text("1\t도입하다\tintroduced||x\n", encoding="utf-8")
    with pytest.raises(BenchDataError, match="empty answer"):
        read_gold_terms(terms)
    partners = tmp_path / "partners.tsv"
    partners.write_text("korean_line\tenglish_lines\n2\t1,2\n4\t-\n", encoding="utf-8")
    assert read_partners(partners) == {2: (1, 2), 4: ()}


def test_excluded_terms_are_left_out(tmp_path: Path) -> None:
    listed = tmp_path / "exclude.txt"
    listed.write_text("# why\n도입하다 인재 유출\n", encoding="utf-8")
    words = read_term_list(listed)
    assert words == {"도입하다", "인재", "유출"}
    rows = [GoldTerm(1, "도입하다", ("introduced",)), GoldTerm(2, "장관", ("minister",))]
    assert exclude_terms(rows, words) == [rows[1]]
    assert exclude_terms([GoldTerm(3, "인재 유출", ("brain drain",))], {"인재유출"}) == []
    with pytest.raises(BenchDataError):
        read_term_list(tmp_path / "missing.txt")


def test_read_parallel_reports_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(BenchDataError, match="--shared"):
        read_parallel(tmp_path)


# --- the pseudo-article layout --------------------------------------------------------------


def test_build_pseudo_article_offsets_round_trip() -> None:
    pa = build_pseudo_article(_spec(), KO, EN, {2: (1, 2)})
    text = pa.article.text
    assert [len(pa.article.korean), len(pa.article.english)] == [2, 2]
    for span in pa.korean_lines:
        assert text[span.start : span.end] == KO[span.line - 1]
    for span in pa.english_lines:
        assert text[span.start : span.end] == EN[span.line - 1]
    for para in (*pa.article.korean, *pa.article.english):
        assert text[para.start : para.end] == para.text
    assert pa.article.korean[1].text == " ".join(KO[1:4])
    assert pa.article.english[0].text == " ".join(EN[0:2])
    # Korean first, then English, paragraphs separated by a blank line.
    assert text.index(EN[0]) > text.index(KO[-1])
    assert text.count("\n\n") == 3
    assert pa.partners(2) == (1, 2)
    assert pa.partners(3) == (3,)
    assert boundaries(pa.spec.ko_groups) != boundaries(pa.spec.en_groups)


def test_line_lookup_by_offset() -> None:
    pa = build_pseudo_article(_spec(), KO, EN)
    start = pa.article.text.index("반대했")
    occ = TermOccurrence("반대하다", "verb", start, start + 3, 1, "반대했")
    assert pa.line_of(occ) == 2
    assert pa.english_line_at(pa.article.text.index("apologised")) == 3
    gap = pa.korean_lines[0].end  # the space between two sentences of a paragraph
    assert pa.korean_line_at(gap) is None


# --- scoring --------------------------------------------------------------------------------


def test_gold_entries_take_the_union_of_lines() -> None:
    pa = build_pseudo_article(_spec(), KO, EN)
    rows = [
        GoldTerm(1, "정부", ("government",)),
        GoldTerm(3, "정부", ("the state",)),
        GoldTerm(4, "비", ()),
        GoldTerm(4, "오다", ()),
        GoldTerm(99, "정부", ("outside",)),  # outside every article: ignored
    ]
    entries = {e.korean: e for e in gold_entries(rows, [pa])}
    assert entries["정부"].answers == ("government", "the state")
    assert entries["정부"].lines == (1, 3)
    assert not entries["비"].has_counterpart


def test_tally_precision_recall_and_empty_share() -> None:
    e = [
        GoldEntry("t", "정부", ("government",), (1,)),
        GoldEntry("t", "법", ("law",), (1,)),
        GoldEntry("t", "장관", ("minister",), (3,)),
        GoldEntry("t", "어제", (), (2,)),
        GoldEntry("t", "비", (), (4,)),
        GoldEntry("t", "시민", ("citizens",), (2,)),
    ]
    preds = {
        "정부": Prediction("정부", "the government"),  # right
        "법": Prediction("법", "new law"),  # wrong span
        "장관": Prediction("장관", None),  # missed
        "어제": Prediction("어제", "yesterday"),  # should be empty
        "비": Prediction("비", None),  # rightly empty
        # 시민 not produced at all
    }
    outcomes = [judge(x, preds) for x in e]
    s = tally(outcomes)
    assert (s.gold, s.with_counterpart, s.predicted, s.correct) == (6, 4, 3, 1)
    assert s.precision == pytest.approx(1 / 3)
    assert s.recall == pytest.approx(1 / 4)
    assert s.f1 == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))
    assert s.null_empty_share == pytest.approx(1 / 2)
    assert s.not_produced == 1


def _sent(index: int, start: int, end: int, text: str) -> Sentence:
    return Sentence(index, 0, start, end, text[start:end])


def test_score_sentences_checks_windows_against_partners() -> None:
    pa = build_pseudo_article(_spec(), KO, EN, {4: ()})
    text = pa.article.text
    ko = KoreanDoc(
        tuple(_sent(i, s.start, s.end, text) for i, s in enumerate(pa.korean_lines)), (), ()
    )
    en = EnglishDoc(
        tuple(_sent(i, s.start, s.end, text) for i, s in enumerate(pa.english_lines)), (), ()
    )
    links = [
        SentenceLink((0,), (0,)),
        SentenceLink((1, 2), (1,)),  # line 3's window holds line 2 only: wrong
        SentenceLink((3,), (2, 3)),  # line 4 has no partner: not counted
    ]
    outcomes = {o.line: o for o in score_sentences(pa, ko, en, links)}
    assert sorted(outcomes) == [1, 2, 3]
    assert outcomes[1].correct and outcomes[2].correct
    assert not outcomes[3].correct
    assert outcomes[3].aligned_lines == (2,)


@dataclass(frozen=True)
class _FakeAnalysis:
    korean: KoreanDoc
    english: EnglishDoc
    alignment: Alignment
    timings: tuple[tuple[str, float], ...]


def test_run_bench_and_report_with_a_fake_pipeline() -> None:
    pa = build_pseudo_article(_spec(), KO, EN)
    text = pa.article.text

    def analyze(article: object) -> _FakeAnalysis:
        ko = KoreanDoc(
            tuple(_sent(i, s.start, s.end, text) for i, s in enumerate(pa.korean_lines)), (), ()
        )
        en = EnglishDoc(
            tuple(_sent(i, s.start, s.end, text) for i, s in enumerate(pa.english_lines)), (), ()
        )
        start = text.index("government")
        cp = Counterpart("government", start, start + 10, 0, 0.9)
        terms = (
            AlignedTerm("정부", "noun", (), cp, 0.9),
            AlignedTerm("비", "noun", (), None, 0.1),
        )
        links = tuple(SentenceLink((i,), (i,)) for i in range(4))
        timings = (("korean", 0.2), ("english", 0.3), ("sentences", 0.01), ("terms", 0.02))
        return _FakeAnalysis(ko, en, Alignment(links, terms), timings)

    gold = [GoldTerm(1, "정부", ("government",), "noun"), GoldTerm(4, "비", (), "noun")]
    gold.append(GoldTerm(3, "장관", ("minister",), "noun"))
    result = align.run_bench([pa], gold, analyze)
    d = align.summary(result)
    assert d["terms"]["precision"] == 1.0
    assert d["terms"]["recall"] == 0.5
    assert d["terms"]["not_produced"] == 1
    assert d["sentences"]["accuracy"] == 1.0
    assert d["seconds_per_article"]["analysis"] == pytest.approx(0.5)
    assert d["seconds_per_article"]["alignment"] == pytest.approx(0.03)
    report = align.format_report(result, verbose=True)
    assert "precision 1.000" in report and "recall 0.500" in report
    assert "장관: minister" in report  # listed among the terms the analyzer missed
    assert align.errors(result)["not_produced"][0]["korean"] == "장관"


def test_subset_splits_held_out_articles() -> None:
    entry = GoldEntry("a", "정부", ("government",), (1,))
    other = GoldEntry("b", "정부", ("government",), (1,))
    unseen = GoldEntry("c", "장관", ("minister",), (1,))
    result = BenchResult(
        (
            TermOutcome(entry, True, "government", True),
            TermOutcome(other, True, None, False),
            TermOutcome(unseen, True, "ministry", False),
        ),
        (),
        (),
        {"b": "fresh", "c": "blind"},
    )
    assert result.splits == ["tune", "fresh", "blind"]
    assert result.subset("fresh").term_scores.recall == 0.0
    assert result.subset("tune").term_scores.recall == 1.0
    assert result.subset("blind").term_scores.precision == 0.0
    assert result.subset("all").term_scores.recall == pytest.approx(1 / 3)
    # The blind split's errors are never listed, only counted.
    assert [e["korean"] for e in align.errors(result)["wrong_terms"]] == ["정부"]


# --- the real dev corpus (skipped without ../shared) -----------------------------------------


@pytest.mark.shared
def test_loader_on_the_shared_corpus() -> None:
    if not (SHARED / "parallel" / "kpc-news-dev.ko").is_file():
        pytest.skip("../shared/parallel is not available")
    articles = load_pseudo_articles(SHARED)
    ko, en = read_parallel(SHARED)
    assert len(articles) >= 6
    for pa in articles:
        assert 14 <= len(pa.lines) <= 20
        assert pa.spec.ko_groups != pa.spec.en_groups
        assert boundaries(pa.spec.ko_groups) != boundaries(pa.spec.en_groups)
        text = pa.article.text
        for span in pa.korean_lines:
            assert text[span.start : span.end] == ko[span.line - 1]
        for span in pa.english_lines:
            assert text[span.start : span.end] == en[span.line - 1]
        for para in (*pa.article.korean, *pa.article.english):
            assert text[para.start : para.end] == para.text


@pytest.mark.shared
def test_gold_answers_occur_in_their_partner_lines() -> None:
    if not (SHARED / "parallel" / "kpc-news-dev.ko").is_file():
        pytest.skip("../shared/parallel is not available")
    articles = load_pseudo_articles(SHARED)
    _, en = read_parallel(SHARED)
    gold = read_gold_terms(default_gold_dir() / "terms.tsv")
    by_line = {line: pa for pa in articles for line in pa.lines}
    assert len(gold_entries(gold, articles)) >= 300
    for term in gold:
        pa = by_line[term.line]  # every annotated line lies in a pseudo-article
        partner_text = " ".join(en[p - 1] for p in pa.partners(term.line)).lower()
        if term.pos == "proper":  # a name may take its spelling from elsewhere in the article
            partner_text = " ".join(en[line - 1] for line in pa.lines).lower()
        for answer in term.answers:
            assert answer.lower() in partner_text, (term.line, term.korean, answer)


def test_ungraded_stretches_keep_clear_of_the_gold_and_their_neighbour_lines() -> None:
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "ungraded.py"
    spec = importlib.util.spec_from_file_location("ungraded", path)
    assert spec is not None and spec.loader is not None
    ungraded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ungraded)
    found = ungraded.stretches(40, [range(10, 13)])
    # Lines 9-13 are the gold's and its neighbours'; 1-8 is one stretch, 14-40 two (15 + 12).
    assert found == [range(1, 9), range(14, 29), range(29, 41)]
    assert ungraded.stretches(12, [range(3, 9)]) == []  # nothing of five lines or more is left


@pytest.mark.slow
def test_the_recall_ceiling_is_at_least_the_recall(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "align_ceiling.py"
    run = [sys.executable, str(script), "--shared"]
    absent = subprocess.run([*run, str(tmp_path)], capture_output=True, text=True, check=True)
    assert absent.stdout.startswith("skipped: no parallel corpus")
    if not (SHARED / "parallel" / "kpc-news-dev.ko").is_file():
        pytest.skip("../shared/parallel is not available")
    done = subprocess.run([*run, str(SHARED)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()[1:]}
    assert set(rows) == {"tune", "fresh", "blind", "held-out", "all"}
    for name, (_, gold, correct, _, _, reachable, _, _) in rows.items():
        assert 0 < int(correct) <= int(reachable) <= int(gold), name
    assert int(rows["held-out"][1]) == int(rows["fresh"][1]) + int(rows["blind"][1])
    # Candidates were recorded: some gold answer is among them yet not placed.
    assert int(rows["all"][5]) > int(rows["all"][2])
