"""A seeker finds a job by search and applies; the employer moves them to interview and writes;
the seeker sees both."""

from __future__ import annotations

import re

import pytest

from portal.models import Role
from tests.fixtures.browser import log_out_from_menu
from tests.fixtures.factories import (
    PASSWORD,
    CredentialFactory,
    JobFactory,
    OrganizationFactory,
    ProfileFactory,
    UserFactory,
)
from tests.fixtures.search import sync_all

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name=re.compile("Hello")).wait_for()


def log_out(page) -> None:
    log_out_from_menu(page)
    page.wait_for_url(re.compile(r"/$|/auth/login"))


def test_seeker_applies_employer_moves_to_interview_and_writes(page, live_server, mailbox):
    recruiter = UserFactory(role=Role.EMPLOYER, email="james@mercy.example", name="James Carter")
    org = OrganizationFactory(owner=recruiter, name="Mercy Valley")
    JobFactory(organization=org, created_by_id=recruiter.id, title="Remote radiology coder")
    seeker = UserFactory(role=Role.SEEKER, email="asha@example.in", name="Asha Menon")
    profile = ProfileFactory(user=seeker, country="US", region="TX")
    CredentialFactory(profile=profile, kind="CPC")
    sync_all()

    # The seeker searches, opens the job and applies.
    log_in(page, seeker.email)
    page.goto("/jobs")
    page.get_by_role("searchbox", name="Search jobs").fill("radiology")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Remote radiology coder").first.click()
    page.get_by_role("button", name="Apply for this job").click()
    page.get_by_label("A short note to the employer").fill("Five years of radiology coding.")
    # She has not said when she can work: the page names that and asks her to confirm.
    page.get_by_text("No weekly hours given").first.wait_for()
    page.get_by_label(re.compile("want to apply anyway")).check()
    page.get_by_role("button", name="Send my application").click()
    page.get_by_role("heading", name="Application sent").wait_for()
    page.get_by_text("Mercy Valley has your application for Remote radiology coder.").wait_for()
    log_out(page)

    # The employer finds the applicant, moves them to interview and writes to them.
    log_in(page, recruiter.email)
    page.get_by_role("link", name="Applicants", exact=True).first.click()
    page.get_by_role("link", name="Remote radiology coder").click()
    page.get_by_role("link", name="Asha Menon").click()
    page.get_by_label("Move to", exact=True).select_option("interview")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text("Moved 1 to “Interview”.").wait_for()
    page.get_by_label("Your message").fill("Can we talk on Thursday at 9 am Eastern?")
    page.get_by_role("button", name="Send message").click()
    page.get_by_text("Your message was sent.").wait_for()
    log_out(page)

    # The seeker sees the new status and the message, and the count in the navigation.
    log_in(page, seeker.email)
    # The unread count shows on the account menu's button.
    assert page.locator("summary .nav-count").inner_text().startswith("2")
    page.get_by_role("link", name="Your applications").first.click()
    page.get_by_role("link", name="Remote radiology coder").click()
    page.get_by_text("Invited to interview").first.wait_for()
    page.get_by_text("Can we talk on Thursday at 9 am Eastern?").wait_for()
    assert "james@mercy.example" not in page.content()
    assert any("Invited to interview" in mailbox.text(m) for m in mailbox.to(seeker.email))
