"""Saved searches, job and candidate alerts, and credential expiry reminders.

`flask alerts send` (safe to run from cron as often as you like) calls `send_all()`:

- **Alerts**: each saved search due in this period (a day for "daily", an ISO week for "weekly")
  is run through the search layer (`portal.search.job_search` / `candidate_search`, which answer
  from SQL when the engine is down) sorted newest first; what appeared since the search's last
  run is e-mailed as one digest. The search then records the period and the run time, and the
  e-mail carries `dedupe_key=f"alert:{id}:{period}"`: a second run in the same period, or two
  runs at once, send nothing twice. When the engine is down and the SQL answer read only the
  newest rows, the search is deferred instead (nothing recorded), so the next run, with the
  engine back, sends the whole window: a job is never skipped because of an outage.
- **Credential reminders** (`portal.services.credential_reminders`), sent after the alerts.

Both honour the person's e-mail choices and carry a one-click unsubscribe link and header
(`portal.services.email_preferences`); a digest's link stops that one search. Mail goes through
the outbox (`portal.mail`), so a down SMTP server loses nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.formatting import search_pay, search_place
from portal.models import (
    EmailKind,
    Frequency,
    SavedSearch,
    SearchKind,
    User,
    organization_of,
    utcnow,
)
from portal.search import candidate_search, job_search
from portal.search.facets import JOB_FACETS, chips, parse_state
from portal.security import read_token
from portal.services import credential_reminders, email_preferences
from portal.services.notifications import external_url

log = logging.getLogger(__name__)

MAX_SAVED_SEARCHES = 50
MAX_QUERY_LENGTH = 1000
MAX_NAME_LENGTH = 120
DIGEST_SHOW = 20  # items listed in one e-mail; the rest are one link away
SCAN_PAGES = 5  # result pages read per search and run, newest first
LEGACY_UNSUBSCRIBE_PURPOSE = "alert-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 10 * 365 * 24 * 3600  # links in old e-mails keep working
DROPPED_PARAMS = {"page"}

FREQUENCY_LABELS: dict[str, Any] = {
    Frequency.DAILY: _l("Every day"),
    Frequency.WEEKLY: _l("Once a week"),
    Frequency.NEVER: _l("No e-mails"),
}

__all__ = [
    "AlertRun",
    "delete_search",
    "own_search",
    "period_key",
    "save_search",
    "saved_searches",
    "search_url",
    "send_alerts",
    "send_all",
    "update_search",
]


# Saving ----------------------------------------------------------------------------------------


def normalize_query(query: str) -> str:
    """The search page's query string without the page number, in a stable form."""
    query = (query or "").strip().lstrip("?")
    pairs = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=False) if k not in DROPPED_PARAMS
    ]
    return urlencode(pairs)


def _kind_for(user: User, kind: str) -> SearchKind:
    try:
        chosen = SearchKind(kind)
    except ValueError:
        raise ValidationFailed(_("Choose what kind of search to save."), field="kind")
    if chosen == SearchKind.JOBS and not (user.is_seeker or user.is_employer):
        raise PermissionDenied(_("Only job seekers and employers can save job searches."))
    if chosen == SearchKind.CANDIDATES and (not user.is_employer or organization_of(user) is None):
        raise PermissionDenied(_("Only employers can save candidate searches."))
    return chosen


def describe(kind: SearchKind | str, query: str) -> str:
    """A readable name for a search: its words and filters, as the search page shows them."""
    args = MultiDict(parse_qsl(query))
    try:
        if SearchKind(kind) == SearchKind.JOBS:
            results = job_search.parse(args)
            labels = [c.label for c in chips(results.state, JOB_FACETS, "/jobs")]
            labels += [c.label for c in job_search.extra_chips(results)]
            if results.place is not None:
                labels.append(results.place.name)
        else:
            state = parse_state(args, candidate_search.CANDIDATE_FACETS)
            labels = [
                c.label for c in chips(state, candidate_search.CANDIDATE_FACETS, "/candidates")
            ]
    except Exception:  # noqa: BLE001 - a name is a nicety; never fail a save over it
        log.exception("Could not describe saved search %r", query)
        labels = []
    text = "; ".join(str(label) for label in labels)
    if not text:
        text = _("All jobs") if SearchKind(kind) == SearchKind.JOBS else _("All candidates")
    return text[:MAX_NAME_LENGTH]


