"""Applying, "My applications", invitations, messages, notifications, and the employer's
pipeline. Views parse the request, call `services.applications` / `messages` /
`notifications`, and render; the services decide who may do what (others' objects are 404)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from portal import uploads
from portal.blueprints.applications import bp
from portal.blueprints.applications.forms import (
    InviteForm,
    MessageForm,
    MoveForm,
    NoteForm,
    RatingForm,
    apply_form_for,
)
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import limiter
from portal.forms import ActionForm, show_error
from portal.models import Role, Stage, utcnow
from portal.models.profile_view import profile_view_for
from portal.services import applications as service
from portal.services import messages as message_service
from portal.services import notifications as notification_service
from portal.services import profiles
from portal.web.permissions import acting_user, role_required, safe_back, signed_in_user


def _job_url(job) -> str:
    return url_for("jobs.job_page", job_id=job.id)


def _match_for(job, profile, distance_in_bands: bool = False):
    from portal.matching import match

    return match(
        job.facts(),
        profile.facts(),
        utcnow().date(),
        distance_in_bands=distance_in_bands,
    )


# Applying --------------------------------------------------------------------------------------


@bp.route("/jobs/<int:job_id>/apply", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
def apply(job_id: int):
    job = service.open_job(job_id)
    user = acting_user()
    existing = service.application_for(user, job.id)
    if existing is not None and existing.stage != Stage.WITHDRAWN:
        flash(_("You have already applied for this job. Here is your application."), "info")
        return redirect(url_for("applications.detail", application_id=existing.id))
    problem = service.apply_problem(user, job)
    if problem:
        flash(problem, "error")
        if user.is_seeker and profiles.profile_of(user) is None:
            return redirect(url_for("seekers.overview"))
        return redirect(_job_url(job))
    profile = profiles.profile_of(user)
    form = apply_form_for(job, bool(profile.resume_file))
    # The job page's button posts without `send`: that only opens this form.
    submitted = request.method == "POST" and form.send.data == "1"
    if submitted and form.validate():
        application = _send_application(user, job, form)
        if application is not None:
            return redirect(url_for("applications.sent", application_id=application.id))
    result = _match_for(job, profile)
    _name_unmet(form, result)
    page = render_template(
        "applications/apply.html",
        job=job,
        form=form,
        profile=profile,
        result=result,
        credential_alerts=profiles.credential_alerts(profile),
        chosen_file_lost=_chosen_file_lost(form),
    )
    return page, (400 if submitted and form.errors or form.form_errors else 200)


def _name_unmet(form, result) -> None:
    """A seeker who misses a hard requirement confirms it by name before applying."""
    if not result.eligible:
        form.confirm_unmet.label.text = _(
            "I do not meet this requirement and want to apply anyway: %(unmet)s",
            unmet=service.unmet_requirements(result),
        )


def _apply_input(form) -> service.ApplyInput:
    return service.ApplyInput(
        cover_note=form.cover_note.data or "",
        answers=form.answers(),
        resume=form.resume_choice.data or "none",
        confirm_unmet=bool(form.confirm_unmet.data),
    )


def _send_application(user, job, form):
    """Apply with a validated form; the application, or None with the problem on the form."""
    data = _apply_input(form)
    try:
        result = service.apply(user, job.id, data, getattr(form.resume_file, "checked", None))
    except ValidationFailed as error:
        show_error(form, error)
        return None
    return result.application


def _chosen_file_lost(form) -> bool:
    """A good résumé was chosen but another answer failed: the browser will not resend it."""
    return bool(form.errors) and getattr(form.resume_file, "checked", None) is not None


@bp.route("/applications/<int:application_id>/sent")
@role_required(Role.SEEKER)
def sent(application_id: int):
    """The confirmation after applying: a page to read calmly (and come back to), not a flash."""
    application = service.seeker_application(acting_user(), application_id)
    return render_template(
        "applications/sent.html",
        application=application,
        job=application.job,
        next_step=service.next_step(application.stage),
    )


@bp.route("/jobs/<int:job_id>/apply/external", methods=["GET", "POST"])
def external_apply(job_id: int):
    """Note the click, then send the person to the employer's own application page."""
    try:
        target = service.record_external_click(signed_in_user(), job_id)
    except ValidationFailed as error:
        flash(error.message, "error")
        return redirect(url_for("jobs.job_page", job_id=job_id))
    return redirect(target, code=303)


