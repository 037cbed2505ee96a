"""Extract a bilingual article from an HTML page (a saved file or a fetched URL).

The page is parsed with BeautifulSoup's ``html.parser``; scripts, styles, navigation, share
buttons, ads and comment sections are removed; the main article container's visible text is
laid out as plain text (block elements become paragraphs) and handed to ``read_text``. Title,
outlet, date and URL come from the page's metadata when it has them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flashcards.errors import InputError
from flashcards.models import Article, Source
from flashcards.reader.boilerplate import date_in, outlet_in
from flashcards.reader.decode import decode
from flashcards.reader.text import merge_sources, read_text

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)
# Korean sites label CP949 pages "euc-kr" or "ks_c_5601-1987"; CP949 decodes both correctly.
_CHARSET_ALIASES = {
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "x-windows-949": "cp949",
    "windows-949": "cp949",
}

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "footer", "aside", "figure",
    "figcaption", "img", "video", "audio", "picture", "map", "dialog", "menu",
)  # fmt: skip
_DROP_MARKERS = re.compile(
    r"(?:^|[\s_-])(?:comments?|reply|replies|share|sharing|social|sns|ad|ads|advert\w*|banner|"
    r"sponsor\w*|promo\w*|related|popular|most-?read|newsletter|subscribe|subscription|login|"
    r"signin|menu|breadcrumbs?|cookie\w*|gnb|lnb|footer|header|nav|navbar|navigation|sidebar|"
    r"toolbar|widget|recommend\w*|disqus|livere|byline-share|print|font-?size)(?:$|[\s_-])",
    re.IGNORECASE,
)
_ARTICLE_MARKERS = re.compile(
    r"article|story|content|news-?body|post-?body|entry|text|body", re.IGNORECASE
)
_BLOCK_TAGS = frozenset(
    (
        "address", "article", "blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul",
    )
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\n\f]+")


def looks_like_html(data: bytes) -> bool:
    """Say whether ``data`` starts like an HTML document."""
    return _HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")) is not None


def declared_charset(data: bytes) -> str:
    """Return the charset a ``<meta>`` tag declares ("" when none)."""
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii").lower() if match else ""


def read_html(data: bytes, *, name: str, source: Source, charset: str = "") -> Article:
    """Parse an article from HTML bytes; ``charset`` is one an HTTP header declared."""
    text, found = extract(data, name=name, charset=charset)
    return read_text(text, source=merge_sources(source, found), name=name, soft_line_breaks=True)


def extract(data: bytes, *, name: str, charset: str = "") -> tuple[str, Source]:
    """Return the article text of an HTML page, laid out as plain text, and its metadata.

    Raises ``InputError`` when the page cannot be decoded or holds no article text.
    """
    from bs4 import BeautifulSoup

    charset = (charset or declared_charset(data)).lower()
    markup = decode(data, name, declared=_CHARSET_ALIASES.get(charset, charset))
    soup = BeautifulSoup(markup, "html.parser")
    found = _metadata(soup)
    _strip(soup)
    container = _main_container(soup)
    text = page_text(container) if container is not None else ""
    if not text.strip():
        raise InputError(
            f"{name}: the page has no article text (only navigation, scripts or comments); "
            "save the article page itself, or copy its text into a .txt file"
        )
    return text, found


def page_text(root: Tag) -> str:
    """Lay out the visible text under ``root``: blocks become paragraphs, ``<br>`` a line break."""
    from bs4.element import Comment, NavigableString, Tag

    parts: list[str] = []

    def walk(node: Tag, preformatted: bool) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if type(child) is not NavigableString:
                    continue  # CDATA, doctype, processing instructions
                parts.append(str(child) if preformatted else _SPACES.sub(" ", str(child)))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    parts.append("\n")
                    continue
                block = name in _BLOCK_TAGS
                if block:
                    parts.append("\n\n")
                walk(child, preformatted or name == "pre")
                if block:
                    parts.append("\n\n")

    walk(root, False)
    lines = [line.strip(" ") for line in "".join(parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _metadata(soup: BeautifulSoup) -> Source:
    def meta(*keys: str) -> str:
        for key in keys:
            tag = soup.find("meta", attrs={"property": key}) or soup.find(
                "meta", attrs={"name": key}
            )
            if tag is not None:
                content = tag.get("content")
                if isinstance(content, str) and content.strip():
                    return content.strip()
        return ""

    h1 = soup.find("h1")
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if title_tag is not None else ""
    title = (
        meta("og:title", "twitter:title")
        or (h1.get_text(" ", strip=True) if h1 is not None else "")
        or page_title
    )
    title = re.sub(r"\s*[(\[](?:KOR|ENG)[)\]]\s*$", "", title, flags=re.IGNORECASE)
    site = meta("og:site_name", "application-name")
    title = _without_site_name(title, site)
    outlet = outlet_in(site) or site or outlet_in(page_title)
    raw_date = meta("article:published_time", "og:published_time", "pubdate", "date")
    if not raw_date:
        time_tag = soup.find("time")
        if time_tag is not None:
            value = time_tag.get("datetime")
            raw_date = value if isinstance(value, str) else time_tag.get_text(" ", strip=True)
    canonical = soup.find("link", attrs={"rel": "canonical"})
    href = canonical.get("href") if canonical is not None else None
    url = meta("og:url") or (href if isinstance(href, str) else "")
    return Source(title=title, outlet=outlet, date=date_in(raw_date), url=url)


_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|:|·)\s+")


def _without_site_name(title: str, site: str) -> str:
    """Drop a trailing `` | Outlet`` from a page title."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1].strip()
    if outlet_in(last) or (site and last.lower() == site.lower()):
        separators = list(_TITLE_SEPARATOR.finditer(title))
        return title[: separators[-1].start()].strip()
    return title


