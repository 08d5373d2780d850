"""Mail that has not gone out: failed messages and those still waiting, with a retry button."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal import mail
from portal.blueprints.admin.views import bp
from portal.forms import ActionForm
from portal.models import Role
from portal.web.permissions import role_required


@bp.route("/mail")
@role_required(Role.ADMIN)
def mail_queue() -> ResponseReturnValue:
    return render_template(
        "admin/mail.html", health=mail.mail_health(), messages=mail.undelivered()
    )


@bp.route("/mail/<int:message_id>/retry", methods=["POST"])
@role_required(Role.ADMIN)
def retry_mail(message_id: int) -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        if mail.retry(message_id):
            flash(_("The message will be sent again in a moment."), "success")
        else:
            flash(_("That message has already been sent."), "info")
    return redirect(url_for("admin.mail_queue"))
