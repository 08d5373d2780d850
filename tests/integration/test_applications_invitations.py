"""Invitations to apply: an employer invites an anonymous candidate; accepting reveals who they
are to that organization only; declining tells the employer; a daily limit per organization."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Invitation, Notification, ProfileReveal, RevealReason, Visibility, utcnow
from portal.models.profile_view import candidate_label, visible_identity
from tests.fixtures.app import count
from tests.fixtures.factories import ScreeningQuestionFactory
from tests.fixtures.forms import invite
from tests.fixtures.world import applications_of, apply_via_page


def test_invite_accept_reveals_identity_to_the_inviting_organization_only(
    world, client, auth, mailbox
):
    auth.login(world.ana.email)
    page = client.get(f"/employer/jobs/{world.job.id}/invite/{world.priya_profile.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert candidate_label(world.priya_profile.id) in html and "Priya" not in html
    response = invite(client, world, message="Your E/M experience fits our clinic team.")
    assert response.status_code == 302
    invitation = db.session.scalars(sa.select(Invitation)).one()
    sent = client.get("/employer/candidate-invitations").get_data(as_text=True)
    assert candidate_label(world.priya_profile.id) in sent and "Priya" not in sent
    auth.logout()

    [email] = mailbox.to(world.priya.email)
    assert "Mercy Valley invites you to apply" in email["Subject"]
    text = mailbox.text(email)
    assert f"http://localhost/invitations/{invitation.id}" in text
    assert "Your E/M experience fits our clinic team." in text

    auth.login(world.priya.email)
    listed = client.get("/invitations").get_data(as_text=True)
    assert "Remote CPC coder" in listed and "Waiting for your answer" in listed
    assert "1 employer invites you to apply." in client.get("/applications").get_data(True)
    page = client.get(f"/invitations/{invitation.id}").get_data(as_text=True)
    assert "Remote CPC coder" in page and "How you match" in page
    assert "out of 100" in page
    assert "Accept and apply" in page
    # Accepting applies in the same step, as the invitation promises: no second apply form.
    response = client.post(
        f"/invitations/{invitation.id}/accept",
        data={"cover_note": "Happy to help.", "resume_choice": "none"},
    )
    [application] = applications_of(world.job)
    assert response.headers["Location"].endswith(f"/applications/{application.id}/sent")
    assert application.invitation_id == invitation.id
    assert application.cover_note == "Happy to help."
    reveal = db.session.scalars(sa.select(ProfileReveal)).one()
    assert (reveal.organization_id, reveal.reason) == (
        world.org_a.id,
        RevealReason.INVITATION_ACCEPTED,
    )
    assert visible_identity(world.priya_profile, world.ana)
    assert not visible_identity(world.priya_profile, world.ben)
    # Accepting again (a double submit) answers with the same application.
    client.post(f"/invitations/{invitation.id}/accept")
    assert len(applications_of(world.job)) == 1
    auth.logout()

    [answer] = [m for m in mailbox.to(world.ana.email) if "accepted" in m["Subject"]]
    assert "Priya Nair accepted your invitation" in answer["Subject"]
    auth.login(world.ana.email)
    sent = client.get("/employer/candidate-invitations").get_data(as_text=True)
    assert "Priya Nair" in sent and "Accepted" in sent


def test_accept_and_apply_asks_the_jobs_questions_first(world, client, auth):
    question = ScreeningQuestionFactory(
        job=world.job, text="Do you hold an active CPC?", must_be_yes=True
    )
    auth.login(world.ana.email)
    invite(client, world)
    auth.logout()
    invitation = db.session.scalars(sa.select(Invitation)).one()
    auth.login(world.priya.email)
    assert "Do you hold an active CPC?" in client.get(f"/invitations/{invitation.id}").get_data(
        as_text=True
    )
    # Unanswered: nothing is accepted or sent, and the question says why.
    response = client.post(f"/invitations/{invitation.id}/accept", data={"cover_note": "Hi"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Answer yes or no." in html and "Hi</textarea>" in html
    assert count(ProfileReveal) == 0 and applications_of(world.job) == []
    response = client.post(f"/invitations/{invitation.id}/accept", data={f"q_{question.id}": "yes"})
    [application] = applications_of(world.job)
    assert response.headers["Location"].endswith(f"/applications/{application.id}/sent")
    assert application.answers and count(ProfileReveal) == 1


def test_accepting_while_missing_a_requirement_asks_for_the_confirmation_first(world, client, auth):
    auth.login(world.ana.email)
    assert invite(client, world, profile=world.linda_profile).status_code == 302
    auth.logout()
    invitation = db.session.scalars(sa.select(Invitation)).one()
    auth.login(world.linda.email)  # a CCS; the job asks for a CPC
    page = client.get(f"/invitations/{invitation.id}").get_data(as_text=True)
    assert "want to apply anyway" in page
    response = client.post(f"/invitations/{invitation.id}/accept")
    assert response.status_code == 400
    assert "Tick the box to apply anyway" in response.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.accepted_at is None and count(ProfileReveal) == 0
    response = client.post(f"/invitations/{invitation.id}/accept", data={"confirm_unmet": "y"})
    [application] = applications_of(world.job)
    assert response.headers["Location"].endswith(f"/applications/{application.id}/sent")


def test_accepting_for_a_job_applied_to_elsewhere_only_reveals_the_name(world, client, auth):
    world.job.apply_method = "external"
    world.job.apply_url = "https://careers.mercy.example/jobs/1"
    db.session.commit()
    auth.login(world.ana.email)
    invite(client, world)
    auth.logout()
    invitation = db.session.scalars(sa.select(Invitation)).one()
    auth.login(world.priya.email)
    page = client.get(f"/invitations/{invitation.id}").get_data(as_text=True)
    assert "Accept and apply" not in page and "on their own website" in page
    response = client.post(f"/invitations/{invitation.id}/accept")
    assert response.headers["Location"].endswith(f"/invitations/{invitation.id}")
    assert count(ProfileReveal) == 1 and applications_of(world.job) == []


def test_decline_tells_the_employer_without_a_reason_or_a_name(world, client, auth, mailbox):
    auth.login(world.ana.email)
    invite(client, world)
    auth.logout()
    invitation = db.session.scalars(sa.select(Invitation)).one()
    auth.login(world.priya.email)
    assert client.post(f"/invitations/{invitation.id}/decline").status_code == 302
    db.session.refresh(invitation)
    assert invitation.declined_at is not None and invitation.accepted_at is None
    assert count(ProfileReveal) == 0
    assert not visible_identity(world.priya_profile, world.ana)
    # Declined is final: accepting afterwards is refused.
    client.post(f"/invitations/{invitation.id}/accept")
    assert count(ProfileReveal) == 0
    auth.logout()

    [email] = mailbox.to(world.ana.email)
    assert "A candidate declined your invitation" in email["Subject"]
    assert "Priya" not in mailbox.text(email)
    kinds = {
        n.kind for n in db.session.scalars(sa.select(Notification).filter_by(user_id=world.ana.id))
    }
    assert "invitation_declined" in kinds


def test_only_the_invited_seeker_sees_the_invitation(world, client, auth):
    auth.login(world.ana.email)
    invite(client, world)
    auth.logout()
    invitation = db.session.scalars(sa.select(Invitation)).one()
    auth.login(world.linda.email)
    assert client.get(f"/invitations/{invitation.id}").status_code == 404
    assert client.post(f"/invitations/{invitation.id}/accept").status_code == 404
    assert client.post(f"/invitations/{invitation.id}/decline").status_code == 404
    assert count(ProfileReveal) == 0


def test_invitations_are_refused_when_they_should_be(world, client, auth):
    auth.login(world.ben.email)  # B cannot invite to A's job
    assert invite(client, world).status_code == 404
    auth.logout()

    auth.login(world.ana.email)
    assert invite(client, world).status_code == 302
    again = invite(client, world)  # twice for the same job
    assert again.status_code == 400
    assert "already invited" in again.get_data(as_text=True)

    world.linda_profile.visibility = Visibility.HIDDEN
    db.session.commit()
    assert invite(client, world, profile=world.linda_profile).status_code == 404
    assert count(Invitation) == 1


def test_invitations_are_limited_per_organization_per_day(world, client, auth, app):
    app.config["INVITATIONS_PER_DAY"] = 2
    from tests.fixtures.factories import JobFactory

    jobs = [JobFactory(organization=world.org_a, created_by_id=world.ana.id) for _ in range(3)]
    auth.login(world.ana.email)
    assert invite(client, world, job=jobs[0]).status_code == 302
    assert invite(client, world, job=jobs[1]).status_code == 302
    auth.logout()
    auth.login(world.raj.email)  # a colleague shares the organization's limit
    refused = invite(client, world, job=jobs[2])
    assert refused.status_code == 400
    assert "the most we allow" in refused.get_data(as_text=True)
    assert count(Invitation) == 2
    # A day later the organization may invite again; B was never limited.
    for invitation in db.session.scalars(sa.select(Invitation)).all():
        invitation.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    assert invite(client, world, job=jobs[2]).status_code == 302
    auth.logout()
    auth.login(world.ben.email)
    assert invite(client, world, job=world.job_b).status_code == 302


def test_no_invitation_after_the_candidate_applied(world, client, auth):
    auth.login(world.priya.email)
    apply_via_page(client, world.job)
    auth.logout()
    auth.login(world.ana.email)
    response = invite(client, world)
    assert response.status_code == 400
    assert "already applied" in response.get_data(as_text=True)


def test_best_candidates_page_offers_invite_then_shows_invited(world, client, auth):
    auth.login(world.ana.email)
    url = f"/employer/jobs/{world.job.id}/candidates"
    page = client.get(url).get_data(as_text=True)
    invite_url = f"/employer/jobs/{world.job.id}/invite/{world.priya_profile.id}"
    assert invite_url in page and "Invite to apply" in page
    assert invite(client, world, back=url).headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert invite_url not in page and "Invited" in page
