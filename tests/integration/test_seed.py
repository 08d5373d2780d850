"""`flask seed`: realistic rows in bulk, the same rows for the same seed, indexed once without
outbox rows, and never in production."""

from __future__ import annotations

import sys
import tracemalloc
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from portal import places, taxonomy
from portal.devdata.seed import PAY, SEED_PASSWORD, SeedRefused, Sizes, seed
from portal.devdata.seed.bulk import CHUNK
from portal.devdata.seed.state import Seeker, Seekers
from portal.extensions import db
from portal.matching import TimeRange, validate_ranges
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
    SearchOutbox,
    User,
)
from tests.fixtures.app import clean_tables

NOW = datetime(2026, 11, 26, 9, 30)
SMALL = ["--profiles", "40", "--jobs", "20", "--applications", "200", "--orgs", "5"]


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _snapshot() -> dict[str, list]:
    """Every seeded row except what is random on purpose (password hashes, session tokens)."""
    tables = (User, Organization, Profile, Credential, AvailabilitySlot, Job, JobOffice,
              Application, ApplicationEvent, ProfileReveal)  # fmt: skip
    out = {}
    for model in tables:
        random_ = ("password_hash", "session_token")
        columns = [c for c in model.__table__.columns if c.name not in random_]
        rows = db.session.execute(sa.select(*columns).order_by(model.__table__.c.id)).all()
        out[model.__tablename__] = [tuple(row) for row in rows]
    return out


def test_the_same_seed_gives_the_same_rows(app):
    sizes = Sizes(profiles=60, jobs=30, applications=300, orgs=6)
    seed(sizes, 7, index=False, now=NOW)
    first = _snapshot()
    clean_tables()
    seed(sizes, 7, index=False, now=NOW)
    assert _snapshot() == first
    clean_tables()
    seed(sizes, 8, index=False, now=NOW)
    assert _snapshot()["profiles"] != first["profiles"]


