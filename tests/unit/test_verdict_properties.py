"""Property tests (Hypothesis) over random jobs and profiles: the badge, the rows and the
eligibility always agree, every row's hard/soft flag comes from the one table, every hard gap
says what would fix it, and the shift verdict does not flip with the date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.matching import (
    INELIGIBLE_CAP,
    is_hard,
    match,
    verdict,
)
from tests.fixtures.matching_strategies import TODAY, candidates, jobs

GAPS = {"missing", "partial", "warning"}


@settings(max_examples=300, deadline=None)
@given(job=jobs, candidate=candidates)
def test_badge_rows_and_eligibility_agree(job, candidate):
    result = match(job, candidate, TODAY)
    found = verdict(result)
    hard_gaps = [i for i in result.items if i.required and i.status in ("missing", "partial")]
    # One rule decides eligibility, and the table decides what is hard.
    assert all(i.required == is_hard(i.key) for i in result.items)
    assert result.eligible == (not hard_gaps) == (found.kind != "misses")
    # "Meets every requirement" only on a clean sheet: never beside ✗, "Partly met" or "Check".
    clean = all(i.status not in GAPS for i in result.items)
    assert (found.headline == "Meets every requirement") == clean
    if found.kind == "misses":
        # Every failed hard requirement is named in the badge, and each says what would fix it.
        for i in hard_gaps:
            assert i.label in found.headline
            assert i.fix
        assert result.score <= INELIGIBLE_CAP
    elif found.kind == "fits_with_gaps":
        assert all(i.label in found.headline for i in result.items if i.status in GAPS)
    assert 0 <= result.score <= 100


@settings(max_examples=150, deadline=None)
@given(job=jobs, candidate=candidates, days=st.integers(0, 364))
def test_the_shift_verdict_does_not_flip_with_the_date(job, candidate, days):
    """Winter and summer reference weeks: any day of the year gives the same hours line."""
    other = date(TODAY.year, 1, 1) + timedelta(days=days)
    assert match(job, candidate, TODAY).get("hours") == match(job, candidate, other).get("hours")
