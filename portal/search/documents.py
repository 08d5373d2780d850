"""Flat search documents, built from the database, and the registry the worker reads them from.

A *document source* knows, for one outbox entity ("job", "profile"), which index it feeds,
how to load current documents for a list of ids (None: the row must be absent from the index)
and how to list every id that may be indexed (for reindex and check). Parent rows whose
fields are copied into documents (an organization's name and badge into its jobs, a user's
name into the profile, a school's name into its graduates' profiles) *fan out*: the worker
turns an outbox row for them into rows for the documents that embed them.

Privacy, by construction: documents are built field by field from an allow-list below. No
e-mail, phone, credential number, résumé, proof file or city/street of a seeker is ever read
here; a seeker's coordinates are rounded to about a kilometre; an anonymous profile carries no
name at all. Hidden, closed, expired and pending items give None and so are deleted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal import taxonomy
from portal.extensions import db
from portal.matching import TimeRange, weekly_hours
from portal.models import utcnow
from portal.search.highlight import strip_control
from portal.search.when import shift_fields

Document = dict[str, Any]
NO_EXPIRY = 99991231
NEVER = 253402300799  # 9999-12-31T23:59:59Z as unix seconds
DESCRIPTION_CHARS = 4000
SUMMARY_CHARS = 2000
# Seeker coordinates are rounded to 2 decimals (about 1.1 km): enough for a commute radius,
# never a house.
PROFILE_GEO_DECIMALS = 2

# "Pay at least" facet: per currency, the period people think in and the thresholds offered.
# A job is tagged "USD:hour:25" when its top of range reaches $25 an hour.
PAY_BANDS: dict[str, tuple[str, tuple[int, ...]]] = {
    "USD": ("hour", (15, 20, 25, 30, 40, 50)),
    "INR": ("month", (15000, 20000, 30000, 50000, 75000)),
    "SAR": ("month", (4000, 6000, 8000, 12000, 16000)),
    "AED": ("month", (4000, 6000, 8000, 12000, 16000)),
    "QAR": ("month", (4000, 6000, 8000, 12000, 16000)),
    "PHP": ("month", (20000, 30000, 40000, 60000)),
    "GBP": ("hour", (12, 15, 20, 25)),
    "CAD": ("hour", (20, 25, 30, 40)),
    "AUD": ("hour", (25, 30, 40, 50)),
}
HOURS_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under_20", 0, 19),
    ("20_29", 20, 29),
    ("30_39", 30, 39),
    ("40_plus", 40, 10_000),
)


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


# --- small helpers -------------------------------------------------------------------------


def unix(value: datetime | None) -> int | None:
    """Naive-UTC datetime as unix seconds."""
    if value is None:
        return None
    return int(value.replace(tzinfo=UTC).timestamp())


def day_number(value: date | None, default: int | None = None) -> int | None:
    """A date as an int like 20270131, comparable in filters."""
    if value is None:
        return default
    return value.year * 10000 + value.month * 100 + value.day


def _number(value: Decimal | float | int | None) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else round(number, 2)


def _labels(mapping: dict, keys: Sequence[str]) -> list[str]:
    return [taxonomy.label(mapping, k) for k in keys if k]


def _hourly(amount: Decimal | float | None, period: str | None) -> float | None:
    if amount is None or not period:
        return None
    hourly = taxonomy.to_hourly(amount, period)
    return None if hourly is None else round(hourly, 4)


def hours_band(hours: int | float | None) -> str | None:
    if hours is None:
        return None
    for key, low, high in HOURS_BANDS:
        if low <= hours <= high:
            return key
    return None


def pay_tags(amount: Decimal | float | None, currency: str | None, period: str | None) -> list[str]:
    """ "USD:hour:25"-style tags for every "pay at least" threshold this amount reaches."""
    if amount is None or not currency or not period or currency not in PAY_BANDS:
        return []
    band_period, thresholds = PAY_BANDS[currency]
    hourly = taxonomy.to_hourly(amount, period)
    hours = taxonomy.HOURS_PER_PERIOD.get(band_period)
    if hourly is None or hours is None:
        return []
    value = hourly * hours
    return [f"{currency}:{band_period}:{t}" for t in thresholds if value + 1e-6 >= t]


def _geo(lat: float | None, lng: float | None, decimals: int | None = None) -> dict | None:
    if lat is None or lng is None:
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or math.isnan(lat) or math.isnan(lng):
        return None
    if decimals is not None:
        lat, lng = round(lat, decimals), round(lng, decimals)
    return {"lat": lat, "lng": lng}


def _text(value: str | None, limit: int = 1000) -> str:
    """Plain text for a document: no control characters (they could forge the highlight
    sentinels, see `highlight.py`), at most `limit` characters, cut at a word."""
    value = strip_control(value or "").strip()
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0]


def _batched_ids(query: sa.Select, batch_size: int) -> Iterator[list[int]]:
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


def job_document(job: Any, now: datetime | None = None) -> Document | None:
    """The search document of a job, or None when it must not be searchable."""
    now = now or utcnow()
    if not job_is_public(job, now):
        return None
    org = job.organization
    groups = [[c.strip().upper() for c in g if c and c.strip()] for g in job.required_credentials]
    groups = [g for g in groups if g]
    required = sorted({c for g in groups for c in g})
    preferred = sorted({c.strip().upper() for c in job.preferred_credentials if c and c.strip()})
    offices = [o for o in job.offices]
    points = [] if job.work_mode == "remote" else [g for o in offices if (g := _geo(o.lat, o.lng))]
    geo = points[0] if points else None
    first = offices[0] if offices else None
    shift = [] if job.schedule_flexible else job.shift_ranges()
    hours = job.hours_max if job.hours_max is not None else job.hours_min
    if hours is None and shift:
        hours = weekly_hours(shift)
    pay_top = job.pay_max if job.pay_max is not None else job.pay_min
    doc: Document = {
        "id": job.id,
        "job_id": job.id,
        "office_slot": 0,
        "title": _text(job.title),
        "description": _text(job.description_text(), DESCRIPTION_CHARS),
        "role_types": [job.role_type] if job.role_type else [],
        "role_names": _labels(taxonomy.ROLE_TYPES, [job.role_type]),
        "organization_id": job.organization_id,
        "organization_name": _text(org.name) if org else "",
        "organization_verified": bool(org and org.is_verified),
        "credentials": sorted(set(required) | set(preferred)),
        "required_credentials": required,
        "required_groups": ["|".join(g) for g in groups],
        "preferred_credentials": preferred,
        "specialties": list(job.specialties),
        "specialty_names": _labels(taxonomy.SPECIALTIES, job.specialties),
        "code_sets": list(job.code_sets),
        "code_set_names": _labels(taxonomy.CODE_SETS, job.code_sets),
        "systems": list(job.systems),
        "system_names": _labels(taxonomy.SYSTEMS, job.systems),
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
        "city": _text(first.city) if first and job.work_mode != "remote" else "",
        "office_cities": [_text(o.city) for o in offices] if job.work_mode != "remote" else [],
        "office_regions": sorted({f"{o.country}-{o.region}" for o in offices if o.region}),
        "office_points": points,
        "timezone": job.timezone,
        "flexible_hours": not shift,
        "shift_hours": round(weekly_hours(shift), 1) if shift else None,
        "hours_min": job.hours_min,
        "hours_max": job.hours_max,
        "hours_needed": job.hours_min or 0,
        "hours_band": hours_band(hours),
        "pay_currency": job.pay_currency,
        "pay_period": job.pay_period,
        "pay_min": _number(job.pay_min),
        "pay_max": _number(job.pay_max),
        "pay_hourly_min": _hourly(job.pay_min, job.pay_period),
        "pay_hourly_max": _hourly(pay_top, job.pay_period),
        "pay_tags": pay_tags(pay_top, job.pay_currency, job.pay_period),
        "published_at": unix(job.published_at),
        # No closing date is stored as "never", so `expires_at > now` needs no OR.
        "expires_at": unix(job.expires_at) if job.expires_at else NEVER,
        "has_location": geo is not None,
    }
    doc.update(shift_fields(shift, job.timezone or "UTC", now.date()))
    if geo is not None:
        doc["_geo"] = geo
    return doc


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
    from portal.models import Job

    now = utcnow()
    rows = db.session.scalars(
        sa.select(Job)
        .where(Job.id.in_(list(ids)))
        .options(selectinload(Job.organization), selectinload(Job.offices))
    ).all()
    found = {job.id: job_document(job, now) for job in rows}
    return {i: found.get(i) for i in ids}


def iter_job_ids(batch_size: int) -> Iterator[list[int]]:
    from portal.models import Job

    return _batched_ids(sa.select(Job.id).where(Job.public_clause()), batch_size)


def organization_jobs(ids: Sequence[int]) -> list[tuple[str, int]]:
    from portal.models import Job

    job_ids = db.session.scalars(sa.select(Job.id).where(Job.organization_id.in_(list(ids))))
    return [("job", i) for i in job_ids]


# --- profiles ------------------------------------------------------------------------------


def profile_is_searchable(profile: Any) -> bool:
    """Open to work and visible to employers (`Profile.is_searchable`), and its
    owner's account not disabled."""
    user = profile.user
    return profile.is_searchable() and user is not None and user.disabled_at is None


