"""Data rights: everyone can download what the portal holds about them, and delete their account.

Deleting keeps the counts others rely on right without keeping the person: the `users` row stays
as an anonymised placeholder ("Deleted account", an address that cannot receive mail, no
password, every session ended), so an employer's applications per job and stages stay counted.
Everything that describes the person goes: name, e-mail, profile fields, credentials, hours,
files, cover notes, answers, their messages, saved searches, notifications, reveals, invitations
and organization or school memberships; a school's record of them as its graduate keeps only its
cohort and claim. The profile row keeps only the school it names and which steps were done,
hidden from everyone, so a school's placement figures stay right; being hidden, the search
worker removes its document from the index (through the outbox, like any other change).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _

from portal import uploads
from portal.errors import ValidationFailed
from portal.extensions import Model, db
from portal.models import (
    Application,
    ApplyClick,
    EmailOptOut,
    Graduate,
    Invitation,
    Job,
    JobReport,
    JobStatus,
    MailOutbox,
    Message,
    Notification,
    Organization,
    OrganizationMember,
    Profile,
    ProfileReveal,
    ProfileViewDay,
    RankedList,
    SavedSearch,
    School,
    SchoolMember,
    User,
    Visibility,
    utcnow,
)
from portal.security import verify_password
from portal.services import audit
from portal.services.jobs import CLOSABLE

# Never exported: secrets, and what an organization keeps for itself (notes, ratings).
SECRET_COLUMNS = {"password_hash", "session_token", "email_change_key"}
DELETED_NAME = "Deleted account"

T = TypeVar("T")


# Export ----------------------------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _row(obj: Model, leave_out: AbstractSet[str] = frozenset()) -> dict[str, object]:
    """Every column of a row as JSON-ready values, minus secrets and `leave_out`."""
    columns = sa.inspect(obj).mapper.column_attrs
    return {
        c.key: _plain(getattr(obj, c.key))
        for c in columns
        if c.key not in SECRET_COLUMNS and c.key not in leave_out
    }


def _all(stmt: sa.Select[T]) -> list[T]:
    return list(db.session.scalars(stmt))


def personal_data(user: User) -> dict[str, Any]:
    """Everything stored about `user`, as plain JSON-ready data."""
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))
    applications = _all(
        sa.select(Application).where(Application.seeker_id == user.id).order_by(Application.id)
    )
    data: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "account": _row(user),
        "profile": None,
        "applications": [
            {
                **_row(application, leave_out={"rating"}),
                "job_title": application.job.title,
                "organization": application.organization.name,
                "history": [_row(event) for event in application.events],
                "messages": [_row(message) for message in application.messages],
            }
            for application in applications
        ],
        "saved_searches": [
            _row(s) for s in _all(sa.select(SavedSearch).where(SavedSearch.user_id == user.id))
        ],
        "notifications": [
            _row(n) for n in _all(sa.select(Notification).where(Notification.user_id == user.id))
        ],
        "email_turned_off": [
            _row(o) for o in _all(sa.select(EmailOptOut).where(EmailOptOut.user_id == user.id))
        ],
        "organization_memberships": [
            {**_row(m), "organization": m.organization.name}
            for m in _all(
                sa.select(OrganizationMember).where(OrganizationMember.user_id == user.id)
            )
        ],
        "school": None,
        "school_staff": [
            {**_row(m), "school": m.school.name}
            for m in _all(sa.select(SchoolMember).where(SchoolMember.user_id == user.id))
        ],
        "school_graduate_records": [
            {**_row(g), "school": g.school.name}
            for g in _all(sa.select(Graduate).where(Graduate.user_id == user.id))
        ],
        "reports_written": [
            _row(r) for r in _all(sa.select(JobReport).where(JobReport.reporter_id == user.id))
        ],
    }
    if profile is not None:
        data["profile"] = {
            **_row(profile),
            "credentials": [_row(c) for c in profile.credentials],
            "availability": [_row(slot) for slot in profile.availability],
            "revealed_to": [
                {
                    **_row(r),
                    "organization": db.session.get_one(Organization, r.organization_id).name,
                }
                for r in _all(
                    sa.select(ProfileReveal).where(ProfileReveal.profile_id == profile.id)
                )
            ],
            "views_by_day": [
                _row(v)
                for v in _all(
                    sa.select(ProfileViewDay).where(ProfileViewDay.profile_id == profile.id)
                )
            ],
            "invitations": [
                {**_row(i), "job_title": i.job.title, "organization": i.organization.name}
                for i in _all(sa.select(Invitation).where(Invitation.profile_id == profile.id))
            ],
        }
    school = db.session.scalar(sa.select(School).where(School.owner_id == user.id))
    if school is not None:
        data["school"] = _row(school)
    return data


def _files(user: User) -> list[tuple[str, str]]:
    """(stored name, name in the archive) of every file the person uploaded or sent."""
    found: list[tuple[str, str]] = []
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))
    if profile is not None:
        if profile.resume_file:
            found.append((profile.resume_file, f"resume/{profile.resume_name or 'resume.pdf'}"))
        for credential in profile.credentials:
            if credential.proof_file:
                name = credential.proof_name or "proof"
                found.append((credential.proof_file, f"credentials/{credential.id}-{name}"))
    for application in _all(sa.select(Application).where(Application.seeker_id == user.id)):
        if application.resume_file:
            name = application.resume_name or "resume.pdf"
            found.append((application.resume_file, f"applications/{application.id}-{name}"))
    return found


def export_archive(user: User) -> bytes:
    """A zip with `data.json` and the person's files, under their original names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(personal_data(user), indent=2, ensure_ascii=False))
        for stored, name in _files(user):
            if uploads.exists(stored):
                archive.write(uploads.path_for(stored), _archive_name(name))
    audit.record_now("data_exported", actor=user, subject=user)
    return buffer.getvalue()


