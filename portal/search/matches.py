"""Explained matches: "Best candidates for this job" and "Jobs for you".

Two stages. The engine retrieves: hard requirements that a filter can express become filters
(each required credential group held and unexpired on today's date, work mode, applicant
countries for remote work, a commute radius for onsite work, enough weekly hours), and two
queries in one round trip bring back up to `RETRIEVE` rows in all, those sharing a specialty
first, then the rest; a third query in the same round trip brings rows that fail a hard
requirement, so the page can always show near misses with what would fix them. Python
decides: every retrieved hit is scored with `portal.matching.match` (time-zone overlap on the
real calendar, expiry, pay, …) from the matching facts its document carries
(`documents.candidate_facts`, `documents.job_facts`: what `Profile.facts()` and `Job.facts()`
gave when it was indexed), and the list is ordered by eligibility, then score. The engine's own
relevance score is never shown as a match percentage.

The ranked list is computed once and stored per job and per profile (`portal.search.ranked`).
A view, the first included, loads from the database only the rows it shows and scores those
again from the rows (so the score, verdict and explanation on each card are what the pair's
own page computes today); a row hidden, closed or expired since it was indexed is left out and
the next one takes its place. The stored list serves until the owner's facts change, the day
changes or the worker applies a change to the index the list came from. A stored list that
names a row no longer shown is recomputed, as the engine would no longer return it.

The rows a "best candidates" page shows are read with Core (`rows.searchable_candidates`: what
matching needs, the headline, whether the job's organization knows who the seeker is) and their
explanations are kept per process under the facts they come from (`portal.search.explained`).

When the engine is down the same scoring runs over the newest rows from SQL (degraded); a
degraded list is never stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.matching import CandidateFacts, JobFacts, MatchResult, match
from portal.models import Job, Profile, User, organization_of, utcnow
from portal.models.profile_view import ListedView, listed_views_for
from portal.search import documents, explained, fallback, ranked, rows
from portal.search.client import SearchUnavailable
from portal.search.engine import any_of, both, either, eq, geo_radius, multi_search, quote
from portal.search.settings import index_uid

RETRIEVE = 100
SHOW = 25
# Near misses shown under "Almost a match": those missing the fewest hard requirements.
NEAR_MISSES = 10
# Onsite candidates are retrieved within this distance of an office (or willing to move);
# the match then compares with each candidate's own travel distance.
COMMUTE_RETRIEVE_KM = 150
DEFAULT_TRAVEL_KM = 50
# Without the engine, this many of the newest rows are scored instead.
FALLBACK_ROWS = 300


@dataclass
class Ranked:
    """One scored row: the job or profile, and how it matches."""

    item: Any
    result: MatchResult
    # What `result` was computed from (`explained.explained`'s basis, hashable): pieces of
    # pages that show the result are kept under it (`portal.web.fragments`). None: not known.
    basis: Hashable | None = None

    @property
    def id(self) -> int:
        ident: int = self.item.id
        return ident


@dataclass
class MatchList:
    ranked: list[Ranked] = field(default_factory=list)
    retrieved: int = 0
    degraded: bool = False
    seconds: float = 0.0

    @property
    def eligible(self) -> list[Ranked]:
        return [r for r in self.ranked if r.result.eligible]

    @property
    def near_misses(self) -> list[Ranked]:
        """Rows that fail a hard requirement ("almost a match"): never shown as matches."""
        return [r for r in self.ranked if not r.result.eligible]


def _day(today: date) -> int:
    return documents.day_number(today) or 0


def _best(results: dict[int, MatchResult], show: int) -> list[int]:
    """Ids of the best `show` eligible results by score, then of the `NEAR_MISSES` ineligible
    ones that miss the fewest hard requirements (by score among equals)."""
    fits = sorted(
        (i for i, r in results.items() if r.eligible), key=lambda i: (-results[i].score, i)
    )
    near = sorted(
        (i for i, r in results.items() if not r.eligible),
        key=lambda i: (len(results[i].blocking), -results[i].score, i),
    )
    return fits[:show] + near[:NEAR_MISSES]


def _rank(scored: list[Ranked], show: int) -> list[Ranked]:
    """`_best` of scored rows, as the page shows them."""
    by_id = {r.id: r for r in scored}
    return [by_id[i] for i in _best({i: r.result for i, r in by_id.items()}, show)]


def _rows_of_new_list(
    kind: str,
    owner_id: int,
    today: date,
    digest: str,
    version: int,
    results: dict[int, MatchResult],
    show: int,
    load: Callable[[list[int]], list[Any]],
) -> list[Any]:
    """Rank the scored hits, load (`load`: only rows still shown) the rows a page showing
    `show` reads, and store the list. A row gone since it was indexed drops out of the list and
    the next one takes its place (the worker's version bump will recompute it anyway)."""
    while True:
        ids = _best(results, max(show, SHOW))
        entries = [ranked.Entry(i, results[i].score, results[i].eligible) for i in ids]
        wanted = [e.id for e in ranked.shown(entries, show)]
        rows = load(wanted)
        gone = set(wanted) - {row.id for row in rows}
        if not gone:
            break
        for i in gone:
            del results[i]
    if show <= SHOW:
        ranked.store(kind, owner_id, today, digest, version, entries, len(results))
    return rows


# --- best candidates for a job --------------------------------------------------------------


def candidate_filter(job: Job, facts: JobFacts, today: date) -> str | None:
    """The hard requirements of `job` that the profiles index can check."""
    day = _day(today)
    parts: list[str | None] = []
    for group in facts.required_credential_groups:
        codes = [c.strip().upper() for c in group if c.strip()]
        parts.append(
            either(*(f"cred_until.{c.replace('-', '_')} >= {day}" for c in codes if _safe(c)))
        )
    mode = facts.work_mode
    parts.append(either(eq("work_modes", mode), "work_modes IS EMPTY"))
    if mode == "remote":
        countries = sorted(
            {c.upper() for c in facts.applicant_countries}
            | {r.split("-", 1)[0].upper() for r in facts.applicant_regions}
        )
        parts.append(any_of("country", countries))
    elif facts.office_locations:
        parts.append(
            either(
                "willing_to_relocate = true",
                *(geo_radius(lat, lng, COMMUTE_RETRIEVE_KM) for lat, lng in facts.office_locations),
            )
        )
    if facts.hours_min:
        parts.append(f"usable_hours >= {int(facts.hours_min)}")
    return both(*parts)


def _safe(code: str) -> bool:
    return code.replace("-", "").isalnum()


def searchable_candidates(ids: list[int], organization_id: int) -> list[rows.CandidateRows]:
    """The searchable profiles among `ids`, in the order given, as `organization_id` ranks
    them (`rows.searchable_candidates`, Core): a profile hidden or closed since it was indexed
    is left out."""
    if not ids:
        return []
    found = rows.searchable_candidates(ids, organization_id)
    return [found[i] for i in ids if i in found]


def _retrieve(
    index: str, hard: str | None, extra: str | None, sort: list[str], base: str | None = None
) -> dict[int, documents.Document]:
    """Up to `RETRIEVE` hits passing `hard`: those also passing `extra` (shared specialties)
    first, then the rest, newest first within each; then up to `RETRIEVE` more passing only
    `base`, the candidates for near misses. By id, each with its match facts.

    A job has one document per office (`documents.office_documents`): hits name their job in
    `job_id`, and a job two of whose offices pass `hard` counts once (folded here, not with the
    engine's `distinct`, which costs time in proportion to every match)."""
    queries = []
    for condition in ([both(hard, extra)] if extra else []) + [hard]:
        queries.append(
            {
                "indexUid": index,
                "q": "",
                "filter": condition,
                "sort": sort,
                "limit": RETRIEVE,
                "attributesToRetrieve": documents.MATCH_ATTRIBUTES,
            }
        )
    queries.append(
        {
            "indexUid": index,
            "q": "",
            "filter": both(base, extra) if extra else base,
            "sort": sort,
            "limit": RETRIEVE,
            "attributesToRetrieve": documents.MATCH_ATTRIBUTES,
        }
    )
    *passing, loose = multi_search(queries)
    hits: dict[int, documents.Document] = {}
    for answer in passing:
        for hit in answer.get("hits", []):
            hits.setdefault(hit.get("job_id", hit["id"]), hit)
    hits = dict(list(hits.items())[:RETRIEVE])
    for hit in loose.get("hits", []):
        hits.setdefault(hit.get("job_id", hit["id"]), hit)
    return hits


def _candidate_results(
    facts: JobFacts, hits: dict[int, documents.Document], today: date, organization_id: int
) -> dict[int, MatchResult]:
    """Each hit scored from its document's facts. A document of an older shape (before
    `flask search configure` rebuilt the index) is scored from its row instead.

    Distances count in bands here: the list keeps only scores and verdicts, which bands do not
    change (`match`); the words on a card come from its own scoring (`best_candidates`)."""
    facts_of = {i: documents.candidate_facts(hit) for i, hit in hits.items()}
    older = [i for i, f in facts_of.items() if f is None]
    if older:
        facts_of.update((c.id, c.facts()) for c in searchable_candidates(older, organization_id))
    return {
        i: match(facts, candidate, today, distance_in_bands=True)
        for i, candidate in facts_of.items()
        if candidate is not None
    }


def _computed_profiles(
    job: Job, facts: JobFacts, today: date, cache: ranked.Lookup, digest: str, show: int
) -> tuple[list[rows.CandidateRows], int, bool]:
    """A new list for `job`: the profiles a page showing `show` reads, how many were scored,
    and whether the engine was down (then the newest profiles from SQL, all read and scored,
    and nothing stored)."""
    try:
        hits = _retrieve(
            index_uid("profiles"),
            candidate_filter(job, facts, today),
            any_of("specialties", sorted(facts.specialties)),
            ["updated_at:desc"],
        )
    except SearchUnavailable:
        recent = fallback.recent_profile_ids(FALLBACK_ROWS)
        profiles = searchable_candidates(recent, job.organization_id)
        return profiles, len(profiles), True
    results = _candidate_results(facts, hits, today, job.organization_id)
    profiles = _rows_of_new_list(
        ranked.CANDIDATES,
        job.id,
        today,
        digest,
        cache.version,
        results,
        show,
        lambda ids: searchable_candidates(ids, job.organization_id),
    )
    return profiles, len(results), False


def _cached_profiles(
    cache: ranked.Lookup, show: int, organization_id: int
) -> list[rows.CandidateRows] | None:
    """The profiles of a stored list that a page showing `show` reads, or None when the list
    must be recomputed: a profile hidden or closed since would leave a gap the engine would
    fill with another."""
    if cache.hit is None or show > SHOW:
        return None
    wanted = ranked.shown(cache.hit.entries, show)
    profiles = searchable_candidates([e.id for e in wanted], organization_id)
    if len(profiles) < len(wanted):
        return None
    return profiles


def best_candidates(job: Job, today: date | None = None, show: int = SHOW) -> MatchList:
    """Profiles ranked for `job`, each with its explanation."""
    started = time.perf_counter()
    today = today or utcnow().date()
    facts = job.facts()
    out = MatchList()
    digest = ranked.fingerprint(facts, RETRIEVE, SHOW, NEAR_MISSES)
    cache = ranked.lookup(ranked.CANDIDATES, job.id, today, digest)
    profiles = _cached_profiles(cache, show, job.organization_id)
    if profiles is not None and cache.hit is not None:
        out.retrieved = cache.hit.retrieved
    else:
        profiles, out.retrieved, out.degraded = _computed_profiles(
            job, facts, today, cache, digest, show
        )
    job_basis = explained.facts_basis(facts)
    scored = []
    for candidate in profiles:
        # Distances in bands unless the job's organization knows where the seeker lives.
        bands = not candidate.identity_known
        result, basis = explained.explained(facts, job_basis, candidate.facts(), today, bands)
        scored.append(Ranked(candidate.profile, result, basis))
    out.ranked = _rank(scored, show)
    out.seconds = time.perf_counter() - started
    return out


def candidates_seen_by(viewer: User, job: Job) -> tuple[MatchList, dict[int, ListedView]]:
    """`best_candidates` as `viewer` may see them, each with its view
    (`models.profile_view.listed_views_for`: name or label, place, by the viewer's own
    organization's reveals). A profile hidden or closed since it was indexed is left out here,
    so no page can show it by mistake."""
    found = best_candidates(job)
    organization = organization_of(viewer)
    organization_id = organization.id if organization is not None else None
    views = listed_views_for(viewer, organization_id, [r.id for r in found.ranked])
    found.ranked = [r for r in found.ranked if r.id in views]
    return found, views


# --- jobs for a seeker ----------------------------------------------------------------------


def job_filter(profile: Profile, facts: CandidateFacts, today: date) -> str | None:
    """The hard requirements a job must meet for this seeker, as far as a filter can say.

    "Every required group is held" is a subset test a filter cannot express: jobs requiring
    nothing or asking for at least one held code are retrieved, and `match` decides.
    """
    held = sorted(
        {
            c.code.strip().upper()
            for c in facts.credentials
            if c.expires_on is None or c.expires_on >= today
        }
    )
    parts: list[str | None] = [open_jobs_filter()]
    parts.append(either("required_credentials IS EMPTY", any_of("required_credentials", held)))
    modes = sorted(facts.work_modes)
    if modes:
        parts.append(any_of("work_mode", modes))
    country = (facts.country or "").upper()
    remote_ok = either(
        "applicant_countries IS EMPTY", eq("applicant_countries", country) if country else None
    )
    remote = both(eq("work_mode", "remote"), remote_ok)
    if facts.willing_to_relocate:
        office = "work_mode != " + quote("remote")
    elif facts.location is not None:
        lat, lng = facts.location
        office = geo_radius(lat, lng, facts.travel_km or DEFAULT_TRAVEL_KM)
    else:
        office = None
    parts.append(either(remote, office))
    usable = documents.profile_document_hours(profile)
    if usable is not None:
        parts.append(f"hours_needed <= {usable}")
    return both(*parts)


def open_jobs_filter() -> str:
    """Jobs still open: the only filter near misses must pass."""
    return f"expires_at > {int(time.time())}"


def _jobs(ids: list[int]) -> list[Job]:
    if not ids:
        return []
    rows = db.session.scalars(
        sa.select(Job)
        .where(Job.id.in_(ids))
        .options(joinedload(Job.organization), selectinload(Job.offices))
    ).all()
    by_id = {j.id: j for j in rows}
    return [by_id[i] for i in ids if i in by_id]


def _public_jobs(ids: list[int]) -> list[Job]:
    """`_jobs`, leaving out jobs closed or expired since they were indexed."""
    now = utcnow()
    return [j for j in _jobs(ids) if j.is_public(now)]


def _job_results(
    facts: CandidateFacts, hits: dict[int, documents.Document], today: date
) -> dict[int, MatchResult]:
    """Each hit scored from its document's facts (a document of an older shape: from its
    row)."""
    facts_of = {i: documents.job_facts(hit) for i, hit in hits.items()}
    older = [i for i, f in facts_of.items() if f is None]
    if older:
        facts_of.update((j.id, j.facts()) for j in _public_jobs(older))
    return {i: match(job, facts, today) for i, job in facts_of.items() if job is not None}


def _computed_jobs(
    profile: Profile,
    facts: CandidateFacts,
    today: date,
    cache: ranked.Lookup,
    digest: str,
    show: int,
) -> tuple[list[Job], int, bool]:
    """A new list for this seeker: the jobs a page showing `show` reads, how many were
    scored, and whether the engine was down (then the newest jobs from SQL, all read and
    scored, and nothing stored)."""
    try:
        hits = _retrieve(
            index_uid("jobs"),
            job_filter(profile, facts, today),
            any_of("specialties", sorted(facts.specialties)),
            ["published_at:desc"],
            both(open_jobs_filter(), "office_slot = 0"),  # near misses: one document a job
        )
    except SearchUnavailable:
        jobs = _public_jobs(fallback.newest_public_job_ids(FALLBACK_ROWS))
        return jobs, len(jobs), True
    results = _job_results(facts, hits, today)
    jobs = _rows_of_new_list(
        ranked.JOBS, profile.id, today, digest, cache.version, results, show, _public_jobs
    )
    return jobs, len(results), False


def _cached_jobs(cache: ranked.Lookup, show: int) -> list[Job] | None:
    """The jobs of a stored list that a page showing `show` reads, or None when the list must
    be recomputed: a job closed or expired since would leave a gap the engine would fill."""
    if cache.hit is None or show > SHOW:
        return None
    wanted = ranked.shown(cache.hit.entries, show)
    jobs = _public_jobs([e.id for e in wanted])
    if len(jobs) < len(wanted):
        return None
    return jobs


def jobs_for(profile: Profile, today: date | None = None, show: int = SHOW) -> MatchList:
    """Public jobs ranked for this seeker, each with its explanation."""
    started = time.perf_counter()
    today = today or utcnow().date()
    facts = profile.facts()
    out = MatchList()
    digest = ranked.fingerprint(facts, RETRIEVE, SHOW, NEAR_MISSES)
    cache = ranked.lookup(ranked.JOBS, profile.id, today, digest)
    jobs = _cached_jobs(cache, show)
    if jobs is not None and cache.hit is not None:
        out.retrieved = cache.hit.retrieved
    else:
        jobs, out.retrieved, out.degraded = _computed_jobs(
            profile, facts, today, cache, digest, show
        )
    out.ranked = _rank([Ranked(j, match(j.facts(), facts, today)) for j in jobs], show)
    out.seconds = time.perf_counter() - started
    return out


def for_cards(
    profile: Profile, job_ids: list[int], today: date | None = None
) -> dict[int, MatchResult]:
    """How the seeker matches each job on a page of search results (one query for the jobs),
    for the badge on each card; the match page explains it."""
    today = today or utcnow().date()
    facts = profile.facts()
    return {job.id: match(job.facts(), facts, today) for job in _jobs(job_ids)}
