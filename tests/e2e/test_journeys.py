"""The people CoderMatch is for, each through their own journey in Chromium, at phone (375 px)
and desktop (1280 px) size, driven only by what they see: labels, roles and text. Every page a
journey shows is checked with axe-core (WCAG 2.0–2.2 A/AA, zero violations of any impact) and
for sideways scrolling at 320 px (tests/e2e/accessibility.py).

Each person has their own browser context (their own device), so nobody logs out between
actors; the search index is brought up to date the way the worker does (`sync_all`).
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import (
    AvailabilitySlot,
    JobReport,
    JobStatus,
    ReportReason,
    Role,
    ScreeningQuestion,
    utcnow,
)
from portal.models.profile_view import candidate_label
from portal.services import applications as application_rules
from tests.e2e.accessibility import check_page
from tests.fixtures.browser import open_menu
from tests.fixtures.factories import (
    PASSWORD,
    CredentialFactory,
    JobFactory,
    OrganizationFactory,
    ProfileFactory,
    SchoolFactory,
    UserFactory,
)
from tests.fixtures.search import sync_all

pytestmark = pytest.mark.e2e

SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def db_backend():
    return "sqlite"


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


class Person:
    """One person at their own browser. `seen()` checks the page in view once per kind of page
    (its path with numbers folded), so a journey checks every page it shows without checking
    the same page twice."""

    def __init__(self, page, who: str, size: str, js: bool = True) -> None:
        self.page, self.who, self.size, self.js = page, who, size, js
        self.checked: set[str] = set()

    def seen(self, again: bool = False) -> None:
        key = re.sub(r"\d+", "N", urlparse(self.page.url).path)
        if self.js and (again or key not in self.checked):
            self.checked.add(key)
            check_page(self.page, f"{self.who} ({self.size}) {urlparse(self.page.url).path}")

    def click(self, role: str, name, **kwargs) -> None:
        self.page.get_by_role(role, name=name, **kwargs).first.click()

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        self.page.goto("/auth/login")
        self.seen()
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.get_by_role("heading", name=re.compile("^Hello, ")).wait_for()
        self.seen()

    def menu(self, name: str) -> None:
        """Follow a link of the site's header, opening its folded menus as a person would."""
        link = self.page.locator("header").first.get_by_role("link", name=name, exact=True).first
        if not link.is_visible():
            open_menu(self.page)  # the account menu holds the rest
        link.click()


