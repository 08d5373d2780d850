"""A training school: its page, and the graduates whose credentials it can verify."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.blueprints.schools.forms import SchoolForm
from portal.errors import ValidationFailed
from portal.forms import show_error
from portal.models import Role, school_of
from portal.services import schools
from portal.services.verification import same_person_or_staff
from portal.web.permissions import acting_user, role_required

bp = Blueprint("schools", __name__, url_prefix="/school")


@bp.route("/profile", methods=["GET", "POST"])
@role_required(Role.SCHOOL)
def edit() -> ResponseReturnValue:
    user = acting_user()
    school = school_of(user)
    was_verified = school is not None and school.is_verified
    form = SchoolForm(obj=school if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            school = schools.save_school(user, form.to_input())
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("Your school's page is saved."), "success")
            if was_verified and not school.is_verified:
                flash(
                    _(
                        "You changed your school's name or website, so our team checks it "
                        "again. Until then seekers cannot choose it."
                    ),
                    "warning",
                )
            return redirect(url_for("schools.graduates"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("schools/edit.html", form=form, school=school), status


@bp.route("/graduates")
@role_required(Role.SCHOOL)
def graduates() -> ResponseReturnValue:
    school = school_of(acting_user())
    if school is None:
        flash(_("First tell us about your school."), "info")
        return redirect(url_for("schools.edit"))
    graduates = schools.graduates(school)
    return render_template(
        "schools/graduates.html",
        school=school,
        graduates=graduates,
        staff={p.id for p in graduates if same_person_or_staff(school, p.user)},
        today=date.today(),
    )
