"""The public job page, "report this job", the Atom feed, and the employer's posting steps and
job list. The search page (/jobs) lives in the search area."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.blueprints.jobs import bp, present
from portal.blueprints.jobs.forms import STEP_FORMS, RenewForm, ReportForm
from portal.errors import DomainError, ValidationFailed
from portal.extensions import limiter
from portal.forms import ActionForm, show_error
from portal.i18n import viewer_timezone
from portal.matching import MatchResult, match
from portal.models import Job, JobStatus, Role, organization_of, utcnow
from portal.services import jobs as job_rules
from portal.services import moderation
from portal.services.applications import applicant_counts
from portal.services.organizations import is_member
from portal.services.profiles import profile_of
from portal.web import job_text
from portal.web.permissions import (
    acting_user,
    get_or_404,
    role_required,
    safe_back,
    signed_in_user,
)

# Public -------------------------------------------------------------------------------------


@bp.route("/jobs/<int:job_id>")
@bp.route("/jobs/<int:job_id>/<slug>")
def job_page(job_id: int, slug: str | None = None):
    job = get_or_404(Job, job_id, allowed=lambda job: job_rules.can_view(current_user, job))
    return render_template("jobs/job.html", **_job_context(job))


def _job_context(job: Job, preview: bool = False) -> dict:
    visible = job_rules.is_publicly_visible(job)
    viewer_tz = viewer_timezone()
    member = is_member(current_user, job.organization)
    return {
        "job": job,
        "org": job.organization,
        "visible": visible,
        "closed": job_rules.is_closed_to_applicants(job),
        "preview": preview,
        "is_member": member,
        "description_html": job_rules.render_markdown(job.description),
        "jsonld": present.script_json(present.job_posting(job))
        if visible and not preview
        else None,
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
        "hold_reasons": (
            [job_rules.hold_reason_text(r) for r in job.held_reasons or []]
            if getattr(current_user, "is_admin", False)
            else job_rules.employer_hold_texts(job.held_reasons or [])
            if member
            else []
        ),
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
    return match(job_rules.to_job_facts(job), profile.facts(), utcnow().date())


def _my_application(job: Job):
    """The seeker's own application to this job (not withdrawn): the page says so."""
    from portal.models import Stage
    from portal.services.applications import application_for

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
def report(job_id: int):
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
def report_message(message_id: int):
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
def feed():
    jobs = job_rules.newest_public_jobs(50)
    updated = max((j.updated_at for j in jobs), default=utcnow())
    body = present.atom_feed(
        jobs,
        self_url=current_app.config["SERVER_URL"] + url_for("jobs.feed"),
        home_url=current_app.config["SERVER_URL"] + url_for("main.index"),
        updated=updated,
    )
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


# Employer: posting steps --------------------------------------------------------------------


def _organization_or_redirect():
    org = organization_of(acting_user())
    if org is None:
        flash(_("First tell us about your organization. Then you can post jobs."), "info")
    return org


def _member_job(job_id: int) -> Job:
    return get_or_404(Job, job_id, allowed=lambda job: is_member(acting_user(), job.organization))


def _show_problems(form, error: DomainError, skip_fields_with_errors: bool = False) -> None:
    problems = getattr(error, "problems", None) or [(error.field, error.message)]
    aliases = {"applicant_regions": "applicant_us_states", "offices": "office1_city"}
    for field, message in problems:
        name = aliases.get(field, field)
        if skip_fields_with_errors and name and getattr(getattr(form, name, None), "errors", None):
            continue
        show_error(form, ValidationFailed(message, field=name))


def _show_rule_problems(step: str, form) -> None:
    """The form found typing mistakes: list the step's other problems too, so the person sees
    every problem at once instead of one round at a time."""
    try:
        job_rules.check_step(step, form.to_data())
    except ValidationFailed as error:
        _show_problems(form, error, skip_fields_with_errors=True)


