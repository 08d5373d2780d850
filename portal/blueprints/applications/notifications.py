"""The notification list of seekers and employers: open one, or mark them all read."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.blueprints.applications.views import bp
from portal.forms import ActionForm
from portal.models import Role
from portal.services import notifications as notification_service
from portal.web.permissions import acting_user, role_required


@bp.route("/notifications")
@role_required(Role.SEEKER, Role.EMPLOYER)
def notifications() -> ResponseReturnValue:
    items = notification_service.notifications_for(acting_user())
    return render_template(
        "applications/notifications.html",
        notifications=[(n, notification_service.text(n)) for n in items],
    )


@bp.route("/notifications/<int:notification_id>", methods=["POST"])
@role_required(Role.SEEKER, Role.EMPLOYER)
def open_notification(notification_id: int) -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    target = notification_service.open_notification(acting_user(), notification_id)
    return redirect(target)


@bp.route("/notifications/read", methods=["POST"])
@role_required(Role.SEEKER, Role.EMPLOYER)
def read_notifications() -> ResponseReturnValue:
    if not ActionForm().validate():
        abort(400)
    notification_service.mark_all_read(acting_user())
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("applications.notifications"))
