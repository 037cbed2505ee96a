"""Fetch an article page over HTTP(S) with httpx: timeout, size cap, redirects, clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flashcards.errors import InputError
from flashcards.reader.decode import MAX_BYTES, check_size

if TYPE_CHECKING:
    import httpx

USER_AGENT = "flashcards/0.1 (bilingual vocabulary decks; +https://pypi.org/project/flashcards/)"
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class Page:
    """A fetched page: its bytes, the final URL after redirects and what the server declared."""

    data: bytes
    url: str
    content_type: str
    charset: str

    @property
    def is_html(self) -> bool:
        return self.content_type != "text/plain"


def is_url(spec: str) -> bool:
    """Say whether ``spec`` names a web address rather than a file."""
    return spec.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = 5,
    client: httpx.Client | None = None,
) -> Page:
    """Download ``url``; raise ``InputError`` for bad URLs, network failures, HTTP errors,
    non-text content and pages larger than ``max_bytes``.
    """
    import httpx

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url} is not a web address: give an http:// or https:// URL")
    own = client is None
    session = client or httpx.Client(
        follow_redirects=True,
        max_redirects=max_redirects,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"},
    )
    try:
        with session.stream("GET", url) as response:
            return _read(response, url, max_bytes)
    except httpx.TimeoutException:
        raise InputError(f"{url}: no answer within {timeout:g} seconds (timed out)") from None
    except httpx.TooManyRedirects:
        raise InputError(f"{url}: too many redirects (more than {max_redirects})") from None
    except httpx.ConnectError as error:
        raise InputError(f"{url}: cannot connect ({_reason(error)})") from None
    except httpx.InvalidURL as error:
        raise InputError(f"{url} is not a valid web address ({error})") from None
    except httpx.HTTPError as error:
        raise InputError(f"{url}: download failed ({_reason(error)})") from None
    finally:
        if own:
            session.close()


def _read(response: httpx.Response, url: str, max_bytes: int) -> Page:
    if response.status_code >= 400:
        phrase = response.reason_phrase or "error"
        raise InputError(f"{url}: the server answered {response.status_code} {phrase}")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in _TEXT_TYPES:
        raise InputError(
            f"{url} is not a web page (it is {content_type}): give the address of the article page"
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit():
        check_size(int(declared), url, max_bytes)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        check_size(size, url, max_bytes)
        chunks.append(chunk)
    return Page(
        data=b"".join(chunks),
        url=str(response.url),
        content_type=content_type or "text/html",
        charset=(response.charset_encoding or "").lower(),
    )


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[-1] if text else type(error).__name__
