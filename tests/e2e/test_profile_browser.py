"""A new coder fills in the whole profile on a phone-sized screen (a CPC, weekday mornings) and
sees it as an employer would."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.factories import UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def db_backend():
    return "sqlite"


def test_new_coder_fills_in_the_profile_and_sees_what_employers_see(page):
    UserFactory(role="seeker", email="asha@example.in", name="Asha Menon")
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill("asha@example.in")
    page.get_by_label("Password").fill("a quiet harbour at dawn")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Hello, Asha Menon").wait_for()
    page.get_by_text("Your profile is 0% complete").wait_for()

    page.get_by_role("link", name="Your profile", exact=True).first.click()
    page.get_by_role("link", name="Start now").click()

    # Step 1: basics
    page.get_by_text("Step 1 of 4").wait_for()
    page.get_by_label("Headline").fill("CPC coder, 2 years in outpatient clinics")
    page.get_by_label("Medical coder").check()
    page.get_by_label("Years of experience").fill("2")
    page.get_by_label("Country you live in").select_option("IN")
    page.get_by_label("State or region").fill("Kerala")
    page.get_by_label("Town or city").fill("Kochi")
    # About 90 boxes on this step: the long lists are folded by family.
    assert page.get_by_label("Professional fee / E/M").is_hidden()
    page.get_by_text("Settings", exact=True).click()
    page.get_by_label("Professional fee / E/M").check()
    page.get_by_text("US code sets (ICD-10-CM, CPT, ...)").click()
    page.get_by_label("ICD-10-CM (diagnoses)").check()
    page.get_by_label("CPT", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: credentials
    page.get_by_text("Step 2 of 4").wait_for()
    page.get_by_label("Credential", exact=True).select_option("CPC")
    page.get_by_label("Member or certificate number").fill("01928374")
    page.get_by_role("button", name="Add this credential").click()
    page.get_by_text("CPC is added.").wait_for()
    page.get_by_role("button", name="Continue").click()

    # Step 3: availability, weekday mornings; the time zone is suggested from Kochi.
    page.get_by_text("Step 3 of 4").wait_for()
    assert page.get_by_label("Your time zone").input_value() == "Asia/Kolkata"
    page.get_by_label("From (every weekday)").fill("09:00")
    page.get_by_label("To (every weekday)").fill("13:00")
    page.get_by_label("Fewest hours a week").fill("15")
    page.get_by_label("Most hours a week").fill("20")
    page.get_by_label("Part time").check()
    page.get_by_label("Work from home").check()
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: pay and privacy (anonymous is on by default)
    page.get_by_text("Step 4 of 4").wait_for()
    assert page.get_by_label("Hide my name and contact details").is_checked()
    page.get_by_label("Lowest pay you would accept").fill("25000")
    page.get_by_label("Currency").select_option("INR")
    page.get_by_label("How often").select_option("month")
    page.get_by_role("button", name="Save and check your answers").click()

    # Check your answers
    page.get_by_role("heading", name="Check your answers").wait_for()
    body = page.locator("main").inner_text()
    assert "Mon–Fri 9:00 am – 1:00 pm" in body
    assert "At least ₹25,000 a month" in body
    assert "01928374" in body  # the owner sees the credential number

    page.get_by_role("link", name="See what employers see").click()
    page.get_by_text("This is what employers see").wait_for()
    main = page.locator("main").inner_text()
    assert re.search(r"Candidate [A-Z2-7]{6}\b", main)
    assert "Asha Menon" not in main and "asha@example.in" not in main
    assert "Kochi" not in main and "01928374" not in main
    assert "Kerala, India" in main
    assert "CPC" in main and "Mon–Fri 9:00 am – 1:00 pm" in main
    assert "At least ₹25,000 a month" in main


def test_the_weekly_hours_can_be_entered_with_the_keyboard_only(page):
    UserFactory(role="seeker", email="linda@example.com", name="Linda Brooks")
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill("linda@example.com")
    page.get_by_label("Password").fill("a quiet harbour at dawn")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Hello, Linda Brooks").wait_for()
    page.goto("/profile/availability")
    page.get_by_label("Your time zone").fill("America/New_York")
    # The days are folded under one summary: Enter opens it.
    page.get_by_text("Hours day by day: weekends, or days that differ").focus()
    page.keyboard.press("Enter")
    # Tuesday, first time: reach "From" and type the times; Tab moves on to "To".
    page.get_by_label("From (Tuesday, time 1)").focus()
    page.keyboard.type("1000AM")
    for _ in range(4):  # the time box's own parts (hour, minute, am/pm) come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "d1_0_to":
            break
    assert page.evaluate("document.activeElement.id") == "d1_0_to"
    page.keyboard.type("0200PM")
    assert page.get_by_label("From (Tuesday, time 1)").input_value() == "10:00"
    assert page.get_by_label("To (Tuesday, time 1)").input_value() == "14:00"
    page.get_by_label("Part time").check()
    page.get_by_label("Work from home").check()
    page.get_by_role("button", name="Save and continue").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Step 4 of 4").wait_for()
