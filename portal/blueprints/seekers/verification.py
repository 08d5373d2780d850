"""Credential proofs and their verification: the proof download, the administrators' queue,
verifying (by an administrator or the seeker's school), sending a proof back, withdrawing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal import uploads
from portal.blueprints.admin.forms import ProofReviewForm
from portal.blueprints.seekers import bp
from portal.blueprints.seekers.forms import VerifyForm
from portal.blueprints.seekers.views import _status, _today, _user
from portal.errors import NotFound, ValidationFailed
from portal.forms import ActionForm, requested_page, show_error
from portal.models import Credential, Role, school_of
from portal.models.profile_view import profile_view_for
from portal.permissions import role_required
from portal.security import is_safe_next
from portal.services import graduate_claims, profiles


@bp.route("/credentials/<int:credential_id>/proof")
def proof(credential_id: int) -> ResponseReturnValue:
    try:
        credential = profiles.proof_for(_user(), credential_id)
    except NotFound:
        abort(404)
    if credential.proof_file is None:  # `proof_for` refuses a credential without one
        abort(404)
    return uploads.send_stored(credential.proof_file, credential.proof_name or "proof")


@bp.route("/credentials/to-check")
@role_required(Role.ADMIN)
def credentials_to_check() -> ResponseReturnValue:
    page = profiles.credentials_to_check(requested_page())
    return render_template("seekers/to_check.html", page=page, today=_today())


@bp.route("/credentials/<int:credential_id>/verify", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.SCHOOL)
def verify(credential_id: int) -> ResponseReturnValue:
    try:
        credential = profiles.credential_to_verify(_user(), credential_id)
    except NotFound:
        abort(404)
    form = VerifyForm()
    back = _back_after_verifying(credential)
    if form.validate_on_submit():
        try:
            profiles.verify_credential(_user(), credential_id, form.method.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(
                _(
                    "%(credential)s of %(name)s is marked as verified.",
                    credential=credential.title,
                    name=credential.profile.user.name,
                ),
                "success",
            )
            return redirect(back)
    return _verify_page(form, credential, back, ProofReviewForm() if _user().is_admin else None)


def _verify_page(
    form: VerifyForm,
    credential: Credential,
    back: str,
    review_form: ProofReviewForm | None = None,
) -> ResponseReturnValue:
    return render_template(
        "seekers/verify.html",
        form=form,
        review_form=review_form,
        credential=credential,
        exam_record=graduate_claims.exam_record(school_of(_user()), credential),
        profile_view=profile_view_for(_user(), credential.profile),
        back=back,
        next_url=_safe_next(),
        today=_today(),
    ), (_status(form) if review_form is None or not review_form.errors else 400)


@bp.route("/credentials/<int:credential_id>/proof-review", methods=["POST"])
@role_required(Role.ADMIN)
def review_proof(credential_id: int) -> ResponseReturnValue:
    """An administrator rejects a proof or asks for a new one; the coder is told why."""
    try:
        credential = profiles.credential_to_verify(_user(), credential_id)
    except NotFound:
        abort(404)
    review_form = ProofReviewForm()
    back = _back_after_verifying(credential)
    if review_form.validate_on_submit():
        try:
            profiles.review_proof(
                _user(),
                credential_id,
                review_form.outcome.data or "",
                review_form.reason.data or "",
            )
        except ValidationFailed as error:
            show_error(review_form, error)
        else:
            flash(
                _(
                    "The proof of %(credential)s went back to %(name)s with your reason.",
                    credential=credential.title,
                    name=credential.profile.user.name,
                ),
                "success",
            )
            return redirect(back)
    return _verify_page(VerifyForm(formdata=None), credential, back, review_form)


@bp.route("/credentials/<int:credential_id>/unverify", methods=["POST"])
@role_required(Role.ADMIN, Role.SCHOOL)
def unverify(credential_id: int) -> ResponseReturnValue:
    try:
        credential = profiles.credential_to_verify(_user(), credential_id)
    except NotFound:
        abort(404)
    if ActionForm().validate_on_submit():
        profiles.unverify_credential(_user(), credential_id)
        flash(_("The verification is withdrawn."), "success")
    return redirect(_back_after_verifying(credential))


def _safe_next() -> str | None:
    """`?next=` when it is a path on this site (e.g. the "credentials to check" list)."""
    target = request.args.get("next")
    return target if is_safe_next(target) else None


def _back_after_verifying(credential: Credential) -> str:
    """Where the person came from (`next`), else the school's graduates or the coder's profile."""
    target = _safe_next()
    if target:
        return target
    if current_user.is_school:
        return url_for("schools.graduates")
    return url_for("seekers.view", profile_id=credential.profile_id)
