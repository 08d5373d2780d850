"""Pieces of pages rendered once and kept: a search page's facet lists, job and candidate cards.

A piece is kept under a key that holds everything its rendering reads, so a kept piece is
exactly what rendering it again would give; nothing is invalidated, an edit simply makes a new
key. A facet list (a fieldset of choices with their counts) depends only on the facet, its
options (value, label, count, ticked) and the language. A job card depends on its hit (see
`job_cards`). A candidate card depends on this viewer's view of the profile (the name or
"Candidate K7QX2M", the place, as `models.profile_view` decides), so two viewers whose view
differs never share one, and a reveal changes the key; on candidate search also on its
highlights and the search document's fields it shows, on "best candidates" on the facts its
explanation was computed from (see `candidate_cards`, `best_candidate_cards`). Nine facet lists
and twenty cards were most of a search page's rendering (docs/PERFORMANCE.md). The caches are
per process and bounded; in debug mode (templates reloaded on edit) they are not used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from portal.models import utcnow
from portal.search import candidate_search

FACET_TEMPLATE = "search/_facet.html"
JOB_CARD_TEMPLATE = "search/_job_card.html"
MATCH_TEMPLATE = "macros/match.html"
CANDIDATE_CARD_TEMPLATE = "search/_candidate_card.html"
BEST_CANDIDATE_CARD_TEMPLATE = "search/_best_candidate_card.html"


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
_CANDIDATE_CARDS = _Kept(1024)  # about 2 KB each with its key
# About 2 KB each, the key's basis shared with the kept explanation (`search.explained`).
_BEST_CANDIDATE_CARDS = _Kept(512)
_MISSING = object()  # a document field that is absent, never equal to a value


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


def candidate_cards(hits: Sequence[Any]) -> list[Markup]:
    """The <li> of each `portal.search.candidate_search.CandidateHit`, from the cache when a
    card with the same view, highlights and document fields was rendered before in the same
    language at the same mount point (the card links to the profile)."""
    page = (str(get_locale()), request.script_root)
    return [_candidate_card(hit, page) for hit in hits]


def _candidate_card(hit: Any, page: tuple[Any, ...]) -> Markup:
    doc = hit.doc
    key = (
        *page,
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


def best_candidate_cards(
    job: Any, ranked: Sequence[Any], views: Mapping[int, Any], invited: Collection[int]
) -> list[Markup]:
    """The <li> of each candidate on "best candidates" for `job`: `ranked` are
    `portal.search.matches.Ranked` rows, `views` what the viewer may see of each, `invited`
    the ids already invited. A card is kept under what its explanation was computed from
    (`Ranked.basis`: both sides' facts, the day, whether distances are in bands; matching is
    pure) with the view, the headline, the invitation, the job, the language and the mount
    point; one whose basis is not known is rendered afresh."""
    page = (str(get_locale()), request.script_root, job.id)
    return [_best_candidate_card(job, r, views[r.id], r.id in invited, page) for r in ranked]


def _best_candidate_card(
    job: Any, ranked: Any, view: Any, invited: bool, page: tuple[Any, ...]
) -> Markup:
    def render() -> Markup:
        context = {"job": job, "r": ranked, "view": view, "invited": invited}
        return _render(BEST_CANDIDATE_CARD_TEMPLATE, **context)

    if ranked.basis is None:
        return render()
    key = (
        *page,
        ranked.id,
        view.display_name,
        view.location,
        ranked.item.headline,
        invited,
        ranked.basis,
    )
    return _BEST_CANDIDATE_CARDS.get(key, render)