def _render_step(step: str, form, job: Job | None, status: int = 200):
    return render_template(
        f"jobs/step_{step}.html",
        form=form,
        job=job,
        step=step,
        steps=job_rules.STEPS,
        step_titles=job_rules.STEP_TITLES,
        step_number=job_rules.STEPS.index(step) + 1,
        step_count=len(job_rules.STEPS),
        from_preview=request.args.get("from") == "preview",
    ), status


def _after_save(job: Job, step: str):
    if request.args.get("from") == "preview" or step == job_rules.STEPS[-1]:
        return redirect(url_for("jobs.preview", job_id=job.id))
    next_step = job_rules.STEPS[job_rules.STEPS.index(step) + 1]
    return redirect(url_for("jobs.edit_step", job_id=job.id, step=next_step))


@bp.route("/employer/jobs/new", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def new_job():
    if _organization_or_redirect() is None:
        return redirect(url_for("employers.new_organization"))
    form = STEP_FORMS["basics"]()
    if form.validate_on_submit():
        try:
            job = job_rules.save_step(acting_user(), None, "basics", form.to_data())
        except ValidationFailed as error:
            _show_problems(form, error)
        else:
            return _after_save(job, "basics")
    elif request.method == "POST":
        _show_rule_problems("basics", form)
    return _render_step("basics", form, None)


@bp.route("/employer/jobs/<int:job_id>")
@role_required(Role.EMPLOYER)
def resume(job_id: int):
    """Back to where the person stopped: the next step to fill in, or the preview."""
    job = _member_job(job_id)
    if job.last_step in job_rules.STEPS and job.status in job_rules.EDITABLE:
        return redirect(url_for("jobs.edit_step", job_id=job.id, step=job.last_step))
    return redirect(url_for("jobs.preview", job_id=job.id))


@bp.route("/employer/jobs/<int:job_id>/edit/<step>", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def edit_step(job_id: int, step: str):
    job = _member_job(job_id)
    if step not in STEP_FORMS:
        abort(404)
    if job.status not in job_rules.EDITABLE:
        flash(
            _("This job is closed and can no longer be changed. Duplicate it to post it again."),
            "info",
        )
        return redirect(url_for("jobs.preview", job_id=job.id))
    form = STEP_FORMS[step]()
    if request.method == "GET":
        saved = job_rules.job_step_data(job)[step]
        if step == "apply":
            expires = job.expires_at.date() if job.expires_at else job_rules.default_expiry().date()
            form.fill(saved, expires)
        else:
            form.fill(saved)
        if step == "pay" and job.pay_currency is None:
            form.pay_currency.data, form.pay_period.data = job_rules.pay_defaults(job.organization)
    elif form.validate_on_submit():
        was_live = job.status == JobStatus.PUBLISHED
        try:
            job_rules.save_step(acting_user(), job, step, form.to_data())
        except ValidationFailed as error:
            _show_problems(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("jobs.preview", job_id=job.id))
        else:
            if was_live and job.status == JobStatus.PENDING_REVIEW:
                flash(
                    _(
                        "Saved. The change needs a moderator's check, so the job is hidden "
                        "until then."
                    ),
                    "warning",
                )
            elif was_live:
                flash(_("Saved. The change is live."), "success")
            return _after_save(job, step)
    else:
        _show_rule_problems(step, form)
    return _render_step(step, form, job)


@bp.route("/employer/jobs/<int:job_id>/preview")
@role_required(Role.EMPLOYER)
def preview(job_id: int):
    job = _member_job(job_id)
    context = _job_context(job, preview=True)
    problems = (
        job_rules.publish_problems(job)
        if job.status in (JobStatus.DRAFT, JobStatus.REJECTED)
        else []
    )
    return render_template(
        "jobs/preview.html",
        **context,
        problems=problems,
        steps=job_rules.STEPS,
        step_titles=job_rules.STEP_TITLES,
        answers=present.job_answers(job),
        renew_form=RenewForm(),
        will_be_checked=job.status in (JobStatus.DRAFT, JobStatus.REJECTED)
        and bool(job_rules.hold_reasons(job)),
    )


def _action(job_id: int):
    job = _member_job(job_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return job


@bp.route("/employer/jobs/<int:job_id>/publish", methods=["POST"])
@role_required(Role.EMPLOYER)
def publish(job_id: int):
    job = _action(job_id)
    try:
        status = job_rules.publish(acting_user(), job)
    except ValidationFailed:
        # The preview lists each problem with a link to its step.
        flash(_("The job is not published yet: fix the problems listed below first."), "error")
        return redirect(url_for("jobs.preview", job_id=job.id))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("jobs.preview", job_id=job.id))
    if status == JobStatus.PUBLISHED:
        flash(_("Your job is published. Job seekers can find it now."), "success")
    else:
        flash(
            _(
                "Thank you. Your job waits for a quick check by a moderator; we will e-mail "
                "you when it is live."
            ),
            "info",
        )
    return redirect(url_for("jobs.preview", job_id=job.id))


@bp.route("/employer/jobs/<int:job_id>/close", methods=["POST"])
@role_required(Role.EMPLOYER)
def close(job_id: int):
    job = _action(job_id)
    try:
        job_rules.close(acting_user(), job)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The job is closed. It no longer takes applications."), "success")
    return redirect(url_for("jobs.preview", job_id=job.id))


@bp.route("/employer/jobs/<int:job_id>/filled", methods=["POST"])
@role_required(Role.EMPLOYER)
def filled(job_id: int):
    job = _action(job_id)
    try:
        job_rules.mark_filled(acting_user(), job)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Congratulations! The job is marked as filled."), "success")
    return redirect(url_for("jobs.preview", job_id=job.id))


@bp.route("/employer/jobs/<int:job_id>/renew", methods=["POST"])
@role_required(Role.EMPLOYER)
def renew(job_id: int):
    job = _member_job(job_id)
    form = RenewForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        expires = job_rules.renew(acting_user(), job, days=int(form.days.data))
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The job stays open until %(date)s.", date=expires.date().isoformat()), "success")
    return redirect(url_for("jobs.preview", job_id=job.id))


@bp.route("/employer/jobs/<int:job_id>/duplicate", methods=["POST"])
@role_required(Role.EMPLOYER)
def duplicate(job_id: int):
    job = _action(job_id)
    twin = job_rules.duplicate(acting_user(), job)
    flash(_("This is a copy of the job, saved as a draft. Check it, then publish it."), "success")
    return redirect(url_for("jobs.preview", job_id=twin.id))


@bp.route("/employer/jobs/<int:job_id>/delete", methods=["POST"])
@role_required(Role.EMPLOYER)
def delete(job_id: int):
    job = _action(job_id)
    try:
        job_rules.delete_draft(acting_user(), job)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("jobs.preview", job_id=job.id))
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("jobs.employer_jobs"))


# Employer: the job list ---------------------------------------------------------------------


@bp.route("/employer/jobs")
@role_required(Role.EMPLOYER)
def employer_jobs():
    org = _organization_or_redirect()
    if org is None:
        return redirect(url_for("employers.new_organization"))
    q = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "")
    listing = job_rules.organization_jobs(org, q=q, status=status)
    return render_template(
        "jobs/employer_jobs.html",
        org=org,
        listing=listing,
        q=q,
        status=status,
        job_counts=applicant_counts([job.id for job in listing.jobs]),
    )


@bp.route("/employer/jobs/close", methods=["POST"])
@role_required(Role.EMPLOYER)
def bulk_close():
    if not ActionForm().validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("job_ids") if i.isdigit()][:500]
    if not ids:
        flash(_("Choose the jobs to close first."), "error")
    else:
        closed = job_rules.bulk_close(acting_user(), ids)
        flash(ngettext("%(num)d job closed.", "%(num)d jobs closed.", closed), "success")
    return redirect(safe_back(url_for("jobs.employer_jobs")))
