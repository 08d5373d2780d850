"""Ranked lists computed once (`portal.search.ranked`): a stored list gives exactly what a
fresh computation gives, an edit shows on the next view once the worker ran, and every viewer
still sees only what they may, as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.devdata.seed import Sizes, seed
from portal.extensions import db
from portal.matching import MatchResult, match
from portal.models import (
    Credential,
    Job,
    JobStatus,
    Profile,
    ProfileReveal,
    RankedList,
    RevealReason,
    Visibility,
    utcnow,
)
from portal.search import matches, ranked, sync
from portal.search.client import write_client
from portal.search.settings import index_uid
from portal.services import account_data
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
    admin,
)
from tests.fixtures.search import AUSTIN, NEXT_YEAR, sync_all


def shape(found: matches.MatchList) -> list[tuple[int, int, bool, list[str]]]:
    """A list as a page shows it: ids in order, score, verdict and every explanation line."""
    return [
        (r.id, r.result.score, r.result.eligible, [str(i) for i in r.result.items])
        for r in found.ranked
    ]


def content(html: str) -> str:
    """The page's main content (the shell carries per-request tokens)."""
    return html[html.index("<h1>") : html.index("</main>")]


def stored(kind: str, owner_id: int) -> bool:
    today = utcnow().date()
    row = db.session.get(RankedList, (kind, owner_id))
    return row is not None and row.day == today


def fresh(compute, *args, **kwargs) -> matches.MatchList:
    """The list computed without any stored list."""
    ranked.clear()
    db.session.commit()
    return compute(*args, **kwargs)


@pytest.fixture
def seeded(app):
    seed(Sizes(profiles=90, jobs=14, applications=0, orgs=3), 7)
    jobs = db.session.scalars(sa.select(Job).where(Job.public_clause()).order_by(Job.id)).all()
    profiles = db.session.scalars(sa.select(Profile).order_by(Profile.id).limit(12)).all()
    return jobs, profiles


def test_stored_lists_equal_fresh_ones_over_a_varied_set(seeded):
    jobs, profiles = seeded
    assert len(jobs) >= 8 and len(profiles) >= 8
    shown = 0
    for job in jobs:
        first = fresh(matches.best_candidates, job)
        assert stored(ranked.CANDIDATES, job.id)
        again = matches.best_candidates(job)
        small = matches.best_candidates(job, show=3)
        assert shape(again) == shape(first)
        assert shape(small) == shape(fresh(matches.best_candidates, job, show=3))
        shown += len(first.ranked)
    assert shown > 50  # the seeded board really ranks people
    for profile in profiles:
        first = fresh(matches.jobs_for, profile)
        assert stored(ranked.JOBS, profile.id)
        assert shape(matches.jobs_for(profile)) == shape(first)
        assert shape(matches.jobs_for(profile, show=3)) == shape(
            fresh(matches.jobs_for, profile, show=3)
        )


def test_a_stored_list_is_read_without_the_engine(seeded, app):
    jobs, _profiles = seeded
    job = jobs[0]
    first = matches.best_candidates(job)
    app.config["MEILI_URL"] = "http://127.0.0.1:9"  # nothing listens: a retrieval would fail
    again = matches.best_candidates(job)
    assert not again.degraded and shape(again) == shape(first)


def cpc_job(org, **extra):
    return SearchJobFactory(
        organization=org, title="CPC Coder", required_credentials=[["CPC"]], **extra
    )


def test_profile_edits_show_after_the_worker_ran(app):
    org = SearchOrganizationFactory()
    job = cpc_job(org)
    holder = SearchProfileFactory(name="Hana Holder", credentials=[("CPC", NEXT_YEAR, True)])
    learner = SearchProfileFactory(name="Lee Learner", credentials=["CCS"])
    sync_all()
    ids = [r.id for r in matches.best_candidates(job).eligible]
    assert ids == [holder.id]

    # Credentials: the learner passes CPC.
    learner.credentials.append(Credential(kind="CPC", expires_on=NEXT_YEAR))
    db.session.commit()
    sync_all()
    assert {r.id for r in matches.best_candidates(job).eligible} == {holder.id, learner.id}

    # A new profile enters a list that was stored before it existed.
    newcomer = SearchProfileFactory(name="Nia New", credentials=["CPC"])
    sync_all()
    eligible = {r.id for r in matches.best_candidates(job).eligible}
    assert eligible == {holder.id, learner.id, newcomer.id}

    # Hidden: gone from every list at once, and from the stored one after the worker.
    holder.visibility = Visibility.HIDDEN
    db.session.commit()
    assert holder.id not in {r.id for r in matches.best_candidates(job).ranked}
    sync_all()
    found = matches.best_candidates(job)
    assert holder.id not in {r.id for r in found.ranked}
    assert shape(found) == shape(fresh(matches.best_candidates, job))