def _archive_name(name: str) -> str:
    """A safe path inside the archive: no leading slash, no "..", printable characters."""
    parts = [
        "".join(ch for ch in part if ch.isprintable() and ch not in '\\:*?"<>|').strip(" .")
        for part in name.split("/")
    ]
    return "/".join(part for part in parts if part and part != "..") or "file"


# Deletion --------------------------------------------------------------------------------------


def delete_account(user: User, password: str) -> None:
    """Remove the person and what describes them; keep anonymised counts (see the module)."""
    if user.deleted_at is not None:
        return
    if not verify_password(user.password_hash, password):
        raise ValidationFailed(_("Your password is not right."), field="password")
    files = [stored for stored, _name in _files(user)]
    old_email = user.email
    now = utcnow()
    _forget_profile(user)
    _detach_applications(user)
    _anonymise_graduate_records(user)
    _close_jobs_nobody_answers(user, now)
    for model, column in (
        (SavedSearch, SavedSearch.user_id),
        (Notification, Notification.user_id),
        (OrganizationMember, OrganizationMember.user_id),
        (SchoolMember, SchoolMember.user_id),
        (EmailOptOut, EmailOptOut.user_id),
    ):
        db.session.execute(sa.delete(model).where(column == user.id))
    db.session.execute(
        sa.update(ApplyClick).where(ApplyClick.user_id == user.id).values(user_id=None)
    )
    db.session.execute(
        sa.update(JobReport).where(JobReport.reporter_id == user.id).values(reporter_id=None)
    )
    db.session.execute(
        sa.delete(MailOutbox).where(
            MailOutbox.to_address == old_email, MailOutbox.sent_at.is_(None)
        )
    )
    user.name = DELETED_NAME
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.password_hash = "!deleted"
    user.email_change_key = None
    user.timezone = None
    user.email_verified_at = None
    user.last_login_at = None
    user.disabled_at = user.disabled_at or now
    user.deleted_at = now
    user.rotate_session_token()
    audit.record("account_deleted", actor=user, subject=user)
    db.session.commit()
    for stored in files:
        uploads.delete(stored)


def _close_jobs_nobody_answers(user: User, now: datetime) -> None:
    """When the last member of an organization leaves, nobody is left to read applications:
    its open jobs close (they keep their page, marked closed)."""
    for organization_id in db.session.scalars(
        sa.select(OrganizationMember.organization_id).where(OrganizationMember.user_id == user.id)
    ).all():
        others = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OrganizationMember)
            .where(
                OrganizationMember.organization_id == organization_id,
                OrganizationMember.user_id != user.id,
            )
        )
        if others:
            continue
        for job in db.session.scalars(
            sa.select(Job).where(Job.organization_id == organization_id, Job.status.in_(CLOSABLE))
        ):
            job.status = JobStatus.CLOSED
            job.closed_at = now


def _forget_profile(user: User) -> None:
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))
    if profile is None:
        return
    db.session.execute(sa.delete(ProfileReveal).where(ProfileReveal.profile_id == profile.id))
    db.session.execute(sa.delete(Invitation).where(Invitation.profile_id == profile.id))
    db.session.execute(sa.delete(ProfileViewDay).where(ProfileViewDay.profile_id == profile.id))
    # "Jobs for you", scored from the profile (the lists naming it under a job go stale when
    # the worker removes the profile from the index, and are recomputed on their next view).
    db.session.execute(
        sa.delete(RankedList).where(RankedList.kind == "jobs", RankedList.owner_id == profile.id)
    )
    profile.credentials.clear()
    profile.availability.clear()
    for column in sa.inspect(Profile).column_attrs:
        if column.key not in KEPT_PROFILE_COLUMNS:
            _clear(profile, column)
    profile.visibility = Visibility.HIDDEN
    profile.open_to_work = False


# What the anonymised profile keeps: the school it names and which steps were done, which
# school placement figures count ("profile complete"); nothing that describes the person.
KEPT_PROFILE_COLUMNS = {"id", "user_id", "school_id", "steps_done", "created_at", "updated_at"}


def _clear(row: Model, column: sa.orm.ColumnProperty[object]) -> None:
    """Set a column back to its default (None when it has none and may be empty)."""
    definition = column.columns[0]
    default = definition.default
    if default is not None and default.is_callable:
        setattr(row, column.key, default.arg(None))
    elif default is not None and default.is_scalar:
        setattr(row, column.key, default.arg)
    elif definition.nullable:
        setattr(row, column.key, None)


def _anonymise_graduate_records(user: User) -> None:
    """A school's record of this graduate keeps its cohort and claim (placement figures count
    them) but no longer says who they were."""
    for graduate in _all(sa.select(Graduate).where(Graduate.user_id == user.id)):
        graduate.name = DELETED_NAME
        graduate.email = f"deleted-{graduate.id}@deleted.invalid"
        graduate.phone = None
        graduate.credential_number = None


def _detach_applications(user: User) -> None:
    applications = _all(sa.select(Application).where(Application.seeker_id == user.id))
    for application in applications:
        application.cover_note = ""
        application.answers = []
        application.match_items = []
        application.resume_file = None
        application.resume_name = None
    if applications:
        db.session.execute(
            sa.delete(Message).where(
                Message.application_id.in_([a.id for a in applications]),
                Message.from_organization.is_(False),
            )
        )
