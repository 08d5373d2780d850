"""Pieces of pages rendered once and kept: a search page's facet lists.

A facet list (a fieldset of choices with their counts) depends only on the facet, its options
(value, label, count, ticked) and the language; the same search, or two searches with the same
counts, render it once. Nine lists per job search were a fifth of the page's rendering
(docs/PERFORMANCE.md). The cache is per process and bounded; in debug mode (templates reloaded
on edit) it is not used.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

FACET_TEMPLATE = "search/_facet.html"


def facet_fieldset(view: Any) -> Markup:
    """The <fieldset> of one `portal.search.facets.FacetView`, from the cache when it was
    rendered before with the same options in the same language."""
    if current_app.debug:
        return _render(view)
    facet = view.facet
    key = (
        str(get_locale()),
        facet.param,
        str(facet.label),
        str(facet.hint) if facet.hint else "",
        facet.multi,
        facet.flag,
        tuple((o.value, o.label, o.count, o.checked) for o in view.options),
    )
    return _cached(key, view)


def _render(view: Any) -> Markup:
    template = current_app.jinja_env.get_template(FACET_TEMPLATE)
    return Markup(template.render(facet=view))  # noqa: S704 (a template's own escaped output)


_CACHE: dict[tuple[Any, ...], Markup] = {}
_CACHE_MAX = 4096
_LOCK = threading.Lock()


def _cached(key: tuple[Any, ...], view: Any) -> Markup:
    found = _CACHE.get(key)
    if found is None:
        found = _render(view)
        with _LOCK:
            if len(_CACHE) >= _CACHE_MAX:
                _CACHE.pop(next(iter(_CACHE)))  # the oldest entry
            _CACHE[key] = found
    return found