def test_job_edits_show_on_the_next_view(app):
    org = SearchOrganizationFactory()
    job = cpc_job(org)
    biller = SearchProfileFactory(name="Bea Biller", credentials=["CPB"])
    sync_all()
    assert biller.id not in {r.id for r in matches.best_candidates(job).eligible}
    assert job.id not in {r.id for r in matches.jobs_for(biller).eligible}

    # Requirements: the job's own list follows its facts at once; the seeker's after the worker.
    job.required_credentials = [["CPB"]]
    db.session.commit()
    assert biller.id in {r.id for r in matches.best_candidates(job).eligible}
    sync_all()
    assert job.id in {r.id for r in matches.jobs_for(biller).eligible}

    # Closed: gone from "jobs for you" on the next view, worker or not.
    job.status = JobStatus.CLOSED
    job.closed_at = utcnow()
    db.session.commit()
    assert job.id not in {r.id for r in matches.jobs_for(biller).ranked}
    sync_all()
    assert shape(matches.jobs_for(biller)) == shape(fresh(matches.jobs_for, biller))

    # A job published later enters a stored list once indexed.
    later = SearchJobFactory(organization=org, title="Billing Lead", required_credentials=[["CPB"]])
    sync_all()
    assert later.id in {r.id for r in matches.jobs_for(biller).eligible}


def test_an_expired_job_is_replaced_as_a_fresh_list_would(app):
    org = SearchOrganizationFactory()
    soon = SearchJobFactory(organization=org, title="Closing Soon")
    SearchJobFactory(organization=org, title="Open Long")
    seeker = SearchProfileFactory(credentials=["CPC"])
    sync_all()
    assert soon.id in {r.id for r in matches.jobs_for(seeker).ranked}
    soon.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()  # no worker: time passing writes nothing to the outbox
    found = matches.jobs_for(seeker)
    assert soon.id not in {r.id for r in found.ranked}
    assert shape(found) == shape(fresh(matches.jobs_for, seeker))


def test_viewers_see_what_they_saw_before(app, client, auth):
    org = SearchOrganizationFactory()
    job = cpc_job(org)
    applied = SearchProfileFactory(name="Amal Applied", credentials=["CPC"])
    anon = SearchProfileFactory(name="Omar Onymous", credentials=["CPC"])
    db.session.add(
        ProfileReveal(profile_id=applied.id, organization_id=org.id, reason=RevealReason.APPLIED)
    )
    member = EmployerFactory(owns=org)
    outsider = EmployerFactory(owns=SearchOrganizationFactory(name="Elsewhere"))
    administrator = admin()
    db.session.commit()
    sync_all()

    def seen(viewer):
        found, views = matches.candidates_seen_by(viewer, job)
        return [(r.id, views[r.id].display_name, views[r.id].identity) for r in found.ranked]

    before = {v.id: seen(v) for v in (member, outsider, administrator)}
    ranked.clear()
    db.session.commit()
    assert {v.id: seen(v) for v in (member, outsider, administrator)} == before  # first: computed
    assert {v.id: seen(v) for v in (member, outsider, administrator)} == before  # then: stored
    names = dict((i, name) for i, name, _identity in before[member.id])
    assert names[applied.id] == "Amal Applied" and "Omar" not in names[anon.id]
    # Another organization: the same people, none named (the reveal was to `org` only).
    assert [i for i, *_ in before[outsider.id]] == [i for i, *_ in before[member.id]]
    assert not any(identity for *_, identity in before[outsider.id])
    assert all(identity for *_, identity in before[administrator.id])

    auth.login(member.email, PASSWORD)
    url = f"/employer/jobs/{job.id}/candidates"
    first = content(client.get(url).get_data(as_text=True))
    assert stored(ranked.CANDIDATES, job.id)
    assert content(client.get(url).get_data(as_text=True)) == first
    assert "Amal Applied" in first and "Omar Onymous" not in first
    auth.logout()
    auth.login(outsider.email, PASSWORD)
    assert client.get(url).status_code == 404


def test_a_job_edit_brings_in_people_the_stored_list_left_out(app):
    """More near misses than a list keeps: the one left out fits once the job asks for CPB,
    and the job's own list follows its facts at once (no worker needed for the owner)."""
    org = SearchOrganizationFactory()
    job = cpc_job(org)
    for n in range(matches.NEAR_MISSES + 2):
        SearchProfileFactory(name=f"Coder {n}", credentials=["CCS"])
    biller = SearchProfileFactory(name="Bea Biller", credentials=["CPB"])
    sync_all()
    assert biller.id not in {r.id for r in matches.best_candidates(job).ranked}
    job.required_credentials = [["CPB"]]
    db.session.commit()
    assert [r.id for r in matches.best_candidates(job).eligible] == [biller.id]


def test_deleting_the_account_drops_its_jobs_list(app):
    SearchJobFactory(title="Open Coder")
    seeker = SearchProfileFactory(name="Gone Soon", credentials=["CPC"])
    sync_all()
    matches.jobs_for(seeker)
    assert stored(ranked.JOBS, seeker.id)
    account_data.delete_account(seeker.user, PASSWORD)
    assert db.session.get(RankedList, (ranked.JOBS, seeker.id)) is None


