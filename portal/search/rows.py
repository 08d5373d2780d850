"""The rows search documents (and ranked candidates) are built from, read in bulk with Core.

For a batch of ids: one select of the parent rows (only the columns a document reads, and only
the rows that may be indexed, by the model's own SQL rule), then one select per embedded table
(a job's organization and offices; a profile's credentials, weekly slots and school), grouped by
parent id. No ORM objects are made and nothing is loaded row by row: a full reindex reads a few
statements per 5,000 documents.

The rows carry the attribute names of the models (`job.title`, `office.city`,
`credential.is_verified`), so `documents.build_job_document` and `build_profile_document` read a
row and an ORM object alike: there is one definition of what a document contains, whichever way
its data was read (`tests/integration/test_search_rows.py` holds the two to equality).
"""

from __future__ import annotations

import gc
from collections import defaultdict, namedtuple
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from portal.extensions import db
from portal.matching import CandidateFacts
from portal.models import (
    AvailabilitySlot,
    Credential,
    Job,
    JobOffice,
    Organization,
    Profile,
    School,
    User,
)

Row = Any  # an `sa.Row` read by attribute, or the ORM object with the same attributes

JOB_COLUMNS = (
    Job.id,
    Job.title,
    Job.description,
    Job.role_type,
    Job.organization_id,
    Job.required_credentials,
    Job.preferred_credentials,
    Job.specialties,
    Job.code_sets,
    Job.systems,
    Job.min_years,
    Job.new_graduates_welcome,
    Job.training_provided,
    Job.work_mode,
    Job.employment_type,
    Job.applicant_countries,
    Job.applicant_regions,
    Job.timezone,
    Job.schedule_flexible,
    Job.shift_windows,
    Job.accepts_part_time,
    Job.hours_min,
    Job.hours_max,
    Job.pay_min,
    Job.pay_max,
    Job.pay_currency,
    Job.pay_period,
    Job.published_at,
    Job.expires_at,
)
ORGANIZATION_COLUMNS = (
    Organization.id,
    Organization.name,
    Organization.country,
    Organization.verified_clause().label("is_verified"),
)
OFFICE_COLUMNS = (
    JobOffice.job_id,
    JobOffice.city,
    JobOffice.region,
    JobOffice.country,
    JobOffice.lat,
    JobOffice.lng,
)
PROFILE_COLUMNS = (
    Profile.id,
    Profile.headline,
    Profile.summary,
    Profile.role_types,
    Profile.years_experience,
    Profile.new_graduate,
    Profile.specialties,
    Profile.code_sets,
    Profile.systems,
    Profile.languages,
    Profile.work_modes,
    Profile.employment_types,
    Profile.timezone,
    Profile.hours_min,
    Profile.hours_max,
    Profile.available_from,
    Profile.country,
    Profile.region,
    Profile.lat,
    Profile.lng,
    Profile.travel_km,
    Profile.willing_to_relocate,
    Profile.school_id,
    Profile.currency,
    Profile.pay_period,
    Profile.pay_min,
    Profile.pay_max,
    Profile.anonymous,
    Profile.updated_at,
    User.name.label("user_name"),
)
CREDENTIAL_COLUMNS = (
    Credential.profile_id,
    Credential.kind,
    Credential.expires_on,
    Credential.verified_by_school_id,
    Credential.verified_clause().label("is_verified"),
)
SLOT_COLUMNS = (
    AvailabilitySlot.profile_id,
    AvailabilitySlot.day,
    AvailabilitySlot.start_minute,
    AvailabilitySlot.end_minute,
)
# What `Profile.facts_of` reads of a profile, and the headline a card shows.
CANDIDATE_COLUMNS = (
    Profile.id,
    Profile.headline,
    Profile.specialties,
    Profile.code_sets,
    Profile.systems,
    Profile.years_experience,
    Profile.new_graduate,
    Profile.timezone,
    Profile.hours_min,
    Profile.hours_max,
    Profile.work_modes,
    Profile.employment_types,
    Profile.lat,
    Profile.lng,
    Profile.travel_km,
    Profile.willing_to_relocate,
    Profile.country,
    Profile.region,
    Profile.currency,
    Profile.pay_period,
    Profile.pay_min,
    Profile.pay_max,
)


@dataclass
class JobRows:
    """A public job's row, its organization's (None if gone) and its offices' in order."""

    job: Row
    organization: Row | None
    offices: list[Row] = field(default_factory=list)


@dataclass
class ProfileRows:
    """A searchable profile's row (with `user_name`), its school's name, its credentials (by
    id) and weekly slots (by day and start)."""

    profile: Row
    school_name: str | None
    credentials: list[Row] = field(default_factory=list)
    slots: list[Row] = field(default_factory=list)


@dataclass
class CandidateRows:
    """A searchable profile as matching reads it (`CANDIDATE_COLUMNS`), whether an organization
    may see who the seeker is (`Profile.identity_known_clause`), its credentials (by id) and
    weekly slots (by day and start)."""

    profile: Row
    identity_known: bool
    credentials: list[Row] = field(default_factory=list)
    slots: list[Row] = field(default_factory=list)

    @property
    def id(self) -> int:
        ident: int = self.profile.id
        return ident

    def facts(self) -> CandidateFacts:
        """What matching needs to know (`Profile.facts_of`, the ORM's own definition)."""
        return Profile.facts_of(self.profile, self.credentials, self.slots)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while one batch is read and built. A batch is hundreds
    of thousands of small objects that stay alive until it is sent, and the collector would
    scan the growing batch again and again (a third of the CPU of building profiles); what
    little cyclic garbage there is goes at the next collection after the batch."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _records(statement: sa.Executable, values: dict[str, Any] | None = None) -> list[Row]:
    """Run a select as Core (plain rows, none of the ORM's per-row work) on the session's
    connection, so it reads inside the session's transaction; the rows as named tuples.

    A builder reads some fifty attributes per document, and reading one from an `sa.Row` costs
    about a microsecond (a lookup by name each time), from a named tuple a twentieth of that:
    a quarter of a reindex's CPU time, for the price of one tuple per row."""
    result = db.session.connection().execute(statement, values)
    make = _record_type(tuple(result.keys()))._make
    return [make(row) for row in result.all()]


