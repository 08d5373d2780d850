"""Flat search documents, built from the database, and the registry the worker reads them from.

A *document source* knows, for one outbox entity ("job", "profile"), which index it feeds,
how to load current documents for a list of ids (None: the row must be absent from the index)
and how to list every id that may be indexed (for reindex and check). Parent rows whose
fields are copied into documents (an organization's name and badge into its jobs, a user's
name into the profile, a school's name into its graduates' profiles) *fan out*: the worker
turns an outbox row for them into rows for the documents that embed them.

Documents are built from plain rows read in bulk (`rows.py`, SQLAlchemy Core) by
`build_job_document` and `build_profile_document`; the worker and a full reindex both load
that way, and `job_document`/`profile_document` hand the same builders an ORM object (the
fallback search when the engine is down), so a document has one definition.

Each document also carries the owner's matching facts (`match_facts`: `Job.facts_of`,
`Profile.facts_of`, encoded by `portal.matching.codec`), so ranked lists are scored from the
engine's hits without reading rows (`matches.py`), and `document_version`, which says which
shape of document the engine holds (`DOCUMENT_VERSION`; `sync.ensure_indexes` reports an index
holding an older shape, and `flask search configure` rebuilds it).

Privacy, by construction: documents are built field by field from an allow-list below. No
e-mail, phone, credential number, résumé, proof file or city/street of a seeker is ever read
here; an anonymous profile carries no name at all. A seeker's coordinates (their city's point in
the gazetteer) are rounded to about a kilometre in `_geo`, the only place a filter or a sort can
reach; `match_facts` holds them as stored, for the commute check to give exactly what the
pair's own page gives, in a field that is neither searchable, filterable nor sortable and that
no page shows (docs/SECURITY.md). Hidden, closed, expired and pending items give None and so
are deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from portal import taxonomy
from portal.extensions import db
from portal.matching import (
    CandidateFacts,
    JobFacts,
    TimeRange,
    candidate_facts_from_json,
    candidate_facts_to_json,
    job_facts_from_json,
    job_facts_to_json,
    weekly_hours,
)
from portal.models import Credential, Job, Profile, utcnow
from portal.search import rows
from portal.search.fields import HOURS_BANDS as HOURS_BANDS
from portal.search.fields import PAY_BANDS as PAY_BANDS
from portal.search.fields import (
    PROFILE_GEO_DECIMALS,
    hourly,
    hours_band,
    labels,
    number,
    pay_tags,
    plain_text,
    point,
    unix,
)
from portal.search.fields import day_number as day_number
from portal.search.rows import Row
from portal.search.when import shift_fields

Document = dict[str, Any]
# The shape of both indexes' documents. Add one whenever a field is added, removed or changes
# meaning (the match facts' encoding included): documents of an older shape are never read for
# their match facts, and `flask search configure` rebuilds an index that holds any.
DOCUMENT_VERSION = 2
# What ranked lists retrieve of a hit (`matches.py`): enough to score it without the database.
MATCH_ATTRIBUTES = ["id", "job_id", "document_version", "match_facts"]
NO_EXPIRY = 99991231
NEVER = 253402300799  # 9999-12-31T23:59:59Z as unix seconds
DESCRIPTION_CHARS = 4000
SUMMARY_CHARS = 2000


@dataclass(frozen=True)
class DocumentSource:
    entity: str
    index: str
    load: Callable[[Sequence[int]], dict[int, Document | None]]
    iter_ids: Callable[[int], Iterator[list[int]]]
    # The engine documents of one loaded document (a job: one per office, see `office_documents`)
    # and the delete filters that drop companions a smaller set left behind.
    expand: Callable[[Document], list[Document]] = lambda doc: [doc]
    stale_filters: Callable[[dict[int, Document | None]], list[str]] = lambda loaded: []


SOURCES: dict[str, DocumentSource] = {}
# entity -> function(ids) -> [(entity, id)] of the documents that embed it.
FANOUT: dict[str, Callable[[Sequence[int]], list[tuple[str, int]]]] = {}


def register_source(source: DocumentSource) -> None:
    SOURCES[source.entity] = source


def source_for_index(index: str) -> DocumentSource:
    return next(s for s in SOURCES.values() if s.index == index)


def rebuild_batches(index: str, batch_size: int) -> Iterator[list[Document]]:
    """The engine documents of a full rebuild of `index`, batch by batch: every row that may
    be indexed, read in bulk (`rows.py`) and expanded as the worker expands it. What
    `sync.reindex` sends; the read transaction ends between batches."""
    source = source_for_index(index)
    for ids in source.iter_ids(batch_size):
        with rows.collector_paused():
            docs = [e for d in source.load(ids).values() if d is not None for e in source.expand(d)]
        db.session.commit()
        if docs:
            yield docs


def _batched_ids(query: sa.Select[int], batch_size: int) -> Iterator[list[int]]:
    """Ids from `query` (a select of one id column) in ascending batches (keyset pagination)."""
    column = query.selected_columns[0]
    last = 0
    while True:
        ids = list(
            db.session.scalars(query.where(column > last).order_by(column).limit(batch_size))
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


# --- jobs ----------------------------------------------------------------------------------


def job_is_public(job: Any, now: datetime | None = None) -> bool:
    """Published and unexpired (`Job.is_public`): the only jobs indexed."""
    return bool(job.is_public(now or utcnow()))


def job_document(job: Job, now: datetime | None = None) -> Document | None:
    """The search document of an ORM job, or None when it must not be searchable."""
    now = now or utcnow()
    if not job_is_public(job, now):
        return None
    return build_job_document(job, job.organization, job.offices, now)


def build_job_document(
    job: Row, organization: Row | None, offices: Sequence[Row], now: datetime
) -> Document:
    """The search document of a public job, from its row (a `rows.JOB_COLUMNS` row or the ORM
    job), its organization's and its offices' (in order): the one definition of a job
    document, whichever way the rows were read."""
    org = organization
    groups = [[c.strip().upper() for c in g if c and c.strip()] for g in job.required_credentials]
    groups = [g for g in groups if g]
    required = sorted({c for g in groups for c in g})
    preferred = sorted({c.strip().upper() for c in job.preferred_credentials if c and c.strip()})
    remote = job.work_mode == "remote"
    points = [] if remote else [g for o in offices if (g := point(o.lat, o.lng))]
    geo = points[0] if points else None
    first = offices[0] if offices else None
    windows = () if job.schedule_flexible else tuple(tuple(w) for w in job.shift_windows or ())
    shift_hours, shift_values = _shift_facts(windows, job.timezone or "UTC", now.date())
    hours = job.hours_max if job.hours_max is not None else job.hours_min
    if hours is None and shift_hours is not None:
        hours = shift_hours
    pay_top = job.pay_max if job.pay_max is not None else job.pay_min
    doc: Document = {
        "id": job.id,
        "job_id": job.id,
        "office_slot": 0,
        "title": plain_text(job.title),
        "description": plain_text(Job.text_of(job.description), DESCRIPTION_CHARS),
        "role_types": [job.role_type] if job.role_type else [],
        "role_names": labels(taxonomy.ROLE_TYPES, [job.role_type]),
        "organization_id": job.organization_id,
        "organization_name": plain_text(org.name) if org else "",
        "organization_verified": bool(org and org.is_verified),
        "credentials": sorted(set(required) | set(preferred)),
        "required_credentials": required,
        "required_groups": ["|".join(g) for g in groups],
        "preferred_credentials": preferred,
        "specialties": list(job.specialties),
        "specialty_names": labels(taxonomy.SPECIALTIES, job.specialties),
        "code_sets": list(job.code_sets),
        "code_set_names": labels(taxonomy.CODE_SETS, job.code_sets),
        "systems": list(job.systems),
        "system_names": labels(taxonomy.SYSTEMS, job.systems),
        "min_years": job.min_years or 0,
        "new_graduates_welcome": bool(job.new_graduates_welcome),
        "training_provided": bool(job.training_provided),
        "work_mode": job.work_mode,
        "work_mode_names": [job.work_mode, taxonomy.label(taxonomy.WORK_MODES, job.work_mode)],
        "employment_type": job.employment_type,
        "employment_type_name": taxonomy.label(taxonomy.EMPLOYMENT_TYPES, job.employment_type),
        "applicant_countries": sorted(
            {c.upper() for c in job.applicant_countries}
            | {r.split("-", 1)[0].upper() for r in job.applicant_regions}
        ),
        "applicant_regions": sorted(r.upper() for r in job.applicant_regions),
        "country": first.country if first else (org.country if org else None),
        "office_countries": sorted({o.country for o in offices if o.country}),
        "city": plain_text(first.city) if first and not remote else "",
        "office_cities": [plain_text(o.city) for o in offices] if not remote else [],
        "office_regions": sorted({f"{o.country}-{o.region}" for o in offices if o.region}),
        "office_points": points,
        "timezone": job.timezone,
        "flexible_hours": not windows,
        "shift_hours": round(shift_hours, 1) if shift_hours is not None else None,
        "hours_min": job.hours_min,
        "hours_max": job.hours_max,
        "hours_needed": job.hours_min or 0,
        "hours_band": hours_band(hours),
        "pay_currency": job.pay_currency,
        "pay_period": job.pay_period,
        "pay_min": number(job.pay_min),
        "pay_max": number(job.pay_max),
        "pay_hourly_min": hourly(job.pay_min, job.pay_period),
        "pay_hourly_max": hourly(pay_top, job.pay_period),
        "pay_tags": pay_tags(pay_top, job.pay_currency, job.pay_period),
        "published_at": unix(job.published_at),
        # No closing date is stored as "never", so `expires_at > now` needs no OR.
        "expires_at": unix(job.expires_at) if job.expires_at else NEVER,
        "has_location": geo is not None,
        "document_version": DOCUMENT_VERSION,
        "match_facts": job_facts_to_json(Job.facts_of(job, offices)),
    }
    for key, values in shift_values.items():  # copies: the cached lists stay untouched
        doc[key] = [list(v) for v in values] if key == "shift_windows" else list(values)
    if geo is not None:
        doc["_geo"] = geo
    return doc


@lru_cache(maxsize=2048)
def _shift_facts(
    windows: tuple[tuple[int, ...], ...], tz: str, week_of: date
) -> tuple[float | None, dict[str, Any]]:
    """Weekly hours (None without fixed shifts) and `when.shift_fields` of a job's shifts.
    Cached: many jobs share a schedule, and the fields change only with the week. The lists
    are copied into each document (`build_job_document`), never shared."""
    shift = Job.ranges_of([list(w) for w in windows])
    return (weekly_hours(shift) if shift else None), shift_fields(shift, tz, week_of)


def job_facts(hit: Document) -> JobFacts | None:
    """The matching facts of a job's hit (`Job.facts()` when it was indexed), or None for a
    document of an older shape."""
    if hit.get("document_version") != DOCUMENT_VERSION:
        return None
    return job_facts_from_json(hit["match_facts"])


def office_documents(doc: Document) -> list[Document]:
    """One engine document per located office: `_geo` holds a single point, so a job's further
    offices get companion documents ("12-1", "12-2") that differ only in `_geo` and
    `office_slot`. Searches without a distance read `office_slot = 0` only; searches with one
    fold a job's documents into one hit (`distinct: job_id`, see `job_search._query`), the
    nearest office when sorting by distance."""
    extra = doc.get("office_points", [])[1:]
    return [doc] + [
        {**doc, "id": f"{doc['id']}-{slot}", "office_slot": slot, "_geo": point}
        for slot, point in enumerate(extra, start=1)
    ]


def stale_office_filters(loaded: dict[int, Document | None]) -> list[str]:
    """Delete filters for companions a job no longer has (fewer offices, gone remote, deleted):
    one filter per office count, `job_id IN [...] AND office_slot >= count`."""
    by_count: dict[int, list[int]] = {}
    for job_id, doc in loaded.items():
        count = len(office_documents(doc)) if doc is not None else 1
        by_count.setdefault(count, []).append(job_id)
    return [
        f"job_id IN [{', '.join(str(i) for i in sorted(ids))}] AND office_slot >= {count}"
        for count, ids in sorted(by_count.items())
    ]


def load_jobs(ids: Sequence[int]) -> dict[int, Document | None]:
    """Documents of the jobs `ids` (None: absent or not public), from rows read in bulk."""
    now = utcnow()
    found = {
        r.job.id: build_job_document(r.job, r.organization, r.offices, now)
        for r in rows.public_jobs(ids, now)
    }
    return {i: found.get(i) for i in ids}


def iter_job_ids(batch_size: int) -> Iterator[list[int]]:
    return _batched_ids(sa.select(Job.id).where(Job.public_clause()), batch_size)


def organization_jobs(ids: Sequence[int]) -> list[tuple[str, int]]:
    job_ids = db.session.scalars(sa.select(Job.id).where(Job.organization_id.in_(list(ids))))
    return [("job", i) for i in job_ids]


# --- profiles ------------------------------------------------------------------------------


def profile_is_searchable(profile: Any) -> bool:
    """Open to work and visible to employers (`Profile.is_searchable`), and its
    owner's account not disabled."""
    user = profile.user
    return profile.is_searchable() and user is not None and user.disabled_at is None


