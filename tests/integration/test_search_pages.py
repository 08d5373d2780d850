"""The pages of the search area as a seeker or an employer reads them: "How you match" on the
job page, "Jobs for you" and the dashboard (near misses apart, advice that fits the profile),
the side-by-side comparison, folded filters, and the names of anonymous candidates.

Regressions from the QA walkthrough; each test says what was wrong.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from portal.extensions import db
from portal.models import JobStatus
from portal.models.profile_view import candidate_label
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
    UserFactory,
)
from tests.fixtures.pages import page, section, text_of
from tests.fixtures.search import NEXT_YEAR, sync_all, weekdays


def row(html: str, label: str) -> str:
    """One row of the comparison table, as text."""
    found = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', html, flags=re.S)
    assert found, f"no row {label}"
    return text_of(found.group(1))


def coder(name: str = "Priya Nair", **fields):
    """A US coder with a verified CPC, free Mon-Fri 9-5 Chicago time, working from home."""
    values = {
        "credentials": [("CPC", NEXT_YEAR, True)],
        "slots": weekdays(9, 17),
        "specialties": ["outpatient_facility"],
    }
    values.update(fields)
    return SearchProfileFactory(name=name, **values)


# --- 1. "How you match" on the job page ------------------------------------------------------


@pytest.fixture
def day_job(app):
    """A remote CPC job on a New York day shift, 30 hours a week."""
    org = SearchOrganizationFactory(name="Mercy Valley Hospital")
    job = SearchJobFactory(
        organization=org,
        title="Remote Outpatient Coder",
        required_credentials=[["CPC"]],
        preferred_credentials=["CRC"],
        specialties=["outpatient_facility"],
        schedule_flexible=False,
        shift_windows=[[d, 9 * 60, 15 * 60] for d in range(5)],
        hours_min=30,
        hours_max=30,
    )
    return org, job


def test_the_job_page_shows_a_seeker_how_they_match(client, auth, day_job):
    """The job page included "search/_job_match.html", which did not exist: a seeker with a
    profile saw only a link, not the requirements with ✓/✗ that UX.md asks for."""
    _org, job = day_job
    # Free 12-4 pm Chicago (1-5 pm New York): 2 of the 6 shift hours a day.
    seeker = coder(slots=weekdays(12, 16), hours_max=20)
    auth.login(seeker.user.email, PASSWORD)
    html = page(client, f"/jobs/{job.id}")
    box = section(html, "job-match-heading")
    words = text_of(box)
    assert "How you match" in words
    assert "out of 100" in words and "Misses Weekly hours" in words
    assert "Meets every requirement" not in words
    assert '<li class="status-met"><span class="visually-hidden">Met: </span>Has CPC' in box
    assert (
        '<li class="status-partial"><span class="visually-hidden">Partly met: </span>'
        "Available 10 of the 30 shift hours each week (needs 30)"
    ) in box
    assert "None of the preferred credentials (CRC)" in words  # ✗, and not a requirement
    assert f'href="/jobs/{job.id}/match"' in box  # the full side-by-side comparison


def test_the_job_page_says_when_every_requirement_is_met(client, auth, day_job):
    _org, job = day_job
    seeker = coder(slots=weekdays(8, 14))  # 9 am - 3 pm New York: the whole shift
    auth.login(seeker.user.email, PASSWORD)
    box = section(page(client, f"/jobs/{job.id}"), "job-match-heading")
    # Every hard requirement is met, but a ✗ row stands beside the badge: it names it.
    assert "Meets the requirements; check Preferred credentials" in box
    assert "Meets every requirement" not in box
    assert (
        '<li class="status-met"><span class="visually-hidden">Met: </span>'
        "Available 30 of the 30 shift hours each week (needs 30)"
    ) in box
    # ✗ for what is only preferred: shown, but it does not stop the match.
    assert (
        '<li class="status-missing"><span class="visually-hidden">Missing: </span>'
        "None of the preferred credentials (CRC)"
    ) in box


def test_no_match_for_visitors_employers_or_seekers_without_a_profile(client, auth, day_job):
    org, job = day_job
    html = page(client, f"/jobs/{job.id}")
    assert 'id="job-match-heading"' not in html and "How you match" not in html

    auth.login(EmployerFactory(owns=org).email, PASSWORD)
    for url in (f"/jobs/{job.id}", f"/employer/jobs/{job.id}/preview"):
        html = page(client, url)
        assert 'id="job-match-heading"' not in html and "How you match" not in html, url
    auth.logout()

    newcomer = UserFactory(role="seeker")
    auth.login(newcomer.email, PASSWORD)
    html = page(client, f"/jobs/{job.id}")
    assert 'id="job-match-heading"' not in html and "out of 100" not in html
    assert "How you match this job" in html  # the link to the page that asks for a profile
    assert "Build your profile to see how you match" in page(client, f"/jobs/{job.id}/match")


def test_no_match_on_a_closed_job(client, auth, day_job):
    _org, job = day_job
    job.status = JobStatus.CLOSED
    db.session.commit()
    seeker = coder()
    auth.login(seeker.user.email, PASSWORD)
    html = page(client, f"/jobs/{job.id}")
    assert "This job is closed" in html
    assert 'id="job-match-heading"' not in html and "How you match" not in html


# --- 2 and 3. "Jobs for you" and the dashboard -----------------------------------------------


def test_empty_jobs_for_you_gives_advice_that_fits_the_profile(client, auth, app):
    """It said "Adding the hours you can work and the credentials you hold helps" to a seeker
    whose profile already had both."""
    complete = coder("Complete Carla")
    bare = SearchProfileFactory(name="Bare Bina", credentials=[], slots=[])
    hours_only = SearchProfileFactory(name="Hours Hana", credentials=["CCS"], slots=[])
    sync_all()  # no job anywhere
    auth.login(complete.user.email, PASSWORD)
    html = page(client, "/jobs/for-you")
    assert "No jobs fit you yet" in html
    assert "Adding the hours" not in html
    assert "Your profile has what we need to match you" in html
    assert 'href="/profile/credentials"' not in html and 'href="/profile/availability"' not in html
    auth.logout()

    auth.login(bare.user.email, PASSWORD)
    html = page(client, "/jobs/for-you")
    assert "These would help us find jobs that fit you" in html
    assert '<a href="/profile/credentials">Add your credentials, such as CPC or CCS</a>' in html
    assert '<a href="/profile/availability">Add the hours you can work each week</a>' in html
    assert "Your profile has what we need" not in html
    auth.logout()

    auth.login(hours_only.user.email, PASSWORD)
    html = page(client, "/jobs/for-you")
    assert "Add the hours you can work each week" in html
    assert "Add your credentials" not in html


@pytest.fixture
def near_miss_board(app):
    org = SearchOrganizationFactory(name="Mercy Valley Hospital")
    fits = SearchJobFactory(
        organization=org, title="Remote CPC Coder", required_credentials=[["CPC"]]
    )
    # Retrieved for a CPC holder (it asks for CPC), but CCS is required too.
    almost = SearchJobFactory(
        organization=org, title="CPC and CCS Auditor", required_credentials=[["CPC"], ["CCS"]]
    )
    return fits, almost


def test_jobs_for_you_keeps_near_misses_apart(client, auth, near_miss_board):
    """Jobs failing a hard requirement ("Misses a requirement", 40 out of 100) were listed
    among the matches."""
    fits, almost = near_miss_board
    seeker = coder()
    sync_all()
    auth.login(seeker.user.email, PASSWORD)
    html = page(client, "/jobs/for-you")
    matches = section(html, "fits-heading")
    assert "1 job fits you" in matches
    assert fits.title in matches and almost.title not in matches
    assert "Misses a requirement" not in matches
    apart = section(html, "almost-heading")
    assert "Almost a match" in apart and almost.title in apart and fits.title not in apart
    assert "What is missing:" in apart and "Missing CCS (required)" in apart
    assert html.index("fits-heading") < html.index("almost-heading")


def test_the_dashboard_lists_only_jobs_that_fit(client, auth, near_miss_board):
    fits, almost = near_miss_board
    seeker = coder()
    sync_all()
    auth.login(seeker.user.email, PASSWORD)
    box = section(page(client, "/dashboard"), "for-you-heading")
    assert fits.title in box and "Meets every requirement" in box
    assert almost.title not in box and "Misses a requirement" not in box

    fits.status = JobStatus.CLOSED
    db.session.commit()
    sync_all()
    box = section(page(client, "/dashboard"), "for-you-heading")
    # No dead end: the closest near miss is shown with what is missing and what would fix it.
    assert fits.title not in box and almost.title in box
    assert "No open job meets all your requirements yet" in box
    assert "Missing CCS (required)" in box and "What would fix it: Add CCS" in box
    assert 'href="/jobs/for-you#almost"' in box


def test_best_candidates_keep_near_misses_apart(client, auth, app):
    """The employer's side of the same problem: candidates failing a requirement were ranked
    in the same list as those who meet every one."""
    org = SearchOrganizationFactory()
    job = SearchJobFactory(
        organization=org,
        title="CPC Day Coder",
        required_credentials=[["CPC"]],
        timezone="America/Chicago",
        schedule_flexible=False,
        shift_windows=[[d, 9 * 60, 15 * 60] for d in range(5)],
        hours_min=30,
        hours_max=30,
    )
    coder("Fiona Fits", anonymous=False)  # 9-5 Chicago: the whole shift
    coder("Sam Short", anonymous=False, slots=weekdays(12, 19))  # 3 of 6 shift hours a day
    sync_all()
    auth.login(EmployerFactory(owns=org).email, PASSWORD)
    html = page(client, f"/employer/jobs/{job.id}/candidates")
    fits = section(html, "fits-heading")
    assert "1 candidate fits this job" in fits
    assert "Fiona Fits" in fits and "Sam Short" not in fits
    almost = section(html, "almost-heading")
    assert "Sam Short" in almost and "Fiona Fits" not in almost
    assert "Available 15 of the 30 shift hours each week (needs 30)" in almost


# --- 4. The side-by-side comparison ----------------------------------------------------------


def test_comparison_says_none_asked_for_and_puts_verification_with_the_credentials(
    client, auth, app
):
    """ "Required credentials: None" read like a missing value, and "CPC not verified yet" sat
    in the Preferred credentials row."""
    org = SearchOrganizationFactory()
    employer = EmployerFactory(owns=org)
    open_job = SearchJobFactory(organization=org, title="Any Coder")
    seeker = coder(credentials=["CPC"])  # self-reported: not verified yet
    sync_all()
    auth.login(seeker.user.email, PASSWORD)
    html = page(client, f"/jobs/{open_job.id}/match")
    assert row(html, "Required credentials").startswith("None asked for")
    assert "CPC not verified yet" in row(html, "Required credentials")
    assert row(html, "Preferred credentials").startswith("None asked for")
    assert "verified" not in row(html, "Preferred credentials")
    assert ">None<" not in html
    # The same for what the job lists: it asks for no software, the coder gave none.
    assert row(html, "Software") == "None asked for None given Not compared"
    auth.logout()

    cpc_job = SearchJobFactory(
        organization=org,
        title="CPC Coder",
        required_credentials=[["CPC"]],
        preferred_credentials=["CRC"],
    )
    auth.login(employer.email, PASSWORD)
    html = page(client, f"/employer/jobs/{cpc_job.id}/candidates/{seeker.id}")
    required = row(html, "Required credentials")
    assert "Has CPC (required)" in required and "CPC not verified yet" in required
    preferred = row(html, "Preferred credentials")
    assert "None of the preferred credentials (CRC)" in preferred
    assert "verified" not in preferred
    # Each cell names its column, for phones where the table becomes one card per row.
    assert 'class="comparison stack-on-phone"' in html
    assert '<td data-label="The candidate">' in html


# --- 6. Filters fold away on a phone ---------------------------------------------------------


def test_filters_are_a_folded_section_that_counts_the_choices(client, auth, near_miss_board):
    """On a phone 2.5 screens of filters came before the first result."""
    sync_all()
    html = page(client, "/jobs")
    assert '<details class="filters" data-filters>' in html  # folded: no "open"
    assert '<summary id="filters-summary">Filters</summary>' in html
    html = page(client, "/jobs?mode=remote&credential=CPC")
    assert "Filters (2 chosen)" in html
    panel = re.search(r"<details class=\"filters\".*?</details>", html, flags=re.S).group(0)
    assert 'id="f-mode-remote"' in panel
    assert "Show jobs" in panel and re.search(r"Show \d+ jobs?<", panel)
    assert html.index("Filters (2 chosen)") < html.index('class="result-count"')

    auth.login(EmployerFactory(owns=SearchOrganizationFactory(name="Other Org")).email, PASSWORD)
    html = page(client, "/candidates?verified=1")
    assert "Filters (1 chosen)" in html and '<details class="filters" data-filters>' in html


# --- 8. Anonymous candidates -----------------------------------------------------------------


def test_anonymous_candidates_are_not_numbered_by_their_id(client, auth, app):
    """ "Candidate 12" told employers the profile id, hence how many people signed up."""
    org = SearchOrganizationFactory()
    job = SearchJobFactory(organization=org, title="Any Coder")
    first = coder("Secret Sam")
    second = coder("Secret Sue")
    sync_all()
    labels = {candidate_label(first.id), candidate_label(second.id)}
    assert len(labels) == 2
    for label in labels:
        assert re.fullmatch(r"Candidate [A-Z2-7]{6}", label), label
    assert candidate_label(first.id) == candidate_label(first.id)  # stable
    auth.login(EmployerFactory(owns=org).email, PASSWORD)
    html = page(client, f"/employer/jobs/{job.id}/candidates")
    assert labels <= set(re.findall(r"Candidate [A-Z2-7]{6}", html))
    assert f"Candidate {first.id}<" not in html and "Secret" not in html
    html = page(client, f"/employer/jobs/{job.id}/candidates/{first.id}")
    assert f"{candidate_label(first.id)} for “Any Coder”" in unescape(html)
    # Another deployment's key gives other labels.
    app.config["SECRET_KEY"] = "another key"
    assert candidate_label(first.id) not in labels


def test_a_master_key_that_starts_with_a_dash_still_starts_the_engine(tmp_path):
    """token_urlsafe() gives a leading "-" one time in 64; it must not read as an option."""
    from portal.search.server import MeiliProcess, find_binary, is_healthy

    binary = find_binary()
    if binary is None:
        from tests.fixtures.environment import missing

        missing("Meilisearch binary not found")
    server = MeiliProcess(binary, tmp_path / "meili", "-dash-first-key-0123456789abcdef").start()
    try:
        assert is_healthy(server.url)
    finally:
        server.stop()
