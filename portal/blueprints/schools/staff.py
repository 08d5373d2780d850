"""A school's staff: who acts for the school, inviting colleagues, accepting an invitation."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.blueprints.schools.forms import InviteStaffForm
from portal.blueprints.schools.views import bp
from portal.errors import Conflict, PermissionDenied, ValidationFailed
from portal.forms import ActionForm, show_error
from portal.models import Role, SchoolRole, school_role
from portal.services import school_staff
from portal.web.permissions import acting_user, role_required


@bp.route("/staff", methods=["GET", "POST"])
@role_required(Role.SCHOOL)
def staff() -> ResponseReturnValue:
    user = acting_user()
    school = school_staff.require_staff(user)
    is_owner = school_role(user, school) == SchoolRole.OWNER
    form = InviteStaffForm()
    if is_owner and form.validate_on_submit():
        try:
            school_staff.invite_staff(user, form.email.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("We e-mailed %(email)s an invitation.", email=form.email.data), "success")
            return redirect(url_for("schools.staff"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "schools/staff.html",
        school=school,
        form=form,
        is_owner=is_owner,
        people=school_staff.staff(school),
        invitations=school_staff.open_invitations(school) if is_owner else [],
    ), status


@bp.route("/staff/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@role_required(Role.SCHOOL)
def withdraw_staff_invitation(invitation_id: int) -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        school_staff.revoke_invitation(acting_user(), invitation_id)
        flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("schools.staff"))


@bp.route("/staff/<int:user_id>/remove", methods=["POST"])
@role_required(Role.SCHOOL)
def remove_staff(user_id: int) -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        school_staff.remove_staff(acting_user(), user_id)
        flash(_("They no longer act for your school."), "success")
    return redirect(url_for("schools.staff"))


@bp.route("/staff/<int:user_id>/make-owner", methods=["POST"])
@role_required(Role.SCHOOL)
def make_owner(user_id: int) -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        school_staff.make_owner(acting_user(), user_id)
        flash(_("They are now an owner of the school."), "success")
    return redirect(url_for("schools.staff"))


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str) -> ResponseReturnValue:
    """The link in a staff invitation: accept it with the invited school account."""
    invitation = school_staff.invitation_for_token(token)
    if invitation is None:
        return render_template("schools/join.html", invitation=None), 404
    form = ActionForm()
    if current_user.is_authenticated and form.validate_on_submit():
        try:
            school = school_staff.accept_invitation(acting_user(), invitation)
        except (PermissionDenied, Conflict) as error:
            flash(error.message, "error")
        else:
            flash(_("Welcome to the staff of %(school)s.", school=school.name), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("schools/join.html", invitation=invitation, form=form, token=token)
