"""The employer's side of jobs: the posting steps, the check-your-answers preview, publishing,
closing, renewing, duplicating and deleting, and the organization's job list."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.blueprints.jobs.forms import RenewForm, StepForm
from portal.blueprints.jobs.present import job_answers
from portal.blueprints.jobs.step_forms import STEP_FORMS, PayForm
from portal.blueprints.jobs.views import bp, job_context
from portal.errors import DomainError, ValidationFailed
from portal.forms import ActionForm, Form, show_error
from portal.models import (
    Job,
    JobStatus,
    Organization,
    Role,
    organization_of,
)
from portal.services import jobs as job_rules
from portal.services.applications import applicant_counts
from portal.services.organizations import is_member
from portal.web.permissions import (
    acting_user,
    get_or_404,
    role_required,
    safe_back,
)

# Employer: posting steps --------------------------------------------------------------------


def _organization_or_redirect() -> Organization | None:
    org = organization_of(acting_user())
    if org is None:
        flash(_("First tell us about your organization. Then you can post jobs."), "info")
    return org


def _member_job(job_id: int) -> Job:
    return get_or_404(Job, job_id, allowed=lambda job: is_member(acting_user(), job.organization))


def _show_problems(form: Form, error: DomainError, skip_fields_with_errors: bool = False) -> None:
    problems = getattr(error, "problems", None) or [(error.field, error.message)]
    aliases = {"applicant_regions": "applicant_us_states", "offices": "office1_city"}
    for field, message in problems:
        name = aliases.get(field, field)
        if skip_fields_with_errors and name and getattr(getattr(form, name, None), "errors", None):
            continue
        show_error(form, ValidationFailed(message, field=name))


def _show_rule_problems(form: StepForm) -> None:
    """The form found typing mistakes: list the step's other problems too, so the person sees
    every problem at once instead of one round at a time."""
    try:
        job_rules.check_step(form.to_input())
    except ValidationFailed as error:
        _show_problems(form, error, skip_fields_with_errors=True)


def _render_step(
    step: str, form: StepForm, job: Job | None, status: int = 200
) -> ResponseReturnValue:
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


def _after_save(job: Job, step: str) -> ResponseReturnValue:
    if request.args.get("from") == "preview" or step == job_rules.STEPS[-1]:
        return redirect(url_for("jobs.preview", job_id=job.id))
    next_step = job_rules.STEPS[job_rules.STEPS.index(step) + 1]
    return redirect(url_for("jobs.edit_step", job_id=job.id, step=next_step))


@bp.route("/employer/jobs/new", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def new_job() -> ResponseReturnValue:
    if _organization_or_redirect() is None:
        return redirect(url_for("employers.new_organization"))
    form = STEP_FORMS["basics"]()
    if form.validate_on_submit():
        try:
            job = job_rules.save_step(acting_user(), None, form.to_input())
        except ValidationFailed as error:
            _show_problems(form, error)
        else:
            return _after_save(job, "basics")
    elif request.method == "POST":
        _show_rule_problems(form)
    return _render_step("basics", form, None)


@bp.route("/employer/jobs/<int:job_id>")
@role_required(Role.EMPLOYER)
def resume(job_id: int) -> ResponseReturnValue:
    """Back to where the person stopped: the next step to fill in, or the preview."""
    job = _member_job(job_id)
    if job.last_step in job_rules.STEPS and job.status in job_rules.EDITABLE:
        return redirect(url_for("jobs.edit_step", job_id=job.id, step=job.last_step))
    return redirect(url_for("jobs.preview", job_id=job.id))


@bp.route("/employer/jobs/<int:job_id>/edit/<step>", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def edit_step(job_id: int, step: str) -> ResponseReturnValue:
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
        form.fill(job_rules.saved_input(job))
        if isinstance(form, PayForm) and job.pay_currency is None:
            form.pay_currency.data, form.pay_period.data = job_rules.pay_defaults(job.organization)
    elif form.validate_on_submit():
        was_live = job.status == JobStatus.PUBLISHED
        try:
            job_rules.save_step(acting_user(), job, form.to_input())
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
        _show_rule_problems(form)
    return _render_step(step, form, job)


@bp.route("/employer/jobs/<int:job_id>/preview")
@role_required(Role.EMPLOYER)
def preview(job_id: int) -> ResponseReturnValue:
    job = _member_job(job_id)
    context = job_context(job, preview=True)
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
        answers=job_answers(job),
        renew_form=RenewForm(),
        will_be_checked=job.status in (JobStatus.DRAFT, JobStatus.REJECTED)
        and bool(job_rules.hold_reasons(job)),
    )


def _action(job_id: int) -> Job:
    job = _member_job(job_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return job


@bp.route("/employer/jobs/<int:job_id>/publish", methods=["POST"])
@role_required(Role.EMPLOYER)
def publish(job_id: int) -> ResponseReturnValue:
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
def close(job_id: int) -> ResponseReturnValue:
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
def filled(job_id: int) -> ResponseReturnValue:
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
def renew(job_id: int) -> ResponseReturnValue:
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
def duplicate(job_id: int) -> ResponseReturnValue:
    job = _action(job_id)
    twin = job_rules.duplicate(acting_user(), job)
    flash(_("This is a copy of the job, saved as a draft. Check it, then publish it."), "success")
    return redirect(url_for("jobs.preview", job_id=twin.id))


@bp.route("/employer/jobs/<int:job_id>/delete", methods=["POST"])
@role_required(Role.EMPLOYER)
def delete(job_id: int) -> ResponseReturnValue:
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
def employer_jobs() -> ResponseReturnValue:
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
def bulk_close() -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("job_ids") if i.isdigit()][:500]
    if not ids:
        flash(_("Choose the jobs to close first."), "error")
    else:
        closed = job_rules.bulk_close(acting_user(), ids)
        flash(ngettext("%(num)d job closed.", "%(num)d jobs closed.", closed), "success")
    return redirect(safe_back(url_for("jobs.employer_jobs")))