@lru_cache(maxsize=32)
def _record_type(fields: tuple[str, ...]) -> Any:
    """One named tuple class per column list (a handful: the selects below)."""
    return namedtuple("Record", fields)


def _grouped(
    statement: sa.Executable, key: str, values: dict[str, Any] | None = None
) -> dict[int, list[Row]]:
    groups: dict[int, list[Row]] = defaultdict(list)
    for row in _records(statement, values):
        groups[getattr(row, key)].append(row)
    return groups


def public_jobs(ids: Sequence[int], now: datetime) -> list[JobRows]:
    """The public jobs among `ids` (`Job.public_clause`), in id order, with what they embed."""
    db.session.flush()  # what the session changed is what the documents show
    jobs = _records(
        sa.select(*JOB_COLUMNS)
        .where(Job.id.in_(list(ids)), Job.public_clause(now))
        .order_by(Job.id)
    )
    if not jobs:
        return []
    found = [job.id for job in jobs]
    org_ids = sorted({job.organization_id for job in jobs})
    organizations = {
        org.id: org
        for org in _records(sa.select(*ORGANIZATION_COLUMNS).where(Organization.id.in_(org_ids)))
    }
    offices = _grouped(
        sa.select(*OFFICE_COLUMNS)
        .where(JobOffice.job_id.in_(found))
        .order_by(JobOffice.job_id, JobOffice.position, JobOffice.id),
        "job_id",
    )
    return [
        JobRows(job, organizations.get(job.organization_id), offices.get(job.id, []))
        for job in jobs
    ]


def searchable_profiles(ids: Sequence[int]) -> list[ProfileRows]:
    """The searchable profiles among `ids` (`Profile.searchable_clause`), in id order."""
    db.session.flush()
    profiles = _records(
        sa.select(*PROFILE_COLUMNS)
        .join(User, User.id == Profile.user_id)
        .where(Profile.id.in_(list(ids)), Profile.searchable_clause())
        .order_by(Profile.id)
    )
    if not profiles:
        return []
    found = [profile.id for profile in profiles]
    school_ids = sorted({p.school_id for p in profiles if p.school_id is not None})
    schools: dict[int, str] = {}
    if school_ids:
        query = sa.select(School.id, School.name).where(School.id.in_(school_ids))
        schools = {school.id: school.name for school in _records(query)}
    credentials = _grouped(
        sa.select(*CREDENTIAL_COLUMNS)
        .where(Credential.profile_id.in_(found))
        .order_by(Credential.profile_id, Credential.id),
        "profile_id",
    )
    slots = _grouped(
        sa.select(*SLOT_COLUMNS)
        .where(AvailabilitySlot.profile_id.in_(found))
        .order_by(AvailabilitySlot.profile_id, AvailabilitySlot.day, AvailabilitySlot.start_minute),
        "profile_id",
    )
    return [
        ProfileRows(
            profile,
            schools.get(profile.school_id) if profile.school_id is not None else None,
            credentials.get(profile.id, []),
            slots.get(profile.id, []),
        )
        for profile in profiles
    ]


def searchable_candidates(ids: Sequence[int], organization_id: int) -> dict[int, CandidateRows]:
    """The searchable profiles among `ids` as `organization_id` ranks them (best candidates):
    three statements whatever their number, no ORM object, no private column."""
    db.session.flush()
    profiles_select, credentials_select, slots_select = _candidate_selects()
    profiles = _records(profiles_select, {"ids": list(ids), "organization_id": organization_id})
    if not profiles:
        return {}
    found = {"ids": [profile.id for profile in profiles]}
    credentials = _grouped(credentials_select, "profile_id", found)
    slots = _grouped(slots_select, "profile_id", found)
    return {
        profile.id: CandidateRows(
            profile,
            bool(profile.identity_known),
            credentials.get(profile.id, []),
            slots.get(profile.id, []),
        )
        for profile in profiles
    }


@lru_cache(maxsize=1)
def _candidate_selects() -> tuple[sa.Executable, sa.Executable, sa.Executable]:
    """`searchable_candidates`' statements, built once: building them cost more than running
    them (a page of best candidates runs them on every view)."""
    ids: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
    known = Profile.identity_known_clause(sa.bindparam("organization_id"))
    profiles = sa.select(*CANDIDATE_COLUMNS, known.label("identity_known")).where(
        Profile.id.in_(ids), Profile.searchable_clause()
    )
    credentials = (
        sa.select(*CREDENTIAL_COLUMNS)
        .where(Credential.profile_id.in_(ids))
        .order_by(Credential.profile_id, Credential.id)
    )
    slots = (
        sa.select(*SLOT_COLUMNS)
        .where(AvailabilitySlot.profile_id.in_(ids))
        .order_by(AvailabilitySlot.profile_id, AvailabilitySlot.day, AvailabilitySlot.start_minute)
    )
    return profiles, credentials, slots
