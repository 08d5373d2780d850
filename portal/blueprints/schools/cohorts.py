"""Courses and cohorts, importing a cohort's graduates from CSV, and jobs for them."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal import taxonomy
from portal.blueprints.schools.forms import CohortForm, CourseForm, ImportForm
from portal.blueprints.schools.views import bp
from portal.errors import Conflict, PermissionDenied, ValidationFailed
from portal.forms import ActionForm, show_error
from portal.models import Role
from portal.services import graduate_claims, graduate_import, placement, school_staff
from portal.web.permissions import acting_user, role_required, safe_back

PREVIEW_VALID_ROWS = 50


@bp.route("/courses", methods=["GET", "POST"])
@role_required(Role.SCHOOL)
def courses() -> ResponseReturnValue:
    user = acting_user()
    school = school_staff.require_staff(user)
    form = CourseForm()
    if form.validate_on_submit():
        try:
            placement.add_course(
                user,
                form.name.data or "",
                form.credential.data,
                form.weeks.data,
                form.description.data or "",
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("Course added."), "success")
            return redirect(url_for("schools.courses"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("schools/courses.html", school=school, form=form), status


@bp.route("/cohorts")
@role_required(Role.SCHOOL)
def cohorts() -> ResponseReturnValue:
    school = school_staff.require_staff(acting_user())
    listed = placement.cohorts(school)
    return render_template(
        "schools/cohorts.html",
        school=school,
        rows=list(zip(listed, placement.cohort_outcomes(listed), strict=True)),
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required(Role.SCHOOL)
def new_cohort() -> ResponseReturnValue:
    user = acting_user()
    school = school_staff.require_staff(user)
    form = CohortForm()
    form.course_id.choices = [("", _("No course"))] + [
        (str(course.id), course.name) for course in school.courses
    ]
    if form.validate_on_submit():
        try:
            cohort = placement.add_cohort(
                user,
                form.name.data or "",
                int(form.course_id.data) if form.course_id.data else None,
                form.credential.data or "",
                form.starts_on.data,
                form.graduates_on.data,
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(
                _("Cohort “%(name)s” added. Now import its graduates.", name=cohort.name), "success"
            )
            return redirect(url_for("schools.import_graduates", cohort_id=cohort.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("schools/cohort_new.html", school=school, form=form), status


@bp.route("/cohorts/<int:cohort_id>")
@role_required(Role.SCHOOL)
def cohort(cohort_id: int) -> ResponseReturnValue:
    group = placement.cohort_of(acting_user(), cohort_id)
    return render_template(
        "schools/cohort.html",
        cohort=group,
        graduates=placement.graduates_of(group),
        outcome=placement.cohort_outcomes([group])[0],
        credential=taxonomy.CREDENTIALS[group.credential],
    )


@bp.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@role_required(Role.SCHOOL)
def import_graduates(cohort_id: int) -> ResponseReturnValue:
    user = acting_user()
    group = placement.cohort_of(user, cohort_id)
    form = ImportForm()
    if group.school.is_verified and form.validate_on_submit():
        upload = form.file.data
        try:
            pending = graduate_import.upload(user, group.id, upload.filename, upload.read())
        except ValidationFailed as error:
            show_error(form, error)
        else:
            return redirect(url_for("schools.import_preview", import_id=pending.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("schools/import.html", cohort=group, form=form), status


@bp.route("/import-template.csv")
@role_required(Role.SCHOOL)
def import_template() -> ResponseReturnValue:
    return Response(
        graduate_import.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=graduates-template.csv"},
    )


@bp.route("/imports/<int:import_id>")
@role_required(Role.SCHOOL)
def import_preview(import_id: int) -> ResponseReturnValue:
    pending = graduate_import.pending_import(acting_user(), import_id)
    problems = [row for row in pending.rows if row["problems"]]
    valid = [row for row in pending.rows if not row["problems"]]
    return render_template(
        "schools/import_preview.html",
        pending=pending,
        problems=problems,
        valid=valid[:PREVIEW_VALID_ROWS],
        valid_count=len(valid),
        form=ActionForm(),
    )


@bp.route("/imports/<int:import_id>/confirm", methods=["POST"])
@role_required(Role.SCHOOL)
def confirm_import(import_id: int) -> ResponseReturnValue:
    user = acting_user()
    pending = graduate_import.pending_import(user, import_id)
    if ActionForm().validate_on_submit():
        try:
            count = graduate_import.confirm(user, import_id)
        except (Conflict, PermissionDenied) as error:
            flash(error.message, "error")
            return redirect(url_for("schools.import_graduates", cohort_id=pending.cohort_id))
        flash(
            _(
                "%(n)s graduates imported. Each will get an e-mail with a link to claim the "
                "profile within a few minutes.",
                n=count,
            ),
            "success",
        )
    return redirect(url_for("schools.cohort", cohort_id=pending.cohort_id))


@bp.route("/graduates/<int:graduate_id>/resend", methods=["POST"])
@role_required(Role.SCHOOL)
def resend_claim(graduate_id: int) -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        try:
            graduate = graduate_claims.resend(acting_user(), graduate_id)
        except (Conflict, PermissionDenied) as error:
            flash(error.message, "error")
        else:
            flash(_("We e-mailed %(name)s a new link.", name=graduate.name), "success")
            return redirect(url_for("schools.cohort", cohort_id=graduate.cohort_id))
    return redirect(safe_back(url_for("schools.cohorts"), or_referrer=True))


@bp.route("/cohorts/<int:cohort_id>/jobs")
@role_required(Role.SCHOOL)
def cohort_jobs(cohort_id: int) -> ResponseReturnValue:
    group = placement.cohort_of(acting_user(), cohort_id)
    share_url = url_for("search.jobs", new_grads="1", credential=group.credential, _external=True)
    return render_template(
        "schools/cohort_jobs.html",
        cohort=group,
        listed=placement.jobs_for_cohort(group),
        share_url=share_url,
    )
