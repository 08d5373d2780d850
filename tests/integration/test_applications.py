"""Applying, the seeker's applications, the employer's pipeline and who may see what, through the
pages and with the real SMTP server."""

from __future__ import annotations

import contextlib
import threading

import pytest
import sqlalchemy as sa

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    ApplyClick,
    Notification,
    ProfileReveal,
    RevealReason,
    Stage,
)
from portal.models.profile_view import visible_identity
from portal.services import applications as service
from tests.fixtures.app import count
from tests.fixtures.factories import ScreeningQuestionFactory, UserFactory
from tests.fixtures.files import pdf_bytes
from tests.fixtures.world import applications_of, apply_via_page, subjects


def _apply(world, **fields) -> Application:
    response = apply_via_page(world.client, world.job, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    [application] = applications_of(world.job)
    return application


@pytest.fixture
def w(world, client, auth):
    world.client = client
    world.auth = auth
    return world


# Applying ----------------------------------------------------------------------------------------


def test_seeker_applies_in_one_step_and_both_sides_get_email(w, mailbox):
    w.auth.login(w.priya.email)
    # The job page's button only opens the form.
    opened = w.client.post(f"/jobs/{w.job.id}/apply", data={})
    assert opened.status_code == 200
    assert "Send my application" in opened.get_data(as_text=True)
    assert applications_of(w.job) == []

    response = apply_via_page(w.client, w.job)
    application = db.session.scalars(sa.select(Application)).one()
    # A confirmation page, not a flash message on another page.
    assert response.headers["Location"].endswith(f"/applications/{application.id}/sent")
    sent = w.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Application sent" in sent and "What happens next" in sent
    assert f'/applications/{application.id}"' in sent  # "See your application"
    assert application.stage == Stage.APPLIED
    assert application.organization_id == w.org_a.id
    assert application.cover_note == "I code E/M every day."
    # The match explanation is saved with the application.
    assert application.match_items and {"key", "label", "status", "detail"} <= set(
        application.match_items[0]
    )
    assert application.match_score >= 0
    [event] = application.events
    assert (event.from_stage, event.to_stage, event.actor_id) == (None, Stage.APPLIED, w.priya.id)

    [to_seeker] = mailbox.to(w.priya.email)
    assert "Your application for Remote CPC coder was sent" in to_seeker["Subject"]
    assert "CoderMatch" in to_seeker["Subject"]
    text = mailbox.text(to_seeker)
    assert f"http://localhost/applications/{application.id}" in text
    assert to_seeker.get_body(preferencelist=("html",)) is not None
    [to_employer] = mailbox.to(w.ana.email)
    assert "New applicant for Remote CPC coder" in to_employer["Subject"]
    assert f"http://localhost/employer/applicants/{application.id}" in mailbox.text(to_employer)
    assert "Priya Nair" in mailbox.text(to_employer)
    # Both people of organization A are told in the page; nobody at B.
    notified = {
        n.user_id for n in db.session.scalars(sa.select(Notification).filter_by(kind="applied"))
    }
    assert notified == {w.ana.id, w.raj.id}

    page = w.client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Sent" in page and "Remote CPC coder" in page


def test_applying_reveals_identity_to_that_organization_only(w):
    assert not visible_identity(w.priya_profile, w.ana)
    w.auth.login(w.priya.email)
    _apply(w)
    reveal = db.session.scalars(sa.select(ProfileReveal)).one()
    assert (reveal.organization_id, reveal.reason) == (w.org_a.id, RevealReason.APPLIED)
    assert visible_identity(w.priya_profile, w.ana)
    assert not visible_identity(w.priya_profile, w.ben)


def test_double_submit_creates_one_application(w):
    w.auth.login(w.priya.email)
    first = apply_via_page(w.client, w.job)
    second = apply_via_page(w.client, w.job)
    [application] = applications_of(w.job)
    assert first.headers["Location"].endswith(f"/applications/{application.id}/sent")
    assert second.headers["Location"].endswith(f"/applications/{application.id}")
    assert count(ApplicationEvent) == 1


def test_the_confirmation_page_is_the_applicants_own(w):
    w.auth.login(w.priya.email)
    apply_via_page(w.client, w.job)
    [application] = applications_of(w.job)
    w.auth.logout()
    w.auth.login(w.linda.email)
    assert w.client.get(f"/applications/{application.id}/sent").status_code == 404
    w.auth.logout()
    w.auth.login(w.ana.email)
    assert w.client.get(f"/applications/{application.id}/sent").status_code in (403, 404)


def test_simultaneous_submits_create_one_application(w, app):
    """Two requests that both pass the "already applied?" check: the unique constraint lets
    one in, and the other answers with it."""
    barrier = threading.Barrier(2, timeout=10)
    results, errors = [], []
    job_id, seeker_id = w.job.id, w.priya.id

    @sa.event.listens_for(db.session().__class__, "before_flush")
    def wait_for_the_other(session, context, instances):
        if any(isinstance(o, Application) for o in session.new):
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    def submit():
        with app.test_request_context():
            try:
                user = db.session.get(type(w.priya), seeker_id)
                result = service.apply(user, job_id, service.ApplyInput(resume="none"))
                results.append((result.application.id, result.created))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    try:
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    finally:
        sa.event.remove(db.session().__class__, "before_flush", wait_for_the_other)
    assert errors == []
    assert len({application_id for application_id, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]
    assert len(applications_of(w.job)) == 1


def test_unanswered_question_is_shown_next_to_it(w):
    question = ScreeningQuestionFactory(job=w.job, text="Can you work US day shifts?")
    w.auth.login(w.priya.email)
    response = apply_via_page(w.client, w.job)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and f'href="#q_{question.id}"' in html
    assert "Answer yes or no." in html
    assert applications_of(w.job) == []


def test_a_deal_breaker_answered_no_is_shown_to_the_employer_not_hidden(w):
    shift = ScreeningQuestionFactory(
        job=w.job, text="Can you work US day shifts?", must_be_yes=True
    )
    laptop = ScreeningQuestionFactory(job=w.job, text="Do you have your own laptop?")
    w.auth.login(w.priya.email)
    application = _apply(w, **{f"q_{shift.id}": "no", f"q_{laptop.id}": "yes"})
    assert application.misses_dealbreaker
    assert [(a["question_id"], a["answer"]) for a in application.answers] == [
        (shift.id, False),
        (laptop.id, True),
    ]
    w.auth.logout()
    w.auth.login(w.ana.email)
    pipeline = w.client.get(f"/employer/jobs/{w.job.id}/applicants").get_data(as_text=True)
    assert "Priya Nair" in pipeline and "Does not meet a deal-breaker" in pipeline
    detail = w.client.get(f"/employer/applicants/{application.id}").get_data(as_text=True)
    assert "Can you work US day shifts?" in detail and "Does not meet a deal-breaker" in detail


def test_resume_from_the_profile_is_copied_and_only_its_organization_downloads_it(w, app):
    from portal import uploads

    w.auth.login(w.priya.email)
    with app.test_request_context():
        stored = uploads.store(uploads.CheckedFile(pdf_bytes(), "pdf", "priya.pdf"))
    w.priya_profile.resume_file, w.priya_profile.resume_name = stored, "priya.pdf"
    db.session.commit()
    application = _apply(w, resume_choice="profile")
    assert application.resume_file and application.resume_file != stored
    assert application.resume_name == "priya.pdf"
    own = w.client.get(f"/applications/{application.id}/resume")
    assert own.status_code == 200 and own.data.startswith(b"%PDF-")
    w.auth.logout()
    w.auth.login(w.ben.email)
    assert w.client.get(f"/applications/{application.id}/resume").status_code == 404
    w.auth.logout()
    w.auth.login(w.raj.email)
    assert w.client.get(f"/applications/{application.id}/resume").status_code == 200


def test_uploaded_resume_is_checked(w):
    w.auth.login(w.priya.email)
    bad = apply_via_page(
        w.client, w.job, resume_choice="upload", resume_file=(io_bytes(b"not a pdf"), "cv.pdf")
    )
    assert bad.status_code == 400
    assert "Choose a PDF" in bad.get_data(as_text=True)
    good = apply_via_page(
        w.client, w.job, resume_choice="upload", resume_file=(io_bytes(pdf_bytes()), "cv.pdf")
    )
    assert good.status_code == 302
    [application] = applications_of(w.job)
    assert application.resume_name == "cv.pdf"


def io_bytes(data: bytes):
    import io

    return io.BytesIO(data)


def test_only_seekers_with_a_profile_apply_and_closed_jobs_refuse(w):
    newcomer = UserFactory(role="seeker", email="new@example.com")
    w.auth.login(newcomer.email)
    response = apply_via_page(w.client, w.job)
    assert response.status_code == 302 and "/profile" in response.headers["Location"]
    assert applications_of(w.job) == []
    w.auth.logout()

    w.auth.login(w.ben.email)
    response = apply_via_page(w.client, w.job)
    assert response.status_code == 302 and applications_of(w.job) == []
    w.auth.logout()

    from portal.models import JobStatus

    w.job.status = JobStatus.CLOSED
    db.session.commit()
    w.auth.login(w.priya.email)
    response = apply_via_page(w.client, w.job)
    assert response.status_code == 302 and applications_of(w.job) == []


def test_not_logged_in_is_sent_to_log_in(w):
    response = w.client.post(f"/jobs/{w.job.id}/apply", data={})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_external_job_records_the_click_and_sends_the_seeker_on(w):
    w.job.apply_method, w.job.apply_url = "external", "https://careers.mercy.example/apply/42"
    db.session.commit()
    w.auth.login(w.priya.email)
    response = w.client.get(f"/jobs/{w.job.id}/apply/external")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://careers.mercy.example/apply/42"
    click = db.session.scalars(sa.select(ApplyClick)).one()
    assert (click.job_id, click.user_id) == (w.job.id, w.priya.id)
    # Visitors who are not logged in are counted too; a portal job has no external link.
    w.auth.logout()
    assert w.client.post(f"/jobs/{w.job.id}/apply/external").status_code == 303
    assert count(ApplyClick) == 2
    assert w.client.get(f"/jobs/{w.job_b.id}/apply/external").status_code == 404


def test_withdraw_and_apply_again(w):
    w.auth.login(w.priya.email)
    application = _apply(w)
    assert w.client.post(f"/applications/{application.id}/withdraw").status_code == 302
    db.session.refresh(application)
    assert application.stage == Stage.WITHDRAWN
    assert {
        n.kind for n in db.session.scalars(sa.select(Notification).filter_by(user_id=w.ana.id))
    } >= {"withdrawn"}
    # Applying again reopens the same application.
    again = _apply(w)
    assert again.id == application.id and again.stage == Stage.APPLIED
    assert [(e.from_stage, e.to_stage) for e in again.events] == [
        (None, Stage.APPLIED),
        (Stage.APPLIED, Stage.WITHDRAWN),
        (Stage.WITHDRAWN, Stage.APPLIED),
    ]


# Pipeline ----------------------------------------------------------------------------------------


def _applied(w) -> Application:
    w.auth.login(w.priya.email)
    application = _apply(w)
    w.auth.logout()
    return application


def test_stage_changes_are_recorded_notified_and_emailed(w, mailbox):
    application = _applied(w)
    mailbox.deliver()
    mailbox.clear()
    w.auth.login(w.raj.email)
    for stage in ("reviewing", "interview"):
        response = w.client.post(
            f"/employer/jobs/{w.job.id}/applicants/move",
            data={"application_ids": [application.id], "stage": stage},
        )
        assert response.status_code == 302
    db.session.refresh(application)
    assert application.stage == Stage.INTERVIEW
    history = [(e.from_stage, e.to_stage, e.actor_id) for e in application.events]
    assert history[1:] == [
        (Stage.APPLIED, Stage.REVIEWING, w.raj.id),
        (Stage.REVIEWING, Stage.INTERVIEW, w.raj.id),
    ]
    emails = mailbox.to(w.priya.email)
    assert len(emails) == 2
    assert all("News about your application for Remote CPC coder" in s for s in subjects(emails))
    assert "Invited to interview" in mailbox.text(emails[1])
    assert f"http://localhost/applications/{application.id}" in mailbox.text(emails[1])
    # The history says who moved them, from where, to where.
    page = w.client.get(f"/employer/applicants/{application.id}").get_data(as_text=True)
    assert "Raj Patel moved them from “Reviewing” to “Interview”" in page
    w.auth.logout()

    w.auth.login(w.priya.email)
    nav = w.client.get("/applications").get_data(as_text=True)
    assert 'class="nav-count">2' in nav
    page = w.client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Invited to interview" in page and "Being reviewed" in page


def test_rejection_email_only_when_asked_and_kind(w, mailbox):
    application = _applied(w)
    w.auth.login(w.ana.email)
    mailbox.deliver()
    mailbox.clear()
    w.client.post(
        f"/employer/jobs/{w.job.id}/applicants/move",
        data={"application_ids": [application.id], "stage": "rejected"},
    )
    assert mailbox.to(w.priya.email) == []
    assert count(Notification, user_id=w.priya.id, kind="stage") == 1
    w.client.post(
        f"/employer/jobs/{w.job.id}/applicants/move",
        data={"application_ids": [application.id], "stage": "reviewing"},
    )
    w.client.post(
        f"/employer/jobs/{w.job.id}/applicants/move",
        data={"application_ids": [application.id], "stage": "rejected", "email_rejection": "y"},
    )
    emails = mailbox.to(w.priya.email)
    assert len(emails) == 2
    text = mailbox.text(emails[-1])
    assert "not to go ahead with your application this time" in text
    assert "not about you" in text


def test_move_many_sort_and_filter(w):
    first = _applied(w)
    w.auth.login(w.linda.email)
    second = _apply_job(w, w.job, confirm_unmet="y")  # she holds CCS, not the CPC required
    w.auth.logout()
    first.match_score, second.match_score = 40, 90
    db.session.commit()
    w.auth.login(w.ana.email)
    by_score = w.client.get(f"/employer/jobs/{w.job.id}/applicants?sort=score").get_data(True)
    assert by_score.index("Linda Brooks") < by_score.index("Priya Nair")
    by_date = w.client.get(f"/employer/jobs/{w.job.id}/applicants?sort=date").get_data(True)
    assert by_date.index("Linda Brooks") < by_date.index("Priya Nair")  # Linda applied last
    first.created_at, second.created_at = second.created_at, first.created_at
    db.session.commit()
    by_date = w.client.get(f"/employer/jobs/{w.job.id}/applicants?sort=date").get_data(True)
    assert by_date.index("Priya Nair") < by_date.index("Linda Brooks")

    w.client.post(
        f"/employer/jobs/{w.job.id}/applicants/move",
        data={"application_ids": [first.id, second.id], "stage": "shortlisted"},
    )
    db.session.expire_all()
    assert {a.stage for a in applications_of(w.job)} == {Stage.SHORTLISTED}
    w.client.post(
        f"/employer/jobs/{w.job.id}/applicants/move",
        data={"application_ids": [second.id], "stage": "interview"},
    )
    shortlisted = w.client.get(f"/employer/jobs/{w.job.id}/applicants?stage=shortlisted").get_data(
        True
    )
    assert "Priya Nair" in shortlisted and "Linda Brooks" not in shortlisted


def _apply_job(w, job, **fields) -> Application:
    response = apply_via_page(w.client, job, **fields)
    assert response.status_code == 302
    return db.session.scalar(
        sa.select(Application).where(Application.job_id == job.id).order_by(Application.id.desc())
    )


def test_withdrawn_applications_cannot_be_moved_and_applicants_cannot_withdraw_for_them(w, app):
    application = _applied(w)
    w.auth.login(w.priya.email)
    w.client.post(f"/applications/{application.id}/withdraw")
    w.auth.logout()
    w.auth.login(w.ana.email)
    w.client.post(
        f"/employer/jobs/{w.job.id}/applicants/move",
        data={"application_ids": [application.id], "stage": "interview"},
    )
    db.session.refresh(application)
    assert application.stage == Stage.WITHDRAWN
    with app.test_request_context(), pytest.raises(ValidationFailed, match="Only the applicant"):
        service.move(w.ana, [application.id], "withdrawn")


def test_notes_and_rating_are_for_the_organization_only(w):
    application = _applied(w)
    w.auth.login(w.raj.email)
    assert (
        w.client.post(
            f"/employer/applicants/{application.id}/notes",
            data={"body": "Strong E/M background; call Tuesday."},
        ).status_code
        == 302
    )
    assert (
        w.client.post(
            f"/employer/applicants/{application.id}/rating", data={"rating": "4"}
        ).status_code
        == 302
    )
    bad = w.client.post(f"/employer/applicants/{application.id}/rating", data={"rating": "9"})
    assert bad.status_code == 400
    empty = w.client.post(f"/employer/applicants/{application.id}/notes", data={"body": "  "})
    assert empty.status_code == 400 and "Write the note first." in empty.get_data(True)
    db.session.refresh(application)
    assert application.rating == 4
    w.auth.logout()
    w.auth.login(w.ana.email)  # a colleague sees it
    assert "Strong E/M background" in w.client.get(
        f"/employer/applicants/{application.id}"
    ).get_data(True)
    w.auth.logout()
    w.auth.login(w.priya.email)  # the applicant does not
    page = w.client.get(f"/applications/{application.id}").get_data(True)
    assert "Strong E/M background" not in page and "4 of 5" not in page


# Permissions -------------------------------------------------------------------------------------


def test_another_organization_gets_404_for_applicants_notes_messages(w):
    application = _applied(w)
    w.auth.login(w.ben.email)
    for url in (
        f"/employer/applicants/{application.id}",
        f"/employer/jobs/{w.job.id}/applicants",
        f"/applications/{application.id}/resume",
    ):
        assert w.client.get(url).status_code == 404, url
    posts = {
        f"/employer/applicants/{application.id}/notes": {"body": "sneaky"},
        f"/employer/applicants/{application.id}/rating": {"rating": "1"},
        f"/employer/applicants/{application.id}/messages": {"body": "hello"},
        f"/employer/jobs/{w.job.id}/applicants/move": {
            "application_ids": [application.id],
            "stage": "rejected",
        },
        # B's own job with A's application in it
        f"/employer/jobs/{w.job_b.id}/applicants/move": {
            "application_ids": [application.id],
            "stage": "rejected",
        },
    }
    for url, data in posts.items():
        assert w.client.post(url, data=data).status_code == 404, url
    db.session.refresh(application)
    assert application.stage == Stage.APPLIED and application.rating is None
    assert application.notes == [] and application.messages == []
    # Not even B's overview mentions it.
    assert "Priya Nair" not in w.client.get("/employer/applicants").get_data(True)


def test_a_seeker_sees_only_their_own_applications(w):
    application = _applied(w)
    w.auth.login(w.linda.email)
    assert w.client.get(f"/applications/{application.id}").status_code == 404
    assert w.client.post(f"/applications/{application.id}/withdraw").status_code == 404
    assert w.client.get(f"/applications/{application.id}/resume").status_code == 404
    assert "Remote CPC coder" not in w.client.get("/applications").get_data(True)
    # Seekers do not reach the employer pages at all.
    assert w.client.get(f"/employer/applicants/{application.id}").status_code == 403


def test_notifications_list_marks_them_read(w):
    application = _applied(w)
    w.auth.login(w.ana.email)
    page = w.client.get("/notifications").get_data(True)
    assert "Priya Nair applied for Remote CPC coder" in page
    assert 'class="nav-count">1' in page
    [notification] = db.session.scalars(sa.select(Notification).filter_by(user_id=w.ana.id)).all()
    response = w.client.post(f"/notifications/{notification.id}")
    assert response.headers["Location"].endswith(f"/employer/applicants/{application.id}")
    assert "nav-count" not in w.client.get("/notifications").get_data(True)
    w.auth.logout()
    w.auth.login(w.raj.email)  # someone else's notification
    assert w.client.post(f"/notifications/{notification.id}").status_code == 404
    assert w.client.post("/notifications/read").status_code == 302
    assert count(Notification, user_id=w.raj.id, read_at=None) == 0


def test_dashboards_show_applications_and_new_applicants(w):
    _applied(w)
    w.auth.login(w.priya.email)
    page = w.client.get("/dashboard").get_data(True)
    assert "Remote CPC coder" in page and "Sent" in page
    w.auth.logout()
    w.auth.login(w.ana.email)
    page = w.client.get("/dashboard").get_data(True)
    assert "1 new applicant" in page
