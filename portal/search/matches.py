"""Explained matches: "Best candidates for this job" and "Jobs for you".

Two stages. The engine retrieves: hard requirements that a filter can express become filters
(each required credential group held and unexpired on today's date, work mode, applicant
countries for remote work, a commute radius for onsite work, enough weekly hours), and two
queries in one round trip bring back up to `RETRIEVE` rows in all, those sharing a specialty
first, then the rest; a third query in the same round trip brings rows that fail a hard
requirement, so the page can always show near misses with what would fix them. Python
decides: every retrieved row is re-read from the database and
scored with `portal.matching.match` (time-zone overlap on the real calendar, expiry, pay, …),
and the list is ordered by eligibility, then score. The engine's own relevance score is never
shown as a match percentage.

The ranked list is computed once and stored per job and per profile (`portal.search.ranked`):
a later view reads the stored ids, loads only the rows it shows and scores those again (so the
explanation on each card is today's), until the owner's facts change, the day changes or the
worker applies a change to the index the list came from. A stored "jobs for you" list that
names a job no longer public is recomputed, as the engine would no longer return that job.

When the engine is down the same scoring runs over the newest rows from SQL (degraded); a
degraded list is never stored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.matching import CandidateFacts, JobFacts, MatchResult, match
from portal.models import Job, Profile, User, organization_of, utcnow
from portal.models.profile import candidate_facts
from portal.models.profile_view import ListedView, listed_views_for
from portal.search import documents, fallback, ranked, rows
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
    # What `result` was computed from (`match`'s arguments, hashable): pieces of pages that
    # show the result are kept under it (`portal.web.fragments`). None when not recorded.
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


def _rank(ranked: list[Ranked], show: int) -> list[Ranked]:
    """The best `show` eligible rows by score, then the `NEAR_MISSES` ineligible rows that
    miss the fewest hard requirements (by score among equals)."""
    fits = sorted(
        (r for r in ranked if r.result.eligible), key=lambda r: (-r.result.score, r.item.id)
    )
    near = sorted(
        (r for r in ranked if not r.result.eligible),
        key=lambda r: (len(r.result.blocking), -r.result.score, r.item.id),
    )
    return fits[:show] + near[:NEAR_MISSES]


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
    them: what matching reads, read with Core (`rows.searchable_candidates`). A profile hidden
    or closed since it was indexed is left out."""
    if not ids:
        return []
    found = rows.searchable_candidates(ids, organization_id)
    return [found[i] for i in ids if i in found]


