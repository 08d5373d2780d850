"""Every employer-written text goes through the money filter, through the real pages: a job's
edit after approval, contact details in a job, the organization's name and "about"."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Invitation, JobStatus, Message, Notification
from tests.fixtures.app import count
from tests.fixtures.factories import admin, employer
from tests.fixtures.jobs import job, post_steps, publish, step_data
from tests.fixtures.world import applications_of, apply_via_page

DEMAND = "A refundable deposit of Rs 2,000 is collected before joining."


def _with_description(extra: str) -> dict:
    basics = step_data()["basics"]
    return {**basics, "description": basics["description"] + "\n\n" + extra}


def _approve(client, auth, job_id: int, employer_email: str) -> None:
    auth.logout()
    auth.login(admin().email)
    assert client.post(f"/admin/jobs/{job_id}/approve").status_code == 302
    auth.logout()
    auth.login(employer_email)


# Approvals are remembered -------------------------------------------------------------------------


def test_an_approved_job_edited_only_in_its_pay_stays_live(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client, basics=_with_description(DEMAND))
    publish(client, job_id)
    assert job(job_id).status == JobStatus.PENDING_REVIEW
    _approve(client, auth, job_id, user.email)
    assert job(job_id).status == JobStatus.PUBLISHED

    pay = {**step_data()["pay"], "pay_min": "30", "pay_max": "38"}
    assert client.post(f"/employer/jobs/{job_id}/edit/pay", data=pay).status_code == 302
    edited = job(job_id)
    assert edited.status == JobStatus.PUBLISHED
    assert str(edited.pay_min) == "30.00"
    # Saving the same text again changes nothing either.
    client.post(f"/employer/jobs/{job_id}/edit/basics", data=_with_description(DEMAND))
    assert job(job_id).status == JobStatus.PUBLISHED


def test_an_approved_job_is_held_again_for_a_new_demand_only(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client, basics=_with_description(DEMAND))
    publish(client, job_id)
    _approve(client, auth, job_id, user.email)

    added = "Kindly pay the kit charges of Rs 1,500 via UPI."
    client.post(
        f"/employer/jobs/{job_id}/edit/basics", data=_with_description(DEMAND + " " + added)
    )
    held = job(job_id)
    assert held.status == JobStatus.PENDING_REVIEW
    money = next(r for r in held.held_reasons if r["code"] == "money")
    assert [s["text"] for s in money["sentences"]] == [added]  # not the approved sentence
    assert {"code": "edited"} in held.held_reasons
    preview = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "Your job will be checked by our team before it goes live." in preview
    assert "UPI" not in preview.replace(added, "")


def test_changing_the_amount_of_an_approved_demand_is_held_again(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client, basics=_with_description(DEMAND))
    publish(client, job_id)
    _approve(client, auth, job_id, user.email)
    client.post(
        f"/employer/jobs/{job_id}/edit/basics",
        data=_with_description(DEMAND.replace("2,000", "9,000")),
    )
    assert job(job_id).status == JobStatus.PENDING_REVIEW


def test_a_clean_published_job_is_held_when_an_edit_asks_for_money(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    publish(client, job_id)
    assert job(job_id).status == JobStatus.PUBLISHED
    client.post(
        f"/employer/jobs/{job_id}/edit/apply",
        data={**step_data()["apply"], "question1_text": "Can you pay ₹999 to activate your ID?"},
    )
    assert job(job_id).status == JobStatus.PENDING_REVIEW


# Contact details in jobs --------------------------------------------------------------------------


def test_phone_numbers_and_messenger_handles_hold_a_job(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(
        client, basics=_with_description("Questions? WhatsApp our HR on +91 98765 43210.")
    )
    publish(client, job_id)
    held = job(job_id)
    assert held.status == JobStatus.PENDING_REVIEW
    [reason] = held.held_reasons
    assert reason == {"code": "contact", "details": ["+91 98765 43210"]}
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Your job will be checked by our team before it goes live." in page
    assert "off the platform" not in page

    auth.logout()
    auth.login(admin().email)
    html = client.get("/admin/moderation").get_data(as_text=True)
    assert "Contact details that take seekers off the platform:" in html
    assert "+91 98765 43210" in html


def test_an_external_apply_link_to_a_messenger_is_held(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(
        client, apply={"apply_method": "external", "apply_url": "https://t.me/fastjobs_hr"}
    )
    publish(client, job_id)
    held = job(job_id)
    assert held.status == JobStatus.PENDING_REVIEW
    assert held.held_reasons[0]["code"] == "contact"


def test_a_disguised_demand_is_held(client, auth):
    """Lookalike Cyrillic letters, a soft hyphen and Markdown emphasis change nothing."""
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(
        client, basics=_with_description("Registration **fее** Rs 1,999 via U\u00adPI.")
    )
    publish(client, job_id)
    assert job(job_id).held_reasons[0]["code"] == "money"


# Organizations ----------------------------------------------------------------------------------

ORG = {
    "name": "Mercy Valley Health",
    "kind": "hospital",
    "website": "https://mercyvalley.example",
    "country": "US",
    "size": "501-1000",
    "about": "A community hospital coding team.",
}


def test_an_unverified_organizations_about_is_not_public(client, auth):
    user, org = employer(verified=False, about="Registration fee Rs 1,999 via UPI.")
    assert "Registration fee" not in client.get(f"/companies/{org.slug}").get_data(as_text=True)
    auth.login(user.email)
    own = client.get(f"/companies/{org.slug}").get_data(as_text=True)
    assert "Registration fee Rs 1,999 via UPI." in own  # the owner sees their own text
    assert "once our team has verified your organization" in own
    auth.logout()

    auth.login(admin().email)
    html = client.get("/admin/moderation").get_data(as_text=True)
    section = html.split('id="organizations"')[1].split('id="jobs"')[0]
    assert "<mark>Registration fee Rs 1,999 via UPI.</mark>" in section


def test_a_verified_organizations_about_is_public(client):
    _user, org = employer(about="A community hospital coding team.")
    page = client.get(f"/companies/{org.slug}").get_data(as_text=True)
    assert "A community hospital coding team." in page


def test_a_money_asking_name_has_no_public_page_until_verified(client, auth):
    user, org = employer(verified=False, name="Pay 999 Registration Jobs")
    assert client.get(f"/companies/{org.slug}").status_code == 404
    auth.login(user.email)
    assert client.get(f"/companies/{org.slug}").status_code == 200


def test_a_verified_organization_that_adds_a_demand_is_verified_again(client, auth):
    user, org = employer(website="https://mercyvalley.example")
    auth.login(user.email)
    response = client.post("/employer/organization/edit", data=ORG, follow_redirects=True)
    assert "Your organization is saved." in response.get_data(as_text=True)
    db.session.refresh(org)
    assert org.is_verified  # a clean change keeps the verification

    about = ORG["about"] + "\n\nNew joiners deposit ₹2,500 (refundable) via PhonePe."
    response = client.post(
        "/employer/organization/edit", data={**ORG, "about": about}, follow_redirects=True
    )
    text = response.get_data(as_text=True)
    assert "An administrator will verify your organization again" in text
    assert "PhonePe" not in text.replace("PhonePe.</textarea>", "")  # never named back
    db.session.refresh(org)
    assert not org.is_verified
    auth.logout()
    assert "PhonePe" not in client.get(f"/companies/{org.slug}").get_data(as_text=True)


def test_a_phone_number_added_to_the_about_needs_verification_again(client, auth):
    user, org = employer(website="https://mercyvalley.example")
    auth.login(user.email)
    client.post(
        "/employer/organization/edit",
        data={**ORG, "about": ORG["about"] + " Telegram @mercy_hr_desk for jobs."},
    )
    db.session.refresh(org)
    assert not org.is_verified


# Messages and invitations ---------------------------------------------------------------------


def _held_message(world, client, auth) -> Message:
    auth.login(world.priya.email)
    assert apply_via_page(client, world.job).status_code == 302
    [application] = applications_of(world.job)
    auth.logout()
    auth.login(world.ana.email)
    client.post(
        f"/employer/applicants/{application.id}/messages",
        data={"body": "Welcome! Kindly deposit ₹1,500 for your ID card before Monday."},
    )
    auth.logout()
    return db.session.scalars(sa.select(Message)).one()


def test_a_moderator_reads_a_held_message_marked_and_delivers_it(world, client, auth, mailbox):
    held = _held_message(world, client, auth)
    mailbox.deliver()
    mailbox.clear()
    auth.login(admin().email)
    html = client.get("/admin/moderation").get_data(as_text=True)
    section = html.split('id="held-messages"')[1]
    assert "<mark>Kindly deposit ₹1,500 for your ID card before Monday.</mark>" in section
    assert "amount “₹1,500”" in section
    response = client.post(f"/admin/held/messages/{held.id}/release")
    assert response.headers["Location"].endswith("/admin/moderation#held-messages")
    db.session.refresh(held)
    assert held.held_at is None
    # Delivered as if just sent: the seeker is told and reads it.
    assert mailbox.to(world.priya.email)
    assert count(Notification, user_id=world.priya.id, kind="message_to_seeker")
    # Releasing twice changes nothing.
    client.post(f"/admin/held/messages/{held.id}/release")
    assert len(mailbox.to(world.priya.email)) == 1


def test_a_removed_message_never_reaches_the_seeker(world, client, auth, mailbox):
    held_id = _held_message(world, client, auth).id
    auth.login(world.ana.email)
    # Only administrators moderate.
    assert client.post(f"/admin/held/messages/{held_id}/release").status_code in (403, 404)
    auth.logout()
    auth.login(admin().email)
    client.post(f"/admin/held/messages/{held_id}/remove")
    assert count(Message) == 0
    told = db.session.scalars(
        sa.select(Notification).filter_by(user_id=world.ana.id, kind="message_removed")
    ).one()
    assert told.data["job"] == world.job.title
    assert client.post(f"/admin/held/messages/{held_id}/remove").status_code == 404
    mailbox.deliver()
    assert not [m for m in mailbox.to(world.priya.email) if "New message" in m["Subject"]]


def test_a_held_invitation_is_delivered_when_a_moderator_releases_it(world, client, auth, mailbox):
    auth.login(world.ana.email)
    client.post(
        f"/employer/jobs/{world.job.id}/invite/{world.priya_profile.id}",
        data={"message": "Selected! Registration charges Rs 999 via Paytm to confirm."},
    )
    auth.logout()
    invitation = db.session.scalars(sa.select(Invitation)).one()
    auth.login(admin().email)
    client.post(f"/admin/held/invitations/{invitation.id}/release")
    auth.logout()
    auth.login(world.priya.email)
    assert client.get(f"/invitations/{invitation.id}").status_code == 200
    assert [m for m in mailbox.to(world.priya.email) if "invites you" in m["Subject"]]


def test_contact_details_in_an_invitation_are_hidden_until_the_seeker_applies(
    world, client, auth, mailbox
):
    auth.login(world.ana.email)
    response = client.post(
        f"/employer/jobs/{world.job.id}/invite/{world.priya_profile.id}",
        data={"message": "Loved your profile. WhatsApp me on +1 (555) 201-3344 or t.me/ana_hr."},
    )
    assert response.status_code == 302
    auth.logout()
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert invitation.held_at is None  # contact details are hidden, not held
    [email] = [m for m in mailbox.to(world.priya.email) if "invites you" in m["Subject"]]
    text = mailbox.text(email)
    assert "201-3344" not in text and "t.me/ana_hr" not in text
    assert "[contact details are shared once you apply]" in text
    auth.login(world.priya.email)
    page = client.get(f"/invitations/{invitation.id}").get_data(as_text=True)
    assert "Loved your profile." in page
    assert "201-3344" not in page and "t.me/ana_hr" not in page
    assert apply_via_page(client, world.job).status_code == 302
    page = client.get(f"/invitations/{invitation.id}").get_data(as_text=True)
    assert "+1 (555) 201-3344" in page
