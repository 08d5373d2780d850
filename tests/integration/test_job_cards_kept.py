"""Job search cards are rendered once and kept per process (`portal.web.fragments.job_cards`,
issue 16): a kept card must be exactly the card rendering it again would give, for every
viewer. An edit of the job shows on the next search; viewers in other zones, signed-in seekers
with their own match badges and visitors each get their own card, never another's."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import Job, Organization
from portal.web import fragments
from tests.fixtures.accounts import AuthActions
from tests.fixtures.factories import (
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import sync_all

SEARCH = "/jobs?q=coder"


def cards(client, url: str = SEARCH) -> str:
    """The result list of a search page, as HTML."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    found = re.search(
        r'<ol class="cards results-list">.*?</ol>', response.get_data(as_text=True), re.S
    )
    assert found, "no results"
    return found.group(0)


def fresh_cards(client, url: str = SEARCH) -> str:
    """The same list with every card rendered anew (nothing kept)."""
    fragments.forget_job_cards()
    return cards(client, url)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def job(app):
    row = SearchJobFactory(
        organization=SearchOrganizationFactory(name="Mercy Valley Hospital"),
        title="Remote Outpatient Coder",
        timezone="Asia/Kolkata",
        schedule_flexible=False,
        shift_windows=[[d, 9 * 60, 17 * 60] for d in range(5)],
        hours_min=20,
        hours_max=30,
        pay_min=Decimal(20),
        pay_max=Decimal(30),
        pay_currency="USD",
        pay_period="hour",
        required_credentials=[["CPC"]],
    )
    db.session.commit()
    sync_all()
    return row.id


def test_the_second_search_is_served_from_kept_cards_and_matches_a_fresh_rendering(app, job):
    visitor = app.test_client()
    fragments.forget_job_cards()
    first = cards(visitor)
    kept = len(fragments._JOB_CARDS.entries)
    assert kept == 1
    assert cards(visitor) == first
    assert len(fragments._JOB_CARDS.entries) == kept  # nothing rendered again
    assert fresh_cards(visitor) == first


def test_an_edited_job_shows_its_new_card_on_the_next_search(app, job):
    visitor = app.test_client()
    before = text(cards(visitor))
    assert "$20–$30 an hour" in before and "20 to 30 hours a week" in before
    assert "Asks for CPC" in before and "Mon–Fri 9:00 am – 5:00 pm" in before

    # What only the card's facts show (title, organization and description unchanged).
    row = db.session.get(Job, job)
    row.pay_min, row.pay_max = Decimal(25), Decimal(35)
    row.hours_min = 25
    row.shift_windows = [[d, 10 * 60, 18 * 60] for d in range(5)]
    row.required_credentials = [["CCS"]]
    db.session.commit()
    sync_all()
    edited = cards(visitor)
    shown = text(edited)
    assert "$25–$35 an hour" in shown and "25 to 30 hours a week" in shown
    assert "Asks for CCS" in shown and "Mon–Fri 10:00 am – 6:00 pm" in shown
    assert "$20–$30" not in shown and "CPC" not in shown
    assert edited == fresh_cards(visitor)

    # The organization loses its verification, then is renamed.
    organization = db.session.get(Organization, row.organization_id)
    assert "Verified employer" in shown
    organization.verified_at = None
    db.session.commit()
    sync_all()
    assert "Verified employer" not in text(cards(visitor))
    organization.name = "Lakeside Clinic"
    db.session.commit()
    sync_all()
    renamed = text(cards(visitor))
    assert "Lakeside Clinic" in renamed and "Mercy Valley" not in renamed


def test_viewers_in_other_zones_each_see_their_own_shift_times(app, job):
    """A visitor's browser sends its zone (`tz`); without one the job's own clock is shown.
    Asked in turn, so that each finds the others' cards kept."""
    pages = {
        zone: f"{SEARCH}&tz={zone}" if zone else SEARCH for zone in ("UTC", "America/Phoenix", None)
    }
    visitor = app.test_client()
    shown = {zone: text(cards(visitor, url)) for zone, url in pages.items()}
    # 9:00 am to 5:00 pm in Kolkata (UTC+5:30, no daylight saving), Phoenix is UTC-7.
    assert "Mon–Fri 3:30 am – 11:30 am, UTC" in shown["UTC"]
    assert "Sun–Thu 8:30 pm – 4:30 am (next day), Phoenix time" in shown["America/Phoenix"]
    assert "Mon–Fri 9:00 am – 5:00 pm, India time" in shown[None]
    for zone, url in pages.items():
        assert text(fresh_cards(visitor, url)) == shown[zone], zone


def test_seekers_see_their_own_match_badge_and_visitors_none(app, job):
    """Two seekers, one holding the CPC the job asks for and one without, and a visitor, each
    asking after the others: every card is the viewer's own."""
    holder = SearchProfileFactory(email="holder@example.com", credentials=["CPC"])
    other = SearchProfileFactory(email="other@example.com", credentials=["CCS"])
    db.session.commit()
    viewers = {"visitor": app.test_client()}
    for name, profile in (("holder", holder), ("other", other)):
        client = app.test_client()
        assert AuthActions(client).login(profile.user.email).status_code == 302
        viewers[name] = client
    shown = {name: cards(client) for name, client in viewers.items()}
    assert "How you match" in shown["holder"] and "How you match" in shown["other"]
    assert "How you match" not in shown["visitor"] and 'class="score"' not in shown["visitor"]
    assert shown["holder"] != shown["other"]  # their badges differ
    assert "CPC" in text(re.search(r'<p class="score">.*?</p>', shown["other"], re.S).group(0))
    for name, client in viewers.items():
        assert fresh_cards(client) == shown[name], name
