"""The audit log: what is recorded, who may read it, how it is filtered and paged, and that it
cannot be changed."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import AuditEvent, utcnow
from portal.services import audit
from tests.fixtures.factories import OrganizationFactory, UserFactory
from tests.fixtures.files import pdf_bytes
from tests.fixtures.forms import evidence
from tests.fixtures.world import applications_of, apply_via_page


def actions() -> list[tuple[str, int | None]]:
    return [
        (e.action, e.actor_id)
        for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_log_ins_and_failed_log_ins_are_recorded_with_the_address(client, auth):
    user = UserFactory(role="seeker", email="ida@example.com")
    auth.login("ida@example.com", "wrong password")
    auth.login("nobody@example.com", "whatever it is")
    auth.login("ida@example.com")
    assert actions() == [("login_failed", user.id), ("login_failed", None), ("login", user.id)]
    assert {e.ip_address for e in db.session.scalars(sa.select(AuditEvent))} == {"127.0.0.1"}


def test_refusals_are_recorded_for_the_wrong_role_and_for_others_objects(client, auth, world):
    auth.login(world.priya.email)
    assert client.get("/admin/users").status_code == 403
    auth.logout()
    auth.login(world.ben.email)
    assert client.get(f"/employer/jobs/{world.job.id}").status_code == 404
    refusals = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "permission_refused")
    ).all()
    assert [(r.actor_id, r.details["path"]) for r in refusals] == [
        (world.priya.id, "/admin/users"),
        (world.ben.id, f"/employer/jobs/{world.job.id}"),
    ]
    assert refusals[1].subject_type == "job" and refusals[1].subject_id == world.job.id


def test_moderation_reveals_and_resume_downloads_are_recorded(client, auth, world):
    admin = UserFactory(role="admin", email="root@example.com")
    pending = OrganizationFactory(verified_at=None, name="Waiting Clinic")
    auth.login(admin.email)
    verified = client.post(
        f"/admin/organizations/{pending.id}/verify", data={**evidence(), "confirm": "yes"}
    )
    assert verified.status_code == 302
    auth.logout()
    auth.login(world.priya.email)
    assert apply_via_page(client, world.job).status_code == 302
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "organization_verified")
    ).all()
    assert (event.actor_id, event.subject_type, event.subject_id) == (
        admin.id,
        "organization",
        pending.id,
    )
    reveal = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "identity_revealed")
    )
    assert reveal.actor_id == world.priya.id
    assert reveal.details == {"organization_id": world.org_a.id}


def test_an_employer_downloading_a_resume_is_recorded(client, auth, world, app):
    auth.login(world.priya.email)
    apply_via_page(
        client, world.job, resume_choice="upload", resume_file=(io.BytesIO(pdf_bytes()), "cv.pdf")
    )
    [application] = applications_of(world.job)
    assert client.get(f"/applications/{application.id}/resume").status_code == 200
    assert "resume_downloaded" not in [a for a, _ in actions()]  # her own copy
    auth.logout()
    auth.login(world.raj.email)
    assert client.get(f"/applications/{application.id}/resume").status_code == 200
    downloads = [actor for action, actor in actions() if action == "resume_downloaded"]
    assert downloads == [world.raj.id]


def test_disabling_an_account_is_recorded_with_the_admin(client, auth):
    admin = UserFactory(role="admin", email="root@example.com")
    target = UserFactory(role="seeker", email="target@example.com")
    auth.login(admin.email)
    client.post(f"/admin/users/{target.id}/disable")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "account_disabled"))
    assert (event.actor_id, event.subject_id) == (admin.id, target.id)


@pytest.fixture
def logged(app):
    """Sixty failed log-ins by Ida spread over sixty days, and one by Bob yesterday."""
    ida = UserFactory(role="seeker", email="ida@example.com")
    bob = UserFactory(role="employer", email="bob@example.com")
    now = utcnow()
    rows = [
        AuditEvent(action="login_failed", actor_id=ida.id, created_at=now - timedelta(days=d))
        for d in range(60)
    ]
    rows.append(AuditEvent(action="login", actor_id=bob.id, created_at=now - timedelta(days=1)))
    db.session.add_all(rows)
    db.session.commit()
    return ida, bob, now


def test_only_admins_read_the_log(client, auth, logged):
    auth.login("bob@example.com")
    assert client.get("/admin/audit").status_code == 403
    auth.logout()
    assert client.get("/admin/audit").status_code == 302


def test_the_log_is_paged_and_filtered(client, auth, logged):
    ida, bob, now = logged
    UserFactory(role="admin", email="root@example.com")
    auth.login("root@example.com")
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1 of 2" in first and "62 events" in first  # 61 + the admin's own log-in
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second
    assert client.get("/admin/audit?page=99999999999999999999").status_code == 200

    by_action = client.get("/admin/audit?action=login").get_data(as_text=True)
    assert "2 events" in by_action and "bob@example.com" in by_action
    by_actor = client.get("/admin/audit?actor=ida@").get_data(as_text=True)
    assert "60 events" in by_actor and "bob@example.com" not in by_actor
    since = (now - timedelta(days=9)).date().isoformat()
    until = (now - timedelta(days=2)).date().isoformat()
    window = client.get(f"/admin/audit?actor=ida&since={since}&until={until}")
    assert "8 events" in window.get_data(as_text=True)

    wildcard = client.get("/admin/audit?actor=%25").get_data(as_text=True)
    assert "0 events" in wildcard  # "%" is a character here, not a wildcard


def test_a_bad_date_is_shown_next_to_the_field(client, auth, logged):
    UserFactory(role="admin", email="root@example.com")
    auth.login("root@example.com")
    response = client.get("/admin/audit?since=yesterday")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="since-error"' in page and 'value="yesterday"' in page


def test_the_log_cannot_be_changed_or_deleted(app):
    user = UserFactory(role="seeker")
    with app.test_request_context():
        audit.record_now("login", actor=user)
    event = db.session.scalar(sa.select(AuditEvent))
    event.action = "login_failed"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(sa.select(AuditEvent)))
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.text("UPDATE audit_events SET action = 'x'"))
        db.session.rollback()
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.text("DELETE FROM audit_events"))
        db.session.rollback()
    assert db.session.scalar(sa.select(AuditEvent.action)) == "login"


def test_an_unknown_action_is_a_programming_error(app):
    with app.test_request_context(), pytest.raises(ValueError, match="Unknown audit action"):
        audit.record("something_else")


def test_releasing_a_held_message_is_recorded(client, auth, world):
    from portal.models import Application, Message

    admin = UserFactory(role="admin", email="root@example.com")
    application = Application(
        job_id=world.job.id,
        organization_id=world.org_a.id,
        seeker_id=world.priya.id,
        profile_id=world.priya_profile.id,
    )
    held = Message(
        application=application,
        sender_id=world.ana.id,
        from_organization=True,
        body="Please pay the training deposit first.",
        held_at=utcnow(),
        held_reasons=[],
    )
    db.session.add_all([application, held])
    db.session.commit()
    auth.login(admin.email)
    assert client.post(f"/admin/held/messages/{held.id}/release").status_code == 302
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "held_text_released")
    )
    assert (event.actor_id, event.subject_type, event.subject_id) == (admin.id, "message", held.id)
