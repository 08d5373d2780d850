"""Credential expiry reminders: 60, 30 and 7 days before a credential expires, once each.

`flask alerts send` runs them after the saved-search alerts (`portal.services.alerts.send_all`).
Each e-mail carries `dedupe_key=f"cred:{id}:{threshold}:{expires_on}"` (a changed expiry date
starts over); when the command has not run for a while, only the nearest threshold is sent, not
a pile of them. They honour the person's e-mail choices (`portal.services.email_preferences`).
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from portal.extensions import db
from portal.formatting import day_text
from portal.models import Credential, EmailKind, Profile, User, utcnow
from portal.services import email_preferences
from portal.services.notifications import external_url

REMINDER_DAYS = (7, 30, 60)


def reminder_threshold(days_left: int) -> int | None:
    """The nearest reminder threshold reached (7, 30 or 60), or None when it is not time."""
    if days_left < 0:
        return None
    return next((t for t in REMINDER_DAYS if days_left <= t), None)


def send_credential_reminders(today: date | None = None) -> int:
    """E-mail seekers whose credentials expire within 60 days, once per threshold."""
    today = today or utcnow().date()
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    rows = db.session.execute(
        sa.select(Credential, User)
        .join(Profile, Profile.id == Credential.profile_id)
        .join(User, User.id == Profile.user_id)
        .where(
            Credential.expires_on.is_not(None),
            Credential.expires_on >= today,
            Credential.expires_on <= horizon,
            User.disabled_at.is_(None),
        )
        .order_by(Credential.id)
    ).all()
    sent = 0
    for credential, user in rows:
        expires_on = credential.expires_on
        if expires_on is None:  # excluded by the query; says so to the type checker
            continue
        days_left = (expires_on - today).days
        threshold = reminder_threshold(days_left)
        if threshold is None:
            continue
        key = f"cred:{credential.id}:{threshold}:{expires_on.isoformat()}"
        queued = email_preferences.queue_email(
            user,
            EmailKind.REMINDERS,
            _("Your %(credential)s expires on %(date)s", credential=credential.title,
              date=day_text(expires_on)),
            "credential_reminder",
            dedupe_key=key,
            user=user,
            credential=credential,
            days_left=days_left,
            profile_url=external_url("seekers.credentials")
            if "seekers.credentials" in current_app.view_functions
            else external_url("main.dashboard"),
        )  # fmt: skip
        if queued is None:
            continue
        try:
            db.session.commit()
            sent += 1
        except sa.exc.IntegrityError:
            db.session.rollback()  # another run queued it at the same moment
    return sent
