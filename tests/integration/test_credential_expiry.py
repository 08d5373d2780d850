"""Expiry in sight: a credential expiring within 90 days is flagged on the profile, the
dashboard, the match rows and the apply page with what to do; an expired one stops counting,
visibly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.extensions import db


@pytest.fixture
def w(world, client, auth):
    world.client, world.auth = client, auth
    return world


def _expire_in(profile, days: int):
    [cpc] = [c for c in profile.credentials if c.kind == "CPC"]
    cpc.expires_on = date.today() + timedelta(days=days)
    db.session.commit()
    return cpc


def _text(w, url: str) -> str:
    response = w.client.get(url)
    assert response.status_code == 200, url
    return " ".join(response.get_data(as_text=True).split())


def test_a_credential_expiring_in_45_days_is_flagged_everywhere(w):
    cpc = _expire_in(w.priya_profile, 45)
    when = cpc.expires_on.strftime("%d %b %Y")
    w.auth.login(w.priya.email)
    alert = f"CPC expires on {when}, in 45 days. Renew it before then"
    for url in ("/dashboard", "/profile/", f"/jobs/{w.job.id}/apply"):
        html = _text(w, url)
        assert alert in html, url
        assert f'href="/profile/credentials/{cpc.id}' in html, url
    assert "Renew it before then and add the new expiry date" in _text(w, "/profile/credentials")
    match = _text(w, f"/jobs/{w.job.id}/match")
    assert f"CPC expires on {cpc.expires_on.day} {cpc.expires_on:%b %Y}, in 45 days" in match
    assert "in 45 days; after that it no longer counts" in match
    assert "What would fix it: Renew CPC before" in match
    assert "Full shifts only" in match  # the job's hours row says it takes no part-time
    # Still eligible today: the badge asks to check the expiry instead of claiming a clean sheet.
    assert "Meets every requirement" not in match
    assert "Meets the requirements; check CPC expiry" in match


def test_far_expiry_is_not_flagged(w):
    _expire_in(w.priya_profile, 200)
    w.auth.login(w.priya.email)
    assert "Your credentials need attention" not in _text(w, "/dashboard")
    match = _text(w, f"/jobs/{w.job.id}/match")
    assert "CPC expiry" not in match and "CPC expires on" not in match


def test_an_expired_credential_stops_counting_visibly(w):
    cpc = _expire_in(w.priya_profile, -3)
    w.auth.login(w.priya.email)
    assert "no longer counts: jobs that require it do not match you" in _text(w, "/dashboard")
    assert "Does not count until it is renewed" in _text(w, "/profile/credentials")
    match = _text(w, f"/jobs/{w.job.id}/match")
    assert "Misses CPC" in match
    assert "CPC expired on" in match and "and no longer counts" in match
    assert "What would fix it: Renew CPC" in match
    assert "no longer counts" in match.split("Side by side", 1)[1]  # the comparison row too
    assert cpc.expires_on < date.today()
