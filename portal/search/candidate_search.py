"""Candidate search (`/candidates`) for members of an organization.

Only searchable profiles are in the index (visible to employers, open to work, account
active); every hit is re-read from the database through `models.profile_view.listed_views_for`
(the rules of `profile_view_for`, in one statement), so a profile hidden a second ago is
dropped and an anonymous one shows no name unless the seeker revealed it to this organization.
A card's other facts (experience, work modes, hours, credentials, specialties) are the search
document's, which holds nothing an employer may not see.

A credential filter means "held and unexpired today" (`cred_until.<CODE> >= today`); with
"verified only" it also must be verified. School is a filter on the school the seeker named.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portal import taxonomy
from portal.extensions import db
from portal.models import School, User, utcnow
from portal.models.profile_view import ListedProfile, ListedView, listed_views_for
from portal.search import documents, fallback
from portal.search.client import SearchUnavailable
from portal.search.engine import any_of, both, either, multi_search
from portal.search.facets import (
    HOURS_BAND_LABELS,
    Chip,
    Facet,
    FacetView,
    PageState,
    chips,
    credential_codes,
    facet_filter,
    facet_views,
    parse_state,
)
from portal.search.highlight import POST, PRE, highlight
from portal.search.settings import MAX_TOTAL_HITS, index_uid

PER_PAGE = 20
# What a card shows of a hit's search document (search/_candidate_card.html); the engine is
# asked for these and for the highlighted headline and cropped summary, nothing else.
CARD_FIELDS = (
    "years_experience",
    "work_modes",
    "hours_max",
    "credentials_held",
    "credentials_verified",
    "specialty_names",
)


def _school_choices() -> dict[str, str]:
    """The verified schools, read once per request: reading the state, counting and naming the
    chips all ask for them."""
    if has_request_context() and "candidate_schools" in g:
        kept: dict[str, str] = g.candidate_schools
        return kept
    verified = sa.select(School.id, School.name).where(School.verified_at.is_not(None))
    schools = {str(i): name for i, name in db.session.execute(verified)}
    if has_request_context():
        g.candidate_schools = schools
    return schools


def _labels(mapping: Mapping[str, object]) -> Callable[[], dict[str, str]]:
    return lambda: {k: taxonomy.label(mapping, k) for k in mapping}


CANDIDATE_FACETS: list[Facet] = [
    Facet(
        "credential",
        "credentials_held",
        _l("Credential"),
        credential_codes,
        hint=_l("Held and not expired"),
    ),
    Facet(
        "verified",
        "has_verified",
        _l("Only verified credentials"),
        lambda: {"1": "1"},
        flag=True,
    ),
    Facet(
        "school_verified",
        "school_verified",
        _l("Verified by a training school"),
        lambda: {"1": "1"},
        flag=True,
    ),
    Facet("mode", "work_modes", _l("Works"), _labels(taxonomy.WORK_MODES)),
    Facet("hours", "hours_band", _l("Hours a week"), lambda: dict(HOURS_BAND_LABELS)),
    Facet("specialty", "specialties", _l("Specialty"), _labels(taxonomy.SPECIALTIES)),
    Facet("country", "country", _l("Country"), _labels(taxonomy.COUNTRIES)),
    Facet("school", "school_id", _l("Training school"), _school_choices),
    Facet("new_grad", "new_graduate", _l("New graduates"), lambda: {"1": "1"}, flag=True),
]


@dataclass
class CandidateHit:
    profile: ListedProfile
    view: ListedView
    headline: Markup
    snippet: Markup
    doc: dict[str, Any]


@dataclass
class CandidateResults:
    state: PageState
    hits: list[CandidateHit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    pages: int = 0
    facets: list[FacetView] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    degraded: bool = False
    limited_note: str | None = None  # degraded mode read only part of the profiles
    base_url: str = "/candidates"

    @property
    def cut_short(self) -> bool:
        return self.limited_note is not None

    @property
    def total_label(self) -> str:
        return f"{MAX_TOTAL_HITS:,}+" if self.capped else f"{self.total:,}"

    @property
    def page(self) -> int:
        return self.state.page

    def page_url(self, page: int) -> str:
        return self.state.url(self.base_url, page=page)


def _credential_filter(codes: list[str], verified: bool) -> str | None:
    if not codes:
        return None
    day = documents.day_number(utcnow().date())
    held = either(*(f"cred_until.{c.replace('-', '_')} >= {day}" for c in codes))
    if not verified:
        return held
    return both(held, any_of("credentials_verified", codes))


def _filters(state: PageState) -> dict[str, str | None]:
    """Filter per facet parameter; credential and verified work together."""
    out: dict[str, str | None] = {}
    codes = state.values.get("credential", [])
    verified = bool(state.values.get("verified"))
    for facet in CANDIDATE_FACETS:
        chosen = state.values.get(facet.param, [])
        if facet.param == "credential":
            out["credential"] = _credential_filter(codes, verified)
        elif facet.param == "verified":
            out["verified"] = "has_verified = true" if verified and not codes else None
        elif facet.param == "school":
            out["school"] = any_of("school_id", [int(v) for v in chosen])
        else:
            out[facet.param] = facet_filter(facet, chosen)
    return out


def search(
    args: MultiDict[str, str],
    viewer: User,
    organization_id: int,
    base_url: str = "/candidates",
) -> CandidateResults:
    """One page of candidates for `viewer`, a member of the organization `organization_id`
    (whose reveals decide which names the page shows)."""
    state = parse_state(args, CANDIDATE_FACETS)
    results = CandidateResults(state=state, base_url=base_url)
    try:
        _from_engine(results, viewer, organization_id)
    except SearchUnavailable:
        _from_database(results, viewer, organization_id)
    results.chips = chips(state, CANDIDATE_FACETS, base_url)
    return results


def _from_engine(results: CandidateResults, viewer: User, organization_id: int) -> None:
    state = results.state
    filters = _filters(state)
    active = {k: v for k, v in filters.items() if v}
    queries: list[dict[str, Any]] = [
        {
            "indexUid": index_uid("profiles"),
            "q": state.q,
            "matchingStrategy": "all",
            "filter": both(*active.values()),
            "facets": [f.attribute for f in CANDIDATE_FACETS],
            "page": state.page,
            "hitsPerPage": PER_PAGE,
            "attributesToRetrieve": ["id", "headline", "summary", *CARD_FIELDS],
            "attributesToHighlight": ["headline"],
            "attributesToCrop": ["summary"],
            "cropLength": 24,
            "cropMarker": "…",
            "highlightPreTag": PRE,
            "highlightPostTag": POST,
        }
    ]
    groups = [f for f in CANDIDATE_FACETS if f.param in active and not f.flag]
    for facet in groups:
        others = [v for k, v in active.items() if k != facet.param]
        queries.append(
            {
                "indexUid": index_uid("profiles"),
                "q": state.q,
                "matchingStrategy": "all",
                "filter": both(*others),
                "facets": [facet.attribute],
                "page": 1,
                "hitsPerPage": 0,
            }
        )
    answers = multi_search(queries)
    first = answers[0]
    distributions = dict(first.get("facetDistribution") or {})
    for facet, answer in zip(groups, answers[1:], strict=True):
        distributions[facet.attribute] = (answer.get("facetDistribution") or {}).get(
            facet.attribute, {}
        )
    results.total = first.get("totalHits", 0)
    results.capped = results.total >= MAX_TOTAL_HITS
    results.pages = first.get("totalPages", 0)
    results.hits = _hits(first.get("hits", []), viewer, organization_id)
    results.facets = facet_views(state, CANDIDATE_FACETS, distributions)


def _hits(docs: list[dict[str, Any]], viewer: User, organization_id: int) -> list[CandidateHit]:
    # One statement for the profiles and their reveals to the organization, not one per hit.
    views = listed_views_for(viewer, organization_id, [d["id"] for d in docs])
    hits = []
    for doc in docs:
        view = views.get(doc["id"])
        if view is None:
            continue  # hidden or closed since it was indexed: never shown
        formatted = doc.get("_formatted") or {}
        hits.append(
            CandidateHit(
                profile=view.profile,
                view=view,
                headline=highlight(formatted.get("headline"), doc.get("headline", "")),
                snippet=highlight(formatted.get("summary"), (doc.get("summary") or "")[:200]),
                doc=doc,
            )
        )
    return hits


def _from_database(results: CandidateResults, viewer: User, organization_id: int) -> None:
    state = results.state
    results.degraded = True
    scan = fallback.searchable_profile_documents(state.q)
    docs = scan.docs
    results.limited_note = scan.note("profiles")
    codes = state.values.get("credential", [])
    verified = bool(state.values.get("verified"))
    today = documents.day_number(utcnow().date()) or 0
    if codes:
        docs = [
            d
            for d in docs
            if any(d["cred_until"].get(c.replace("-", "_"), 0) >= today for c in codes)
            and (not verified or fallback.has_any(d, "credentials_verified", codes))
        ]
    elif verified:
        docs = [d for d in docs if d.get("has_verified")]
    for facet in CANDIDATE_FACETS:
        chosen = state.values.get(facet.param, [])
        if facet.param in ("credential", "verified") or not chosen:
            continue
        if facet.flag:
            docs = [d for d in docs if d.get(facet.attribute) is True]
        else:
            docs = [d for d in docs if fallback.has_any(d, facet.attribute, chosen)]
    results.total = len(docs)
    results.pages = math.ceil(len(docs) / PER_PAGE)
    start = (state.page - 1) * PER_PAGE
    results.hits = _hits(docs[start : start + PER_PAGE], viewer, organization_id)
    distributions = {
        f.attribute: fallback.distribution(docs, f.attribute) for f in CANDIDATE_FACETS
    }
    results.facets = facet_views(state, CANDIDATE_FACETS, distributions)