def _retrieve(
    index: str, hard: str | None, extra: str | None, sort: list[str], base: str | None = None
) -> list[int]:
    """Up to `RETRIEVE` ids passing `hard`: those also passing `extra` (shared specialties)
    first, then the rest, newest first within each; then up to `RETRIEVE` more passing only
    `base`, the candidates for near misses.

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
                "attributesToRetrieve": ["id", "job_id"],
            }
        )
    queries.append(
        {
            "indexUid": index,
            "q": "",
            "filter": both(base, extra) if extra else base,
            "sort": sort,
            "limit": RETRIEVE,
            "attributesToRetrieve": ["id", "job_id"],
        }
    )
    *passing, loose = multi_search(queries)
    ids: dict[int, None] = {}
    for answer in passing:
        for hit in answer.get("hits", []):
            ids.setdefault(hit.get("job_id", hit["id"]))
    ids = dict.fromkeys(list(ids)[:RETRIEVE])
    for hit in loose.get("hits", []):
        ids.setdefault(hit.get("job_id", hit["id"]))
    return list(ids)


def _retrieve_profiles(
    job: Job, facts: JobFacts, today: date
) -> tuple[list[rows.CandidateRows], bool]:
    """The profiles the engine retrieves for `job` (or, when it is down, the newest ones from
    SQL, degraded)."""
    try:
        ids = _retrieve(
            index_uid("profiles"),
            candidate_filter(job, facts, today),
            any_of("specialties", sorted(facts.specialties)),
            ["updated_at:desc"],
        )
        return searchable_candidates(ids, job.organization_id), False
    except SearchUnavailable:
        recent = fallback.recent_profile_ids(FALLBACK_ROWS)
        return searchable_candidates(recent, job.organization_id), True


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
    stored = profiles is not None
    if profiles is None:
        profiles, out.degraded = _retrieve_profiles(job, facts, today)
    out.retrieved = cache.hit.retrieved if stored and cache.hit is not None else len(profiles)
    job_basis = facts_basis(facts)
    scored = [_explained(p, facts, job_basis, today) for p in profiles]
    full = _rank(scored, max(show, SHOW))
    if not stored and not out.degraded and show <= SHOW:
        _store(ranked.CANDIDATES, job.id, today, digest, cache.version, full, out.retrieved)
    out.ranked = _rank(full, show)
    out.seconds = time.perf_counter() - started
    return out


# --- explanations kept -----------------------------------------------------------------------

# `portal.matching` is pure: the same facts on the same day always give the same result. A job's
# best candidates are explained afresh on every view (so each card is today's), which for the
# same facts is the same work again: the results are kept per process under their arguments.
_EXPLAINED: dict[Hashable, MatchResult] = {}
_EXPLAINED_MAX = 512  # about 20 KB each (explanations are many small phrases)
_EXPLAINED_LOCK = threading.Lock()
_FIELDS: dict[type, tuple[str, ...]] = {}


def facts_basis(facts: Any) -> Hashable:
    """`JobFacts` or `CandidateFacts` as a key: every field, lists as tuples."""
    kind = type(facts)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in fields(facts))
    return (kind.__name__, *(_frozen(getattr(facts, name)) for name in names))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _explained(
    profile: rows.CandidateRows, job: JobFacts, job_basis: Hashable, today: date
) -> Ranked:
    """`profile` matched against the job, distances in bands unless the job's organization
    knows where the seeker lives: the kept result for the same arguments, or a new one."""
    candidate = candidate_facts(profile.profile, profile.credentials, profile.slots)
    bands = not profile.identity_known
    basis = (job_basis, facts_basis(candidate), today, bands)
    result = _EXPLAINED.get(basis)
    if result is None:
        result = match(job, candidate, today, distance_in_bands=bands)
        with _EXPLAINED_LOCK:
            if len(_EXPLAINED) >= _EXPLAINED_MAX:
                _EXPLAINED.pop(next(iter(_EXPLAINED)))  # the oldest entry
            _EXPLAINED[basis] = result
    return Ranked(profile.profile, result, basis)


def _store(
    kind: str,
    owner_id: int,
    today: date,
    digest: str,
    version: int,
    full: list[Ranked],
    retrieved: int,
) -> None:
    entries = [ranked.Entry(r.id, r.result.score, r.result.eligible) for r in full]
    ranked.store(kind, owner_id, today, digest, version, entries, retrieved)


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


def _retrieve_jobs(profile: Profile, facts: CandidateFacts, today: date) -> tuple[list[Job], bool]:
    """The jobs the engine retrieves for this seeker (or the newest from SQL, degraded)."""
    try:
        ids = _retrieve(
            index_uid("jobs"),
            job_filter(profile, facts, today),
            any_of("specialties", sorted(facts.specialties)),
            ["published_at:desc"],
            both(open_jobs_filter(), "office_slot = 0"),  # near misses: one document a job
        )
        return _jobs(ids), False
    except SearchUnavailable:
        return _jobs(fallback.newest_public_job_ids(FALLBACK_ROWS)), True


def _cached_jobs(cache: ranked.Lookup, show: int) -> list[Job] | None:
    """The jobs of a stored list that a page showing `show` reads, or None when the list must
    be recomputed: a job closed or expired since would leave a gap the engine would fill."""
    if cache.hit is None or show > SHOW:
        return None
    wanted = ranked.shown(cache.hit.entries, show)
    jobs = _jobs([e.id for e in wanted])
    now = utcnow()
    if len(jobs) < len(wanted) or not all(j.is_public(now) for j in jobs):
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
    stored = jobs is not None
    if jobs is None:
        jobs, out.degraded = _retrieve_jobs(profile, facts, today)
    now = utcnow()
    jobs = [j for j in jobs if j.is_public(now)]
    out.retrieved = cache.hit.retrieved if stored and cache.hit is not None else len(jobs)
    scored = [Ranked(j, match(j.facts(), facts, today)) for j in jobs]
    full = _rank(scored, max(show, SHOW))
    if not stored and not out.degraded and show <= SHOW:
        _store(ranked.JOBS, profile.id, today, digest, cache.version, full, out.retrieved)
    out.ranked = _rank(full, show)
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
