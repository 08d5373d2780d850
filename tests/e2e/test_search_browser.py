"""In a real browser: a seeker narrows the job search to remote CPC jobs (results update without
a reload) and opens the match explanation; an employer opens the best candidates for a job."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD
from tests.integration.test_search_fixtures import (
    NEXT_YEAR,
    make_employer,
    make_job,
    make_org,
    make_profile,
    sync_all,
    weekdays,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/dashboard$"))


def test_seeker_filters_remote_cpc_jobs_and_employer_sees_best_candidates(page, app):
    from playwright.sync_api import expect

    org = make_org("Mercy Valley Hospital")
    employer = make_employer(org)
    job = make_job(
        org,
        "Remote Outpatient Coder",
        required_credentials=[["CPC"]],
        specialties=["outpatient_facility"],
        description="Clinic visits, from home.",
    )
    make_job(org, "Remote Inpatient Coder", required_credentials=[["CCS"]])
    make_job(
        org,
        "Onsite Outpatient Coder",
        work_mode="onsite",
        required_credentials=[["CPC"]],
        offices=[("Austin", "US", 30.2672, -97.7431)],
    )
    seeker = make_profile(
        "Priya Nair",
        credentials=[("CPC", NEXT_YEAR, True)],
        specialties=["outpatient_facility"],
        slots=weekdays(9, 17),
        anonymous=True,
    )
    sync_all()

    log_in(page, seeker.user.email)
    page.goto("/jobs")
    results = page.locator("#search-results")
    assert results.locator(".job-card").count() == 3
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#f-mode-remote").check()
    expect(page.locator("#search-results .job-card")).to_have_count(2)
    page.locator("#f-credential-CPC").check()
    expect(page.locator("#search-results .job-card")).to_have_count(1)
    assert page.evaluate("window.stillTheSamePage === true")  # updated without a reload
    assert page.url.endswith("/jobs?mode=remote&credential=CPC")  # shareable
    card = results.locator(".job-card")
    assert "Remote Outpatient Coder" in card.inner_text()
    page.get_by_role("status").filter(has_text="1 job found").wait_for(state="attached")

    card.get_by_role("link", name=re.compile("How you match")).click()
    page.get_by_role("heading", name=re.compile("How you match")).wait_for()
    assert "Has CPC (required) ✓" in page.content()
    page.get_by_role("columnheader", name="You").wait_for()

    page.get_by_role("button", name="Log out").click()
    log_in(page, employer.email)
    page.get_by_role("link", name="Best candidates for “Remote Outpatient Coder”").click()
    page.get_by_role("heading", name=re.compile("Best candidates for")).wait_for()
    assert page.url.endswith(f"/employer/jobs/{job.id}/candidates")
    candidate = page.locator(".candidate-card").first
    assert f"Candidate {seeker.id}" in candidate.inner_text()  # anonymous: no name
    assert "Priya" not in page.content()
    assert "Meets every requirement" in candidate.inner_text()
    candidate.get_by_role("link", name=re.compile("See the full comparison")).click()
    page.get_by_role("heading", name=re.compile(f"Candidate {seeker.id} for")).wait_for()
    assert "Has CPC (required) ✓" in page.content()
