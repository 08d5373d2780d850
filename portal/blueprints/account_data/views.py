"""Your data: download everything the portal holds about you, or delete your account."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required, logout_user

from portal.blueprints.account_data.forms import DeleteAccountForm
from portal.errors import ValidationFailed
from portal.extensions import limiter
from portal.forms import show_error
from portal.services import account_data
from portal.web.permissions import acting_user

bp = Blueprint("account_data", __name__, url_prefix="/account")


@bp.route("/data")
@login_required
def overview() -> ResponseReturnValue:
    return render_template("account_data/overview.html", form=DeleteAccountForm())


@bp.route("/data/export.zip")
@login_required
@limiter.limit("10 per hour")
def export() -> ResponseReturnValue:
    archive = account_data.export_archive(acting_user())
    response = Response(archive, mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="codermatch-my-data.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/delete", methods=["POST"])
@login_required
@limiter.limit("10 per hour")
def delete() -> ResponseReturnValue:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            account_data.delete_account(acting_user(), form.password.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        else:
            logout_user()
            flash(_("Your account and your data are deleted. Thank you for using us."), "success")
            return redirect(url_for("main.index"))
    return render_template("account_data/overview.html", form=form), 400
