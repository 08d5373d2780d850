"""The header works without JavaScript, on a desktop and on a phone: the bar's pages are plain
links, the account menu a <details> that opens with a click, and the logged-out header shows
its few links without opening anything. Charts and their tables read without script too."""

from __future__ import annotations

import re

import pytest

from portal.models import Role
from tests.fixtures.factories import PASSWORD, ProfileFactory, UserFactory

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture
def db_backend():
    return "sqlite"


@pytest.fixture(params=list(SIZES))
def no_js_page(request, browser, live_server):
    context = browser.new_context(
        base_url=live_server, viewport=SIZES[request.param], java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_signed_in_navigation_without_javascript(no_js_page):
    page = no_js_page
    seeker = UserFactory(role=Role.SEEKER, email="asha@example.in", name="Asha Menon")
    ProfileFactory(user=seeker)
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(seeker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name=re.compile("^Hello, ")).wait_for()

    # The bar: visible without opening anything, at both sizes.
    bar = page.get_by_role("navigation", name="Main")
    for name in ("Dashboard", "Search jobs", "Your applications", "Your profile"):
        assert bar.get_by_role("link", name=name, exact=True).is_visible()
    bar.get_by_role("link", name="Your applications").click()
    page.wait_for_url("**/applications")

    # The account menu opens with a click on its button, no script needed.
    logout = page.get_by_role("button", name="Log out")
    assert not logout.is_visible()
    menu = page.locator("[data-account-menu]")
    menu.locator("summary").click()
    assert menu.get_by_role("link", name="E-mails we send you").is_visible()
    menu.get_by_role("link", name="Saved searches").click()
    page.wait_for_url("**/alerts/")
    page.locator("[data-account-menu] > summary").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_text("You are logged out.").wait_for()
    # Nothing in the header runs off the side of the screen.
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_logged_out_header_is_not_expanded_and_footer_pages_open(no_js_page):
    page = no_js_page
    page.goto("/")
    header = page.locator("header.site-header")
    assert header.locator("details").count() == 0
    for name in ("Search jobs", "Log in", "Sign up"):
        assert header.get_by_role("link", name=name).is_visible()
    # On a phone the header stays a small strip above the page's heading.
    assert header.bounding_box()["height"] < 200
    page.get_by_role("contentinfo").get_by_role("link", name="Spotting a scam").click()
    page.get_by_role("heading", name="How to spot a job scam").wait_for()
    page.get_by_role("contentinfo").get_by_role("link", name="Terms of use").click()
    page.get_by_role("heading", name="Terms of use").wait_for()


def test_dashboard_chart_draws_under_the_csp_without_javascript(no_js_page):
    page = no_js_page
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    seeker = UserFactory(role=Role.SEEKER, email="asha@example.in", name="Asha Menon")
    ProfileFactory(user=seeker)
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(seeker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    chart = page.get_by_role("img", name="Your profile and applications, week by week")
    chart.scroll_into_view_if_needed()
    assert chart.bounding_box()["width"] > 250
    # The colours come from site.css (pygal's own <style> is gone): the axis text is ink, not
    # the browser's default black-on-nothing.
    fill = page.locator(".chart-svg .axis text").first.evaluate("e => getComputedStyle(e).fill")
    assert fill == "rgb(26, 26, 26)"
    table = page.get_by_role("table", name=re.compile("The numbers"))
    assert table.get_by_role("columnheader", name="Applications you sent").is_visible()
    assert refused == []