# Seeker: my applications -----------------------------------------------------------------------


@bp.route("/applications")
@role_required(Role.SEEKER)
def mine():
    user = acting_user()
    return render_template(
        "applications/mine.html",
        applications=service.seeker_applications(user),
        invitations=[i for i in service.seeker_invitations(user) if i.is_open],
    )


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def detail(application_id: int):
    user = acting_user()
    application = service.seeker_application(user, application_id)
    thread = message_service.thread_for(user, application.id)
    form = MessageForm()
    if request.method == "POST":
        if form.validate():
            try:
                message_service.send_message(
                    user, application.id, form.body.data, form.submission.data
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
        next_step=service.next_step(application.stage),
    ), (400 if form.errors else 200)


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@role_required(Role.SEEKER)
def withdraw(application_id: int):
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
def resume(application_id: int):
    application = service.resume_for_application(acting_user(), application_id)
    return uploads.send_stored(application.resume_file, application.resume_name)


# Said instead of what was flagged in a held message or invitation.
CHECKED_BEFORE_DELIVERY = _l("Our team checks this message before it is delivered.")


# Seeker: invitations ---------------------------------------------------------------------------


@bp.route("/invitations")
@role_required(Role.SEEKER)
def invitations():
    profile = profiles.profile_of(acting_user())
    return render_template(
        "applications/invitations.html",
        invitations=service.seeker_invitations(acting_user()),
        name_hidden=profile is None or profile.anonymous,
    )


def _invitation_page(invitation, form=None, status: int = 200):
    user = acting_user()
    problem = service.apply_problem(user, invitation.job)
    if form is None and problem is None:
        form = apply_form_for(invitation.job, bool(profiles.profile_of(user).resume_file))
    result = service.invitation_match(invitation)
    if form is not None:
        _name_unmet(form, result)
    return render_template(
        "applications/invitation.html",
        invitation=invitation,
        message=service.invitation_message_for_seeker(invitation),
        job=invitation.job,
        result=result,
        application=service.application_for(user, invitation.job_id),
        apply_problem=problem,
        form=form,
        chosen_file_lost=form is not None and _chosen_file_lost(form),
    ), status


@bp.route("/invitations/<int:invitation_id>")
@role_required(Role.SEEKER)
def invitation(invitation_id: int):
    return _invitation_page(service.seeker_invitation(acting_user(), invitation_id))


@bp.route("/invitations/<int:invitation_id>/accept", methods=["POST"])
@role_required(Role.SEEKER)
def accept_invitation(invitation_id: int):
    """Accept and apply in one step, as the invitation promises: the invitation page carries the
    job's questions, the note and the résumé choice. When the seeker cannot apply on the portal
    (an external job, no profile yet) accepting only reveals their name, and the page says why."""
    user = acting_user()
    invitation = service.seeker_invitation(user, invitation_id)
    job = invitation.job
    problem = service.apply_problem(user, job)
    form = None
    if problem is None:
        form = apply_form_for(job, bool(profiles.profile_of(user).resume_file))
        if not form.validate():
            return _invitation_page(invitation, form, 400)
        try:
            service.check_application(user, job, _apply_input(form))
        except ValidationFailed as error:
            show_error(form, error)
            return _invitation_page(invitation, form, 400)
    try:
        service.accept_invitation(user, invitation_id)
    except ValidationFailed as error:
        flash(error.message, "error")
        return redirect(url_for("applications.invitation", invitation_id=invitation_id))
    if form is None:
        flash(
            _(
                "You accepted. %(org)s can now see your name and contact details.",
                org=invitation.organization.name,
            ),
            "success",
        )
        return redirect(url_for("applications.invitation", invitation_id=invitation_id))
    application = _send_application(user, job, form)
    if application is None:
        return _invitation_page(invitation, form, 400)
    return redirect(url_for("applications.sent", application_id=application.id))


