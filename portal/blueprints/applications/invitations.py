"""Invitations to apply: the employer invites a candidate from "best candidates" and follows
the answers; the seeker reads an invitation, accepts it (applying in the same step) or declines."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.blueprints.applications.forms import ApplyForm, InviteForm, apply_form_for
from portal.blueprints.applications.seeker import (
    apply_input,
    chosen_file_lost,
    name_unmet,
    send_application,
)
from portal.blueprints.applications.views import CHECKED_BEFORE_DELIVERY, bp
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import limiter
from portal.forms import ActionForm, show_error
from portal.models import Invitation, Role
from portal.services import applications as service
from portal.services import profiles
from portal.web.permissions import acting_user, role_required, safe_back

# The seeker ----------------------------------------------------------------------------------


@bp.route("/invitations")
@role_required(Role.SEEKER)
def invitations() -> ResponseReturnValue:
    user = acting_user()
    profile = profiles.profile_of(user)
    return render_template(
        "applications/invitations.html",
        invitations=service.seeker_invitations(user),
        name_hidden=profile is None or profile.anonymous,
    )


def _apply_form(invitation: Invitation) -> ApplyForm:
    profile = profiles.profile_of(acting_user())
    return apply_form_for(invitation.job, profile is not None and bool(profile.resume_file))


def _invitation_page(
    invitation: Invitation, form: ApplyForm | None = None, status: int = 200
) -> ResponseReturnValue:
    user = acting_user()
    problem = service.apply_problem(user, invitation.job)
    if form is None and problem is None:
        form = _apply_form(invitation)
    result = service.invitation_match(invitation)
    if form is not None:
        name_unmet(form, result)
    return render_template(
        "applications/invitation.html",
        invitation=invitation,
        message=service.invitation_message_for_seeker(invitation),
        job=invitation.job,
        result=result,
        application=service.application_for(user, invitation.job_id),
        apply_problem=problem,
        form=form,
        chosen_file_lost=form is not None and chosen_file_lost(form),
    ), status


@bp.route("/invitations/<int:invitation_id>")
@role_required(Role.SEEKER)
def invitation(invitation_id: int) -> ResponseReturnValue:
    return _invitation_page(service.seeker_invitation(acting_user(), invitation_id))


@bp.route("/invitations/<int:invitation_id>/accept", methods=["POST"])
@role_required(Role.SEEKER)
def accept_invitation(invitation_id: int) -> ResponseReturnValue:
    """Accept and apply in one step, as the invitation promises: the invitation page carries the
    job's questions, the note and the résumé choice. When the seeker cannot apply on the portal
    (an external job, no profile yet) accepting only reveals their name, and the page says why."""
    user = acting_user()
    invitation = service.seeker_invitation(user, invitation_id)
    job = invitation.job
    form = None
    if service.apply_problem(user, job) is None:
        form = _apply_form(invitation)
        if not form.validate():
            return _invitation_page(invitation, form, 400)
        try:
            service.check_application(user, job, apply_input(form))
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
    application = send_application(user, job, form)
    if application is None:
        return _invitation_page(invitation, form, 400)
    return redirect(url_for("applications.sent", application_id=application.id))


@bp.route("/invitations/<int:invitation_id>/decline", methods=["POST"])
@role_required(Role.SEEKER)
def decline_invitation(invitation_id: int) -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    try:
        service.decline_invitation(acting_user(), invitation_id)
    except ValidationFailed as error:
        flash(error.message, "error")
    else:
        flash(_("You declined. The employer has been told, without your name."), "success")
    return redirect(url_for("applications.invitations"))


# The employer --------------------------------------------------------------------------------


@bp.route("/employer/jobs/<int:job_id>/invite/<int:profile_id>", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
@limiter.limit("60 per hour", methods=["POST"])
def invite(job_id: int, profile_id: int) -> ResponseReturnValue:
    user = acting_user()
    target = service.invite_target(user, job_id, profile_id)
    job, view = target.job, target.view
    form = InviteForm()
    if request.method == "POST" and form.validate():
        try:
            sent = service.invite(user, job.id, target.profile.id, form.message.data or "")
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
        result=service.current_match(job, target.profile, distance_in_bands=not view.identity),
    ), (400 if form.errors else 200)


@bp.route("/employer/candidate-invitations")
@role_required(Role.EMPLOYER)
def organization_invitations() -> ResponseReturnValue:
    return render_template(
        "applications/organization_invitations.html",
        invitations=service.organization_invitations(acting_user()),
    )
