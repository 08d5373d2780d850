"""The job page and the home page as every signed-out visitor sees them carry an ETag; asking
again with it gets a 304 until what the page shows changes (issue 16). Signed-in people, and
visitors whose session may hold a message, always get the full page, never stored by a shared
cache."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Job, JobStatus, Organization, utcnow
from tests.fixtures.accounts import AuthActions
from tests.fixtures.app import counting
from tests.fixtures.factories import (
    PASSWORD,
    ScreeningQuestionFactory,
    SearchJobFactory,
    SearchProfileFactory,
    employer,
)
from tests.fixtures.jobs import post_steps, publish, step_data


@pytest.fixture
def job(app):
    return SearchJobFactory(
        title="Remote Outpatient Coder", offices=[("Phoenix", "US", 33.4484, -112.074)]
    ).id


def _visitor(app):
    return app.test_client()


def _revalidate(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": f'"{etag}"'})


def _shared_headers(response) -> None:
    assert response.headers["Cache-Control"] == "no-cache"
    assert {"Cookie", "Accept-Language"} <= set(response.vary)


@pytest.mark.parametrize("url", ["/jobs/{job}", "/"])
def test_a_visitor_revalidates_and_gets_304_until_the_page_changes(app, job, url):
    url = url.format(job=job)
    client = _visitor(app)
    first = client.get(url)
    assert first.status_code == 200 and "Remote Outpatient Coder" in first.get_data(as_text=True)
    etag, _weak = first.get_etag()
    assert etag
    _shared_headers(first)

    again = _revalidate(client, url, etag)
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.get_etag()[0] == etag
    _shared_headers(again)

    # The employer edits the title: the tag changes and the page shows the edit.
    db.session.get(Job, job).title = "Remote Inpatient Coder"
    db.session.commit()
    edited = _revalidate(client, url, etag)
    assert edited.status_code == 200
    assert "Remote Inpatient Coder" in edited.get_data(as_text=True)
    assert edited.get_etag()[0] != etag


@pytest.mark.parametrize("url", ["/jobs/{job}", "/"])
def test_the_organization_and_the_offices_are_part_of_the_tag(app, job, url):
    url = url.format(job=job)
    client = _visitor(app)
    tags = [client.get(url).get_etag()[0]]
    row = db.session.get(Job, job)
    db.session.get(Organization, row.organization_id).name = "Lakeside Clinic"
    db.session.commit()
    renamed = client.get(url)
    assert "Lakeside Clinic" in renamed.get_data(as_text=True)
    tags.append(renamed.get_etag()[0])
    office = db.session.get(Job, job).offices[0]
    office.city = "Tucson"
    db.session.commit()
    tags.append(client.get(url).get_etag()[0])
    assert len(set(tags)) == 3


def test_a_newly_published_job_changes_the_home_page(app, job):
    client = _visitor(app)
    etag = client.get("/").get_etag()[0]
    SearchJobFactory(title="Coding Auditor")
    fresh = _revalidate(client, "/", etag)
    assert fresh.status_code == 200 and "Coding Auditor" in fresh.get_data(as_text=True)


def test_a_closed_job_is_no_longer_the_cached_page(app, job):
    client = _visitor(app)
    url = f"/jobs/{job}"
    etag = client.get(url).get_etag()[0]
    db.session.get(Job, job).status = JobStatus.CLOSED
    db.session.commit()
    assert _revalidate(client, url, etag).status_code != 304


@pytest.mark.parametrize("url", ["/jobs/{job}", "/"])
def test_a_signed_in_viewer_never_gets_the_visitors_page(app, client, job, url):
    url = url.format(job=job)
    etag = _visitor(app).get(url).get_etag()[0]
    seeker = SearchProfileFactory(name="Priya Nair")
    assert AuthActions(client).login(seeker.user.email, PASSWORD).status_code == 302
    mine = _revalidate(client, url, etag)
    assert mine.status_code == 200
    assert mine.get_etag() == (None, None)
    assert mine.headers["Cache-Control"] == "no-store"
    assert "Log out" in mine.get_data(as_text=True)


def test_a_visitor_with_a_message_waiting_gets_the_full_page(app, client, job):
    """After signing out the session holds "You are signed out": no tag, no 304, no storing."""
    seeker = SearchProfileFactory(name="Priya Nair")
    auth = AuthActions(client)
    assert auth.login(seeker.user.email, PASSWORD).status_code == 302
    auth.logout()
    etag = _visitor(app).get("/").get_etag()[0]
    response = _revalidate(client, "/", etag)
    assert response.status_code == 200
    assert response.get_etag() == (None, None)
    assert response.headers["Cache-Control"] == "no-store"


def test_each_address_has_its_own_tag(app, job):
    """The page marks the current address in its navigation: a tag is never shared by two."""
    client = _visitor(app)
    plain = client.get(f"/jobs/{job}").get_etag()[0]
    slugged = client.get(f"/jobs/{job}/remote-outpatient-coder").get_etag()[0]
    assert plain != slugged


def test_a_new_screening_question_changes_the_job_page(app, job):
    client = _visitor(app)
    url = f"/jobs/{job}"
    etag = client.get(url).get_etag()[0]
    ScreeningQuestionFactory(job=db.session.get(Job, job), text="Do you hold a CPC?")
    fresh = _revalidate(client, url, etag)
    assert fresh.status_code == 200 and "Do you hold a CPC?" in fresh.get_data(as_text=True)


def test_the_next_visitor_gets_the_same_page_and_an_edit_shows_at_once(app, job):
    """The page kept for the next visitor is the one a fresh rendering gives, and an edit is
    seen by the very next request (the kept page is found by the tag, which the edit moves)."""
    url = f"/jobs/{job}"
    first = _visitor(app).get(url)
    second = _visitor(app).get(url)
    assert second.get_data() == first.get_data()
    assert second.get_etag() == first.get_etag()
    db.session.get(Job, job).title = "Coding Auditor"
    db.session.commit()
    third = _visitor(app).get(url).get_data(as_text=True)
    assert "Coding Auditor" in third and "Remote Outpatient Coder" not in third


# Visitors' pages are kept by a stamp of what they show, read in one statement per request:
# every way what the page shows can change must change the stamp, for a visitor revalidating
# their tag and for a new visitor, who is served the kept page while the stamp is unchanged.


class Visitors:
    """A visitor who revalidates the tag they hold, and checks on every new visitor's page."""

    def __init__(self, app, url: str):
        self.app, self.url = app, url
        self.client = app.test_client()
        first = self.client.get(url)
        assert first.status_code == 200
        self.etag = first.get_etag()[0]
        self.page = first.get_data(as_text=True)

    def after_change(self) -> str:
        """The page both kinds of visitor get now; it must be a new version."""
        revalidated = _revalidate(self.client, self.url, self.etag)
        assert revalidated.status_code == 200
        assert revalidated.get_etag()[0] != self.etag
        fresh = _visitor(self.app).get(self.url)
        assert fresh.get_etag() == revalidated.get_etag()
        assert fresh.get_data() == revalidated.get_data()
        return fresh.get_data(as_text=True)


