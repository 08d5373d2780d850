"""The four profile steps: about you, credentials, when and where, pay and privacy. Each saves
through `services.profiles` and moves on (or back to "check your answers")."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal import places, taxonomy
from portal.blueprints.seekers.availability_form import DAY_LABELS, AvailabilityForm
from portal.blueprints.seekers.forms import BasicsForm, CredentialForm, PayPrivacyForm
from portal.blueprints.seekers.views import (
    _after_save,
    _keep_next,
    _status,
    _step_context,
    _today,
    bp,
)
from portal.errors import ValidationFailed
from portal.forms import ActionForm, show_error
from portal.models import Role
from portal.services import profiles
from portal.services.schools import school_choices
from portal.web.permissions import acting_user, role_required


@bp.route("/basics", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def basics() -> ResponseReturnValue:
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
def credentials() -> ResponseReturnValue:
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


@bp.route("/credentials/continue", methods=["POST"])
@role_required(Role.SEEKER)
def credentials_done() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        profiles.finish_credentials(acting_user())
    return _after_save("credentials")


@bp.route("/credentials/<int:credential_id>", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def edit_credential(credential_id: int) -> ResponseReturnValue:
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
def delete_credential(credential_id: int) -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        profiles.delete_credential(acting_user(), credential_id)
        flash(_("The credential is removed."), "success")
    return redirect(url_for("seekers.credentials", **_keep_next()))


@bp.route("/availability", methods=["GET", "POST"])
@role_required(Role.SEEKER)
def availability() -> ResponseReturnValue:
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
def pay() -> ResponseReturnValue:
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
def delete_resume() -> ResponseReturnValue:
    if ActionForm().validate_on_submit():
        profiles.delete_resume(acting_user())
        flash(_("Your résumé is removed."), "success")
    return redirect(url_for("seekers.pay", **_keep_next()))
