"""Credential proofs and their verification: the proof download, the administrators' queue,
verifying (by an administrator or the seeker's school), sending a proof back, withdrawing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal import uploads
from portal.blueprints.seekers.forms import ProofReviewForm, VerifyForm
from portal.blueprints.seekers.views import _status, _today, bp
from portal.errors import ValidationFailed
from portal.models import Credential, Role, school_of
from portal.models.profile_view import profile_view_for
from portal.services import graduate_claims, profiles
from portal.web.forms import ActionForm, requested_page, show_error
from portal.web.permissions import acting_user, back_target, role_required, safe_back


@bp.route("/credentials/<int:credential_id>/proof")
def proof(credential_id: int) -> ResponseReturnValue:
    credential = profiles.proof_for(acting_user(), credential_id)
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
    credential = profiles.credential_to_verify(acting_user(), credential_id)
    form = VerifyForm()
    back = _back_after_verifying(credential)
    if form.validate_on_submit():
        try:
            profiles.verify_credential(acting_user(), credential_id, form.method.data or "")
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
    return _verify_page(
        form, credential, back, ProofReviewForm() if acting_user().is_admin else None
    )


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
        exam_record=graduate_claims.exam_record(school_of(acting_user()), credential),
        profile_view=profile_view_for(acting_user(), credential.profile),
        back=back,
        next_url=back_target("next"),
        today=_today(),
    ), (_status(form) if review_form is None or not review_form.errors else 400)


@bp.route("/credentials/<int:credential_id>/proof-review", methods=["POST"])
@role_required(Role.ADMIN)
def review_proof(credential_id: int) -> ResponseReturnValue:
    """An administrator rejects a proof or asks for a new one; the coder is told why."""
    credential = profiles.credential_to_verify(acting_user(), credential_id)
    review_form = ProofReviewForm()
    back = _back_after_verifying(credential)
    if review_form.validate_on_submit():
        try:
            profiles.review_proof(
                acting_user(),
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
    credential = profiles.credential_to_verify(acting_user(), credential_id)
    if ActionForm().validate_on_submit():
        profiles.unverify_credential(acting_user(), credential_id)
        flash(_("The verification is withdrawn."), "success")
    return redirect(_back_after_verifying(credential))


def _back_after_verifying(credential: Credential) -> str:
    """Where the person came from (`next`), else the school's graduates or the coder's profile."""
    if current_user.is_school:
        default = url_for("schools.graduates")
    else:
        default = url_for("seekers.view", profile_id=credential.profile_id)
    return safe_back(default, "next")