@pytest.fixture
def people(browser, live_server, size):
    """`people(who)`: a new person at their own browser, at this test's size."""
    contexts = []

    def open_as(who: str, js: bool = True) -> Person:
        context = browser.new_context(
            base_url=live_server, viewport=SIZES[size], java_script_enabled=js
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return Person(page, who, size, js)

    yield open_as
    for context in contexts:
        context.close()


def weekdays(start: int, end: int) -> list[list[int]]:
    return [[day, start, end] for day in range(5)]


def add_slots(profile, start: int, end: int) -> None:
    for day in range(5):
        profile.availability.append(AvailabilitySlot(day=day, start_minute=start, end_minute=end))
    db.session.commit()


def a_recruiter(person: str, email: str, **org):
    user = UserFactory(role=Role.EMPLOYER, email=email, name=person)
    return user, OrganizationFactory(owner=user, **org)


def apply_as(app, user, job) -> None:
    """An application sent earlier, through the same rule the apply page uses."""
    with app.test_request_context():
        application_rules.apply(user, job.id, application_rules.ApplyInput(resume="none"))


# The retiree: remote, weekday mornings, 15–20 hours, from sign-up to "Interview" ---------------


@pytest.fixture
def morning_job(app):
    recruiter, org = a_recruiter(
        "James Carter", "james@mercyvalley.example", name="Mercy Valley Health"
    )
    job = JobFactory(
        organization=org,
        created_by_id=recruiter.id,
        title="Part-time remote CPC coder, mornings",
        employment_type="part_time",
        shift_windows=weekdays(8 * 60, 12 * 60),
        hours_min=15,
        hours_max=20,
    )
    sync_all()
    return recruiter, job


def retiree_journey(people, mailbox, recruiter, job, js: bool = True) -> None:
    linda = people("retiree", js=js)
    page = linda.page
    page.goto("/")
    linda.seen()
    linda.click("link", "I'm looking for work")
    linda.seen()
    page.get_by_label("I am looking for work").check()
    page.get_by_label("Your full name").fill("Linda Brooks")
    page.get_by_label("E-mail address").fill("linda@example.com")
    page.get_by_label("Password").fill("retired but not tired of coding")
    page.get_by_label("I am 18 or older").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    linda.seen()

    # The link in the e-mail, opened in the same browser: she is logged in at once.
    [link] = [u for u in mailbox.links("linda@example.com") if "/auth/verify/" in u]
    page.goto(link)
    page.get_by_role("heading", name="Hello, Linda Brooks").wait_for()
    linda.seen()

    linda.click("link", "Your profile", exact=True)
    linda.seen()
    linda.click("link", "Start now")
    page.get_by_text("Step 1 of 4").wait_for()
    linda.seen()
    # A first try without the required answers shows what is missing, next to each question.
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    linda.seen(again=True)
    page.get_by_label("Headline").fill("Retired hospital coder, CPC, mornings from home")
    page.get_by_label("Medical coder").check()
    page.get_by_label("Years of experience").fill("25")
    page.get_by_label("Country you live in").select_option("US")
    page.get_by_label("State or region").fill("Ohio")
    page.get_by_label("Town or city").fill("Columbus")
    # Long lists are folded by family: open "Settings", then tick.
    page.get_by_text("Settings", exact=True).click()
    page.get_by_label("Professional fee / E/M").check()
    page.get_by_text(re.compile("^US code sets")).click()
    page.get_by_label("ICD-10-CM (diagnoses)").check()
    page.get_by_label("CPT", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Step 2 of 4").wait_for()
    linda.seen()
    page.get_by_label("Credential", exact=True).select_option("CPC")
    page.get_by_label("Member or certificate number").fill("00998877")
    page.get_by_role("button", name="Add this credential").click()
    page.get_by_text("CPC is added.").wait_for()
    page.get_by_role("button", name="Continue").click()

    page.get_by_text("Step 3 of 4").wait_for()
    page.get_by_label("Your time zone").fill("America/New_York")
    # A finishing time before the start: the message names the row it is about.
    page.get_by_label("From (every weekday)").fill("12:00")
    page.get_by_label("To (every weekday)").fill("08:00")
    page.get_by_label("Fewest hours a week").fill("15")
    page.get_by_label("Most hours a week").fill("20")
    page.get_by_label("Part time").check()
    page.get_by_label("Work from home").check()
    page.get_by_role("button", name="Save and continue").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("Monday to Friday: Enter a finishing time after the start")
    linda.seen(again=True)
    page.get_by_label("From (every weekday)").fill("08:00")
    page.get_by_label("To (every weekday)").fill("12:00")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Step 4 of 4").wait_for()
    linda.seen()
    page.get_by_label("Lowest pay you would accept").fill("24")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("How often").select_option("hour")
    page.get_by_role("button", name="Save and check your answers").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    linda.seen()
    expect(page.locator("main")).to_contain_text("Mon–Fri 8:00 am – 12:00 pm")

    # Jobs that fit her, and one of them.
    linda.menu("Jobs for you")
    linda.seen()
    linda.click("link", job.title)
    page.get_by_role("heading", name=job.title).wait_for()
    linda.seen()
    page.get_by_role("button", name="Apply for this job").click()
    linda.seen()
    page.get_by_label("A short note to the employer").fill("Twenty-five years of coding.")
    page.get_by_role("button", name="Send my application").click()
    page.get_by_role("heading", name="Application sent").wait_for()
    linda.seen()
    expect(page.locator("main")).to_contain_text("What happens next")

    # The recruiter, at their own desk, invites her to interview.
    james = people("recruiter", js=js)
    james.log_in(recruiter.email)
    james.click("link", "All applicants")
    james.seen()
    james.click("link", job.title)
    james.seen()
    james.click("link", "Linda Brooks")
    james.seen()
    james.page.get_by_label("Move to", exact=True).select_option("interview")
    james.page.get_by_role("button", name="Move", exact=True).click()
    james.page.get_by_text("Moved 1 to “Interview”.").wait_for()

    # She sees it among her applications.
    linda.menu("Your applications")
    linda.seen()
    linda.click("link", job.title)
    page.get_by_text("Invited to interview").first.wait_for()
    linda.seen()


def test_retiree_signs_up_and_reaches_interview(people, mailbox, morning_job):
    retiree_journey(people, mailbox, *morning_job)


@pytest.mark.parametrize("size", ["desktop"], indirect=True)
def test_retiree_journey_works_without_javascript(people, mailbox, morning_job):
    """The main journey once with JavaScript off: every step is a plain form or link."""
    retiree_journey(people, mailbox, *morning_job, js=False)


# The homemaker in India, on a phone: US-shift remote work, and applying ------------------------


def test_homemaker_in_india_finds_us_shift_remote_work_and_applies(people, size):
    recruiter, org = a_recruiter("Sam Ortiz", "sam@harbor.example", name="Harbor Billing")
    evening_job = JobFactory(
        organization=org,
        created_by_id=recruiter.id,
        title="Remote E/M coder, US day shift",
        applicant_countries=["IN"],
        shift_windows=weekdays(8 * 60, 13 * 60),  # New York mornings: Indian evenings
        pay_min=Decimal("30000"),
        pay_max=Decimal("40000"),
        pay_currency="INR",
        pay_period="month",
    )
    db.session.add(
        ScreeningQuestion(job_id=evening_job.id, text="Can you work US hours?", must_be_yes=True)
    )
    JobFactory(
        organization=org,
        created_by_id=recruiter.id,
        title="Onsite E/M coder, Austin",
        work_mode="onsite",
    )
    meena = UserFactory(role=Role.SEEKER, email="meena@example.in", name="Meena Iyer")
    profile = ProfileFactory(user=meena, region="TN", city="Chennai", lat=13.08, lng=80.27)
    CredentialFactory(profile=profile, kind="CPC")
    add_slots(profile, 17 * 60 + 30, 23 * 60 + 30)  # the shift in India, summer and winter
    sync_all()

    her = people("homemaker")
    page = her.page
    her.log_in(meena.email)
    her.menu("Search jobs")
    her.seen()
    page.get_by_role("searchbox", name="Search jobs").fill("E/M coder")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=E%2FM"))
    expect(page.locator("#search-results .job-card")).to_have_count(2)
    her.seen()
    if size == "phone":
        # The filters open as a sheet; the button says how many jobs the choice finds.
        page.get_by_text("Filters", exact=True).click()
        her.seen(again=True)
        page.get_by_label(re.compile("^Work from home")).check()
        page.get_by_role("button", name="Show 1 job").click()
    else:
        page.get_by_label(re.compile("^Work from home")).check()
    expect(page.locator("#search-results .job-card")).to_have_count(1)
    her.seen(again=True)
    her.click("link", evening_job.title)
    page.get_by_role("heading", name=evening_job.title).wait_for()
    her.seen()
    # The shift in her own clock: 8 am New York is 6:30 pm in India.
    expect(page.locator("main")).to_contain_text("6:30 pm")
    page.get_by_role("button", name="Apply for this job").click()
    her.seen()
    page.get_by_role("group", name="Can you work US hours?").get_by_label("Yes").check()
    page.get_by_role("button", name="Send my application").click()
    page.get_by_role("heading", name="Application sent").wait_for()
    her.seen()


# The BPO recruiter: a night shift, an invitation to an anonymous candidate, applicants moved ---


def fill_basics(page, title: str, kind: str) -> None:
    page.get_by_label("Job title").fill(title)
    page.get_by_label(kind).check()
    page.get_by_label("Describe the job").fill(
        "Code charts for our US clients with a friendly team. Training on our systems is given."
    )
    page.get_by_role("button", name="Save and continue").click()


def fill_shift(page, start: str, end: str, next_day: bool = False) -> None:
    shift = page.get_by_role("group", name="Shift", exact=True)
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        shift.get_by_label(day).check()
    shift.get_by_label("Starts at").fill(start)
    shift.get_by_label("Ends at").fill(end)
    if next_day:
        shift.get_by_label("Ends the next day (after midnight)").check()


def test_bpo_recruiter_posts_a_night_shift_invites_and_moves_applicants(people, app):
    recruiter, org = a_recruiter(
        "Ravi Kumar", "ravi@clearwave.example", name="Clearwave BPO", kind="bpo", country="IN"
    )
    ar_job = JobFactory(
        organization=org,
        created_by_id=recruiter.id,
        title="Night shift AR caller",
        applicant_countries=["IN"],
        schedule_flexible=True,
        shift_windows=[],
        hours_min=20,
        hours_max=30,
    )
    for name in ("Anil Rao", "Divya Menon"):
        seeker = UserFactory(role=Role.SEEKER, name=name)
        CredentialFactory(profile=ProfileFactory(user=seeker), kind="CPC")
        apply_as(app, seeker, ar_job)
    kavya = UserFactory(role=Role.SEEKER, name="Kavya Pillai", email="kavya@example.in")
    hidden = ProfileFactory(user=kavya, anonymous=True)
    CredentialFactory(profile=hidden, kind="CPC")
    sync_all()

    ravi = people("BPO recruiter")
    page = ravi.page
    ravi.log_in(recruiter.email)
    ravi.click("link", "Post a job")
    page.get_by_text("Post a job: step 1 of 5").wait_for()
    ravi.seen()
    fill_basics(page, "Night coder for US clinics", "Full time")
    page.get_by_text("Post a job: step 2 of 5").wait_for()
    ravi.seen()
    page.get_by_label("Required credentials").fill("CPC")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 3 of 5").wait_for()
    ravi.seen()
    page.get_by_label("Work from home").check()
    page.get_by_label("India", exact=True).check()
    page.get_by_label("Time zone of the shift times").select_option("Asia/Kolkata")
    fill_shift(page, "19:30", "04:30", next_day=True)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 4 of 5").wait_for()
    ravi.seen()
    page.get_by_label("Lowest pay").fill("30000")
    page.get_by_label("Highest pay").fill("42000")
    page.get_by_label("Currency").select_option("INR")
    page.get_by_label("Paid", exact=True).select_option("month")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Post a job: step 5 of 5").wait_for()
    ravi.seen()
    page.get_by_role("button", name="Save and check the job").click()

    # Check your answers: each answer, each with its own Change link.
    page.get_by_role("heading", name="Check your job, then publish it").wait_for()
    ravi.seen()
    answers = page.locator("main")
    expect(answers).to_contain_text("Night coder for US clinics")
    expect(answers).to_contain_text("7:30 pm")
    expect(answers).to_contain_text("India")
    page.get_by_role("link", name="Change job title").click()
    page.get_by_label("Job title").fill("Night shift coder for US clinics")
    page.get_by_role("button", name="Save and check the job").click()
    expect(answers).to_contain_text("Night shift coder for US clinics")
    page.get_by_role("button", name="Publish this job").click()
    expect(page.locator(".flashes")).to_contain_text(re.compile("published|moderator"))

    # An anonymous candidate who fits the older job is invited.
    ravi.menu("Dashboard")
    ravi.click("link", f"Best candidates for “{ar_job.title}”")
    ravi.seen()
    assert "Kavya" not in page.content()
    ravi.click("link", f"Invite to apply – {candidate_label(hidden.id)}")
    ravi.seen()
    page.get_by_label(re.compile("message", re.I)).fill("Your CPC and night hours fit our team.")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".flashes")).to_be_visible()
    ravi.seen()

    # Kavya, at her own phone or desk, accepts: that is her application, in one step.
    her = people("invited seeker")
    her.log_in(kavya.email)
    her.click("link", "See your invitations")
    her.seen()
    her.click("link", ar_job.title)
    her.page.get_by_role("heading", name="Clearwave BPO invites you to apply").wait_for()
    her.seen()
    her.page.get_by_label("A short note to the employer").fill("Happy to work nights.")
    her.page.get_by_role("button", name="Accept and apply").click()
    her.page.get_by_role("heading", name="Application sent").wait_for()
    her.seen()

    # The applicants move to the shortlist together.
    ravi.menu("Applicants")
    ravi.seen()
    ravi.click("link", ar_job.title)
    ravi.seen()
    page.get_by_label("Choose Anil Rao").check()
    page.get_by_label("Choose Divya Menon").check()
    page.get_by_label("Move to", exact=True).select_option("shortlisted")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text("Moved 2 to “Shortlisted”.").wait_for()
    ravi.seen(again=True)


