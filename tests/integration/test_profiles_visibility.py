"""Who sees what of a profile: the owner, another seeker, an employer before and after the seeker
applies (a reveal to that organization only), an administrator, a school, an anonymous visitor.
Hidden profiles exist for nobody but the owner and administrators."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from portal import uploads
from portal.errors import NotFound
from portal.extensions import db
from portal.models import (
    Profile,
    ProfileReveal,
    RevealReason,
    Visibility,
)
from portal.models.profile_view import candidate_label, profile_view_for, visible_identity
from portal.services import profiles, schools
from tests.fixtures.factories import (
    CredentialFactory,
    EmployerFactory,
    ProfileFactory,
    SchoolFactory,
    SearchOrganizationFactory,
    UserFactory,
)
from tests.fixtures.files import tiny_pdf

NAME = "Priya Nair"
EMAIL = "priya.nair@example.in"
PHONE = "+91 98470 12345"
NUMBER = "01234567"


def make_employer(email: str, org_name: str = "Mercy Valley Health"):
    """An employer who owns an unverified organization named `org_name`."""
    slug = org_name.lower().replace(" ", "-")
    organization = SearchOrganizationFactory(name=org_name, slug=slug, verified=False)
    return EmployerFactory(email=email, owns=organization), organization


@pytest.fixture
def priya(app):
    user = UserFactory(role="seeker", email=EMAIL, name=NAME)
    profile = ProfileFactory(user=user, phone=PHONE, city="Kochi", region="KL", country="IN")
    CredentialFactory(profile=profile, kind="CPC", number=NUMBER)
    with app.test_request_context():
        checked = uploads.check_file(FileStorage(io.BytesIO(tiny_pdf()), filename="priya.pdf"))
        profile.resume_file = uploads.store(checked)
    profile.resume_name = "priya.pdf"
    db.session.commit()
    return profile


def page_of(client, profile):
    response = client.get(f"/profile/{profile.id}")
    return response.status_code, response.get_data(as_text=True)


def assert_anonymous(html: str, profile: Profile) -> None:
    assert candidate_label(profile.id) in html
    for private in (NAME, EMAIL, PHONE, "Kochi", NUMBER, "/resume"):
        assert private not in html, private
    assert "Kerala, India" in html
    assert "CPC" in html and "Certified coder, outpatient and E/M" in html


def test_the_owner_sees_everything(client, auth, priya):
    auth.login(EMAIL)
    assert client.get(f"/profile/{priya.id}").headers["Location"].endswith("/profile/")
    html = client.get("/profile/").get_data(as_text=True)
    for private in (NAME, EMAIL, PHONE, "Kochi", NUMBER):
        assert private in html
    assert client.get(f"/profile/{priya.id}/resume").status_code == 200


def test_the_owner_previews_what_employers_see(client, auth, priya):
    auth.login(EMAIL)
    client.get("/dashboard")  # shows (and clears) the "Welcome, Priya Nair" message
    html = client.get("/profile/preview").get_data(as_text=True)
    assert "This is what employers see" in html
    assert_anonymous(html, priya)


def test_another_seeker_and_an_anonymous_visitor_see_nothing(client, auth, priya):
    assert page_of(client, priya)[0] == 404
    assert client.get(f"/profile/{priya.id}/resume").status_code == 404
    UserFactory(role="seeker", email="other@example.com")
    auth.login("other@example.com")
    assert page_of(client, priya)[0] == 404
    assert client.get(f"/profile/{priya.id}/resume").status_code == 404
    credential = priya.credentials[0]
    assert client.get(f"/profile/credentials/{credential.id}/proof").status_code == 404


def test_an_employer_without_an_organization_sees_nothing(client, auth, priya):
    UserFactory(role="employer", email="lonely@example.com")
    auth.login("lonely@example.com")
    assert page_of(client, priya)[0] == 404


def test_an_employer_sees_an_anonymous_profile_until_the_seeker_applies(client, auth, priya):
    recruiter, organization = make_employer("recruiter@mercyvalley.example")
    auth.login("recruiter@mercyvalley.example")
    status, html = page_of(client, priya)
    assert status == 200
    assert_anonymous(html, priya)
    assert "A résumé is available when the candidate applies" in html
    assert client.get(f"/profile/{priya.id}/resume").status_code == 404
    assert not visible_identity(priya, recruiter)

    # The seeker applies: the applications service reveals the profile in its transaction.
    profiles.reveal_profile_to(priya, organization.id, RevealReason.APPLIED)
    profiles.reveal_profile_to(priya, organization.id, "invitation_accepted")  # idempotent
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProfileReveal)) == 1
    assert db.session.scalar(sa.select(ProfileReveal.reason)) == RevealReason.APPLIED

    status, html = page_of(client, priya)
    assert status == 200
    for shown in (NAME, EMAIL, PHONE, "Kochi"):
        assert shown in html
    assert NUMBER not in html  # credential numbers stay private
    assert visible_identity(priya, recruiter)
    download = client.get(f"/profile/{priya.id}/resume")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    credential = priya.credentials[0]
    assert client.get(f"/profile/credentials/{credential.id}/proof").status_code == 404


def test_a_reveal_is_for_one_organization_only(client, auth, priya):
    _first, mercy = make_employer("recruiter@mercyvalley.example")
    other, _clear = make_employer("hr@clearclaim-bpo.example", "ClearClaim BPO")
    profiles.reveal_profile_to(priya, mercy.id, RevealReason.APPLIED)
    db.session.commit()
    auth.login("hr@clearclaim-bpo.example")
    status, html = page_of(client, priya)
    assert status == 200
    assert_anonymous(html, priya)
    assert not visible_identity(priya, other)


def test_without_anonymous_mode_employers_see_the_name(client, auth, priya):
    priya.anonymous = False
    db.session.commit()
    make_employer("recruiter@mercyvalley.example")
    auth.login("recruiter@mercyvalley.example")
    status, html = page_of(client, priya)
    assert status == 200 and NAME in html and EMAIL in html
    assert NUMBER not in html


def test_an_admin_sees_everything_and_can_verify(client, auth, priya):
    UserFactory(role="admin", email="admin@example.com")
    auth.login("admin@example.com")
    status, html = page_of(client, priya)
    assert status == 200
    for private in (NAME, EMAIL, PHONE, "Kochi", NUMBER):
        assert private in html
    credential = priya.credentials[0]
    assert f"/profile/credentials/{credential.id}/verify" in html
    assert client.get(f"/profile/{priya.id}/resume").status_code == 200


def test_a_hidden_profile_exists_only_for_its_owner_and_admins(client, auth, priya):
    priya.visibility = Visibility.HIDDEN
    _recruiter, organization = make_employer("recruiter@mercyvalley.example")
    profiles.reveal_profile_to(priya, organization.id, RevealReason.APPLIED)
    school = SchoolFactory()
    priya.school = school
    db.session.commit()

    auth.login("recruiter@mercyvalley.example")
    assert page_of(client, priya)[0] == 404  # even after applying
    assert client.get(f"/profile/{priya.id}/resume").status_code == 404
    auth.logout()

    auth.login(school.owner.email)
    assert page_of(client, priya)[0] == 404
    assert NAME not in client.get("/school/graduates").get_data(as_text=True)
    assert schools.summary(school.owner).graduates == 0  # never counted
    auth.logout()

    UserFactory(role="admin", email="admin@example.com")
    auth.login("admin@example.com")
    status, html = page_of(client, priya)
    assert status == 200 and "Hidden from employers" in html
    auth.logout()

    auth.login(EMAIL)
    assert "Hidden from employers" in client.get("/profile/").get_data(as_text=True)
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Profile).where(Profile.visible_to_employers())
    )
    assert count == 0


def test_a_school_sees_its_own_graduates_with_credential_numbers(client, auth, priya):
    school = SchoolFactory(name="Coding Academy")
    other_school = SchoolFactory(name="Another School")
    priya.school = school
    db.session.commit()

    auth.login(other_school.owner.email)
    assert page_of(client, priya)[0] == 404
    auth.logout()

    auth.login(school.owner.email)
    status, html = page_of(client, priya)
    assert status == 200
    assert NAME in html and NUMBER in html
    assert EMAIL not in html and PHONE not in html  # no contact details
    assert client.get(f"/profile/{priya.id}/resume").status_code == 404
    graduates = client.get("/school/graduates").get_data(as_text=True)
    assert NAME in graduates and NUMBER in graduates


def test_disabled_viewers_see_nothing(priya):
    recruiter, _organization = make_employer("recruiter@mercyvalley.example")
    recruiter.disabled_at = recruiter.created_at
    db.session.commit()
    with pytest.raises(NotFound):
        profile_view_for(recruiter, priya)


def test_reveal_to_an_unknown_organization_is_refused(priya):
    with pytest.raises(NotFound):
        profiles.reveal_profile_to(priya, 999_999, RevealReason.APPLIED)


def test_a_disabled_seekers_profile_is_gone_for_employers(client, auth, priya):
    priya.user.disabled_at = priya.user.created_at
    db.session.commit()
    make_employer("recruiter@mercyvalley.example")
    auth.login("recruiter@mercyvalley.example")
    assert page_of(client, priya)[0] == 404
    assert not priya.is_searchable()
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Profile).where(Profile.visible_to_employers())
    )
    assert count == 0


def test_hours_are_shown_in_the_employers_own_time_zone(client, auth, priya):
    from portal.models import AvailabilitySlot

    priya.availability = [
        AvailabilitySlot(day=d, start_minute=1170, end_minute=270) for d in range(5)
    ]
    recruiter, _organization = make_employer("recruiter@mercyvalley.example")
    recruiter.timezone = "America/New_York"
    db.session.commit()
    auth.login("recruiter@mercyvalley.example")
    html = page_of(client, priya)[1]
    assert "Mon–Fri 7:30 pm – 4:30 am (next day) India time" in html
    assert "New York)" in html  # and the recruiter's own clock beside it
