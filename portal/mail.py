"""E-mail: queued in the database with the change that caused it, delivered by `flask mail worker`.

A down SMTP server therefore loses nothing and delays no page. Without `MAIL_URL` the worker
writes each message to the log, which is the default for a local run.

Delivery is at-least-once and safe with any number of workers: a worker claims one message at a
time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, plus a lease written with a compare-and-set that
also holds on SQLite), sends it outside any transaction, then records the outcome. A worker that
dies mid-send leaves the message to be retried when its lease runs out. Temporary failures are
retried with growing pauses for `MAIL_GIVE_UP_AFTER` (days); permanent ones (the address refused,
a message that cannot be built) fail at once. Failed and waiting mail shows in `/healthz` and on
the administrators' mail page.
"""

from __future__ import annotations

import logging
import re
import smtplib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, cast
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from sqlalchemy.engine import CursorResult

from portal.extensions import db
from portal.models import utcnow
from portal.models.mail import SUBJECT_MAX, MailOutbox

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # how long a claimed message is left to the worker sending it
FIRST_RETRY = 30  # seconds; doubled on each attempt
LONGEST_PAUSE = 60 * 60  # seconds between retries once the pauses have grown
# A message still waiting after this long means mail is not going out.
STALE_AFTER = timedelta(minutes=15)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for an e-mail, built from SERVER_URL so it works outside a request."""
    server: str = current_app.config["SERVER_URL"]
    return server + url_for(endpoint, **values)


def header_text(value: str, limit: int) -> str:
    """One line fit for a mail header: control characters (CR/LF above all) become spaces and the
    text is cut to `limit` characters with an ellipsis."""
    text = " ".join(_CONTROL.sub(" ", value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def queue_email(
    to: str,
    subject: str,
    template: str,
    *,
    dedupe_key: str | None = None,
    unsubscribe_url: str | None = None,
    **context: object,
) -> MailOutbox | None:
    """Render `email/<template>.txt` and `.html` and queue them; the caller commits.

    With a `dedupe_key` already queued, nothing is added and None is returned. Bulk mail passes
    `unsubscribe_url`: it is shown in the message and sent as a one-click List-Unsubscribe header
    (RFC 8058), so the URL must accept a POST.
    """
    if dedupe_key and db.session.scalar(
        sa.select(MailOutbox.id).where(MailOutbox.dedupe_key == dedupe_key)
    ):
        return None
    context.setdefault("subject", subject)
    if unsubscribe_url:
        context["unsubscribe_url"] = unsubscribe_url
    site = current_app.config["SITE_NAME"]
    message = MailOutbox(
        to_address=header_text(to, 254),
        subject=header_text(f"{header_text(subject, SUBJECT_MAX)} – {site}", SUBJECT_MAX),
        text_body=render_template(f"email/{template}.txt", **context),
        html_body=render_template(f"email/{template}.html", **context),
        dedupe_key=dedupe_key,
        list_unsubscribe=unsubscribe_url,
    )
    db.session.add(message)
    return message


def _build(message: MailOutbox) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="codermatch.local")
    if message.list_unsubscribe:
        email["List-Unsubscribe"] = f"<{message.list_unsubscribe}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    return email


def _smtp_send(url: str, email: EmailMessage) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 25
    smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with smtp_class(host, port, timeout=10) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(email)


def _is_permanent(exc: Exception) -> bool:
    """Refused addresses and 5xx answers will not change by waiting; anything that is not a
    network or SMTP error is a message we cannot build, which retrying cannot fix either."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return not isinstance(exc, OSError | smtplib.SMTPException)