# The hospital recruiter: an onsite "RHIT and (CCS or CIC)" role ---------------------------------


def test_hospital_recruiter_posts_an_onsite_rhit_and_ccs_or_cic_role(people):
    recruiter, _org = a_recruiter("Grace Lee", "grace@stmary.example", name="St Mary Hospital")
    grace = people("hospital recruiter")
    page = grace.page
    grace.log_in(recruiter.email)
    grace.click("link", "Post a job")
    fill_basics(page, "Inpatient coding specialist", "Full time")
    page.get_by_label("Required credentials").fill("RHIT and (CCS or CIC)")
    page.get_by_text("Inpatient facility (DRG)").first.wait_for(state="attached")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 3 of 5").wait_for()
    # Remote questions go away and the office appears as soon as "At the office" is chosen.
    page.get_by_label("At the office").check()
    expect(page.get_by_text("Who can apply for remote work")).to_be_hidden()
    office = page.get_by_role("group", name="Office 1")
    office.get_by_label("City").fill("Columbus")
    office.get_by_label("State or region").fill("OH")
    office.get_by_label("Country").select_option("US")
    grace.seen(again=True)
    fill_shift(page, "07:00", "15:30")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Post a job: step 4 of 5").wait_for()
    page.get_by_label("Lowest pay").fill("30")
    page.get_by_label("Highest pay").fill("38")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and check the job").click()

    page.get_by_role("heading", name="Check your job, then publish it").wait_for()
    grace.seen()
    main = page.locator("main")
    expect(main).to_contain_text("RHIT and (CCS or CIC)")
    expect(main).to_contain_text("Columbus, Ohio, United States")
    expect(main).not_to_contain_text("Applicants may live in")
    page.get_by_role("button", name="Publish this job").click()
    expect(page.locator(".flashes")).to_contain_text(re.compile("published|moderator"))
    grace.seen()


