"""A graduate claims the profile the school prepared, or leaves the school."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.blueprints.schools.forms import ClaimForm
from portal.blueprints.schools.views import bp
from portal.errors import Conflict, PermissionDenied, ValidationFailed
from portal.extensions import limiter
from portal.forms import ActionForm, show_error
from portal.models import Role
from portal.services import graduate_claims
from portal.web.permissions import acting_user, role_required


@bp.route("/claim/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def claim(token: str) -> ResponseReturnValue:
    graduate = graduate_claims.graduate_for_token(token)
    if graduate is None:
        return render_template("schools/claim.html", graduate=None), 404
    has_account = graduate_claims.account_for(graduate) is not None
    if has_account:
        join_form = ActionForm()
        if current_user.is_authenticated and join_form.validate_on_submit():
            try:
                graduate_claims.join_with_account(graduate, acting_user())
            except PermissionDenied as error:
                flash(error.message, "error")
            else:
                flash(
                    _("Your profile now shows %(school)s.", school=graduate.school.name), "success"
                )
                return redirect(url_for("seekers.overview"))
        return render_template(
            "schools/claim.html", graduate=graduate, has_account=True, form=join_form, token=token
        )
    form = ClaimForm(name=graduate.name)
    if form.validate_on_submit():
        try:
            user = graduate_claims.claim(graduate, form.name.data or "", form.password.data or "")
        except (ValidationFailed, Conflict) as error:
            show_error(form, error)
        else:
            session.clear()  # a fresh session on log-in (no fixation)
            login_user(user)
            flash(
                _("Welcome, %(name)s. Tell us when you can work, and employers can find you.",
                  name=user.name),
                "success",
            )  # fmt: skip
            return redirect(url_for("seekers.availability"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "schools/claim.html", graduate=graduate, has_account=False, form=form, token=token
    ), status


@bp.route("/leave", methods=["POST"])
@role_required(Role.SEEKER)
def leave() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        try:
            graduate_claims.leave_school(acting_user())
        except Conflict as error:
            flash(error.message, "error")
        else:
            flash(_("You left the school. Its staff no longer see your profile."), "success")
    return redirect(url_for("seekers.overview"))
