"""Tests for flashcards.reader: text layouts, files, stdin, HTML, URLs and bad input."""

from __future__ import annotations

import contextlib
import http.server
import io
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashcards.errors import InputError
from flashcards.models import Article
from flashcards.reader import (
    ReaderOptions,
    detect_layout,
    expand_inputs,
    read_input,
    read_inputs,
    read_pair,
    read_path,
    read_sample,
    read_text,
    sample_article_path,
)
from flashcards.reader.decode import decode
from flashcards.reader.script import language

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "articles" / "seed-korea-needs-a-robust-ai-ecosystem.txt"
NBSP = "\u00a0"

FURNITURE = (
    "Home >",
    "print dictionary",
    "Share on",
    "Copyright",
    "Log in",
    "log in",
    "댓글",
    "Translated",
    "Standards Board",
    "lock icon",
    "(KOR)",
)


def check_offsets(article: Article) -> None:
    """Every paragraph is an exact, stripped span of the text, and spans never overlap."""
    spans = sorted((p.start, p.end) for p in (*article.korean, *article.english))
    for p in (*article.korean, *article.english):
        assert article.text[p.start : p.end] == p.text
        assert p.text == p.text.strip()
        assert p.text
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start


def check_no_furniture(article: Article) -> None:
    for p in (*article.korean, *article.english):
        for marker in FURNITURE:
            assert marker not in p.text, (marker, p.text[:60])


# --- the sample article -----------------------------------------------------------------------


def test_sample_is_package_data() -> None:
    assert sample_article_path().is_file()
    assert "(KOR)" in sample_article_path().read_text(encoding="utf-8")


def test_sample_reads_as_english_then_korean() -> None:
    article = read_sample()
    check_offsets(article)
    check_no_furniture(article)
    assert article.title == "Daejeon gives old electric bus batteries a second life"
    assert article.source.outlet == ""  # our own article names no real outlet
    assert detect_layout(article) == "en-ko"
    assert all(language(p.text) == "ko" for p in article.korean)
    assert all(language(p.text) == "en" for p in article.english)
    # Headline, two subheads and eleven body paragraphs; fifteen English paragraphs.
    assert len(article.korean) == 14
    assert len(article.english) == 15
    assert article.korean[0].text.startswith("대전, 전기버스")
    assert article.english[-1].text.endswith("Korea Battery Industry Association.")
    # The last Korean paragraph runs straight into the comment widget without a blank line.
    assert article.korean[-1].text.endswith("말했다.")


def test_sample_is_sized_like_a_news_story() -> None:
    article = read_sample()
    english_words = sum(len(p.text.split()) for p in article.english)
    korean_words = sum(len(p.text.split()) for p in article.korean)
    assert 450 <= english_words <= 700
    assert 400 <= korean_words <= 700
    korean = " ".join(p.text for p in article.korean)
    for needed in ("순환(循環)", "전기차(EV)", "박지원", "환경부", "한빛모빌리티", "억 원"):
        assert needed in korean
    english = " ".join(p.text for p in article.english)
    for needed in ("Park Ji-won", "Ministry of Environment", "Hanbit Mobility", "billion won"):
        assert needed in english


# --- the commissioned article (../shared) --------------------------------------------------


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/articles is not available")
    return SEED


@pytest.mark.shared
def test_seed_article_keeps_every_paragraph(seed: Path) -> None:
    article = read_path(seed)
    check_offsets(article)
    check_no_furniture(article)
    # The title is the page's first line without its "(KOR)" marker (read, not copied here).
    first_line = seed.read_text(encoding="utf-8").splitlines()[0]
    assert article.title == first_line.replace("(KOR)", "").strip()
    assert article.source.outlet == "Korea JoongAng Daily"
    assert article.source.path == str(seed)
    assert detect_layout(article) == "en-ko"
    raw = seed.read_text(encoding="utf-8")
    kept = {p.text for p in (*article.korean, *article.english)}
    # Every long line of the page is article text and must be a kept paragraph of its language.
    long_lines = [line.strip() for line in raw.splitlines() if len(line.strip()) > 120]
    assert long_lines
    for line in long_lines:
        assert line in kept, line[:40]
    hangul_lines = [line for line in long_lines if language(line) == "ko"]
    assert {p.text for p in article.korean} >= set(hangul_lines)
    assert len(article.english) > len(article.korean)


