"""Data rights through the pages: download everything as a zip; delete the account with the
password, keeping only anonymised counts (applications per job, the school a profile named)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Credential,
    Message,
    OrganizationMember,
    Profile,
    ProfileReveal,
    SavedSearch,
    User,
    Visibility,
)
from portal.search.client import write_client
from portal.search.settings import index_uid
from portal.services import accounts, legal
from portal.services.accounts import find_by_email
from tests.fixtures.factories import PASSWORD, SchoolFactory, UserFactory
from tests.fixtures.files import pdf_bytes
from tests.fixtures.search import sync_all
from tests.fixtures.world import applications_of, apply_via_page


def stored_files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.fixture
def applied(world, client, auth):
    """Priya has a résumé and a credential proof, applied with her résumé, wrote a message and
    got an answer; she saved a search."""
    auth.login(world.priya.email)
    credential = world.priya_profile.credentials[0]
    response = client.post(
        f"/profile/credentials/{credential.id}",
        data={"kind": "CPC", "proof": (io.BytesIO(pdf_bytes("proof")), "cpc-card.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    response = apply_via_page(
        client,
        world.job,
        resume_choice="upload",
        resume_file=(io.BytesIO(pdf_bytes("cv")), "priya-cv.pdf"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    [application] = applications_of(world.job)
    response = client.post(f"/applications/{application.id}", data={"body": "When could we talk?"})
    assert response.status_code == 302
    db.session.add(
        Message(
            application_id=application.id,
            sender_id=world.ana.id,
            from_organization=True,
            body="Tomorrow at ten.",
        )
    )
    db.session.add(SavedSearch(user_id=world.priya.id, name="Remote CPC", query_string="q=cpc"))
    db.session.commit()
    world.application = application
    return world


def test_a_seeker_downloads_all_their_data_and_files_as_a_zip(app, client, applied):
    response = client.get("/account/data/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))

    assert data["account"]["email"] == "priya@example.in"
    assert "password_hash" not in data["account"] and "session_token" not in data["account"]
    assert data["profile"]["headline"] == applied.priya_profile.headline
    assert data["profile"]["credentials"][0]["kind"] == "CPC"
    assert data["profile"]["revealed_to"][0]["organization"] == "Mercy Valley"
    [application] = data["applications"]
    assert application["job_title"] == "Remote CPC coder"
    assert "rating" not in application
    assert [m["body"] for m in application["messages"]] == [
        "When could we talk?",
        "Tomorrow at ten.",
    ]
    assert data["saved_searches"][0]["name"] == "Remote CPC"

    names = archive.namelist()
    assert any(n.startswith("credentials/") and n.endswith("cpc-card.pdf") for n in names)
    assert any(n.startswith("applications/") and n.endswith("priya-cv.pdf") for n in names)
    for name in names:
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF-")
    # Nobody else's data.
    assert "linda@example.com" not in archive.read("data.json").decode()
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "data_exported"))
        == 1
    )


def test_the_export_is_for_logged_in_people_only(client):
    response = client.get("/account/data/export.zip")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_deleting_needs_the_password_and_the_confirmation(client, auth):
    user = UserFactory(role="seeker", email="keep@example.com")
    auth.login("keep@example.com")
    wrong = client.post("/account/delete", data={"password": "not it", "confirm": "y"})
    assert wrong.status_code == 400
    assert "Your password is not right." in wrong.get_data(as_text=True)
    unticked = client.post("/account/delete", data={"password": PASSWORD})
    assert unticked.status_code == 400
    assert "Tick the box to confirm." in unticked.get_data(as_text=True)
    db.session.refresh(user)
    assert user.deleted_at is None and user.email == "keep@example.com"
    assert client.get("/dashboard").status_code == 200


def test_deleting_a_seeker_removes_their_data_and_keeps_anonymised_counts(
    app, client, auth, applied
):
    school = SchoolFactory(name="Coding Academy")
    applied.priya_profile.school_id = school.id
    db.session.commit()
    sync_all()
    profiles_index = write_client().index(index_uid("profiles"))
    assert applied.priya_profile.id in {int(d.id) for d in profiles_index.get_documents().results}
    files_before = stored_files(app)
    assert len(files_before) == 2

    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    # Logged out, and the session cannot come back.
    assert client.get("/dashboard").status_code == 302
    assert auth.login("priya@example.in").status_code == 200  # the form again: refused
    assert find_by_email("priya@example.in") is None

    user = db.session.get(User, applied.priya.id)
    assert user.name == "Deleted account" and user.deleted_at is not None
    assert "priya" not in user.email and not user.is_active
    profile = db.session.get(Profile, applied.priya_profile.id)
    assert profile.visibility == Visibility.HIDDEN and not profile.open_to_work
    assert profile.headline == "" and profile.phone == "" and profile.city is None
    assert profile.lat is None and profile.specialties == [] and profile.resume_file is None
    assert profile.school_id == school.id  # placement figures stay right
    assert (
        db.session.scalar(sa.select(Credential).where(Credential.profile_id == profile.id)) is None
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProfileReveal)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0
    assert stored_files(app) == set()

    # The employer still counts one application, anonymised, with its own message only.
    [application] = applications_of(applied.job)
    assert application.stage.value == "applied" and application.cover_note == ""
    assert application.resume_file is None and application.answers == []
    assert [m.body for m in application.messages] == ["Tomorrow at ten."]
    auth.login(applied.ana.email)
    pipeline = client.get(f"/employer/jobs/{applied.job.id}/applicants")
    assert pipeline.status_code == 200
    assert "Priya" not in pipeline.get_data(as_text=True)

    # The search worker takes the profile out of the index.
    sync_all()
    assert applied.priya_profile.id not in {
        int(d.id) for d in profiles_index.get_documents().results
    }
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                AuditEvent.action == "account_deleted", AuditEvent.actor_id == applied.priya.id
            )
        )
        == 1
    )


def test_the_address_of_a_deleted_account_can_sign_up_again(app, client, auth):
    UserFactory(role="seeker", email="again@example.com", name="Sam Again")
    auth.login("again@example.com")
    client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    with app.test_request_context():
        accounts.sign_up(
            name="Sam Again",
            email="again@example.com",
            password="a brand new harbour at noon",
            role="seeker",
            terms_version=legal.current_terms().number,
        )
    assert find_by_email("again@example.com").deleted_at is None


def test_an_employer_deleting_their_account_leaves_the_organization_and_its_jobs(
    client, auth, world
):
    auth.login(world.raj.email)
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    members = db.session.scalars(
        sa.select(OrganizationMember.user_id).where(
            OrganizationMember.organization_id == world.org_a.id
        )
    ).all()
    assert members == [world.ana.id]
    assert client.get(f"/jobs/{world.job.id}").status_code in (200, 301, 302, 308)


def test_when_the_last_member_deletes_their_account_the_open_jobs_close(client, auth, world):
    from portal.models import Job, JobStatus

    db.session.execute(
        sa.delete(OrganizationMember).where(
            OrganizationMember.organization_id == world.org_a.id,
            OrganizationMember.user_id != world.raj.id,
        )
    )
    db.session.commit()
    open_before = db.session.scalars(
        sa.select(Job.id).where(
            Job.organization_id == world.org_a.id, Job.status == JobStatus.PUBLISHED
        )
    ).all()
    assert world.job.id in open_before
    auth.login(world.raj.email)
    client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    statuses = {
        db.session.get(Job, job_id).status for job_id in open_before
    }  # nobody is left to read the applications
    assert statuses == {JobStatus.CLOSED}


def test_school_placement_figures_stay_right_after_a_graduate_deletes_their_account(
    client, auth, world
):
    from portal.models import Application, ApplicationEvent, Cohort, Graduate, Stage, utcnow
    from portal.services.placement import cohort_outcomes

    school = SchoolFactory(name="Coding Academy")
    cohort = Cohort(
        school_id=school.id,
        name="Spring cohort",
        credential="CPC",
        starts_on=date(2026, 1, 5),
        graduates_on=date(2026, 5, 29),
    )
    db.session.add(cohort)
    db.session.flush()
    graduate = Graduate(
        school_id=school.id,
        cohort_id=cohort.id,
        name="Priya Nair",
        email="priya@example.in",
        credential="CPC",
        credential_number="01234567",
        phone="+91 98470 12345",
        claimed_at=utcnow(),
        user_id=world.priya.id,
    )
    world.priya_profile.school_id = school.id
    application = Application(
        job_id=world.job.id,
        organization_id=world.org_a.id,
        seeker_id=world.priya.id,
        profile_id=world.priya_profile.id,
        stage=Stage.HIRED,
    )
    application.events.append(ApplicationEvent(to_stage=Stage.HIRED, actor_id=world.ana.id))
    db.session.add_all([graduate, application])
    db.session.commit()

    def figures():
        db.session.expire_all()
        [outcome] = cohort_outcomes([db.session.get(Cohort, cohort.id)])
        return outcome.stages(), outcome.days_to_offer

    before = figures()
    assert [count for _label, count in before[0]] == [1, 1, 1, 1, 1, 1]

    auth.login(world.priya.email)
    assert (
        client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code
        == 302
    )

    assert figures() == before
    db.session.refresh(graduate)
    assert graduate.name == "Deleted account" and "priya" not in graduate.email
    assert graduate.phone is None and graduate.credential_number is None
