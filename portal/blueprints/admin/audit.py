"""The audit log for administrators: newest first, filtered, fifty a page."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from portal.blueprints.admin.forms import AuditFilterForm
from portal.blueprints.admin.views import bp
from portal.forms import requested_page
from portal.models import Role
from portal.services import audit
from portal.web.permissions import role_required


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log() -> ResponseReturnValue:
    form = AuditFilterForm(request.args)
    valid = form.validate()
    filters = (
        audit.AuditFilter(
            action=form.action.data or "",
            actor=(form.actor.data or "").strip(),
            since=form.since.data,
            until=form.until.data,
        )
        if valid
        else audit.AuditFilter()
    )
    page, actors = audit.events(filters, requested_page())
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        actors=actors,
        labels=audit.ACTIONS,
        query=query,
    ), (200 if valid else 400)
