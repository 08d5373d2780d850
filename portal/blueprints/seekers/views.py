"""A coder's profile: the owner's overview, "check your answers", the employer's preview and
everyone else's view, and the résumé download. The four steps are `steps`; proofs and their
verification are `verification`. Who may see what is `portal.models.profile_view`."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal import places, uploads
from portal.blueprints.seekers.availability_form import DAY_LABELS
from portal.extensions import db
from portal.forms import Form
from portal.matching import describe_ranges, weekly_hours, zone_name
from portal.models import Profile, Role
from portal.models.profile import STEPS
from portal.models.profile_view import ProfileView, employer_preview, profile_view_for
from portal.services import activity, profiles
from portal.web.permissions import acting_user, role_required

bp = Blueprint("seekers", __name__, url_prefix="/profile")


def _step_titles() -> dict[str, str]:
    return {
        "basics": _("About you and your experience"),
        "credentials": _("Your credentials"),
        "availability": _("When and where you can work"),
        "pay": _("Pay and privacy"),
    }


def _after_save(step: str) -> ResponseReturnValue:
    """Back to "check your answers" after a change; else on to the next step."""
    if request.args.get("next") == "check":
        return redirect(url_for("seekers.check"))
    following = STEPS.index(step) + 1
    if following < len(STEPS):
        return redirect(url_for(f"seekers.{STEPS[following]}"))
    return redirect(url_for("seekers.check"))


def _step_context(step: str) -> dict[str, Any]:
    return {
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "steps": STEPS,
        "step_titles": _step_titles(),
        "returning_to_check": request.args.get("next") == "check",
        "keep_next": _keep_next(),
    }


def _keep_next() -> dict[str, Any]:
    return {"next": "check"} if request.args.get("next") == "check" else {}


def availability_lines(profile: Profile) -> list[str]:
    """The weekly hours in plain words, with the viewer's own clock when it differs."""
    if not profile.timezone or not profile.availability:
        return []
    viewer_tz = current_user.timezone if current_user.is_authenticated else None
    ranges = profile.time_ranges()
    if viewer_tz and viewer_tz != profile.timezone and places.canonical_timezone(viewer_tz):
        return describe_ranges(ranges, profile.timezone, viewer_tz)  # names both zones
    zone = zone_name(profile.timezone)
    return [f"{line} {zone}" for line in describe_ranges(ranges, profile.timezone)]


def _render_view(
    view: ProfileView, template: str = "seekers/view.html", **extra: Any
) -> ResponseReturnValue:
    profile = view.profile
    return render_template(
        template,
        view=view,
        profile=profile,
        hours_lines=availability_lines(profile),
        grid_hours=weekly_hours(profile.time_ranges()),
        today=_today(),
        **extra,
    )


def _today() -> date:
    return date.today()


def _status(form: Form) -> int:
    """400 after a refused submit (the page shows why), 200 otherwise."""
    return 400 if form.errors or form.form_errors else 200


@bp.route("/")
@role_required(Role.SEEKER)
def overview() -> ResponseReturnValue:
    profile = profiles.profile_of(acting_user())
    completeness = profiles.completeness(profile)
    if profile is None:
        return render_template("seekers/start.html", completeness=completeness)
    return _render_view(
        profile_view_for(acting_user(), profile),
        "seekers/overview.html",
        completeness=completeness,
        credential_alerts=profiles.credential_alerts(profile),
        resume_step=profiles.next_step(profile),
        step_titles=_step_titles(),
    )


@bp.route("/check")
@role_required(Role.SEEKER)
def check() -> ResponseReturnValue:
    profile = profiles.profile_of(acting_user())
    if profile is None:
        return redirect(url_for("seekers.basics"))
    return _render_view(
        profile_view_for(acting_user(), profile),
        "seekers/check.html",
        completeness=profiles.completeness(profile),
        step_titles=_step_titles(),
        day_labels=DAY_LABELS,
    )


@bp.route("/preview")
@role_required(Role.SEEKER)
def preview() -> ResponseReturnValue:
    profile = profiles.profile_of(acting_user())
    if profile is None:
        return redirect(url_for("seekers.basics"))
    return _render_view(employer_preview(profile))


@bp.route("/<int:profile_id>")
def view(profile_id: int) -> ResponseReturnValue:
    profile = db.session.get(Profile, profile_id)
    profile_view = profile_view_for(acting_user(), profile)
    if profile_view.audience == "owner":
        return redirect(url_for("seekers.overview"))
    activity.record_profile_view(acting_user(), profile_view.profile)
    return _render_view(profile_view)


@bp.route("/<int:profile_id>/resume")
def resume(profile_id: int) -> ResponseReturnValue:
    profile = profiles.resume_for(acting_user(), profile_id)
    if profile.resume_file is None:  # `resume_for` refuses a profile without one
        abort(404)
    return uploads.send_stored(profile.resume_file, profile.resume_name or "resume.pdf")