def _weekly_availability(slots: Sequence[Row]) -> float | None:
    """Hours a week the slots cover (None without slots)."""
    return _weekly_hours(tuple((s.day, s.start_minute, s.end_minute) for s in slots))


@lru_cache(maxsize=4096)
def _weekly_hours(slots: tuple[tuple[int, int, int], ...]) -> float | None:
    """Cached: seekers share weekly grids (weekdays nine to five, evenings, ...)."""
    return weekly_hours([TimeRange(*slot) for slot in slots]) if slots else None


def usable_hours(weekly: float | None, hours_max: int | None) -> float:
    """Hours a week the seeker can give at most: their weekly slots (`weekly`, or, without
    slots, the most they want), capped by the most they want. A job needing more is out of
    reach; this is what matching counts when a job has no fixed shift."""
    usable = weekly if weekly is not None else float(hours_max or 0)
    if hours_max is not None:
        usable = min(usable, float(hours_max))
    return round(usable, 1)


def profile_document_hours(profile: Profile) -> float:
    """`usable_hours` of an ORM profile."""
    return usable_hours(_weekly_availability(profile.availability), profile.hours_max)


def profile_document(profile: Profile, today: date | None = None) -> Document | None:
    """The search document of an ORM profile, or None when employers must not find it."""
    if not profile_is_searchable(profile):
        return None
    school = profile.school
    return build_profile_document(
        profile,
        profile.user.name,
        school.name if school else None,
        profile.credentials,
        profile.availability,
        today or utcnow().date(),
    )


