"""An administrator verifies an organization in a browser with JavaScript off, on a phone: the
evidence form, the confirmation page, and the queue after it — labels, no sideways scrolling."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import JobStatus, Organization
from tests.fixtures.browser import log_in
from tests.fixtures.factories import JobFactory, admin, employer

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def test_verifying_without_javascript_asks_for_evidence_then_confirmation(browser, live_server):
    _owner, org = employer(verified=False, established_at=None, name="Harbor Coding Services")
    waiting = JobFactory(
        organization=org,
        title="Remote billing specialist",
        status=JobStatus.PENDING_REVIEW,
        held_reasons=[{"code": "unverified_organization"}],
    )
    moderator = admin()
    context = browser.new_context(
        base_url=live_server, viewport={"width": 320, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, moderator.email)
        page.goto("/admin/moderation")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.get_by_role("link", name="Verify… Harbor Coding Services", exact=True).click()
        ein = page.get_by_label("US Employer Identification Number (EIN)")
        ein.wait_for()  # the new page is there: measuring sooner can catch it with no document
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        ein.check()
        page.get_by_label("Registration number").fill("07-1234567")  # a prefix never issued
        page.get_by_label("Person you spoke to").fill("Dana Whitfield, office manager")
        page.get_by_label("How you reached them").fill("Called the number in the state register")
        page.get_by_role("button", name="Continue").click()
        page.get_by_text("No EIN starts with 07").first.wait_for()
        page.get_by_label("Registration number").fill("31-1234567")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role(
            "heading", name="Check before you verify Harbor Coding Services"
        ).wait_for()
        assert page.get_by_text("1 job waits for review. It will not go live now").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.get_by_role("button", name="Yes, verify Harbor Coding Services").click()
        page.get_by_text("Harbor Coding Services is verified.").wait_for()
    finally:
        context.close()
    db.session.expire_all()
    assert db.session.get(Organization, org.id).is_verified
    assert db.session.get(type(waiting), waiting.id).status == JobStatus.PENDING_REVIEW
