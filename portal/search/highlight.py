"""Safe highlights: Meilisearch returns `_formatted` text WITHOUT HTML-escaping it.

We ask for sentinel tags that cannot occur in user text (control characters stripped from
input), escape the whole string, and only then turn the sentinels into `<mark>`. Nothing
from the engine is ever marked safe before it went through `markupsafe.escape`.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

PRE = "\u0002"
POST = "\u0003"
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]")
_SENTINEL = re.compile(f"([{PRE}{POST}])")


def strip_control(text: str) -> str:
    """User text without control characters (so it can never forge a sentinel)."""
    return _CONTROL.sub("", text)


def highlight(formatted: object, fallback: str = "") -> Markup:
    """Escape `formatted` (engine output with sentinel tags, None when the engine sent no
    highlight), then mark the matches."""
    text = formatted if formatted is not None else fallback
    if not isinstance(text, str):
        text = str(text)
    escaped = str(escape(text))
    # Unbalanced or stray sentinels are dropped rather than turned into markup. The text is
    # walked piece by piece between sentinels (a search page highlights 40 texts).
    out = []
    open_mark = False
    for piece in _SENTINEL.split(escaped):
        if piece == PRE:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == POST:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(piece)
    if open_mark:
        out.append("</mark>")
    return Markup("".join(out))  # noqa: S704 - built from escaped text and our own tags only


def plain(formatted: str | None) -> str:
    """The text without sentinels (for attributes and plain-text contexts)."""
    return (formatted or "").replace(PRE, "").replace(POST, "")
