"""Numbers in addresses that no database integer holds: a 404 or the first page, never a 500
(found by the fuzzing of tests/security/test_fuzzing.py)."""

from __future__ import annotations

import pytest

from tests.fixtures.factories import UserFactory

HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [f"/jobs/{HUGE}", f"/jobs/{HUGE}/any-title", f"/employer/jobs/{HUGE}/candidates"],
)
def test_an_id_too_large_for_the_database_is_a_404(client, auth, path):
    auth.login(UserFactory(role="employer").email)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/admin/users", "/profile/credentials/to-check"])
@pytest.mark.parametrize("page", [HUGE, "-3", "NaN"])
def test_a_page_number_out_of_range_shows_the_first_page(client, auth, path, page):
    auth.login(UserFactory(role="admin").email)
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 200
