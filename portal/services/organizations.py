"""Organizations: create and edit one, invite colleagues, remove them, and who may act for it.

An employer account belongs to at most one organization (`OrganizationMember.user_id` is
unique). The person who creates it is its owner; invited colleagues join as recruiters. Owners
edit the organization and manage people; every member posts and manages the organization's jobs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _

from portal import mail, places, taxonomy
from portal.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.limits import ABOUT_MAX, ORGANIZATION_NAME_MAX, WEBSITE_MAX
from portal.mail import external_url
from portal.models import (
    MemberRole,
    Organization,
    OrganizationInvitation,
    OrganizationMember,
    User,
    organization_of,
    utcnow,
)
from portal.moderation import scam
from portal.services import invitations
from portal.services.invitations import invitee_email

INVITATION_MAX_AGE = 7 * 24 * 3600
# Addresses anyone can get: they say nothing about working for the organization.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.in",
        "ymail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "rediffmail.com",
        "zoho.com",
        "gmx.com",
        "mail.com",
    }
)

__all__ = [
    "accept_invitation",
    "can_manage",
    "create_organization",
    "domain_checks",
    "invitation_for_token",
    "invite_member",
    "is_member",
    "member_role",
    "open_invitations_for",
    "organization_of",
    "remove_member",
    "revoke_invitation",
    "slugify",
    "update_organization",
]


# Who is who ---------------------------------------------------------------------------------


def membership(user: User, organization: Organization) -> OrganizationMember | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_employer", False):
        return None
    return db.session.scalar(
        sa.select(OrganizationMember).where(
            OrganizationMember.organization_id == organization.id,
            OrganizationMember.user_id == user.id,
        )
    )


def is_member(user: User, organization: Organization) -> bool:
    """True when `user` acts for `organization` (owner or recruiter)."""
    return membership(user, organization) is not None


def member_role(user: User, organization: Organization) -> MemberRole | None:
    member = membership(user, organization)
    return member.role if member else None


def can_manage(user: User, organization: Organization) -> bool:
    """Owners edit the organization and manage its people."""
    return member_role(user, organization) == MemberRole.OWNER


def require_organization(user: User) -> Organization:
    """The organization the employer acts for; NotFound when they have none yet."""
    organization = organization_of(user)
    if organization is None:
        raise NotFound(_("Create your organization first."))
    return organization


# Creating and editing -----------------------------------------------------------------------


def slugify(text: str) -> str:
    """ "Mercy Valley Health" → "mercy-valley-health" (ASCII, at most 80 characters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "organization"


def _unique_slug(name: str, exclude_id: int | None = None) -> str:
    base = slugify(name)
    slug, n = base, 1
    while True:
        stmt = sa.select(Organization.id).where(Organization.slug == slug)
        if exclude_id is not None:
            stmt = stmt.where(Organization.id != exclude_id)
        if db.session.scalar(stmt) is None:
            return slug
        n += 1
        slug = f"{base}-{n}"


def normalize_website(url: str | None) -> str | None:
    """An http(s) address with a host, or None when empty; "example.com" gets https://."""
    url = (url or "").strip()
    if not url:
        return None
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        raise ValidationFailed(
            _("Enter the website address like https://www.example.com."), field="website"
        )
    if len(url) > WEBSITE_MAX:
        raise ValidationFailed(
            _("Use a website address of at most %(n)s characters.", n=WEBSITE_MAX),
            field="website",
        )
    return url


class _Details(TypedDict):
    """An organization's details once checked, as the model's columns take them."""

    name: str
    kind: str
    country: str
    size: str | None
    about: str
    website: str | None


def _clean(data: Mapping[str, str | None]) -> _Details:
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationFailed(_("Enter the name of your organization."), field="name")
    if len(name) > ORGANIZATION_NAME_MAX:
        raise ValidationFailed(
            _("Use at most %(n)s characters for the name.", n=ORGANIZATION_NAME_MAX), field="name"
        )
    kind = data.get("kind") or ""
    if kind not in taxonomy.ORGANIZATION_KINDS:
        raise ValidationFailed(_("Choose what kind of organization it is."), field="kind")
    country = (data.get("country") or "").upper()
    if country not in taxonomy.COUNTRIES:
        raise ValidationFailed(_("Choose the country of your organization."), field="country")
    size = data.get("size") or None
    if size is not None and size not in taxonomy.ORGANIZATION_SIZES:
        raise ValidationFailed(_("Choose a size from the list."), field="size")
    about = (data.get("about") or "").strip()
    if len(about) > ABOUT_MAX:
        raise ValidationFailed(
            _("Use at most %(n)s characters.", n=f"{ABOUT_MAX:,}"), field="about"
        )
    return {
        "name": name,
        "kind": kind,
        "country": country,
        "size": size,
        "about": about,
        "website": normalize_website(data.get("website")),
    }


def create_organization(user: User, data: Mapping[str, str | None]) -> Organization:
    """Create an organization with `user` as its owner. It starts unverified."""
    if not user.is_employer:
        raise PermissionDenied(_("Only employer accounts can create an organization."))
    if organization_of(user) is not None:
        raise Conflict(_("You already belong to an organization."))
    values = _clean(data)
    organization = Organization(**values, slug=_unique_slug(values["name"]))
    organization.members.append(OrganizationMember(user=user, role=MemberRole.OWNER))
    _zone_from_organization(user, organization)
    db.session.add(organization)
    db.session.commit()
    return organization


def _zone_from_organization(user: User, organization: Organization) -> None:
    """A recruiter who has not chosen a time zone reads times in their organization's country's
    (its largest city's); the account page changes it."""
    if user.timezone is None:
        user.timezone = places.suggest_timezone(organization.country)


def text_scan(organization: Organization) -> scam.Scan:
    """The organization's name and "about" read for money demands and contact details."""
    return scam.scan(organization.name, organization.about)


def about_is_public(organization: Organization) -> bool:
    """The "about" text appears on the company page only once a moderator verified the
    organization (and with it read the text): "Registration fee Rs 1,999 via UPI" once went
    public the moment it was typed."""
    return organization.is_verified


def name_is_public(organization: Organization) -> bool:
    """An unverified organization whose name itself asks for money or gives a phone number has
    no public page until a moderator looks."""
    if organization.is_verified:
        return True
    found = scam.scan(organization.name)
    return not found.flagged and not found.contacts


def _says_something_new(before: scam.Scan, after: scam.Scan) -> bool:
    return bool(after.fingerprints - before.fingerprints) or bool(
        set(after.contacts) - set(before.contacts)
    )


def update_organization(
    user: User, organization: Organization, data: Mapping[str, str | None]
) -> bool:
    """Change the details. A new website domain on a verified organization removes the
    verification (the admin checked the old domain), and so does a name or "about" that now
    asks for money or gives contact details the admin did not read: returns True when that
    happened."""
    if not can_manage(user, organization):
        raise PermissionDenied(_("Only an owner can change the organization."))
    values = _clean(data)
    before = text_scan(organization)
    old_domain = organization.website_domain
    renamed = values["name"] != organization.name
    for key, value in values.items():
        setattr(organization, key, value)
    lost_verification = False
    new_text = _says_something_new(before, text_scan(organization))
    if (organization.website_domain != old_domain or new_text) and organization.is_verified:
        organization.verified_at = None
        organization.verified_by_id = None
        lost_verification = True
    # A declined organization that changed its details goes back to the queue.
    organization.verification_declined_at = None
    if renamed:
        organization.slug = _unique_slug(values["name"], exclude_id=organization.id)
    # Search documents of its jobs carry the name and badge: `portal.search.fanout` notes the
    # organization in the outbox when those change.
    db.session.commit()
    return lost_verification


# Colleagues ---------------------------------------------------------------------------------


def invitation_token(invitation: OrganizationInvitation) -> str:
    return invitations.invitation_token("invite", invitation)


def invite_member(user: User, organization: Organization, email: str) -> OrganizationInvitation:
    """E-mail a colleague a link to join as a recruiter."""
    if not can_manage(user, organization):
        raise PermissionDenied(_("Only an owner can invite colleagues."))
    email = invitee_email(
        email,
        members={m.user.email for m in organization.members},
        waiting=[i.email for i in organization.invitations if i.is_open],
    )
    invitation = OrganizationInvitation(organization=organization, email=email, invited_by=user)
    db.session.add(invitation)
    db.session.flush()
    mail.queue_email(
        email,
        _(
            "%(name)s invites you to %(organization)s",
            name=user.name,
            organization=organization.name,
        ),
        "organization_invitation",
        organization=organization,
        inviter=user,
        join_url=external_url("employers.join", token=invitation_token(invitation)),
        signup_url=external_url("auth.signup", role="employer"),
        days=INVITATION_MAX_AGE // 86400,
    )
    db.session.commit()
    return invitation


def invitation_for_token(token: str) -> OrganizationInvitation | None:
    """The open invitation a link names, or None for a forged, expired or used link."""
    return invitations.invitation_for_token(
        "invite", OrganizationInvitation, token, INVITATION_MAX_AGE
    )


def open_invitations_for(user: User) -> list[OrganizationInvitation]:
    """Invitations waiting for this account's e-mail address (shown on its dashboard)."""
    if not user.is_employer or organization_of(user) is not None:
        return []
    cutoff = utcnow().timestamp() - INVITATION_MAX_AGE
    waiting = db.session.scalars(
        sa.select(OrganizationInvitation)
        .where(
            OrganizationInvitation.email == user.email.lower(),
            OrganizationInvitation.accepted_at.is_(None),
            OrganizationInvitation.revoked_at.is_(None),
        )
        .order_by(OrganizationInvitation.created_at.desc())
    ).all()
    return [i for i in waiting if i.created_at.timestamp() >= cutoff]


def accept_invitation(user: User, invitation: OrganizationInvitation) -> Organization:
    """Join the organization as a recruiter. The account's e-mail must be the invited one."""
    if not user.is_employer:
        raise PermissionDenied(
            _("Invitations are for employer accounts. Log in with an employer account.")
        )
    if not invitation.is_open:
        raise Conflict(_("This invitation was already used or withdrawn."))
    if user.email.lower() != invitation.email:
        raise PermissionDenied(
            _(
                "This invitation is for %(email)s. Log in with that address to accept it.",
                email=invitation.email,
            )
        )
    current = organization_of(user)
    if current is not None:
        if current.id == invitation.organization_id:
            raise Conflict(_("You are already a member of this organization."))
        raise Conflict(
            _(
                "Your account already belongs to %(organization)s. "
                "An employer account acts for one organization.",
                organization=current.name,
            )
        )
    db.session.add(
        OrganizationMember(
            organization_id=invitation.organization_id, user_id=user.id, role=MemberRole.RECRUITER
        )
    )
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    _zone_from_organization(user, invitation.organization)
    db.session.commit()
    return invitation.organization


def revoke_invitation(user: User, invitation: OrganizationInvitation) -> None:
    if not can_manage(user, invitation.organization):
        raise PermissionDenied(_("Only an owner can withdraw invitations."))
    if invitation.is_open:
        invitation.revoked_at = utcnow()
        db.session.commit()


def remove_member(user: User, organization: Organization, member: OrganizationMember) -> None:
    """An owner removes a colleague, or anyone leaves. The last owner cannot go: the
    organization would be left with nobody to manage it."""
    if member.organization_id != organization.id:
        raise NotFound(_("No such member."))
    leaving = member.user_id == user.id
    if not leaving and not can_manage(user, organization):
        raise PermissionDenied(_("Only an owner can remove colleagues."))
    owners = [m for m in organization.members if m.role == MemberRole.OWNER]
    if member.role == MemberRole.OWNER and len(owners) <= 1:
        raise Conflict(
            _("The organization needs at least one owner. Make someone else an owner first.")
        )
    db.session.delete(member)
    db.session.commit()


def make_owner(user: User, organization: Organization, member: OrganizationMember) -> None:
    if not can_manage(user, organization) or member.organization_id != organization.id:
        raise PermissionDenied(_("Only an owner can do this."))
    member.role = MemberRole.OWNER
    db.session.commit()


# Verification aid ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainCheck:
    email: str
    name: str
    matches: bool
    free_mail: bool


def _email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def domain_matches(email: str, website_domain: str | None) -> bool:
    """mercyvalley.example and hr.mercyvalley.example both match mercyvalley.example."""
    if not website_domain:
        return False
    domain = _email_domain(email)
    return domain == website_domain or domain.endswith("." + website_domain)


def domain_checks(organization: Organization) -> list[DomainCheck]:
    """For the moderator: does each member's e-mail domain match the organization's website?"""
    website = organization.website_domain
    return [
        DomainCheck(
            email=m.user.email,
            name=m.user.name,
            matches=domain_matches(m.user.email, website),
            free_mail=_email_domain(m.user.email) in FREE_MAIL_DOMAINS,
        )
        for m in organization.members
    ]
