"""Organizations: create and edit one, invite colleagues by e-mail, remove them, and who may act
for whom (another organization's jobs are a 404; other roles get 403 on employer pages)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    JobStatus,
    MemberRole,
    Organization,
    OrganizationInvitation,
    OrganizationMember,
    Role,
)
from portal.models.organization import organization_of
from portal.services.organizations import create_organization, remove_member
from portal.web.auth_session import load_user
from tests.fixtures.app import count, counting
from tests.fixtures.factories import JobFactory, OrganizationMemberFactory, UserFactory, employer
from tests.fixtures.jobs import job, step_data

ORG = {
    "name": "Mercy Valley Health",
    "kind": "hospital",
    "website": "https://www.mercyvalley.example",
    "country": "US",
    "size": "501-1000",
    "about": "A community hospital in Ohio.",
}


def members(org_id: int) -> dict[str, MemberRole]:
    rows = db.session.scalars(
        sa.select(OrganizationMember).where(OrganizationMember.organization_id == org_id)
    ).all()
    return {m.user.email: m.role for m in rows}


def test_employer_creates_an_organization_and_becomes_its_owner(client, auth):
    user = UserFactory(role=Role.EMPLOYER, email="james@mercyvalley.example")
    auth.login(user.email)
    assert "Create your organization" in client.get("/dashboard").get_data(as_text=True)
    response = client.post("/employer/organization/new", data=ORG)
    assert response.headers["Location"].endswith("/dashboard")
    org = db.session.scalar(sa.select(Organization))
    assert org.slug == "mercy-valley-health"
    assert not org.is_verified
    assert org.website_domain == "mercyvalley.example"
    assert members(org.id) == {"james@mercyvalley.example": MemberRole.OWNER}
    html = client.get("/employer/organization").get_data(as_text=True)
    assert "An administrator will verify your organization soon" in html
    # One organization per employer account.
    response = client.get("/employer/organization/new")
    assert response.headers["Location"].endswith("/employer/organization")
    client.post("/employer/organization/new", data={**ORG, "name": "Second"})
    assert count(Organization) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the name of your organization."),
        ({"kind": ""}, "Choose what kind of organization it is."),
        ({"website": "javascript:alert(1)"}, "Enter the website address like"),
        ({"website": "not a website"}, "Enter the website address like"),
        ({"country": ""}, "Choose the country of your organization."),
    ],
)
def test_organization_form_explains_bad_input_and_keeps_values(client, auth, changes, message):
    user = UserFactory(role=Role.EMPLOYER)
    auth.login(user.email)
    response = client.post("/employer/organization/new", data={**ORG, **changes})
    html = response.get_data(as_text=True)
    assert message in html
    assert "A community hospital in Ohio." in html
    assert count(Organization) == 0


def test_same_name_gets_its_own_address(client, auth):
    employer(email="a@one.example", name="Mercy Valley Health", slug="mercy-valley-health")
    user = UserFactory(role=Role.EMPLOYER)
    auth.login(user.email)
    client.post("/employer/organization/new", data=ORG)
    slugs = set(db.session.scalars(sa.select(Organization.slug)))
    assert slugs == {"mercy-valley-health", "mercy-valley-health-2"}


def test_owner_edits_and_a_new_website_needs_verification_again(client, auth):
    user, org = employer(website="https://mercyvalley.example")
    auth.login(user.email)
    response = client.post(
        "/employer/organization/edit", data={**ORG, "website": "https://mercyvalley.example"}
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.is_verified  # same domain
    client.post("/employer/organization/edit", data={**ORG, "website": "https://other.example"})
    db.session.refresh(org)
    assert not org.is_verified
    assert org.name == "Mercy Valley Health"


def test_invitation_by_email_lets_a_colleague_join_as_recruiter(client, auth, mailbox):
    owner, org = employer(email="james@mercyvalley.example")
    auth.login(owner.email)
    response = client.post(
        "/employer/organization/invite", data={"email": "Ana@MercyValley.example"}
    )
    assert response.status_code == 302
    [link] = [u for u in mailbox.links("ana@mercyvalley.example") if "/employer/join/" in u]
    path = link.replace("http://localhost", "")
    # Inviting the same person twice is refused, with the reason next to the field.
    html = client.post(
        "/employer/organization/invite", data={"email": "ana@mercyvalley.example"}
    ).get_data(as_text=True)
    assert "already invited" in html
    auth.logout()

    # Anyone may open the link; it explains what to do.
    html = client.get(path).get_data(as_text=True)
    assert "Join Valley Health" in html and "Log in with ana@mercyvalley.example" in html

    # Someone else's employer account cannot take the invitation.
    other = UserFactory(role=Role.EMPLOYER, email="mallory@example.com")
    auth.login(other.email)
    html = client.get(path).get_data(as_text=True)
    assert "This invitation is for ana@mercyvalley.example" in html
    client.post(path)
    assert "mallory@example.com" not in members(org.id)
    auth.logout()

    ana = UserFactory(role=Role.EMPLOYER, email="ana@mercyvalley.example")
    auth.login(ana.email)
    response = client.post(path)
    assert response.headers["Location"].endswith("/dashboard")
    assert members(org.id)["ana@mercyvalley.example"] == MemberRole.RECRUITER
    # Used once.
    assert client.get(path).status_code == 404
    # A recruiter posts jobs for the organization.
    response = client.post("/employer/jobs/new", data=step_data()["basics"])
    assert response.status_code == 302


def test_invitation_waits_on_the_dashboard_and_can_be_withdrawn(client, auth, mailbox):
    owner, org = employer()
    auth.login(owner.email)
    client.post("/employer/organization/invite", data={"email": "ben@valley.example"})
    client.post("/employer/organization/invite", data={"email": "cara@valley.example"})
    [ben_invite, cara_invite] = db.session.scalars(
        sa.select(OrganizationInvitation).order_by(OrganizationInvitation.id)
    ).all()
    client.post(f"/employer/organization/invitations/{cara_invite.id}/withdraw")
    [cara_link] = [u for u in mailbox.links("cara@valley.example") if "/employer/join/" in u]
    auth.logout()

    ben = UserFactory(role=Role.EMPLOYER, email="ben@valley.example")
    auth.login(ben.email)
    html = client.get("/dashboard").get_data(as_text=True)
    assert f"{org.name} invited you" in html
    client.post(f"/employer/invitations/{ben_invite.id}/accept")
    assert "ben@valley.example" in members(org.id)
    auth.logout()

    cara = UserFactory(role=Role.EMPLOYER, email="cara@valley.example")
    auth.login(cara.email)
    assert client.get(cara_link.replace("http://localhost", "")).status_code == 404
    assert f"{org.name} invited you" not in client.get("/dashboard").get_data(as_text=True)
    assert client.post(f"/employer/invitations/{ben_invite.id}/accept").status_code == 404


def test_a_member_of_another_organization_cannot_join_a_second(client, auth, mailbox):
    owner, org = employer(email="owner@one.example")
    busy, _other = employer(email="busy@two.example")
    auth.login(owner.email)
    client.post("/employer/organization/invite", data={"email": "busy@two.example"})
    [link] = [u for u in mailbox.links("busy@two.example") if "/employer/join/" in u]
    auth.logout()
    auth.login(busy.email)
    response = client.post(link.replace("http://localhost", ""))
    assert "already belongs to" in response.get_data(as_text=True)
    assert "busy@two.example" not in members(org.id)


def test_owner_removes_a_recruiter_and_the_last_owner_cannot_leave(client, auth):
    owner, org = employer()
    recruiter = OrganizationMemberFactory(organization=org)
    recruiter_email, recruiter_id = recruiter.user.email, recruiter.id
    auth.login(recruiter_email)
    # A recruiter cannot remove the owner, nor edit the organization, nor invite.
    owner_member = db.session.scalar(
        sa.select(OrganizationMember).where(OrganizationMember.user_id == owner.id)
    )
    client.post(f"/employer/organization/members/{owner_member.id}/remove")
    assert owner.email in members(org.id)
    assert client.get("/employer/organization/edit").status_code == 403
    client.post("/employer/organization/invite", data={"email": "x@valley.example"})
    assert count(OrganizationInvitation) == 0
    auth.logout()

    auth.login(owner.email)
    client.post(f"/employer/organization/members/{owner_member.id}/remove")
    assert owner.email in members(org.id)  # the last owner stays
    client.post(f"/employer/organization/members/{recruiter_id}/remove")
    assert recruiter_email not in members(org.id)
    auth.logout()
    # Removed: no access to the organization's jobs any more.
    auth.login(recruiter_email)
    organization_job = JobFactory(organization=org, status=JobStatus.DRAFT)
    assert client.get(f"/employer/jobs/{organization_job.id}/preview").status_code == 404


def test_recruiter_can_leave(client, auth):
    _owner, org = employer()
    recruiter = OrganizationMemberFactory(organization=org)
    email = recruiter.user.email
    auth.login(email)
    response = client.post(f"/employer/organization/members/{recruiter.id}/remove")
    assert response.headers["Location"].endswith("/dashboard")
    assert email not in members(org.id)


# Permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SEEKER, Role.SCHOOL, Role.ADMIN])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/employer/organization"),
        ("get", "/employer/organization/new"),
        ("get", "/employer/jobs"),
        ("get", "/employer/jobs/new"),
        ("post", "/employer/jobs/new"),
        ("post", "/employer/organization/invite"),
        ("post", "/employer/jobs/close"),
    ],
)
def test_other_roles_get_403_on_employer_pages(client, auth, role, method, path):
    user = UserFactory(role=role)
    auth.login(user.email)
    assert getattr(client, method)(path).status_code == 403


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get("/employer/jobs/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


JOB_ACTIONS = [
    ("get", "/employer/jobs/{id}"),
    ("get", "/employer/jobs/{id}/preview"),
    ("get", "/employer/jobs/{id}/edit/basics"),
    ("post", "/employer/jobs/{id}/edit/basics"),
    ("post", "/employer/jobs/{id}/publish"),
    ("post", "/employer/jobs/{id}/close"),
    ("post", "/employer/jobs/{id}/filled"),
    ("post", "/employer/jobs/{id}/renew"),
    ("post", "/employer/jobs/{id}/duplicate"),
    ("post", "/employer/jobs/{id}/delete"),
]


@pytest.mark.parametrize("status", [JobStatus.DRAFT, JobStatus.PUBLISHED])
@pytest.mark.parametrize(("method", "path"), JOB_ACTIONS)
def test_recruiter_of_a_cannot_touch_jobs_of_b(client, auth, status, method, path):
    recruiter_a, _org_a = employer(email="a@one.example")
    _owner_b, org_b = employer(email="b@two.example")
    job_b = JobFactory(organization=org_b, status=status, title="B's job")
    auth.login(recruiter_a.email)
    url = path.format(id=job_b.id)
    data = {**step_data()["basics"], "title": "Taken over", "days": "30"}
    response = client.get(url) if method == "get" else client.post(url, data=data)
    assert response.status_code == 404
    after = job(job_b.id)
    assert after is not None and after.title == "B's job" and after.status == status
    assert count(type(after)) == 1  # no duplicate made


def test_b_drafts_are_404_on_the_public_page_for_a(client, auth):
    recruiter_a, _org_a = employer(email="a@one.example")
    _owner_b, org_b = employer(email="b@two.example")
    draft = JobFactory(organization=org_b, status=JobStatus.DRAFT, published_at=None)
    auth.login(recruiter_a.email)
    assert client.get(f"/jobs/{draft.id}").status_code == 404


def test_bulk_close_and_member_routes_ignore_another_organization(client, auth):
    recruiter_a, _org_a = employer(email="a@one.example")
    _owner_b, org_b = employer(email="b@two.example")
    job_b = JobFactory(organization=org_b)
    member_b = OrganizationMemberFactory(organization=org_b)
    auth.login(recruiter_a.email)
    client.post("/employer/jobs/close", data={"job_ids": [job_b.id]})
    assert job(job_b.id).status == JobStatus.PUBLISHED
    assert client.post(f"/employer/organization/members/{member_b.id}/remove").status_code == 404
    assert (
        client.post(f"/employer/organization/members/{member_b.id}/make-owner").status_code == 404
    )
    assert member_b.user.email in members(org_b.id)


def test_the_organization_read_with_the_account_follows_a_change_in_the_same_request(app):
    """The sign-in reads an employer's organization with the account (one statement for both);
    an organization joined or left later in the same request is seen at once, not the one read
    at the start."""
    user = UserFactory(role=Role.EMPLOYER, email="ruth@stlukes.example")
    colleague = UserFactory(role=Role.EMPLOYER, email="omar@stlukes.example")
    with app.test_request_context("/dashboard"):
        loaded = load_user(user.session_token)
        with counting() as statements:
            assert organization_of(loaded) is None
        assert statements == []  # read with the account
        created = create_organization(loaded, ORG)
        assert organization_of(loaded) == created
        db.session.add(
            OrganizationMember(organization=created, user=colleague, role=MemberRole.OWNER)
        )
        db.session.commit()
        own = next(m for m in created.members if m.user_id == user.id)
        remove_member(loaded, created, own)
        assert organization_of(loaded) is None
