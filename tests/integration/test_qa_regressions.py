"""Bugs found by walking through the portal as a new user would (QA pass); one test each."""

from __future__ import annotations

import io
import re

from portal.models import Invitation, Message
from tests.integration.test_applications_fixtures import (
    add_question,
    applications_of,
    apply_via_page,
    pdf_bytes,
    world_fixture,  # noqa: F401 - the "world" fixture
)
from tests.jobs_support import admin, employer, post_steps, step_data


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


# Safety: employers' words to candidates ------------------------------------------------------


def test_an_invitation_that_asks_for_money_is_refused(world, client, auth, mailbox):
    """The invite form said "Do not ask for money" but sent "pay a registration fee" anyway."""
    auth.login(world.ana.email)
    url = f"/employer/jobs/{world.job.id}/invite/{world.priya_profile.id}"
    response = client.post(url, data={"message": "Please pay a registration fee of $50 first."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Employers never ask candidates for money" in html
    assert "“registration fee”" in html
    assert "Please pay a registration fee of $50 first." in html  # what they typed is kept
    assert Invitation.query.count() == 0
    assert mailbox.to(world.priya.email) == []
    # An honest message still goes.
    assert client.post(url, data={"message": "No fees of any kind."}).status_code == 302


def test_an_employer_message_that_asks_for_money_is_refused(world, client, auth):
    auth.login(world.priya.email)
    assert apply_via_page(client, world.job).status_code == 302
    [application] = applications_of(world.job)
    auth.logout()
    auth.login(world.ana.email)
    url = f"/employer/applicants/{application.id}/messages"
    response = client.post(url, data={"body": "Kindly pay the training fee by UPI."})
    assert response.status_code == 400
    assert "Employers never ask candidates for money" in response.get_data(as_text=True)
    assert Message.query.count() == 0
    assert client.post(url, data={"body": "See you on Thursday."}).status_code == 302
    auth.logout()
    # The seeker's own words are not policed: "do I need to pay a fee?" is a fair question.
    auth.login(world.priya.email)
    asked = client.post(
        f"/applications/{application.id}", data={"body": "Do I have to pay a training fee?"}
    )
    assert asked.status_code == 302


# Pages that confused a new user -----------------------------------------------------------------


def test_the_applicant_page_has_one_element_per_id(world, client, auth):
    """The note box and the message box were both id="body": the "Add a note" label and the
    error link pointed at the message box."""
    auth.login(world.priya.email)
    apply_via_page(client, world.job)
    [application] = applications_of(world.job)
    auth.logout()
    auth.login(world.ana.email)
    html = client.get(f"/employer/applicants/{application.id}").get_data(as_text=True)
    ids = [i for i in _ids(html) if i != "csrf_token"]
    assert len(ids) == len(set(ids))
    assert '<label for="note_body">' in html
    failed = client.post(f"/employer/applicants/{application.id}/notes", data={"body": " "})
    assert 'href="#note_body"' in failed.get_data(as_text=True)
    saved = client.post(f"/employer/applicants/{application.id}/notes", data={"body": "Call her"})
    assert saved.status_code == 302


def test_pay_step_says_optional_once(world, client, auth):
    auth.login(world.priya.email)
    html = client.get("/profile/pay").get_data(as_text=True)
    assert "Up to (for a range)" in html
    assert "(optional, for a range)" not in html


def test_a_chosen_proof_lost_to_another_error_is_announced(world, client, auth):
    """The proof was silently dropped when the dates were wrong; the credential then saved
    without it on the next try."""
    auth.login(world.priya.email)
    response = client.post(
        "/profile/credentials",
        data={
            "kind": "CRC",
            "issued_on": "2099-01-01",
            "proof": (io.BytesIO(pdf_bytes()), "c.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter a date that is today or in the past." in html
    assert "Your proof was not saved yet" in html
    # Nothing chosen, nothing to announce.
    plain = client.post("/profile/credentials", data={"kind": "CRC", "issued_on": "2099-01-01"})
    assert "Your proof was not saved yet" not in plain.get_data(as_text=True)


def test_a_chosen_resume_lost_to_an_unanswered_question_is_announced(world, client, auth):
    add_question(world.job, "Can you work US day shifts?")
    auth.login(world.priya.email)
    response = apply_via_page(
        client, world.job, resume_choice="upload", resume_file=(io.BytesIO(pdf_bytes()), "cv.pdf")
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Answer yes or no." in html
    assert "Your résumé was not sent yet" in html


def test_check_answers_changes_a_credential_on_its_own_page(world, client, auth):
    """ "Change" next to CPC led to the "add another credential" form, and read "change cpc"."""
    auth.login(world.priya.email)
    credential = world.priya_profile.credentials[0]
    html = client.get("/profile/check").get_data(as_text=True)
    assert (
        f'href="/profile/credentials/{credential.id}?next=check">Change'
        '<span class="visually-hidden"> CPC</span>'
    ) in html
    assert '<span class="visually-hidden"> headline</span>' in html  # other rows unchanged


def test_the_job_page_links_a_seeker_to_how_they_match_and_to_their_application(
    world, client, auth
):
    """The page included a template that does not exist, so a seeker saw no match at all; and
    after applying it still offered "Apply for this job"."""
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert "How you match this job" not in html  # visitors: nothing to match
    auth.login(world.priya.email)
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert f'href="/jobs/{world.job.id}/match"' in html
    apply_via_page(client, world.job)
    [application] = applications_of(world.job)
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert "You applied on" in html
    assert f'href="/applications/{application.id}"' in html
    assert "Apply for this job</button>" not in html


def test_a_deal_breaker_question_is_described_as_it_works(world, client, auth):
    """Job page: "(you must answer yes)"; apply form: "You can still apply if your answer is
    no". The second is the rule: a no is allowed and marked for the employer."""
    add_question(world.job, "Do you hold an active CPC?", must_be_yes=True)
    html = client.get(f"/jobs/{world.job.id}").get_data(as_text=True)
    assert "(the employer needs a yes)" in html and "must answer yes" not in html
    auth.login(world.ana.email)
    step = client.get(f"/employer/jobs/{world.job.id}/edit/apply").get_data(as_text=True)
    assert "A yes is needed for this job (a deal-breaker)" in step
    assert "Only people who answer yes can apply" not in step
    assert "It must start with https://" not in step  # http:// is accepted too


def test_the_invitation_email_does_not_claim_the_name_is_hidden_when_it_is_not(
    world, client, auth, mailbox
):
    from portal.extensions import db

    job_id, priya_id, linda_id = world.job.id, world.priya_profile.id, world.linda_profile.id
    priya_email, linda_email, ana_email = world.priya.email, world.linda.email, world.ana.email
    world.priya_profile.anonymous = False  # Linda stays anonymous
    db.session.commit()
    db.session.close()
    auth.login(ana_email)
    client.post(f"/employer/jobs/{job_id}/invite/{priya_id}", data={})
    client.post(f"/employer/jobs/{job_id}/invite/{linda_id}", data={})
    [to_priya] = mailbox.to(priya_email)
    assert "They do not know your name" not in mailbox.text(to_priya)
    assert "See the job and how you match" in mailbox.text(to_priya)
    [to_linda] = mailbox.to(linda_email)
    assert "They do not know your name" in mailbox.text(to_linda)


def test_a_visitor_can_reach_job_search_from_every_page(client):
    html = client.get("/companies/no-such-company").get_data(as_text=True)
    assert '<a href="/jobs"' in html and ">Search jobs</a>" in html


# Employer job posting ---------------------------------------------------------------------------


def test_a_job_step_lists_every_problem_at_once(client, auth):
    """With one typing mistake (charts "lots") the other problems (pay "twenty", accuracy 150)
    only showed after fixing it and sending again."""
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    data = {
        **step_data()["pay"],
        "pay_min": "twenty",
        "charts_per_day": "lots",
        "qa_accuracy": "150",
    }
    response = client.post(f"/employer/jobs/{job_id}/edit/pay", data=data)
    html = response.get_data(as_text=True)
    assert "Enter a whole number, like 5." in html  # the form's own check
    assert "Enter the lowest pay, for example 25 or 25000." in html
    assert "Enter the accuracy as a percentage from 50 to 100." in html
    assert html.count("Enter a whole number, like 5.") == 2  # summary and field, not doubled
    new = client.post("/employer/jobs/new", data={"openings": "two"}).get_data(as_text=True)
    assert "Enter the job title" in new and "Describe the job" in new


def test_conditionally_required_job_fields_are_not_marked_optional(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    legend = re.search(
        r"<legend>For remote work: countries applicants may live in(.*?)</legend>", html
    )
    assert legend and "optional" not in legend.group(1)
    for first_of_many in ("shift1_start", "shift1_end", "office1_city", "hours_min"):
        assert re.search(rf'for="{first_of_many}">[^<]*</label>\s*<(?!span)', html), first_of_many
    assert 'for="office2_city">City</label> <span class="optional">' in html


def test_an_employer_without_jobs_is_told_how_to_post_one(client, auth):
    user, _org = employer()
    auth.login(user.email)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "You have not posted a job yet." in html and "No jobs match." not in html
    filtered = client.get("/employer/jobs?status=closed").get_data(as_text=True)
    assert "No jobs match." in filtered


def test_one_week_of_onsite_training_is_singular(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client, pay={"onsite_training_weeks": "1"})
    html = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "The first week is training at the office." in html


# Admin ------------------------------------------------------------------------------------------


def test_admin_counts_read_right_for_one(client, auth):
    """ "1 organizations to verify, 1 jobs waiting"; "0 waiting jobs are now live"."""
    moderator = admin()
    _user, organization = employer(verified=False)
    auth.login(moderator.email)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Organizations to verify: 1 · Jobs waiting: 0 · Reports: 0" in html
    response = client.post(f"/admin/organizations/{organization.id}/verify", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert f"{organization.name} is verified." in html and "0 waiting jobs" not in html