# --- layouts from text ------------------------------------------------------------------------

KO_1 = "대전시가 낡은 전기버스 배터리를 모아 다시 쓰는 사업을 시작한다."
KO_2 = "시는 2027년까지 120억 원을 투자할 계획이다."
EN_1 = "Daejeon will collect old electric bus batteries and put them to new use."
EN_2 = "The city plans to invest 12 billion won by 2027."


def test_korean_block_first_is_detected() -> None:
    text = f"대전, 배터리 재활용 시작\n\n{KO_1}\n\n{KO_2}\n\n\n{EN_1}\n{NBSP}\n{EN_2}\n"
    article = read_text(text)
    check_offsets(article)
    assert detect_layout(article) == "ko-en"
    assert [p.text for p in article.korean] == [KO_1, KO_2]
    assert [p.text for p in article.english] == [EN_1, EN_2]
    assert article.title == "대전, 배터리 재활용 시작"


def test_crlf_is_normalised_and_offsets_hold() -> None:
    article = read_text(f"{EN_1}\r\n\r\n{KO_1}\r\n\r\n{EN_2}\r\n\r\n{KO_2}\r\n")
    assert "\r" not in article.text
    check_offsets(article)
    assert detect_layout(article) == "paragraph-interleaved"


def test_korean_only_article_has_no_english() -> None:
    article = read_text(f"{KO_1}\n\n{KO_2}\n")
    assert article.english == ()
    assert len(article.korean) == 2
    assert detect_layout(article) == "ko-only"
    assert article.title  # made from the first sentence


def test_lone_korean_line_is_an_article_not_a_title() -> None:
    article = read_text("배터리를 다시 쓴다\n")
    assert [p.text for p in article.korean] == ["배터리를 다시 쓴다"]


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", f"{NBSP}\n{NBSP}\n", "\u200b\n"],
    ids=["empty", "spaces", "nbsp", "zero-width"],
)
def test_empty_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        read_text(text)


def test_english_only_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"no Korean text.*only English"):
        read_text(f"{EN_1}\n\n{EN_2}\n")


def test_boilerplate_only_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no Korean text"):
        read_text("Home > News > World\n\nShare on Facebook\n\n댓글 쓰기 (0/300자)\n")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("삼성전자는 OpenAI의 ChatGPT Enterprise를 도입했다.", "ko"),
        ("참석 기업은 Google, Microsoft, Amazon, Meta, Apple 등이다.", "ko"),
        ("부산은 AI 항만, 대구는 AI 로봇 실험", "ko"),
        ("“It’s amazing,” said Choi Su-yeon (최수연), a 34-year-old office worker.", "en"),
        ("The ministry calls the plan 자원순환 (resource circulation).", "en"),
        ("The slogan “배터리를 버리지 말고 다시 쓰자” appeared on every bus.", "en"),
        ("KAIST", "en"),
        ("2027", None),
    ],
)
def test_mixed_lines_land_on_the_right_side(text: str, lang: str | None) -> None:
    assert language(text) == lang


def test_mixed_sentences_stay_in_their_paragraphs() -> None:
    ko = "한빛모빌리티는 AI 기반 BMS(Battery Management System) 플랫폼을 개발했다."
    en = "Park Ji-won (박지원) heads the city’s climate and environment bureau."
    article = read_text(f"{en}\n\n{ko}\n")
    assert [p.text for p in article.korean] == [ko]
    assert [p.text for p in article.english] == [en]


# --- files ------------------------------------------------------------------------------------


