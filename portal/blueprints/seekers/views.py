"""A coder's profile: the four steps, check your answers, the owner's view, the employer's view,
documents and credential verification. Who may see what is decided in `services.profiles`."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import places, taxonomy, uploads
from portal.blueprints.admin.forms import ProofReviewForm
from portal.blueprints.seekers import bp
from portal.blueprints.seekers.forms import (
    DAY_LABELS,
    AvailabilityForm,
    BasicsForm,
    CredentialForm,
    PayPrivacyForm,
    VerifyForm,
)
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.forms import ActionForm, requested_page, show_error
from portal.matching import describe_ranges, weekly_hours, zone_name
from portal.models import Profile, Role, school_of
from portal.models.profile import STEPS
from portal.services import activity, graduate_claims, profiles
from portal.services.schools import school_choices
from portal.web.permissions import acting_user, back_target, role_required, safe_back


def _step_titles() -> dict[str, str]:
    return {
        "basics": _("About you and your experience"),
        "credentials": _("Your credentials"),
        "availability": _("When and where you can work"),
        "pay": _("Pay and privacy"),
    }


def _after_save(step: str):
    """Back to "check your answers" after a change; else on to the next step."""
    if request.args.get("next") == "check":
        return redirect(url_for("seekers.check"))
    following = STEPS.index(step) + 1
    if following < len(STEPS):
        return redirect(url_for(f"seekers.{STEPS[following]}"))
    return redirect(url_for("seekers.check"))


def _step_context(step: str) -> dict:
    return {
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "steps": STEPS,
        "step_titles": _step_titles(),
        "returning_to_check": request.args.get("next") == "check",
        "keep_next": _keep_next(),
    }


def availability_lines(profile: Profile) -> list[str]:
    """The weekly hours in plain words, with the viewer's own clock when it differs."""
    if not profile.timezone or not profile.availability:
        return []
    viewer_tz = current_user.timezone if current_user.is_authenticated else None
    ranges = profiles.time_ranges(profile)
    if viewer_tz and viewer_tz != profile.timezone and places.canonical_timezone(viewer_tz):
        return describe_ranges(ranges, profile.timezone, viewer_tz)  # names both zones
    zone = zone_name(profile.timezone)
    return [f"{line} {zone}" for line in describe_ranges(ranges, profile.timezone)]


def _render_view(view: profiles.ProfileView, template: str = "seekers/view.html", **extra):
    profile = view.profile
    return render_template(
        template,
        view=view,
        profile=profile,
        hours_lines=availability_lines(profile),
        grid_hours=weekly_hours(profiles.time_ranges(profile)),
        today=_today(),
        **extra,
    )


def _today() -> date:
    return date.today()


def _status(form) -> int:
    """400 after a refused submit (the page shows why), 200 otherwise."""
    return 400 if form.errors or form.form_errors else 200


# The owner's pages ---------------------------------------------------------------------------


@bp.route("/")
@role_required(Role.SEEKER)
def overview():
    profile = profiles.profile_of(acting_user())
    completeness = profiles.completeness(profile)
    if profile is None:
        return render_template("seekers/start.html", completeness=completeness)
    return _render_view(
        profiles.profile_view_for(acting_user(), profile),
        "seekers/overview.html",
        completeness=completeness,
        credential_alerts=profiles.credential_alerts(profile),
        resume_step=profiles.next_step(profile),
        step_titles=_step_titles(),
    )


