"""The employer's side: all applicants, a job's pipeline, moving applicants between stages, and
one applicant's page (notes, rating, messages)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.blueprints.applications.forms import MessageForm, MoveForm, NoteForm, RatingForm
from portal.blueprints.applications.views import CHECKED_BEFORE_DELIVERY, bp
from portal.errors import ValidationFailed
from portal.forms import Form, show_error
from portal.models import Application, Role, Stage
from portal.models.application import stage_label
from portal.services import applications as service
from portal.services import messages as message_service
from portal.web.permissions import acting_user, role_required, safe_back


@bp.route("/employer/applicants")
@role_required(Role.EMPLOYER)
def overview() -> ResponseReturnValue:
    return render_template(
        "applications/overview.html", jobs=service.organization_overview(acting_user())
    )


@bp.route("/employer/jobs/<int:job_id>/applicants")
@role_required(Role.EMPLOYER)
def pipeline(job_id: int) -> ResponseReturnValue:
    query = service.PipelineQuery.parse(
        request.args.get("stage"), request.args.get("sort"), request.args.get("page")
    )
    found = service.pipeline(acting_user(), job_id, query)
    return render_template(
        "applications/pipeline.html",
        found=found,
        job=found.job,
        stages=list(Stage),
        form=MoveForm(),
    )


def _application_ids() -> list[int]:
    """The ticked applicants; anything but a number is a broken form (400)."""
    ids = []
    for raw in request.form.getlist("application_ids"):
        try:
            ids.append(int(raw))
        except ValueError:
            abort(400)
    return ids


@bp.route("/employer/jobs/<int:job_id>/applicants/move", methods=["POST"])
@role_required(Role.EMPLOYER)
def move(job_id: int) -> ResponseReturnValue:
    form = MoveForm()
    target = safe_back(url_for("applications.pipeline", job_id=job_id))
    if not form.validate():
        flash(_("Choose the stage to move them to."), "error")
        return redirect(target)
    ids = _application_ids()
    try:
        result = service.move(
            acting_user(),
            ids,
            form.stage.data or "",
            job_id=job_id,
            email_rejection=bool(form.email_rejection.data),
        )
    except ValidationFailed as error:
        flash(error.message, "error")
        return redirect(target)
    if result.moved:
        flash(
            _(
                "Moved %(n)s to “%(stage)s”.",
                n=len(result.moved),
                stage=stage_label(form.stage.data or ""),
            ),
            "success",
        )
    if result.unchanged:
        flash(
            _("%(n)s were already there or withdrew, so they stayed.", n=len(result.unchanged)),
            "info",
        )
    return redirect(target)


def _applicant_page(
    application: Application, status: int = 200, **forms: Form
) -> ResponseReturnValue:
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
def applicant(application_id: int) -> ResponseReturnValue:
    application = service.employer_application(acting_user(), application_id)
    return _applicant_page(application)


@bp.route("/employer/applicants/<int:application_id>/notes", methods=["POST"])
@role_required(Role.EMPLOYER)
def add_note(application_id: int) -> ResponseReturnValue:
    application = service.employer_application(acting_user(), application_id)
    form = NoteForm()
    if form.validate():
        try:
            service.add_note(acting_user(), application.id, form.body.data or "")
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
def rate(application_id: int) -> ResponseReturnValue:
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
def employer_message(application_id: int) -> ResponseReturnValue:
    application = service.employer_application(acting_user(), application_id)
    form = MessageForm()
    if form.validate():
        try:
            sent = message_service.send_message(
                acting_user(), application.id, form.body.data or "", form.submission.data
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
