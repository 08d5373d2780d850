"""What a job search page shows: the results, each hit, the place searched near, and the
suggestions when nothing matches. `portal.search.job_search` fills these in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from portal import places, taxonomy
from portal.matching import haversine_km
from portal.search.facets import JOB_FACETS, Chip, FacetView, PageState
from portal.search.highlight import highlight
from portal.search.settings import MAX_TOTAL_HITS
from portal.search.when import WhenRule

PER_PAGE = 20
RADII_KM = (10, 30, 50, 100, 250)
DEFAULT_RADIUS_KM = 30
SORTS: dict[str, Any] = {
    "relevance": _l("Best match"),
    "newest": _l("Newest"),
    "pay": _l("Highest pay (in one currency)"),
    "distance": _l("Nearest"),
}


# What a result card (and a saved search's e-mail) shows of a job's document. The engine sends
# only these (`attributesToRetrieve`: a whole document is ~4 KB of JSON, twice over with its
# `_formatted` copy), a hit keeps only these, and a card's kept rendering is keyed on exactly
# these (`portal.web.fragments.job_cards`), so what a card can show is what its key holds. The
# description comes cropped and highlighted in `_formatted` (`attributesToCrop`) without being
# retrieved whole.
CARD_FIELDS = (
    "job_id",
    "title",
    "organization_name",
    "organization_verified",
    "published_at",
    "office_points",
    "work_mode",
    "applicant_countries",
    "city",
    "country",
    "pay_currency",
    "pay_min",
    "pay_max",
    "pay_period",
    "hours_min",
    "hours_max",
    "shift_hours",
    "shift_windows",
    "timezone",
    "employment_type",
    "required_credentials",
    "required_groups",
    "new_graduates_welcome",
    "training_provided",
)


@dataclass
class Place:
    name: str
    lat: float
    lng: float


def locate(text: str) -> Place | None:
    """ "Austin", "Austin, TX", "Kochi, India": the most populous known city of that name."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    city, rest = parts[0], parts[1:]
    countries = list(taxonomy.COUNTRIES)
    region = None
    for part in rest:
        upper = part.upper()
        named = next((c for c, n in taxonomy.COUNTRIES.items() if n.lower() == part.lower()), None)
        if upper in taxonomy.COUNTRIES or named:
            countries = [named or upper]
        else:
            region = part
    found = []
    for country in countries:
        code = places.region_code(country, region) if region else None
        place = places.find_city(country, city, code)
        if place is not None and (not code or place.region == code or len(countries) == 1):
            found.append(place)
    if not found:
        return None
    best = max(found, key=lambda p: p.population)
    return Place(
        f"{best.name}, {taxonomy.label(taxonomy.COUNTRIES, best.country)}", best.lat, best.lng
    )


@dataclass
class JobHit:
    id: int
    title: Markup
    organization: Markup
    verified: bool
    snippet: Markup
    doc: dict[str, Any]
    distance_km: float | None = None

    @property
    def published_at(self) -> datetime | None:
        ts = self.doc.get("published_at")
        return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None) if ts else None


@dataclass
class Suggestion:
    text: str
    url: str


@dataclass
class JobResults:
    state: PageState
    hits: list[JobHit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    page: int = 1
    pages: int = 0
    facets: list[FacetView] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    degraded: bool = False
    cut_short: bool = False  # degraded mode read only the newest jobs
    sort: str = "relevance"
    place: Place | None = None
    radius_km: int = DEFAULT_RADIUS_KM
    near_error: str | None = None
    notes: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    base_url: str = "/jobs"
    viewer_tz: str | None = None
    when: WhenRule | None = None
    fits: WhenRule | None = None
    when_counts: dict[str, int] = field(default_factory=dict)
    place_words: list[str] = field(default_factory=list)  # typed words read as places
    engine_q: str = ""
    currency: str | None = None
    currencies: dict[str, int] = field(default_factory=dict)

    @property
    def total_label(self) -> str:
        return f"{MAX_TOTAL_HITS:,}+" if self.capped else f"{self.total:,}"

    def page_url(self, page: int) -> str:
        return self.state.url(self.base_url, page=page)

    @property
    def sorts(self) -> dict[str, Any]:
        return {k: v for k, v in SORTS.items() if k != "distance" or self.place is not None}


def job_hit(hit: dict[str, Any], results: JobResults) -> JobHit:
    """A result card from an engine hit or a fallback document (of which it keeps the
    `CARD_FIELDS`), with its distance."""
    formatted = hit.get("_formatted") or {}
    distance = None
    points = hit.get("office_points") or []
    if results.place is not None and points:
        here = (results.place.lat, results.place.lng)
        distance = min(haversine_km(here, (p["lat"], p["lng"])) for p in points)
    return JobHit(
        id=hit["job_id"],
        title=highlight(formatted.get("title"), hit.get("title", "")),
        organization=highlight(
            formatted.get("organization_name"), hit.get("organization_name", "")
        ),
        verified=bool(hit.get("organization_verified")),
        snippet=highlight(formatted.get("description"), hit.get("description", "")[:200]),
        doc={name: hit[name] for name in CARD_FIELDS if name in hit},
        distance_km=distance,
    )


def _jobs(count: int) -> str:
    return ngettext("%(num)s job", "%(num)s jobs", count)


def suggestions(
    results: JobResults, counts_without: dict[str, int], distributions: dict[str, dict[str, int]]
) -> list[Suggestion]:
    """Ways out of an empty page, each with its count: another mode, a filter dropped, anywhere,
    fewer words."""
    state, base = results.state, results.base_url
    out: list[Suggestion] = []
    where = ""
    if results.place is not None:
        where = " " + str(
            _l("within %(km)s km of %(place)s", km=results.radius_km, place=results.place.name)
        )
    modes = state.values.get("mode", [])
    if modes:
        for mode, count in sorted(
            distributions.get("work_mode", {}).items(), key=lambda kv: -kv[1]
        ):
            if mode in modes or not count:
                continue
            label = taxonomy.label(taxonomy.WORK_MODES, mode)
            text = str(_l("%(jobs)s: %(mode)s", jobs=_jobs(count), mode=label)) + where
            out.append(Suggestion(text, state.url(base, mode=[mode])))
    for facet in JOB_FACETS:
        if facet.param == "mode" or not state.values.get(facet.param):
            continue
        count = counts_without.get(facet.param, 0)
        if count:
            labels = facet.choices()
            chosen = ", ".join(
                str(facet.label) if facet.flag else labels.get(v, v)
                for v in state.values[facet.param]
            )
            text = str(_l("Without “%(filter)s”: %(jobs)s", filter=chosen, jobs=_jobs(count)))
            out.append(Suggestion(text, state.url(base, **{facet.param: []})))
    if results.place is not None and counts_without.get("near"):
        text = str(_l("Anywhere: %(jobs)s", jobs=_jobs(counts_without["near"])))
        out.append(Suggestion(text, state.url(base, near=None, radius=None)))
    shorter = " ".join(state.q.split()[:-1])
    if shorter and counts_without.get("shorter"):
        text = str(
            _l(
                "Search “%(q)s” instead: %(jobs)s",
                q=shorter,
                jobs=_jobs(counts_without["shorter"]),
            )
        )
        out.append(Suggestion(text, state.url(base, q=shorter)))
    if state.q and counts_without.get("q"):
        text = str(
            _l("Without the words “%(q)s”: %(jobs)s", q=state.q, jobs=_jobs(counts_without["q"]))
        )
        out.append(Suggestion(text, state.url(base, q="")))
    return out
