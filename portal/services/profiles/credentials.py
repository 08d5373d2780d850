"""Credentials on a profile: adding and changing them with their proofs, and their
verification by an administrator or the seeker's school."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from portal import mail, taxonomy, uploads
from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.models import Credential, CredentialStatus, Role, User, school_of, utcnow
from portal.models.profile_view import graduate_of
from portal.services import audit, verification
from portal.services.notifications import external_url, notify
from portal.services.profiles.inputs import CredentialInput, expiry_problem
from portal.services.profiles.steps import (
    commit_with_files,
    ensure_profile,
    once_more_if_created_twice,
)


def own_credential(user: User, credential_id: int) -> Credential:
    credential = db.session.get(Credential, credential_id)
    if credential is None or credential.profile.user_id != user.id:
        raise NotFound(_("No such credential."))
    return credential


def _apply_credential(credential: Credential, data: CredentialInput) -> None:
    if data.kind not in taxonomy.CREDENTIALS:
        raise ValidationFailed(_("Choose a credential from the list."), field="kind")
    other_name = data.other_name.strip()
    if data.kind == "OTHER" and not other_name:
        raise ValidationFailed(_("Enter the name of the credential."), field="other_name")
    problem = expiry_problem(data.issued_on, data.expires_on)
    if problem:
        raise ValidationFailed(problem, field="expires_on")
    new_values = {
        "kind": data.kind,
        "other_name": other_name if data.kind == "OTHER" else None,
        "number": data.number.strip() or None,
        "issued_on": data.issued_on,
        "expires_on": data.expires_on,
    }
    changed = any(getattr(credential, k) != v for k, v in new_values.items())
    for key, value in new_values.items():
        setattr(credential, key, value)
    if changed and credential.status == CredentialStatus.VERIFIED:
        _clear_verification(credential)


def _clear_verification(credential: Credential) -> None:
    """A changed credential is no longer what was verified."""
    credential.status = (
        CredentialStatus.PROOF_UPLOADED if credential.proof_file else CredentialStatus.SELF_REPORTED
    )
    credential.verified_at = None
    credential.verified_by_id = None
    credential.verified_by_school_id = None
    credential.verification_method = None


_NOT_YET_CHECKED = (
    CredentialStatus.SELF_REPORTED,
    CredentialStatus.PROOF_UPLOADED,
    CredentialStatus.PROOF_REJECTED,
    CredentialStatus.PROOF_REQUESTED,
)


def _attach_proof(credential: Credential, proof: uploads.CheckedFile, stored: str) -> str | None:
    old = credential.proof_file
    credential.proof_file = stored
    credential.proof_name = proof.original_name[:200] or None
    credential.proof_size = proof.size
    credential.proof_uploaded_at = utcnow()
    if credential.status in _NOT_YET_CHECKED:
        # A new proof is checked afresh, whatever was said about the last one.
        credential.status = CredentialStatus.PROOF_UPLOADED
        credential.proof_review_note = None
        credential.proof_reviewed_at = None
    return old


def _detach_proof(credential: Credential) -> str | None:
    old = credential.proof_file
    credential.proof_file = credential.proof_name = None
    credential.proof_size = credential.proof_uploaded_at = None
    if credential.status in _NOT_YET_CHECKED:
        credential.status = CredentialStatus.SELF_REPORTED
    return old


def _same_credential(a: Credential, b: Credential) -> bool:
    keys = ("kind", "other_name", "number", "issued_on", "expires_on")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


@once_more_if_created_twice
def add_credential(
    user: User, data: CredentialInput, proof: uploads.CheckedFile | None = None
) -> Credential:
    profile = ensure_profile(user)
    credential = Credential(status=CredentialStatus.SELF_REPORTED)
    _apply_credential(credential, data)
    same = next((c for c in profile.credentials if _same_credential(c, credential)), None)
    if same is not None:  # a double submit: the first request already added it
        return same
    profile.credentials.append(credential)
    new_files = []
    if proof is not None:
        stored = uploads.store(proof)
        new_files.append(stored)
        _attach_proof(credential, proof, stored)
    commit_with_files(new_files, [])
    return credential


def update_credential(
    user: User,
    credential_id: int,
    data: CredentialInput,
    proof: uploads.CheckedFile | None = None,
    remove_proof: bool = False,
) -> Credential:
    credential = own_credential(user, credential_id)
    _apply_credential(credential, data)
    new_files, old_files = [], []
    if proof is not None:
        stored = uploads.store(proof)
        new_files.append(stored)
        old_files.append(_attach_proof(credential, proof, stored))
    elif remove_proof:
        old_files.append(_detach_proof(credential))
    commit_with_files(new_files, old_files)
    return credential


def delete_credential(user: User, credential_id: int) -> None:
    credential = own_credential(user, credential_id)
    old = credential.proof_file
    credential.profile.credentials.remove(credential)
    commit_with_files([], [old])


def can_verify(viewer: User, credential: Credential) -> bool:
    """Administrators verify any credential; a verified school verifies its visible graduates',
    never its own people's (see `verification.same_person_or_staff`)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.is_admin:
        return True
    profile = credential.profile
    school = school_of(viewer)
    return (
        graduate_of(profile, viewer)
        and school is not None
        and not profile.is_hidden
        and not verification.same_person_or_staff(school, profile.user)
    )


