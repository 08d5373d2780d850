"""Candidate cards are kept per process (`portal.web.fragments.candidate_cards` on candidate
search, `best_candidate_cards` on "best candidates", whose explanations are kept too:
`portal.search.explained`), keyed by everything a card shows: a kept card must never outlive an
edit, and never show one employer what only another may see."""

from __future__ import annotations

import re
from datetime import timedelta

from portal.extensions import db
from portal.models import ProfileReveal, RevealReason, utcnow
from portal.models.profile_view import candidate_label
from portal.search import explained
from portal.web import fragments
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import AUSTIN, ROUND_ROCK, sync_all

SEARCH = "/candidates?q=inpatient"


def _cards(client) -> list[str]:
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'<li class="card candidate-card">.*?\n        </li>', html, re.S)


def _reveal(profile_id: int, organization_id: int) -> None:
    db.session.add(
        ProfileReveal(
            profile_id=profile_id, organization_id=organization_id, reason=RevealReason.APPLIED
        )
    )
    db.session.commit()


def test_a_kept_card_follows_edits_and_reveals(app, client, auth):
    mercy = SearchOrganizationFactory(name="Mercy Valley Hospital")
    clear = SearchOrganizationFactory(name="ClearClaim BPO")
    mercy_recruiter = EmployerFactory(owns=mercy)
    clear_recruiter = EmployerFactory(owns=clear)
    annie = SearchProfileFactory(name="Anna Anon", headline="Inpatient DRG coder")
    sync_all()
    label = candidate_label(annie.id)

    auth.login(mercy_recruiter.email, PASSWORD)
    [first] = _cards(client)
    kept = len(fragments._CANDIDATE_CARDS.entries)
    assert _cards(client) == [first]  # the second page is served the kept card
    assert len(fragments._CANDIDATE_CARDS.entries) == kept
    assert label in first and "Anna Anon" not in first and "Austin" not in first

    # The seeker applies to Mercy Valley: its recruiter sees her name and city at once ...
    _reveal(annie.id, mercy.id)
    [revealed] = _cards(client)
    assert "Anna Anon" in revealed and "Austin, Texas" in revealed and label not in revealed

    # ... and another organization's recruiter still does not.
    auth.logout()
    auth.login(clear_recruiter.email, PASSWORD)
    assert _cards(client) == [first]

    # An edit of what the card reads from the database shows at once (the name, to those who
    # may see it); an edit of the search document's facts as soon as the engine has it.
    annie.user.name = "Anna Renamed"
    annie.years_experience = 7
    db.session.commit()
    auth.logout()
    auth.login(mercy_recruiter.email, PASSWORD)
    [renamed] = _cards(client)
    assert "Anna Renamed" in renamed and "Anna Anon" not in renamed
    sync_all()
    [edited] = _cards(client)
    assert "7 years of experience" in edited and "Anna Renamed" in edited


def _best_cards(client, job_id: int) -> list[str]:
    response = client.get(f"/employer/jobs/{job_id}/candidates")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'<li class="card candidate-card">.*?\n    </li>', html, re.S)


def test_a_kept_best_candidate_card_follows_edits_and_reveals(app, client, auth):
    mercy = SearchOrganizationFactory(name="Mercy Valley Hospital")
    clear = SearchOrganizationFactory(name="ClearClaim BPO")
    recruiter = EmployerFactory(owns=mercy)
    job = SearchJobFactory(
        organization=mercy,
        work_mode="onsite",
        offices=[("Austin", "US", *AUSTIN)],
        required_credentials=[["CPC"]],
    )
    sam = SearchProfileFactory(
        name="Secret Sam",
        headline="Outpatient coder",
        credentials=["CPC"],
        work_modes=["onsite"],
        lat=ROUND_ROCK[0],
        lng=ROUND_ROCK[1],
        travel_km=40,
    )
    sync_all()
    label = candidate_label(sam.id)

    auth.login(recruiter.email, PASSWORD)
    [first] = _best_cards(client, job.id)
    kept = (len(fragments._BEST_CANDIDATE_CARDS.entries), len(explained._RESULTS))
    assert _best_cards(client, job.id) == [first]  # the kept explanation and card
    assert (len(fragments._BEST_CANDIDATE_CARDS.entries), len(explained._RESULTS)) == kept
    # Anonymous: no name, and the distance only as a band.
    assert label in first and "Secret Sam" not in first
    assert "Lives 25–50 km from the office" in first

    # A reveal to another organization changes nothing here ...
    _reveal(sam.id, clear.id)
    assert _best_cards(client, job.id) == [first]
    # ... one to this organization shows the name and the exact distance at once.
    _reveal(sam.id, mercy.id)
    [revealed] = _best_cards(client, job.id)
    assert "Secret Sam" in revealed and label not in revealed
    assert "Lives 28 km from the office" in revealed

    # Edits show at once: the headline, and an explanation from the new facts (the CPC expired
    # yesterday: a near miss saying why).
    sam.headline = "Inpatient coder"
    db.session.commit()
    [edited] = _best_cards(client, job.id)
    assert "Inpatient coder" in edited and "Outpatient coder" not in edited
    sam.credentials[0].expires_on = utcnow().date() - timedelta(days=1)
    db.session.commit()
    [expired] = _best_cards(client, job.id)
    assert "What is missing:" in expired and "What is missing:" not in edited
