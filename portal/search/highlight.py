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
_SENTINELS = re.compile(f"([{PRE}{POST}])")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]")


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
    if PRE not in escaped and POST not in escaped:
        return Markup(escaped)  # noqa: S704 - escaped text
    # Unbalanced or stray sentinels are dropped rather than turned into markup. Splitting on
    # them walks a few pieces per text instead of every character (twenty cards, three texts).
    pieces = _SENTINELS.split(escaped)
    out = [pieces[0]]
    open_mark = False
    for sentinel, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if sentinel == PRE and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif sentinel == POST and open_mark:
            out.append("</mark>")
            open_mark = False
        out.append(piece)
    if open_mark:
        out.append("</mark>")
    return Markup("".join(out))  # noqa: S704 - built from escaped text and our own tags only


def plain(formatted: str | None) -> str:
    """The text without sentinels (for attributes and plain-text contexts)."""
    return (formatted or "").replace(PRE, "").replace(POST, "")