# The school that vouches for a graduate's credential --------------------------------------------


def test_school_verifies_a_graduates_credential(people):
    school = SchoolFactory(
        owner=UserFactory(role=Role.SCHOOL, email="dean@coding-academy.example", name="Dee Dean"),
        name="Coding Academy",
    )
    graduate = ProfileFactory(
        user=UserFactory(role=Role.SEEKER, name="Rosa Diaz"), school_id=school.id
    )
    CredentialFactory(profile=graduate, kind="CCA", number="0451122")

    dean = people("school")
    page = dean.page
    dean.log_in("dean@coding-academy.example")
    dean.click("link", "See your graduates")
    dean.seen()
    dean.click("link", re.compile("^Verify CCA of Rosa Diaz"))
    dean.seen()
    page.get_by_role("button", name="Confirm it is verified").click()
    page.get_by_role("alert").filter(has_text="There is a problem").wait_for()
    dean.seen(again=True)
    page.get_by_label("How did you check it?").fill("Our exam records")
    page.get_by_role("button", name="Confirm it is verified").click()
    expect(page.locator("main")).to_contain_text(re.compile("Verified|verified"))
    dean.seen(again=True)


# The administrator who works through the moderation queue --------------------------------------


def test_admin_works_through_the_queue(people):
    UserFactory(role=Role.ADMIN, email="ada@codermatch.example", name="Ada Admin")
    recruiter, org = a_recruiter("Tom Reed", "tom@quickcode.example", name="QuickCode Services")
    held = {"held_reasons": [{"kind": "new_organization"}], "published_at": None}
    good = JobFactory(
        organization=org, title="Remote coding auditor", status=JobStatus.PENDING_REVIEW, **held
    )
    JobFactory(
        organization=org,
        title="Easy coding job, pay a small fee to start",
        status=JobStatus.PENDING_REVIEW,
        **held,
    )

    # Also waiting: a new organization and a visitor's report, so the whole queue is on show.
    OrganizationFactory(
        owner=UserFactory(
            role=Role.EMPLOYER, email="owner@a-very-long-billing-company-name.example"
        ),
        name="Medical Billing and Revenue Cycle Management Solutions International",
        website="https://www.medical-billing-and-revenue-cycle-solutions-international.example/about",
        verified_at=None,
    )
    reported = JobFactory(organization=org, title="Remote billing specialist")
    db.session.add(
        JobReport(
            job_id=reported.id,
            reporter_id=UserFactory(email="a.watchful.coder.with.a.long.address@example.com").id,
            reason=ReportReason.ASKS_FOR_MONEY,
            details="They asked me for a registration fee on WhatsApp.",
        )
    )
    db.session.commit()

    ada = people("admin")
    page = ada.page
    ada.log_in("ada@codermatch.example")
    ada.click("link", "Moderation")
    ada.seen()
    page.get_by_role("button", name=f"Approve “{good.title}”").click()
    page.get_by_text(f"“{good.title}” is live.").wait_for()
    ada.seen(again=True)
    # Rejecting asks for the reason on its own page: no reason box between Approve and Reject.
    scam = page.locator("article").filter(has_text="pay a small fee")
    scam.get_by_role("link", name=re.compile("^Reject…")).click()
    ada.seen()
    page.get_by_label("Reason the employer will read").fill(
        "Jobs may not ask applicants for money."
    )
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("No job waits for review.")).to_be_visible()
    ada.seen(again=True)
    ada.menu("Users")
    ada.seen()


