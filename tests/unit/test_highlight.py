"""Highlights: engine text with sentinel tags becomes escaped HTML with <mark> only where the
engine marked a match; stray or unbalanced sentinels never become markup."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from portal.search.highlight import POST, PRE, highlight


def reference(text: str) -> str:
    """The rule character by character: a PRE opens a mark when none is open, a POST closes
    an open one, any other sentinel is dropped, a mark left open is closed at the end."""
    out, open_mark = [], False
    for char in str(escape(text)):
        if char == PRE and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif char == POST and open_mark:
            out.append("</mark>")
            open_mark = False
        elif char not in (PRE, POST):
            out.append(char)
    return "".join(out) + ("</mark>" if open_mark else "")


def test_marks_matches_and_escapes_the_rest():
    text = f"<b>{PRE}Coder{POST}</b> & {PRE}coding{POST}"
    assert highlight(text) == "&lt;b&gt;<mark>Coder</mark>&lt;/b&gt; &amp; <mark>coding</mark>"


def test_stray_and_unbalanced_sentinels_are_dropped_or_closed():
    assert highlight(f"a{POST}b{PRE}c{PRE}d") == "ab<mark>cd</mark>"
    assert highlight(f"{PRE}{POST}") == "<mark></mark>"


def test_the_fallback_when_the_engine_sent_no_highlight():
    assert highlight(None, "<i>plain</i>") == "&lt;i&gt;plain&lt;/i&gt;"
    assert highlight(12) == "12"


@given(st.text(alphabet=st.sampled_from(["a", " ", "<", "&", '"', "é", PRE, POST]), max_size=40))
def test_any_text_follows_the_rule(text):
    assert str(highlight(text)) == reference(text)
