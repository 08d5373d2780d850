"""Posting a job as an employer does: the steps, bad input, publish, close, expire, renew,
duplicate, the job list, and the search outbox rows every change leaves."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Job, JobOffice, JobStatus, Role, SearchOutbox, utcnow
from portal.services import jobs as job_rules
from tests.fixtures.app import count
from tests.fixtures.factories import JobFactory, OrganizationFactory, UserFactory, employer
from tests.fixtures.jobs import job, post_steps, publish, step_data


@pytest.fixture
def recruiter(auth):
    user, organization = employer()
    auth.login(user.email)
    return user, organization


# The steps ----------------------------------------------------------------------------------


def test_posting_steps_save_each_step_and_publish(client, recruiter):
    _user, organization = recruiter
    response = client.get("/employer/jobs/new")
    assert "Post a job: step 1 of 5" in response.get_data(as_text=True)

    data = step_data()
    response = client.post("/employer/jobs/new", data=data["basics"])
    job_id = int(response.headers["Location"].split("/")[3])
    assert response.headers["Location"].endswith(f"/employer/jobs/{job_id}/edit/requirements")
    saved = job(job_id)
    assert saved.status == JobStatus.DRAFT
    assert saved.organization_id == organization.id
    assert saved.last_step == "requirements"

    # Leaving and coming back resumes at the next step to fill in.
    assert client.get(f"/employer/jobs/{job_id}").headers["Location"].endswith("/edit/requirements")
    for step, following in (
        ("requirements", "/edit/schedule"),
        ("schedule", "/edit/pay"),
        ("pay", "/edit/apply"),
        ("apply", "/preview"),
    ):
        response = client.post(f"/employer/jobs/{job_id}/edit/{step}", data=data[step])
        assert response.headers["Location"].endswith(following), step

    saved = job(job_id)
    assert saved.required_credentials == [["CPC"]]
    assert saved.preferred_credentials == ["CRC"]
    assert saved.applicant_countries == ["US"]
    assert sorted(saved.applicant_regions) == ["US-FL", "US-TX"]
    assert saved.shift_windows == [[d, 540, 1050] for d in range(5)]
    assert str(saved.pay_min) in ("28", "28.00") and saved.pay_currency == "USD"
    assert saved.equipment == "provided" and saved.no_dependent_care
    assert [(q.text, q.must_be_yes) for q in saved.questions] == [
        ("Do you hold an active CPC?", True)
    ]
    assert saved.last_step == "preview"

    preview = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "Check your job, then publish it" in preview
    assert "$28–$34 an hour" in preview  # the public page, as seekers will see it
    assert "Before you can publish" not in preview
    # Check your answers: each answer as given, each with a Change link to its question.
    answers = preview.split("Your answers", 1)[1].split("How job seekers will see it", 1)[0]
    for given in (
        "Remote CPC coder, pro-fee E/M",
        "CPC",
        "Texas, Florida",
        "Do you hold an active CPC?",
    ):
        assert given in answers, given
    assert f"/employer/jobs/{job_id}/edit/schedule?from=preview#applicant_countries" in answers
    assert answers.count(">Change<") >= 20

    response = publish(client, job_id)
    assert response.status_code == 302
    published = job(job_id)
    assert published.status == JobStatus.PUBLISHED
    assert published.published_at is not None
    assert published.expires_at.date() == (utcnow() + timedelta(days=30)).date()
    assert published.is_public()
    assert client.get(f"/jobs/{job_id}").status_code == 200


def test_editing_a_step_keeps_what_was_typed_in_the_form(client, recruiter):
    job_id = post_steps(client)
    html = client.get(f"/employer/jobs/{job_id}/edit/requirements").get_data(as_text=True)
    assert 'value="CPC"' in html
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    assert 'value="09:00"' in html and 'value="17:30"' in html
    # The states are ticked boxes (no Ctrl-click list).
    assert re.search(r'<input checked[^>]*value="TX"', html)
    html = client.get(f"/employer/jobs/{job_id}/edit/pay").get_data(as_text=True)
    assert 'value="28"' in html and 'value="34"' in html


def shown_parts(html: str) -> dict[str, bool]:
    """Which work-mode parts of the schedule step are in view (not `hidden`)."""
    parts = re.findall(r'data-reveal-values="([a-z ]+)"\s*(hidden)?', html)
    return {values: not hidden for values, hidden in parts}


def test_the_schedule_step_shows_only_what_the_work_mode_needs(client, recruiter):
    job_id = post_steps(client)
    url = f"/employer/jobs/{job_id}/edit/schedule"
    remote = shown_parts(client.get(url).get_data(as_text=True))
    assert remote == {"onsite hybrid": False, "remote": True, "fixed": True}

    # Without JavaScript, switching to onsite and saving asks for the office, now in view.
    onsite = step_data(schedule={"work_mode": "onsite"})["schedule"]
    response = client.post(url, data=onsite)
    assert response.status_code == 200  # shown again, not saved
    html = response.get_data(as_text=True)
    assert "Enter the city of the office where the work is done." in html
    assert shown_parts(html) == {"onsite hybrid": True, "remote": False, "fixed": True}

    onsite |= {"office1_city": "Austin", "office1_region": "TX", "office1_country": "US"}
    assert client.post(url, data=onsite).status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert shown_parts(html) == {"onsite hybrid": True, "remote": False, "fixed": True}

    # Second and third offices and shifts are folded away until used.
    assert re.search(r'<details class="more" >\s*<summary>Add another office', html)
    assert re.search(r'<details class="more" >\s*<summary>Add another shift', html)
    two_shifts = onsite | {"shift2_days": ["5"], "shift2_start": "08:00", "shift2_end": "12:00"}
    assert client.post(url, data=two_shifts).status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert re.search(r'<details class="more" open>\s*<summary>Add another shift', html)

    flexible = onsite | {"schedule": "flexible", "hours_min": "20", "shift1_days": []}
    assert client.post(url, data=flexible).status_code == 302
    assert shown_parts(client.get(url).get_data(as_text=True))["fixed"] is False


def test_credential_groups_are_parsed_from_plain_words(client, recruiter):
    job_id = post_steps(client, requirements={"required_credentials": "rhit AND (ccs or CIC)"})
    assert job(job_id).required_credentials == [["RHIT"], ["CCS", "CIC"]]
    html = client.get(f"/employer/jobs/{job_id}/edit/requirements").get_data(as_text=True)
    assert 'value="RHIT and (CCS or CIC)"' in html


def test_publish_lists_what_is_missing_and_links_to_the_step(client, recruiter):
    data = step_data()
    response = client.post("/employer/jobs/new", data=data["basics"])
    job_id = int(response.headers["Location"].split("/")[3])
    html = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "Before you can publish" in html
    assert "Choose the countries applicants may live in" in html
    assert f"/employer/jobs/{job_id}/edit/schedule?from=preview" in html
    assert "Enter the lowest pay" in html

    publish(client, job_id)
    assert job(job_id).status == JobStatus.DRAFT


BAD_INPUTS = [
    ("pay", {"pay_min": "40", "pay_max": "30"}, "pay_max", "at least the lowest pay"),
    ("pay", {"pay_min": "abc"}, "pay_min", "Enter the lowest pay"),
    ("pay", {"pay_currency": "XYZ"}, "pay_currency", "Choose the currency"),
    ("pay", {"qa_accuracy": "120"}, "qa_accuracy", "from 50 to 100"),
    ("pay", {"charts_per_day": "many"}, "charts_per_day", "Enter a whole number"),
    ("apply", {"expires_on": "2001-01-01"}, "expires_on", "The closing date is in the past"),
    ("apply", {"expires_on": "FAR"}, "expires_on", "Enter the closing date like"),
    (
        "apply",
        {"apply_method": "external", "apply_url": "javascript:alert(1)"},
        "apply_url",
        "starts with https://",
    ),
    (
        "apply",
        {"apply_method": "external", "apply_url": "ftp://files.example.com/apply"},
        "apply_url",
        "starts with https://",
    ),
    ("apply", {"apply_method": "external", "apply_url": ""}, "apply_url", "Enter the address"),
    (
        "schedule",
        {"applicant_countries": [], "applicant_us_states": []},
        "applicant_countries",
        "Choose the countries applicants may live in",
    ),
    ("schedule", {"work_mode": "onsite"}, "office1_city", "Enter the city of the office"),
    ("schedule", {"shift1_end": "09:00"}, "shift1_end", "must differ from the start"),
    ("schedule", {"shift1_start": "25:00"}, "shift1_start", "enter a start time"),
    ("schedule", {"shift1_days": []}, "shift1_days", "choose the days"),
    (
        "schedule",
        {"schedule": "flexible", "hours_min": "", "hours_max": ""},
        "hours_min",
        "fewest hours a week",
    ),
    ("schedule", {"hours_min": "30", "hours_max": "20"}, "hours_max", "at least the fewest"),
    ("schedule", {"timezone": "Mars/Olympus"}, "timezone", "Choose the time zone"),
    (
        "schedule",
        {"office1_city": "Houston", "office1_region": "Narnia", "office1_country": "US"},
        "office1_region",
        "enter a state of United States",
    ),
    (
        "requirements",
        {"required_credentials": "RHIT and (CCS or CPX)"},
        "required_credentials",
        "We do not know the credential \u201cCPX\u201d",
    ),
    ("requirements", {"min_years": "-3"}, "min_years", "from 0 to 40"),
    ("basics", {"title": ""}, "title", "Enter the job title"),
    ("basics", {"description": "Short."}, "description", "at least 30 characters"),
    ("basics", {"openings": "0"}, "openings", "between 1 and 999"),
]


# Choices from a list: an impossible value cannot be shown again, the list is.
CHOSEN_NOT_TYPED = {"apply_method", "schedule", "pay_currency", "timezone", "work_mode"}


@pytest.mark.parametrize(("step", "changes", "field", "message"), BAD_INPUTS)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    client, recruiter, step, changes, field, message
):
    job_id = post_steps(client)
    before = job(job_id)
    snapshot = job_rules.saved_input(before).step(step)
    outbox_before = count(SearchOutbox)

    data = {**step_data()[step], **changes}
    response = client.post(f"/employer/jobs/{job_id}/edit/{step}", data=data)
    html = response.get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'")
    assert response.status_code == 200
    assert message.replace("\u201c", '"').replace("\u201d", '"') in html.replace(
        "\u201c", '"'
    ).replace("\u201d", '"')
    assert f'href="#{field}"' in html  # the summary links to the field
    assert f'id="{field}-error"' in html or f'id="{field}"' in html
    # What the person typed is still in the form.
    for key, value in changes.items():
        if isinstance(value, str) and value and key not in CHOSEN_NOT_TYPED:
            assert f'value="{value}"' in html or f"\n{value}</textarea>" in html, key
    # Nothing half-saved, no search note.
    assert job_rules.saved_input(job(job_id)).step(step) == snapshot
    assert count(SearchOutbox) == outbox_before


def test_closing_date_more_than_90_days_away_is_refused(client, recruiter):
    job_id = post_steps(client)
    far = (utcnow() + timedelta(days=91)).date().isoformat()
    data = {**step_data()["apply"], "expires_on": far}
    html = client.post(f"/employer/jobs/{job_id}/edit/apply", data=data).get_data(as_text=True)
    assert "at most 90 days from today" in html
    assert f'value="{far}"' in html
    ok = (utcnow() + timedelta(days=90)).date()
    data["expires_on"] = ok.isoformat()
    client.post(f"/employer/jobs/{job_id}/edit/apply", data=data)
    assert job(job_id).expires_at.date() == ok


def test_new_job_form_keeps_values_and_creates_nothing_on_error(client, recruiter):
    data = {**step_data()["basics"], "description": "Too short"}
    response = client.post("/employer/jobs/new", data=data)
    html = response.get_data(as_text=True)
    assert "at least 30 characters" in html
    assert 'value="Remote CPC coder, pro-fee E/M"' in html
    assert count(Job) == 0
    assert count(SearchOutbox) == 0


def test_offices_are_located_offline_and_onsite_jobs_need_one(client, recruiter):
    job_id = post_steps(
        client,
        schedule={
            "work_mode": "hybrid",
            "applicant_countries": [],
            "applicant_us_states": [],
            "office1_city": "Springfield",
            "office1_region": "Missouri",
            "office1_country": "US",
            "office2_city": "Nowhereville",
            "office2_country": "US",
        },
    )
    first, second = job(job_id).offices
    assert (first.city, first.region, first.country) == ("Springfield", "MO", "US")
    assert first.lat == pytest.approx(37.2, abs=0.2) and first.lng == pytest.approx(-93.3, abs=0.2)
    assert second.lat is None  # not in the gazetteer: kept, without coordinates
    assert job(job_id).applicant_countries == []  # only remote jobs list applicant places


# Workflow -----------------------------------------------------------------------------------


def test_unverified_organization_waits_for_review(client, auth):
    user, _org = employer(verified=False)
    auth.login(user.email)
    job_id = post_steps(client)
    publish(client, job_id)
    held = job(job_id)
    assert held.status == JobStatus.PENDING_REVIEW
    assert held.held_reasons == [{"code": "unverified_organization"}]
    assert not held.is_public()
    html = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "waits for a moderator" in html
    auth.logout()
    assert client.get(f"/jobs/{job_id}").status_code == 404


def test_publishing_twice_changes_nothing(client, recruiter):
    job_id = post_steps(client)
    publish(client, job_id)
    first = job(job_id).published_at
    response = publish(client, job_id)
    assert response.status_code == 302
    assert job(job_id).published_at == first
    assert "already sent" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_close_filled_renew_duplicate_and_delete(client, recruiter):
    job_id = post_steps(client)
    publish(client, job_id)

    client.post(f"/employer/jobs/{job_id}/close")
    closed = job(job_id)
    assert closed.status == JobStatus.CLOSED and closed.closed_at is not None
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "This job is closed" in page

    client.post(f"/employer/jobs/{job_id}/filled")
    assert job(job_id).status == JobStatus.FILLED

    # A closed job cannot be edited; duplicating gives a fresh draft with the same content.
    response = client.post(f"/employer/jobs/{job_id}/edit/basics", data=step_data()["basics"])
    assert response.status_code == 302 and job(job_id).status == JobStatus.FILLED
    response = client.post(f"/employer/jobs/{job_id}/duplicate")
    copy_id = int(response.headers["Location"].split("/")[3])
    twin, original = job(copy_id), job(job_id)
    assert twin.status == JobStatus.DRAFT and twin.id != original.id
    assert twin.title == original.title and twin.shift_windows == original.shift_windows
    assert [q.text for q in twin.questions] == [q.text for q in original.questions]
    assert twin.published_at is None and twin.expires_at is None
    publish(client, copy_id)
    assert job(copy_id).status == JobStatus.PUBLISHED

    draft_id = post_steps(client)
    client.post(f"/employer/jobs/{draft_id}/delete")
    assert job(draft_id) is None
    # A published job cannot be deleted, only closed.
    client.post(f"/employer/jobs/{copy_id}/delete")
    assert job(copy_id) is not None


def test_expire_command_is_idempotent_and_renew_brings_the_job_back(app, client, recruiter, runner):
    job_id = post_steps(client)
    publish(client, job_id)
    live = JobFactory(organization=recruiter[1])
    stale = job(job_id)
    stale.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    # Past its date the page already says it is closed, before the command runs.
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "closing date has passed" in page

    result = runner.invoke(args=["jobs", "expire"])
    assert result.exit_code == 0 and "1 job expired" in result.output
    assert job(job_id).status == JobStatus.EXPIRED
    assert job(live.id).status == JobStatus.PUBLISHED
    result = runner.invoke(args=["jobs", "expire"])
    assert "0 jobs expired" in result.output

    client.post(f"/employer/jobs/{job_id}/renew", data={"days": "60"})
    renewed = job(job_id)
    assert renewed.status == JobStatus.PUBLISHED
    assert renewed.expires_at.date() == (utcnow() + timedelta(days=60)).date()
    assert client.get(f"/jobs/{job_id}").status_code == 200

    client.post(f"/employer/jobs/{job_id}/renew", data={"days": "365"})  # not offered
    assert job(job_id).expires_at.date() == (utcnow() + timedelta(days=60)).date()
    client.post(f"/employer/jobs/{job_id}/renew", data={"days": "30"})  # never shortens
    assert job(job_id).expires_at.date() == (utcnow() + timedelta(days=60)).date()
    client.post(f"/employer/jobs/{job_id}/renew", data={"days": "90"})
    assert job(job_id).expires_at.date() == (utcnow() + timedelta(days=90)).date()


def test_editing_a_live_job_keeps_it_live_unless_it_now_asks_for_money(client, recruiter):
    job_id = post_steps(client)
    publish(client, job_id)
    data = {**step_data()["basics"], "title": "Remote CPC coder (E/M), day shift"}
    response = client.post(f"/employer/jobs/{job_id}/edit/basics", data=data)
    assert "The change is live" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert job(job_id).status == JobStatus.PUBLISHED
    assert job(job_id).title == "Remote CPC coder (E/M), day shift"

    data["description"] += "\nA refundable security deposit of Rs 5,000 is collected at joining."
    client.post(f"/employer/jobs/{job_id}/edit/basics", data=data)
    held = job(job_id)
    assert held.status == JobStatus.PENDING_REVIEW
    codes = [r["code"] for r in held.held_reasons]
    assert "money" in codes and "edited" in codes


# The employer's list ------------------------------------------------------------------------


def test_job_list_searches_filters_and_closes_in_bulk(client, recruiter):
    _user, organization = recruiter
    other = JobFactory()  # another organization's job
    inpatient = JobFactory(organization=organization, title="Inpatient DRG coder")
    remote = JobFactory(organization=organization, title="Remote CPC coder")
    draft = JobFactory(organization=organization, title="Remote AR caller", status="draft")

    html = client.get("/employer/jobs?q=remote").get_data(as_text=True)
    assert "Remote CPC coder" in html and "Remote AR caller" in html
    assert "Inpatient DRG coder" not in html
    html = client.get("/employer/jobs?status=draft").get_data(as_text=True)
    assert "Remote AR caller" in html and "Remote CPC coder" not in html
    assert other.title not in client.get("/employer/jobs").get_data(as_text=True)
    assert "Inpatient DRG coder" in client.get("/dashboard").get_data(as_text=True)
    assert (
        "%"
        not in client.get("/employer/jobs?q=%25")
        .get_data(as_text=True)
        .split("<tbody>")[1]
        .split("</tbody>")[0]
    )

    response = client.post(
        "/employer/jobs/close",
        data={"job_ids": [inpatient.id, remote.id, draft.id, other.id], "back": "/dashboard"},
    )
    assert response.headers["Location"].endswith("/dashboard")
    assert job(inpatient.id).status == JobStatus.CLOSED
    assert job(remote.id).status == JobStatus.CLOSED
    assert job(draft.id).status == JobStatus.DRAFT  # drafts are not "closed"
    assert job(other.id).status == JobStatus.PUBLISHED  # never another organization's job

    response = client.post(
        "/employer/jobs/close", data={"job_ids": [remote.id], "back": "https://evil.example/"}
    )
    assert response.headers["Location"].endswith("/employer/jobs")


def test_employer_without_organization_is_sent_to_create_one(client, auth):
    user = UserFactory(role=Role.EMPLOYER, email="new.employer@example.com")
    auth.login(user.email)
    response = client.get("/employer/jobs/new")
    assert response.headers["Location"].endswith("/employer/organization/new")
    assert "Create your organization" in client.get("/dashboard").get_data(as_text=True)


# Search outbox ------------------------------------------------------------------------------


def _outbox_for(job_id: int) -> list[SearchOutbox]:
    return db.session.scalars(
        sa.select(SearchOutbox).where(
            SearchOutbox.entity == "job", SearchOutbox.entity_id == job_id
        )
    ).all()


def test_every_change_to_a_job_writes_a_search_outbox_row(client, recruiter):
    job_id = post_steps(client)
    after_steps = len(_outbox_for(job_id))
    assert after_steps == 5  # one per saved step (creation included)

    publish(client, job_id)
    assert len(_outbox_for(job_id)) == after_steps + 1

    # A change to an office (a child row) is a change to its job's document.
    client.post(
        f"/employer/jobs/{job_id}/edit/schedule",
        data={**step_data()["schedule"], "office1_city": "Austin", "office1_country": "US"},
    )
    assert len(_outbox_for(job_id)) == after_steps + 2
    assert count(JobOffice, JobOffice.job_id == job_id) == 1

    client.post(f"/employer/jobs/{job_id}/close")
    rows = _outbox_for(job_id)
    assert len(rows) == after_steps + 3
    assert {r.op for r in rows} == {"upsert"}

    # Deleting a draft leaves a note too; the worker finds no row and removes the document
    # (the note's op may read "upsert" when the job's questions are deleted with it).
    draft_id = post_steps(client)
    before = len(_outbox_for(draft_id))
    client.post(f"/employer/jobs/{draft_id}/delete")
    assert job(draft_id) is None
    assert len(_outbox_for(draft_id)) == before + 1


def test_to_job_facts_describes_the_job_for_matching(app):
    organization = OrganizationFactory()
    facts = JobFactory(
        organization=organization,
        required_credentials=[["RHIT"], ["CCS", "CIC"]],
        applicant_regions=["US-TX"],
        hours_min=20,
    ).facts()
    assert facts.required_credential_groups == [["RHIT"], ["CCS", "CIC"]]
    assert facts.work_mode == "remote"
    assert facts.applicant_countries == frozenset({"US"})
    assert facts.applicant_regions == frozenset({"US-TX"})
    assert facts.timezone == "America/New_York"
    assert [(r.day, r.start, r.end) for r in facts.shift_windows] == [
        (d, 540, 1050) for d in range(5)
    ]
    assert facts.hours_min == 20
    assert (facts.pay.amount_min, facts.pay.amount_max, facts.pay.currency, facts.pay.period) == (
        28.0,
        34.0,
        "USD",
        "hour",
    )
    flexible = JobFactory(
        organization=organization,
        work_mode="onsite",
        schedule_flexible=True,
        shift_windows=[],
        pay_period="chart",
    ).facts()
    assert flexible.shift_windows == [] and flexible.applicant_countries == frozenset()
    assert flexible.pay.period == "chart"


def test_pay_step_starts_in_the_organizations_currency(client, auth):
    user, _org = employer(country="IN", name="ClearClaim BPO Services")
    auth.login(user.email)
    response = client.post("/employer/jobs/new", data=step_data()["basics"])
    job_id = int(response.headers["Location"].split("/")[3])
    html = client.get(f"/employer/jobs/{job_id}/edit/pay").get_data(as_text=True)
    assert '<option selected value="INR">INR</option>' in html
    assert '<option selected value="month">a month</option>' in html
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    assert '<option selected value="">Automatic' in html  # the office's city, else the country
    schedule = {**step_data()["schedule"], "timezone": "", "applicant_countries": ["IN"]}
    schedule.pop("applicant_us_states")
    response = client.post(f"/employer/jobs/{job_id}/edit/schedule", data=schedule)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.get(Job, job_id).timezone == "Asia/Kolkata"