@pytest.fixture
def employer_job(client, auth):
    """A job the signed-in employer (`client`) posted and published through the forms."""
    user, organization = employer(name="Valley Health")
    assert auth.login(user.email).status_code == 302
    job_id = post_steps(client, basics={"title": "Remote CPC coder, pro-fee E/M"})
    assert publish(client, job_id).status_code == 302
    return job_id


BOTH_PAGES = pytest.mark.parametrize("url", ["/", "/jobs/{job}"])


@BOTH_PAGES
def test_an_employers_edit_of_the_job_shows_at_once(app, client, employer_job, url):
    visitors = Visitors(app, url.format(job=employer_job))
    assert "Remote CPC coder, pro-fee E/M" in visitors.page
    edit = step_data(basics={"title": "Remote CPC coder, radiology"})["basics"]
    assert client.post(f"/employer/jobs/{employer_job}/edit/basics", data=edit).status_code == 302
    page = visitors.after_change()
    assert "Remote CPC coder, radiology" in page and "pro-fee E/M" not in page


@BOTH_PAGES
def test_an_edit_of_the_organization_shows_at_once(app, client, employer_job, url):
    visitors = Visitors(app, url.format(job=employer_job))
    assert "Valley Health" in visitors.page
    edit = {"name": "Lakeside Coding Services", "kind": "hospital", "country": "US"}
    assert client.post("/employer/organization/edit", data=edit).status_code == 302
    page = visitors.after_change()
    assert "Lakeside Coding Services" in page and "Valley Health" not in page