# A visitor without an account: search, filter, and share the link -------------------------------


def test_visitor_searches_filters_and_shares_a_link(people, size):
    _recruiter, org = a_recruiter("Ann Moss", "ann@valley.example", name="Valley Clinics")
    for title, mode in (
        ("Remote risk adjustment coder", "remote"),
        ("Remote outpatient coder", "remote"),
        ("Onsite outpatient coder", "onsite"),
    ):
        JobFactory(
            organization=org, title=title, work_mode=mode, expires_at=utcnow() + timedelta(days=20)
        )
    sync_all()

    visitor = people("visitor")
    page = visitor.page
    page.goto("/")
    visitor.seen()
    page.get_by_role("searchbox", name="Search jobs").fill("outpatient")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#search-results .job-card")).to_have_count(2)
    visitor.seen()
    if size == "phone":
        page.get_by_text("Filters", exact=True).click()
        page.get_by_label(re.compile("^Work from home")).check()
        page.get_by_role("button", name="Show 1 job").click()
    else:
        page.get_by_label(re.compile("^Work from home")).check()
    expect(page.locator("#search-results .job-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=outpatient.*mode=remote"))
    shared = page.url

    # A friend opens the shared link on their own device and sees the same search.
    friend = people("visitor's friend")
    friend.page.goto(shared)
    expect(friend.page.locator("#search-results .job-card")).to_have_count(1)
    expect(friend.page.get_by_role("link", name="Remote outpatient coder")).to_be_visible()
    friend.click("link", "Remote outpatient coder")
    friend.page.get_by_role("heading", name="Remote outpatient coder").wait_for()
    friend.seen()
    friend.click("link", "Valley Clinics")
    friend.seen()