def _strip(soup: BeautifulSoup) -> None:
    """Remove what is never article text: code, forms, navigation, ads, comment widgets."""
    from bs4 import Comment, Tag

    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    doomed = [
        tag
        for tag in soup.find_all(True)
        if isinstance(tag, Tag) and tag.name not in ("html", "body") and _marked_for_drop(tag)
    ]
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def _marked_for_drop(tag: Tag) -> bool:
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    role = tag.get("role")
    if isinstance(role, str) and role in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    classes = tag.get("class")
    names = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    ident = tag.get("id")
    marker = f"{names} {ident if isinstance(ident, str) else ''}".strip()
    if not marker or not _DROP_MARKERS.search(marker):
        return False
    # Never drop the article itself because its class also says "content-header" or similar.
    if tag.name == "article":
        return False
    return not (_ARTICLE_MARKERS.search(marker) and len(tag.get_text()) > 2000)


def _main_container(soup: BeautifulSoup) -> Tag | None:
    """Pick the element holding the article: ``<article>``, a body-like block, else ``<body>``."""
    from bs4 import Tag

    candidates: list[Tag] = [t for t in soup.find_all("article") if isinstance(t, Tag)]
    candidates += [
        t for t in soup.find_all(True, attrs={"itemprop": "articleBody"}) if isinstance(t, Tag)
    ]
    if not candidates:
        for tag in soup.find_all(["div", "section", "main"]):
            if not isinstance(tag, Tag):
                continue
            classes = tag.get("class")
            ident = tag.get("id")
            marker = " ".join(classes) if isinstance(classes, list) else ""
            marker += " " + (ident if isinstance(ident, str) else "")
            if _ARTICLE_MARKERS.search(marker):
                candidates.append(tag)
    if candidates:
        size = {id(t): len(t.get_text(" ", strip=True)) for t in candidates}
        best = max(candidates, key=lambda t: size[id(t)])
        # Bilingual pages often keep each language in its own container: widen to the common
        # ancestor of every sizeable container that is not inside the best one.
        for other in candidates:
            if size[id(other)] * 3 >= size[id(best)] and not _contains(best, other):
                best = _common_ancestor(best, other)
        body = soup.body or soup
        # A "content" div holding a tenth of the page is a teaser box, not the article.
        if len(best.get_text(" ", strip=True)) * 10 >= len(body.get_text(" ", strip=True)):
            return best
    return soup.body if soup.body is not None else soup


def _contains(outer: Tag, inner: Tag) -> bool:
    return outer is inner or any(parent is outer for parent in inner.parents)


def _common_ancestor(a: Tag, b: Tag) -> Tag:
    ancestors = [a, *a.parents]
    for node in (b, *b.parents):
        if any(node is ancestor for ancestor in ancestors):
            return node
    return a
