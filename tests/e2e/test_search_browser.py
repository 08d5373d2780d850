"""In a real browser: a seeker narrows the job search to remote CPC jobs (results update without
a reload) and opens the match explanation; an employer opens the best candidates for a job."""

from __future__ import annotations

import re

import pytest

from portal.models.profile_view import candidate_label
from tests.fixtures.browser import log_out_from_menu
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import NEXT_YEAR, sync_all, weekdays

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

    org = SearchOrganizationFactory(name="Mercy Valley Hospital")
    employer = EmployerFactory(owns=org)
    job = SearchJobFactory(
        organization=org,
        title="Remote Outpatient Coder",
        required_credentials=[["CPC"]],
        specialties=["outpatient_facility"],
        description="Clinic visits, from home.",
    )
    SearchJobFactory(
        organization=org, title="Remote Inpatient Coder", required_credentials=[["CCS"]]
    )
    SearchJobFactory(
        organization=org,
        title="Onsite Outpatient Coder",
        work_mode="onsite",
        required_credentials=[["CPC"]],
        offices=[("Austin", "US", 30.2672, -97.7431)],
    )
    seeker = SearchProfileFactory(
        name="Priya Nair",
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
    # On a phone the filters are folded away: the first job is on the first screen.
    assert page.locator("#f-mode-remote").is_hidden()
    assert results.locator(".job-card").first.bounding_box()["y"] < 844
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_text("Filters", exact=True).click()
    # The filters open as a sheet over the results; the button counts what the boxes find,
    # and the results behind the sheet do not change out of sight.
    sheet = page.locator("details[data-filters]").bounding_box()
    assert sheet["y"] == 0 and sheet["height"] >= 844
    page.locator("#f-mode-remote").check()
    expect(page.get_by_role("button", name="Show 2 jobs")).to_be_visible()
    page.locator("#f-credential-CPC").check()
    expect(page.get_by_role("button", name="Show 1 job")).to_be_visible()
    assert page.locator("#search-results .job-card").count() == 3
    page.get_by_role("button", name="Show 1 job").click()  # folds the sheet away
    expect(page.locator("#search-results .job-card")).to_have_count(1)
    assert page.evaluate("window.stillTheSamePage === true")  # updated without a reload
    expect(page).to_have_url(re.compile(r"/jobs\?mode=remote&credential=CPC$"))  # shareable
    expect(page.locator("#f-mode-remote")).to_be_hidden()
    expect(page.get_by_text("Filters (2 chosen)")).to_be_visible()
    card = results.locator(".job-card")
    assert "Remote Outpatient Coder" in card.inner_text()
    page.get_by_role("status").filter(has_text="1 job found").wait_for(state="attached")

    card.get_by_role("link", name=re.compile("How you match")).click()
    page.get_by_role("heading", name=re.compile("How you match")).wait_for()
    assert "Has CPC (required) ✓" in page.content()
    # On a phone the table reads as one card per requirement, each cell named ("You").
    page.get_by_role("columnheader", name="You").wait_for(state="attached")
    you = page.locator('td[data-label="You"]').first
    assert you.is_visible() and you.bounding_box()["width"] > 300

    log_out_from_menu(page)
    log_in(page, employer.email)
    page.get_by_role("link", name="Best candidates for “Remote Outpatient Coder”").click()
    page.get_by_role("heading", name=re.compile("Best candidates for")).wait_for()
    assert page.url.endswith(f"/employer/jobs/{job.id}/candidates")
    candidate = page.locator(".candidate-card").first
    assert candidate_label(seeker.id) in candidate.inner_text()  # anonymous: no name
    assert "Priya" not in page.content()
    assert "Meets every requirement" in candidate.inner_text()
    candidate.get_by_role("link", name=re.compile("See the full comparison")).click()
    page.get_by_role("heading", name=re.compile(f"{candidate_label(seeker.id)} for")).wait_for()
    assert "Has CPC (required) ✓" in page.content()


def test_filters_sit_beside_the_results_on_a_wide_screen(page, app):
    from playwright.sync_api import expect

    org = SearchOrganizationFactory(name="Mercy Valley Hospital")
    SearchJobFactory(
        organization=org, title="Remote Outpatient Coder", required_credentials=[["CPC"]]
    )
    sync_all()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/jobs")
    expect(page.locator("#f-mode-remote")).to_be_visible()  # opened by search.js
    filters = page.locator("#search-filters").bounding_box()
    results = page.locator("#search-results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - results["y"]) < 40


def test_folded_filters_work_without_javascript(browser, live_server, app):
    org = SearchOrganizationFactory(name="Mercy Valley Hospital")
    SearchJobFactory(organization=org, title="Remote Outpatient Coder")
    SearchJobFactory(
        organization=org,
        title="Onsite Coder",
        work_mode="onsite",
        offices=[("Austin", "US", 30.27, -97.74)],
    )
    sync_all()
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/jobs")
        assert page.locator("#f-mode-remote").is_hidden()
        page.get_by_text("Filters", exact=True).click()  # <details> opens without script
        page.locator("#f-mode-remote").check()
        # Without script the number could not follow the boxes: the button does not show one.
        page.get_by_role("button", name="Show jobs", exact=True).click()
        page.wait_for_url(re.compile(r"mode=remote"))
        assert page.get_by_text("Filters (1 chosen)").is_visible()
        assert page.locator("#f-mode-remote").is_hidden()  # folded again: results first
        assert page.locator("#search-results .job-card").count() == 1
    finally:
        context.close()
