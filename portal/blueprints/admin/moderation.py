"""Moderation: organizations to verify, jobs held for review, reports from visitors."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.blueprints.admin.forms import EvidenceForm, ReasonForm, RejectJobForm
from portal.blueprints.admin.views import bp
from portal.errors import DomainError, ValidationFailed
from portal.forms import ActionForm, show_error
from portal.models import Invitation, Job, JobReport, Message, Organization, Role, School, User
from portal.moderation import REPORT_REASONS, scam, text_review
from portal.services import held_texts, moderation, verification
from portal.services import jobs as job_rules
from portal.web.permissions import acting_user, get_or_404, role_required


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _back(anchor: str) -> ResponseReturnValue:
    return redirect(url_for("admin.moderation") + f"#{anchor}")


def _queue_page() -> ResponseReturnValue:
    queue = moderation.queue()
    return render_template(
        "admin/moderation.html",
        queue=queue,
        checks={org.id: moderation.domain_checks(org) for org in queue.organizations},
        waiting={org.id: moderation.waiting_jobs(org) for org in queue.organizations},
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
        report_reasons=REPORT_REASONS,
    )


@bp.route("/moderation", endpoint="moderation")
@role_required(Role.ADMIN)
def moderation_queue() -> ResponseReturnValue:
    return _queue_page()


# Verifying organizations and schools: evidence, then a confirmation step (no JavaScript) ------

SUBJECTS: dict[str, type[Organization] | type[School]] = {
    "organizations": Organization,
    "schools": School,
}


def _subject(kind: str, subject_id: int) -> Organization | School:
    model = SUBJECTS.get(kind)
    if model is None:
        abort(404)
    return get_or_404(model, subject_id)


def _decision_context(subject: Organization | School) -> dict[str, object]:
    """What the administrator reads before deciding: the details, the e-mail domain checks, the
    jobs waiting (never released by the verification), and the last decision."""
    org = subject if isinstance(subject, Organization) else None
    return {
        "subject": subject,
        "kind": "organizations" if org is not None else "schools",
        "checks": moderation.domain_checks(org) if org is not None else [],
        "waiting": moderation.waiting_jobs(org) if org is not None else [],
        "last_record": verification.latest_record(subject),
        "registration_kinds": verification.REGISTRATION_KINDS,
        "probation": org is not None and job_rules.on_probation(org),
        "new_jobs": job_rules.NEW_ORGANIZATION_JOBS,
        "new_days": job_rules.NEW_ORGANIZATION_DAYS,
    }


@bp.route("/<kind>/<int:subject_id>/verify", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def verify(kind: str, subject_id: int) -> ResponseReturnValue:
    """Step 1: the evidence form. Step 2 (valid evidence): the confirmation page, which posts
    the same values back with `confirm=yes`, or `confirm=change` to return to the form."""
    subject = _subject(kind, subject_id)
    form = EvidenceForm()
    if request.method == "GET" or form.confirm.data == "change":
        if request.method == "GET":
            form.website.data = subject.website or ""
        return render_template("admin/verify.html", form=form, **_decision_context(subject))
    if form.validate_on_submit():
        try:
            evidence = verification.check_evidence(form.to_evidence())
            if form.confirm.data == "yes":
                return _verified(subject, evidence)
        except ValidationFailed as error:
            show_error(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return _back(kind)
        else:
            return render_template(
                "admin/verify_confirm.html", form=form, evidence=evidence,
                **_decision_context(subject),
            )  # fmt: skip
    return render_template("admin/verify.html", form=form, **_decision_context(subject)), 400


def _verified(
    subject: Organization | School, evidence: verification.Evidence
) -> ResponseReturnValue:
    if isinstance(subject, Organization):
        waiting = moderation.verify_organization(acting_user(), subject, evidence)
        message = _("%(name)s is verified.", name=subject.name)
        if waiting:
            message += " " + ngettext(
                "Its %(num)d waiting job stays in the queue: approve it on its own.",
                "Its %(num)d waiting jobs stay in the queue: approve each on its own.",
                len(waiting),
            )
        flash(message, "success")
        return _back("jobs" if waiting else "organizations")
    verification.verify_school(acting_user(), subject, evidence)
    flash(_("%(name)s is verified.", name=subject.name), "success")
    return _back("schools")


@bp.route("/<kind>/<int:subject_id>/decline", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def decline(kind: str, subject_id: int) -> ResponseReturnValue:
    """Do not verify, with a reason the owners read (its own page: no button sits beside it)."""
    subject = _subject(kind, subject_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            if isinstance(subject, Organization):
                moderation.decline_organization(acting_user(), subject, form.reason.data or "")
            else:
                verification.decline_school(acting_user(), subject, form.reason.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return _back(kind)
        else:
            flash(_("%(name)s stays unverified; they were told why.", name=subject.name), "success")
            return _back(kind)
    return render_template(
        "admin/decline.html",
        form=form,
        withdraw=False,
        heading=_("Do not verify %(name)s", name=subject.name),
        **_decision_context(subject),
    ), (400 if form.errors else 200)


@bp.route("/schools")
@role_required(Role.ADMIN)
def schools() -> ResponseReturnValue:
    return render_template("admin/schools.html", schools=verification.verified_schools())


@bp.route("/schools/<int:subject_id>/withdraw", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def withdraw_school(subject_id: int) -> ResponseReturnValue:
    """Take a school's verification away: its past verifications stop counting."""
    school = get_or_404(School, subject_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            verification.withdraw_school(acting_user(), school, form.reason.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("admin.schools"))
        else:
            flash(
                _("%(name)s is no longer verified; its verifications stop counting.",
                  name=school.name),
                "success",
            )  # fmt: skip
            return redirect(url_for("admin.schools"))
    return render_template(
        "admin/decline.html",
        form=form,
        withdraw=True,
        heading=_("Withdraw the verification of %(name)s", name=school.name),
        **_decision_context(school),
    ), (400 if form.errors else 200)


@bp.route("/jobs/<int:job_id>/approve", methods=["POST"])
@role_required(Role.ADMIN)
def approve_job(job_id: int) -> ResponseReturnValue:
    job = get_or_404(Job, job_id)
    _checked()
    try:
        moderation.approve_job(acting_user(), job)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("“%(title)s” is live.", title=job.title), "success")
    return _back("jobs")


