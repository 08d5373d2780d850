"""Every office of a job counts: near-me search, "jobs for you" and best candidates find a
seeker who lives by the second or third office, against the real Meilisearch (one engine
document per office; one hit per job: `office_slot = 0` without a distance, `distinct: job_id`
with one)."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.models import JobOffice, JobStatus
from portal.search import consistency, matches, sync
from portal.search.client import write_client
from portal.search.settings import index_uid
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import AUSTIN, DALLAS, NEXT_YEAR, sync_all, weekdays

HOUSTON = (29.7604, -95.3698)
EL_PASO = (31.7619, -106.4850)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def titles(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r'<li class="card job-card">\s*<h3><a href="[^"]+">(.*?)</a>', html)
    ]


def engine_documents(job_id: int) -> list[dict]:
    response = write_client().http.post(
        f"indexes/{index_uid('jobs')}/documents/fetch",
        {"filter": f"job_id = {job_id}", "limit": 50},
    )
    return sorted(response["results"], key=lambda d: d["office_slot"])


@pytest.fixture
def three_offices(app):
    org = SearchOrganizationFactory(name="Lone Star Health")
    job = SearchJobFactory(
        organization=org,
        title="Onsite Facility Coder",
        work_mode="onsite",
        required_credentials=[["CCS"]],
        timezone="America/Chicago",
        schedule_flexible=False,
        shift_windows=weekdays(8, 16),  # 40 hours: what the seekers below can give
        offices=[
            ("Dallas", "US", *DALLAS),
            ("Houston", "US", *HOUSTON),
            ("Austin", "US", *AUSTIN),
        ],
    )
    other = SearchJobFactory(
        organization=org,
        title="El Paso Coder",
        work_mode="onsite",
        offices=[("El Paso", "US", *EL_PASO)],
    )
    sync_all()
    return {"org": org, "job": job, "other": other}


def test_one_document_per_office_one_hit_per_job(client, three_offices):
    job = three_offices["job"]
    docs = engine_documents(job.id)
    assert [d["office_slot"] for d in docs] == [0, 1, 2]
    assert [d["id"] for d in docs] == [job.id, f"{job.id}-1", f"{job.id}-2"]
    assert {d["title"] for d in docs} == {"Onsite Facility Coder"}

    html = page(client, "/jobs?mode=onsite")
    assert titles(html).count("Onsite Facility Coder") == 1
    assert "<strong>2 jobs</strong>" in html  # totals count jobs, not office documents
    assert re.search(r'for="f-mode-onsite">[^<]*<span class="count">\(2\)', html)
    near = page(client, "/jobs?near=Austin&radius=250")  # Austin and Houston both in reach
    assert titles(near).count("Onsite Facility Coder") == 1
    assert "<strong>1 job</strong>" in near
    assert re.search(r'for="f-mode-onsite">[^<]*<span class="count">\(1\)', near)


@pytest.mark.parametrize("near", ["Austin", "Houston"])
def test_near_me_finds_a_job_by_its_later_offices(client, three_offices, near):
    html = page(client, f"/jobs?near={near}&radius=30&mode=onsite")
    assert titles(html) == ["Onsite Facility Coder"]
    # The distance is to the nearest office, not to the first one (Dallas).
    distance = re.search(r"(\d+) km away", html)
    assert distance and int(distance.group(1)) <= 5


def test_every_office_city_is_searchable_text(client, three_offices):
    found = titles(page(client, "/jobs?q=houston&as_words=1"))  # the word, not "near Houston"
    assert found == ["Onsite Facility Coder"]


def test_sorting_by_distance_uses_the_nearest_office(client, three_offices):
    found = titles(page(client, "/jobs?near=Austin&radius=250&mode=onsite&sort=distance"))
    assert found[0] == "Onsite Facility Coder"
    assert "El Paso Coder" not in found


def test_jobs_for_you_and_best_candidates_see_the_third_office(client, auth, three_offices):
    job = three_offices["job"]
    seeker = SearchProfileFactory(
        name="Ana Torres",
        credentials=[("CCS", NEXT_YEAR, True)],
        timezone="America/Chicago",
        slots=weekdays(8, 17),
        lat=AUSTIN[0],
        lng=AUSTIN[1],
        travel_km=40,
        work_modes=["onsite"],
        city="Austin",
    )
    sync_all()
    found = matches.jobs_for(seeker)
    assert [r.item.id for r in found.eligible] == [job.id]
    assert not found.degraded
    assert [r.item.id for r in matches.best_candidates(job).eligible] == [seeker.id]

    auth.login(seeker.user.email, PASSWORD)
    assert "Onsite Facility Coder" in page(client, "/jobs/for-you")


def test_a_seeker_far_from_every_office_is_not_retrieved(three_offices):
    seeker = SearchProfileFactory(
        name="Far Away",
        credentials=["CCS"],
        lat=EL_PASO[0],
        lng=EL_PASO[1],
        travel_km=40,
        work_modes=["onsite"],
    )
    sync_all()
    found = matches.jobs_for(seeker)
    assert three_offices["job"].id not in [r.item.id for r in found.eligible]


def test_removed_offices_and_closed_jobs_leave_no_document_behind(client, three_offices):
    job = three_offices["job"]
    austin = db.session.get(JobOffice, job.offices[2].id)
    db.session.delete(austin)
    db.session.commit()
    sync_all()
    assert [d["office_slot"] for d in engine_documents(job.id)] == [0, 1]
    assert titles(page(client, "/jobs?near=Austin&radius=30&mode=onsite")) == []
    assert consistency.check().ok

    job.work_mode = "remote"
    db.session.commit()
    sync_all()
    assert [d["office_slot"] for d in engine_documents(job.id)] == [0]

    job.work_mode = "onsite"
    db.session.commit()
    sync_all()
    assert len(engine_documents(job.id)) == 2
    job.status = JobStatus.CLOSED
    db.session.commit()
    sync_all()
    assert engine_documents(job.id) == []
    assert consistency.check().ok


def test_reindex_sends_every_office_and_check_passes(three_offices):
    report = sync.reindex(["jobs"])
    assert report.counts["jobs"] == 4  # three offices of one job, one of the other
    assert len(engine_documents(three_offices["job"].id)) == 3
    assert consistency.check().ok


def test_without_the_engine_near_me_still_counts_every_office(app, client, three_offices):
    app.config["MEILI_URL"] = "http://127.0.0.1:9"
    html = page(client, "/jobs?near=Houston&radius=30&mode=onsite")
    assert "Spelling help and best-match order will be back soon" in html
    assert titles(html) == ["Onsite Facility Coder"]


def test_employer_best_candidates_page_lists_the_seeker_by_a_later_office(
    client, auth, three_offices
):
    job = three_offices["job"]
    recruiter = EmployerFactory(owns=three_offices["org"])
    SearchProfileFactory(
        name="Ana Torres",
        credentials=[("CCS", NEXT_YEAR, True)],
        slots=weekdays(8, 17),
        lat=HOUSTON[0],
        lng=HOUSTON[1],
        travel_km=30,
        work_modes=["onsite"],
        anonymous=False,
    )
    sync_all()
    auth.login(recruiter.email, PASSWORD)
    html = page(client, f"/employer/jobs/{job.id}/candidates")
    assert "Ana Torres" in html