def _weekly_availability(profile: Any) -> float | None:
    slots = [TimeRange(s.day, s.start_minute, s.end_minute) for s in profile.availability]
    return weekly_hours(slots) if slots else None


def profile_document_hours(profile: Any) -> float:
    """Hours a week the seeker can give at most: their weekly slots (or, without slots, the
    most they want), capped by the most they want. A job needing more is out of reach; this
    is what matching counts when a job has no fixed shift."""
    weekly = _weekly_availability(profile)
    usable = weekly if weekly is not None else float(profile.hours_max or 0)
    if profile.hours_max is not None:
        usable = min(usable, float(profile.hours_max))
    return round(usable, 1)


def profile_document(profile: Any, today: date | None = None) -> Document | None:
    """The search document of a seeker's profile, or None when employers must not find it."""
    today = today or utcnow().date()
    if not profile_is_searchable(profile):
        return None
    held: dict[str, int] = {}
    verified: set[str] = set()
    school_verified = False
    for cred in profile.credentials:
        code = (cred.kind or "").strip().upper()
        if not code or code == "OTHER" or not cred.counts_as_held(today):
            continue
        until = day_number(cred.expires_on, NO_EXPIRY)
        held[code] = max(held.get(code, 0), until)
        if cred.is_verified:
            verified.add(code)
            school_verified = school_verified or cred.verified_by_school_id is not None
    weekly = _weekly_availability(profile)
    usable = profile_document_hours(profile)
    school = profile.school
    ask = profile.pay_min if profile.pay_min is not None else profile.pay_max
    geo = _geo(profile.lat, profile.lng, PROFILE_GEO_DECIMALS)
    doc: Document = {
        "id": profile.id,
        "headline": _text(profile.headline),
        "summary": _text(profile.summary, SUMMARY_CHARS),
        "role_types": list(profile.role_types),
        "role_names": _labels(taxonomy.ROLE_TYPES, profile.role_types),
        "years_experience": profile.years_experience or 0,
        "new_graduate": bool(profile.new_graduate),
        "specialties": list(profile.specialties),
        "specialty_names": _labels(taxonomy.SPECIALTIES, profile.specialties),
        "code_sets": list(profile.code_sets),
        "code_set_names": _labels(taxonomy.CODE_SETS, profile.code_sets),
        "systems": list(profile.systems),
        "system_names": _labels(taxonomy.SYSTEMS, profile.systems),
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
        "usable_hours": usable,
        "hours_band": hours_band(profile.hours_max if profile.hours_max is not None else weekly),
        "available_from": day_number(profile.available_from),
        "country": profile.country,
        "region": profile.region,
        "region_name": profile.region_label(),
        "travel_km": profile.travel_km,
        "willing_to_relocate": bool(profile.willing_to_relocate),
        "school_id": profile.school_id,
        "school_name": _text(school.name) if school else "",
        "pay_currency": profile.currency,
        "pay_period": profile.pay_period,
        "pay_min": _number(ask),
        "pay_hourly_min": _hourly(ask, profile.pay_period),
        "anonymous": bool(profile.anonymous),
        "has_location": geo is not None,
        "updated_at": unix(profile.updated_at),
    }
    if not profile.anonymous:
        doc["name"] = _text(profile.user.name) if profile.user else ""
    if geo is not None:
        doc["_geo"] = geo
    return doc


