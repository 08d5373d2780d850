"""Saved searches and their e-mail alerts (unsubscribing is in the `emails` blueprint)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.blueprints.alerts.forms import EditSearchForm, SaveSearchForm
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import limiter
from portal.forms import ActionForm, show_error
from portal.models import EmailKind, Role
from portal.services import alerts as service
from portal.services import email_preferences
from portal.web.permissions import acting_user, role_required

bp = Blueprint("alerts", __name__, url_prefix="/alerts")


@bp.route("/")
@role_required(Role.SEEKER, Role.EMPLOYER)
def index() -> ResponseReturnValue:
    searches = service.saved_searches(acting_user())
    forms = {
        s.id: EditSearchForm(
            formdata=None, prefix=f"s{s.id}", name=s.name, frequency=s.frequency.value
        )
        for s in searches
    }
    return render_template("alerts/index.html", searches=searches, forms=forms)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.SEEKER, Role.EMPLOYER)
def new() -> ResponseReturnValue:
    user = acting_user()
    form = SaveSearchForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind", "jobs")
        form.query.data = service.normalize_query(request.args.get("query", ""))
        form.name.data = (
            service.describe(form.kind.data, form.query.data)
            if form.kind.data
            in (
                "jobs",
                "candidates",
            )
            else ""
        )
    elif form.validate():
        try:
            search = service.save_search(
                user,
                form.kind.data or "",
                form.query.data or "",
                form.name.data or "",
                form.frequency.data,
            )
        except (ValidationFailed, PermissionDenied) as error:
            show_error(form, error)
        else:
            if search.is_active:
                flash(
                    _("Search saved. We will e-mail you new results %(when)s.",
                      when=str(service.FREQUENCY_LABELS[search.frequency]).lower()),
                    "success",
                )  # fmt: skip
            else:
                flash(_("Search saved."), "success")
            return redirect(url_for("alerts.index"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("alerts/new.html", form=form), status


@bp.route("/<int:search_id>", methods=["POST"])
@role_required(Role.SEEKER, Role.EMPLOYER)
def update(search_id: int) -> ResponseReturnValue:
    user = acting_user()
    search = service.own_search(user, search_id)
    form = EditSearchForm(prefix=f"s{search.id}")
    if form.validate():
        service.update_search(user, search.id, form.name.data or "", form.frequency.data)
        flash(_("Saved."), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("alerts.index"))


@bp.route("/<int:search_id>/delete", methods=["POST"])
@role_required(Role.SEEKER, Role.EMPLOYER)
def delete(search_id: int) -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    service.delete_search(acting_user(), search_id)
    flash(_("Saved search deleted."), "success")
    return redirect(url_for("alerts.index"))


@bp.route("/unsubscribe/<token>")
@limiter.limit("30 per minute")
def unsubscribe(token: str) -> ResponseReturnValue:
    """Links in digests sent before e-mail choices existed: the same page as today's links."""
    search = service.search_for_legacy_token(token)
    if search is None:
        return render_template("emails/link_invalid.html"), 404
    new_token = email_preferences.unsubscribe_token(search.user, EmailKind.ALERTS, search)
    return redirect(url_for("emails.unsubscribe", token=new_token))