def in_order(results: dict[int, MatchResult]) -> list[int]:
    """The order a list keeps: eligible by score, then near misses by what they miss."""
    fits = sorted(
        (i for i, r in results.items() if r.eligible), key=lambda i: (-results[i].score, i)
    )
    near = sorted(
        (i for i, r in results.items() if not r.eligible),
        key=lambda i: (len(results[i].blocking), -results[i].score, i),
    )
    return fits + near


def test_a_computed_list_scores_as_the_rows_do(app):
    """Lists are scored from the engine's documents; every entry has the score and verdict that
    `match` gives over the ORM rows (what the pair's own page computes), in that order."""
    seed(Sizes(profiles=600, jobs=30, applications=0, orgs=4), 11)
    jobs = db.session.scalars(sa.select(Job).where(Job.public_clause()).order_by(Job.id)).all()
    profiles = db.session.scalars(sa.select(Profile).order_by(Profile.id).limit(30)).all()
    today = utcnow().date()
    verdicts: list[bool] = []
    for job in jobs:
        fresh(matches.best_candidates, job)
        stored_list = db.session.get(RankedList, (ranked.CANDIDATES, job.id)).entries["ranked"]
        results = {
            i: match(job.facts(), db.session.get(Profile, i).facts(), today)
            for i, _score, _ok in stored_list
        }
        assert stored_list == [
            [i, results[i].score, results[i].eligible] for i in in_order(results)
        ]
        verdicts += [ok for _i, _score, ok in stored_list]
    for profile in profiles:
        fresh(matches.jobs_for, profile)
        stored_list = db.session.get(RankedList, (ranked.JOBS, profile.id)).entries["ranked"]
        results = {
            i: match(db.session.get(Job, i).facts(), profile.facts(), today)
            for i, _score, _ok in stored_list
        }
        assert stored_list == [
            [i, results[i].score, results[i].eligible] for i in in_order(results)
        ]
        verdicts += [ok for _i, _score, ok in stored_list]
    assert verdicts.count(True) > 50 and verdicts.count(False) > 50


def test_a_row_gone_since_indexing_gives_its_place_to_the_next(app):
    org = SearchOrganizationFactory()
    job = cpc_job(org)
    best = SearchProfileFactory(
        name="Best Fit", credentials=[("CPC", NEXT_YEAR, True)], specialties=["inpatient_drg"]
    )
    next_best = SearchProfileFactory(name="Next Fit", credentials=["CPC"])
    sync_all()
    assert [r.id for r in fresh(matches.best_candidates, job, show=1).eligible] == [best.id]
    best.visibility = Visibility.HIDDEN
    db.session.commit()  # the worker has not run: the engine still holds the document
    found = fresh(matches.best_candidates, job, show=1)
    assert [r.id for r in found.eligible] == [next_best.id]
    assert [
        e.id
        for e in ranked.lookup(
            ranked.CANDIDATES,
            job.id,
            utcnow().date(),
            ranked.fingerprint(job.facts(), matches.RETRIEVE, matches.SHOW, matches.NEAR_MISSES),
        ).hit.entries
    ] == [next_best.id]


def test_documents_of_an_older_shape_are_scored_from_their_rows(app, runner):
    """After an upgrade, before `flask search configure` rebuilt the indexes, lists are what
    they would be with current documents; `ensure_indexes` says so and configure rebuilds."""
    org = SearchOrganizationFactory()
    job = cpc_job(org, work_mode="onsite", offices=[("Austin", "US", *AUSTIN)])
    near = SearchProfileFactory(
        credentials=["CPC"],
        work_modes=["onsite"],
        lat=AUSTIN[0] + 0.1,
        lng=AUSTIN[1],
        travel_km=12,
    )
    SearchProfileFactory(credentials=["CCS"], work_modes=["onsite"], lat=AUSTIN[0], lng=AUSTIN[1])
    sync_all()
    candidates = shape(fresh(matches.best_candidates, job))
    jobs = shape(fresh(matches.jobs_for, near))
    assert [r.id for r in fresh(matches.best_candidates, job).eligible] == [near.id]

    client = write_client()
    for name in ("jobs", "profiles"):
        index = client.index(index_uid(name))
        older = [
            {k: v for k, v in dict(d).items() if k not in ("document_version", "match_facts")}
            for d in index.get_documents({"limit": 100}).results
        ]
        sync.wait_for(client, index.add_documents(older).task_uid)  # whole documents replaced
    assert sync.ensure_indexes() == {"jobs": ["documents"], "profiles": ["documents"]}
    assert shape(fresh(matches.best_candidates, job)) == candidates
    assert shape(fresh(matches.jobs_for, near)) == jobs

    result = runner.invoke(args=["search", "configure"])
    assert result.exit_code == 0, result.output
    assert "portal_profiles: documents of an older shape" in result.output.replace(
        index_uid("profiles"), "portal_profiles"
    )
    assert sync.ensure_indexes() == {}
    assert shape(fresh(matches.best_candidates, job)) == candidates