@bp.route("/basics", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def basics():
    profile = profiles.profile_of(acting_user())
    form = BasicsForm()
    form.school_id.choices = [("", _("My school is not listed, or I did not train at a school"))]
    form.school_id.choices += school_choices(profile.school_id if profile else None)
    if request.method == "GET" and profile is not None:
        form.load(profile)
    if form.validate_on_submit():
        try:
            profile = profiles.save_basics(acting_user(), form.to_input())
        except ValidationFailed as error:
            show_error(form, error)
        else:
            if profile.city and profile.lat is None:
                flash(
                    _(
                        "We could not find %(city)s on our map, so we cannot work out distances "
                        "to offices. If you want office jobs, enter the nearest larger town.",
                        city=profile.city,
                    ),
                    "warning",
                )
            return _after_save("basics")
    return render_template(
        "seekers/basics.html",
        form=form,
        region_suggestions=[*taxonomy.US_STATES.values(), *taxonomy.INDIA_STATES.values()],
        **_step_context("basics"),
    ), _status(form)


@bp.route("/credentials", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def credentials():
    profile = profiles.profile_of(acting_user())
    form = CredentialForm()
    if form.validate_on_submit():
        try:
            credential = profiles.add_credential(acting_user(), form.to_input(), form.proof.checked)
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("%(credential)s is added.", credential=credential.title), "success")
            return redirect(url_for("seekers.credentials", **_keep_next()))
    return render_template(
        "seekers/credentials.html",
        form=form,
        profile=profile,
        today=_today(),
        chosen_file_lost=_chosen_file_lost(form),
        **_step_context("credentials"),
    ), _status(form)


def _chosen_file_lost(form: CredentialForm) -> bool:
    """A good proof was chosen but another field failed: the browser will not send it again."""
    return bool(form.errors) and getattr(form.proof, "checked", None) is not None


def _keep_next() -> dict:
    return {"next": "check"} if request.args.get("next") == "check" else {}


@bp.route("/credentials/continue", methods=["POST"])
@role_required(Role.SEEKER)
def credentials_done():
    if ActionForm().validate_on_submit():
        profiles.finish_credentials(acting_user())
    return _after_save("credentials")


@bp.route("/credentials/<int:credential_id>", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def edit_credential(credential_id: int):
    credential = profiles.own_credential(acting_user(), credential_id)
    form = CredentialForm()
    if request.method == "GET":
        form.load(credential)
    if form.validate_on_submit():
        try:
            profiles.update_credential(
                acting_user(),
                credential_id,
                form.to_input(),
                form.proof.checked,
                remove_proof=bool(form.remove_proof.data),
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("Your %(credential)s is saved.", credential=credential.title), "success")
            return redirect(url_for("seekers.credentials", **_keep_next()))
    return render_template(
        "seekers/credential_edit.html",
        form=form,
        credential=credential,
        chosen_file_lost=_chosen_file_lost(form),
        **_step_context("credentials"),
    ), _status(form)


@bp.route("/credentials/<int:credential_id>/delete", methods=["POST"])
@role_required(Role.SEEKER)
def delete_credential(credential_id: int):
    if ActionForm().validate_on_submit():
        profiles.delete_credential(acting_user(), credential_id)
        flash(_("The credential is removed."), "success")
    return redirect(url_for("seekers.credentials", **_keep_next()))


@bp.route("/availability", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def availability():
    profile = profiles.profile_of(acting_user())
    form = AvailabilityForm()
    suggested = None
    if profile is not None:
        suggested = places.suggest_timezone(profile.country, profile.region, profile.city)
    if request.method == "GET":
        if profile is not None:
            form.load(profile)
        if not form.timezone.data:
            form.timezone.data = suggested
    if form.validate_on_submit():
        try:
            profiles.save_availability(acting_user(), form.to_input())
        except ValidationFailed as error:
            show_error(form, error)
        else:
            return _after_save("availability")
    return render_template(
        "seekers/availability.html",
        form=form,
        suggested_timezone=suggested,
        timezones=places.COMMON_TIMEZONES,
        day_labels=DAY_LABELS,
        **_step_context("availability"),
    ), _status(form)


@bp.route("/pay", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def pay():
    profile = profiles.profile_of(acting_user())
    form = PayPrivacyForm()
    if request.method == "GET":
        if profile is not None:
            form.load(profile)
        else:
            form.open_to_work.data, form.visibility.data, form.anonymous.data = (
                "yes",
                "employers",
                True,
            )
    if form.validate_on_submit():
        try:
            profiles.save_pay_privacy(
                acting_user(),
                form.to_input(),
                resume=form.resume.checked,
                remove_resume=bool(form.remove_resume.data),
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            return _after_save("pay")
    chosen_file_lost = bool(form.errors) and getattr(form.resume, "checked", None) is not None
    return render_template(
        "seekers/pay.html",
        form=form,
        profile=profile,
        chosen_file_lost=chosen_file_lost,
        **_step_context("pay"),
    ), _status(form)


@bp.route("/resume/delete", methods=["POST"])
@role_required(Role.SEEKER)
def delete_resume():
    if ActionForm().validate_on_submit():
        profiles.delete_resume(acting_user())
        flash(_("Your résumé is removed."), "success")
    return redirect(url_for("seekers.pay", **_keep_next()))


@bp.route("/check")
@role_required(Role.SEEKER)
def check():
    profile = profiles.profile_of(acting_user())
    if profile is None:
        return redirect(url_for("seekers.basics"))
    return _render_view(
        profiles.profile_view_for(acting_user(), profile),
        "seekers/check.html",
        completeness=profiles.completeness(profile),
        step_titles=_step_titles(),
        day_labels=DAY_LABELS,
    )


@bp.route("/preview")
@role_required(Role.SEEKER)
def preview():
    profile = profiles.profile_of(acting_user())
    if profile is None:
        return redirect(url_for("seekers.basics"))
    return _render_view(profiles.employer_preview(profile))


# Everyone else's view -------------------------------------------------------------------------


@bp.route("/<int:profile_id>")
def view(profile_id: int):
    profile = db.session.get(Profile, profile_id)
    profile_view = profiles.profile_view_for(acting_user(), profile)
    if profile_view.audience == "owner":
        return redirect(url_for("seekers.overview"))
    activity.record_profile_view(acting_user(), profile)
    return _render_view(profile_view)


@bp.route("/<int:profile_id>/resume")
def resume(profile_id: int):
    profile = profiles.resume_for(acting_user(), profile_id)
    return uploads.send_stored(profile.resume_file, profile.resume_name or "resume.pdf")


@bp.route("/credentials/<int:credential_id>/proof")
def proof(credential_id: int):
    credential = profiles.proof_for(acting_user(), credential_id)
    return uploads.send_stored(credential.proof_file, credential.proof_name or "proof")


@bp.route("/credentials/to-check")
@role_required(Role.ADMIN)
def credentials_to_check():
    page = profiles.credentials_to_check(requested_page())
    return render_template("seekers/to_check.html", page=page, today=_today())


@bp.route("/credentials/<int:credential_id>/verify", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.SCHOOL)
def verify(credential_id: int):
    credential = profiles.credential_to_verify(acting_user(), credential_id)
    form = VerifyForm()
    back = _back_after_verifying(credential)
    if form.validate_on_submit():
        try:
            profiles.verify_credential(acting_user(), credential_id, form.method.data)
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


def _verify_page(form, credential, back: str, review_form=None):
    return render_template(
        "seekers/verify.html",
        form=form,
        review_form=review_form,
        credential=credential,
        exam_record=graduate_claims.exam_record(school_of(acting_user()), credential),
        profile_view=profiles.profile_view_for(acting_user(), credential.profile),
        back=back,
        next_url=back_target("next"),
        today=_today(),
    ), (_status(form) if review_form is None or not review_form.errors else 400)


@bp.route("/credentials/<int:credential_id>/proof-review", methods=["POST"])
@role_required(Role.ADMIN)
def review_proof(credential_id: int):
    """An administrator rejects a proof or asks for a new one; the coder is told why."""
    credential = profiles.credential_to_verify(acting_user(), credential_id)
    review_form = ProofReviewForm()
    back = _back_after_verifying(credential)
    if review_form.validate_on_submit():
        try:
            profiles.review_proof(
                acting_user(), credential_id, review_form.outcome.data, review_form.reason.data
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
def unverify(credential_id: int):
    credential = profiles.credential_to_verify(acting_user(), credential_id)
    if ActionForm().validate_on_submit():
        profiles.unverify_credential(acting_user(), credential_id)
        flash(_("The verification is withdrawn."), "success")
    return redirect(_back_after_verifying(credential))


def _back_after_verifying(credential) -> str:
    """Where the person came from (`next`), else the school's graduates or the coder's profile."""
    if current_user.is_school:
        default = url_for("schools.graduates")
    else:
        default = url_for("seekers.view", profile_id=credential.profile_id)
    return safe_back(default, "next")
