"""Verification that means something: the administrator verifies an organization on evidence
(registration number, website, a named contact) after a confirmation step; verifying never
publishes the jobs that waited; a new organization's first jobs are reviewed even once verified."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import (
    JobStatus,
    Role,
    VerificationDecision,
    VerificationRecord,
    utcnow,
)
from portal.services.verification import normalize_registration
from tests.fixtures.app import count
from tests.fixtures.factories import (
    JobFactory,
    OrganizationMemberFactory,
    UserFactory,
    admin,
    employer,
)
from tests.fixtures.forms import evidence
from tests.fixtures.jobs import job, post_steps, publish, step_data


def _section(html: str, start: str, end: str) -> str:
    return html.split(f'id="{start}"')[1].split(f'id="{end}"')[0]


# Registration numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "number", "country", "expected"),
    [
        ("us_ein", "311234567", "", "31-1234567"),
        ("us_ein", "04-3256789", "", "04-3256789"),
        ("in_gstin", "27 AAPFU 0939 F1ZV", "", "27AAPFU0939F1ZV"),
        ("in_gstin", "33aabcc1234d1zi", "", "33AABCC1234D1ZI"),
        ("in_cin", "U72200KA2009PTC049889", "", "U72200KA2009PTC049889"),
        ("gulf_cr", "1010 123456", "SA", "1010123456"),
        ("gulf_cr", "cn-1234567", "AE", "CN-1234567"),
        ("gulf_cr", "12345-1", "BH", "12345-1"),
        ("other", "Companies House 01234567", "", "Companies House 01234567"),
    ],
)
def test_registration_numbers_are_written_the_standard_way(kind, number, country, expected):
    assert normalize_registration(kind, number, country) == expected


@pytest.mark.parametrize(
    ("kind", "number", "country", "message"),
    [
        ("us_ein", "07-1234567", "", "No EIN starts with 07"),  # prefix the IRS never assigns
        ("us_ein", "31-12345", "", "An EIN has 9 digits"),
        ("in_gstin", "27AAPFU0939F1ZA", "", "check character does not match"),  # one typo
        ("in_gstin", "27AAPFU0939F1Z", "", "A GSTIN has 15 characters"),
        ("in_cin", "U72200KA2009PTC04988", "", "A CIN has 21 characters"),
        ("in_cin", "U72200KA3009PTC049889", "", "A CIN has 21 characters"),  # year 3009
        ("gulf_cr", "9010123456", "SA", "like 1010123456"),
        ("gulf_cr", "1010123456", "", "Choose the country"),
        ("gulf_cr", "CN-AB", "AE", "like CN-1234567"),
        ("us_ein", "", "", "Enter the registration number"),
    ],
)
def test_wrong_registration_numbers_say_what_is_wrong(kind, number, country, message):
    with pytest.raises(ValidationFailed) as raised:
        normalize_registration(kind, number, country)
    assert message in raised.value.message


# Verifying an organization ----------------------------------------------------------------------


def test_verifying_asks_for_evidence_and_a_confirmation_and_never_publishes_waiting_jobs(
    client, auth, mailbox
):
    owner, org = employer(
        email="james@mercyvalley.example",
        verified=False,
        established_at=None,
        website="https://mercyvalley.example",
    )
    OrganizationMemberFactory(
        organization=org, user=UserFactory(role=Role.EMPLOYER, email="ana@gmail.com")
    )
    auth.login(owner.email)
    plain = post_steps(client)
    publish(client, plain)
    other = post_steps(client, basics={**step_data()["basics"], "title": "Night-shift biller"})
    publish(client, other)
    auth.logout()

    moderator = admin()
    auth.login(moderator.email)
    queue = client.get("/admin/moderation").get_data(as_text=True)
    card = _section(queue, "organizations", "schools")
    assert org.name in card
    assert "2 jobs wait for review. Verifying does not publish them" in card
    assert f'href="#job-{plain}"' in card and "Night-shift biller" in card
    # The decisions are links to their own pages: no reason box between "Verify" and "Do not".
    assert f'href="/admin/organizations/{org.id}/verify"' in card
    assert f'href="/admin/organizations/{org.id}/decline"' in card
    assert "<textarea" not in card

    form = client.get(f"/admin/organizations/{org.id}/verify").get_data(as_text=True)
    assert "james@mercyvalley.example" in form and "e-mail domain matches the website" in form
    assert "ana@gmail.com" in form and "free e-mail address" in form
    assert 'value="https://mercyvalley.example"' in form  # the website, to be checked

    # A mistyped GSTIN (check character) comes back next to its field, with what was typed.
    response = client.post(
        f"/admin/organizations/{org.id}/verify",
        data=evidence(registration_number="27AAPFU0939F1ZA"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "check character does not match" in html
    assert 'value="27AAPFU0939F1ZA"' in html
    # Nobody named: refused too.
    response = client.post(
        f"/admin/organizations/{org.id}/verify", data=evidence(contact_name="  ")
    )
    assert response.status_code == 400
    assert "Enter the name of the person you spoke to." in response.get_data(as_text=True)

    # A forged register, or a Gulf number without its country: refused, not a 500.
    for bad, message in (
        (evidence(registration_kind="passport"), "Choose the register you checked."),
        (
            evidence(registration_kind="gulf_cr", registration_number="1010123456"),
            "Choose the country whose register you checked.",
        ),
    ):
        response = client.post(f"/admin/organizations/{org.id}/verify", data=bad)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)

    # Valid evidence leads to a confirmation page; nothing is verified yet.
    confirm = client.post(f"/admin/organizations/{org.id}/verify", data=evidence())
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert "Check before you verify" in page and "27AAPFU0939F1ZV" in page
    assert "2 jobs wait for review. They will not go live now" in page
    assert 'name="confirm" value="yes"' in page and 'name="confirm" value="change"' in page
    db.session.refresh(org)
    assert not org.is_verified

    # "Change" goes back to the form with the values kept.
    back = client.post(
        f"/admin/organizations/{org.id}/verify", data={**evidence(), "confirm": "change"}
    ).get_data(as_text=True)
    assert 'value="Anita Rao, HR manager"' in back and "Check before you verify" not in back

    response = client.post(
        f"/admin/organizations/{org.id}/verify", data={**evidence(), "confirm": "yes"}
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.is_verified and org.verified_by_id == moderator.id
    [record] = db.session.scalars(sa.select(VerificationRecord)).all()
    assert record.organization_id == org.id and record.admin_id == moderator.id
    assert record.decision == VerificationDecision.VERIFIED
    assert record.registration_kind == "in_gstin"
    assert record.registration_number == "27AAPFU0939F1ZV"
    assert record.contact_name == "Anita Rao, HR manager"
    assert record.website == "https://mercyvalley.example"

    # The waiting jobs did not go live: each waits, now as a new organization's job.
    for job_id in (plain, other):
        waiting = job(job_id)
        assert waiting.status == JobStatus.PENDING_REVIEW
        assert [r["code"] for r in waiting.held_reasons] == ["new_organization"]
    [message] = [m for m in mailbox.to(owner.email) if "is verified" in m["Subject"]]
    assert "2 jobs that were waiting will be reviewed before they go live" in mailbox.text(message)

    # Administrators read later how it was verified (from the employer's page).
    company = client.get(f"/companies/{org.slug}").get_data(as_text=True)
    assert f'href="/admin/organizations/{org.id}/verify">How this employer was verified' in company
    record_page = client.get(f"/admin/organizations/{org.id}/verify").get_data(as_text=True)
    assert "is verified" in record_page and "Continue" not in record_page
    assert "27AAPFU0939F1ZV" in record_page and "Called +91 22 5555 0101" in record_page

    # A double submit changes nothing and records nothing twice.
    client.post(f"/admin/organizations/{org.id}/verify", data={**evidence(), "confirm": "yes"})
    assert count(VerificationRecord) == 1

    # Each job is approved on its own.
    client.post(f"/admin/jobs/{plain}/approve")
    assert job(plain).status == JobStatus.PUBLISHED
    assert job(other).status == JobStatus.PENDING_REVIEW


def test_decline_has_its_own_page_and_is_recorded(client, auth):
    _owner, org = employer(verified=False)
    auth.login(admin().email)
    page = client.get(f"/admin/organizations/{org.id}/decline").get_data(as_text=True)
    assert "Do not verify" in page and 'name="reason"' in page
    form = page.split(f'action="/admin/organizations/{org.id}/decline"')[1].split("</form>")[0]
    assert form.count("<button") == 1  # one decision per form: the reason sits with its button
    response = client.post(f"/admin/organizations/{org.id}/decline", data={"reason": ""})
    assert response.status_code == 400
    assert "Write the reason they will read." in response.get_data(as_text=True)
    client.post(
        f"/admin/organizations/{org.id}/decline",
        data={"reason": "The GSTIN belongs to another company."},
    )
    [record] = db.session.scalars(sa.select(VerificationRecord)).all()
    assert record.decision == VerificationDecision.DECLINED
    assert record.note == "The GSTIN belongs to another company."


@pytest.mark.parametrize("role", [Role.SEEKER, Role.EMPLOYER, Role.SCHOOL])
def test_only_admins_verify(client, auth, role):
    _owner, org = employer(verified=False)
    auth.login(UserFactory(role=role).email)
    assert client.get(f"/admin/organizations/{org.id}/verify").status_code == 403
    response = client.post(
        f"/admin/organizations/{org.id}/verify", data={**evidence(), "confirm": "yes"}
    )
    assert response.status_code == 403
    db.session.refresh(org)
    assert not org.is_verified


def test_unknown_subjects_are_not_found(client, auth):
    auth.login(admin().email)
    assert client.get("/admin/organizations/999/verify").status_code == 404
    assert client.get("/admin/users/1/verify").status_code == 404


# A new organization's first jobs ----------------------------------------------------------------


def _approved_jobs(org, n: int) -> None:
    reviewer = admin("reviewer@example.com")
    for _ in range(n):
        JobFactory(organization=org, reviewed_by_id=reviewer.id, reviewed_at=utcnow())


def test_a_verified_newcomers_first_jobs_are_reviewed(client, auth):
    owner, org = employer(established_at=None)  # verified today
    auth.login(owner.email)
    first = post_steps(client)
    publish(client, first)
    held = job(first)
    assert held.status == JobStatus.PENDING_REVIEW
    assert [r["code"] for r in held.held_reasons] == ["new_organization"]
    preview = client.get(f"/employer/jobs/{first}/preview").get_data(as_text=True)
    assert held.title in preview


@pytest.mark.parametrize(
    ("age_days", "approved", "reviewed"),
    [
        (10, 3, True),  # three jobs approved, but only ten days old
        (60, 2, True),  # old enough, but only two jobs approved so far
        (31, 3, False),  # both: its jobs now go live at once
    ],
)
def test_probation_ends_after_three_approved_jobs_and_thirty_days(
    client, auth, age_days, approved, reviewed
):
    owner, org = employer(established_at=None)
    org.created_at = utcnow() - timedelta(days=age_days)
    db.session.commit()
    _approved_jobs(org, approved)
    auth.login(owner.email)
    job_id = post_steps(client)
    publish(client, job_id)
    posted = job(job_id)
    assert (posted.status == JobStatus.PENDING_REVIEW) is reviewed
    db.session.refresh(org)
    assert (org.established_at is None) is reviewed


def test_rejected_jobs_do_not_count_towards_the_track_record(client, auth):
    owner, org = employer(established_at=None)
    org.created_at = utcnow() - timedelta(days=90)
    db.session.commit()
    _approved_jobs(org, 2)
    JobFactory(organization=org, status=JobStatus.REJECTED, reviewed_by_id=owner.id)
    auth.login(owner.email)
    job_id = post_steps(client)
    publish(client, job_id)
    assert job(job_id).status == JobStatus.PENDING_REVIEW


def test_an_approved_job_of_a_new_organization_is_not_held_again_for_an_edit(client, auth):
    owner, _org = employer(established_at=None)
    auth.login(owner.email)
    job_id = post_steps(client)
    publish(client, job_id)
    auth.logout()
    auth.login(admin().email)
    client.post(f"/admin/jobs/{job_id}/approve")
    auth.logout()
    auth.login(owner.email)
    client.post(f"/employer/jobs/{job_id}/edit/pay", data={**step_data()["pay"], "pay_max": "36"})
    assert job(job_id).status == JobStatus.PUBLISHED