@bp.route("/jobs/<int:job_id>/reject", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reject_job(job_id: int) -> ResponseReturnValue:
    """Reject a waiting job or take a live one down, with the reason the employer reads (its
    own page: the reason box never sits between "Approve" and "Reject")."""
    job = get_or_404(Job, job_id)
    from_reports = request.values.get("from") == "reports"
    form = RejectJobForm()
    if form.validate_on_submit():
        try:
            moderation.reject_job(acting_user(), job, form.reason.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return _back("reports" if from_reports else "jobs")
        else:
            flash(
                _("“%(title)s” is rejected; the employer was told why.", title=job.title),
                "success",
            )
            return _back("reports" if from_reports else "jobs")
    return render_template(
        "admin/reject_job.html",
        form=form,
        job=job,
        from_reports=from_reports,
        reasons=[job_rules.hold_reason_text(r) for r in job.held_reasons or []],
    ), (400 if form.errors else 200)


@bp.route("/reports/<int:report_id>/dismiss", methods=["POST"])
@role_required(Role.ADMIN)
def dismiss_report(report_id: int) -> ResponseReturnValue:
    report = get_or_404(JobReport, report_id)
    _checked()
    moderation.dismiss_report(acting_user(), report)
    flash(_("The report is dismissed."), "success")
    return _back("reports")


@bp.route("/jobs/<int:job_id>/reports/dismiss", methods=["POST"])
@role_required(Role.ADMIN)
def dismiss_reports(job_id: int) -> ResponseReturnValue:
    job = get_or_404(Job, job_id)
    _checked()
    dismissed = moderation.dismiss_reports(acting_user(), job)
    flash(
        ngettext(
            "%(num)d report about “%(title)s” is dismissed.",
            "%(num)d reports about “%(title)s” are dismissed.",
            dismissed,
            title=job.title,
        ),
        "success",
    )
    return _back("reports")


# Held messages and invitations ------------------------------------------------------------------

_HELD: dict[str, type[Message] | type[Invitation]] = {
    "messages": Message,
    "invitations": Invitation,
}


def _settle_held(admin: User, item: Message | Invitation, release: bool) -> None:
    """Deliver a held message or invitation, or remove it (its sender is told)."""
    if isinstance(item, Message):
        (held_texts.release_message if release else held_texts.remove_message)(admin, item)
    else:
        (held_texts.release_invitation if release else held_texts.remove_invitation)(admin, item)


@bp.route(
    "/held/<any(messages, invitations):kind>/<int:item_id>/<any(release, remove):action>",
    methods=["POST"],
)
@role_required(Role.ADMIN)
def held_text(kind: str, item_id: int, action: str) -> ResponseReturnValue:
    item = get_or_404(_HELD[kind], item_id)
    _checked()
    try:
        _settle_held(acting_user(), item, release=action == "release")
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
