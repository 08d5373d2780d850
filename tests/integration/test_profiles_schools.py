"""Training schools: a school account creates its page, seekers name it, and the school verifies
its graduates' credentials (administrators can verify any credential)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Credential, CredentialStatus, School
from tests.fixtures.factories import CredentialFactory, ProfileFactory, SchoolFactory, UserFactory


@pytest.fixture
def school_user(app):
    return UserFactory(role="school", email="placement@codingacademy.example", name="Susan Miller")


def test_a_school_creates_its_page_from_the_dashboard(client, auth, school_user):
    auth.login("placement@codingacademy.example")
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Create your school&#39;s page" in dashboard or "Create your school's page" in dashboard
    assert client.get("/school/graduates").headers["Location"].endswith("/school/profile")

    response = client.post("/school/profile", data={"name": "", "country": "US"})
    assert response.status_code == 400
    assert "Enter the name of your school." in response.get_data(as_text=True)

    response = client.post(
        "/school/profile",
        data={"name": "Coding Academy", "country": "US", "website": "codingacademy.example"},
    )
    assert response.status_code == 302
    school = db.session.scalar(sa.select(School))
    assert school.owner_id == school_user.id
    assert school.website == "https://codingacademy.example"
    assert "0 graduates have named your school" in client.get("/dashboard").get_data(as_text=True)

    # Editing keeps one school per account.
    client.post("/school/profile", data={"name": "The Coding Academy", "country": "US"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(School)) == 1


def test_a_seeker_names_the_school_and_the_school_verifies_the_credential(
    client, auth, school_user
):
    school = SchoolFactory(owner=school_user, name="Coding Academy")
    seeker = UserFactory(role="seeker", email="linda.brooks@example.com", name="Linda Brooks")
    auth.login("linda.brooks@example.com")
    page = client.get("/profile/basics").get_data(as_text=True)
    assert "Coding Academy (United States)" in page
    response = client.post(
        "/profile/basics",
        data={
            "headline": "CPC and CRC coder",
            "role_types": ["coder"],
            "country": "US",
            "region": "OH",
            "city": "Dayton",
            "school_id": str(school.id),
        },
    )
    assert response.status_code == 302
    client.post("/profile/credentials", data={"kind": "CRC", "number": "CRC-998877"})
    auth.logout()

    auth.login("placement@codingacademy.example")
    assert "1 credential waits for your check" in client.get("/dashboard").get_data(as_text=True)
    graduates = client.get("/school/graduates").get_data(as_text=True)
    assert "Linda Brooks" in graduates and "CRC-998877" in graduates
    credential = db.session.scalar(sa.select(Credential))

    response = client.post(f"/profile/credentials/{credential.id}/verify", data={"method": " "})
    assert response.status_code == 400
    assert "Say how you checked this credential." in response.get_data(as_text=True)

    response = client.post(
        f"/profile/credentials/{credential.id}/verify", data={"method": "Our exam records"}
    )
    assert response.headers["Location"].endswith("/school/graduates")
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.VERIFIED
    assert credential.verified_by_id == school_user.id
    assert credential.verified_by_school_id == school.id
    assert credential.verification_method == "Our exam records"
    assert credential.verified_at is not None
    auth.logout()

    # The seeker, and employers, see who verified it and how.
    auth.login("linda.brooks@example.com")
    html = client.get("/profile/").get_data(as_text=True)
    assert "Verified" in html and "by Coding Academy" in html and "Our exam records" in html
    assert seeker.id


def test_a_school_cannot_verify_someone_elses_graduate(client, auth, school_user):
    SchoolFactory(owner=school_user)
    stranger = CredentialFactory()  # a seeker who named no school
    auth.login("placement@codingacademy.example")
    assert client.get(f"/profile/credentials/{stranger.id}/verify").status_code == 404
    response = client.post(
        f"/profile/credentials/{stranger.id}/verify", data={"method": "Our exam records"}
    )
    assert response.status_code == 404
    db.session.refresh(stranger)
    assert stranger.status == CredentialStatus.SELF_REPORTED


@pytest.mark.parametrize("role", ["seeker", "employer"])
def test_seekers_and_employers_cannot_verify(client, auth, role):
    credential = CredentialFactory()
    UserFactory(role=role, email=f"{role}@example.com")
    auth.login(f"{role}@example.com")
    response = client.post(
        f"/profile/credentials/{credential.id}/verify", data={"method": "Trust me"}
    )
    assert response.status_code == 403


def test_an_admin_verifies_any_credential_and_can_withdraw_it(client, auth):
    profile = ProfileFactory()
    credential = CredentialFactory(profile=profile, kind="CCS")
    admin = UserFactory(role="admin", email="admin@example.com")
    auth.login("admin@example.com")
    page = client.get(f"/profile/{profile.id}").get_data(as_text=True)
    assert f"/profile/credentials/{credential.id}/verify" in page
    response = client.post(
        f"/profile/credentials/{credential.id}/verify",
        data={"method": "Checked the AHIMA credential directory"},
    )
    assert response.headers["Location"].endswith(f"/profile/{profile.id}")
    db.session.refresh(credential)
    assert credential.is_verified and credential.verified_by_id == admin.id
    assert credential.verified_by_school_id is None
    assert "by CoderMatch" in client.get(f"/profile/{profile.id}").get_data(as_text=True)

    client.post(f"/profile/credentials/{credential.id}/unverify")
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.SELF_REPORTED


def test_the_school_list_in_the_education_step_rejects_unknown_schools(client, auth):
    UserFactory(role="seeker", email="s@example.com")
    auth.login("s@example.com")
    response = client.post(
        "/profile/basics",
        data={"headline": "Coder", "role_types": ["coder"], "country": "US", "school_id": "42"},
    )
    assert response.status_code == 400
    assert "Choose your school from the list." in response.get_data(as_text=True)


def test_only_school_accounts_have_a_school_page(client, auth):
    UserFactory(role="seeker", email="s@example.com")
    auth.login("s@example.com")
    assert client.get("/school/profile").status_code == 403
    assert client.get("/school/graduates").status_code == 403


def test_admins_have_a_queue_of_uploaded_proofs_to_check(client, auth):
    waiting = CredentialFactory(
        kind="CCS", status=CredentialStatus.PROOF_UPLOADED, proof_file="a" * 32 + ".pdf"
    )
    CredentialFactory(kind="CPC")  # no proof: not in the queue
    UserFactory(role="admin", email="admin@example.com")
    auth.login("admin@example.com")
    page = client.get("/profile/credentials/to-check").get_data(as_text=True)
    assert f"/profile/credentials/{waiting.id}/verify" in page
    assert page.count("/verify") == 1
    assert "Credentials to check" in client.get("/dashboard").get_data(as_text=True)
    auth.logout()
    UserFactory(role="school", email="school@example.com")
    auth.login("school@example.com")
    assert client.get("/profile/credentials/to-check").status_code == 403
