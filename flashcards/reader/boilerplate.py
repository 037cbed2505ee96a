"""Recognise the lines a saved news page wraps around an article, and what they reveal.

Navigation, print/share buttons, comment widgets, translator credits, copyright and menu lines
are dropped. Their text still tells us the outlet ("... Korea JoongAng Daily staff") and
sometimes the date, which go into ``Source``.
"""

from __future__ import annotations

import re

# Only short lines can be boilerplate: a real paragraph that happens to start with "Share" or
# mention comments is longer than any widget label.
MAX_BOILERPLATE_CHARS = 160

# Outlet names as they appear in page furniture, longest first so "Korea JoongAng Daily" wins over
# "JoongAng Ilbo"; the value is the name we report.
OUTLETS: tuple[tuple[str, str], ...] = (
    ("korea joongang daily", "Korea JoongAng Daily"),
    ("joongang ilbo", "JoongAng Ilbo"),
    ("중앙일보", "JoongAng Ilbo"),
    ("korea herald", "The Korea Herald"),
    ("코리아헤럴드", "The Korea Herald"),
    ("korea times", "The Korea Times"),
    ("코리아타임스", "The Korea Times"),
    ("yonhap", "Yonhap News Agency"),
    ("연합뉴스", "Yonhap News Agency"),
    ("hankyoreh", "The Hankyoreh"),
    ("한겨레", "The Hankyoreh"),
    ("chosun ilbo", "The Chosun Ilbo"),
    ("조선일보", "The Chosun Ilbo"),
    ("dong-a ilbo", "The Dong-A Ilbo"),
    ("동아일보", "The Dong-A Ilbo"),
    ("kyunghyang", "The Kyunghyang Shinmun"),
    ("경향신문", "The Kyunghyang Shinmun"),
    ("arirang", "Arirang"),
    ("아리랑", "Arirang"),
)

_WIDGET_WORDS = (
    r"print|dictionary|share|save|scrap|bookmark|e-?mail|mail|copy\s+link|copy\s+url|listen|"
    r"font\s*size|text\s*size|zoom|a\+|a-|like|report|reply|replies|more|close|menu|search|"
    r"인쇄|공유|스크랩|저장|글자\s*크기|크게|작게|듣기|메일|링크\s*복사|닫기|메뉴|검색"
)
_ONLY_WIDGETS = re.compile(rf"^(?:(?:{_WIDGET_WORDS})[\s\W\d]*)+$", re.IGNORECASE)

_WHOLE_LINE = re.compile(
    r"^(?:comments?|댓글\b.*|read more|see more|show more|view more|load more|more stories|"
    r"advertisement|ad|광고|sponsored|related articles?|related stories|관련\s*기사|"
    r"most (?:popular|read|viewed)|많이 본 기사|top stories|trending(?: now)?|newsletter|"
    r"subscribe(?: now)?|구독(?:하기)?|loading|back to top|맨\s*위로|"
    r"previous article|next article|이전\s*기사|다음\s*기사|go to (?:top|comments)|"
    r"lock icon|help-image.*|s)[\s\W\d]*$",
    re.IGNORECASE,
)

_PREFIX = re.compile(
    r"^(?:log\s*in\b|sign\s*(?:in|up)\b|please log\s*in|to write comments|to leave a comment|"
    r"write a comment|leave a comment|add a comment|share (?:on|this|via|to)\b|tweet this|"
    r"follow us\b|subscribe to\b|copyright\s*(?:©|\(c\)|\d{4})|copyright\b.{0,40}all rights|"
    r"©|ⓒ|\(c\)\s*\d{4}|terms of (?:use|service)|privacy policy|standards board policy|"
    r"로그인|댓글|무단\s*전재|저작권자|기사\s*제보|공유하기|구독하기)",
    re.IGNORECASE,
)

_ANYWHERE = re.compile(
    r"all rights reserved|무단\s*전재|재배포\s*금지|\(\s*\d+\s*/\s*\d+\s*자?\s*\)|"
    r"\blog\s*in to (?:comment|twitter|facebook|your)|\bto (?:post|write) (?:a )?comments?\b",
    re.IGNORECASE,
)

