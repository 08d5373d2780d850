"""Schools are verified by an administrator before seekers can choose them or their checks count;
a school never vouches for its own people; administrators send a credential proof back with a
reason the coder reads (in the page and by e-mail), and a new proof goes back to the queue."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Credential,
    CredentialStatus,
    Notification,
    School,
    VerificationDecision,
    VerificationRecord,
)
from portal.search.documents import load_profiles
from tests.fixtures.factories import (
    CredentialFactory,
    ProfileFactory,
    SchoolFactory,
    UserFactory,
    admin,
)
from tests.fixtures.files import tiny_pdf, upload
from tests.fixtures.forms import evidence

BASICS = {"headline": "CPC and CRC coder", "role_types": ["coder"], "country": "US"}


def _name_school(client, school_id: int):
    return client.post("/profile/basics", data={**BASICS, "school_id": str(school_id)})


def _verify_school(client, school: School):
    return client.post(
        f"/admin/schools/{school.id}/verify",
        data={
            **evidence(registration_kind="us_ein", registration_number="31-7654321"),
            "website": "https://codingacademy.example",
            "confirm": "yes",
        },
    )


def test_a_new_school_waits_for_an_administrator_before_anyone_sees_it(client, auth, mailbox):
    UserFactory(role="school", email="placement@codingacademy.example", name="Susan Miller")
    auth.login("placement@codingacademy.example")
    client.post(
        "/school/profile",
        data={"name": "Coding Academy", "country": "US", "website": "codingacademy.example"},
    )
    school = db.session.scalar(sa.select(School))
    assert not school.is_verified
    assert "Not verified yet" in client.get(f"/school/{school.id}").get_data(as_text=True)
    page = client.get("/school/graduates").get_data(as_text=True)
    assert "Our team checks every school" in page
    auth.logout()

    # Not offered to seekers, and a forged choice is refused.
    seeker = UserFactory(role="seeker", email="linda@example.com")
    ProfileFactory(user=seeker, school=None)
    auth.login(seeker.email)
    assert "Coding Academy" not in client.get("/profile/basics").get_data(as_text=True)
    response = _name_school(client, school.id)
    assert response.status_code == 400
    assert "Choose your school from the list." in response.get_data(as_text=True)
    auth.logout()

    moderator = admin()
    auth.login(moderator.email)
    queue = client.get("/admin/moderation").get_data(as_text=True)
    card = queue.split('id="schools"')[1].split('id="jobs"')[0]
    assert "Coding Academy" in card and "placement@codingacademy.example" in card
    assert f'href="/admin/schools/{school.id}/verify"' in card
    confirm = client.post(
        f"/admin/schools/{school.id}/verify",
        data=evidence(registration_kind="us_ein", registration_number="31-7654321"),
    ).get_data(as_text=True)
    assert "Seekers will find it in their school list" in confirm
    db.session.refresh(school)
    assert not school.is_verified  # only the confirmation verifies
    assert _verify_school(client, school).status_code == 302
    db.session.refresh(school)
    assert school.is_verified and school.verified_by_id == moderator.id
    record = db.session.scalar(sa.select(VerificationRecord))
    assert record.school_id == school.id and record.registration_number == "31-7654321"
    assert any("is verified" in m["Subject"] for m in mailbox.to(school.owner.email))
    auth.logout()

    assert "Verified school" in client.get(f"/school/{school.id}").get_data(as_text=True)
    auth.login(seeker.email)
    assert "Coding Academy (United States)" in client.get("/profile/basics").get_data(as_text=True)
    assert _name_school(client, school.id).status_code == 302


def test_an_unverified_schools_past_verifications_stop_counting(client, auth, mailbox):
    school = SchoolFactory(
        name="Coding Academy",
        website="https://codingacademy.example",
        owner=UserFactory(role="school", email="placement@codingacademy.example"),
    )
    profile = ProfileFactory(
        user=UserFactory(role="seeker", name="Linda Brooks", email="linda@example.com"),
        school=school,
    )
    credential = CredentialFactory(profile=profile, kind="CRC")
    auth.login(school.owner.email)
    client.post(f"/profile/credentials/{credential.id}/verify", data={"method": "Our exam records"})
    db.session.refresh(credential)
    assert credential.is_verified
    assert load_profiles([profile.id])[profile.id]["has_verified"] is True
    auth.logout()

    moderator = admin()
    auth.login(moderator.email)
    assert "Coding Academy" in client.get("/admin/schools").get_data(as_text=True)
    response = client.post(f"/admin/schools/{school.id}/withdraw", data={"reason": ""})
    assert response.status_code == 400
    client.post(
        f"/admin/schools/{school.id}/withdraw",
        data={"reason": "The school's accreditation lapsed."},
    )
    db.session.expire_all()
    assert not db.session.get(School, school.id).is_verified
    credential = db.session.get(Credential, credential.id)
    assert credential.status == CredentialStatus.VERIFIED  # kept on record…
    assert not credential.is_verified  # …but no longer counts
    assert credential.display_status() == "self_reported"
    assert load_profiles([profile.id])[profile.id]["has_verified"] is False
    html = client.get(f"/profile/{profile.id}").get_data(as_text=True)
    assert "Not verified" in html and "does not count" in html
    [record] = db.session.scalars(
        sa.select(VerificationRecord).where(
            VerificationRecord.decision == VerificationDecision.WITHDRAWN
        )
    ).all()
    assert record.note == "The school's accreditation lapsed."
    assert any("no longer verified" in m["Subject"] for m in mailbox.to(school.owner.email))
    auth.logout()

    # The unverified school sees no graduates and verifies nothing.
    auth.login(school.owner.email)
    page = client.get("/school/graduates").get_data(as_text=True)
    assert "Linda Brooks" not in page and "accreditation lapsed" in page
    assert client.get(f"/profile/credentials/{credential.id}/verify").status_code == 404
    auth.logout()

    # Verified again: its past verification counts again.
    auth.login(moderator.email)
    _verify_school(client, db.session.get(School, school.id))
    db.session.expire_all()
    assert db.session.get(Credential, credential.id).is_verified


@pytest.mark.parametrize(
    "seeker_email",
    [
        "placement+me@codingacademy.example",  # the school's own inbox, tagged
        "teacher@codingacademy.example",  # the school's own domain
        "tutor@mail.codingacademy.example",  # a subdomain of it
    ],
)
def test_a_school_never_verifies_its_own_people(client, auth, seeker_email):
    school = SchoolFactory(
        owner=UserFactory(role="school", email="placement@codingacademy.example"),
        website="https://www.codingacademy.example",
    )
    profile = ProfileFactory(user=UserFactory(role="seeker", email=seeker_email), school=school)
    credential = CredentialFactory(profile=profile)
    auth.login("placement@codingacademy.example")
    assert "Your own staff: an administrator checks this" in client.get(
        "/school/graduates"
    ).get_data(as_text=True)
    response = client.post(
        f"/profile/credentials/{credential.id}/verify", data={"method": "Our exam records"}
    )
    assert response.status_code == 404
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.SELF_REPORTED


def test_a_staff_member_cannot_have_the_school_verify_their_own_seeker_account(client, auth):
    from portal.models import SchoolMember

    school = SchoolFactory(owner=UserFactory(role="school", email="office@academy.example"))
    teacher = UserFactory(role="school", email="ravi.teacher@gmail.com")
    db.session.add(SchoolMember(school_id=school.id, user_id=teacher.id))
    db.session.commit()
    profile = ProfileFactory(
        user=UserFactory(role="seeker", email="ravi.teacher+jobs@gmail.com"), school=school
    )
    credential = CredentialFactory(profile=profile)
    auth.login("office@academy.example")
    response = client.post(
        f"/profile/credentials/{credential.id}/verify", data={"method": "Our exam records"}
    )
    assert response.status_code == 404
    db.session.refresh(credential)
    assert not credential.is_verified


def test_a_school_on_free_mail_does_not_disown_every_gmail_graduate(client, auth):
    school = SchoolFactory(owner=UserFactory(role="school", email="academy.office@gmail.com"))
    profile = ProfileFactory(
        user=UserFactory(role="seeker", email="linda@gmail.com"), school=school
    )
    credential = CredentialFactory(profile=profile)
    auth.login("academy.office@gmail.com")
    client.post(f"/profile/credentials/{credential.id}/verify", data={"method": "Our records"})
    db.session.refresh(credential)
    assert credential.is_verified
    # …but the same Gmail inbox written with dots is the school itself.
    own = ProfileFactory(
        user=UserFactory(role="seeker", email="Academy.Office+cpc@googlemail.com"), school=school
    )
    mine = CredentialFactory(profile=own)
    response = client.post(f"/profile/credentials/{mine.id}/verify", data={"method": "Trust me"})
    assert response.status_code == 404


def test_a_verified_school_that_renames_itself_is_checked_again(client, auth):
    school = SchoolFactory(name="Coding Academy")
    auth.login(school.owner.email)
    client.post("/school/profile", data={"name": "Coding Academy", "country": "US", "city": "X"})
    db.session.refresh(school)
    assert school.is_verified  # the city is not what was checked
    response = client.post(
        "/school/profile", data={"name": "AAPC Official Academy", "country": "US"}
    )
    assert response.status_code == 302
    db.session.refresh(school)
    assert not school.is_verified


# Credential proofs sent back ---------------------------------------------------------------------


def test_an_admin_sends_a_proof_back_and_the_coder_is_told(client, auth, mailbox):
    seeker = UserFactory(role="seeker", email="priya@example.in", name="Priya Nair")
    ProfileFactory(user=seeker)
    auth.login(seeker.email)
    client.post(
        "/profile/credentials",
        data={"kind": "CPC", "number": "01234567", "proof": upload(tiny_pdf(), "cpc.pdf")},
    )
    credential = db.session.scalar(sa.select(Credential))
    assert credential.status == CredentialStatus.PROOF_UPLOADED
    auth.logout()

    auth.login(admin().email)
    page = client.get(f"/profile/credentials/{credential.id}/verify").get_data(as_text=True)
    assert "Or send the proof back" in page and "Ask for a new proof" in page
    url = f"/profile/credentials/{credential.id}/proof-review"
    response = client.post(url, data={"outcome": "ask_again", "reason": "  "})
    assert response.status_code == 400
    assert "Write the reason the coder will read." in response.get_data(as_text=True)
    response = client.post(
        url, data={"outcome": "ask_again", "reason": "The scan is cut off: the number is missing."}
    )
    assert response.status_code == 302
    client.post(  # a double submit tells the coder once
        url, data={"outcome": "ask_again", "reason": "The scan is cut off: the number is missing."}
    )
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.PROOF_REQUESTED
    queue = client.get("/profile/credentials/to-check").get_data(as_text=True)
    assert f"/profile/credentials/{credential.id}/verify" not in queue
    auth.logout()

    [message] = mailbox.to(seeker.email)
    assert "Please send a new proof of your CPC" in message["Subject"]
    assert "The scan is cut off: the number is missing." in mailbox.text(message)
    assert f"/profile/credentials/{credential.id}" in mailbox.text(message)
    notification = db.session.scalar(sa.select(Notification))
    assert notification.user_id == seeker.id and notification.kind == "proof_ask_again"

    auth.login(seeker.email)
    assert "Please upload a new proof of CPC" in client.get("/notifications").get_data(as_text=True)
    page = client.get("/profile/credentials").get_data(as_text=True)
    assert "New proof needed" in page and "The scan is cut off" in page
    client.post(
        f"/profile/credentials/{credential.id}",
        data={"kind": "CPC", "number": "01234567", "proof": upload(tiny_pdf(2), "cpc-full.pdf")},
    )
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.PROOF_UPLOADED
    assert credential.proof_review_note is None
    auth.logout()

    auth.login("admin@example.com")
    client.post(
        url, data={"outcome": "reject", "reason": "This certificate belongs to someone else."}
    )
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.PROOF_REJECTED
    assert any("was not accepted" in m["Subject"] for m in mailbox.to(seeker.email))


def test_employers_never_read_why_a_proof_was_sent_back(client, auth):
    from tests.fixtures.factories import OrganizationFactory

    profile = ProfileFactory(anonymous=False)
    CredentialFactory(
        profile=profile,
        status=CredentialStatus.PROOF_REJECTED,
        proof_file="b" * 32 + ".pdf",
        proof_review_note="Someone else's certificate.",
    )
    recruiter = UserFactory(role="employer")
    OrganizationFactory(owner=recruiter)
    auth.login(recruiter.email)
    html = client.get(f"/profile/{profile.id}").get_data(as_text=True)
    assert "Not verified" in html and "Someone else" not in html


@pytest.mark.parametrize("role", ["school", "seeker", "employer"])
def test_only_admins_send_proofs_back(client, auth, role):
    credential = CredentialFactory(
        status=CredentialStatus.PROOF_UPLOADED, proof_file="c" * 32 + ".pdf"
    )
    user = UserFactory(role=role)
    auth.login(user.email)
    response = client.post(
        f"/profile/credentials/{credential.id}/proof-review",
        data={"outcome": "reject", "reason": "No."},
    )
    assert response.status_code == 403
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.PROOF_UPLOADED


def test_a_verified_credential_cannot_be_sent_back(client, auth):
    credential = CredentialFactory(status=CredentialStatus.VERIFIED, proof_file="d" * 32 + ".pdf")
    auth.login(admin().email)
    response = client.post(
        f"/profile/credentials/{credential.id}/proof-review",
        data={"outcome": "reject", "reason": "Changed my mind."},
    )
    assert response.status_code == 400
    db.session.refresh(credential)
    assert credential.status == CredentialStatus.VERIFIED


def test_a_declined_school_reads_why_and_returns_to_the_queue_when_it_changes(
    client, auth, mailbox
):
    school = SchoolFactory(name="Quick Cert Hub", verified_at=None)
    auth.login(admin().email)
    page = client.get(f"/admin/schools/{school.id}/decline").get_data(as_text=True)
    assert "Do not verify Quick Cert Hub" in page
    client.post(
        f"/admin/schools/{school.id}/decline",
        data={"reason": "We found no accreditation for this school."},
    )
    queue = client.get("/admin/moderation").get_data(as_text=True)
    assert "Quick Cert Hub" not in queue.split('id="schools"')[1].split('id="jobs"')[0]
    auth.logout()
    [message] = mailbox.to(school.owner.email)
    assert "We found no accreditation for this school." in mailbox.text(message)

    auth.login(school.owner.email)
    assert "We found no accreditation" in client.get("/school/profile").get_data(as_text=True)
    client.post(
        "/school/profile",
        data={"name": "Quick Cert Hub", "country": "US", "website": "quickcert.example"},
    )
    auth.logout()
    auth.login("admin@example.com")
    queue = client.get("/admin/moderation").get_data(as_text=True)
    assert "Quick Cert Hub" in queue.split('id="schools"')[1].split('id="jobs"')[0]