def _held_credentials(
    credentials: Sequence[Row], today: date
) -> tuple[dict[str, int], set[str], bool]:
    """Codes held on `today` with the day each runs until, the verified ones, and whether a
    school verified any of them."""
    held: dict[str, int] = {}
    verified: set[str] = set()
    school_verified = False
    for cred in credentials:
        code = (cred.kind or "").strip().upper()
        if not code or code == "OTHER" or Credential.expired_on(cred.expires_on, today):
            continue
        until = day_number(cred.expires_on) or NO_EXPIRY
        held[code] = max(held.get(code, 0), until)
        if cred.is_verified:
            verified.add(code)
            school_verified = school_verified or cred.verified_by_school_id is not None
    return held, verified, school_verified


def build_profile_document(
    profile: Row,
    user_name: str,
    school_name: str | None,
    credentials: Sequence[Row],
    slots: Sequence[Row],
    today: date,
) -> Document:
    """The search document of a searchable profile, from its row (a `rows.PROFILE_COLUMNS`
    row or the ORM profile), its owner's name, its school's name, its credentials (with
    `is_verified`) and its weekly slots: the one definition of a profile document."""
    held, verified, school_verified = _held_credentials(credentials, today)
    weekly = _weekly_availability(slots)
    ask = profile.pay_min if profile.pay_min is not None else profile.pay_max
    geo = point(profile.lat, profile.lng, PROFILE_GEO_DECIMALS)
    doc: Document = {
        "id": profile.id,
        "headline": plain_text(profile.headline),
        "summary": plain_text(profile.summary, SUMMARY_CHARS),
        "role_types": list(profile.role_types),
        "role_names": labels(taxonomy.ROLE_TYPES, profile.role_types),
        "years_experience": profile.years_experience or 0,
        "new_graduate": bool(profile.new_graduate),
        "specialties": list(profile.specialties),
        "specialty_names": labels(taxonomy.SPECIALTIES, profile.specialties),
        "code_sets": list(profile.code_sets),
        "code_set_names": labels(taxonomy.CODE_SETS, profile.code_sets),
        "systems": list(profile.systems),
        "system_names": labels(taxonomy.SYSTEMS, profile.systems),
        "languages": list(profile.languages),
        "credentials_held": sorted(held),
        "credentials_verified": sorted(verified),
        "has_verified": bool(verified),
        "school_verified": school_verified,
        # Filter "held and unexpired on day D" as `cred_until.CPC >= D` (flat: one number per
        # code, so no array-of-objects false positives). Hyphens become underscores.
        "cred_until": {code.replace("-", "_"): until for code, until in sorted(held.items())},
        "work_modes": list(profile.work_modes),
        "employment_types": list(profile.employment_types),
        "timezone": profile.timezone,
        "hours_min": profile.hours_min,
        "hours_max": profile.hours_max,
        "weekly_hours": round(weekly, 1) if weekly is not None else None,
        "usable_hours": usable_hours(weekly, profile.hours_max),
        "hours_band": hours_band(profile.hours_max if profile.hours_max is not None else weekly),
        "available_from": day_number(profile.available_from),
        "country": profile.country,
        "region": profile.region,
        "region_name": taxonomy.region_name(profile.country, profile.region),
        "travel_km": profile.travel_km,
        "willing_to_relocate": bool(profile.willing_to_relocate),
        "school_id": profile.school_id,
        "school_name": plain_text(school_name) if school_name is not None else "",
        "pay_currency": profile.currency,
        "pay_period": profile.pay_period,
        "pay_min": number(ask),
        "pay_hourly_min": hourly(ask, profile.pay_period),
        "anonymous": bool(profile.anonymous),
        "has_location": geo is not None,
        "updated_at": unix(profile.updated_at),
        "document_version": DOCUMENT_VERSION,
        "match_facts": candidate_facts_to_json(Profile.facts_of(profile, credentials, slots)),
    }
    if not profile.anonymous:
        doc["name"] = plain_text(user_name)
    if geo is not None:
        doc["_geo"] = geo
    return doc


