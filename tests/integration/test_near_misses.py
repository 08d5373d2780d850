"""No dead ends, and jobs that say whether they take part-time or split shifts.

Near misses used to appear only when the engine's filter let a row through and the match then
failed it; a seeker lacking a required credential, or a job hiring elsewhere, simply vanished
("No jobs fit you yet", "No candidates yet"). Both lists now show the closest near misses with
what is missing and what would fix it."""

from __future__ import annotations

import re

from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
    employer,
)
from tests.fixtures.jobs import job, post_steps
from tests.fixtures.pages import page, section, text_of
from tests.fixtures.search import sync_all, weekdays


def test_a_seeker_without_the_required_credential_sees_the_job_as_a_near_miss(client, auth):
    org = SearchOrganizationFactory()
    SearchJobFactory(organization=org, title="Inpatient CCS Coder", required_credentials=[["CCS"]])
    seeker = SearchProfileFactory(credentials=["CPC"])
    sync_all()
    auth.login(seeker.user.email, PASSWORD)
    html = page(client, "/jobs/for-you")
    assert "No jobs fit you yet" in html
    almost = text_of(section(html, "almost-heading"))
    assert "Inpatient CCS Coder" in almost
    assert "Missing CCS (required) What would fix it: Add CCS" in almost


def test_a_job_hiring_elsewhere_is_a_near_miss_that_says_so(client, auth):
    org = SearchOrganizationFactory()
    SearchJobFactory(organization=org, title="Remote coder, India only", applicant_countries=["IN"])
    seeker = SearchProfileFactory(credentials=["CPC"])  # lives in Texas
    sync_all()
    auth.login(seeker.user.email, PASSWORD)
    almost = text_of(section(page(client, "/jobs/for-you"), "almost-heading"))
    assert "Lives in United States; the job hires from India" in almost
    assert "Only if the employer opens the job to people in United States" in almost


def test_best_candidates_show_near_misses_the_filter_left_out(client, auth):
    org = SearchOrganizationFactory()
    posting = SearchJobFactory(
        organization=org,
        title="CPC Day Coder",
        required_credentials=[["CPC"]],
        timezone="America/Chicago",
        schedule_flexible=False,
        shift_windows=[[d, 9 * 60, 15 * 60] for d in range(5)],
    )
    SearchProfileFactory(
        name="Carla CCS", anonymous=False, credentials=["CCS"], slots=weekdays(9, 17)
    )
    sync_all()
    auth.login(EmployerFactory(owns=org).email, PASSWORD)
    html = page(client, f"/employer/jobs/{posting.id}/candidates")
    assert "No candidates yet" not in html
    assert "0 candidates fit this job" in text_of(section(html, "fits-heading"))
    almost = text_of(section(html, "almost-heading"))
    assert "Carla CCS" in almost
    assert "Missing CPC (required) What would fix it: Add CPC" in almost


def test_near_misses_missing_fewer_requirements_come_first(client, auth):
    org = SearchOrganizationFactory()
    SearchJobFactory(organization=org, title="Needs CCS", required_credentials=[["CCS"]])
    SearchJobFactory(
        organization=org,
        title="Needs CCS from India",
        required_credentials=[["CCS"]],
        applicant_countries=["IN"],
    )
    seeker = SearchProfileFactory(credentials=["CPC"])
    sync_all()
    auth.login(seeker.user.email, PASSWORD)
    almost = section(page(client, "/jobs/for-you"), "almost-heading")
    titles = re.findall(r'<h3><a href="/jobs/\d+">([^<]+)</a></h3>', almost)
    assert titles == ["Needs CCS", "Needs CCS from India"]


def test_a_job_says_whether_it_takes_part_time_or_split_shifts(client, auth):
    user, _org = employer()
    auth.login(user.email)
    # 9:00-5:30 on weekdays is 42.5 hours: a 20-hour minimum needs part-time shifts.
    response = client.post(
        f"/employer/jobs/{post_steps(client)}/edit/schedule",
        data={
            "work_mode": "remote",
            "applicant_countries": ["US"],
            "timezone": "America/New_York",
            "schedule": "fixed",
            "shift1_days": ["0", "1", "2", "3", "4"],
            "shift1_start": "09:00",
            "shift1_end": "17:30",
            "hours_min": "20",
        },
    )
    assert "Without part-time or split shifts everyone works all the shift hours" in (
        response.get_data(as_text=True)
    )
    job_id = post_steps(client, schedule={"accepts_part_time": "y", "hours_min": "20"})
    saved = job(job_id)
    assert saved.accepts_part_time and saved.hours_min == 20
    facts = saved.facts()
    assert facts.accepts_part_time and facts.hours_min == 20
    form = page(client, f"/employer/jobs/{job_id}/edit/schedule")
    assert 'name="accepts_part_time"' in form and "checked" in form.split("accepts_part_time")[1]
    preview = page(client, f"/employer/jobs/{job_id}/preview")
    assert "Part-time or split shifts welcome." in preview
    full = post_steps(client)
    assert not job(full).accepts_part_time
    assert "Full shifts only." in page(client, f"/employer/jobs/{full}/preview")
