"""Highlights: escaped first, then only balanced sentinels become <mark>; the fast walk between
sentinels gives exactly what a character-by-character walk gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from portal.search.highlight import POST, PRE, highlight


def _char_by_char(text: str) -> str:
    """The rule, one character at a time (how highlight used to be written)."""
    out = []
    open_mark = False
    for char in str(escape(text)):
        if char == PRE and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif char == POST and open_mark:
            out.append("</mark>")
            open_mark = False
        elif char not in (PRE, POST):
            out.append(char)
    if open_mark:
        out.append("</mark>")
    return "".join(out)


@given(st.lists(st.sampled_from(["a", "é", " ", "<", "&", "'", '"', PRE, POST, "coder"])))
def test_highlight_is_the_character_rule(pieces):
    text = "".join(pieces)
    assert str(highlight(text)) == _char_by_char(text)


def test_examples():
    assert highlight(f"<b>{PRE}coder{POST}</b>") == "&lt;b&gt;<mark>coder</mark>&lt;/b&gt;"
    assert highlight(f"{POST}x{PRE}y{PRE}z") == "x<mark>yz</mark>"
    assert highlight(None, "plain & simple") == "plain &amp; simple"
