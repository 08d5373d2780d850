"""Saved searches and `flask alerts send`: digests with the right jobs (from the engine and from
the SQL fallback), nothing sent twice, one-click unsubscribe that cannot be forged, candidate
alerts for employers, and credential reminders once per threshold."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Frequency, MailOutbox, SavedSearch, SearchKind, utcnow
from portal.models.profile_view import candidate_label
from portal.services import alerts, credential_reminders
from tests.fixtures.app import count
from tests.fixtures.factories import CredentialFactory, JobFactory
from tests.fixtures.search import sync_all

NOW = utcnow().replace(hour=7, minute=0, second=0, microsecond=0)  # cron time
DAY = timedelta(days=1)


@pytest.fixture
def board(world):
    """The fixture's own jobs moved into the past, so each test adds the jobs it reasons about."""
    for job in (world.job, world.job_b):
        job.published_at = NOW - 30 * DAY
    db.session.commit()
    return world


def save(client, auth, email, query, kind="jobs", frequency="daily", name=""):
    auth.login(email)
    response = client.post(
        "/alerts/new",
        data={"kind": kind, "query": query, "frequency": frequency, "name": name},
    )
    auth.logout()
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(db.select(SavedSearch).order_by(SavedSearch.id.desc())).first()


def run(app, now):
    with app.test_request_context():
        return alerts.send_all(now)


def digests(mailbox, address):
    return [m for m in mailbox.to(address) if "New jobs for" in m["Subject"]]


def job(org, title, published_at, **extra):
    return JobFactory(organization=org, title=title, published_at=published_at, **extra)


@pytest.mark.parametrize("engine", ["meilisearch", "sql fallback"])
def test_daily_digest_has_the_new_matching_jobs_and_is_sent_once(
    board, client, auth, app, mailbox, engine
):
    w = board
    search = save(client, auth, w.priya.email, "?q=coder&mode=remote&credential=CPC&page=3")
    assert search.query_string == "q=coder&mode=remote&credential=CPC"  # the page number is dropped
    assert search.kind == SearchKind.JOBS and search.frequency == Frequency.DAILY
    search.created_at = NOW - 2 * DAY
    db.session.commit()
    job(w.org_a, "Remote CPC coder, old", NOW - 3 * DAY)
    job(w.org_a, "Remote CPC coder, nights", NOW - DAY)
    job(w.org_b, "Remote CPC coder, weekends", NOW - DAY + timedelta(hours=2))
    job(w.org_a, "Remote CCS coder", NOW - DAY, required_credentials=[["CCS"]])
    job(w.org_a, "Remote CPC biller", NOW - DAY, required_credentials=[["CPB"]])
    from portal.models import JobStatus

    job(w.org_a, "Remote CPC coder, draft", None, status=JobStatus.DRAFT)
    if engine == "meilisearch":
        sync_all()

    result = run(app, NOW)
    assert (result.checked, result.sent) == (1, 1)
    [email] = digests(mailbox, w.priya.email)
    text = mailbox.text(email)
    assert "2 new jobs" in text
    assert "Remote CPC coder, nights" in text and "Remote CPC coder, weekends" in text
    for absent in ("old", "CCS", "biller", "draft"):
        assert f"coder, {absent}" not in text and f"Remote {absent}" not in text
    # Links work from the e-mail: absolute, to the job pages, the search and the unsubscribe.
    assert re.search(r"http://localhost/jobs/\d+", text)
    assert "http://localhost/jobs?q=coder&mode=remote&credential=CPC" in text
    assert "http://localhost/emails/unsubscribe/" in text
    assert email.get_body(preferencelist=("html",)) is not None

    # Running again (cron twice, or on the same day) sends nothing twice.
    assert run(app, NOW).sent == 0
    assert run(app, NOW + timedelta(hours=3)).sent == 0
    assert digests(mailbox, w.priya.email) == [email]

    # The next day only what is new since the last digest.
    job(w.org_a, "Remote CPC coder, evenings", NOW + timedelta(hours=5))
    if engine == "meilisearch":
        sync_all()
    assert run(app, NOW + DAY).sent == 1
    second = digests(mailbox, w.priya.email)[-1]
    text = mailbox.text(second)
    assert "1 new job " in text and "evenings" in text and "nights" not in text
    # A day with nothing new sends nothing.
    assert run(app, NOW + 2 * DAY).sent == 0


