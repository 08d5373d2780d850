"""An employer cannot triangulate where an anonymous candidate lives: from any office, the
distance is a band ("under 25 km"), on every page that shows it, until the candidate reveals
who they are to that organization."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.models import ProfileReveal, RevealReason
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import sync_all

AUSTIN = (30.2672, -97.7431)
# Three offices around Austin, as an employer probing with three draft jobs would set them up.
OFFICES = {
    "Round Rock": (30.5083, -97.6789),
    "San Marcos": (29.8833, -97.9414),
    "Bastrop": (30.1105, -97.3153),
}
EXACT = re.compile(r"Lives (\d+|less than 1) km from the office")


@pytest.fixture
def probe(app, auth):
    org = SearchOrganizationFactory(name="Probe Clinic")
    employer = EmployerFactory(owns=org)
    jobs = [
        SearchJobFactory(
            organization=org,
            title=f"Onsite coder in {city}",
            work_mode="onsite",
            offices=[(city, "US", lat, lng)],
        )
        for city, (lat, lng) in OFFICES.items()
    ]
    profile = SearchProfileFactory(
        name="Anita Anon",
        credentials=["CPC"],
        work_modes=["onsite"],
        travel_km=80,
        lat=AUSTIN[0],
        lng=AUSTIN[1],
        anonymous=True,
    )
    sync_all()
    auth.login(employer.email, PASSWORD)
    return org, jobs, profile


def _pages(client, jobs, profile):
    for job in jobs:
        yield client.get(f"/employer/jobs/{job.id}/candidates").get_data(as_text=True)
        yield client.get(f"/employer/jobs/{job.id}/candidates/{profile.id}").get_data(as_text=True)
        yield client.get(f"/employer/jobs/{job.id}/invite/{profile.id}").get_data(as_text=True)


def test_an_anonymous_candidate_is_only_ever_a_band_away(client, probe):
    _org, jobs, profile = probe
    pages = list(_pages(client, jobs, profile))
    assert all("Anita" not in html for html in pages)
    assert not any(EXACT.search(html) for html in pages)
    bands = [re.search(r"Lives ([^<]*?) from the office", html) for html in pages]
    assert all(bands), "each page still says how far"
    assert {b.group(1) for b in bands} <= {"under 25 km", "25–50 km", "50–100 km", "over 100 km"}


def test_once_revealed_the_exact_distance_is_shown(client, probe):
    org, jobs, profile = probe
    db.session.add(
        ProfileReveal(profile_id=profile.id, organization_id=org.id, reason=RevealReason.APPLIED)
    )
    db.session.commit()
    pages = list(_pages(client, jobs, profile))
    assert all(EXACT.search(html) for html in pages)


def test_a_candidate_who_is_not_anonymous_shows_the_exact_distance(client, probe):
    _org, jobs, profile = probe
    profile.anonymous = False
    db.session.commit()
    html = client.get(f"/employer/jobs/{jobs[0].id}/candidates/{profile.id}").get_data(as_text=True)
    assert EXACT.search(html) and "Austin" in html
