"""A seed run: the phases in order (each timed and committed), then the id sequences and
statistics brought up to date, the accounts worth logging in as picked, and (with `index`) both
search indexes rebuilt once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from portal.devdata.seed import accounts, applications, jobs, people
from portal.devdata.seed.state import (
    TABLES,
    Progress,
    SeedReport,
    SeedState,
    Sizes,
    refuse_in_production,
    require_faker,
)
from portal.extensions import db
from portal.models import Application, Job, OrganizationMember, Profile, User
from portal.search import sync

PHASES: tuple[tuple[str, Callable[[SeedState], None]], ...] = (
    ("accounts", accounts.admin_and_schools),
    ("organizations", accounts.organizations),
    ("profiles", people.profiles),
    ("jobs", jobs.jobs),
    ("applications", applications.applications),
)


def seed(
    sizes: Sizes,
    seed: int = 1,
    *,
    index: bool = True,
    progress: Progress | None = None,
    now: datetime | None = None,
    echo: Callable[[str], object] | None = None,
) -> SeedReport:
    """Load synthetic data, then (with `index`) rebuild both search indexes once."""
    refuse_in_production()
    require_faker()
    with _without_statement_timeout():
        state = SeedState(sizes, seed, now=now, progress=progress)
        for phase, load in PHASES:
            _timed(state, phase, load)
        _timed(state, "finish", _finish)
    report = state.report
    if index:
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


@contextmanager
def _without_statement_timeout() -> Iterator[None]:
    """Every transaction of the load runs without PostgreSQL's statement timeout.

    `DATABASE_STATEMENT_TIMEOUT` (15 s) protects pages, and a seed is an operator's bulk load
    whose whole-database ANALYZE and pick of the accounts to log in as grow with the data (4-6 s
    at 60,000 profiles on a loaded machine): at a million they could be cut short. `SET LOCAL`
    ends with each transaction, so nothing outside the seed (the reindex after it included)
    runs without the limit.
    """
    if db.engine.dialect.name != "postgresql":
        yield
        return
    session = db.session()

    def lift(_session: Any, _transaction: Any, connection: sa.Connection) -> None:
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")

    if session.in_transaction():
        lift(session, None, session.connection())
    sa.event.listen(session, "after_begin", lift)
    try:
        yield
    finally:
        sa.event.remove(session, "after_begin", lift)


def _timed(state: SeedState, phase: str, load: Callable[[SeedState], None]) -> None:
    started = time.perf_counter()
    load(state)
    db.session.commit()
    state.report.seconds[phase] = round(time.perf_counter() - started, 2)


def _finish(state: SeedState) -> None:
    """Ids were handed out by the seeder: PostgreSQL's sequences continue after them."""
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
    db.session.commit()
    _pick_accounts(state)


def _pick_accounts(state: SeedState) -> None:
    """Accounts worth logging in as: the employer of the organization with the most open
    jobs, and a seeker with applications and a searchable profile."""
    org_id = db.session.scalar(
        sa.select(Job.organization_id)
        .where(Job.status == "published")
        .group_by(Job.organization_id)
        .order_by(sa.func.count(Job.id).desc(), Job.organization_id)
        .limit(1)
    )
    if org_id is not None:
        employer = db.session.scalar(
            sa.select(User.email)
            .join(OrganizationMember, OrganizationMember.user_id == User.id)
            .where(OrganizationMember.organization_id == org_id)
            .order_by(OrganizationMember.id)
            .limit(1)
        )
        if employer is not None:
            state.report.accounts["employer"] = employer
    if state.seekers:
        seeker = db.session.scalar(
            sa.select(User.email)
            .join(Application, Application.seeker_id == User.id)
            .join(Profile, Profile.user_id == User.id)
            .where(
                User.id >= state.seekers[0].user_id,
                Profile.visibility == "employers",
                Profile.open_to_work.is_(True),
            )
            .group_by(User.id, User.email)
            .order_by(sa.func.count(Application.id).desc(), User.id)
            .limit(1)
        )
        if seeker:
            state.report.accounts["seeker"] = seeker