def credentials_to_check(page: int = 1, per_page: int = 50) -> Pagination:
    """For administrators: credentials with an uploaded proof that nobody has checked yet,
    oldest upload first (a Flask-SQLAlchemy pagination)."""
    stmt = (
        sa.select(Credential)
        .where(Credential.status == CredentialStatus.PROOF_UPLOADED)
        .order_by(Credential.proof_uploaded_at, Credential.id)
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def credential_to_verify(viewer: User, credential_id: int) -> Credential:
    credential = db.session.get(Credential, credential_id)
    if credential is None or not can_verify(viewer, credential):
        raise NotFound(_("No such credential."))
    return credential


def verify_credential(viewer: User, credential_id: int, method: str) -> Credential:
    """Mark a credential verified: by whom (the admin, or the school), when and how."""
    credential = credential_to_verify(viewer, credential_id)
    method = method.strip()
    if not method:
        raise ValidationFailed(_("Say how you checked this credential."), field="method")
    if len(method) > 200:
        raise ValidationFailed(_("Use at most 200 characters."), field="method")
    credential.status = CredentialStatus.VERIFIED
    credential.verified_at = utcnow()
    credential.verified_by_id = viewer.id
    school = None if viewer.role == Role.ADMIN else school_of(viewer)
    credential.verified_by_school_id = school.id if school is not None else None
    credential.verification_method = method
    audit.record("credential_verified", actor=viewer, subject=credential, method=method)
    db.session.commit()
    return credential


PROOF_OUTCOMES = {
    "reject": CredentialStatus.PROOF_REJECTED,
    "ask_again": CredentialStatus.PROOF_REQUESTED,
}


def review_proof(admin: User, credential_id: int, outcome: str, reason: str) -> Credential:
    """An administrator rejects a proof ("reject": it does not show this credential) or asks
    for a new one ("ask_again": unreadable, cut off, someone else's name). The coder reads the
    reason in the page and by e-mail; uploading a new proof puts it back in the queue."""
    if not getattr(admin, "is_admin", False):
        raise NotFound(_("No such credential."))
    credential = db.session.get(Credential, credential_id)
    if credential is None:
        raise NotFound(_("No such credential."))
    if outcome not in PROOF_OUTCOMES:
        raise ValidationFailed(_("Choose what should happen to the proof."), field="outcome")
    if credential.proof_file is None or credential.status == CredentialStatus.VERIFIED:
        raise ValidationFailed(_("Only a proof that is not verified yet can be sent back."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(_("Write the reason the coder will read."), field="reason")
    if len(reason) > 1000:
        raise ValidationFailed(_("Use at most 1000 characters."), field="reason")
    if credential.status == PROOF_OUTCOMES[outcome] and credential.proof_review_note == reason:
        return credential  # sent twice: the coder was told once
    credential.status = PROOF_OUTCOMES[outcome]
    credential.proof_review_note = reason
    credential.proof_reviewed_at = utcnow()
    seeker = credential.profile.user
    link = url_for("seekers.edit_credential", credential_id=credential.id)
    notify(seeker.id, f"proof_{outcome}", link, credential=credential.title, reason=reason)
    if seeker.disabled_at is None:
        subject = (
            _("Your %(credential)s proof was not accepted", credential=credential.title)
            if outcome == "reject"
            else _("Please send a new proof of your %(credential)s", credential=credential.title)
        )
        mail.queue_email(
            seeker.email,
            subject,
            "credential_proof",
            user=seeker,
            credential=credential,
            outcome=outcome,
            reason=reason,
            credential_url=external_url("seekers.edit_credential", credential_id=credential.id),
        )
    db.session.commit()
    return credential


def unverify_credential(viewer: User, credential_id: int) -> Credential:
    """Withdraw a verification (a mistake, or the credential turned out not to be held)."""
    credential = credential_to_verify(viewer, credential_id)
    _clear_verification(credential)
    db.session.commit()
    return credential
