"""Text people send and write: control characters cleaned or refused, Markdown made safe.

Control characters in what people send are cleaned from form fields and refused in addresses.

PostgreSQL cannot store NUL in text (a 500 page), and other control characters have no place in
a name, a title or a search: a CR/LF in a job title reached e-mail headers. Multi-line text keeps
its line breaks and tabs (Windows line ends become plain ones); single-line text turns them into
spaces; every other control character is dropped.
"""

from __future__ import annotations

import html as html_lib
import re
import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from markupsafe import Markup

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


# Markdown (job descriptions) ---------------------------------------------------------------------

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "hr",
}


def render_markdown(text: str | None) -> Markup:
    """Markdown as HTML that is safe to show: no script or style, no event attributes, links
    only to http(s) and mailto with rel="nofollow noopener"; headings start at h3 because the
    page already has h1 and h2."""
    if not text:
        return Markup("")
    return Markup(_markdown_html(text))  # noqa: S704 - nh3 output is sanitized HTML


_markdown_local = threading.local()


def _markdown_converter() -> markdown_lib.Markdown:
    """One converter per thread, reset between texts: building a `Markdown` costs a third of
    each conversion (a reindex converts every job's description)."""
    converter = getattr(_markdown_local, "converter", None)
    if converter is None:
        converter = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
        _markdown_local.converter = converter
    return converter


@lru_cache(maxsize=1024)
def _markdown_html(text: str) -> str:
    """Pure text -> sanitized HTML, cached per process: a job page renders its description
    twice (page and JSON-LD) and popular jobs are viewed over and over."""
    html = _markdown_converter().reset().convert(text)
    html = re.sub(
        r"<(/?)h([12])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}>", html
    )  # demote headings
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )
    return clean


# Markdown syntax that carries no words: line markers, links' targets, emphasis, code ticks.
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_LINE = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)", re.M
)
_MD_RULE = re.compile(
    r"^[ \t]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$", re.M
)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S.*$", re.M)
_MD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MD_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(
    r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*|(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)"
)
_MD_CODE = re.compile(r"(`+)(.+?)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")


def markdown_text(text: str | None) -> str:
    """Markdown as plain words, without rendering it: what a search document or a summary
    needs. The same words as the rendered, sanitized HTML with its tags stripped (raw HTML is
    removed with nh3 the same way, script and style content included), at a fraction of the
    cost: rendering was most of the time a full reindex spent on a job."""
    if not text:
        return ""
    # A pattern is tried only when the text holds the character it cannot match without (a
    # full reindex spent a third of a job's time scanning for emphasis that was not there).
    text = _MD_CONTROL.sub("", text)
    if "<" in text:
        text = _MD_AUTOLINK.sub(r"\1", text)
    text = nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
    text = html_lib.unescape(text)
    text = _MD_RULE.sub(" ", text)
    text = _MD_LINE.sub("", text)
    if "[" in text:
        text = _MD_REFERENCE.sub("", text)
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
    if "`" in text:
        text = _MD_CODE.sub(r"\2", text)
    if "*" in text or "_" in text:
        text = _MD_STRONG.sub(r"\2", text)
        text = _MD_EM.sub(lambda m: m.group(1) or m.group(2), text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    return " ".join(text.split())  # what `\s+` to one space and strip() give, faster
