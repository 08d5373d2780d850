"""Pieces of pages rendered once and kept: a search page's facet lists and job cards.

A piece is kept under a key that holds everything its rendering reads, so a kept piece is
exactly what rendering it again would give; nothing is invalidated, an edit simply makes a new
key. A facet list (a fieldset of choices with their counts) depends only on the facet, its
options (value, label, count, ticked) and the language. A job card depends on its hit (see
`job_cards`). Nine facet lists and twenty cards were most of a job search's rendering
(docs/PERFORMANCE.md). The caches are per process and bounded; in debug mode (templates
reloaded on edit) they are not used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from portal.models import utcnow

FACET_TEMPLATE = "search/_facet.html"
JOB_CARD_TEMPLATE = "search/_job_card.html"
MATCH_TEMPLATE = "macros/match.html"


class _Kept:
    """A bounded map from a key to its rendering; the oldest entry goes first when full."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: dict[Hashable, Markup] = {}
        self.lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], Markup]) -> Markup:
        if current_app.debug:
            return render()
        found = self.entries.get(key)
        if found is None:
            found = render()
            with self.lock:
                if len(self.entries) >= self.size:
                    self.entries.pop(next(iter(self.entries)))
                self.entries[key] = found
        return found


_FACETS = _Kept(4096)
# A card with its key is ~3.5 KB: ~3.5 MB per process when full (fifty pages of twenty cards;
# a web worker's whole RSS is held under 150 MB).
_JOB_CARDS = _Kept(1024)


def forget_job_cards() -> None:
    """Empty the kept job cards (`bench.pages` times a search whose cards are all new)."""
    with _JOB_CARDS.lock:
        _JOB_CARDS.entries.clear()


def _render(template_name: str, **context: Any) -> Markup:
    template = current_app.jinja_env.get_template(template_name)
    return Markup(template.render(**context))  # noqa: S704 (a template's own escaped output)


def _macro(template_name: str, name: str) -> Callable[..., Markup]:
    macro: Callable[..., Markup] = getattr(
        current_app.jinja_env.get_template(template_name).module, name
    )
    return macro


def facet_fieldset(view: Any) -> Markup:
    """The <fieldset> of one `portal.search.facets.FacetView`, from the cache when it was
    rendered before with the same options in the same language. A facet is one of the
    module-level constants (`JOB_FACETS`, `CANDIDATE_FACETS`), frozen and never freed, so its
    identity stands for its name, label and hint without translating them for the key."""
    key = (
        str(get_locale()),
        id(view.facet),
        tuple((o.value, o.label, o.count, o.checked) for o in view.options),
    )
    return _FACETS.get(key, lambda: _render(FACET_TEMPLATE, facet=view))


def job_cards(
    hits: Sequence[Any], viewer_tz: str | None, seeker: bool, fits: Mapping[int, Any]
) -> list[Markup]:
    """The <li> of each `portal.search.job_results.JobHit`, from the cache when the same card
    was rendered before for the same kind of viewer; `fits` holds a seeker's match result per
    job id (their badge on the card).

    A card's key is all its template can read: the hit's highlighted title, organization and
    snippet, its document (only `CARD_FIELDS`, so an edit of anything a card shows changes the
    key), the distance in whole km, the viewer's match badge, and, the same for the whole page,
    the language, the mount point (the links), the day (shift times follow daylight saving),
    the viewer's zone and whether they are a seeker."""
    page = (str(get_locale()), request.script_root, utcnow().date(), viewer_tz, bool(seeker))
    badge = _macro(MATCH_TEMPLATE, "verdict_badge") if fits else None
    cards = []
    for hit in hits:
        fit = fits.get(hit.id)
        fit_badge = badge(fit) if badge is not None and fit is not None else Markup("")
        cards.append(_job_card(hit, page, fit_badge))
    return cards


def _job_card(hit: Any, page: tuple[Any, ...], fit_badge: Markup) -> Markup:
    km = None if hit.distance_km is None else int(round(hit.distance_km, 0))
    key = (
        *page,
        str(fit_badge),
        str(hit.title),
        str(hit.organization),
        str(hit.snippet),
        km,
        repr(hit.doc),
    )
    _language, _root, day, viewer_tz, seeker = page
    return _JOB_CARDS.get(
        key,
        lambda: _macro(JOB_CARD_TEMPLATE, "job_card")(
            hit.doc, hit.title, hit.organization, hit.snippet, km, viewer_tz, day, seeker, fit_badge
        ),
    )