@bp.route("/invitations/<int:invitation_id>/decline", methods=["POST"])
@role_required(Role.SEEKER)
def decline_invitation(invitation_id: int):
    if not ActionForm().validate():
        abort(400)
    try:
        service.decline_invitation(acting_user(), invitation_id)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("You declined. The employer has been told, without your name."), "success")
    return redirect(url_for("applications.invitations"))


# Notifications (seekers and employers) -----------------------------------------------------------


@bp.route("/notifications")
@role_required(Role.SEEKER, Role.EMPLOYER)
def notifications():
    items = notification_service.notifications_for(acting_user())
    return render_template(
        "applications/notifications.html",
        notifications=[(n, notification_service.text(n)) for n in items],
    )


@bp.route("/notifications/<int:notification_id>", methods=["POST"])
@role_required(Role.SEEKER, Role.EMPLOYER)
def open_notification(notification_id: int):
    if not ActionForm().validate():
        abort(400)
    target = notification_service.open_notification(acting_user(), notification_id)
    return redirect(target)


@bp.route("/notifications/read", methods=["POST"])
@role_required(Role.SEEKER, Role.EMPLOYER)
def read_notifications():
    if not ActionForm().validate():
        abort(400)
    notification_service.mark_all_read(acting_user())
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("applications.notifications"))


# Employer: pipeline ----------------------------------------------------------------------------


@bp.route("/employer/applicants")
@role_required(Role.EMPLOYER)
def overview():
    return render_template(
        "applications/overview.html", jobs=service.organization_overview(acting_user())
    )


def _page_arg() -> int:
    try:
        return int(request.args.get("page", 1))
    except ValueError:
        return 1


@bp.route("/employer/jobs/<int:job_id>/applicants")
@role_required(Role.EMPLOYER)
def pipeline(job_id: int):
    found = service.pipeline(
        acting_user(),
        job_id,
        stage=request.args.get("stage"),
        sort=request.args.get("sort", "score"),
        page=_page_arg(),
    )
    return render_template(
        "applications/pipeline.html",
        found=found,
        job=found.job,
        stages=list(Stage),
        form=MoveForm(),
    )


@bp.route("/employer/jobs/<int:job_id>/applicants/move", methods=["POST"])
@role_required(Role.EMPLOYER)
def move(job_id: int):
    form = MoveForm()
    target = safe_back(url_for("applications.pipeline", job_id=job_id))
    if not form.validate():
        flash(_("Choose the stage to move them to."), "error")
        return redirect(target)
    ids = []
    for raw in request.form.getlist("application_ids"):
        try:
            ids.append(int(raw))
        except ValueError:
            abort(400)
    try:
        result = service.move(
            acting_user(),
            ids,
            form.stage.data,
            job_id=job_id,
            email_rejection=form.email_rejection.data,
        )
    except ValidationFailed as error:
        flash(error.message, "error")
        return redirect(target)
    if result.moved:
        flash(
            _(
                "Moved %(n)s to “%(stage)s”.",
                n=len(result.moved),
                stage=service.stage_label(form.stage.data),
            ),
            "success",
        )
    if result.unchanged:
        flash(
            _("%(n)s were already there or withdrew, so they stayed.", n=len(result.unchanged)),
            "info",
        )
    return redirect(target)


