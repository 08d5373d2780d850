"""Search and explained matches against the real Meilisearch: relevance, facets, distance,
privacy of documents, hidden profiles, safe highlights, access rules and the match pages."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import meilisearch
import pytest
from meilisearch.errors import MeilisearchApiError

from portal.extensions import db
from portal.models import JobStatus, ProfileReveal, RevealReason, Visibility, utcnow
from portal.models.profile_view import candidate_label
from portal.search import job_search, matches, sync
from portal.search.candidate_search import CANDIDATE_FACETS
from portal.search.client import KEY_CACHE, ensure_keys, write_client
from portal.search.facets import JOB_FACETS
from portal.search.settings import index_uid, settings_drift
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SchoolFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
    UserFactory,
)
from tests.fixtures.search import (
    AUSTIN,
    DALLAS,
    LAST_MONTH,
    MEILI_TEST_KEY,
    NEXT_YEAR,
    ROUND_ROCK,
    sync_all,
    weekdays,
)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def titles(html: str) -> list[str]:
    """Job titles of the result cards, in order."""
    return [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r'<li class="card job-card">\s*<h3><a href="[^"]+">(.*?)</a>', html)
    ]


@pytest.fixture
def board(app):
    """A small job board: remote, onsite and hybrid jobs in Texas and India."""
    mercy = SearchOrganizationFactory(name="Mercy Valley Hospital", verified=True)
    clear = SearchOrganizationFactory(name="ClearClaim BPO", verified=False, country="IN")
    jobs = {
        "remote_cpc": SearchJobFactory(
            organization=mercy,
            title="Remote Outpatient Coder",
            required_credentials=[["CPC"]],
            specialties=["outpatient_facility"],
            pay_min=Decimal("25"),
            pay_max=Decimal("32"),
            pay_currency="USD",
            pay_period="hour",
            hours_min=40,
            hours_max=40,
            description="Code clinic visits and outpatient surgery.",
        ),
        "pro_fee": SearchJobFactory(
            organization=mercy,
            title="Pro Fee Coder",
            required_credentials=[["CPC", "CCS-P"]],
            specialties=["pro_fee_em"],
            description="Evaluation and management levelling for our clinics.",
            employment_type="part_time",
            hours_max=20,
        ),
        "cpb_biller": SearchJobFactory(
            organization=clear,
            title="Medical Biller",
            role_type="biller",
            required_credentials=[["CPB"]],
            specialties=["billing"],
            applicant_countries=["IN"],
            description="Denials and AR follow-up for US clients.",
            pay_min=Decimal("20000"),
            pay_max=Decimal("28000"),
            pay_currency="INR",
            pay_period="month",
        ),
        "apprentice": SearchJobFactory(
            organization=clear,
            title="Trainee Coder",
            required_credentials=[["CPC-A"]],
            new_graduates_welcome=True,
            applicant_countries=["IN"],
            description="For new graduates: we train you on live charts.",
        ),
        "onsite_austin": SearchJobFactory(
            organization=mercy,
            title="Inpatient DRG Coder",
            work_mode="onsite",
            required_credentials=[["CCS"]],
            specialties=["inpatient_facility"],
            offices=[("Round Rock", "US", *ROUND_ROCK)],
            description="Inpatient charts at our hospital.",
        ),
        "hybrid_austin": SearchJobFactory(
            organization=mercy,
            title="Hybrid Facility Coder",
            work_mode="hybrid",
            required_credentials=[["CCS"]],
            offices=[("Austin", "US", *AUSTIN)],
            description="Two days a week at the office.",
        ),
        "onsite_dallas": SearchJobFactory(
            organization=mercy,
            title="Cardiology Coder",
            work_mode="onsite",
            specialties=["cardiology"],
            offices=[("Dallas", "US", *DALLAS)],
            published_at=utcnow(),
            description="Cardiology procedures.",
        ),
    }
    SearchJobFactory(organization=mercy, title="Draft Coder", status=JobStatus.DRAFT)
    SearchJobFactory(
        organization=mercy, title="Expired Coder", expires_at=utcnow() - timedelta(days=1)
    )
    sync_all()
    return jobs


# --- relevance -------------------------------------------------------------------------------


def test_work_from_home_finds_remote_jobs(client, board):
    found = titles(page(client, "/jobs?q=work+from+home"))
    assert "Remote Outpatient Coder" in found
    assert "Pro Fee Coder" in found
    assert "Inpatient DRG Coder" not in found
    assert "Cardiology Coder" not in found
    assert set(titles(page(client, "/jobs?q=wfh"))) == set(titles(page(client, "/jobs?q=remote")))


def test_e_and_m_finds_evaluation_and_management(client, board):
    assert titles(page(client, "/jobs?q=E%26M")) == ["Pro Fee Coder"]
    assert titles(page(client, "/jobs?q=e%2Fm")) == ["Pro Fee Coder"]


def test_typo_still_finds_medical_coder_roles(client, board):
    found = titles(page(client, "/jobs?q=medcal+codr"))
    assert "Remote Outpatient Coder" in found and "Cardiology Coder" in found
    assert "Medical Biller" not in found  # a biller role, not a coder


def test_cpb_filter_returns_billers_only(client, board):
    assert titles(page(client, "/jobs?credential=CPB")) == ["Medical Biller"]
    # A credential code typed in the box becomes the same exact filter.
    html = page(client, "/jobs?q=cpb")
    assert titles(html) == ["Medical Biller"]
    assert "Searching CPB as a credential" in html


def test_cpc_never_matches_cpc_a(client, board):
    found = titles(page(client, "/jobs?q=CPC"))
    assert "Trainee Coder" not in found  # requires CPC-A only
    assert {"Remote Outpatient Coder", "Pro Fee Coder"} <= set(found)
    assert titles(page(client, "/jobs?credential=CPC-A")) == ["Trainee Coder"]


def test_drafts_and_expired_jobs_are_never_indexed(client, board):
    index = write_client().index(index_uid("jobs"))
    docs = index.get_documents({"limit": 100}).results
    assert {d.title for d in docs} == {
        "Remote Outpatient Coder",
        "Pro Fee Coder",
        "Medical Biller",
        "Trainee Coder",
        "Inpatient DRG Coder",
        "Hybrid Facility Coder",
        "Cardiology Coder",
    }


# --- facets, distance, sort, empty results ---------------------------------------------------


def facet_counts(html: str, param: str) -> dict[str, int]:
    pattern = (
        rf'name="{param}" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)'
    )
    return {value: int(count) for value, count in re.findall(pattern, html)}


def test_facet_counts_are_disjunctive(client, board):
    html = page(client, "/jobs?mode=remote")
    assert len(titles(html)) == 4
    # Ticking "remote" still shows how many onsite and hybrid jobs there are.
    assert facet_counts(html, "mode") == {"remote": 4, "onsite": 2, "hybrid": 1}
    # Other facets count within the remote jobs.
    assert facet_counts(html, "credential") == {"CPC": 2, "CCS-P": 1, "CPB": 1, "CPC-A": 1}
    assert facet_counts(html, "type") == {"full_time": 3, "part_time": 1}
    html = page(client, "/jobs?mode=remote&type=part_time")
    assert titles(html) == ["Pro Fee Coder"]
    assert facet_counts(html, "mode")["remote"] == 1
    assert facet_counts(html, "type") == {"full_time": 3, "part_time": 1}


def test_pay_facet_and_flags(client, board):
    html = page(client, "/jobs")
    pay = facet_counts(html, "pay")
    assert pay["USD:hour:25"] == 1 and pay["USD:hour:30"] == 1 and "USD:hour:40" not in pay
    assert pay["INR:month:20000"] == 1
    assert titles(page(client, "/jobs?pay=USD:hour:30")) == ["Remote Outpatient Coder"]
    assert titles(page(client, "/jobs?new_grads=1")) == ["Trainee Coder"]
    verified = set(titles(page(client, "/jobs?verified=1")))
    assert "Medical Biller" not in verified and "Cardiology Coder" in verified


def test_near_me_limits_office_jobs_to_the_radius(client, board):
    html = page(client, "/jobs?near=Austin&radius=30")
    found = set(titles(html))
    assert {"Inpatient DRG Coder", "Hybrid Facility Coder"} <= found  # Round Rock is ~27 km
    assert "Cardiology Coder" not in found  # Dallas is ~300 km away
    assert "Remote Outpatient Coder" in found  # work from home: anywhere
    assert "km away" in html
    assert "Cardiology Coder" not in titles(page(client, "/jobs?near=Austin&radius=250"))
    found = titles(page(client, "/jobs?near=Austin,+TX&mode=onsite&sort=distance"))
    assert found == ["Inpatient DRG Coder"]
    html = page(client, "/jobs?near=Nowheresville")
    assert "We could not find" in html


def test_sort_by_newest_and_pay(client, board):
    newest = titles(page(client, "/jobs?sort=newest"))
    assert newest[0] == "Cardiology Coder"  # published today, the others yesterday
    by_pay = titles(page(client, "/jobs?sort=pay&pay=USD:hour:25"))
    assert by_pay == ["Remote Outpatient Coder"]


def test_empty_results_suggest_a_relaxed_search(client, board):
    html = page(client, "/jobs?mode=remote&credential=CCS&near=Austin")
    assert titles(html) == []
    assert "No jobs match all your choices" in html
    # "No remote CCS jobs; 1 hybrid and 1 onsite one within 30 km of Austin."
    assert re.search(r"1 job: Hybrid within 30 km of Austin", html)
    assert re.search(r"1 job: At the office within 30 km of Austin", html)
    assert "Without “CCS”: 4 jobs" in html
    html = page(client, "/jobs?q=cardiology+zebra")
    assert "Search “cardiology” instead: 1 job" in html


def test_state_lives_in_the_url_and_chips_remove_one_filter(client, board):
    html = page(client, "/jobs?q=coder&mode=remote&credential=CPC&page=1")
    assert 'value="coder"' in html
    assert re.search(r'id="f-mode-remote"[^>]*checked', html)
    remove_mode = re.search(
        r'<a class="chip" href="([^"]+)"><span class="visually-hidden">Remove </span>'
        r"Where you work",
        html,
    )
    assert remove_mode and "mode=" not in remove_mode.group(1).replace("&amp;", "&")
    assert "credential=CPC" in remove_mode.group(1)


def test_capped_totals_say_more_than_1000(client, app):
    org = SearchOrganizationFactory()
    from portal.models import Job

    now = utcnow()
    db.session.add_all(
        Job(
            organization_id=org.id,
            title=f"Coder {i}",
            status=JobStatus.PUBLISHED,
            published_at=now,
            expires_at=now + timedelta(days=10),
            schedule_flexible=True,
        )
        for i in range(1005)
    )
    db.session.commit()
    sync_all()
    html = page(client, "/jobs")
    assert "<strong>1,000+ jobs</strong>" in html  # the engine counts up to 1,000
    assert "Page 1 of 50" in html


def test_partial_results_for_live_search(client, board):
    response = client.get("/jobs?q=coder", headers={"X-Partial": "results"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and 'id="search-results"' in body and 'id="search-filters"' in body
    assert "X-Partial" in response.headers["Vary"]


# --- highlights ------------------------------------------------------------------------------


def test_highlights_are_escaped(client, app):
    org = SearchOrganizationFactory(name="<b>Evil</b> Corp")
    SearchJobFactory(
        organization=org,
        title="Remote <script>alert('x')</script> coder <img src=x onerror=alert(1)>",
        description="Great coder job <script>document.cookie</script> \u0002 sentinel",
    )
    sync_all()
    html = page(client, "/jobs?q=coder")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Evil" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<mark>coder</mark>" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; Corp" in html


# --- documents hold no private data ----------------------------------------------------------


PRIVATE_KEYS = {
    "email",
    "phone",
    "number",
    "resume_file",
    "resume_name",
    "proof_file",
    "proof_name",
    "city",
    "lat",
    "lng",
    "education",
    "user_id",
}


def test_indexed_profiles_hold_no_private_field(app):
    school = SchoolFactory(name="Coding Academy")
    anonymous = SearchProfileFactory(
        name="Asha Menon",
        email="asha.private@example.in",
        credentials=[("CPC", NEXT_YEAR, True)],
        phone="+91 98470 12345",
        city="Kochi",
        country="IN",
        region="KL",
        lat=9.931233,
        lng=76.267304,
        resume_file="abc123.pdf",
        resume_name="Asha CV.pdf",
        education="Diploma, 2021",
        school=school,
    )
    anonymous.credentials[0].number = "CPC-00998877"
    named = SearchProfileFactory(name="Linda Brooks", anonymous=False, phone="+1 512 555 0100")
    db.session.commit()
    sync_all()
    index = write_client().index(index_uid("profiles"))
    docs = {d["id"]: d for d in index.get_documents({"limit": 10}).results for d in [dict(d)]}
    assert set(docs) == {anonymous.id, named.id}
    secrets = [
        "asha.private@example.in",
        "98470",
        "CPC-00998877",
        "abc123.pdf",
        "Asha CV",
        "Kochi",
        "Asha",
        "Menon",
        "Diploma",
        "555 0100",
    ]
    for doc in docs.values():
        assert not PRIVATE_KEYS & set(doc), set(doc) & PRIVATE_KEYS
        flat = repr(doc)
        for secret in secrets:
            assert secret not in flat, (secret, doc)
        # The stored point only where nothing searches, filters, sorts or shows it.
        outside = repr({k: v for k, v in doc.items() if k != "match_facts"})
        assert "9.931233" not in outside and "76.267304" not in outside
    assert "name" not in docs[anonymous.id]
    assert docs[named.id]["name"] == "Linda Brooks"
    assert docs[anonymous.id]["_geo"] == {"lat": 9.93, "lng": 76.27}  # about a kilometre
    assert docs[anonymous.id]["match_facts"]["location"] == [9.931233, 76.267304]
    assert docs[anonymous.id]["school_name"] == "Coding Academy"


def test_a_seekers_stored_point_is_never_searched_filtered_sorted_or_shown(client, auth, app):
    """The match facts hold the seeker's point as stored (the commute check must give what the
    pair's page gives); nothing outside the portal's own scoring can reach it."""
    org = SearchOrganizationFactory()
    employer = EmployerFactory(owns=org)
    job = SearchJobFactory(
        organization=org,
        title="Kochi Onsite Coder",
        work_mode="onsite",
        offices=[("Kochi", "IN", 9.9816, 76.2999)],
    )
    seeker = SearchProfileFactory(
        name="Asha Menon",
        country="IN",
        region="KL",
        city="Kochi",
        lat=9.931233,
        lng=76.267304,
        work_modes=["onsite"],
        travel_km=30,
        credentials=["CPC"],
    )
    sync_all()
    index = write_client().index(index_uid("profiles"))
    for attempt in (
        {"filter": "match_facts.location EXISTS"},
        {"filter": "match_facts.location.0 > 9.9"},
        {"sort": ["match_facts.location:asc"]},
    ):
        with pytest.raises(MeilisearchApiError):
            index.search("", attempt)
    assert index.search("9.931233")["hits"] == []
    assert index.search("76.267304")["hits"] == []
    auth.login(employer.email, PASSWORD)
    best = page(client, f"/employer/jobs/{job.id}/candidates")
    pair = page(client, f"/employer/jobs/{job.id}/candidates/{seeker.id}")
    found = page(client, "/candidates?q=coder")
    assert f"/candidates/{seeker.id}" in best and "under 25 km" in pair
    assert f'href="/profile/{seeker.id}"' in found
    for html in (best, pair, found):
        for digits in ("9.931", "76.267", "9.93123", "76.2673"):
            assert digits not in html


def test_hidden_or_closed_profiles_are_never_returned(client, auth, app):
    org = SearchOrganizationFactory()
    employer = EmployerFactory(owns=org)
    SearchProfileFactory(name="Hidden Harriet", anonymous=False, visibility=Visibility.HIDDEN)
    SearchProfileFactory(name="Closed Carla", anonymous=False, open_to_work=False)
    shown = SearchProfileFactory(name="Shown Shirley", anonymous=False, credentials=["CPC"])
    sync_all()
    ids = {int(d.id) for d in write_client().index(index_uid("profiles")).get_documents().results}
    assert ids == {shown.id}
    auth.login(employer.email, PASSWORD)
    assert "Shown Shirley" in page(client, "/candidates?q=Shirley")
    assert "Hidden Harriet" not in page(client, "/candidates?q=Harriet")
    assert "Closed Carla" not in page(client, "/candidates?q=Carla")

    # Hidden a moment ago and not yet removed from the index: still never shown.
    shown.visibility = Visibility.HIDDEN
    db.session.commit()
    html = page(client, "/candidates?q=Shirley")
    assert "Shown Shirley" not in html
    assert page(
        client, f"/employer/jobs/{SearchJobFactory(organization=org).id}/candidates/{shown.id}", 404
    )


# --- candidate search ------------------------------------------------------------------------


@pytest.fixture
def candidates(app):
    school = SchoolFactory(name="Coding Academy")
    people = {
        "cpc": SearchProfileFactory(
            name="Cora CPC", anonymous=False, credentials=[("CPC", NEXT_YEAR, True)]
        ),
        "cpc_a": SearchProfileFactory(
            name="Abby Apprentice",
            anonymous=False,
            credentials=["CPC-A"],
            new_graduate=True,
            school=school,
        ),
        "cpb": SearchProfileFactory(
            name="Bill Biller", anonymous=False, credentials=[("CPB", None, True)]
        ),
        "expired": SearchProfileFactory(
            name="Ed Expired", anonymous=False, credentials=[("CPC", LAST_MONTH, False)]
        ),
        "anon": SearchProfileFactory(
            name="Anonymous Annie", credentials=["CCS"], headline="Inpatient DRG coder"
        ),
    }
    sync_all()
    return people


def employer_client(client, auth, org=None):
    org = org or SearchOrganizationFactory()
    employer = EmployerFactory(owns=org)
    auth.login(employer.email, PASSWORD)
    return org, employer


def candidate_names(html: str) -> list[str]:
    return re.findall(r'<li class="card candidate-card">\s*<h3><a href="[^"]+">([^<]+)</a>', html)


def test_candidate_search_filters_by_exact_unexpired_credentials(client, auth, candidates):
    employer_client(client, auth)
    assert candidate_names(page(client, "/candidates?credential=CPB")) == ["Bill Biller"]
    assert candidate_names(page(client, "/candidates?credential=CPC")) == ["Cora CPC"]
    assert candidate_names(page(client, "/candidates?credential=CPC-A")) == ["Abby Apprentice"]
    verified = candidate_names(page(client, "/candidates?verified=1"))
    assert set(verified) == {"Cora CPC", "Bill Biller"}
    assert candidate_names(page(client, "/candidates?credential=CPC&credential=CPB&verified=1"))
    school_id = candidates["cpc_a"].school_id
    assert candidate_names(page(client, f"/candidates?school={school_id}")) == ["Abby Apprentice"]


def test_candidate_search_honours_anonymity(client, auth, candidates):
    org, _employer = employer_client(client, auth)
    annie = candidates["anon"]
    html = page(client, "/candidates?q=inpatient")
    assert candidate_names(html) == [candidate_label(annie.id)]
    assert "Anonymous Annie" not in html
    db.session.add(
        ProfileReveal(profile_id=annie.id, organization_id=org.id, reason=RevealReason.APPLIED)
    )
    db.session.commit()
    assert candidate_names(page(client, "/candidates?q=inpatient")) == ["Anonymous Annie"]


def test_candidate_search_is_for_organization_members_only(client, auth, candidates):
    assert client.get("/candidates").status_code == 302  # log in first
    seeker = UserFactory(role="seeker")
    auth.login(seeker.email, PASSWORD)
    assert client.get("/candidates").status_code == 403
    auth.logout()
    # "Find candidates" is in every employer's menu: one without an organization is sent to
    # create it first, and told why (it used to be a bare 403).
    loner = UserFactory(role="employer")
    auth.login(loner.email, PASSWORD)
    response = client.get("/candidates")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/employer/organization/new")
    html = page(client, "/employer/organization/new")
    assert "First tell us about your organization. Then you can search for candidates." in html
    assert "ask a colleague to invite you" in html


# --- explained matches -----------------------------------------------------------------------


def us_day_job(org, **extra):
    values = {
        "required_credentials": [["CPC"]],
        "specialties": ["pro_fee_em"],
        "timezone": "America/New_York",
        "schedule_flexible": False,
        "shift_windows": [[d, 9 * 60, 17 * 60] for d in range(5)],
        "hours_min": 40,
        "hours_max": 40,
    }
    values.update(extra)
    return SearchJobFactory(organization=org, title="US Day Coder", **values)


def test_best_candidates_ranks_eligible_first_across_time_zones(client, auth, app):
    org, _employer = employer_client(client, auth)
    job = us_day_job(org)
    night = SearchProfileFactory(
        name="Nisha Night",
        anonymous=False,
        credentials=[("CPC", NEXT_YEAR, True)],
        timezone="Asia/Kolkata",
        country="IN",
        region="KL",
        slots=[(d, 18 * 60 + 30, 3 * 60 + 30) for d in range(5)],  # 6:30 pm – 3:30 am IST
        hours_max=45,
        specialties=["pro_fee_em"],
    )
    day = SearchProfileFactory(
        name="Divya Day",
        anonymous=False,
        credentials=[("CPC", NEXT_YEAR, True)],
        timezone="Asia/Kolkata",
        country="IN",
        slots=weekdays(9, 18),
        hours_max=45,
        specialties=["pro_fee_em"],
    )
    apprentice = SearchProfileFactory(
        name="Alex Apprentice",
        anonymous=False,
        credentials=["CPC-A"],
        timezone="America/New_York",
        slots=weekdays(9, 17),
    )
    sync_all()
    found = matches.best_candidates(job)
    ids = [r.id for r in found.ranked]
    assert ids[0] == night.id and found.ranked[0].result.eligible
    assert day.id in ids and not next(r for r in found.ranked if r.id == day.id).result.eligible
    assert apprentice.id not in ids  # CPC required: CPC-A is filtered out by the engine
    assert not found.degraded

    html = page(client, f"/employer/jobs/{job.id}/candidates")
    assert html.index("Nisha Night") < html.index("Divya Day")
    assert "Has CPC (required) ✓" in html
    html = page(client, f"/employer/jobs/{job.id}/candidates/{night.id}")
    assert "Side by side" in html and "India time" in html
    assert "Has CPC (required) ✓" in html


def test_best_candidates_of_another_organization_is_404(client, auth, app):
    other_job = us_day_job(SearchOrganizationFactory(name="Other Org"))
    employer_client(client, auth)
    page(client, f"/employer/jobs/{other_job.id}/candidates", 404)
    page(client, f"/employer/jobs/{other_job.id}/candidates/1", 404)


def test_anonymous_candidate_comparison_hides_the_name(client, auth, app):
    org, _employer = employer_client(client, auth)
    job = us_day_job(org, hours_min=None, shift_windows=[], schedule_flexible=True)
    anon = SearchProfileFactory(name="Secret Sam", credentials=["CPC"], city="Austin")
    sync_all()
    html = page(client, f"/employer/jobs/{job.id}/candidates")
    assert candidate_label(anon.id) in html and "Secret Sam" not in html
    html = page(client, f"/employer/jobs/{job.id}/candidates/{anon.id}")
    assert "Secret Sam" not in html and "Austin" not in html


def test_jobs_for_you_and_the_match_page(client, auth, board):
    seeker = SearchProfileFactory(
        name="Priya Nair",
        credentials=[("CPC", NEXT_YEAR, True)],
        specialties=["outpatient_facility"],
        timezone="America/Chicago",
        slots=weekdays(8, 17),
        lat=AUSTIN[0],
        lng=AUSTIN[1],
        travel_km=40,
        work_modes=["remote", "onsite"],
    )
    sync_all()
    found = matches.jobs_for(seeker)
    ranked = [r.item.title for r in found.ranked]
    assert ranked[0] == "Remote Outpatient Coder"
    assert "Medical Biller" not in ranked  # requires CPB
    assert "Trainee Coder" not in ranked  # requires CPC-A, and hires in India only
    assert "Cardiology Coder" not in ranked  # 300 km away
    assert all(r.result.eligible for r in found.ranked[:2])

    auth.login(seeker.user.email, PASSWORD)
    html = page(client, "/jobs/for-you")
    assert "Remote Outpatient Coder" in html and "How you match" in html
    job_id = board["remote_cpc"].id
    html = page(client, f"/jobs/{job_id}/match")
    assert "Has CPC (required) ✓" in html and "The job asks" in html
    assert "How you match" in page(client, "/jobs?mode=remote&credential=CPC")
    page(client, f"/jobs/{board['remote_cpc'].id + 999}/match", 404)


def test_match_pages_check_roles(client, auth, board):
    job_id = board["remote_cpc"].id
    assert client.get(f"/jobs/{job_id}/match").status_code == 302
    assert client.get("/jobs/for-you").status_code == 302
    employer = UserFactory(role="employer")
    auth.login(employer.email, PASSWORD)
    assert client.get("/jobs/for-you").status_code == 403
    html = page(client, "/jobs")  # the public search still works
    assert "Remote Outpatient Coder" in html


# --- keys and settings -----------------------------------------------------------------------


def test_pages_use_a_search_only_key_scoped_to_the_prefix(client, board, app):
    keys = ensure_keys()
    master = meilisearch.Client(app.config["MEILI_URL"], MEILI_TEST_KEY)
    search_key = next(
        k for k in master.get_keys({"limit": 1000}).results if k.key == keys["search"]
    )
    assert search_key.actions == ["search"]
    assert search_key.indexes == [f"{app.config['MEILI_INDEX_PREFIX']}*"]
    searcher = meilisearch.Client(app.config["MEILI_URL"], keys["search"])
    with pytest.raises(MeilisearchApiError):
        searcher.index(index_uid("jobs")).add_documents([{"id": 999, "title": "forged"}])
    with pytest.raises(MeilisearchApiError):
        searcher.index("another_prefix_jobs").search("")
    for url in ("/jobs", "/jobs?q=coder", "/healthz"):
        body = page(client, url)
        for secret in (MEILI_TEST_KEY, keys["search"], keys["write"]):
            assert secret not in body


def test_keys_written_by_another_process_are_read_at_once(app):
    """The keys file is read again only when it was replaced; a process that refreshed the keys
    (the engine was reset) replaces it, and the next search here uses the new keys."""
    keys = ensure_keys()
    path = Path(app.instance_path) / KEY_CACHE
    slot = next(iter(json.loads(path.read_text())))
    assert ensure_keys() == keys  # kept: the same file
    other = {"search": "s" * len(keys["search"]), "write": "w" * len(keys["write"])}
    replaced = path.with_suffix(".other")
    replaced.write_text(json.dumps({slot: other}))  # same size, written the way _write_cache is
    os.replace(replaced, path)
    assert ensure_keys() == other
    assert ensure_keys(refresh=True) == keys  # the engine's own keys again, and written back
    assert json.loads(path.read_text())[slot] == keys


def test_live_settings_match_the_code_and_every_facet_is_filterable(app):
    sync.ensure_indexes()
    client = write_client()
    for name, facets in (("jobs", JOB_FACETS), ("profiles", CANDIDATE_FACETS)):
        live = client.index(index_uid(name)).get_settings()
        assert settings_drift(name, live) == []
        filterable = set()
        for entry in live["filterableAttributes"]:
            filterable.update([entry] if isinstance(entry, str) else entry["attributePatterns"])
        assert {f.attribute for f in facets} <= filterable


def test_credential_codes_in_the_query_box_are_extracted():
    assert job_search.extract_credentials("remote cpc, CCS-P coder") == (
        "remote coder",
        ["CPC", "CCS-P"],
    )
    assert job_search.extract_credentials("cpcs coder") == ("cpcs coder", [])
