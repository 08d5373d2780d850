"""The mail worker against a real SMTP server: nothing lost in an outage, nothing sent twice by two
workers, one bad message never stops the rest, and the state visible in /healthz and to admins."""

from __future__ import annotations

import threading
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa

from portal import mail
from portal.extensions import db
from portal.models import MailOutbox, utcnow
from portal.search.server import free_port
from tests.fixtures.factories import UserFactory, admin
from tests.fixtures.mail import REFUSED_DOMAIN

NOBODY_LISTENS = f"smtp://127.0.0.1:{free_port()}"


def queue(to: str = "coder@example.com", subject: str = "Hello", **extra) -> MailOutbox:
    person = SimpleNamespace(name="Asha")
    message = mail.queue_email(
        to, subject, "verify_email", user=person, verify_url="http://x/v", **extra
    )
    db.session.commit()
    return message


def all_messages() -> list[MailOutbox]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(MailOutbox).order_by(MailOutbox.id)))


def time_passes(**delta: float) -> None:
    """Every message was queued `delta` earlier and its retry pause has run out."""
    shift = timedelta(**delta)
    for message in all_messages():
        message.created_at -= shift
        message.available_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_a_subject_with_line_breaks_cannot_inject_headers(mailbox):
    queue(subject="Night coder\r\nBcc: victim@example.com\nX-Evil: 1")
    [received] = mailbox.to("coder@example.com")
    assert received["Bcc"] is None and received["X-Evil"] is None
    assert received["Subject"].startswith("Night coder Bcc: victim@example.com X-Evil: 1 –")


def test_a_long_subject_is_cut_to_the_column_on_every_database(mailbox):
    queue(subject="Remote CPC coder " * 30)
    [received] = mailbox.to("coder@example.com")
    stored = all_messages()[0].subject
    assert len(stored) == 200 and stored.endswith("…")
    assert received["Subject"] == stored


def test_one_broken_message_never_stops_the_others(mailbox):
    """A row written before headers were cleaned (or by hand) fails alone; the worker goes on."""
    db.session.add(
        MailOutbox(
            to_address="old@example.com", subject="Broken\r\nsubject", text_body="x", html_body="x"
        )
    )
    db.session.commit()
    queue()
    assert len(mailbox.to("coder@example.com")) == 1
    broken, good = all_messages()
    assert broken.failed_at is not None and "ValueError" in broken.last_error
    assert good.sent_at is not None


def test_an_smtp_outage_of_hours_loses_nothing(app, client, mailbox):
    queue()
    working_smtp = app.config["MAIL_URL"]
    app.config["MAIL_URL"] = NOBODY_LISTENS
    pauses = []
    for _ in range(12):  # twelve failed attempts, spread over five and a half hours
        time_passes(minutes=30)
        assert mail.deliver_pending() == 0
        [message] = all_messages()
        pauses.append((message.available_at - utcnow()).total_seconds())
    assert message.failed_at is None and message.attempts == 12
    assert pauses[0] < pauses[1] < pauses[2] and max(pauses) <= mail.LONGEST_PAUSE

    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and health["mail"]["stuck"] is True
    assert health["mail"]["waiting"] == 1 and health["mail"]["failed"] == 0

    app.config["MAIL_URL"] = working_smtp
    time_passes(minutes=30)
    assert len(mailbox.to("coder@example.com")) == 1
    assert all_messages()[0].sent_at is not None
    assert client.get("/healthz").get_json()["mail"] == {
        "waiting": 0,
        "failed": 0,
        "oldest_waiting": None,
        "stuck": False,
    }


def test_mail_undeliverable_for_days_fails_and_an_admin_sends_it_again(app, client, auth, mailbox):
    queue()
    working_smtp = app.config["MAIL_URL"]
    app.config["MAIL_URL"] = NOBODY_LISTENS
    time_passes(days=3)
    mail.deliver_pending()
    assert all_messages()[0].failed_at is None  # three days: still trying
    time_passes(days=2)
    mail.deliver_pending()
    assert all_messages()[0].failed_at is not None  # past MAIL_GIVE_UP_AFTER (four days)
    assert client.get("/healthz").get_json()["mail"]["failed"] == 1

    admin()
    auth.login("admin@example.com")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "coder@example.com" in page and "Failed" in page and "ConnectionRefusedError" in page

    app.config["MAIL_URL"] = working_smtp
    message_id = all_messages()[0].id
    client.post(f"/admin/mail/{message_id}/retry")
    assert len(mailbox.to("coder@example.com")) == 1
    assert "Every message has been delivered." in client.get("/admin/mail").get_data(as_text=True)


def test_the_mail_page_is_for_administrators_only(client, auth):
    queue()
    UserFactory(role="employer", email="boss@example.com")
    auth.login("boss@example.com")
    assert client.get("/admin/mail").status_code in (403, 404)
    assert client.post(f"/admin/mail/{all_messages()[0].id}/retry").status_code in (403, 404)
    assert all_messages()[0].available_at <= utcnow()


def test_an_address_the_server_refuses_fails_at_once(mailbox):
    queue(to=f"nobody@{REFUSED_DOMAIN}")
    queue()
    mailbox.deliver()
    refused, delivered = all_messages()
    assert refused.failed_at is not None and refused.attempts == 1 and "550" in refused.last_error
    assert delivered.sent_at is not None


def test_bulk_mail_carries_a_one_click_unsubscribe(mailbox):
    queue(unsubscribe_url="http://localhost/alerts/unsubscribe/abc")
    [received] = mailbox.to("coder@example.com")
    assert received["List-Unsubscribe"] == "<http://localhost/alerts/unsubscribe/abc>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_two_workers_never_send_one_message_twice(app, mailbox):
    """Two mail workers at once (on PostgreSQL they claim rows FOR UPDATE SKIP LOCKED)."""
    count = 60
    for n in range(count):
        queue(subject=f"Message {n}")
    errors: list[BaseException] = []

    def worker() -> None:
        with app.app_context():
            try:
                while True:
                    try:
                        if mail.deliver_one() is None:
                            break
                    except sa.exc.OperationalError:  # SQLite: "database is locked"; try again
                        db.session.rollback()
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    subjects = [m["Subject"].split(" –")[0] for m in mailbox.messages]
    assert sorted(subjects) == sorted(f"Message {n}" for n in range(count))
    assert all(m.sent_at is not None for m in all_messages())