def test_a_closed_job_leaves_the_home_page_for_the_next_newest(app, client, employer_job):
    older = [SearchJobFactory(title=f"Older coder job {n}") for n in range(6)]
    visitors = Visitors(app, "/")
    assert "Remote CPC coder" in visitors.page and older[0].title not in visitors.page
    assert client.post(f"/employer/jobs/{employer_job}/close").status_code == 302
    page = visitors.after_change()
    assert "Remote CPC coder" not in page and older[0].title in page


def test_a_closed_jobs_page_says_so_at_once(app, client, employer_job):
    visitors = Visitors(app, f"/jobs/{employer_job}")
    assert client.post(f"/employer/jobs/{employer_job}/close").status_code == 302
    assert "This job is closed. It no longer takes applications." in visitors.after_change()


def test_home_page_shows_a_newly_published_job(app, client, employer_job):
    visitors = Visitors(app, "/")
    second = post_steps(client, basics={"title": "Inpatient DRG coder"})
    assert "Inpatient DRG coder" not in visitors.page
    assert publish(client, second).status_code == 302
    assert "Inpatient DRG coder" in visitors.after_change()


@BOTH_PAGES
def test_the_clock_alone_closes_a_job_on_both_pages(app, job, url):
    """No row changes when a job reaches its closing time: the stamps read the clock."""
    closes = utcnow() + timedelta(seconds=1)
    expiring = SearchJobFactory(title="Coding Auditor", expires_at=closes).id
    visitors = Visitors(app, url.format(job=expiring))
    assert "Coding Auditor" in visitors.page
    time.sleep(max(0.0, (closes - utcnow()).total_seconds()) + 0.05)
    page = visitors.after_change()
    if url == "/":
        assert "Coding Auditor" not in page and "Remote Outpatient Coder" in page
    else:
        assert "This job is closed: its closing date has passed." in page


@BOTH_PAGES
def test_a_kept_page_costs_one_statement(app, job, url):
    """A visitor's page, once kept, is served after reading its stamp only."""
    url = url.format(job=job)
    first = _visitor(app).get(url)
    with counting() as statements:
        again = _visitor(app).get(url)
    assert again.get_data() == first.get_data()
    assert len(statements) == 1, statements


def test_a_job_visitors_may_not_see_gets_no_tag(app, job):
    """A job back in review is "not found" for visitors, as before it was ever kept."""
    url = f"/jobs/{job}"
    etag = _visitor(app).get(url).get_etag()[0]
    db.session.get(Job, job).status = JobStatus.PENDING_REVIEW
    db.session.commit()
    response = _revalidate(_visitor(app), url, etag)
    assert response.status_code == 404
    assert response.get_etag() == (None, None)


def test_an_edit_of_a_screening_question_shows_at_once(app, client, employer_job):
    visitors = Visitors(app, f"/jobs/{employer_job}")
    assert "Do you hold an active CPC?" in visitors.page
    question = db.session.get(Job, employer_job).questions[0]
    question.text = "Do you hold an active CCS?"
    db.session.commit()
    page = visitors.after_change()
    assert "Do you hold an active CCS?" in page and "active CPC?" not in page
