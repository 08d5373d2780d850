"""Applying while missing a hard requirement: a confirmation that names it (no JavaScript
needed), and the employer sees the application flagged with the same words."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.fixtures.world import applications_of, apply_via_page


@pytest.fixture
def w(world, client, auth):
    world.client, world.auth = client, auth
    return world


def test_apply_page_names_what_is_missing_and_asks_to_confirm(w):
    w.auth.login(w.linda.email)  # CCS only; the job requires CPC
    html = w.client.get(f"/jobs/{w.job.id}/apply").get_data(as_text=True)
    assert "Before you send it" in html
    assert "Missing CPC (required)" in html and "What would fix it: Add CPC" in html
    assert 'name="confirm_unmet"' in html
    assert "I do not meet this requirement and want to apply anyway: Missing CPC" in html


def test_applying_without_confirming_sends_nothing_and_says_why(w, mailbox):
    w.auth.login(w.linda.email)
    response = apply_via_page(w.client, w.job, cover_note="Keep this note")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "You do not meet this requirement of the job: Missing CPC (required)" in html
    assert "Keep this note" in html  # the form keeps what she typed
    assert applications_of(w.job) == []
    assert mailbox.to(w.ana.email) == []


def test_confirmed_application_is_flagged_for_the_employer(w, mailbox):
    w.auth.login(w.linda.email)
    response = apply_via_page(w.client, w.job, confirm_unmet="y")
    assert response.status_code == 302
    [application] = applications_of(w.job)
    assert not application.match_eligible
    w.auth.logout()

    w.auth.login(w.ana.email)
    pipeline = w.client.get(f"/employer/jobs/{w.job.id}/applicants").get_data(as_text=True)
    assert "Misses CPC" in pipeline and "Applied knowing this" in pipeline
    page = w.client.get(f"/employer/applicants/{application.id}").get_data(as_text=True)
    assert "Applied knowing they miss a requirement:" in page
    assert "Missing CPC (required)" in page
    [mail] = [m for m in mailbox.to(w.ana.email) if "New applicant" in m["Subject"]]
    assert "They applied knowing they do not meet: Missing CPC (required)" in mail.as_string()


def test_an_eligible_seeker_is_not_asked_to_confirm(w):
    w.auth.login(w.priya.email)
    html = w.client.get(f"/jobs/{w.job.id}/apply").get_data(as_text=True)
    assert 'name="confirm_unmet"' not in html
    assert apply_via_page(w.client, w.job).status_code == 302
    db.session.expire_all()
    [application] = applications_of(w.job)
    assert application.match_eligible
