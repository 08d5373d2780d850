"""Reports with weight: "it asks for money" from someone who applied, was invited or was written to
takes the job down at once; seekers report a single message; the admin queue shows one card per
job with its reports, and both the reports and the held jobs are ordered by risk."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import JobReport, JobStatus, Role, utcnow
from tests.fixtures.app import count
from tests.fixtures.factories import JobFactory, UserFactory, admin
from tests.fixtures.forms import invite
from tests.fixtures.jobs import job
from tests.fixtures.world import applications_of, apply_via_page


def _report(client, job_id: int, reason: str = "asks_for_money", **data):
    return client.post(f"/jobs/{job_id}/report", data={"reason": reason, **data})


def _reports_section(client) -> str:
    return client.get("/admin/moderation").get_data(as_text=True).split('id="reports"')[1]


def test_a_money_report_from_an_applicant_takes_the_job_down_at_once(world, client, auth):
    auth.login(world.priya.email)
    assert apply_via_page(client, world.job).status_code == 302
    _report(client, world.job.id, details="They asked me for $200 for the coding software.")
    held = job(world.job.id)
    assert held.status == JobStatus.PENDING_REVIEW
    assert held.held_reasons == [{"code": "reported_by_applicant"}]
    [report] = db.session.scalars(sa.select(JobReport)).all()
    assert report.first_hand
    auth.logout()
    assert client.get(f"/jobs/{world.job.id}").status_code == 404  # off the board

    auth.login(admin().email)
    queue = client.get("/admin/moderation").get_data(as_text=True)
    held_card = queue.split('id="jobs"')[1].split('id="reports"')[0]
    assert "Someone who applied or was contacted reported it asks for money." in held_card
    reports = queue.split('id="reports"')[1]
    assert "applied or was contacted about this job" in reports
    assert "They asked me for $200 for the coding software." in reports


def test_other_reports_from_one_person_do_not_hold_a_job(world, client, auth):
    # Applied, but reports something else: one report is not enough.
    auth.login(world.priya.email)
    apply_via_page(client, world.job)
    _report(client, world.job.id, reason="misleading")
    auth.logout()
    # Asks for money, but never dealt with the employer about this job.
    auth.login(world.linda.email)
    _report(client, world.job.id)
    auth.logout()
    # Anonymous.
    _report(client, world.job.id)
    assert job(world.job.id).status == JobStatus.PUBLISHED
    assert count(JobReport, JobReport.first_hand.is_(True)) == 1


def test_an_invited_seeker_reports_first_hand(world, client, auth):
    auth.login(world.ana.email)
    assert invite(client, world, message="Apply today.").status_code == 302
    auth.logout()
    auth.login(world.priya.email)
    _report(client, world.job.id)
    assert job(world.job.id).status == JobStatus.PENDING_REVIEW


def test_a_seeker_reports_one_message(world, client, auth):
    auth.login(world.priya.email)
    apply_via_page(client, world.job)
    auth.logout()
    [application] = applications_of(world.job)
    auth.login(world.raj.email)
    client.post(
        f"/employer/applicants/{application.id}/messages",
        data={
            "body": "Our agent will call you about the onboarding formalities before the interview."
        },
    )
    auth.logout()
    db.session.refresh(application)
    [message] = application.messages

    auth.login(world.priya.email)
    thread = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert f'href="/messages/{message.id}/report"' in thread
    form = client.get(f"/messages/{message.id}/report").get_data(as_text=True)
    assert "Report this message" in form and "onboarding formalities" in form
    response = client.post(f"/messages/{message.id}/report", data={"details": "x"})
    assert response.status_code == 400
    assert "Choose what is wrong with this job." in response.get_data(as_text=True)
    response = client.post(
        f"/messages/{message.id}/report",
        data={"reason": "asks_for_money", "details": "They want money before the interview."},
    )
    assert response.headers["Location"].endswith(f"/applications/{application.id}#messages")
    client.post(f"/messages/{message.id}/report", data={"reason": "asks_for_money"})  # twice
    [report] = db.session.scalars(sa.select(JobReport)).all()
    assert report.message_id == message.id and report.first_hand
    assert report.job_id == world.job.id
    assert job(world.job.id).status == JobStatus.PENDING_REVIEW
    # The seeker cannot report their own message, nor anyone else a message not sent to them.
    client.post(f"/applications/{application.id}", data={"body": "I will not pay."})
    db.session.refresh(application)
    own = next(m for m in application.messages if not m.from_organization)
    assert client.get(f"/messages/{own.id}/report").status_code == 404
    auth.logout()
    auth.login(world.linda.email)
    assert client.get(f"/messages/{message.id}/report").status_code == 404
    assert client.post(f"/messages/{message.id}/report", data={"reason": "spam"}).status_code == 404
    auth.logout()
    auth.login(world.raj.email)
    assert client.get(f"/messages/{message.id}/report").status_code == 403
    auth.logout()

    auth.login(admin().email)
    reports = _reports_section(client)
    assert (
        "Our agent will call you about the onboarding formalities before the interview." in reports
    )
    assert "They want money before the interview." in reports


def test_reports_are_grouped_per_job_and_the_riskiest_comes_first(world, client, auth):
    noisy = JobFactory(title="Data entry from home")
    for n in range(2):
        auth.login(UserFactory(role=Role.SEEKER, email=f"s{n}@example.com").email)
        _report(client, noisy.id, reason="spam")
        auth.logout()
    _report(client, noisy.id, reason="misleading")  # anonymous
    # Reported later, once, but by an applicant and for money: it comes first.
    auth.login(world.priya.email)
    apply_via_page(client, world.job)
    _report(client, world.job.id)
    auth.logout()

    auth.login(admin().email)
    reports = _reports_section(client)
    assert reports.count('class="card moderation-item"') == 2  # one card per job
    assert "3 reports" in reports and "1 report" in reports
    assert reports.index(world.job.title) < reports.index("Data entry from home")

    # Taking a job down asks for the reason on its own page.
    assert "<textarea" not in reports
    assert f'href="/admin/jobs/{noisy.id}/reject?from=reports"' in reports
    page = client.get(f"/admin/jobs/{noisy.id}/reject?from=reports").get_data(as_text=True)
    assert "Take “Data entry from home” down" in page and 'name="from" value="reports"' in page

    # Dismissing the card dismisses its reports, not the other job's.
    client.post(f"/admin/jobs/{noisy.id}/reports/dismiss")
    assert count(JobReport, JobReport.resolved_at.is_(None)) == 1
    assert "Data entry from home" not in _reports_section(client)


def test_held_jobs_are_ordered_by_risk(client, auth):
    now = utcnow()
    waiting_long = JobFactory(
        title="Waiting longest",
        status=JobStatus.PENDING_REVIEW,
        submitted_at=now.replace(year=now.year - 1),
        held_reasons=[{"code": "new_organization"}],
    )
    risky = JobFactory(
        title="Asks for money",
        status=JobStatus.PENDING_REVIEW,
        submitted_at=now,
        held_reasons=[{"code": "reported_by_applicant"}],
    )
    auth.login(admin().email)
    held = client.get("/admin/moderation").get_data(as_text=True).split('id="jobs"')[1]
    held = held.split('id="reports"')[0]
    assert held.index(risky.title) < held.index(waiting_long.title)


def test_dismissing_reports_is_for_admins_only(world, client, auth):
    _report(client, world.job.id)
    auth.login(world.priya.email)
    assert client.post(f"/admin/jobs/{world.job.id}/reports/dismiss").status_code == 403
    assert count(JobReport, JobReport.resolved_at.is_(None)) == 1
