"""Candidate search cards are kept per process (`portal.web.fragments.candidate_card`), keyed by
everything a card shows: a kept card must never outlive an edit, and never show one employer
what only another may see."""

from __future__ import annotations

import re

from portal.extensions import db
from portal.models import ProfileReveal, RevealReason
from portal.models.profile_view import candidate_label
from portal.web import fragments
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import sync_all

SEARCH = "/candidates?q=inpatient"


def _cards(client) -> list[str]:
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'<li class="card candidate-card">.*?\n        </li>', html, re.S)


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
    kept = len(fragments._CANDIDATE_CARDS.pieces)
    assert _cards(client) == [first]  # the second page is served the kept card
    assert len(fragments._CANDIDATE_CARDS.pieces) == kept
    assert label in first and "Anna Anon" not in first and "Austin" not in first

    # The seeker applies to Mercy Valley: its recruiter sees her name and city at once ...
    db.session.add(
        ProfileReveal(profile_id=annie.id, organization_id=mercy.id, reason=RevealReason.APPLIED)
    )
    db.session.commit()
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
