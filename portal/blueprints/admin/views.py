"""Administration: find accounts, disable or re-enable them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.forms import ActionForm, requested_page
from portal.models import Role, User
from portal.services import accounts
from portal.web.permissions import acting_user, get_or_404, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")

PER_PAGE = 50


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    query = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    stmt = sa.select(User).order_by(User.created_at.desc())
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.name).like(like), User.email.like(like)))
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(role))
    page = db.paginate(stmt, page=requested_page(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, q=query, role=role, roles=list(Role))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@role_required(Role.ADMIN)
def disable_user(user_id: int) -> ResponseReturnValue:
    user = get_or_404(User, user_id)
    if ActionForm().validate_on_submit():
        if user.id == current_user.id:
            flash(_("You cannot disable your own account."), "error")
        else:
            disabled = not user.is_active
            accounts.set_disabled(user, not disabled, by=acting_user())
            if disabled:
                flash(_("%(email)s can log in again.", email=user.email), "success")
            else:
                flash(
                    _("%(email)s is disabled and logged out everywhere.", email=user.email),
                    "success",
                )
    return redirect(url_for("admin.users", q=request.args.get("q", "")))
