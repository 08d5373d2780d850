"""Verification that means something: the evidence an administrator checks before verifying an
organization or a school, and the schools' own verification.

An administrator verifies an organization or a school on evidence a second moderator can check
again: a number in an official register (a US EIN, an Indian GSTIN with its check character, an
Indian CIN, a Gulf commercial registration), the website looked at, and a named person spoken
to. Each decision is kept as a `VerificationRecord` (who, when, on what).

Schools are verified like organizations. Until then a school is not offered in seekers' school
lists, sees no graduates and cannot verify anything; a school that loses its verification keeps
its past verifications on record, but they stop counting (`Credential.is_verified`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from stdnum import exceptions as stdnum_errors
from stdnum.in_ import gstin
from stdnum.us import ein

from portal import mail
from portal.errors import Conflict, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.models import (
    Organization,
    School,
    User,
    VerificationDecision,
    VerificationRecord,
    utcnow,
)
from portal.services.organizations import FREE_MAIL_DOMAINS, normalize_website

REGISTRATION_KINDS: dict[str, str] = {
    "us_ein": _l("US Employer Identification Number (EIN)"),
    "in_gstin": _l("Indian GST number (GSTIN)"),
    "in_cin": _l("Indian Corporate Identity Number (CIN)"),
    "gulf_cr": _l("Gulf commercial registration or trade licence"),
    "other": _l("Another official register (say which in the note)"),
}
GULF_COUNTRIES = ("SA", "AE", "QA", "KW", "OM", "BH")
MAX_NOTE = 1000

__all__ = [
    "Evidence",
    "REGISTRATION_KINDS",
    "check_evidence",
    "decline_school",
    "latest_record",
    "normalize_registration",
    "record_decision",
    "same_person_or_staff",
    "schools_to_verify",
    "verified_schools",
    "verify_school",
    "withdraw_school",
]


@dataclass(frozen=True)
class Evidence:
    """What the administrator checked (filled by the admin's verification form)."""

    registration_kind: str
    registration_number: str
    contact_name: str
    contact_detail: str
    website: str = ""
    registration_country: str = ""
    note: str = ""


def _require_admin(user: User) -> None:
    if not getattr(user, "is_admin", False):
        raise PermissionDenied(_("Only administrators verify organizations and schools."))


# Registration numbers ------------------------------------------------------------------------

# L/U, industry (5 digits), state (2 letters), year (4), company type (3 letters), number (6).
_CIN = re.compile(r"[LU]\d{5}[A-Z]{2}(\d{4})[A-Z]{3}\d{6}")
# Saudi CR numbers are 10 digits starting with the issuing office (1010… Riyadh, 4030… Jeddah)
# or 7 (the unified national number); other Gulf registers use digits, sometimes with letters
# and a "-" or "/" (Dubai "CN-1234567", Bahrain "12345-1").
_SAUDI_CR = re.compile(r"[1-7]\d{9}")
_GULF_CR = re.compile(r"[A-Z0-9]{1,6}(?:[-/][A-Z0-9]{1,10}){0,2}")


def _compact(number: str) -> str:
    return re.sub(r"[\s.]", "", number or "").upper()


def normalize_registration(kind: str, number: str, country: str = "") -> str:
    """The registration number written the standard way, or ValidationFailed saying what is
    wrong with it (a GSTIN's check character is verified, an EIN's prefix must be one the IRS
    assigns)."""
    compact = _compact(number)
    if not compact:
        raise ValidationFailed(
            _("Enter the registration number you checked."), field="registration_number"
        )
    if kind == "us_ein":
        try:
            return ein.format(ein.validate(compact))
        except stdnum_errors.InvalidComponent:
            raise ValidationFailed(
                _("No EIN starts with %(prefix)s: check the first two digits.", prefix=compact[:2]),
                field="registration_number",
            ) from None
        except stdnum_errors.ValidationError:
            raise ValidationFailed(
                _("An EIN has 9 digits, like 12-3456789."), field="registration_number"
            ) from None
    if kind == "in_gstin":
        try:
            return gstin.validate(compact)
        except stdnum_errors.InvalidChecksum:
            raise ValidationFailed(
                _(
                    "This GSTIN's last-but-one check character does not match: look for a "
                    "mistyped letter or digit."
                ),
                field="registration_number",
            ) from None
        except stdnum_errors.ValidationError:
            raise ValidationFailed(
                _("A GSTIN has 15 characters, like 27AAPFU0939F1ZV."),
                field="registration_number",
            ) from None
    if kind == "in_cin":
        match = _CIN.fullmatch(compact)
        if not match or not 1850 <= int(match.group(1)) <= date.today().year:
            raise ValidationFailed(
                _("A CIN has 21 characters, like U72200KA2009PTC049889."),
                field="registration_number",
            )
        return compact
    if kind == "gulf_cr":
        if country not in GULF_COUNTRIES:
            raise ValidationFailed(
                _("Choose the country whose register you checked."),
                field="registration_country",
            )
        pattern = _SAUDI_CR if country == "SA" else _GULF_CR
        if not pattern.fullmatch(compact) or sum(c.isdigit() for c in compact) < 3:
            example = "1010123456" if country == "SA" else "CN-1234567"
            raise ValidationFailed(
                _("Enter the registration number as the register shows it, like %(example)s.",
                  example=example),
                field="registration_number",
            )  # fmt: skip
        return compact
    if kind == "other":
        if len(compact) > 64:
            raise ValidationFailed(
                _("Use at most 64 characters for the number."), field="registration_number"
            )
        return " ".join(number.split())
    raise ValidationFailed(_("Choose the register you checked."), field="registration_kind")


def check_evidence(evidence: Evidence) -> Evidence:
    """The evidence cleaned and complete, or ValidationFailed naming the first field at fault."""
    kind = evidence.registration_kind
    if kind not in REGISTRATION_KINDS:
        raise ValidationFailed(_("Choose the register you checked."), field="registration_kind")
    country = evidence.registration_country if kind == "gulf_cr" else ""
    number = normalize_registration(kind, evidence.registration_number, country)
    website = normalize_website(evidence.website)
    contact_name = " ".join(evidence.contact_name.split())
    if not contact_name:
        raise ValidationFailed(
            _("Enter the name of the person you spoke to."), field="contact_name"
        )
    if len(contact_name) > 120:
        raise ValidationFailed(_("Use at most 120 characters."), field="contact_name")
    contact_detail = " ".join(evidence.contact_detail.split())
    if not contact_detail:
        raise ValidationFailed(
            _("Say how you reached them, for example the phone number you called."),
            field="contact_detail",
        )
    if len(contact_detail) > 200:
        raise ValidationFailed(_("Use at most 200 characters."), field="contact_detail")
    note = evidence.note.strip()
    if kind == "other" and not note:
        raise ValidationFailed(_("Say which register you checked."), field="note")
    if len(note) > MAX_NOTE:
        raise ValidationFailed(_("Use at most %(n)s characters.", n=MAX_NOTE), field="note")
    return replace(
        evidence,
        registration_number=number,
        registration_country=country,
        website=website or "",
        contact_name=contact_name,
        contact_detail=contact_detail,
        note=note,
    )


# Records ---------------------------------------------------------------------------------------


def record_decision(
    admin: User,
    subject: Organization | School,
    decision: VerificationDecision,
    evidence: Evidence | None = None,
    note: str = "",
) -> VerificationRecord:
    """Keep who decided what, when and on what (the caller commits)."""
    record = VerificationRecord(
        organization_id=subject.id if isinstance(subject, Organization) else None,
        school_id=subject.id if isinstance(subject, School) else None,
        decision=decision,
        admin_id=admin.id,
        note=note,
    )
    if evidence is not None:
        record.registration_kind = evidence.registration_kind
        record.registration_country = evidence.registration_country or None
        record.registration_number = evidence.registration_number
        record.website = evidence.website or None
        record.contact_name = evidence.contact_name
        record.contact_detail = evidence.contact_detail
        record.note = evidence.note
    db.session.add(record)
    return record


def latest_record(subject: Organization | School) -> VerificationRecord | None:
    """The last decision on `subject` with its evidence (for the admin's decision page)."""
    column = (
        VerificationRecord.organization_id
        if isinstance(subject, Organization)
        else VerificationRecord.school_id
    )
    return db.session.scalar(
        sa.select(VerificationRecord)
        .where(column == subject.id)
        .order_by(VerificationRecord.created_at.desc(), VerificationRecord.id.desc())
        .limit(1)
    )


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Write the reason the school will read."), field="reason")
    if len(reason) > MAX_NOTE:
        raise ValidationFailed(
            _("Use at most %(n)s characters for the reason.", n=MAX_NOTE), field="reason"
        )
    return reason


# Schools ---------------------------------------------------------------------------------------


def schools_to_verify(limit: int = 100) -> list[School]:
    """Unverified schools not declined since their last change, oldest first."""
    return list(
        db.session.scalars(
            sa.select(School)
            .where(School.verified_at.is_(None), School.verification_declined_at.is_(None))
            .order_by(School.created_at, School.id)
            .limit(limit)
        )
    )


def verified_schools() -> list[School]:
    return list(
        db.session.scalars(
            sa.select(School).where(School.verified_at.is_not(None)).order_by(School.name)
        )
    )


def _tell_school(school: School, subject: str, template: str, **context: Any) -> None:
    """E-mail the school's owner; `context` holds template variables only (typed Any so that
    mypy need not fear one of them is `queue_email`'s `dedupe_key`)."""
    owner = school.owner
    if owner.disabled_at is not None:
        return
    mail.queue_email(
        owner.email,
        subject,
        template,
        user=owner,
        school=school,
        school_url=external_url("schools.edit"),
        **context,
    )


def verify_school(admin: User, school: School, evidence: Evidence) -> None:
    """Verify a school on checked evidence: it appears in seekers' lists, sees its graduates,
    and its verifications (past ones included) count."""
    _require_admin(admin)
    if school.is_verified:
        raise Conflict(_("%(name)s is already verified.", name=school.name))
    evidence = check_evidence(evidence)
    school.verified_at = utcnow()
    school.verified_by_id = admin.id
    school.verification_declined_at = None
    school.verification_note = None
    record_decision(admin, school, VerificationDecision.VERIFIED, evidence)
    _tell_school(school, _("%(school)s is verified", school=school.name), "school_verified")
    db.session.commit()


def decline_school(admin: User, school: School, reason: str) -> None:
    """Leave it unverified, with a note the school reads; back in the queue when it changes."""
    _require_admin(admin)
    reason = _reason(reason)
    if school.is_verified:
        raise Conflict(_("This school is verified. Withdraw its verification instead."))
    school.verification_declined_at = utcnow()
    school.verification_note = reason
    record_decision(admin, school, VerificationDecision.DECLINED, note=reason)
    _tell_school(
        school,
        _("We could not verify %(school)s", school=school.name),
        "school_declined",
        reason=reason,
    )
    db.session.commit()


def withdraw_school(admin: User, school: School, reason: str) -> None:
    """Take a school's verification away: its verifications stop counting at once."""
    _require_admin(admin)
    reason = _reason(reason)
    if not school.is_verified:
        raise Conflict(_("This school is not verified."))
    school.verified_at = None
    school.verified_by_id = None
    school.verification_declined_at = utcnow()
    school.verification_note = reason
    record_decision(admin, school, VerificationDecision.WITHDRAWN, note=reason)
    _tell_school(
        school,
        _("%(school)s is no longer verified", school=school.name),
        "school_declined",
        reason=reason,
    )
    db.session.commit()


def _mailbox(email: str) -> tuple[str, str]:
    """("priya", "gmail.com") for "Priya.N+school@Gmail.com": one inbox, written two ways."""
    local, _at, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return local, domain


def _domain_of_site(url: str | None) -> str | None:
    host = re.sub(r"^[a-z]+://", "", (url or "").lower()).split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.") or None


def same_person_or_staff(school: School, seeker: User) -> bool:
    """True when the seeker is the school itself or works there: the same inbox as the school's
    owner or one of its staff accounts, or an address at the school's own domain (its
    website's, or its accounts' when that is not a free mail service). A school never vouches
    for its own people."""
    local, domain = _mailbox(seeker.email)
    staff = [school.owner, *(member.user for member in school.members)]
    inboxes = {_mailbox(person.email) for person in staff}
    if (local, domain) in inboxes:
        return True
    own_domains = {d for _local, d in inboxes if d not in FREE_MAIL_DOMAINS}
    site = _domain_of_site(school.website)
    if site is not None:
        own_domains.add(site)
    return any(domain == d or domain.endswith("." + d) for d in own_domains)
