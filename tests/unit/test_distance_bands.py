"""Distances to candidates whose town the employer may not know are shown in bands."""

from __future__ import annotations

import pytest

from portal.matching import distance_band, match
from tests.fixtures.matching_facts import (
    AUSTIN,
    TODAY,
    item,
    make_candidate,
    make_job,
    north_of_austin,
)


@pytest.mark.parametrize(
    ("km", "band"),
    [
        (0.2, "under 25 km"),
        (24.9, "under 25 km"),
        (25, "25–50 km"),
        (49.9, "25–50 km"),
        (50, "50–100 km"),
        (99, "50–100 km"),
        (100, "over 100 km"),
        (4000, "over 100 km"),
    ],
)
def test_bands(km, band):
    assert distance_band(km) == band


def test_the_explanation_gives_a_band_and_the_same_verdict():
    job = make_job(work_mode="onsite", office_locations=[AUSTIN])
    near = make_candidate(
        work_modes=frozenset({"onsite"}), location=north_of_austin(14), travel_km=30
    )
    exact = match(job, near, TODAY)
    banded = match(job, near, TODAY, distance_in_bands=True)
    assert item(banded, "work_mode").detail == (
        "Lives under 25 km from the office (travels up to 30 km)"
    )
    assert (banded.score, banded.eligible) == (exact.score, exact.eligible)
    assert item(exact, "work_mode").detail.startswith("Lives 14 km")


def test_the_advice_gives_no_exact_distance_either():
    job = make_job(work_mode="onsite", office_locations=[AUSTIN])
    far = make_candidate(
        work_modes=frozenset({"onsite"}), location=north_of_austin(104), travel_km=30
    )
    row = item(match(job, far, TODAY, distance_in_bands=True), "work_mode")
    assert row.detail == "Lives over 100 km from the office (travels up to 30 km)"
    assert "104" not in row.fix and "105" not in row.fix