def candidate_facts(hit: Document) -> CandidateFacts | None:
    """The matching facts of a profile's hit (`Profile.facts()` when it was indexed), or None
    for a document of an older shape."""
    if hit.get("document_version") != DOCUMENT_VERSION:
        return None
    return candidate_facts_from_json(hit["match_facts"])


def load_profiles(ids: Sequence[int]) -> dict[int, Document | None]:
    """Documents of the profiles `ids` (None: absent or not searchable), from rows read in
    bulk."""
    today = utcnow().date()
    found = {
        r.profile.id: build_profile_document(
            r.profile, r.profile.user_name, r.school_name, r.credentials, r.slots, today
        )
        for r in rows.searchable_profiles(ids)
    }
    return {i: found.get(i) for i in ids}


def iter_profile_ids(batch_size: int) -> Iterator[list[int]]:
    return _batched_ids(sa.select(Profile.id).where(Profile.searchable_clause()), batch_size)


def user_profiles(ids: Sequence[int]) -> list[tuple[str, int]]:
    rows = db.session.scalars(sa.select(Profile.id).where(Profile.user_id.in_(list(ids))))
    return [("profile", i) for i in rows]


def school_profiles(ids: Sequence[int]) -> list[tuple[str, int]]:
    """Profiles that name the school, and those with a credential it verified (whether that
    counts follows the school's own verification)."""
    named = sa.select(Profile.id).where(Profile.school_id.in_(list(ids)))
    vouched = sa.select(Credential.profile_id).where(
        Credential.verified_by_school_id.in_(list(ids))
    )
    rows = db.session.scalars(sa.union(named, vouched))
    return [("profile", i) for i in rows]


register_source(
    DocumentSource("job", "jobs", load_jobs, iter_job_ids, office_documents, stale_office_filters)
)
register_source(DocumentSource("profile", "profiles", load_profiles, iter_profile_ids))
FANOUT.update(
    organization=organization_jobs,
    user=user_profiles,
    school=school_profiles,
)