def save_search(
    user: User, kind: str, query: str, name: str = "", frequency: str = Frequency.DAILY
) -> SavedSearch:
    """Save the search behind a search page's query string. Saving the same search again
    updates how often it is e-mailed instead of adding a copy."""
    chosen = _kind_for(user, kind)
    how_often = Frequency.chosen(frequency)
    query = normalize_query(query)
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationFailed(_("This search is too long to save. Remove some filters."))
    name = (name or "").strip()[:MAX_NAME_LENGTH] or describe(chosen, query)
    existing: SavedSearch | None = db.session.scalar(
        sa.select(SavedSearch).where(
            SavedSearch.user_id == user.id,
            SavedSearch.kind == chosen,
            SavedSearch.query_string == query,
        )
    )
    if existing is not None:
        existing.frequency = how_often
        existing.name = name
        existing.unsubscribed_at = None
        db.session.commit()
        return existing
    count = (
        db.session.scalar(
            sa.select(sa.func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id)
        )
        or 0
    )
    if count >= MAX_SAVED_SEARCHES:
        raise ValidationFailed(
            _("You have %(n)s saved searches, the most we keep. Delete one first.", n=count)
        )
    search = SavedSearch(
        user_id=user.id, kind=chosen, query_string=query, name=name, frequency=how_often
    )
    db.session.add(search)
    db.session.commit()
    return search


def saved_searches(user: User) -> list[SavedSearch]:
    return list(
        db.session.scalars(
            sa.select(SavedSearch)
            .where(SavedSearch.user_id == user.id)
            .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
        )
    )


def own_search(user: User, search_id: int) -> SavedSearch:
    search = db.session.get(SavedSearch, search_id)
    if search is None or search.user_id != getattr(user, "id", None):
        raise NotFound(_("No such saved search."))
    return search


def update_search(user: User, search_id: int, name: str, frequency: str) -> SavedSearch:
    search = own_search(user, search_id)
    search.frequency = Frequency.chosen(frequency)
    search.name = (name or "").strip()[:MAX_NAME_LENGTH] or search.name
    if search.frequency != Frequency.NEVER:
        search.unsubscribed_at = None
    db.session.commit()
    return search


def delete_search(user: User, search_id: int) -> None:
    db.session.delete(own_search(user, search_id))
    db.session.commit()


def search_url(search: SavedSearch, external: bool = False) -> str:
    endpoint = "search.jobs" if search.kind == SearchKind.JOBS else "search.candidates"
    path = url_for(endpoint)
    if external:
        path = external_url(endpoint)
    return path + (f"?{search.query_string}" if search.query_string else "")


# Unsubscribing (links and pages: `portal.services.email_preferences`) ------------------------


def search_for_legacy_token(token: str) -> SavedSearch | None:
    """The saved search named by an unsubscribe link of an e-mail sent before e-mail choices
    existed (they keep working), or None for a forged or altered link."""
    data = read_token(LEGACY_UNSUBSCRIBE_PURPOSE, token, UNSUBSCRIBE_MAX_AGE)
    if data is None:
        return None
    search = db.session.get(SavedSearch, data.get("sid"))
    if search is None or search.user_id != data.get("uid"):
        return None
    return search


# Sending alerts --------------------------------------------------------------------------------


def period_key(frequency: Frequency | str, now: datetime) -> str:
    """ "2026-11-26" for daily alerts, "2026-W48" for weekly ones."""
    if Frequency(frequency) == Frequency.WEEKLY:
        year, week, _day = now.isocalendar()
        return f"{year}-W{week:02d}"
    return now.date().isoformat()


@dataclass
class DigestItem:
    title: str
    subtitle: str
    url: str


@dataclass
class AlertRun:
    checked: int = 0
    sent: int = 0
    reminders: int = 0
    failed: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)


class IncompleteResults(Exception):
    """The engine was down and the SQL answer read only part of the rows: try again later."""


def _new_jobs(
    search: SavedSearch, since: datetime, until: datetime
) -> tuple[list[DigestItem], int]:
    items: list[DigestItem] = []
    total = 0
    args = MultiDict(parse_qsl(search.query_string))
    args["sort"] = "newest"
    for page in range(1, SCAN_PAGES + 1):
        args["page"] = str(page)
        results = job_search.search(args, url_for("search.jobs"))
        if results.cut_short:
            raise IncompleteResults
        older_seen = False
        for hit in results.hits:
            published = hit.published_at
            if published is None or published > until:
                continue
            if published <= since:
                older_seen = True
                break
            total += 1
            if len(items) < DIGEST_SHOW:
                doc = hit.doc
                subtitle = " · ".join(
                    p
                    for p in (doc.get("organization_name", ""), search_place(doc), search_pay(doc))
                    if p
                )
                items.append(
                    DigestItem(
                        doc.get("title", ""),
                        subtitle,
                        external_url("jobs.job_page", job_id=hit.id),
                    )
                )
        if older_seen or page >= (results.pages or 0):
            break
    return items, total


