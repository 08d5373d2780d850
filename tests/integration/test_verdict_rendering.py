"""Property test (Hypothesis) of what people read: on the seeker's pages (job page, "jobs for
you", the match page, which employers' "best candidates" cards share) and on the employer's
application pages (from the rows saved with an application), the badge never says "Meets every
requirement" beside a ✗, "Partly met" or "Check" line, and names every failed hard requirement."""

from __future__ import annotations

import dataclasses
import re
from html import unescape
from types import SimpleNamespace

from flask import render_template_string
from hypothesis import HealthCheck, given, settings

from portal.matching import match
from portal.services.applications import match_items
from tests.fixtures.matching_strategies import TODAY, candidates, jobs

SEEKER_SIDE = """{% import "search/_macros.html" as m %}{{ m.score_badge(result) }}
{{ m.match_lines(result) }}"""
EMPLOYER_SIDE = """{% from "applications/_macros.html" import score, match_list %}
{{ score(application.match_score, items) }}{{ match_list(items) }}"""
GAP_LINE = re.compile(r'class="status-(missing|partial|warning)"')


def _badge(html: str) -> str:
    found = re.search(r'<span class="badge[^"]*">(.*?)</span>', html, flags=re.S)
    assert found, html
    return unescape(found.group(1)).strip()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(job=jobs, candidate=candidates)
def test_badge_and_lines_agree_on_both_sides(app, job, candidate):
    result = match(job, candidate, TODAY)
    saved = SimpleNamespace(
        match_score=result.score,
        match_items=[dataclasses.asdict(i) for i in result.items],  # as an application keeps them
    )
    with app.test_request_context("/"):
        seeker = render_template_string(SEEKER_SIDE, result=result)
        employer = render_template_string(
            EMPLOYER_SIDE, application=saved, items=match_items(saved)
        )
    for html in (seeker, employer):
        badge = _badge(html)
        if GAP_LINE.search(html):
            assert badge != "Meets every requirement"
        if not result.eligible:
            assert badge.startswith("Misses ")
            for item in result.blocking:
                assert item.label in badge
                assert unescape(item.fix) in unescape(html)
        else:
            assert not badge.startswith("Misses")
    assert _badge(seeker) == _badge(employer)