def test_read_path_sets_source_path(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(f"{EN_1}\n\n{KO_1}\n", encoding="utf-8")
    article = read_path(path)
    assert article.source.path == str(path)
    assert [p.text for p in article.korean] == [KO_1]


def test_read_path_decodes_cp949(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(f"{KO_1}\n\n{EN_1}\n".encode("cp949"))
    assert [p.text for p in read_path(path).korean] == [KO_1]


def test_read_path_strips_a_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(f"{KO_1}\n".encode("utf-8-sig"))
    article = read_path(path)
    assert not article.text.startswith("\ufeff")
    check_offsets(article)


def test_read_path_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")


def test_read_path_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_path(tmp_path)


def test_read_path_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary data"):
        read_path(path)


def test_read_path_pdf(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(InputError, match="PDF"):
        read_path(path)


def test_read_path_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB actually written
    with pytest.raises(InputError, match=r"too large \(50\.0 MB; the limit is 5\.0 MB\)"):
        read_path(path)


def test_read_path_truncated_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(f"{KO_1}\n\n{KO_2}".encode()[:-2])
    with pytest.raises(InputError, match="ends in the middle of a character"):
        read_path(path)


def test_read_path_damaged_utf8(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes(f"{KO_1}\n".encode() + b"\xff\xfe\xfa broken\n" + KO_2.encode())
    with pytest.raises(InputError, match="not valid UTF-8: bad byte 0xff on line 2"):
        read_path(path)


def test_read_path_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(KO_1, encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    # Root reads any file regardless of its mode, so simulate the refusal.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError, match=r"cannot read .*secret\.txt: Permission denied"):
        read_path(path)


# --- layouts (fixtures in tests/data/articles) --------------------------------------------


ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


@pytest.mark.parametrize(
    ("name", "layout", "korean", "english"),
    [
        ("blocks-ko-first.txt", "ko-en", 3, 4),
        ("paragraph-interleaved.txt", "paragraph-interleaved", 3, 3),
        ("sentence-interleaved.txt", "sentence-interleaved", 5, 5),
        ("sentence-inline.txt", "sentence-interleaved", 3, 3),
        ("chunked.txt", "chunked", 7, 7),
        ("korean-only.txt", "ko-only", 2, 0),
        ("page.html", "en-ko", 3, 3),
        ("page-euc-kr.html", "ko-en", 2, 2),
    ],
)
def test_layouts_are_detected(name: str, layout: str, korean: int, english: int) -> None:
    article = read_path(ARTICLES / name)
    check_offsets(article)
    check_no_furniture(article)
    assert detect_layout(article) == layout
    assert (len(article.korean), len(article.english)) == (korean, english)
    assert all(language(p.text) == "ko" for p in article.korean)
    assert all(language(p.text) == "en" for p in article.english)


def test_korean_first_block_metadata() -> None:
    article = read_path(ARTICLES / "blocks-ko-first.txt")
    assert article.title == "부산, 첫 청년 스타트업 축제 연다"
    assert article.source.outlet == "The Korea Herald"
    assert article.source.date == "2025-03-14"
    assert article.korean[0].text.startswith("부산시가 다음 달")
    assert article.english[-1].text.endswith("startup policy division.")


def test_chunks_pair_up_in_order() -> None:
    article = read_path(ARTICLES / "chunked.txt")
    assert [p.text for p in article.english][:3] == [
        "The city extended",
        "subway Line 3",
        "to the new airport",
    ]
    assert [p.text for p in article.korean][:3] == [
        "시는 연장했다",
        "지하철 3호선을",
        "새 공항까지",
    ]


def test_english_only_fixture_is_refused() -> None:
    with pytest.raises(InputError, match=r"english-only\.txt has no Korean text"):
        read_path(ARTICLES / "english-only.txt")


# --- HTML ---------------------------------------------------------------------------------


def test_html_page_keeps_only_the_article() -> None:
    article = read_path(ARTICLES / "page.html")
    for leaked in (
        "스크립트",
        "tracking",
        "주석",
        "광고",
        "Advertisement",
        "좋은 기사",
        "Great idea",
        "Related",
        "자전거",
        "Share",
        "로그인",
        "Copyright",
        "font-family",
        "Home",
    ):
        assert leaked not in article.text, leaked
    assert article.title == "Seoul turns bus-stop roofs into gardens"
    assert article.source.outlet == "Hangang Daily"
    assert article.source.date == "2025-04-02"
    assert article.source.url == "https://hangang-daily.example/bilingual/rooftop-gardens"
    # <br> keeps its line break inside the paragraph; entities are decoded.
    assert "little water.\nThe city says" in article.english[1].text
    assert article.english[2].text.startswith("“Waiting for the bus")


def test_euc_kr_page_is_decoded() -> None:
    raw = (ARTICLES / "page-euc-kr.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    article = read_path(ARTICLES / "page-euc-kr.html")
    assert article.korean[0].text.startswith("인천시가 이달부터 섬마을에 드론으로")
    assert article.title == "인천, 섬마을 드론 배송 시작"
    assert article.source.outlet == "Yonhap News Agency"
    assert "댓글" not in article.text and "무단" not in article.text


def test_html_without_article_is_refused() -> None:
    with pytest.raises(InputError, match="the page has no article text"):
        read_path(ARTICLES / "no-article.html")


def test_html_is_sniffed_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "saved"
    path.write_bytes((ARTICLES / "page.html").read_bytes())
    assert read_path(path).title == "Seoul turns bus-stop roofs into gardens"


# --- stdin, two files, folders --------------------------------------------------------------


def test_stdin_text_and_html() -> None:
    data = (ARTICLES / "paragraph-interleaved.txt").read_bytes()
    [article] = read_input("-", stdin=io.BytesIO(data))
    assert article.korean == read_path(ARTICLES / "paragraph-interleaved.txt").korean
    [page] = read_input("-", stdin=io.BytesIO((ARTICLES / "page.html").read_bytes()))
    assert page.title == "Seoul turns bus-stop roofs into gardens"


def test_stdin_errors_name_standard_input() -> None:
    with pytest.raises(InputError, match="standard input is empty"):
        read_input("-", stdin=io.BytesIO(b""))
    small = ReaderOptions(max_bytes=100)
    with pytest.raises(InputError, match="standard input is too large"):
        read_input("-", stdin=io.BytesIO(KO_1.encode() * 10), options=small)
    with pytest.raises(InputError, match="only once"):
        read_inputs(["-", "-"], stdin=io.BytesIO(b""))


def test_pair_of_files_makes_one_article() -> None:
    article = read_pair(ARTICLES / "pair-ko.txt", ARTICLES / "pair-en.txt")
    check_offsets(article)
    assert article.title == "Sejong puts self-driving buses into regular service"
    assert article.source.path == str(ARTICLES / "pair-ko.txt")
    ko_text = (ARTICLES / "pair-ko.txt").read_text(encoding="utf-8")
    assert article.text.startswith(ko_text)
    assert article.text.endswith((ARTICLES / "pair-en.txt").read_text(encoding="utf-8"))
    assert [p.text.split()[0] for p in article.korean] == ["세종시가", "요금은"]
    assert len(article.english) == 2
    # The Korean title line is the title of its file, not a paragraph; the English one likewise.
    assert all("Sejong puts" not in p.text for p in article.english)
    assert detect_layout(article) == "ko-en"


def test_pair_swapped_is_explained() -> None:
    with pytest.raises(InputError, match="swap --ko and --en"):
        read_pair(ARTICLES / "pair-en.txt", ARTICLES / "pair-ko.txt")


def test_pair_without_english_is_refused() -> None:
    with pytest.raises(InputError, match=r"korean-only\.txt has no English text"):
        read_pair(ARTICLES / "pair-ko.txt", ARTICLES / "korean-only.txt")


def test_pair_accepts_stdin_and_html() -> None:
    article = read_pair(
        "-", ARTICLES / "page.html", stdin=io.BytesIO((ARTICLES / "pair-ko.txt").read_bytes())
    )
    check_offsets(article)
    assert len(article.korean) == 2
    assert len(article.english) == 3  # the page's Korean paragraphs are not English
    with pytest.raises(InputError, match="cannot both be standard input"):
        read_pair("-", "-")


def test_folder_gives_one_article_per_file(tmp_path: Path) -> None:
    for name in ("paragraph-interleaved.txt", "page.html", "korean-only.txt"):
        (tmp_path / name).write_bytes((ARTICLES / name).read_bytes())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("숨김", encoding="utf-8")
    articles = read_input(tmp_path)
    assert [Path(a.source.path).name for a in articles] == [
        "korean-only.txt",
        "page.html",
        "paragraph-interleaved.txt",
    ]


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match="has no article files"):
        read_input(tmp_path)


def test_several_inputs_in_order(tmp_path: Path) -> None:
    articles = read_inputs([ARTICLES / "chunked.txt", ARTICLES / "korean-only.txt"])
    assert [detect_layout(a) for a in articles] == ["chunked", "ko-only"]


# --- URLs (a local server on 127.0.0.1; no outside network) ------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {
        "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, b""),
        "/euc": (200, {"Content-Type": "text/html; charset=EUC-KR"}, b""),
        "/undeclared": (200, {"Content-Type": "text/html"}, b""),
        "/plain": (200, {"Content-Type": "text/plain; charset=utf-8"}, b""),
        "/moved": (302, {"Location": "/page"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/missing": (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"),
        "/broken": (500, {"Content-Type": "text/html"}, b"oops"),
        "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7"),
        "/empty-page": (200, {"Content-Type": "text/html"}, b""),
    }

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        status, headers, body = self.routes.get(self.path, (404, {}, b"no route"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    routes = dict(_Handler.routes)
    page = (ARTICLES / "page.html").read_bytes()
    routes["/page"] = (200, routes["/page"][1], page)
    euc = (ARTICLES / "page-euc-kr.html").read_bytes()
    # Without the <meta> the charset must come from the HTTP header, or be detected.
    euc = euc.replace(b'<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">', b"")
    routes["/euc"] = (200, routes["/euc"][1], euc)
    routes["/undeclared"] = (200, routes["/undeclared"][1], euc)
    routes["/plain"] = (200, routes["/plain"][1], (ARTICLES / "chunked.txt").read_bytes())
    routes["/empty-page"] = (
        200,
        routes["/empty-page"][1],
        (ARTICLES / "no-article.html").read_bytes(),
    )
    _Handler.routes = routes
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_page_is_read(server: str) -> None:
    [article] = read_input(f"{server}/page")
    assert article.title == "Seoul turns bus-stop roofs into gardens"
    assert len(article.korean) == 3 and len(article.english) == 3
    # The address actually fetched wins over the page's own og:url.
    assert article.source.url == f"{server}/page"


def test_url_redirect_is_followed(server: str) -> None:
    [article] = read_input(f"{server}/moved")
    assert article.title == "Seoul turns bus-stop roofs into gardens"
    assert article.source.url == f"{server}/page"


@pytest.mark.parametrize("route", ["/euc", "/undeclared"])
def test_url_charset_from_header_or_detection(server: str, route: str) -> None:
    [article] = read_input(f"{server}{route}")
    assert article.korean[0].text.startswith("인천시가 이달부터")
    assert article.source.url == f"{server}{route}"


def test_url_plain_text(server: str) -> None:
    [article] = read_input(f"{server}/plain")
    assert detect_layout(article) == "chunked"


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/broken", "the server answered 500 Internal Server Error"),
        ("/pdf", r"is not a web page \(it is application/pdf\)"),
        ("/loop", r"too many redirects \(more than 5\)"),
        ("/empty-page", "the page has no article text"),
    ],
)
def test_url_errors(server: str, route: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_input(f"{server}{route}")


def test_url_timeout(server: str) -> None:
    with pytest.raises(InputError, match=r"no answer within 0\.3 seconds"):
        read_input(f"{server}/slow", options=ReaderOptions(timeout=0.3))


def test_url_size_cap(server: str) -> None:
    with pytest.raises(InputError, match="is too large"):
        read_input(f"{server}/page", options=ReaderOptions(max_bytes=1000))


def test_url_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError, match="cannot connect"):
        read_input(f"http://127.0.0.1:{port}/")


def test_bad_url() -> None:
    with pytest.raises(InputError, match="not a web address"):
        read_input("https://")


def test_pair_from_urls(server: str) -> None:
    article = read_pair(ARTICLES / "pair-ko.txt", f"{server}/page")
    assert len(article.english) == 3


# --- properties (hypothesis) ------------------------------------------------------------------

KO_WORDS = (
    "시는", "배터리를", "버스", "정류장에", "스타트업이", "환경부는", "올해", "지역", "기업의",
    "경쟁력을", "규제를", "투자를", "AI", "KAIST", "2027년", "120억", "원을", "31%", "새",
)  # fmt: skip
KO_VERBS = ("늘렸다", "줄였다", "만들었다", "도입했다", "확대한다", "지원한다", "돕는다")
EN_WORDS = (
    "the", "city", "battery", "will", "invest", "startup", "in", "bus", "stops", "Park", "Ji-won",
    "Ministry", "of", "Environment", "said", "a", "new", "program", "12", "billion", "won",
    "(박지원)", "percent", "by", "2027",
)  # fmt: skip

korean_sentences = st.builds(
    lambda words, verb: " ".join((*words, verb)) + ".",
    st.lists(st.sampled_from(KO_WORDS), min_size=2, max_size=8).filter(
        lambda words: sum(1 for w in words if w.isascii()) <= 1
    ),
    st.sampled_from(KO_VERBS),
)
english_sentences = st.builds(
    lambda first, words: " ".join((first, *words)) + ".",
    st.sampled_from(("The", "A", "Officials", "Residents")),
    # As a Korean sentence has at least two Korean words, an English one has at least two
    # English words besides its first: "Officials (박지원) 2027 2027." is no English paragraph
    # a reader could tell from a Korean one by its letters (hypothesis found it, now and then).
    st.lists(st.sampled_from(EN_WORDS), min_size=3, max_size=10).filter(
        lambda words: (
            sum(1 for w in words if not w.isascii()) <= 1
            and sum(1 for w in words if w.isascii() and w.isalpha()) >= 2
        )
    ),
)
korean_paragraphs = st.lists(korean_sentences, min_size=1, max_size=3).map(" ".join)
english_paragraphs = st.lists(english_sentences, min_size=1, max_size=3).map(" ".join)
separators = st.sampled_from(
    ("\n\n", f"\n{NBSP}\n", "\r\n\r\n", "\n \n\n", f"\n{NBSP}\n{NBSP}\n", "\n\n\n\n")
)
furniture = st.sampled_from(
    (
        "Share on Facebook",
        "Home > News > Bilingual",
        "print dictionary print",
        "Copyright © 2025 Example News. All rights reserved.",
        "댓글 쓰기 (0/300자)",
        "Translated by Example News staff.",
    )
)


@st.composite
def bilingual_articles(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    korean = draw(st.lists(korean_paragraphs, min_size=1, max_size=5))
    english = draw(st.lists(english_paragraphs, min_size=0, max_size=5))
    layout = draw(st.sampled_from(("en-ko", "ko-en", "interleaved")))
    if layout == "en-ko":
        body = [*english, *korean]
    elif layout == "ko-en":
        body = [*korean, *english]
    else:
        body = [p for pair in itertools.zip_longest(english, korean) for p in pair if p]
    pieces: list[str] = []
    if draw(st.booleans()):
        pieces.append("A made-up headline (KOR)")
    for paragraph in body:
        if draw(st.integers(0, 4)) == 0:
            pieces.append(draw(furniture))
        pieces.append(paragraph)
    if draw(st.booleans()):
        pieces.append(draw(furniture))
    text = ""
    for piece in pieces:
        text += piece + draw(separators)
    return text, korean, english


@settings(max_examples=200, deadline=None)
@given(bilingual_articles())
def test_generated_articles_round_trip(case: tuple[str, list[str], list[str]]) -> None:
    text, korean, english = case
    article = read_text(text)
    check_offsets(article)
    assert [p.text for p in article.korean] == korean
    assert [p.text for p in article.english] == english
    assert article.text == text.replace("\r\n", "\n")


fuzz_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("\n\r \t\u00a0\u200b\ufeff.!?“”()/|>-:가나다라배터리를시는AIkaistTheof©"),
        st.characters(codec="utf-8"),
    ),
    max_size=400,
)


@settings(max_examples=200, deadline=None)
@given(fuzz_text)
def test_read_text_never_crashes(text: str) -> None:
    try:
        article = read_text(text)
    except InputError as error:
        assert str(error)
        return
    check_offsets(article)
    assert article.korean
    kept = [*article.korean, *article.english]
    # Each paragraph is in exactly one language list, once.
    assert len({(p.start, p.end) for p in kept}) == len(kept)
    assert all(p.lang == "ko" for p in article.korean)
    assert all(p.lang == "en" for p in article.english)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decoding_any_bytes_never_crashes(data: bytes) -> None:
    try:
        text = decode(data, "fuzz")
    except InputError as error:
        assert "fuzz" in str(error)
        return
    assert isinstance(text, str)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            (
                "<p>",
                "</p>",
                "<div class='comments'>",
                "</div>",
                "<br>",
                "<script>",
                "</script>",
                "<article>",
                "<!--",
                "-->",
                "&amp;",
                "배터리를 만든다.",
                "The city said.",
                "<nav>",
                "</nav>",
            )
        ),
        max_size=30,
    )
)
def test_html_fuzz_never_crashes(parts: list[str]) -> None:
    data = ("<!DOCTYPE html><html><body>" + "".join(parts)).encode()
    try:
        article = read_input("-", stdin=io.BytesIO(data))[0]
    except InputError:
        return
    check_offsets(article)