def _new_candidates(
    search: SavedSearch, since: datetime, until: datetime
) -> tuple[list[DigestItem], int]:
    user = search.user
    organization = organization_of(user)
    if organization is None:
        return [], 0
    items: list[DigestItem] = []
    total = 0
    args = MultiDict(parse_qsl(search.query_string))
    for page in range(1, SCAN_PAGES + 1):
        args["page"] = str(page)
        results = candidate_search.search(args, user, organization.id, url_for("search.candidates"))
        if results.cut_short:
            raise IncompleteResults
        for hit in results.hits:
            created = hit.profile.created_at
            if created is None or not since < created <= until:
                continue
            total += 1
            if len(items) < DIGEST_SHOW:
                items.append(
                    DigestItem(
                        hit.view.display_name,
                        " · ".join(p for p in (hit.profile.headline, hit.view.location) if p),
                        external_url("seekers.view", profile_id=hit.profile.id)
                        if _has_endpoint("seekers.view")
                        else search_url(search, external=True),
                    )
                )
        if page >= (results.pages or 0):
            break
    return items, total


def _has_endpoint(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def _send_digest(search: SavedSearch, items: list[DigestItem], total: int, key: str) -> bool:
    user = search.user
    jobs = search.kind == SearchKind.JOBS
    subject = (
        _("New jobs for “%(name)s”", name=search.name)
        if jobs
        else _("New candidates for “%(name)s”", name=search.name)
    )
    queued = email_preferences.queue_email(
        user,
        EmailKind.ALERTS,
        subject,
        "job_alert" if jobs else "candidate_alert",
        saved_search=search,
        dedupe_key=f"alert:{search.id}:{key}",
        user=user,
        search=search,
        items=items,
        total=total,
        more=max(0, total - len(items)),
        frequency=str(FREQUENCY_LABELS[search.frequency]).lower(),
        results_url=search_url(search, external=True),
        manage_url=external_url("alerts.index"),
    )
    return queued is not None


def _run_search(search: SavedSearch, now: datetime) -> bool:
    """Run one saved search for this period; True when a digest was queued."""
    key = period_key(search.frequency, now)
    if search.last_period == key:
        return False
    # Search documents keep whole seconds: the window (since, until] is in whole seconds too.
    # A run looks at results up to ALERTS_LAG_SECONDS before it starts: jobs committed a moment ago
    # may not be in the search index yet. They are in the next run's window instead, never lost.
    lag = timedelta(seconds=current_app.config["ALERTS_LAG_SECONDS"])
    until = (now - lag).replace(microsecond=0)
    since = (search.last_run_at or search.created_at).replace(microsecond=0)
    if until <= since:
        return False  # saved a moment ago: nothing can be new yet
    finder = _new_jobs if search.kind == SearchKind.JOBS else _new_candidates
    user = search.user
    sent = False
    # Someone who turned these e-mails off is not searched for; the window still moves on, so
    # turning them back on brings only what is new from then.
    if user.disabled_at is None and email_preferences.wants(user, EmailKind.ALERTS):
        items, total = finder(search, since, until)
        if total:
            sent = _send_digest(search, items, total, key)
    if sent:
        search.last_sent_at = now
    search.last_period = key
    search.last_run_at = until
    db.session.commit()
    return sent


def send_alerts(now: datetime | None = None, batch: int = 200) -> AlertRun:
    """E-mail every due saved search once per period. Safe to run again: nothing is sent twice."""
    now = now or utcnow()
    run = AlertRun()
    last_id = 0
    while True:
        searches = list(
            db.session.scalars(
                sa.select(SavedSearch)
                .where(SavedSearch.frequency != Frequency.NEVER, SavedSearch.id > last_id)
                .order_by(SavedSearch.id)
                .limit(batch)
            )
        )
        if not searches:
            break
        for search in searches:
            last_id = search.id
            try:
                run.checked += 1
                if _run_search(search, now):
                    run.sent += 1
            except IncompleteResults:
                db.session.rollback()
                log.warning("Saved search %s deferred: the search engine is down", search.id)
                run.deferred.append(search.id)
            except sa.exc.IntegrityError:
                db.session.rollback()  # another run queued this digest at the same moment
            except Exception:  # noqa: BLE001 - one broken search must not stop the others
                db.session.rollback()
                log.exception("Saved search %s failed", search.id)
                run.failed.append(search.id)
    return run


def send_all(now: datetime | None = None) -> AlertRun:
    """What `flask alerts send` does: alerts, then credential reminders."""
    now = now or utcnow()
    run = send_alerts(now)
    run.reminders = credential_reminders.send_credential_reminders(now.date())
    return run
