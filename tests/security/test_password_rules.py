"""Passwords built from the person's own name or address, or from the site's name, are refused;
a password that is too long is told the maximum, not the minimum."""

from __future__ import annotations

import pytest

from portal.models import User
from portal.security import MAX_PASSWORD_LENGTH
from portal.services.legal import current_terms
from tests.fixtures.app import count
from tests.fixtures.factories import UserFactory


def _signup(client, password, name="Priya Nair", email="priya.nair@example.in"):
    return client.post(
        "/auth/signup",
        data={
            "role": "seeker",
            "name": name,
            "email": email,
            "password": password,
            "adult": "y",
            "terms_version": current_terms().number,
        },
    )


@pytest.mark.parametrize(
    "password",
    [
        "Priya Nair",
        "priyanair",
        "PriyaNair1985",
        "nair.priya!",
        "priya.nair@example.in",
        "priya.nair",
        "codermatch",
        "CoderMatch2026!",
        "medicalcoder",
        "medical coder 1",
        "Medical-Coding-99",
        "codermatch priya",
    ],
)
def test_personal_and_site_words_are_refused(client, password):
    response = _signup(client, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (
        "Do not build your password from your name" in page
        or "Do not use your e-mail address as your password" in page
    )
    assert count(User) == 0


@pytest.mark.parametrize(
    "password", ["a quiet harbour at dawn", "priya walks by the backwaters", "coding is my calling"]
)
def test_sentences_that_mention_a_name_are_fine(client, password):
    assert _signup(client, password).status_code == 302
    assert count(User) == 1


def test_a_too_long_password_is_told_the_maximum(client):
    response = _signup(client, "long enough sentence " * 20)
    page = response.get_data(as_text=True)
    assert f"Use at most {MAX_PASSWORD_LENGTH} characters." in page
    assert "Use at least" not in page


def test_a_new_password_is_checked_against_the_account_too(client, auth):
    UserFactory(email="fatima.alharbi@example.sa", name="Fatima Alharbi")
    auth.login("fatima.alharbi@example.sa")
    response = client.post(
        "/auth/account/password",
        data={"current_password": "a quiet harbour at dawn", "new_password": "Alharbi2026!!"},
    )
    assert response.status_code == 400
    assert "Do not build your password from your name" in response.get_data(as_text=True)
