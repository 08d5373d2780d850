"""Employers: create and manage the organization, invite colleagues, the public company page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.blueprints.employers.forms import InviteForm, OrganizationForm
from portal.errors import DomainError, ValidationFailed
from portal.extensions import db
from portal.forms import ActionForm, show_error
from portal.models import (
    MemberRole,
    Organization,
    OrganizationInvitation,
    OrganizationMember,
    Role,
    organization_of,
)
from portal.services import jobs as job_rules
from portal.services import organizations
from portal.web.permissions import acting_user, get_or_404, role_required

bp = Blueprint("employers", __name__)


@bp.route("/employer/organization/new", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def new_organization() -> ResponseReturnValue:
    if organization_of(acting_user()) is not None:
        return redirect(url_for("employers.organization"))
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            organizations.create_organization(acting_user(), form.data_for_service())
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(
                _(
                    "Your organization is created. You can post jobs now; an administrator "
                    "verifies new organizations, and until then your jobs wait for a check."
                ),
                "success",
            )
            return redirect(url_for("main.dashboard"))
    return render_template("employers/organization_form.html", form=form, creating=True)


@bp.route("/employer/organization")
@role_required(Role.EMPLOYER)
def organization() -> ResponseReturnValue:
    org = organization_of(acting_user())
    if org is None:
        return redirect(url_for("employers.new_organization"))
    return _organization_page(org, InviteForm())


def _organization_page(
    org: Organization, invite_form: InviteForm, status: int = 200
) -> ResponseReturnValue:
    members = db.session.scalars(
        sa.select(OrganizationMember)
        .where(OrganizationMember.organization_id == org.id)
        .order_by(OrganizationMember.created_at)
    ).all()
    invitations = [i for i in org.invitations if i.is_open]
    return render_template(
        "employers/organization.html",
        org=org,
        members=members,
        invitations=invitations,
        invite_form=invite_form,
        is_owner=organizations.can_manage(acting_user(), org),
        MemberRole=MemberRole,
    ), status


@bp.route("/employer/organization/edit", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def edit_organization() -> ResponseReturnValue:
    org = organization_of(acting_user())
    if org is None:
        return redirect(url_for("employers.new_organization"))
    if not organizations.can_manage(acting_user(), org):
        abort(403)
    form = OrganizationForm(obj=org)
    if form.validate_on_submit():
        try:
            lost = organizations.update_organization(acting_user(), org, form.data_for_service())
        except ValidationFailed as error:
            show_error(form, error)
        else:
            if lost:
                flash(
                    _(
                        "Saved. An administrator will verify your organization again before "
                        "it shows as verified."
                    ),
                    "warning",
                )
            else:
                flash(_("Your organization is saved."), "success")
            return redirect(url_for("employers.organization"))
    return render_template("employers/organization_form.html", form=form, creating=False, org=org)


@bp.route("/employer/organization/invite", methods=["POST"])
@role_required(Role.EMPLOYER)
def invite() -> ResponseReturnValue:
    org = organization_of(acting_user())
    if org is None:
        abort(404)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            organizations.invite_member(acting_user(), org, form.email.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("employers.organization"))
        else:
            flash(_("We e-mailed an invitation to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("employers.organization"))
    return _organization_page(org, form, 400)


@bp.route("/employer/organization/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@role_required(Role.EMPLOYER)
def withdraw_invitation(invitation_id: int) -> ResponseReturnValue:
    org = organization_of(acting_user())
    invitation = get_or_404(
        OrganizationInvitation,
        invitation_id,
        allowed=lambda invitation: org is not None and invitation.organization_id == org.id,
    )
    if ActionForm().validate_on_submit():
        try:
            organizations.revoke_invitation(acting_user(), invitation)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("employers.organization"))


def _own_member(member_id: int) -> tuple[Organization, OrganizationMember]:
    """A member of the acting employer's organization, or 404."""
    org = organization_of(acting_user())
    if org is None:
        abort(404)
    member = get_or_404(
        OrganizationMember, member_id, allowed=lambda member: member.organization_id == org.id
    )
    return org, member


@bp.route("/employer/organization/members/<int:member_id>/remove", methods=["POST"])
@role_required(Role.EMPLOYER)
def remove_member(member_id: int) -> ResponseReturnValue:
    org, member = _own_member(member_id)
    if ActionForm().validate_on_submit():
        leaving = member.user_id == acting_user().id
        name = member.user.name
        try:
            organizations.remove_member(acting_user(), org, member)
        except DomainError as error:
            flash(error.message, "error")
        else:
            if leaving:
                flash(_("You left %(org)s.", org=org.name), "success")
                return redirect(url_for("main.dashboard"))
            flash(_("%(name)s is no longer a member.", name=name), "success")
    return redirect(url_for("employers.organization"))


@bp.route("/employer/organization/members/<int:member_id>/make-owner", methods=["POST"])
@role_required(Role.EMPLOYER)
def make_owner(member_id: int) -> ResponseReturnValue:
    org, member = _own_member(member_id)
    if ActionForm().validate_on_submit():
        try:
            organizations.make_owner(acting_user(), org, member)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("%(name)s is now an owner.", name=member.user.name), "success")
    return redirect(url_for("employers.organization"))


@bp.route("/employer/join/<token>", methods=["GET", "POST"])
def join(token: str) -> ResponseReturnValue:
    """The invitation link. Anyone may open it; accepting needs the invited employer account."""
    invitation = organizations.invitation_for_token(token)
    if invitation is None:
        return render_template("employers/join.html", invitation=None), 404
    form = ActionForm()
    if form.validate_on_submit():
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=url_for("employers.join", token=token)))
        try:
            org = organizations.accept_invitation(acting_user(), invitation)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(
                _("Welcome to %(org)s. You can post and manage its jobs now.", org=org.name),
                "success",
            )
            return redirect(url_for("main.dashboard"))
    return render_template("employers/join.html", invitation=invitation, token=token, form=form)


@bp.route("/employer/invitations/<int:invitation_id>/accept", methods=["POST"])
@role_required(Role.EMPLOYER)
def accept_invitation(invitation_id: int) -> ResponseReturnValue:
    """Accept from the dashboard: the invitation must be addressed to this account."""
    invitation = get_or_404(
        OrganizationInvitation,
        invitation_id,
        allowed=lambda invitation: invitation.email == acting_user().email.lower(),
    )
    if ActionForm().validate_on_submit():
        try:
            org = organizations.accept_invitation(acting_user(), invitation)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(
                _("Welcome to %(org)s. You can post and manage its jobs now.", org=org.name),
                "success",
            )
    return redirect(url_for("main.dashboard"))


@bp.route("/companies/<slug>")
def company(slug: str) -> ResponseReturnValue:
    org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    if org is None:
        abort(404)
    is_member = organizations.is_member(current_user, org)
    insider = is_member or getattr(current_user, "is_admin", False)
    if not insider and not organizations.name_is_public(org):
        abort(404)
    return render_template(
        "employers/company.html",
        org=org,
        jobs=job_rules.public_jobs_of(org),
        is_member=is_member,
        show_about=insider or organizations.about_is_public(org),
    )
