"""Layout and keyboard bugs found in the QA walk-through, checked in a browser at phone size."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.models import Role
from tests.fixtures.browser import log_in
from tests.fixtures.factories import CredentialFactory, ProfileFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def test_a_long_checkbox_label_stays_beside_its_box(page):
    """On a phone the label wrapped below its box: a lone box, then the words under it."""
    page.goto("/auth/signup")
    box = page.locator("#adult").bounding_box()
    label = page.locator("label[for=adult]").bounding_box()
    assert label["x"] > box["x"] + box["width"]
    assert label["y"] < box["y"] + box["height"]


def test_an_error_link_to_a_radio_question_focuses_its_first_choice(page):
    page.goto("/auth/signup")
    page.get_by_role("button", name="Create account").click()
    # The summary takes focus when site.js has run; a click before that is a plain anchor jump.
    expect(page.locator(".error-summary")).to_be_focused()
    page.get_by_role("link", name="Choose what brings you here.").click()
    expect(page.locator("#role-0")).to_be_focused()


def test_secondary_buttons_look_secondary(page, live_server):
    """`button.button` outranked `.button-secondary`: every <button> looked primary, so
    "Delete the draft" looked like "Publish this job"."""
    seeker = UserFactory(role=Role.SEEKER, email="asha@example.in")
    ProfileFactory(user=seeker)
    log_in(page, seeker.email)
    page.goto("/profile/credentials")
    add = page.get_by_role("button", name="Add this credential")
    assert add.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"


def test_the_graduates_table_does_not_widen_the_page(page, live_server):
    """Hidden button text inside the scrolling table made the whole phone page scroll sideways."""
    school_owner = UserFactory(role=Role.SCHOOL, email="placement@academy.example")
    school = SchoolFactory(owner=school_owner)
    graduate = ProfileFactory(school_id=school.id)
    CredentialFactory(profile=graduate, kind="CPC")
    CredentialFactory(profile=graduate, kind="CRC")
    log_in(page, school_owner.email)
    page.goto("/school/graduates")
    page.get_by_role("heading", name="Your graduates").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_graduates_table_is_a_card_per_row_on_a_phone(page, live_server):
    """At 390 px the Status column was squeezed to one word per line; now each row stacks as a
    card, each value led by its column's name."""
    school_owner = UserFactory(role=Role.SCHOOL, email="placement@academy.example")
    school = SchoolFactory(owner=school_owner)
    graduate = ProfileFactory(school_id=school.id)
    CredentialFactory(profile=graduate, kind="CPC")
    CredentialFactory(profile=graduate, kind="CRC")
    log_in(page, school_owner.email)
    page.goto("/school/graduates")
    status = page.locator("td[data-label=Status]").first
    assert status.bounding_box()["width"] > 300
    label = status.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Status"'
    # The header row is still there for screen readers, but not on screen.
    assert page.locator("thead").bounding_box()["height"] <= 1
    page.set_viewport_size({"width": 1280, "height": 800})  # a desktop keeps the table
    assert status.evaluate("e => getComputedStyle(e).display") == "table-cell"
