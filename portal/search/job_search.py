"""Public job search (`/jobs`): keyword, facets with counts, near me, sort, pages, highlights.

One multi-search round trip answers the page: the results, then one query per active filter
group without that group. Those give the facet counts a person expects (ticking "Remote"
still shows how many hybrid jobs there are) and, when nothing matches, the counts for helpful
suggestions ("No jobs match all your choices. 12 hybrid jobs within 30 km of Austin").

Credential codes typed in the keyword box ("remote CPC") become credential filters: as text,
"CPC" would also match "CPC-A" (a hyphen splits words), as a filter value it never does.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from portal import places, taxonomy
from portal.matching import TimeRange
from portal.search import fallback
from portal.search.client import SearchUnavailable
from portal.search.documents import profile_document_hours
from portal.search.engine import any_of, both, either, eq, geo_radius, multi_search
from portal.search.facets import (
    JOB_FACETS,
    Chip,
    PageState,
    chips,
    facet_filter,
    facet_views,
    parse_state,
)
from portal.search.highlight import POST, PRE
from portal.search.job_results import (
    CARD_FIELDS,
    DEFAULT_RADIUS_KM,
    PER_PAGE,
    RADII_KM,
    JobResults,
    job_hit,
    locate,
    suggestions,
)
from portal.search.keywords import extract, place_choices, place_label, whole_short_codes
from portal.search.settings import MAX_TOTAL_HITS, index_uid
from portal.search.when import WHEN_CHOICES, fits_rule, when_rule

_TOKEN = re.compile(r"[A-Za-z]{2,6}(?:-[A-Za-z]{1,2})?")


def extract_credentials(q: str) -> tuple[str, list[str]]:
    """ "remote cpc coder" -> ("remote coder", ["CPC"]): codes typed as words become filters."""
    codes: list[str] = []
    kept: list[str] = []
    for word in q.split():
        bare = word.strip(".,;:()[]'\"")
        code = bare.upper()
        if _TOKEN.fullmatch(bare) and code in taxonomy.CREDENTIALS and code != "OTHER":
            if code not in codes:
                codes.append(code)
        else:
            kept.append(word)
    return " ".join(kept), codes


@dataclass
class _Group:
    """One independently relaxable constraint: a facet, the keywords, or near-me."""

    key: str
    filter: str | None
    attribute: str | None = None


def _radius(value: str | None) -> int:
    try:
        km = int(value or DEFAULT_RADIUS_KM)
    except ValueError:
        return DEFAULT_RADIUS_KM
    return min(RADII_KM, key=lambda r: abs(r - km))


def _chosen(args: MultiDict[str, str], param: str, allowed: dict[str, Any]) -> list[str]:
    values = [v.strip() for v in args.getlist(param)]
    return list(dict.fromkeys(v for v in values if v in allowed))


def parse(
    args: MultiDict[str, str],
    base_url: str = "/jobs",
    viewer_tz: str | None = None,
    seeker: Any = None,
) -> JobResults:
    """The page's state. `viewer_tz`: the signed-in person's zone (else a `tz` the browser
    sent, else the job's own clock); `seeker`: their profile, for "fits my availability"."""
    state = parse_state(args, JOB_FACETS, ("near", "radius", "sort", "tz", "as_words", "currency"))
    q, codes = extract_credentials(state.q)
    chosen = state.values["credential"]
    state.values["credential"] = chosen + [c for c in codes if c not in chosen]
    state.values["when"] = _chosen(args, "when", WHEN_CHOICES)
    state.values["place"] = _chosen(args, "place", place_choices())
    state.values["fits"] = ["1"] if seeker is not None and args.get("fits") == "1" else []
    results = JobResults(state=state, extracted=codes, base_url=base_url)
    if not state.extra.get("as_words"):
        found = extract(q, want_city=not state.extra.get("near"))
        results.place_words = [w for w in q.split() if w not in found.q.split()]
        q = found.q
        state.values["place"] += [p for p in found.places if p not in state.values["place"]]
        state.values["when"] += [w for w in found.when if w not in state.values["when"]]
        if found.city:
            state.extra["near"] = found.city
    state.q = q
    results.engine_q = whole_short_codes(q)
    tz_param = places.canonical_timezone(state.extra.get("tz"))
    state.extra["tz"] = tz_param or ""
    results.viewer_tz = viewer_tz or tz_param
    now = datetime.now(UTC).replace(tzinfo=None)
    results.when = when_rule(state.values["when"], results.viewer_tz, now)
    if state.values["fits"]:
        slots = [TimeRange(a.day, a.start_minute, a.end_minute) for a in seeker.availability]
        results.fits = fits_rule(
            slots, seeker.timezone or "UTC", profile_document_hours(seeker), now.date()
        )
    results.radius_km = _radius(state.extra.get("radius"))
    near = state.extra.get("near")
    if near:
        results.place = locate(near)
        if results.place is None:
            results.near_error = str(
                _l("We could not find “%(place)s”. Try the nearest large city.", place=near)
            )
    if "radius" in state.extra:
        state.extra["radius"] = str(results.radius_km)
    sort = state.extra.get("sort", "relevance")
    results.sort = sort if sort in results.sorts else "relevance"
    if results.sort == "pay":
        results.currency = _pay_currency(state, seeker)
    return results


def _pay_currency(state: PageState, seeker: Any) -> str:
    """Pay is compared within one currency: the pay level's, the one asked for, the seeker's,
    else US dollars."""
    if state.values["pay"]:
        return state.values["pay"][0].split(":", 1)[0]
    asked = state.extra.get("currency", "").upper()
    if asked in taxonomy.CURRENCIES:
        return asked
    return getattr(seeker, "currency", None) or "USD"


def _groups(results: JobResults) -> list[_Group]:
    state = results.state
    groups = []
    for facet in JOB_FACETS:
        chosen = state.values.get(facet.param, [])
        if chosen:
            groups.append(_Group(facet.param, facet_filter(facet, chosen), facet.attribute))
    if results.place is not None:
        near = either(
            eq("work_mode", "remote"),
            geo_radius(results.place.lat, results.place.lng, results.radius_km),
        )
        groups.append(_Group("near", near))
    if state.values["place"]:
        groups.append(_Group("place", place_filter(state.values["place"])))
    if results.when is not None:
        groups.append(_Group("when", results.when.filter))
    if results.fits is not None:
        groups.append(_Group("fits", results.fits.filter))
    if results.currency:
        groups.append(_Group("currency", eq("pay_currency", results.currency), "pay_currency"))
    return groups


def place_filter(codes: list[str]) -> str | None:
    """Jobs with an office in, or open to applicants from, any of these places."""
    regions = [c for c in codes if "-" in c]
    countries = [c for c in codes if "-" not in c]
    return either(
        any_of("office_regions", regions),
        any_of("applicant_regions", regions),
        any_of("office_countries", countries),
        any_of("applicant_countries", countries),
    )


def _in_place(doc: dict[str, Any], codes: list[str]) -> bool:
    """`place_filter` for a document read from SQL."""
    held = {*doc.get("office_regions", []), *doc.get("applicant_regions", [])}
    held |= {*doc.get("office_countries", []), *doc.get("applicant_countries", [])}
    return bool(held & set(codes))


def _sort(results: JobResults) -> list[str] | None:
    if results.sort == "newest":
        return ["published_at:desc"]
    if results.sort == "pay":  # within `results.currency` (a filter group)
        return ["pay_hourly_max:desc"]
    if results.sort == "distance" and results.place is not None:
        return [f"_geoPoint({results.place.lat:.5f}, {results.place.lng:.5f}):asc"]
    return None


def _base_filter() -> str:
    return f"expires_at > {int(time.time())}"


def search(
    args: MultiDict[str, str],
    base_url: str = "/jobs",
    viewer_tz: str | None = None,
    seeker: Any = None,
) -> JobResults:
    """The whole page, from the engine, or from SQL (marked degraded) when it cannot answer."""
    results = parse(args, base_url, viewer_tz, seeker)
    try:
        _from_engine(results)
    except SearchUnavailable:
        _from_database(results)
    results.chips = chips(results.state, JOB_FACETS, base_url)
    if results.place is not None:
        results.chips.append(
            Chip(
                str(
                    _l(
                        "Within %(km)s km of %(place)s",
                        km=results.radius_km,
                        place=results.place.name,
                    )
                ),
                results.state.url(base_url, near=None, radius=None),
            )
        )
    results.chips += extra_chips(results)
    if results.currency:
        results.notes.append(
            str(
                _l(
                    "Highest pay first among jobs paid in %(currency)s, compared as pay for an "
                    "hour of work.",
                    currency=results.currency,
                )
            )
        )
    if results.place_words:
        words = " ".join(results.place_words)
        results.notes.append(
            str(_l("“%(words)s” is searched as a place or a time, not as words.", words=words))
        )
    return results


def extra_chips(results: JobResults) -> list[Chip]:
    """Chips for the choices that are not facets: places, times, "fits my availability"."""
    state, base = results.state, results.base_url
    out = []
    for code in state.values["place"]:
        remaining = [c for c in state.values["place"] if c != code]
        out.append(
            Chip(
                str(_l("Where: %(place)s", place=place_label(code))),
                state.url(base, place=remaining),
            )
        )
    for choice in state.values["when"]:
        remaining = [c for c in state.values["when"] if c != choice]
        out.append(
            Chip(
                str(_l("When: %(time)s", time=WHEN_CHOICES[choice])),
                state.url(base, when=remaining),
            )
        )
    if state.values["fits"]:
        out.append(Chip(str(_l("Fits my availability")), state.url(base, fits=[])))
    return out


def as_words_url(results: JobResults) -> str:
    """The same search with the place and time words read as plain words."""
    state = results.state
    q = " ".join([state.q, *results.place_words]).strip()
    return state.url(results.base_url, q=q, place=[], when=[], near=None, as_words="1")


def _query(q: str, groups: list[_Group], extra: str | None = None, **fields: Any) -> dict[str, Any]:
    """One engine query over `groups`' filters. A job has one document per office
    (`documents.office_documents`): without a distance filter only the first is read
    (`office_slot = 0`, free); with one, the engine folds a job's offices into one hit
    (`distinct`), which costs time in proportion to the matches, so only then."""
    near = any(g.key == "near" for g in groups)
    query: dict[str, Any] = {
        "indexUid": index_uid("jobs"),
        "q": q,
        "matchingStrategy": "all",
        "filter": both(
            _base_filter(), None if near else "office_slot = 0", *(g.filter for g in groups), extra
        ),
        "page": 1,
        "hitsPerPage": 0,
        **fields,
    }
    if near:
        query["distinct"] = "job_id"
    return query


def _from_engine(results: JobResults) -> None:
    state = results.state
    groups = _groups(results)
    main = _query(
        results.engine_q,
        groups,
        facets=[f.attribute for f in JOB_FACETS],
        page=state.page,
        hitsPerPage=PER_PAGE,
        attributesToRetrieve=list(CARD_FIELDS),
        attributesToHighlight=["title", "organization_name"],
        attributesToCrop=["description"],
        cropLength=28,
        cropMarker="…",
        highlightPreTag=PRE,
        highlightPostTag=POST,
    )
    sort = _sort(results)
    if sort:
        main["sort"] = sort
    queries = [main]
    # A facet's counts come from the other filters alone (what ticking another box would give).
    relaxed = [g for g in groups if g.attribute]
    for group in relaxed:
        others = [g for g in groups if g is not group]
        queries.append(_query(results.engine_q, others, None, facets=[group.attribute]))
    # A count beside each "When" choice: the other filters and that choice alone.
    others = [g for g in groups if g.key != "when"]
    when_choices = list(WHEN_CHOICES)
    now = datetime.now(UTC).replace(tzinfo=None)
    for choice in when_choices:
        rule = when_rule([choice], results.viewer_tz, now)
        queries.append(_query(results.engine_q, others, rule.filter if rule else None))
    answers = multi_search(queries)
    when_answers = answers[len(answers) - len(when_choices) :]
    answers = answers[: len(answers) - len(when_choices)]
    results.when_counts = {
        c: a.get("totalHits", 0) for c, a in zip(when_choices, when_answers, strict=True)
    }
    first = answers[0]
    distributions = dict(first.get("facetDistribution") or {})
    counts_without: dict[str, int] = {}
    for group, answer in zip(relaxed, answers[1:], strict=True):
        counts_without[group.key] = answer.get("totalHits", 0)
        if group.attribute:
            distributions[group.attribute] = (answer.get("facetDistribution") or {}).get(
                group.attribute, {}
            )
    results.total = first.get("totalHits", 0)
    results.capped = results.total >= MAX_TOTAL_HITS
    results.pages = first.get("totalPages", 0)
    results.page = state.page
    results.hits = [job_hit(h, results) for h in first.get("hits", [])]
    results.facets = facet_views(state, JOB_FACETS, distributions)
    results.currencies = distributions.get("pay_currency", {})
    if results.total == 0:
        counts_without.update(_counts_for_suggestions(results, groups))
        results.suggestions = suggestions(results, counts_without, distributions)


def _counts_for_suggestions(results: JobResults, groups: list[_Group]) -> dict[str, int]:
    """Only an empty page shows ways out, so only then (a second round trip) the engine counts
    the jobs without the distance, without the last word and without any words."""
    state = results.state
    keyed: list[tuple[str, dict[str, Any]]] = []
    if any(g.key == "near" for g in groups):
        keyed.append(("near", _query(results.engine_q, [g for g in groups if g.key != "near"])))
    words = state.q.split()
    if len(words) >= 2:
        keyed.append(("shorter", _query(whole_short_codes(" ".join(words[:-1])), groups)))
    if state.q:
        keyed.append(("q", _query("", groups)))
    if not keyed:
        return {}
    try:
        answers = multi_search([query for _key, query in keyed])
    except SearchUnavailable:
        return {}  # the results stand; only the ways out are left off
    return {
        key: answer.get("totalHits", 0) for (key, _q), answer in zip(keyed, answers, strict=True)
    }


# --- degraded mode --------------------------------------------------------------------------


def _from_database(results: JobResults) -> None:
    state = results.state
    results.degraded = True
    scan = fallback.public_job_documents(
        state.q, state.values.get("mode", []), state.values.get("type", [])
    )
    docs = scan.docs
    results.cut_short = scan.cut_short
    if note := scan.note("jobs"):
        results.notes.append(note)
    for facet in JOB_FACETS:
        chosen = state.values.get(facet.param, [])
        if not chosen:
            continue
        if facet.flag:
            docs = [d for d in docs if d.get(facet.attribute) is True]
        else:
            docs = [d for d in docs if fallback.has_any(d, facet.attribute, chosen)]
    if results.place is not None:
        place = results.place
        docs = [
            d
            for d in docs
            if d.get("work_mode") == "remote"
            or fallback.within(d, place.lat, place.lng, results.radius_km)
        ]
    if state.values["place"]:
        docs = [d for d in docs if _in_place(d, state.values["place"])]
    for rule in (results.when, results.fits):
        if rule is not None:
            docs = [d for d in docs if rule.holds(d)]
    if results.currency:
        results.currencies = fallback.distribution(docs, "pay_currency")
        docs = [d for d in docs if d.get("pay_currency") == results.currency]
        docs.sort(key=lambda d: -(d.get("pay_hourly_max") or 0))
    results.total = len(docs)
    results.pages = math.ceil(len(docs) / PER_PAGE)
    results.page = state.page
    start = (state.page - 1) * PER_PAGE
    results.hits = [job_hit(d, results) for d in docs[start : start + PER_PAGE]]
    results.facets = facet_views(
        state,
        JOB_FACETS,
        {f.attribute: fallback.distribution(docs, f.attribute) for f in JOB_FACETS},
    )
