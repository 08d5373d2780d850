"""Explanations that stay translatable: English now, the reader's language when shown.

Matching runs without Flask (tests, workers, the search layer), so it cannot ask for the
reader's language. `_("...")` marks a sentence for `make translations` (Babel extracts every
`_` call) and returns a `Phrase`: a `str` whose value is the English text, so comparisons,
JSON and e-mails read as before, but which remembers its message id and values. A page shows
it through `__html__`, which Jinja calls on every value it prints: the message id goes through
the translator the app installed with `use_translator` (Flask-Babel's `gettext`), then the
values, each translated the same way. Phrases joined with `+` or `join` keep their parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

Translator = Callable[[str], str]


def _untranslated(message: str) -> str:
    return message


_translator: Translator = _untranslated

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def use_translator(translate: Translator) -> None:
    """Translate phrases with `translate` (a `gettext`) whenever a page shows them."""
    global _translator
    _translator = translate


class Phrase(str):
    """English text plus how it was built: a message id and its values, or joined parts."""

    _msgid: str | None
    _values: Mapping[str, object] | None
    _parts: tuple[str, ...]

    def __new__(
        cls,
        text: str,
        msgid: str | None = None,
        values: Mapping[str, object] | None = None,
        parts: tuple[str, ...] = (),
    ) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase._msgid = msgid
        phrase._values = values
        phrase._parts = parts
        return phrase

    def __mod__(self, values: object) -> Phrase:
        if not isinstance(values, Mapping):
            raise TypeError("phrases take named values: _('%(name)s') % {'name': ...}")
        return Phrase(str.__mod__(self, values), self._msgid, dict(values))

    def __add__(self, other: str) -> Phrase:
        return Phrase(str(self) + other, parts=(self, other))

    def __radd__(self, other: str) -> Phrase:
        return Phrase(other + str(self), parts=(other, self))

    def translated(self, translate: Translator | None = None) -> str:
        """The text in the reader's language (the installed translator unless one is given)."""
        translate = translate or _translator
        if self._msgid is None:
            if not self._parts:
                return str(self)
            return "".join(_render(part, translate) for part in self._parts)
        text = translate(self._msgid)
        if self._values is None:
            return text
        return text % {
            key: value.translated(translate) if isinstance(value, Phrase) else value
            for key, value in self._values.items()
        }

    def __html__(self) -> str:
        """What Jinja prints: translated, escaped exactly as markupsafe escapes a `str`."""
        return self.translated().translate(_HTML_ESCAPES)


# markupsafe's escapes, so a page's bytes are the same whether it prints a str or a phrase.
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def _render(part: str, translate: Translator) -> str:
    return part.translated(translate) if isinstance(part, Phrase) else part


def _(message: str) -> Phrase:
    """Mark `message` for translation; it is translated when shown, not here."""
    return Phrase(message, message)


def join(separator: str, words: Iterable[str]) -> Phrase:
    """`separator.join(words)` that keeps each phrase translatable."""
    parts: list[str] = []
    for word in words:
        if parts:
            parts.append(separator)
        parts.append(word)
    return Phrase("".join(parts), parts=tuple(parts))


def join_or(words: list[str]) -> str:
    """ "CCS, CIC or RHIT"."""
    if len(words) <= 1:
        return join("", words)
    return _("%(first)s or %(last)s") % {"first": join(", ", words[:-1]), "last": words[-1]}


def join_and(words: list[str]) -> str:
    """ "CCS, CIC and RHIT"."""
    if len(words) <= 1:
        return join("", words)
    return _("%(first)s and %(last)s") % {"first": join(", ", words[:-1]), "last": words[-1]}


def format_date(day: date) -> str:
    """ "3 Mar 2027": the same in every explanation and e-mail."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
