"""A school imports a cohort in the browser: a five-line file with one bad line, fixed and
imported; a graduate claims the profile from the mailed link; the school sees one claimed."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from portal.models import Cohort, Role
from tests.fixtures.browser import log_out_from_menu
from tests.fixtures.factories import PASSWORD, SchoolFactory, UserFactory

pytestmark = pytest.mark.e2e

HEADINGS = "name,email,credential,credential_number,exam_date,phone\n"
GOOD = (
    "Asha Menon,asha@example.in,CPC-A,01234567,2026-05-14,+91 98470 12345\n"
    '"Lopez, Maria",maria@example.com,CCA,,2026-05-20,\n'
    "Ravi Kumar,ravi@example.in,CPC-A,555,2026-05-14,\n"
    "Fatima Noor,fatima@example.sa,CCA,,,\n"
)


@pytest.fixture
def db_backend():
    return "sqlite"


def log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_staff_import_a_cohort_and_a_graduate_claims_the_profile(page, mailbox, tmp_path):
    owner = UserFactory(role=Role.SCHOOL, email="owner@academy.example", name="Olivia Owner")
    school = SchoolFactory(owner=owner, name="Coding Academy")
    db.session.add(
        Cohort(
            school_id=school.id,
            name="CPC batch May 2026",
            credential="CPC-A",
            starts_on=date(2025, 11, 1),
            graduates_on=date(2026, 5, 1),
        )
    )
    db.session.commit()
    first_try = tmp_path / "may-batch.csv"
    first_try.write_text(HEADINGS + GOOD + "Joy Thomas,joy.thomas(at)example.in,CPC-A,,,\n")
    fixed = tmp_path / "may-batch-fixed.csv"
    fixed.write_text(HEADINGS + GOOD + "Joy Thomas,joy.thomas@example.in,CPC-A,,,\n")

    log_in(page, "owner@academy.example")
    page.get_by_role("link", name="Cohorts and graduate import").click()
    page.get_by_role("link", name="CPC batch May 2026").click()
    page.get_by_role("link", name="Import graduates").click()
    page.get_by_label("CSV file of graduates").set_input_files(first_try)
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_text("4 graduates can be imported").wait_for()
    page.get_by_text("1 line has a problem").wait_for()
    page.get_by_text("“joy.thomas(at)example.in” is not an e-mail address.").wait_for()

    page.get_by_role("link", name="Upload a corrected file instead").click()
    page.get_by_label("CSV file of graduates").set_input_files(fixed)
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_text("5 graduates can be imported").wait_for()
    page.get_by_role("button", name="Import 5 graduates and e-mail each of them").click()
    page.get_by_text("5 graduates imported").wait_for()
    assert page.get_by_role("rowheader", name="Joy Thomas").is_visible()
    log_out_from_menu(page)

    [link] = [u for u in mailbox.links("asha@example.in") if "/school/claim/" in u]
    page.goto(link)
    page.get_by_role("heading", name="Claim the profile Coding Academy prepared for you").wait_for()
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("I am 18 or older and I agree to the terms of use").check()
    page.get_by_role("button", name="Claim my profile").click()
    page.get_by_text("Welcome, Asha Menon").wait_for()
    log_out_from_menu(page)

    log_in(page, "owner@academy.example")
    page.get_by_role("link", name="Placement figures").click()
    claimed = page.get_by_role("row", name="Claimed their profile").first
    assert claimed.inner_text().split()[-1] == "1"
