"""In a real browser: the "When" filter and the shift times on the result cards follow the
visitor's own clock with JavaScript (timezone.js sends the browser's zone), and work on the
job's own clock without it."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.factories import SearchJobFactory, SearchOrganizationFactory
from tests.fixtures.search import sync_all

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


@pytest.fixture
def night_and_day(app):
    bpo = SearchOrganizationFactory(name="Kerala Coding Services", country="IN")
    hospital = SearchOrganizationFactory(name="Lakeside Clinic")
    SearchJobFactory(
        organization=bpo,
        title="US Day Shift from Kochi",
        applicant_countries=["IN", "US"],
        timezone="Asia/Kolkata",
        schedule_flexible=False,
        shift_windows=[[d, 19 * 60 + 30, 4 * 60 + 30] for d in range(5)],
    )
    SearchJobFactory(
        organization=hospital,
        title="Chicago Overnight Coder",
        applicant_countries=["US"],
        timezone="America/Chicago",
        schedule_flexible=False,
        shift_windows=[[d, 22 * 60, 6 * 60] for d in range(5)],
    )
    sync_all()


def _cards(page) -> list[str]:
    return page.locator("#search-results .job-card h3").all_inner_texts()


def test_when_filter_on_the_visitors_clock_with_javascript(browser, live_server, night_and_day):
    from playwright.sync_api import expect

    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, timezone_id="America/Chicago"
    )
    try:
        page = context.new_page()
        page.goto("/jobs")
        expect(page.locator("input[name=tz]")).to_have_value("America/Chicago")
        # Without a click, the cards are redrawn on this visitor's clock.
        kochi = page.locator(".job-card", has_text="Kochi").locator(".shift")
        expect(kochi).to_have_text(re.compile(r"Mon–Fri (8|9):00 am – (5|6):00 pm, Chicago time"))
        page.evaluate("window.stillTheSamePage = true")
        page.locator("#f-when-night").check()
        # Kochi's nights are Chicago's days.
        expect(page.locator("#search-results .job-card h3")).to_have_text(
            ["Chicago Overnight Coder"]
        )
        assert "when=night" in page.url and "tz=America%2FChicago" in page.url
        assert page.evaluate("window.stillTheSamePage === true")
        card = page.locator("#search-results .job-card").first.inner_text()
        assert "10:00 pm – 6:00 am (next day), Chicago time" in card
        page.locator("#f-when-night").uncheck()
        page.locator("#f-when-day").check()
        # The night result stays on the page until the day search answers: wait for the answer.
        expect(page.locator("#search-results .job-card h3")).to_have_text(
            ["US Day Shift from Kochi"]
        )
        assert "Chicago time" in page.locator("#search-results .job-card").first.inner_text()
    finally:
        context.close()


def test_when_filter_without_javascript_uses_the_jobs_clock(browser, live_server, night_and_day):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/jobs")
        page.get_by_text("Filters", exact=True).click()
        page.locator("#f-when-night").check()
        page.get_by_role("button", name="Show jobs").click()
        page.wait_for_url("**when=night**")
        assert sorted(_cards(page)) == ["Chicago Overnight Coder", "US Day Shift from Kochi"]
        texts = " ".join(page.locator("#search-results .job-card").all_inner_texts())
        assert "7:30 pm – 4:30 am (next day), India time" in texts
    finally:
        context.close()