def _due() -> sa.Select[MailOutbox]:
    now = utcnow()
    return (
        sa.select(MailOutbox)
        .where(
            MailOutbox.sent_at.is_(None),
            MailOutbox.failed_at.is_(None),
            MailOutbox.available_at <= now,
        )
        .order_by(MailOutbox.available_at, MailOutbox.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def _claim() -> MailOutbox | None:
    """Take the next due message for this worker alone, or None when nothing is due."""
    while (message := db.session.scalars(_due()).first()) is not None:
        # An UPDATE's result is a CursorResult (with its rowcount); Session.execute is typed for
        # every statement and says only Result.
        taken = cast(
            "CursorResult[()]",
            db.session.execute(
                sa.update(MailOutbox)
                .where(MailOutbox.id == message.id, MailOutbox.available_at == message.available_at)
                .values(available_at=utcnow() + LEASE)
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        db.session.commit()
        if taken:
            return db.session.get(MailOutbox, message.id, populate_existing=True)
    db.session.commit()
    return None


def _record_failure(message: MailOutbox, exc: Exception) -> None:
    now = utcnow()
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:500]
    too_old = now - message.created_at > timedelta(seconds=current_app.config["MAIL_GIVE_UP_AFTER"])
    if _is_permanent(exc) or too_old:
        message.failed_at = now
        log.error("E-mail %s to %s failed for good: %s", message.id, message.to_address, exc)
        return
    pause = min(FIRST_RETRY * 2 ** (message.attempts - 1), LONGEST_PAUSE)
    message.available_at = now + timedelta(seconds=pause)
    log.warning("Could not send e-mail %s (will retry in %ss): %s", message.id, pause, exc)


def deliver_one() -> bool | None:
    """Claim and send one message: True sent, False failed (retried later), None nothing due."""
    message = _claim()
    if message is None:
        return None
    url = current_app.config["MAIL_URL"]
    try:
        email = _build(message)
        if url:
            _smtp_send(url, email)
        else:
            log.info("E-mail to %s: %s\n%s", message.to_address, message.subject, message.text_body)
    except Exception as exc:  # noqa: BLE001 - one bad message must never stop the worker
        _record_failure(message, exc)
        db.session.commit()
        return False
    message.sent_at = utcnow()
    db.session.commit()
    return True


def deliver_pending(limit: int = 50) -> int:
    """Send what is due, up to `limit` messages; returns how many were sent."""
    sent = 0
    for _ in range(limit):
        outcome = deliver_one()
        if outcome is None:
            break
        sent += bool(outcome)
    return sent


def run_worker(interval: float = 1.0) -> None:
    log.info("Mail worker started (%s)", current_app.config["MAIL_URL"] or "writing to the log")
    while True:
        try:
            sent = deliver_pending()
        except sa.exc.OperationalError as exc:
            db.session.rollback()
            log.warning("Mail worker: database unavailable: %s", exc)
            sent = 0
        db.session.remove()
        if not sent:
            time.sleep(interval)


@dataclass
class MailHealth:
    waiting: int
    failed: int
    oldest_waiting: datetime | None

    @property
    def stuck(self) -> bool:
        """Waiting mail older than STALE_AFTER: the worker is down or SMTP refuses us."""
        return self.oldest_waiting is not None and utcnow() - self.oldest_waiting > STALE_AFTER

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stuck


def mail_health() -> MailHealth:
    waiting = sa.and_(MailOutbox.sent_at.is_(None), MailOutbox.failed_at.is_(None))
    count, oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(MailOutbox.created_at)).where(waiting)
    ).one()
    failed = db.session.scalar(sa.select(sa.func.count()).where(MailOutbox.failed_at.is_not(None)))
    return MailHealth(waiting=count, failed=failed or 0, oldest_waiting=oldest)


def undelivered(limit: int = 200) -> list[MailOutbox]:
    """Failed mail first, then what has waited longest: the administrators' mail page."""
    return list(
        db.session.scalars(
            sa.select(MailOutbox)
            .where(MailOutbox.sent_at.is_(None))
            .order_by(MailOutbox.failed_at.is_(None), MailOutbox.created_at)
            .limit(limit)
        )
    )


def retry(message_id: int) -> bool:
    """Put a failed or waiting message back at the front of the queue; False when already sent."""
    message = db.session.get(MailOutbox, message_id)
    if message is None or message.sent_at is not None:
        return False
    message.failed_at = None
    message.available_at = utcnow()
    db.session.commit()
    return True
