"""Moderation: verifying organizations, jobs held because they ask for money, approve or reject
with a reason the employer reads, and "report this job" feeding the admin queue."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import JobReport, JobStatus, Role
from portal.moderation import HOLD_SCORE, scan
from tests.fixtures.app import count
from tests.fixtures.factories import JobFactory, OrganizationFactory, UserFactory, admin, employer
from tests.fixtures.jobs import job, post_steps, publish, step_data


def _description(extra: str) -> dict:
    return {
        "basics": {
            **step_data()["basics"],
            "description": step_data()["basics"]["description"] + extra,
        }
    }


# The money filter through the posting flow ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Pay a registration fee of Rs 2,000 to start",
        "A refundable security deposit of ₹5000 is collected",
        "Kindly pay INR 1500 towards your kit",
        "Candidates must buy a laptop from our partner for $400",
        "Visa charges of SAR 3,000 will be deducted from your salary",
        "Processing fee is payable by Western Union",
        "Advance payment required. Pay for your kit.",
        "Send the training fee through UPI",
        "₹1500 refundable, payable via GPay",
    ],
)
def test_money_requests_are_found(text):
    found = scan(text)
    assert found.asks_for_money
    assert all(s.reading.signals for s in found.flagged)  # every hold says why


@pytest.mark.parametrize(
    "text",
    [
        "Salary ₹25,000 a month, night shift for US clients",
        "We never charge a registration fee or any deposit.",
        "No fees of any kind. We cover the training fee and the CPC exam.",
        "Paid training provided for two weeks.",
        "$28–34 an hour, equipment provided. We reimburse AAPC membership fees.",
    ],
)
def test_honest_postings_are_not_flagged(text):
    assert not scan(text).asks_for_money


def test_employer_is_told_only_that_the_team_checks_it_and_the_moderator_sees_the_sentence(
    client, auth
):
    user, _org = employer()
    auth.login(user.email)
    demand = "A registration fee of Rs 2,000 is collected at joining."
    job_id = post_steps(client, **_description("\n\n" + demand))
    preview = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "Your job will be checked by our team before it goes live." in preview
    assert "registration fee" not in preview.lower().replace(demand.lower(), "")
    assert "ask applicants for money" not in preview
    publish(client, job_id)
    held = job(job_id)
    assert held.status == JobStatus.PENDING_REVIEW
    [reason] = held.held_reasons
    assert reason["code"] == "money"
    [sentence] = reason["sentences"]
    assert sentence["text"] == demand and sentence["score"] >= HOLD_SCORE
    # The employer's own pages still say nothing about what tripped the rule.
    waiting = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "Your job will be checked by our team before it goes live." in waiting
    assert "score" not in waiting and "<mark>" not in waiting
    auth.logout()
    assert client.get(f"/jobs/{job_id}").status_code == 404

    auth.login(admin().email)
    html = client.get("/admin/moderation").get_data(as_text=True)
    assert f"<mark>{demand}</mark>" in html
    assert "Seems to ask applicants for money (score" in html
    assert "payment word “fee”" in html


def test_moderator_card_escapes_the_employers_text(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(
        client, **_description("\n\nPay the <b>deposit</b> of Rs 500 before <i>joining</i>.")
    )
    publish(client, job_id)
    auth.logout()
    auth.login(admin().email)
    html = client.get("/admin/moderation").get_data(as_text=True)
    assert "<b>deposit</b>" not in html
    assert "<mark>Pay the deposit of Rs 500 before joining.</mark>" in html


def test_screening_questions_are_checked_too(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(
        client, apply={"question2_text": "Can you pay the refundable deposit before joining?"}
    )
    publish(client, job_id)
    assert job(job_id).held_reasons[0]["code"] == "money"


# Approve and reject -----------------------------------------------------------------------------


def test_admin_approves_a_held_job_and_the_employer_hears(client, auth, mailbox):
    user, _org = employer(verified=False)
    auth.login(user.email)
    job_id = post_steps(client)
    publish(client, job_id)
    auth.logout()

    auth.login(admin().email)
    response = client.post(f"/admin/jobs/{job_id}/approve")
    assert response.headers["Location"].endswith("/admin/moderation#jobs")
    approved = job(job_id)
    assert approved.status == JobStatus.PUBLISHED
    assert approved.held_reasons == [] and approved.reviewed_by_id is not None
    assert approved.published_at is not None and approved.expires_at is not None
    [message] = mailbox.to(user.email)
    assert "Your job is live" in message["Subject"]
    # Approving again is refused, nothing changes.
    client.post(f"/admin/jobs/{job_id}/approve")
    assert job(job_id).status == JobStatus.PUBLISHED


def test_rejection_reason_reaches_the_employer_and_resubmission_is_reviewed(client, auth, mailbox):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client, **_description("\nPay for your kit before the first day."))
    publish(client, job_id)
    auth.logout()

    moderator = admin()
    auth.login(moderator.email)
    client.post(f"/admin/jobs/{job_id}/reject", data={"reason": ""})
    assert job(job_id).status == JobStatus.PENDING_REVIEW  # a reason is required
    client.post(
        f"/admin/jobs/{job_id}/reject",
        data={"reason": "Applicants may not be asked to pay for equipment."},
    )
    rejected = job(job_id)
    assert rejected.status == JobStatus.REJECTED
    assert rejected.moderation_note == "Applicants may not be asked to pay for equipment."
    [message] = mailbox.to(user.email)
    assert "Applicants may not be asked to pay for equipment." in mailbox.text(message)
    auth.logout()

    auth.login(user.email)
    preview = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "A moderator did not approve this job." in preview
    assert "Applicants may not be asked to pay for equipment." in preview
    # Fixed and sent again: a moderator looks again, even for a verified organization.
    client.post(f"/employer/jobs/{job_id}/edit/basics", data=step_data()["basics"])
    publish(client, job_id)
    again = job(job_id)
    assert again.status == JobStatus.PENDING_REVIEW
    assert [r["code"] for r in again.held_reasons] == ["resubmitted"]


def test_declined_organization_reads_the_reason_and_returns_to_the_queue(client, auth):
    owner, org = employer(verified=False)
    auth.login(admin().email)
    client.post(
        f"/admin/organizations/{org.id}/decline",
        data={"reason": "Your website does not mention medical coding."},
    )
    queue = client.get("/admin/moderation").get_data(as_text=True)
    assert org.name not in queue.split('id="organizations"')[1].split('id="jobs"')[0]
    auth.logout()
    auth.login(owner.email)
    html = client.get("/employer/organization").get_data(as_text=True)
    assert "Your website does not mention medical coding." in html
    client.post(
        "/employer/organization/edit",
        data={
            "name": org.name,
            "kind": "hospital",
            "country": "US",
            "website": "https://x.example",
        },
    )
    auth.logout()
    auth.login("admin@example.com")
    queue = client.get("/admin/moderation").get_data(as_text=True)
    assert org.name in queue.split('id="organizations"')[1].split('id="jobs"')[0]


@pytest.mark.parametrize("role", [Role.SEEKER, Role.EMPLOYER, Role.SCHOOL])
def test_only_admins_moderate(client, auth, role):
    held = JobFactory(status=JobStatus.PENDING_REVIEW)
    org = OrganizationFactory(verified_at=None)
    auth.login(UserFactory(role=role).email)
    assert client.get("/admin/moderation").status_code == 403
    assert client.post(f"/admin/jobs/{held.id}/approve").status_code == 403
    assert client.post(f"/admin/organizations/{org.id}/verify").status_code == 403
    assert job(held.id).status == JobStatus.PENDING_REVIEW


# Reports ----------------------------------------------------------------------------------------


def test_report_button_feeds_the_admin_queue(client, auth):
    live = JobFactory(title="Work from home data entry")
    html = client.get(f"/jobs/{live.id}").get_data(as_text=True)
    assert f'href="/jobs/{live.id}/report"' in html
    form = client.get(f"/jobs/{live.id}/report").get_data(as_text=True)
    assert "It asks for money" in form

    # A reason is required.
    html = client.post(f"/jobs/{live.id}/report", data={"details": "x"}).get_data(as_text=True)
    assert "Choose what is wrong with this job." in html
    assert count(JobReport) == 0

    response = client.post(
        f"/jobs/{live.id}/report",
        data={"reason": "asks_for_money", "details": "They asked me for ₹2000 on WhatsApp."},
    )
    assert response.headers["Location"].startswith(f"/jobs/{live.id}/")
    seeker = UserFactory(role=Role.SEEKER, name="Priya Nair")
    auth.login(seeker.email)
    client.post(f"/jobs/{live.id}/report", data={"reason": "fake_employer"})
    client.post(f"/jobs/{live.id}/report", data={"reason": "fake_employer"})  # once per person
    assert count(JobReport) == 2
    auth.logout()

    moderator = admin()
    auth.login(moderator.email)
    html = client.get("/admin/moderation").get_data(as_text=True)
    reports = html.split('id="reports"')[1]
    assert "Work from home data entry" in reports
    assert "They asked me for ₹2000 on WhatsApp." in reports
    assert "a visitor who was not logged in" in reports and "Priya Nair" in reports

    first = db.session.scalar(sa.select(JobReport).order_by(JobReport.id))
    client.post(f"/admin/reports/{first.id}/dismiss")
    db.session.refresh(first)
    assert first.resolution == "dismissed"
    client.post(
        f"/admin/jobs/{live.id}/reject", data={"reason": "Fake employer.", "from": "reports"}
    )
    assert job(live.id).status == JobStatus.REJECTED
    assert count(JobReport, JobReport.resolved_at.is_(None)) == 0


def test_three_reports_hold_a_live_job_until_a_moderator_looks(client, auth):
    live = JobFactory()
    for n in range(3):
        auth.login(UserFactory(role=Role.SEEKER, email=f"s{n}@example.com").email)
        client.post(f"/jobs/{live.id}/report", data={"reason": "asks_for_money"})
        auth.logout()
    held = job(live.id)
    assert held.status == JobStatus.PENDING_REVIEW
    assert held.held_reasons == [{"code": "reported", "count": 3}]
    auth.login(admin().email)
    client.post(f"/admin/jobs/{live.id}/approve")
    assert job(live.id).status == JobStatus.PUBLISHED
    assert count(JobReport, JobReport.resolved_at.is_(None)) == 0


def test_anonymous_reports_reach_the_queue_but_do_not_hold_the_job(client):
    live = JobFactory()
    for _ in range(4):
        client.post(f"/jobs/{live.id}/report", data={"reason": "spam"})
    assert count(JobReport) == 4
    assert job(live.id).status == JobStatus.PUBLISHED


def test_report_is_rate_limited(client):
    live = JobFactory()
    codes = [
        client.post(f"/jobs/{live.id}/report", data={"reason": "spam"}).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [302] * 5
    assert codes[5] == 429
    assert count(JobReport) == 5
