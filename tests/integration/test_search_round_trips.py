"""A search page asks the engine only for what it shows (issue 16): the counts behind the
"no results" ways out (fewer words, no words, anywhere) are asked for only when the page is
empty, in a second round trip; a page with results makes one round trip with no such query.

The engine calls are observed by wrapping the function that posts them (the real call still
runs; nothing is faked).
"""

from __future__ import annotations

import json

import pytest

from portal.search import engine
from tests.fixtures.factories import SearchJobFactory
from tests.fixtures.pages import page
from tests.fixtures.search import sync_all


@pytest.fixture
def posted(monkeypatch) -> list[list[dict]]:
    calls: list[list[dict]] = []
    original = engine.search_post

    def recorder(path: str, body: dict) -> dict:
        calls.append(json.loads(json.dumps(body))["queries"])
        return original(path, body)

    monkeypatch.setattr(engine, "search_post", recorder)
    return calls


@pytest.fixture
def jobs(app):
    SearchJobFactory(title="Remote Outpatient Coder", work_mode="remote")
    SearchJobFactory(title="Inpatient Coder", work_mode="onsite")
    sync_all()


def _words_asked(queries: list[dict]) -> list[str]:
    return [q["q"] for q in queries]


def test_a_page_with_results_asks_for_no_suggestions(client, jobs, posted):
    html = page(client, "/jobs?q=remote+coder&mode=remote")
    assert "1 job" in html and "Outpatient" in html
    assert len(posted) == 1
    # Every query carries the words typed: none is "fewer words" or "no words".
    assert set(_words_asked(posted[0])) == {"remote coder"}


def test_an_empty_page_asks_for_its_ways_out_in_a_second_round_trip(client, jobs, posted):
    html = page(client, "/jobs?q=inpatient+xylophone&mode=onsite")
    assert "Search “inpatient” instead: 1 job" in html
    assert "Without the words “inpatient xylophone”: 1 job" in html
    assert len(posted) == 2
    assert set(_words_asked(posted[0])) == {"inpatient xylophone"}
    assert _words_asked(posted[1]) == ["inpatient", ""]


def test_a_page_with_results_and_no_facet_filter_is_one_round_trip(client, jobs, posted):
    page(client, "/jobs?when=day")
    assert len(posted) == 1
    # The results, then one count per "When" choice: nothing for the "when" filter alone.
    assert len(posted[0]) == 1 + 5


def test_facet_lists_show_each_search_its_own_counts_and_ticks(client, jobs):
    """The facet lists are kept once rendered: a list with other counts or other ticks is
    another list."""
    everything = page(client, "/jobs")
    assert 'value="remote" >' in everything
    assert 'Work from home <span class="count">(1)</span>' in everything
    ticked = page(client, "/jobs?mode=remote")
    assert 'value="remote" checked>' in ticked
    SearchJobFactory(title="Remote Auditor", work_mode="remote")
    sync_all()
    assert 'Work from home <span class="count">(2)</span>' in page(client, "/jobs")