def load_profiles(ids: Sequence[int]) -> dict[int, Document | None]:
    from portal.models import Credential, Profile

    today = utcnow().date()
    rows = db.session.scalars(
        sa.select(Profile)
        .where(Profile.id.in_(list(ids)))
        .options(
            # A school's verification counts only while the school is verified.
            selectinload(Profile.credentials).selectinload(Credential.verified_by_school),
            selectinload(Profile.availability),
            selectinload(Profile.user),
            selectinload(Profile.school),
        )
    ).all()
    found = {p.id: profile_document(p, today) for p in rows}
    return {i: found.get(i) for i in ids}


def iter_profile_ids(batch_size: int) -> Iterator[list[int]]:
    from portal.models import Profile

    return _batched_ids(
        sa.select(Profile.id).where(Profile.visible_to_employers(), Profile.open_to_work.is_(True)),
        batch_size,
    )


def user_profiles(ids: Sequence[int]) -> list[tuple[str, int]]:
    from portal.models import Profile

    rows = db.session.scalars(sa.select(Profile.id).where(Profile.user_id.in_(list(ids))))
    return [("profile", i) for i in rows]


def school_profiles(ids: Sequence[int]) -> list[tuple[str, int]]:
    """Profiles that name the school, and those with a credential it verified (whether that
    counts follows the school's own verification)."""
    from portal.models import Credential, Profile

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
