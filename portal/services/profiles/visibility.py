"""Revealing a seeker to an organization, and the documents a viewer may download. Who may see
what is decided by `portal.models.profile_view.profile_view_for`."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.errors import NotFound
from portal.extensions import db
from portal.models import Credential, Organization, Profile, ProfileReveal, RevealReason, User
from portal.models.profile_view import profile_view_for
from portal.services import audit


def reveal_profile_to(
    profile: Profile, organization_id: int, reason: RevealReason | str
) -> ProfileReveal:
    """Let an organization see who the seeker is, because they applied to it or accepted its
    invitation. Idempotent (the first reason is kept). Adds to the session WITHOUT committing, so
    the caller's application or acceptance and the reveal commit together."""
    reason = RevealReason(reason)
    existing: ProfileReveal | None = db.session.scalar(
        sa.select(ProfileReveal).where(
            ProfileReveal.profile_id == profile.id,
            ProfileReveal.organization_id == organization_id,
        )
    )
    if existing is not None:
        return existing
    if db.session.get(Organization, organization_id) is None:
        raise NotFound(_("No such organization."))
    reveal = ProfileReveal(profile_id=profile.id, organization_id=organization_id, reason=reason)
    db.session.add(reveal)
    audit.record(
        "identity_revealed", actor=profile.user, subject=profile, organization_id=organization_id
    )
    return reveal


def resume_for(viewer: User, profile_id: int) -> Profile:
    """The profile whose résumé `viewer` may download; NotFound otherwise (or when none)."""
    profile = db.session.get(Profile, profile_id)
    view = profile_view_for(viewer, profile)
    if profile is None or not view.resume or profile.resume_file is None:
        raise NotFound(_("No résumé."))
    if profile.user_id != viewer.id:
        audit.record_now("resume_downloaded", actor=viewer, subject=profile)
    return profile


def proof_for(viewer: User, credential_id: int) -> Credential:
    """The credential whose proof `viewer` may download; NotFound otherwise (or when none)."""
    credential = db.session.get(Credential, credential_id)
    if credential is None:
        raise NotFound(_("No such credential."))
    view = profile_view_for(viewer, credential.profile)
    if not view.proofs or credential.proof_file is None:
        raise NotFound(_("No proof."))
    return credential