def test_an_outage_that_cuts_the_sql_answer_short_defers_the_digest_and_loses_no_job(
    board, client, auth, app, mailbox, runner
):
    """The SQL fallback reads only the newest rows; a digest from them could skip a job for good
    (the window moves on), so the search waits for a run with the engine back."""
    w = board
    search = save(client, auth, w.priya.email, "credential=CPC")
    search.created_at = NOW - 2 * DAY
    db.session.commit()
    for hour in (1, 2, 3):
        job(w.org_a, f"Remote CPC coder, shift {hour}", NOW - DAY + timedelta(hours=hour))
    app.config["SEARCH_FALLBACK_ROWS"] = 2  # the engine has no index yet: SQL answers, in part

    deferred = run(app, NOW)
    assert (deferred.sent, deferred.deferred, deferred.failed) == (0, [search.id], [])
    assert digests(mailbox, w.priya.email) == []
    search = db.session.get(SavedSearch, search.id)
    assert search.last_period is None and search.last_run_at is None
    result = runner.invoke(args=["alerts", "send"])
    assert (
        "0 digests queued" in result.output and "1 deferred (search engine down)" in result.output
    )

    sync_all()  # the engine is back
    assert run(app, NOW + timedelta(hours=1)).sent == 1
    [email] = digests(mailbox, w.priya.email)
    text = mailbox.text(email)
    assert "3 new jobs" in text and all(f"shift {hour}" in text for hour in (1, 2, 3))


def test_weekly_digest_once_a_week(board, client, auth, app, mailbox):
    w = board
    monday = (NOW - timedelta(days=NOW.weekday())).replace(hour=7, minute=0, second=0)
    search = save(client, auth, w.priya.email, "credential=CPC", frequency="weekly")
    search.created_at = monday - 3 * DAY
    db.session.commit()
    job(w.org_a, "Remote CPC coder, Saturday", monday - 2 * DAY)
    assert run(app, monday).sent == 1
    job(w.org_a, "Remote CPC coder, Tuesday", monday + DAY)
    assert run(app, monday + 2 * DAY).sent == 0  # same week
    assert run(app, monday + 7 * DAY).sent == 1
    last = digests(mailbox, w.priya.email)[-1]
    assert "Tuesday" in mailbox.text(last) and "Saturday" not in mailbox.text(last)


def test_two_runs_at_once_queue_one_digest(board, client, auth, app):
    """The dedupe key holds even when a second run did not see the first one's bookkeeping."""
    w = board
    search = save(client, auth, w.priya.email, "credential=CPC")
    search.created_at = NOW - 2 * DAY
    db.session.commit()
    job(w.org_a, "Remote CPC coder, nights", NOW - DAY)
    assert run(app, NOW).sent == 1
    search = db.session.get(SavedSearch, search.id)
    search.last_period, search.last_run_at = None, NOW - 2 * DAY  # as if the run had not ended
    db.session.commit()
    again = run(app, NOW)
    assert again.sent == 0 and again.failed == []
    assert count(MailOutbox, MailOutbox.dedupe_key.like("alert:%")) == 1


def test_unsubscribe_stops_one_search_logged_out_and_cannot_be_forged(
    board, client, auth, app, mailbox
):
    w = board
    search = save(client, auth, w.priya.email, "credential=CPC")
    second = save(client, auth, w.priya.email, "credential=CPC&mode=remote")
    other = save(client, auth, w.linda.email, "credential=CCS")
    search.created_at = NOW - 2 * DAY
    db.session.commit()
    job(w.org_a, "Remote CPC coder, nights", NOW - DAY)
    run(app, NOW)
    subject = f"New jobs for “{search.name}”"
    [email] = [m for m in digests(mailbox, w.priya.email) if subject in m["Subject"]]
    [link] = re.findall(r"http://localhost/emails/unsubscribe/\S+", mailbox.text(email))
    # The same link in the header mail providers use for their own button (RFC 8058).
    assert email["List-Unsubscribe"] == f"<{link}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = link.rsplit("/", 1)[1]

    # Forged links: altered, made for another search, signed with another key.
    from itsdangerous import URLSafeTimedSerializer

    forged = [
        token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        URLSafeTimedSerializer(
            "not-our-secret-key-xxxxxxxxxxxxxxxxxxxxxx", salt="portal.unsubscribe"
        ).dumps({"uid": other.user_id, "kind": "alerts", "sid": other.id}),
        "nonsense",
    ]
    for bad in forged:
        for response in (
            client.get(f"/emails/unsubscribe/{bad}"),
            client.post(f"/emails/unsubscribe/{bad}", data={"List-Unsubscribe": "One-Click"}),
        ):
            assert response.status_code == 404
            assert "This link does not work" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SavedSearch, other.id).frequency == Frequency.DAILY

    # Opening the link (or a mail scanner opening it) only asks.
    path = link.replace("http://localhost", "")
    page = client.get(path)
    assert page.status_code == 200 and "Stop these e-mails?" in page.get_data(as_text=True)
    assert db.session.get(SavedSearch, search.id).frequency == Frequency.DAILY

    # The one-click POST works logged out and stops this search only.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "E-mails stopped" in response.get_data(as_text=True)
    db.session.expire_all()
    stopped = db.session.get(SavedSearch, search.id)
    assert stopped.frequency == Frequency.NEVER and stopped.unsubscribed_at is not None
    assert db.session.get(SavedSearch, second.id).frequency == Frequency.DAILY
    job(w.org_a, "Remote CPC coder, evenings", NOW + timedelta(hours=5))
    run(app, NOW + DAY)
    assert [m for m in digests(mailbox, w.priya.email) if subject in m["Subject"]] == [email]

    # Twice is harmless; "turn back on" from the same page works, still logged out.
    assert client.post(path).status_code == 200
    response = client.post(f"/emails/unsubscribe/{token}/undo", data={"frequency": "weekly"})
    assert response.status_code == 200 and "E-mails back on" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SavedSearch, search.id).frequency == Frequency.WEEKLY


