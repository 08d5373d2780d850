"""Control characters in what people send: cleaned from form fields, refused in addresses.

PostgreSQL cannot store NUL in text (a 500 page), and other control characters have no place in
a name, a title or a search: a CR/LF in a job title reached e-mail headers. Multi-line text keeps
its line breaks and tabs (Windows line ends become plain ones); single-line text turns them into
spaces; every other control character is dropped.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (Unicode category Cc).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_TAB_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK_OR_TAB = re.compile(r"\r\n|[\r\n\t]")


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def clean_line(text: str) -> str:
    """One line: breaks and tabs become spaces, other control characters go."""
    return _CONTROL.sub("", _LINE_BREAK_OR_TAB.sub(" ", text))


def clean_multiline(text: str) -> str:
    """Several lines: CRLF and CR become LF; tabs and line breaks stay, the rest goes."""
    return _CONTROL_BUT_TAB_NEWLINE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