# A translator's credit line ("Translated … by … staff"): not part of the article.
_CREDIT = re.compile(
    r"^(?:this (?:article|story) (?:was|is) )?(?:translated|translation|edited|english version|"
    r"번역)\b.*\b(?:by|using|with|staff|:)\b",
    re.IGNORECASE,
)
_CREDIT_HINT = re.compile(r"staff|translator|generative ai|editor|desk|번역", re.IGNORECASE)

_NAV_SEPARATOR = re.compile(r"\s+[>›»]\s+|\s+\|\s+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_KOREAN_BYLINE = re.compile(r"^[가-힣]{2,4}\s*(?:기자|특파원|논설위원|선임기자)\b")
_ENGLISH_BYLINE = re.compile(r"^by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?:입력|수정|등록|승인|updated|published|posted|date)\s*:?\s*\d{4}[.\-/]", re.IGNORECASE
)
_DATE = re.compile(r"(?<!\d)(\d{4})[.\-/]\s?(\d{1,2})[.\-/]\s?(\d{1,2})(?!\d)")

_TERMINAL = re.compile(r"[.!?。…]['\"’”)\]]*$")
_TOKEN = re.compile(r"[^\W_]+")


def ends_sentence(line: str) -> bool:
    """Say whether ``line`` ends like a sentence (a period, question or exclamation mark)."""
    return _TERMINAL.search(line.rstrip()) is not None


def word_count(line: str) -> int:
    return len(_TOKEN.findall(line))


def is_navigation(line: str) -> bool:
    """``Home > Culture > Books`` or ``Terms | Privacy | Contact``."""
    parts = _NAV_SEPARATOR.split(line)
    if len(parts) < 2:
        return False
    if "|" in line and ">" not in line and "›" not in line and "»" not in line and len(parts) < 3:
        return False
    return all(0 < word_count(part) <= 5 and not ends_sentence(part) for part in parts)


def is_boilerplate(line: str) -> bool:
    """Say whether a stripped line is page furniture rather than article text."""
    if len(line) > MAX_BOILERPLATE_CHARS:
        return False
    if (
        _ONLY_WIDGETS.match(line)
        or _WHOLE_LINE.match(line)
        or _PREFIX.match(line)
        or _ANYWHERE.search(line)
        or _URL_ONLY.match(line)
        or _DATELINE.match(line)
        or is_navigation(line)
    ):
        return True
    if _CREDIT.match(line) and (len(line) <= 60 or _CREDIT_HINT.search(line) or outlet_in(line)):
        return True
    words = word_count(line)
    if words <= 8 and _EMAIL.search(line):
        return True  # a byline with the reporter's address
    if words <= 6 and (_KOREAN_BYLINE.match(line) or _ENGLISH_BYLINE.match(line)):
        return True
    # "with the Korea JoongAng Daily": a widget fragment naming the outlet.
    return words <= 8 and not ends_sentence(line) and _is_outlet_fragment(line)


def is_menu_fragment(line: str) -> bool:
    """A short label ("lock icon", "s") that is boilerplate when it sits next to boilerplate."""
    return len(line) <= 25 and word_count(line) <= 2 and not ends_sentence(line)


def _is_outlet_fragment(line: str) -> bool:
    lowered = line.lower()
    for key, _name in OUTLETS:
        at = lowered.find(key)
        if at < 0:
            continue
        before = lowered[:at].split()
        return all(
            word in {"with", "the", "from", "by", "source:", "via", "at", "©"} for word in before
        )
    return False


def outlet_in(line: str) -> str:
    """Return the outlet named in ``line`` ("" when none)."""
    lowered = line.lower()
    for key, name in OUTLETS:
        if key in lowered:
            return name
    return ""


def date_in(line: str) -> str:
    """Return the first plausible date in ``line`` as YYYY-MM-DD ("" when none)."""
    for match in _DATE.finditer(line):
        year, month, day = (int(group) for group in match.groups())
        if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