def test_flask_seed_loads_the_sizes_asked_for_and_indexes_them_once(app, runner):
    from portal.search.client import write_client
    from portal.search.settings import index_uid

    result = runner.invoke(args=["seed", *SMALL, "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Every password" in result.output

    assert _count(Profile) == 40
    assert _count(Organization) == 5
    assert _count(Job, Job.public_clause()) == 20  # --jobs counts open jobs
    assert _count(Job) == 22  # and a tenth more that are closed, filled, expired or drafts
    assert _count(Application) == 200
    assert _count(ApplicationEvent) >= 200
    # Bulk inserts write no outbox rows: the one reindex at the end put everything in.
    assert _count(SearchOutbox) == 0
    client = write_client()
    searchable = _count(Profile, Profile.visibility == "employers", Profile.open_to_work.is_(True))
    jobs = client.index(index_uid("jobs"))
    # One document per job, plus one per further office of a multi-office job.
    assert jobs.search("", {"filter": "office_slot = 0", "hitsPerPage": 0})["totalHits"] == 20
    assert jobs.get_stats().number_of_documents >= 20
    assert client.index(index_uid("profiles")).get_stats().number_of_documents == searchable


def test_seeded_accounts_log_in_with_the_seed_password(app, runner, client, auth):
    assert runner.invoke(args=["seed", *SMALL, "--no-index"]).exit_code == 0
    employer = db.session.scalar(sa.select(User.email).where(User.role == "employer").limit(1))
    seeker = db.session.scalar(sa.select(User.email).where(User.role == "seeker").limit(1))
    for email in (employer, seeker):
        assert auth.login(email, SEED_PASSWORD).status_code == 302
        assert client.get("/dashboard").status_code == 200
        auth.logout()


def test_seeding_adds_to_existing_rows_without_clashing(app, runner):
    assert runner.invoke(args=["seed", *SMALL, "--no-index"]).exit_code == 0
    assert runner.invoke(args=["seed", *SMALL, "--no-index", "--seed", "2"]).exit_code == 0
    assert _count(Profile) == 80
    assert _count(Application) == 400


def test_profiles_are_in_the_database_chunk_by_chunk(app):
    """A million profiles are never held in memory: each chunk is written (`COPY` on
    PostgreSQL) before the next one is built."""
    written: list[int] = []

    def progress(phase: str, _n: int) -> None:
        if phase == "profiles":
            written.append(_count(Profile))

    sizes = Sizes(profiles=CHUNK + 1, jobs=0, applications=0, orgs=1)
    seed(sizes, index=False, progress=progress, now=NOW)
    assert written == [CHUNK, CHUNK + 1]


def test_what_a_seed_keeps_of_each_seeker_takes_a_few_bytes():
    """The applications phase needs every seeker's ids, market and track: kept in columns, a
    million take megabytes (as objects they took 176 bytes each; their rows, kilobytes)."""
    tracemalloc.start()
    try:
        seekers = Seekers()
        for n in range(100_000):
            seekers.append(Seeker(1_000_000 + n, 2_000_000 + n, ("US", "IN")[n % 2], "pro_fee"))
        per_seeker = tracemalloc.get_traced_memory()[0] / len(seekers)
    finally:
        tracemalloc.stop()
    assert per_seeker < 40
    assert len(seekers) == 100_000
    assert seekers[1] == Seeker(1_000_001, 2_000_001, "IN", "pro_fee")
    assert list(seekers)[-1] == Seeker(1_099_999, 2_099_999, "IN", "pro_fee")


@pytest.mark.parametrize("db_backend", ["postgresql"])  # SQLite has no statement timeout
def test_a_seed_runs_without_the_statement_timeout_and_only_the_seed(app):
    """The statement timeout (15 s) protects pages; a seed at a million profiles has statements
    that take longer (its ANALYZE, the pick of the accounts to log in as), so each of its
    transactions lifts the limit for itself, and the next one outside it has it again."""

    def timeout() -> str:
        return db.session.scalar(sa.text("SHOW statement_timeout"))

    limit = timeout()
    db.session.commit()
    assert limit == f"{app.config['DATABASE_STATEMENT_TIMEOUT']}s"
    seen: list[str] = []
    sizes = Sizes(profiles=40, jobs=20, applications=100, orgs=5)
    seed(sizes, index=False, now=NOW, progress=lambda _phase, _n: seen.append(timeout()))
    assert len(seen) >= 5 and set(seen) == {"0"}
    db.session.commit()
    assert timeout() == limit


def test_refuses_to_run_in_production(app, runner, monkeypatch):
    app.config["PORTAL_ENV"] = "production"
    result = runner.invoke(args=["seed", *SMALL])
    assert result.exit_code != 0
    assert "Refusing" in result.output
    assert _count(User) == 0
    with pytest.raises(SeedRefused):
        seed(Sizes(profiles=1, jobs=1, applications=0, orgs=1), index=False)


def test_without_faker_seeding_says_how_to_install_it(app, runner, monkeypatch):
    monkeypatch.setitem(sys.modules, "faker", None)  # as if the devdata extra were left out
    result = runner.invoke(args=["seed", *SMALL])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: Seeding needs Faker, which production installs leave out: "
        "pip install -e '.[devdata]'."
    ]
    assert _count(User) == 0
    with pytest.raises(SeedRefused):
        seed(Sizes(profiles=1, jobs=1, applications=0, orgs=1), index=False)


CURRENCY = {country: currency for country, (currency, *_rest) in PAY.items()}


def test_rows_are_consistent_with_the_taxonomy(app):
    seed(Sizes(profiles=400, jobs=200, applications=2000, orgs=20), 5, index=False, now=NOW)
    profiles = db.session.scalars(sa.select(Profile)).all()
    night_shift = 0
    for p in profiles:
        assert set(p.specialties) <= set(taxonomy.SPECIALTIES)
        assert set(p.code_sets) <= set(taxonomy.CODE_SETS)
        assert set(p.systems) <= set(taxonomy.SYSTEMS)
        assert set(p.languages) <= set(taxonomy.LANGUAGES)
        assert set(p.role_types) <= set(taxonomy.ROLE_TYPES)
        assert set(p.work_modes) <= set(taxonomy.WORK_MODES)
        assert set(p.employment_types) <= set(taxonomy.EMPLOYMENT_TYPES)
        assert p.country in taxonomy.COUNTRIES
        if p.country in places.REGIONS:
            assert p.region in places.REGIONS[p.country]
        # A real city: its coordinates and time zone come from the gazetteer.
        place = places.find_city(
            p.country, p.city, p.region if p.country in places.REGIONS else None
        )
        assert place is not None, (p.country, p.city)
        assert (p.lat, p.lng, p.timezone) == (place.lat, place.lng, place.timezone)
        ZoneInfo(p.timezone)
        # Pay in the local currency, in a period people use.
        assert p.currency == CURRENCY[p.country]
        assert p.pay_period in taxonomy.PAY_PERIODS
        assert p.pay_max is None or p.pay_max >= p.pay_min
        ranges = [TimeRange(s.day, s.start_minute, s.end_minute) for s in p.availability]
        assert ranges and not validate_ranges(ranges)
        assert p.hours_min <= p.hours_max
        if p.country == "IN" and any(r.start == 19 * 60 + 30 for r in ranges):
            assert all(r.overnight and r.end == 4 * 60 + 30 for r in ranges)  # US day, IST
            night_shift += 1
        for cred in p.credentials:
            assert cred.kind in taxonomy.CREDENTIALS and cred.kind != "OTHER"
            assert cred.issued_on < cred.expires_on
            if cred.status == "verified":
                assert cred.verified_at and cred.verification_method
    assert night_shift > 0  # Indian coders on the US day

    jobs = db.session.scalars(sa.select(Job)).all()
    for job in jobs:
        codes = {c for group in job.required_credentials for c in group}
        assert codes <= set(taxonomy.CREDENTIALS)
        assert set(job.preferred_credentials) <= set(taxonomy.CREDENTIALS)
        assert set(job.specialties) <= set(taxonomy.SPECIALTIES)
        assert job.work_mode in taxonomy.WORK_MODES
        assert job.employment_type in taxonomy.EMPLOYMENT_TYPES
        ZoneInfo(job.timezone)
        assert job.pay_currency == CURRENCY[job.organization.country]
        assert job.pay_min <= job.pay_max
        if job.work_mode == "remote":
            assert job.applicant_countries
        else:
            assert job.offices and all(o.lat is not None for o in job.offices)
        if job.shift_windows:
            assert not validate_ranges(TimeRange(*w) for w in job.shift_windows)
        if job.status == "published":
            assert job.expires_at > NOW and job.published_at < NOW

    assert _count(Application) == 2000
    pairs = db.session.execute(sa.select(Application.job_id, Application.seeker_id)).all()
    assert len(set(pairs)) == len(pairs)
    wrong_org = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .join(Job, Job.id == Application.job_id)
        .where(Job.organization_id != Application.organization_id)
    )
    assert wrong_org == 0
    first_events = db.session.scalars(
        sa.select(ApplicationEvent).where(ApplicationEvent.from_stage.is_(None))
    ).all()
    assert len(first_events) == 2000 and {e.to_stage for e in first_events} == {"applied"}
    # Each member acts for one organization; every organization has an owner.
    owners = db.session.scalar(sa.select(sa.func.count()).where(OrganizationMember.role == "owner"))
    assert owners == _count(Organization)
