"""Conditional GET for the pages every visitor sees alike (the job page, the home page).

A visitor who is not signed in, and has no session cookie (which could carry a one-time
message), sees the same page as every other such visitor in the same language. Such a page gets
an ETag computed from a stamp of what it shows (one statement reading the rows' last changes and
what the clock decides, `services.jobs.newest_public` and `visitors_page_stamp`), the language
and the code that renders it; a browser or proxy asking again with that tag gets a 304, and
anyone else the page this process last rendered for that tag, without the page being rendered
or a job loaded. `Cache-Control: no-cache` makes every cache ask each time, so an edit shows at
once; `Vary: Cookie, Accept-Language` keeps a shared cache from handing the visitors' page to
someone signed in (whose pages stay `no-store`, `portal.security`).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from importlib import metadata
from pathlib import Path
from typing import Any

from flask import Response, current_app, request
from flask_login import current_user

from portal.i18n import select_locale

SHARED_CACHE_CONTROL = "no-cache"
VARY = ("Cookie", "Accept-Language")


def _code_version() -> str:
    """The package's version and the size and time of every file that renders pages (code,
    templates, translations): a deploy that changes any of them changes every tag."""
    root = Path(__file__).resolve().parent.parent
    try:
        version = metadata.version("codermatch")
    except metadata.PackageNotFoundError:
        version = "unknown"
    parts = [version]
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".mo", ".po", ".txt") and path.is_file():
            stat = path.stat()
            parts.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


CODE_VERSION = _code_version()


def is_visitor() -> bool:
    """Signed out, with no session cookie (which could carry a one-time message): a page
    then looks the same to every such visitor in the same language."""
    cookie = current_app.config.get("SESSION_COOKIE_NAME", "session")
    return not request.cookies.get(cookie) and not current_user.is_authenticated


def visitor_etag(page: str, *shown: Any) -> str | None:
    """The tag of a page as every signed-out visitor sees it, or None when the page may be
    personal (`is_visitor`). `shown`: a stamp of all the page shows from the database."""
    if not is_visitor():
        return None
    # The language the page would be rendered in, as the selector names it: Flask-Babel's
    # parsed locale is needed only if the page is rendered, not to find a kept one.
    payload = repr((CODE_VERSION, select_locale(), request.path, page, shown))
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def not_modified(etag: str | None) -> Response | None:
    """A 304 when the visitor already holds this version of the page; else the page itself
    when this process rendered this version lately (the tag covers all it shows)."""
    if etag is None:
        return None
    if request.if_none_match.contains(etag):
        return shared(current_app.response_class(status=304), etag)
    body = _pages().get(etag)
    if body is None:
        return None
    return shared(current_app.response_class(body, mimetype="text/html"), etag)


def shared(response: Response, etag: str | None) -> Response:
    """The visitors' page with its tag and cache headers (unchanged when `etag` is None), kept
    for the next visitor (the newest PAGES_KEPT pages of this process)."""
    if etag is not None:
        response.set_etag(etag)
        response.headers["Cache-Control"] = SHARED_CACHE_CONTROL
        if response.status_code == 200 and "Set-Cookie" not in response.headers:
            _keep(etag, response.get_data())
    for header in VARY:
        response.vary.add(header)
    return response


# Rendered visitors' pages by tag, newest last, per app (its configuration shapes pages too).
# A tag changes with anything the page shows, so an edit needs no invalidation: the old entry
# is simply never asked for again and ages out.
PAGES_KEPT = 256  # about 30 kB each: under 8 MB a process
_LOCK = threading.Lock()


def _pages() -> OrderedDict[str, bytes]:
    pages: OrderedDict[str, bytes] = current_app.extensions.setdefault(
        "visitor_pages", OrderedDict()
    )
    return pages


def _keep(etag: str, body: bytes) -> None:
    if current_app.debug:
        return  # templates reload on edit: the code version would not see it
    pages = _pages()
    with _LOCK:
        pages[etag] = body
        pages.move_to_end(etag)
        while len(pages) > PAGES_KEPT:
            pages.popitem(last=False)
