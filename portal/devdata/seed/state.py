"""What every phase of a seed run shares: the sizes asked for, one random generator, the ids
handed out so far, the rows written and what later phases need to know about earlier ones."""

from __future__ import annotations

import importlib.util
import os
import random
import secrets
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from portal.devdata.seed.bulk import bulk_insert, chunks
from portal.devdata.seed.cities import City, cities
from portal.devdata.seed.draw import Names, Weighted
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    AvailabilitySlot,
    Credential,
    Job,
    JobOffice,
    Organization,
    OrganizationMember,
    Profile,
    ProfileReveal,
    School,
    ScreeningQuestion,
    User,
    utcnow,
)
from portal.search.sync import ReindexReport
from portal.security import hash_password
from portal.services import legal

SEED_PASSWORD = "coding is my calling"
# Tables a seed run writes, in insert order (their id sequences are fixed up on PostgreSQL).
TABLES: tuple[type[Any], ...] = (
    User,
    School,
    Organization,
    OrganizationMember,
    Profile,
    Credential,
    AvailabilitySlot,
    Job,
    JobOffice,
    ScreeningQuestion,
    Application,
    ApplicationEvent,
    ProfileReveal,
)
Row = dict[str, Any]
Progress = Callable[[str, int], object]  # (phase, rows done since last call)


class SeedRefused(RuntimeError):
    """Seeding cannot run here: production, or the `devdata` extra (Faker) is not installed."""


def refuse_in_production() -> None:
    env = current_app.config.get("PORTAL_ENV") or os.environ.get("PORTAL_ENV", "")
    if env == "production" or os.environ.get("PORTAL_ENV") == "production":
        raise SeedRefused("Refusing to seed synthetic data with PORTAL_ENV=production.")


def require_faker() -> None:
    """Names come from Faker, an optional extra: say how to install it instead of a traceback."""
    if importlib.util.find_spec("faker") is None:
        raise SeedRefused(
            "Seeding needs Faker, which production installs leave out: pip install -e '.[devdata]'."
        )


@dataclass
class Sizes:
    profiles: int = 1000
    jobs: int = 500
    applications: int = 10_000
    orgs: int = 50
    schools: int | None = None  # default: one per 2,000 profiles, at least 3

    def school_count(self) -> int:
        if self.schools is not None:
            return self.schools
        return max(3, self.profiles // 2000) if self.profiles else 0


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # Per table: seconds spent writing its rows (COPY or executemany), building them apart.
    write_seconds: dict[str, float] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    indexed: ReindexReport | None = None

    @property
    def load_seconds(self) -> float:
        return sum(v for k, v in self.seconds.items() if k != "index")


@dataclass
class OrgInfo:
    id: int
    country: str
    city: City
    kind: str
    name: str
    member_ids: list[int]
    verified: bool


@dataclass(slots=True)
class JobInfo:
    """A published (or once published) job applications can go to."""

    id: int
    org_id: int
    market: str
    published_at: datetime
    status: str
    questions: list[tuple[int, str, bool]]
    track: str


@dataclass(frozen=True)
class Seeker:
    user_id: int
    profile_id: int
    market: str
    track: str


class Seekers:
    """Every seeker made so far, kept for the applications phase in four compact columns
    rather than an object each: at a million profiles the objects alone held ~180 MB until
    the run ended, while the rows themselves are written chunk by chunk."""

    def __init__(self) -> None:
        self._user_ids = array("q")
        self._profile_ids = array("q")
        self._markets = bytearray()  # codes into _names (a handful of markets and tracks)
        self._tracks = bytearray()
        self._names: list[str] = []
        self._codes: dict[str, int] = {}

    def _code(self, name: str) -> int:
        if name not in self._codes:
            self._codes[name] = len(self._names)
            self._names.append(name)
        return self._codes[name]

    def append(self, seeker: Seeker) -> None:
        self._user_ids.append(seeker.user_id)
        self._profile_ids.append(seeker.profile_id)
        self._markets.append(self._code(seeker.market))
        self._tracks.append(self._code(seeker.track))

    def __len__(self) -> int:
        return len(self._user_ids)

    def __getitem__(self, i: int) -> Seeker:
        names = self._names
        return Seeker(
            self._user_ids[i],
            self._profile_ids[i],
            names[self._markets[i]],
            names[self._tracks[i]],
        )

    def __iter__(self) -> Iterator[Seeker]:
        return (self[i] for i in range(len(self)))


def _next_id(model: type[Any]) -> int:
    return int(db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1


class SeedState:
    def __init__(
        self,
        sizes: Sizes,
        seed: int,
        now: datetime | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.sizes = sizes
        self.seed = seed
        self.rng = random.Random(seed)
        # Dates are anchored to today's midnight (UTC), so a seed gives the same rows all day.
        current = now or utcnow()
        self.now = current.replace(hour=0, minute=0, second=0, microsecond=0)
        self.today = self.now.date()
        self.progress: Progress = progress or (lambda phase, n: None)
        self.names = Names(seed)
        self.cities = cities()
        self.city_pick = {
            country: Weighted(items, [c.weight for c in items])
            for country, items in self.cities.items()
        }
        self.password_hash = hash_password(SEED_PASSWORD)
        self.report = SeedReport()
        self.admin_id: int | None = None
        self.schools: dict[str, list[int]] = {}
        self.school_owner: dict[int, int] = {}
        self.orgs: list[OrgInfo] = []
        self.jobs: list[JobInfo] = []
        self.seekers = Seekers()
        self.ids = {model.__tablename__: _next_id(model) for model in TABLES}

    def take(self, model: type[Any], n: int = 1) -> int:
        """The next id of `model`'s table (ids are handed out here, not by the database)."""
        first = self.ids[model.__tablename__]
        self.ids[model.__tablename__] = first + n
        return first

    def insert(self, model: type[Any], rows: list[Row]) -> None:
        if not rows:
            return
        table = model.__table__
        started = time.perf_counter()
        for chunk in chunks(rows):
            bulk_insert(table, chunk)
        spent = time.perf_counter() - started
        report = self.report
        report.counts[table.name] = report.counts.get(table.name, 0) + len(rows)
        report.write_seconds[table.name] = report.write_seconds.get(table.name, 0.0) + spent

    def user(self, user_id: int, name: str, email: str, role: str, created: datetime) -> Row:
        return {
            "id": user_id,
            "email": email,
            "name": name,
            "password_hash": self.password_hash,
            "role": role,
            "session_token": secrets.token_urlsafe(32),
            "email_verified_at": created + timedelta(minutes=7),
            "disabled_at": None,
            "timezone": None,
            "created_at": created,
            "last_login_at": None,
            # Seeded people signed up through the form: they agreed to the terms then.
            "terms_version": legal.current_terms().number,
            "terms_accepted_at": created,
        }

    def past(self, max_days: float, min_days: float = 0.0) -> datetime:
        seconds = self.rng.uniform(min_days * 86400, max_days * 86400)
        return self.now - timedelta(seconds=int(seconds))