def _applicant_page(application, status: int = 200, **forms):
    user = acting_user()
    thread = message_service.thread_for(user, application.id)
    if request.method == "GET":
        message_service.mark_read(thread)
    context = {
        "application": application,
        "job": application.job,
        "applicant": service.applicant_view(user, application),
        "items": service.match_items(application),
        "thread": thread,
        "history": list(reversed(application.events)),
        "move_form": MoveForm(formdata=None, stage=application.stage.value),
        "note_form": forms.get("note_form") or NoteForm(formdata=None),
        "rating_form": forms.get("rating_form")
        or RatingForm(formdata=None, rating=str(application.rating or "")),
        "message_form": forms.get("message_form") or MessageForm(formdata=None),
    }
    return render_template("applications/applicant.html", **context), status


@bp.route("/employer/applicants/<int:application_id>")
@role_required(Role.EMPLOYER)
def applicant(application_id: int):
    application = service.employer_application(acting_user(), application_id)
    return _applicant_page(application)


@bp.route("/employer/applicants/<int:application_id>/notes", methods=["POST"])
@role_required(Role.EMPLOYER)
def add_note(application_id: int):
    application = service.employer_application(acting_user(), application_id)
    form = NoteForm()
    if form.validate():
        try:
            service.add_note(acting_user(), application.id, form.body.data)
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("Note added."), "success")
            return redirect(
                url_for("applications.applicant", application_id=application.id, _anchor="notes")
            )
    return _applicant_page(application, 400, note_form=form)


@bp.route("/employer/applicants/<int:application_id>/rating", methods=["POST"])
@role_required(Role.EMPLOYER)
def rate(application_id: int):
    application = service.employer_application(acting_user(), application_id)
    form = RatingForm()
    if form.validate():
        rating = int(form.rating.data) if form.rating.data else None
        try:
            service.set_rating(acting_user(), application.id, rating)
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("Rating saved."), "success")
            return redirect(url_for("applications.applicant", application_id=application.id))
    return _applicant_page(application, 400, rating_form=form)


@bp.route("/employer/applicants/<int:application_id>/messages", methods=["POST"])
@role_required(Role.EMPLOYER)
def employer_message(application_id: int):
    application = service.employer_application(acting_user(), application_id)
    form = MessageForm()
    if form.validate():
        try:
            sent = message_service.send_message(
                acting_user(), application.id, form.body.data, form.submission.data
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            if sent.held_at is not None:
                flash(CHECKED_BEFORE_DELIVERY, "success")
            else:
                flash(_("Your message was sent."), "success")
            return redirect(
                url_for("applications.applicant", application_id=application.id, _anchor="messages")
            )
    return _applicant_page(application, 400, message_form=form)


# Employer: invitations -------------------------------------------------------------------------


@bp.route("/employer/jobs/<int:job_id>/invite/<int:profile_id>", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
@limiter.limit("60 per hour", methods=["POST"])
def invite(job_id: int, profile_id: int):
    from portal.models import Profile
    from portal.services.jobs import member_job

    user = acting_user()
    job = member_job(user, job_id)
    from portal.extensions import db

    profile = db.session.get(Profile, profile_id)
    view = profile_view_for(user, profile)
    form = InviteForm()
    if request.method == "POST" and form.validate():
        try:
            sent = service.invite(user, job.id, profile.id, form.message.data or "")
        except (ValidationFailed, PermissionDenied) as error:
            show_error(form, error)
        else:
            if sent.held_at is not None:
                flash(CHECKED_BEFORE_DELIVERY, "success")
            else:
                flash(
                    _(
                        "Invitation sent. We will tell you when %(name)s answers.",
                        name=view.display_name,
                    ),
                    "success",
                )
            return redirect(safe_back(url_for("applications.organization_invitations")))
    return render_template(
        "applications/invite.html",
        job=job,
        view=view,
        form=form,
        left=service.invitations_left_today(job.organization_id),
        result=_match_for(job, profile, distance_in_bands=not view.identity),
    ), (400 if form.errors else 200)


@bp.route("/employer/candidate-invitations")
@role_required(Role.EMPLOYER)
def organization_invitations():
    return render_template(
        "applications/organization_invitations.html",
        invitations=service.organization_invitations(acting_user()),
    )
