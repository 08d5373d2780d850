"""A new coder signs up, confirms by the e-mailed link and lands on the dashboard, logged in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def test_new_seeker_signs_up_verifies_and_logs_in(page, mailbox, live_server):
    page.goto("/")
    page.get_by_role("link", name="I'm looking for work").click()
    page.get_by_label("I am looking for work").check()
    page.get_by_label("Your full name").fill("Asha Menon")
    page.get_by_label("E-mail address").fill("asha@example.in")
    page.get_by_label("Password").fill("chai and charts at dawn")
    page.get_by_label("I am 18 or older").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    [link] = [u for u in mailbox.links("asha@example.in") if "/auth/verify/" in u]
    page.goto(link)
    # Confirmed in the browser that signed up: logged in without typing the password again.
    page.get_by_text("your e-mail address is confirmed").wait_for()
    page.get_by_role("heading", name="Hello, Asha Menon").wait_for()
    assert page.url.endswith("/dashboard")


def test_keyboard_user_reaches_the_error_summary(page):
    page.goto("/auth/login")
    page.get_by_role("button", name="Log in").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    summary.wait_for()
    # The script moves focus once the page has loaded; expect() waits for it.
    expect(page.locator(".error-summary")).to_be_focused()
