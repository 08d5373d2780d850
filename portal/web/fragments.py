"""Pieces of pages rendered once and kept: a search page's facet lists and candidate cards.

A piece is kept under a key made of everything its template reads, so a kept piece is exactly
what rendering again would give: a facet list (a fieldset of choices with their counts)
depends only on the facet, its options (value, label, count, ticked) and the language; a
candidate card on the card's view of the profile (the name or "Candidate K7QX2M", the place,
as `models.profile_view` decides for this viewer) and, on candidate search, its highlights and
the search document's facts it shows, on "best candidates" the facts its match was computed
from. Two viewers whose view differs have different keys, and an edit (or a reveal) changes
the key, so nothing needs invalidating. Nine facet lists per job search were a fifth of its
rendering, twenty cards a third of candidate search's (docs/PERFORMANCE.md). The caches are
per process and bounded; in debug mode (templates reloaded on edit) they are not used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from portal.search import candidate_search

FACET_TEMPLATE = "search/_facet.html"
CANDIDATE_CARD_TEMPLATE = "search/_candidate_card.html"
BEST_CANDIDATE_CARD_TEMPLATE = "search/_best_candidate_card.html"


class _Kept:
    """A bounded map of rendered pieces; the oldest entry goes first when it is full."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pieces: dict[tuple[Any, ...], Markup] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], render: Callable[[], Markup]) -> Markup:
        found = self.pieces.get(key)
        if found is None:
            found = render()
            with self.lock:
                if len(self.pieces) >= self.size:
                    self.pieces.pop(next(iter(self.pieces)))
                self.pieces[key] = found
        return found


_FACETS = _Kept(4096)
_CANDIDATE_CARDS = _Kept(1024)  # about 2 KB each with its key
_BEST_CANDIDATE_CARDS = _Kept(512)  # about 2 KB each, its key shared with the explanation
_MISSING = object()  # a document field that is absent, never equal to a value


def _render(template_name: str, **context: Any) -> Markup:
    template = current_app.jinja_env.get_template(template_name)
    return Markup(template.render(**context))  # noqa: S704 (a template's own escaped output)


def facet_fieldset(view: Any) -> Markup:
    """The <fieldset> of one `portal.search.facets.FacetView`, from the cache when it was
    rendered before with the same options in the same language."""
    if current_app.debug:
        return _render(FACET_TEMPLATE, facet=view)
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
    return _FACETS.get(key, lambda: _render(FACET_TEMPLATE, facet=view))


def candidate_card(hit: Any) -> Markup:
    """The card of one `portal.search.candidate_search.CandidateHit`, from the cache when a card
    with the same view, highlights and facts was rendered before in the same language at the
    same address (the card links to the profile)."""
    if current_app.debug:
        return _render(CANDIDATE_CARD_TEMPLATE, hit=hit)
    doc = hit.doc
    key = (
        str(get_locale()),
        request.script_root,
        hit.profile.id,
        hit.view.display_name,
        hit.view.location,
        str(hit.headline),
        str(hit.snippet),
        *(_frozen(doc.get(name, _MISSING)) for name in candidate_search.CARD_FIELDS),
    )
    return _CANDIDATE_CARDS.get(key, lambda: _render(CANDIDATE_CARD_TEMPLATE, hit=hit))


def _frozen(value: Any) -> Any:
    """A document value as a key: lists become tuples, with their type kept apart (a list of
    one number is not the number)."""
    if isinstance(value, list):
        return (list, tuple(value))
    return (type(value), value)


def best_candidate_card(job: Any, ranked: Any, view: Any, invited: bool) -> Markup:
    """The card of one candidate on "best candidates" for `job`: a `portal.search.matches.Ranked`
    row, what the viewer may see of it (`view`) and whether it was invited. Kept under what its
    match was computed from (`Ranked.basis`: the facts of both sides, the day, whether distances
    are shown in bands; matching is pure) with the view, the headline, the invitation, the job,
    the language and the address; rendered afresh when the basis is not known."""
    if current_app.debug or ranked.basis is None:
        return _best_candidate_card(job, ranked, view, invited)
    key = (
        str(get_locale()),
        request.script_root,
        job.id,
        ranked.id,
        view.display_name,
        view.location,
        ranked.item.headline,
        invited,
        ranked.basis,
    )
    return _BEST_CANDIDATE_CARDS.get(key, lambda: _best_candidate_card(job, ranked, view, invited))


def _best_candidate_card(job: Any, ranked: Any, view: Any, invited: bool) -> Markup:
    return _render(BEST_CANDIDATE_CARD_TEMPLATE, job=job, r=ranked, view=view, invited=invited)
