"""When and where on the job search, against the real Meilisearch: shift times on the cards in
the viewer's zone ("(next day)" past midnight), the "When" filter (day, evening, night, weekend,
flexible; "fits my availability" for seekers), place names typed as keywords, short codes as
whole words, pay compared within one currency, and a match badge for signed-in seekers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from portal.extensions import db
from tests.fixtures.factories import (
    PASSWORD,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import NEXT_YEAR, sync_all, weekdays

COLUMBUS = (39.9612, -82.9988)
SAT_SUN = (5, 6)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def titles(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r'<li class="card job-card">\s*<h3><a href="[^"]+">(.*?)</a>', html)
    ]


def card(html: str, title: str) -> str:
    """The text of the result card with this title."""
    for block in re.findall(
        r'<li class="card job-card">(.*?)</li>\s*(?=<li class="card|</ol>)', html, re.S
    ):
        if title in block:
            return " ".join(re.sub(r"<[^>]+>", " ", block).split())
    raise AssertionError(f"no card for {title!r}")


def shifts(start: int, end: int, days=range(5)) -> list[list[int]]:
    return [[d, start, end] for d in days]


@pytest.fixture
def board(app):
    hospital = SearchOrganizationFactory(name="Buckeye Health")
    bpo = SearchOrganizationFactory(name="Kerala Coding Services", country="IN")
    jobs = {
        "columbus": SearchJobFactory(
            organization=hospital,
            title="Columbus Facility Coder",
            work_mode="onsite",
            timezone="America/New_York",
            schedule_flexible=False,
            shift_windows=shifts(8 * 60, 16 * 60 + 30),
            offices=[("Columbus", "US", *COLUMBUS)],
            pay_min=Decimal("30"),
            pay_currency="USD",
            pay_period="hour",
        ),
        "ohio_remote": SearchJobFactory(
            organization=hospital,
            title="Remote Coder for Ohio Residents",
            applicant_countries=["US"],
            applicant_regions=["US-OH"],
            timezone="America/New_York",
            schedule_flexible=False,
            shift_windows=shifts(15 * 60, 23 * 60 + 30),
            pay_min=Decimal("24"),
            pay_currency="USD",
            pay_period="hour",
        ),
        "india_night": SearchJobFactory(
            organization=bpo,
            title="US Day Shift from Kochi",
            applicant_countries=["IN"],
            timezone="Asia/Kolkata",
            schedule_flexible=False,
            shift_windows=shifts(19 * 60 + 30, 4 * 60 + 30),
            pay_min=Decimal("30000"),
            pay_currency="INR",
            pay_period="month",
        ),
        "us_or_india": SearchJobFactory(
            organization=hospital,
            title="Remote Pro Fee E/M Coder",
            applicant_countries=["US", "IN"],
            description="Evaluation and management levelling.",
            schedule_flexible=True,
            hours_min=20,
            hours_max=20,
            pay_min=Decimal("40"),
            pay_currency="USD",
            pay_period="hour",
        ),
        "weekend": SearchJobFactory(
            organization=hospital,
            title="Weekend Emergency Department Coder",
            applicant_countries=["US"],
            description="Emergency and medical records for the weekend team.",
            timezone="America/New_York",
            schedule_flexible=False,
            shift_windows=shifts(8 * 60, 16 * 60, SAT_SUN),
            pay_min=Decimal("8000"),
            pay_currency="SAR",
            pay_period="month",
        ),
    }
    jobs["columbus"].offices[0].region = "OH"
    db.session.commit()
    sync_all()
    return jobs


# --- shift times on the cards -------------------------------------------------------------------


def test_cards_show_the_shift_on_the_jobs_clock_for_an_unknown_visitor(client, board):
    html = page(client, "/jobs")
    assert "Mon–Fri 7:30 pm – 4:30 am (next day), India time" in card(html, "Kochi")
    assert "Mon–Fri 8:00 am – 4:30 pm, New York time" in card(html, "Columbus Facility")
    assert "Sat, Sun 8:00 am – 4:00 pm, New York time" in card(html, "Weekend")
    assert "(next day)" not in card(html, "Columbus Facility")


def test_cards_show_the_shift_on_the_viewers_clock(client, auth, board):
    # A browser in Chicago (the hidden field that timezone.js fills): the Indian night shift
    # is a Chicago working day; the US evening shift ends at 10:30 pm there.
    html = page(client, "/jobs?tz=America/Chicago")
    kochi = card(html, "Kochi")
    assert re.search(r"Mon–Fri (8|9):00 am – (5|6):00 pm, Chicago time", kochi), kochi
    assert "2:00 pm – 10:30 pm, Chicago time" in card(html, "Ohio Residents")

    # A signed-in seeker in India sees the US evening shift overnight, on the next day.
    seeker = SearchProfileFactory(
        name="Priya Nair",
        country="IN",
        region="KL",
        city="Kochi",
        timezone="Asia/Kolkata",
        credentials=["CPC"],
    )
    auth.login(seeker.user.email, PASSWORD)
    ohio = card(page(client, "/jobs"), "Ohio Residents")
    assert re.search(r"(1:30|2:30) am – (10|11):00 am, India time", ohio), ohio
    assert re.search(r"Tue–Sat", ohio), ohio  # Monday 3 pm in New York is Tuesday in India


def test_a_bad_tz_parameter_is_ignored(client, board):
    html = page(client, "/jobs?tz=Mars%2FOlympus")
    assert "Mon–Fri 7:30 pm – 4:30 am (next day), India time" in card(html, "Kochi")


# --- the When filter -----------------------------------------------------------------------------


def test_when_filter_on_the_jobs_own_clock(client, board):
    assert titles(page(client, "/jobs?when=night")) == ["US Day Shift from Kochi"]
    assert set(titles(page(client, "/jobs?when=day"))) == {
        "Columbus Facility Coder",
        "Weekend Emergency Department Coder",
    }
    assert titles(page(client, "/jobs?when=evening")) == ["Remote Coder for Ohio Residents"]
    assert titles(page(client, "/jobs?when=weekend")) == ["Weekend Emergency Department Coder"]
    assert titles(page(client, "/jobs?when=flexible")) == ["Remote Pro Fee E/M Coder"]
    both = set(titles(page(client, "/jobs?when=night&when=flexible")))
    assert both == {"US Day Shift from Kochi", "Remote Pro Fee E/M Coder"}


def test_when_filter_on_the_viewers_clock_with_counts(client, board):
    html = page(client, "/jobs?tz=America/Chicago&when=day")
    assert "US Day Shift from Kochi" in titles(html)  # 7:30 pm in Kochi is morning in Chicago
    assert "Shift start times on your clock (Chicago time)" in html
    assert re.search(r'id="f-when-night"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\(0\)', html)
    assert "US Day Shift from Kochi" not in titles(
        page(client, "/jobs?tz=America/Chicago&when=night")
    )


def test_time_words_typed_as_keywords_become_the_when_filter(client, board):
    html = page(client, "/jobs?q=night")
    assert titles(html) == ["US Day Shift from Kochi"]
    assert "When: Night shifts" in html
    assert titles(page(client, "/jobs?q=weekends")) == ["Weekend Emergency Department Coder"]
    assert page(client, "/jobs?when=sometimes&when=%22%3E") is not None  # unknown values ignored


def test_fits_my_availability_for_a_seeker(client, auth, board):
    seeker = SearchProfileFactory(
        name="Linda Brooks",
        timezone="America/Chicago",
        slots=weekdays(7, 18),
        hours_max=40,
        credentials=["CPC"],
    )
    auth.login(seeker.user.email, PASSWORD)
    found = set(titles(page(client, "/jobs?fits=1")))
    # 8-4:30 New York is 7-3:30 Chicago; 7:30 pm-4:30 am India is 8 am-5 pm Chicago in November
    # (7 am - 4 pm in summer: both inside 7 am - 6 pm); flexible 20 hours fits 40.
    assert found == {
        "Columbus Facility Coder",
        "US Day Shift from Kochi",
        "Remote Pro Fee E/M Coder",
    }
    assert "Fits my availability" in page(client, "/jobs?fits=1")
    # Visitors have no availability: the choice is not offered and the parameter is ignored.
    client.post("/auth/logout")
    html = page(client, "/jobs?fits=1")
    assert 'name="fits"' not in html and len(titles(html)) == 5


def test_when_filter_without_the_engine(app, client, board):
    app.config["MEILI_URL"] = "http://127.0.0.1:9"
    html = page(client, "/jobs?when=night")
    assert "Spelling help and best-match order will be back soon" in html
    assert titles(html) == ["US Day Shift from Kochi"]
    assert set(titles(page(client, "/jobs?q=ohio"))) == {
        "Columbus Facility Coder",
        "Remote Coder for Ohio Residents",
    }


# --- places typed as keywords ------------------------------------------------------------------


@pytest.mark.parametrize("q", ["ohio", "Ohio", "OH", "coder in ohio"])
def test_a_us_state_typed_as_a_keyword_is_a_place(client, board, q):
    html = page(client, f"/jobs?q={q}")
    assert set(titles(html)) == {"Columbus Facility Coder", "Remote Coder for Ohio Residents"}
    assert "Where: Ohio, United States" in html


def test_a_country_finds_jobs_in_it_or_open_to_it(client, board):
    html = page(client, "/jobs?q=India")
    assert set(titles(html)) == {"US Day Shift from Kochi", "Remote Pro Fee E/M Coder"}
    assert "Where: India" in html
    # The place stays when another filter is ticked (it travels as a hidden field).
    assert 'type="hidden" name="place" value="IN"' in html
    assert titles(page(client, "/jobs?place=IN&when=flexible")) == ["Remote Pro Fee E/M Coder"]


def test_a_large_city_typed_as_a_keyword_searches_near_it(client, board):
    html = page(client, "/jobs?q=columbus+coder")
    assert "Columbus Facility Coder" in titles(html)
    assert "Within 30 km of Columbus" in html
    assert "is searched as a place or a time" in html
    words = re.search(r'<a href="([^"]+)">Search them as words instead', html).group(1)
    assert "as_words=1" in words
    html = page(client, words.replace("&amp;", "&"))
    assert "Within 30 km of Columbus" not in html and "Columbus Facility Coder" in titles(html)


# --- short codes and pay -----------------------------------------------------------------------


def test_short_codes_match_whole_codes_only(client, board):
    assert titles(page(client, "/jobs?q=E%2FM")) == ["Remote Pro Fee E/M Coder"]
    assert titles(page(client, "/jobs?q=E%26M")) == ["Remote Pro Fee E/M Coder"]
    assert "Weekend Emergency Department Coder" in titles(page(client, "/jobs?q=emergency"))


def test_pay_sorts_within_one_currency_and_says_so(client, board):
    html = page(client, "/jobs?sort=pay")
    assert titles(html) == [
        "Remote Pro Fee E/M Coder",
        "Columbus Facility Coder",
        "Remote Coder for Ohio Residents",
    ]
    assert "Highest pay first among jobs paid in USD" in html
    inr = re.search(r'<a href="([^"]+)">INR \(1\)</a>', html)
    assert inr and "SAR (1)" in html
    assert titles(page(client, inr.group(1).replace("&amp;", "&"))) == ["US Day Shift from Kochi"]
    assert titles(page(client, "/jobs?sort=pay&currency=sar")) == [
        "Weekend Emergency Department Coder"
    ]


def test_pay_sort_uses_the_seekers_currency(client, auth, board):
    seeker = SearchProfileFactory(
        name="Priya Nair", country="IN", currency="INR", timezone="Asia/Kolkata"
    )
    auth.login(seeker.user.email, PASSWORD)
    assert titles(page(client, "/jobs?sort=pay")) == ["US Day Shift from Kochi"]


# --- the match badge ---------------------------------------------------------------------------


def test_signed_in_seekers_see_how_they_match_on_each_card(client, auth, board):
    seeker = SearchProfileFactory(
        name="Priya Nair",
        country="IN",
        region="KL",
        city="Kochi",
        timezone="Asia/Kolkata",
        slots=weekdays(19, 24) + [(d, 0, 5 * 60) for d in range(1, 6)],
        credentials=[("CPC", NEXT_YEAR, True)],
        hours_max=45,
    )
    auth.login(seeker.user.email, PASSWORD)
    html = page(client, "/jobs")
    assert re.search(r"Meets (every requirement|the requirements)", card(html, "Kochi"))
    columbus = card(html, "Columbus Facility")  # an office in Ohio, she lives in India
    assert "Misses" in columbus and "Meets" not in columbus
    client.post("/auth/logout")
    html = page(client, "/jobs")
    assert "Misses" not in html and "Meets" not in html


def test_a_saved_search_is_named_by_its_place_and_time(app):
    from portal.services.alerts import describe

    assert describe("jobs", "q=night+coder+in+ohio") == (
        "Words: coder; Where: Ohio, United States; When: Night shifts (start 7 pm to 5 am)"
    )
