"""Moderation: organizations to verify, jobs held for review, reports from visitors."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal import scam
from portal.blueprints.admin import bp
from portal.errors import DomainError, ValidationFailed
from portal.forms import ActionForm
from portal.models import Invitation, Job, JobReport, Message, Organization, Role
from portal.permissions import get_or_404, role_required
from portal.services import held_texts, moderation, text_review
from portal.services import jobs as job_rules


def _admin():
    return current_user._get_current_object()


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _back(anchor: str):
    return redirect(url_for("admin.moderation") + f"#{anchor}")


def _queue_page(reason_error: dict | None = None):
    """The queue; `reason_error` ({"field": textarea id, "message", "value"}) shows a refused
    reason in the error summary and next to its box, with what the moderator typed."""
    queue = moderation.queue()
    return render_template(
        "admin/moderation.html",
        queue=queue,
        checks={org.id: moderation.domain_checks(org) for org in queue.organizations},
        reasons={
            job.id: [job_rules.hold_reason_text(r) for r in job.held_reasons or []]
            for job in queue.held_jobs
        },
        cards={job.id: job_rules.moderation_card(job) for job in queue.held_jobs},
        org_cards={
            org.id: text_review.card_for_scan([(_("Name"), org.name), (_("About"), org.about)])
            for org in queue.organizations
        },
        hold_score=scam.HOLD_SCORE,
        held_messages=[
            (m, held_texts.card(m.body, m.held_reasons)) for m in held_texts.held_messages()
        ],
        held_invitations=[
            (i, held_texts.card(i.message, i.held_reasons)) for i in held_texts.held_invitations()
        ],
        report_reasons=moderation.REPORT_REASONS,
        reason_error=reason_error,
    ), (400 if reason_error else 200)


def _refused_reason(field_id: str, error: ValidationFailed):
    return _queue_page(
        {"field": field_id, "message": error.message, "value": request.form.get("reason", "")}
    )


@bp.route("/moderation", endpoint="moderation")
@role_required(Role.ADMIN)
def moderation_queue():
    return _queue_page()


@bp.route("/organizations/<int:org_id>/verify", methods=["POST"])
@role_required(Role.ADMIN)
def verify_organization(org_id: int):
    org = get_or_404(Organization, org_id)
    _checked()
    released = moderation.verify_organization(_admin(), org)
    message = _("%(org)s is verified.", org=org.name)
    if released:
        message += " " + ngettext(
            "%(num)d waiting job is now live.", "%(num)d waiting jobs are now live.", released
        )
    flash(message, "success")
    return _back("organizations")


@bp.route("/organizations/<int:org_id>/decline", methods=["POST"])
@role_required(Role.ADMIN)
def decline_organization(org_id: int):
    org = get_or_404(Organization, org_id)
    _checked()
    try:
        moderation.decline_organization(_admin(), org, request.form.get("reason", ""))
    except ValidationFailed as error:
        return _refused_reason(f"decline-{org.id}", error)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(org)s stays unverified; the owners were told why.", org=org.name), "success")
    return _back("organizations")


@bp.route("/jobs/<int:job_id>/approve", methods=["POST"])
@role_required(Role.ADMIN)
def approve_job(job_id: int):
    job = get_or_404(Job, job_id)
    _checked()
    try:
        moderation.approve_job(_admin(), job)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("“%(title)s” is live.", title=job.title), "success")
    return _back("jobs")


@bp.route("/jobs/<int:job_id>/reject", methods=["POST"])
@role_required(Role.ADMIN)
def reject_job(job_id: int):
    job = get_or_404(Job, job_id)
    _checked()
    try:
        moderation.reject_job(_admin(), job, request.form.get("reason", ""))
    except ValidationFailed as error:
        report_id = request.form.get("report", type=int)
        from_reports = request.form.get("from") == "reports" and report_id
        return _refused_reason(f"remove-{report_id}" if from_reports else f"reject-{job.id}", error)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("“%(title)s” is rejected; the employer was told why.", title=job.title), "success")
    return _back("reports" if request.form.get("from") == "reports" else "jobs")


@bp.route("/reports/<int:report_id>/dismiss", methods=["POST"])
@role_required(Role.ADMIN)
def dismiss_report(report_id: int):
    report = get_or_404(JobReport, report_id)
    _checked()
    moderation.dismiss_report(_admin(), report)
    flash(_("The report is dismissed."), "success")
    return _back("reports")


# Held messages and invitations ------------------------------------------------------------------

_HELD = {
    "messages": (Message, held_texts.release_message, held_texts.remove_message),
    "invitations": (Invitation, held_texts.release_invitation, held_texts.remove_invitation),
}


@bp.route(
    "/held/<any(messages, invitations):kind>/<int:item_id>/<any(release, remove):action>",
    methods=["POST"],
)
@role_required(Role.ADMIN)
def held_text(kind: str, item_id: int, action: str):
    model, release, remove = _HELD[kind]
    item = get_or_404(model, item_id)
    _checked()
    try:
        (release if action == "release" else remove)(_admin(), item)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(
            _("The message is delivered.")
            if action == "release"
            else _("The message is removed; the employer was told it was not delivered."),
            "success",
        )
    return _back("held-messages")