def test_links_in_older_digests_still_lead_to_the_unsubscribe_page(board, client, auth, app):
    from portal.security import make_token

    search = save(client, auth, board.priya.email, "credential=CPC")
    with app.test_request_context():
        legacy = make_token("alert-unsubscribe", {"sid": search.id, "uid": search.user_id})
    response = client.get(f"/alerts/unsubscribe/{legacy}")
    assert response.status_code == 302
    assert "/emails/unsubscribe/" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert "Stop these e-mails?" in page.get_data(as_text=True)
    assert db.session.get(SavedSearch, search.id).frequency == Frequency.DAILY
    assert client.get("/alerts/unsubscribe/nonsense").status_code == 404


def test_no_digest_for_someone_who_turned_saved_search_emails_off(
    board, client, auth, app, mailbox
):
    w = board
    search = save(client, auth, w.priya.email, "credential=CPC")
    search.created_at = NOW - 2 * DAY
    db.session.commit()
    auth.login(w.priya.email)
    client.post("/emails/", data={"wanted": ["applications", "messages", "reminders"]})
    auth.logout()
    job(w.org_a, "Remote CPC coder, nights", NOW - DAY)
    assert run(app, NOW).sent == 0
    assert digests(mailbox, w.priya.email) == []
    # The window still moved on: turning them back on brings only what is new from then.
    db.session.refresh(search)
    assert search.last_run_at is not None and search.last_run_at > NOW - DAY
    auth.login(w.priya.email)
    client.post("/emails/", data={"wanted": ["alerts"]})
    auth.logout()
    job(w.org_a, "Remote CPC coder, evenings", NOW + timedelta(hours=5))
    assert run(app, NOW + DAY).sent == 1
    [email] = digests(mailbox, w.priya.email)
    assert "evenings" in mailbox.text(email) and "nights" not in mailbox.text(email)


def test_saved_searches_page_edit_and_delete_and_others_404(board, client, auth):
    w = board
    search = save(client, auth, w.priya.email, "credential=CPC&mode=remote")
    assert "CPC" in search.name  # named after its filters
    auth.login(w.priya.email)
    page = client.get("/alerts/").get_data(as_text=True)
    assert search.name in page and "/jobs?credential=CPC&amp;mode=remote" in page
    response = client.post(
        f"/alerts/{search.id}",
        data={f"s{search.id}-name": "Remote CPC", f"s{search.id}-frequency": "weekly"},
    )
    assert response.status_code == 302
    db.session.refresh(search)
    assert (search.name, search.frequency) == ("Remote CPC", Frequency.WEEKLY)
    # Saving the same search again updates it instead of adding a copy.
    auth.logout()
    save(client, auth, w.priya.email, "credential=CPC&mode=remote", frequency="daily")
    assert count(SavedSearch) == 1
    auth.login(w.linda.email)
    assert client.post(f"/alerts/{search.id}/delete").status_code == 404
    assert (
        client.post(
            f"/alerts/{search.id}",
            data={f"s{search.id}-name": "x", f"s{search.id}-frequency": "never"},
        ).status_code
        == 404
    )
    auth.logout()
    auth.login(w.priya.email)
    assert client.post(f"/alerts/{search.id}/delete").status_code == 302
    assert count(SavedSearch) == 0


def test_saving_needs_a_login_and_the_right_role(board, client, auth):
    response = client.get("/alerts/new?kind=jobs&query=credential%3DCPC")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login(board.priya.email)
    page = client.get("/alerts/new?kind=jobs&query=credential%3DCPC")
    assert page.status_code == 200 and "Save this search" in page.get_data(as_text=True)
    refused = client.post(
        "/alerts/new", data={"kind": "candidates", "query": "", "frequency": "daily"}
    )
    assert refused.status_code == 400
    assert "Only employers can save candidate searches." in refused.get_data(as_text=True)
    assert count(SavedSearch) == 0


