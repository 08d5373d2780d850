"""The seeker's side: applying, the confirmation, "My applications" with each one's thread,
withdrawing, and the résumé sent with an application."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from portal import uploads
from portal.blueprints.applications.forms import ApplyForm, MessageForm, apply_form_for
from portal.blueprints.applications.views import bp
from portal.errors import ValidationFailed
from portal.extensions import limiter
from portal.forms import ActionForm, show_error
from portal.matching import MatchResult
from portal.models import Application, Job, Role, Stage, User
from portal.models.application import next_step
from portal.services import applications as service
from portal.services import messages as message_service
from portal.services import profiles
from portal.web.permissions import acting_user, role_required, signed_in_user

# The apply form, shared with accepting an invitation -----------------------------------------


def name_unmet(form: ApplyForm, result: MatchResult) -> None:
    """A seeker who misses a hard requirement confirms it by name before applying."""
    if not result.eligible:
        form.confirm_unmet.label.text = _(
            "I do not meet this requirement and want to apply anyway: %(unmet)s",
            unmet=service.unmet_requirements(result),
        )


def apply_input(form: ApplyForm) -> service.ApplyInput:
    return service.ApplyInput(
        cover_note=form.cover_note.data or "",
        answers=form.answers(),
        resume=form.resume_choice.data or "none",
        confirm_unmet=bool(form.confirm_unmet.data),
    )


def send_application(user: User, job: Job, form: ApplyForm) -> Application | None:
    """Apply with a validated form; the application, or None with the problem on the form."""
    try:
        result = service.apply(user, job.id, apply_input(form), form.resume_file.checked)
    except ValidationFailed as error:
        show_error(form, error)
        return None
    return result.application


def chosen_file_lost(form: ApplyForm) -> bool:
    """A good résumé was chosen but another answer failed: the browser will not resend it."""
    return bool(form.errors) and form.resume_file.checked is not None


# Applying ------------------------------------------------------------------------------------


@bp.route("/jobs/<int:job_id>/apply", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
def apply(job_id: int) -> ResponseReturnValue:
    job = service.open_job(job_id)
    user = acting_user()
    existing = service.application_for(user, job.id)
    if existing is not None and existing.stage != Stage.WITHDRAWN:
        flash(_("You have already applied for this job. Here is your application."), "info")
        return redirect(url_for("applications.detail", application_id=existing.id))
    problem = service.apply_problem(user, job)
    profile = profiles.profile_of(user)
    if problem:
        flash(problem, "error")
        if user.is_seeker and profile is None:
            return redirect(url_for("seekers.overview"))
        return redirect(url_for("jobs.job_page", job_id=job.id))
    assert profile is not None  # apply_problem refuses a seeker without a profile
    form = apply_form_for(job, bool(profile.resume_file))
    # The job page's button posts without `send`: that only opens this form.
    submitted = request.method == "POST" and form.send.data == "1"
    if submitted and form.validate():
        application = send_application(user, job, form)
        if application is not None:
            return redirect(url_for("applications.sent", application_id=application.id))
    result = service.current_match(job, profile)
    name_unmet(form, result)
    page = render_template(
        "applications/apply.html",
        job=job,
        form=form,
        profile=profile,
        result=result,
        credential_alerts=profiles.credential_alerts(profile),
        chosen_file_lost=chosen_file_lost(form),
    )
    return page, (400 if submitted and form.errors or form.form_errors else 200)


@bp.route("/applications/<int:application_id>/sent")
@role_required(Role.SEEKER)
def sent(application_id: int) -> ResponseReturnValue:
    """The confirmation after applying: a page to read calmly (and come back to), not a flash."""
    application = service.seeker_application(acting_user(), application_id)
    return render_template(
        "applications/sent.html",
        application=application,
        job=application.job,
        next_step=next_step(application.stage),
    )


@bp.route("/jobs/<int:job_id>/apply/external", methods=["GET", "POST"])
def external_apply(job_id: int) -> ResponseReturnValue:
    """Note the click, then send the person to the employer's own application page."""
    try:
        target = service.record_external_click(signed_in_user(), job_id)
    except ValidationFailed as error:
        flash(error.message, "error")
        return redirect(url_for("jobs.job_page", job_id=job_id))
    return redirect(target, code=303)


# My applications -----------------------------------------------------------------------------


@bp.route("/applications")
@role_required(Role.SEEKER)
def mine() -> ResponseReturnValue:
    user = acting_user()
    return render_template(
        "applications/mine.html",
        applications=service.seeker_applications(user),
        invitations=[i for i in service.seeker_invitations(user) if i.is_open],
    )


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def detail(application_id: int) -> ResponseReturnValue:
    user = acting_user()
    application = service.seeker_application(user, application_id)
    thread = message_service.thread_for(user, application.id)
    form = MessageForm()
    if request.method == "POST":
        if form.validate():
            try:
                message_service.send_message(
                    user, application.id, form.body.data or "", form.submission.data
                )
            except ValidationFailed as error:
                show_error(form, error)
            else:
                flash(_("Your message was sent."), "success")
                return redirect(
                    url_for(
                        "applications.detail", application_id=application.id, _anchor="messages"
                    )
                )
    else:
        message_service.mark_read(thread)
    return render_template(
        "applications/detail.html",
        application=application,
        thread=thread,
        timeline=service.seeker_timeline(application),
        form=form,
        next_step=next_step(application.stage),
    ), (400 if form.errors else 200)


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@role_required(Role.SEEKER)
def withdraw(application_id: int) -> ResponseReturnValue:
    form = ActionForm()
    if not form.validate():
        abort(400)
    try:
        service.withdraw(acting_user(), application_id)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("You withdrew your application. The employer has been told."), "success")
    return redirect(url_for("applications.detail", application_id=application_id))


@bp.route("/applications/<int:application_id>/resume")
@login_required
def resume(application_id: int) -> ResponseReturnValue:
    """The résumé sent with an application, for the seeker and the organization."""
    resume = service.resume_for_application(acting_user(), application_id)
    return uploads.send_stored(resume.stored_name, resume.download_name)
