"""The public job page, "report this job" and the Atom feed. The employer's posting steps and
job list are in `employer.py`; the search page (/jobs) lives in the search area."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.blueprints.jobs.forms import ReportForm
from portal.blueprints.jobs.present import atom_feed, job_posting, script_json
from portal.errors import ValidationFailed
from portal.extensions import limiter
from portal.i18n import viewer_timezone
from portal.matching import MatchResult, match
from portal.models import (
    Application,
    Job,
    Role,
    Stage,
    utcnow,
)
from portal.services import jobs as job_rules
from portal.services import moderation
from portal.services.applications import application_for
from portal.services.organizations import is_member
from portal.services.profiles import profile_of
from portal.text import render_markdown
from portal.web import conditional, job_text
from portal.web.forms import show_error
from portal.web.permissions import (
    acting_user,
    get_or_404,
    role_required,
    signed_in_user,
)

bp = Blueprint("jobs", __name__)


# Public -------------------------------------------------------------------------------------


@bp.route("/jobs/<int:job_id>")
@bp.route("/jobs/<int:job_id>/<slug>")
def job_page(job_id: int, slug: str | None = None) -> ResponseReturnValue:
    # A visitor's page is kept by a stamp of what it shows (the job, its organization, offices
    # and questions, whether it is still open), read in one statement: the job is loaded only
    # to render the page, or for someone signed in, whose page is their own.
    etag = None
    if conditional.is_visitor() and (shown := job_rules.visitors_page_stamp(job_id)):
        etag = conditional.visitor_etag("job", shown)
        if (unchanged := conditional.not_modified(etag)) is not None:
            return unchanged
    job = get_or_404(Job, job_id, allowed=lambda job: job_rules.can_view(current_user, job))
    page = make_response(render_template("jobs/job.html", **job_context(job)))
    return conditional.shared(page, etag)


def job_context(job: Job, preview: bool = False) -> dict[str, object]:
    visible = job.is_public()
    viewer_tz = viewer_timezone()
    member = is_member(current_user, job.organization)
    return {
        "job": job,
        "org": job.organization,
        "visible": visible,
        "closed": job_rules.is_closed_to_applicants(job),
        "preview": preview,
        "is_member": member,
        "description_html": render_markdown(job.description),
        "jsonld": script_json(job_posting(job)) if visible and not preview else None,
        "canonical_url": job_text.external_job_url(job),
        "schedule_lines": job_text.schedule_lines(job, viewer_tz),
        "hours_text": job_text.hours_text(job),
        "viewer_tz": viewer_tz,
        "applicant_places": job_text.applicant_places(job),
        "place_text": job_text.place_text(job),
        "pay_text": job_text.pay_text(job),
        "apply_endpoint": "applications.apply" in current_app.view_functions,
        # Counts the click, then sends the person on to `apply_url` (issue 6), when present.
        "external_apply_endpoint": "applications.external_apply" in current_app.view_functions,
        "hold_reasons": job_rules.hold_texts_for(current_user, job),
        "required_text": job_rules.format_credential_groups(job.required_credentials or []),
        "my_application": None if preview else _my_application(job),
        "my_match": None if preview else _my_match(job),
    }


def _my_match(job: Job) -> MatchResult | None:
    """How the signed-in seeker matches the job ("How you match"); None for visitors, employers,
    administrators, seekers without a profile yet, and jobs closed to applicants."""
    if not (current_user.is_authenticated and current_user.is_seeker):
        return None
    if job_rules.is_closed_to_applicants(job):
        return None
    profile = profile_of(acting_user())
    if profile is None:
        return None
    return match(job.facts(), profile.facts(), utcnow().date())


def _my_application(job: Job) -> Application | None:
    """The seeker's own application to this job (not withdrawn): the page says so."""
    application = application_for(current_user, job.id)
    return application if application and application.stage != Stage.WITHDRAWN else None


def _report_key() -> str:
    # Per address for everyone; signed-in people are also limited per account.
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{request.remote_addr}"


@bp.route("/jobs/<int:job_id>/report", methods=["GET", "POST"])
@limiter.limit("5 per hour; 20 per day", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_report_key)
def report(job_id: int) -> ResponseReturnValue:
    job = get_or_404(Job, job_id, allowed=lambda job: job_rules.can_view(current_user, job))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report_job(
                signed_in_user(),
                job,
                form.reason.data,
                form.details.data or "",
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(
                _(
                    "Thank you. A moderator will look at this job. If you already paid "
                    "someone, contact your bank and the police."
                ),
                "success",
            )
            return redirect(job_text.job_url(job))
    return render_template("jobs/report.html", job=job, form=form)


@bp.route("/messages/<int:message_id>/report", methods=["GET", "POST"])
@role_required(Role.SEEKER)
@limiter.limit("5 per hour; 20 per day", methods=["POST"], key_func=_report_key)
def report_message(message_id: int) -> ResponseReturnValue:
    """A seeker reports one message an employer sent them (it counts as first-hand)."""
    message = moderation.reportable_message(acting_user(), message_id)
    job = message.application.job
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report_job(
                acting_user(), job, form.reason.data, form.details.data or "", message=message
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(
                _(
                    "Thank you. A moderator will read this message. Do not pay anything; if "
                    "you already paid someone, contact your bank and the police."
                ),
                "success",
            )
            return redirect(
                url_for(
                    "applications.detail",
                    application_id=message.application_id,
                    _anchor="messages",
                )
            )
    status = 400 if form.errors else 200
    return render_template("jobs/report.html", job=job, form=form, message=message), status


@bp.route("/jobs/feed.xml")
def feed() -> ResponseReturnValue:
    jobs = job_rules.newest_public_jobs(50)
    updated = max((j.updated_at for j in jobs), default=utcnow())
    body = atom_feed(
        jobs,
        self_url=current_app.config["SERVER_URL"] + url_for("jobs.feed"),
        home_url=current_app.config["SERVER_URL"] + url_for("main.index"),
        updated=updated,
    )
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
