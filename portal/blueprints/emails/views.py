"""E-mail choices (logged in) and one-click unsubscribe from an e-mail (no login).

`POST /emails/unsubscribe/<token>` is what mail providers send for the List-Unsubscribe-Post
header (RFC 8058): no session, no CSRF token, so it is exempt from CSRF; the signed token is
the permission and the only thing it can do is stop e-mails. `GET` only shows a page with the
button, so a mail scanner that opens links unsubscribes nobody.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from portal.blueprints.emails.forms import EmailChoicesForm, ResubscribeForm
from portal.errors import NotFound, ValidationFailed
from portal.extensions import csrf, limiter
from portal.forms import ActionForm
from portal.services import email_preferences as service
from portal.web.permissions import acting_user

bp = Blueprint("emails", __name__, url_prefix="/emails")


@bp.route("/", methods=["GET", "POST"])
@login_required
def preferences() -> ResponseReturnValue:
    user = acting_user()
    kinds = service.kinds_for(user)
    form = EmailChoicesForm()
    form.wanted.choices = [(k.value, str(service.KIND_LABELS[k])) for k in kinds]
    if form.validate_on_submit():
        service.choose(user, form.wanted.data or [])
        flash(_("Your e-mail choices are saved."), "success")
        return redirect(url_for("emails.preferences"))
    if request.method == "GET":
        off = service.turned_off(user)
        form.wanted.data = [k.value for k in kinds if k not in off]
    status = 400 if form.errors else 200
    return render_template("emails/preferences.html", form=form, kinds=kinds), status


def _invalid_link() -> ResponseReturnValue:
    return render_template("emails/link_invalid.html"), 404


@bp.route("/unsubscribe/<token>", methods=["GET"])
@limiter.limit("30 per minute")
def unsubscribe(token: str) -> ResponseReturnValue:
    try:
        subscription = service.subscription_for(token)
    except NotFound:
        return _invalid_link()
    return render_template(
        "emails/unsubscribe.html", subscription=subscription, token=token, form=ActionForm()
    )


@bp.route("/unsubscribe/<token>", methods=["POST"])
@csrf.exempt
@limiter.limit("30 per minute")
def unsubscribe_now(token: str) -> ResponseReturnValue:
    try:
        subscription = service.unsubscribe(token)
    except NotFound:
        return _invalid_link()
    return render_template(
        "emails/unsubscribed.html",
        subscription=subscription,
        token=token,
        form=ResubscribeForm(formdata=None) if subscription.search else ActionForm(formdata=None),
    )


@bp.route("/unsubscribe/<token>/undo", methods=["POST"])
@limiter.limit("30 per minute")
def resubscribe(token: str) -> ResponseReturnValue:
    try:
        subscription = service.subscription_for(token)
    except NotFound:
        return _invalid_link()
    form = ResubscribeForm() if subscription.search else ActionForm()
    if not form.validate():
        abort(400)
    frequency = form.frequency.data if isinstance(form, ResubscribeForm) else None
    try:
        subscription = service.resubscribe(token, frequency)
    except ValidationFailed:
        abort(400)
    return render_template(
        "emails/unsubscribed.html", subscription=subscription, token=token, resubscribed=True
    )
