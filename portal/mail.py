"""E-mail: queued in the database with the change that caused it, delivered by `flask mail worker`.

A down SMTP server therefore loses nothing and delays no page. Without `MAIL_URL` the worker
writes each message to the log, which is the default for a local run.
"""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from flask import current_app, render_template, url_for

from portal.extensions import db
from portal.models import utcnow
from portal.models.mail import MailOutbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def external_url(endpoint: str, **values: object) -> str:
    """An absolute link for an e-mail, built from SERVER_URL so it works outside a request."""
    return current_app.config["SERVER_URL"] + url_for(endpoint, **values)


def queue_email(
    to: str, subject: str, template: str, *, dedupe_key: str | None = None, **context: object
) -> MailOutbox | None:
    """Render `email/<template>.txt` and `.html` and queue them; the caller commits.

    With a `dedupe_key` already queued, nothing is added and None is returned.
    """
    if dedupe_key and db.session.scalar(
        sa.select(MailOutbox.id).where(MailOutbox.dedupe_key == dedupe_key)
    ):
        return None
    context.setdefault("subject", subject)
    message = MailOutbox(
        to_address=to,
        subject=f"{subject} – {current_app.config['SITE_NAME']}",
        text_body=render_template(f"email/{template}.txt", **context),
        html_body=render_template(f"email/{template}.html", **context),
        dedupe_key=dedupe_key,
    )
    db.session.add(message)
    return message


def _build(message: MailOutbox) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="codermatch.local")
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


def deliver_pending(limit: int = 50) -> int:
    """Send what is due; returns how many were sent. Failures are retried with backoff."""
    now = utcnow()
    due = db.session.scalars(
        sa.select(MailOutbox)
        .where(MailOutbox.sent_at.is_(None), MailOutbox.available_at <= now)
        .where(MailOutbox.attempts < MAX_ATTEMPTS)
        .order_by(MailOutbox.id)
        .limit(limit)
    ).all()
    url = current_app.config["MAIL_URL"]
    sent = 0
    for message in due:
        try:
            if url:
                _smtp_send(url, _build(message))
            else:
                log.info(
                    "E-mail to %s: %s\n%s", message.to_address, message.subject, message.text_body
                )
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.last_error = str(exc)[:500]
            message.available_at = utcnow() + timedelta(seconds=min(2**message.attempts, 600))
            log.warning("Could not send e-mail %s: %s", message.id, exc)
        else:
            message.sent_at = utcnow()
            sent += 1
        db.session.commit()
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
