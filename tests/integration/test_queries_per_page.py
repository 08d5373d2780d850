"""No N+1: each main page runs a fixed number of SQL statements, whatever the data.

The bounds hold with enough rows that a per-row query would blow them (20 search hits, 25 best
candidates, six job cards, a pipeline page of applicants). If a change needs more, raise the
bound in the same commit and say why; docs/PERFORMANCE.md lists the measured counts.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.devdata.seed import SEED_PASSWORD, Sizes, seed
from portal.extensions import db
from portal.models import Application, Job, OrganizationMember, User
from portal.search import matches
from tests.fixtures.app import counting

# page -> most statements it may run (measured, in the comment, plus a small margin)
BOUNDS = {
    "home": 2,  # 1: the newest jobs' stamp; a visitor's page is kept for it
    "home, signed in": 6,  # 5: the stamp, the jobs, organizations, offices, the account (its
    # unread count and organization in the same statement, `web.auth_session`)
    "job search": 2,  # 0: the page is built from the engine's documents
    "job page": 2,  # 1: the page's stamp; a visitor's page is kept for it
    "job page, signed in": 12,  # 10 for a seeker: "How you match" reads the profile's rows
    "candidate search": 4,  # 3: the account with its organization, schools, hits with reveals
    "best candidates": 11,  # 10: the account, the job, the membership, its offices, the stored
    # list, the candidates with their credentials and slots (Core), their views, invitations
    "seeker dashboard": 15,  # 14
    "employer dashboard": 12,  # 10: with the applicant counts of the listed jobs (one query)
    "pipeline": 9,  # 7
}


@pytest.fixture
def seeded(app):
    """A few dozen of everything an employer or a seeker sees, indexed."""
    report = seed(Sizes(profiles=200, jobs=30, applications=600, orgs=3), 11)
    public = db.session.scalars(sa.select(Job).where(Job.public_clause())).all()
    # The job with the most candidates to show, and one of its organization's people.
    best_job = max(public, key=lambda job: (len(matches.best_candidates(job).ranked), -job.id))
    employer = db.session.scalar(
        sa.select(User.email)
        .join(OrganizationMember, OrganizationMember.user_id == User.id)
        .where(OrganizationMember.organization_id == best_job.organization_id)
        .order_by(OrganizationMember.id)
        .limit(1)
    )
    busiest = db.session.scalar(
        sa.select(Application.job_id)
        .where(Application.organization_id == best_job.organization_id)
        .group_by(Application.job_id)
        .order_by(sa.func.count().desc(), Application.job_id)
        .limit(1)
    )
    return {
        "employer": employer,
        "seeker": report.accounts["seeker"],
        "job_id": busiest,
        "best_job": best_job.id,
        "public_job": min(job.id for job in public),
    }


def _measure(client, url: str, at_least: int = 0) -> list[str]:
    """Statements of the second request (the first warms per-process caches). `at_least`:
    cards the page must show, so that one query per card could not hide under the bound."""
    assert client.get(url).status_code == 200
    with counting() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    cards = response.get_data(as_text=True).count('class="card ')
    assert cards >= at_least, f"{url} shows {cards} cards, the test needs {at_least}"
    return statements


def _check(name: str, statements: list[str]) -> None:
    listing = "\n".join(" ".join(s.split())[:160] for s in statements)
    assert len(statements) <= BOUNDS[name], (
        f"{name}: {len(statements)} statements (bound {BOUNDS[name]}):\n{listing}"
    )


def test_public_pages(seeded, client):
    _check("home", _measure(client, "/", at_least=6))
    _check("job search", _measure(client, "/jobs?q=coder&mode=remote&credential=CPC"))
    _check("job page", _measure(client, f"/jobs/{seeded['public_job']}"))


def test_employer_pages(seeded, client, auth):
    assert auth.login(seeded["employer"], SEED_PASSWORD).status_code == 302
    _check("candidate search", _measure(client, "/candidates", at_least=15))
    best = f"/employer/jobs/{seeded['best_job']}/candidates"
    _check("best candidates", _measure(client, best, at_least=8))
    _check("employer dashboard", _measure(client, "/dashboard"))
    _check("pipeline", _measure(client, f"/employer/jobs/{seeded['job_id']}/applicants"))


def test_seeker_dashboard(seeded, client, auth):
    assert auth.login(seeded["seeker"], SEED_PASSWORD).status_code == 302
    _check("home, signed in", _measure(client, "/", at_least=6))
    _check("job page, signed in", _measure(client, f"/jobs/{seeded['public_job']}"))
    _check("seeker dashboard", _measure(client, "/dashboard"))


def test_the_counts_do_not_grow_with_the_rows_shown(app, client, auth):
    """Twice the profiles on the candidate page, the same number of statements."""
    report = seed(Sizes(profiles=12, jobs=6, applications=30, orgs=2), 21)
    assert auth.login(report.accounts["employer"], SEED_PASSWORD).status_code == 302
    few = len(_measure(client, "/candidates"))
    seed(Sizes(profiles=60, jobs=6, applications=0, orgs=1), 22)
    many = len(_measure(client, "/candidates"))
    assert many == few
