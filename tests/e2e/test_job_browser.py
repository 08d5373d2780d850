"""An employer signs up, creates the organization, posts a remote CPC job in steps; an
administrator approves it; a visitor finds it on the company page and reads the job page."""

from __future__ import annotations

import re

import pytest

from portal.models import Role
from tests.fixtures.browser import log_out_from_menu
from tests.fixtures.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def log_in(page, email: str, password: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name=re.compile("^Hello, ")).wait_for()


def log_out(page) -> None:
    log_out_from_menu(page)
    page.get_by_text("You are logged out.").wait_for()


def test_employer_posts_admin_approves_visitor_finds_the_job(page, mailbox, live_server):
    UserFactory(role=Role.ADMIN, email="admin@example.com", name="Ada Admin")
    password = "charts before lunch every day"

    # Sign up as an employer and confirm the address.
    page.goto("/")
    page.get_by_role("link", name="I'm hiring").click()
    page.get_by_label("I am hiring").check()
    page.get_by_label("Your full name").fill("James Carter")
    page.get_by_label("E-mail address").fill("james@mercyvalley.example")
    page.get_by_label("Password").fill(password)
    page.get_by_label("I am 18 or older").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    [link] = [u for u in mailbox.links("james@mercyvalley.example") if "/auth/verify/" in u]
    page.goto(link)
    page.get_by_role("heading", name="Hello, James Carter").wait_for()

    # The organization.
    page.get_by_role("link", name="Create your organization").click()
    page.get_by_label("Name of your organization").fill("Mercy Valley Health")
    page.get_by_label("Kind of organization").select_option("hospital")
    page.get_by_label("Website").fill("https://mercyvalley.example")
    page.get_by_label("Country").select_option("US")
    page.get_by_role("button", name="Create organization").click()
    page.get_by_text("Your organization is created").wait_for()

    # The job, one step at a time.
    page.get_by_role("link", name="Post a job").first.click()
    page.get_by_text("Post a job: step 1 of 5").wait_for()
    page.get_by_label("Job title").fill("Remote CPC coder")
    page.get_by_label("Full time").check()
    page.get_by_label("Describe the job").fill(
        "Code physician office visits for our medical group, from home, weekdays."
    )
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 2 of 5").wait_for()
    page.get_by_label("Required credentials").fill("CPC")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 3 of 5").wait_for()
    page.get_by_label("Work from home").check()
    page.get_by_label("United States").check()
    for day in range(5):
        page.locator(f"#shift1_days-{day}").check()
    page.locator("#shift1_start").fill("09:00")
    page.locator("#shift1_end").fill("17:30")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 4 of 5").wait_for()
    page.get_by_label("Lowest pay").fill("28")
    page.get_by_label("Highest pay").fill("34")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 5 of 5").wait_for()
    page.get_by_role("button", name="Save and check the job").click()

    page.get_by_role("heading", name="Check your job, then publish it").wait_for()
    page.get_by_role("button", name="Publish this job").click()
    page.get_by_text("waits for a quick check by a moderator").wait_for()
    log_out(page)

    # The administrator approves it.
    log_in(page, "admin@example.com", PASSWORD)
    page.get_by_role("link", name="Moderation").first.click()
    page.get_by_role("button", name="Approve “Remote CPC coder”").click()
    page.get_by_text("“Remote CPC coder” is live.").wait_for()
    log_out(page)

    # A visitor finds it on the company page and opens it.
    page.goto("/companies/mercy-valley-health")
    page.get_by_role("heading", name="Mercy Valley Health").wait_for()
    page.get_by_role("link", name="Remote CPC coder").click()
    page.get_by_role("heading", name="Remote CPC coder").wait_for()
    assert page.get_by_text("$28–$34 an hour").is_visible()
    assert page.get_by_text("Work from home in United States").first.is_visible()
    assert page.get_by_text("Mon–Fri 9:00 am – 5:30 pm").is_visible()
    assert page.get_by_text("Employers never charge you to apply.").first.is_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