def test_employers_get_new_candidates_without_names(board, client, auth, app, mailbox):
    w = board
    search = save(client, auth, w.ana.email, "credential=CPC", kind="candidates")
    search.created_at = NOW - 2 * DAY
    w.priya_profile.created_at = NOW - DAY
    w.linda_profile.created_at = NOW - DAY
    db.session.commit()
    assert run(app, NOW).sent == 1
    [email] = [m for m in mailbox.to(w.ana.email) if "New candidates for" in m["Subject"]]
    text = mailbox.text(email)
    assert candidate_label(w.priya_profile.id) in text
    assert "Priya" not in text and "priya@example.in" not in text
    assert candidate_label(w.linda_profile.id) not in text  # CCS, not CPC
    assert "http://localhost/emails/unsubscribe/" in text


def test_credential_reminders_once_per_threshold(board, app, mailbox):
    w = board
    today = date(2027, 3, 1)
    credential = CredentialFactory(profile=w.linda_profile, kind="CRC", expires_on=today + 45 * DAY)

    def remind(day):
        with app.test_request_context():
            return credential_reminders.send_credential_reminders(day)

    def reminders():
        return [m for m in mailbox.to(w.linda.email) if "expires on" in m["Subject"]]

    assert remind(today - 30 * DAY) == 0  # 75 days before: not yet
    assert remind(today) == 1  # 45 days before: the 60-day reminder
    assert remind(today) == 0
    assert remind(today + DAY) == 0
    assert remind(today + 16 * DAY) == 1  # 29 days before: the 30-day reminder
    assert remind(today + 17 * DAY) == 0
    assert remind(today + 39 * DAY) == 1  # 6 days before: the 7-day reminder
    assert remind(today + 44 * DAY) == 0
    assert remind(today + 46 * DAY) == 0  # expired
    emails = reminders()
    assert len(emails) == 3
    assert "expires in 45 days" in mailbox.text(emails[0])
    assert "expires in 6 days" in mailbox.text(emails[2])
    assert "http://localhost/profile/credentials" in mailbox.text(emails[0])

    # Renewed with a new date: the reminders start over for that date.
    credential.expires_on = today + 400 * DAY
    db.session.commit()
    assert remind(today + 400 * DAY - 50 * DAY) == 1


def test_a_late_first_run_sends_only_the_nearest_reminder(board, app, mailbox):
    w = board
    today = date(2027, 3, 1)
    CredentialFactory(profile=w.linda_profile, kind="CRC", expires_on=today + 5 * DAY)
    with app.test_request_context():
        assert credential_reminders.send_credential_reminders(today) == 1
    keys = [
        m.dedupe_key
        for m in db.session.scalars(
            sa.select(MailOutbox).where(MailOutbox.dedupe_key.like("cred:%"))
        )
    ]
    assert len(keys) == 1 and keys[0].split(":")[2] == "7"


def test_flask_alerts_send_command(board, client, auth, runner, mailbox):
    w = board
    search = save(client, auth, w.priya.email, "credential=CPC")
    search.created_at = utcnow() - 2 * DAY
    db.session.commit()
    job(w.org_a, "Remote CPC coder, nights", utcnow() - DAY)
    CredentialFactory(
        profile=w.linda_profile, kind="CRC", expires_on=date.today() + timedelta(days=20)
    )
    result = runner.invoke(args=["alerts", "send"])
    assert result.exit_code == 0, result.output
    assert "1 digests queued, 1 credential reminders queued" in result.output
    result = runner.invoke(args=["alerts", "send"])
    assert "0 digests queued, 0 credential reminders queued" in result.output
    assert len(digests(mailbox, w.priya.email)) == 1


def test_job_search_page_links_to_save_the_search(board, client):
    page = client.get("/jobs?q=coder&mode=remote&page=2").get_data(as_text=True)
    assert "Save this search" in page
    assert "/alerts/new?kind=jobs&amp;query=q%3Dcoder%26mode%3Dremote" in page


def test_candidate_search_page_links_to_save_the_search(board, client, auth):
    auth.login(board.ana.email)
    page = client.get("/candidates?credential=CPC").get_data(as_text=True)
    assert "/alerts/new?kind=candidates&amp;query=credential%3DCPC" in page
    form = client.get("/alerts/new?kind=candidates&query=credential%3DCPC").get_data(as_text=True)
    assert "Credential: CPC" in form  # the suggested name