def test_weak_latin1_declaration_does_not_garble_korean() -> None:
    data = f"{KO_1}\n\n{EN_1}\n".encode("cp949")
    assert decode(data, "page", declared="iso-8859-1").startswith(KO_1)
    assert decode(KO_1.encode(), "page", declared="windows-1252") == KO_1


def test_www_without_scheme_gets_a_hint() -> None:
    with pytest.raises(InputError, match=r"give https://www\.example\.com/a"):
        read_input("www.example.com/a")


def test_pasted_text_with_one_paragraph_per_line() -> None:
    # Browsers copy paragraphs as single lines without blank lines between them.
    article = read_text(f"{EN_1}\n{EN_2}\n{KO_1}\n{KO_2}\n")
    assert [p.text for p in article.english] == [EN_1, EN_2]
    assert [p.text for p in article.korean] == [KO_1, KO_2]


def test_hard_wrapped_paragraphs_stay_whole() -> None:
    korean = (
        "참석 기업은 삼성전자와 한빛모빌리티를 비롯해\n"
        "Google, Microsoft, Amazon, Meta 등\n"
        "모두 40곳으로 늘었다."
    )
    english = "The companies taking part now number 40,\nincluding Google and Microsoft."
    article = read_text(f"{korean}\n\n{english}\n")
    assert [p.text for p in article.korean] == [korean]
    assert [p.text for p in article.english] == [english]


def test_expand_inputs_lists_folder_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(KO_1, encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>가</p>", encoding="utf-8")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    assert expand_inputs(["-", tmp_path, "https://example.com/x"]) == [
        "-",
        str(tmp_path / "a.html"),
        str(tmp_path / "b.txt"),
        "https://example.com/x",
    ]
    with pytest.raises(InputError, match="only once"):
        expand_inputs(["-", "-"])
