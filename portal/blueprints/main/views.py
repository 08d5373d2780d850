"""Home page, the dashboard for each role, and the health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from portal.extensions import db, limiter
from portal.mail import mail_health
from portal.models import SearchOutbox
from portal.search.client import engine_status
from portal.services import dashboards
from portal.web import conditional
from portal.web.permissions import acting_user

bp = Blueprint("main", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    # The stamp of the newest jobs is the page's version: a visitor's page kept for it is
    # served without loading a job; the jobs loaded otherwise are the ones it names.
    newest = dashboards.home_jobs()
    etag = conditional.visitor_etag("home", newest.stamp)
    if (unchanged := conditional.not_modified(etag)) is not None:
        return unchanged
    context = dashboards.home_context(newest)
    return conditional.shared(make_response(render_template("main/index.html", **context)), etag)


@bp.route("/dashboard")
@login_required
def dashboard() -> ResponseReturnValue:
    context = dashboards.dashboard_context(acting_user())
    return render_template(f"main/dashboard_{current_user.role.value}.html", **context)


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    """Database and search engine state, how many changes wait to be indexed, and whether mail
    is going out (failed messages, or messages waiting too long, make the status "degraded"),
    and whether the rate-limit storage answers (while it does not, each process counts alone:
    "degraded"; its short socket timeout keeps this check quick)."""
    mail = None
    try:
        db.session.execute(sa.text("SELECT 1"))
        database = "ok"
        backlog = db.session.scalar(
            sa.select(sa.func.count()).where(SearchOutbox.processed_at.is_(None))
        )
        mail = mail_health()
    except sa.exc.SQLAlchemyError as exc:
        db.session.rollback()
        database, backlog = f"unavailable ({type(exc).__name__})", None
    search = engine_status()
    rate_limits = "ok" if limiter.storage.check() else "unreachable"
    healthy = database == "ok"
    working = search == "available" and mail and mail.ok and rate_limits == "ok"
    body = {
        "status": "ok" if healthy and working else "degraded",
        "database": database,
        "search": search,
        "rate_limits": rate_limits,
        "search_outbox_backlog": backlog,
        "mail": None
        if mail is None
        else {
            "waiting": mail.waiting,
            "failed": mail.failed,
            "oldest_waiting": mail.oldest_waiting.isoformat() + "Z"
            if mail.oldest_waiting
            else None,
            "stuck": mail.stuck,
        },
    }
    return jsonify(body), 200 if healthy else 503
