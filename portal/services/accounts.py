"""Account use cases: sign-up, verification, log-in checks, password and e-mail changes.

Messages never say whether an e-mail address has an account (no user enumeration): sign-up and
reset always answer the same way and tell the real owner by e-mail instead.
"""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from portal import mail
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.models import Role, User, utcnow
from portal.security import (
    burn_password_check,
    fingerprint,
    hash_password,
    make_token,
    needs_rehash,
    password_problem,
    read_token,
    verify_password,
)
from portal.services import audit, legal

SIGNUP_ROLES = (Role.SEEKER, Role.EMPLOYER, Role.SCHOOL)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


# Sign-up and verification -------------------------------------------------------------------


def sign_up(
    *, name: str, email: str, password: str, role: Role | str, terms_version: str
) -> User | None:
    """Create an unverified account and e-mail its link. Returns None if the e-mail is taken
    (the owner is told by e-mail; the page says the same thing either way).

    `terms_version` is the version of the terms the page showed: it is recorded as the one the
    person agreed to, so it must still be the current one."""
    role = Role(role)
    if role not in SIGNUP_ROLES:
        raise ValidationFailed(_("Choose what brings you here."), field="role")
    terms = legal.current_terms()
    if terms_version != terms.number:
        raise ValidationFailed(
            _("The terms of use changed while you were signing up. Read version %(number)s and "
              "agree again.", number=terms.number),
            field="adult",
        )  # fmt: skip
    email = normalize_email(email)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise ValidationFailed(problem, field="password")
    existing = find_by_email(email)
    if existing is not None:
        burn_password_check(password)
        mail.queue_email(
            existing.email,
            _("Someone tried to sign up with your e-mail"),
            "signup_existing",
            user=existing,
            login_url=external_url("auth.login"),
            reset_url=external_url("auth.forgot_password"),
        )
        db.session.commit()
        return None
    user = User(
        name=name.strip(),
        email=email,
        password_hash=hash_password(password),
        role=role,
        terms_version=terms.number,
        terms_accepted_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    _queue_verification(user)
    db.session.commit()
    return user


def _verification_token(user: User) -> str:
    return make_token(
        "verify", {"uid": user.id, "fp": fingerprint(user.email, user.email_verified)}
    )


def _queue_verification(user: User) -> None:
    mail.queue_email(
        user.email,
        _("Confirm your e-mail address"),
        "verify_email",
        user=user,
        verify_url=external_url("auth.verify_email", token=_verification_token(user)),
    )


def resend_verification(email: str) -> None:
    user = find_by_email(email)
    if user is not None and not user.email_verified and user.is_active:
        _queue_verification(user)
        db.session.commit()


def verify_email(token: str) -> User | None:
    """Mark the address verified. A used, expired or forged link returns None."""
    data = read_token("verify", token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if data is None:
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("fp") != fingerprint(user.email, user.email_verified):
        return None
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


# Log-in ------------------------------------------------------------------------------------


class LoginResult:
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    UNVERIFIED = "unverified"


def authenticate(email: str, password: str) -> tuple[str, User | None, bool]:
    """Check a password: (result, user, whether this is the account's first log-in). Unknown
    e-mails cost the same time as known ones."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        burn_password_check(password)
        audit.record_now("login_failed", actor=user)
        return LoginResult.BAD_CREDENTIALS, None, False
    if not verify_password(user.password_hash, password):
        audit.record_now("login_failed", actor=user)
        return LoginResult.BAD_CREDENTIALS, None, False
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if not user.email_verified:
        db.session.commit()
        return LoginResult.UNVERIFIED, user, False
    return LoginResult.OK, user, record_login(user)


def record_login(user: User) -> bool:
    """Note a log-in; True when it is the account's first."""
    first_login = user.last_login_at is None
    user.last_login_at = utcnow()
    audit.record("login", actor=user)
    db.session.commit()
    return first_login


def end_all_sessions(user: User) -> None:
    """Logout, password change, disable: every session and remember-me cookie stops working."""
    user.rotate_session_token()
    db.session.commit()


# Passwords ---------------------------------------------------------------------------------


def _reset_token(user: User) -> str:
    return make_token("reset", {"uid": user.id, "fp": fingerprint(user.password_hash)})


def request_password_reset(email: str) -> None:
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    mail.queue_email(
        user.email,
        _("Reset your password"),
        "reset_password",
        user=user,
        reset_url=external_url("auth.reset_password", token=_reset_token(user)),
        minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60,
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User | None:
    data = read_token("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    if data is None:
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or data.get("fp") != fingerprint(user.password_hash):
        return None
    return user


def reset_password(token: str, new_password: str) -> User | None:
    user = user_for_reset_token(token)
    if user is None:
        return None
    _set_password(user, new_password)
    # Following the link proves the person reads this mailbox.
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.commit()
    return user


def _set_password(user: User, new_password: str) -> None:
    problem = password_problem(new_password, email=user.email, name=user.name)
    if problem:
        raise ValidationFailed(problem, field="new_password")
    user.password_hash = hash_password(new_password)
    user.rotate_session_token()
    # Whoever asked for a change of e-mail knew the old password: that request dies with it.
    user.email_change_key = None


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise ValidationFailed(_("Your current password is not right."), field="current_password")
    _set_password(user, new_password)
    mail.queue_email(user.email, _("Your password was changed"), "password_changed", user=user)
    db.session.commit()


# E-mail change -----------------------------------------------------------------------------
# The links carry a fingerprint of the address, the password hash and the pending request's key,
# so they stop working once the address changes, the password is changed or reset, the change is
# cancelled from the old address, or a newer change is asked for.


def _email_change_fingerprint(user: User) -> str:
    return fingerprint(user.email, user.password_hash, user.email_change_key)


def request_email_change(user: User, current_password: str, new_email: str) -> None:
    """E-mail a confirmation link to the new address; the old one gets a link to cancel."""
    if not verify_password(user.password_hash, current_password):
        raise ValidationFailed(_("Your current password is not right."), field="current_password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise ValidationFailed(_("This is already your e-mail address."), field="new_email")
    user.email_change_key = secrets.token_hex(16)
    fp = _email_change_fingerprint(user)
    token = make_token("email", {"uid": user.id, "new": new_email, "fp": fp})
    if find_by_email(new_email) is None:
        mail.queue_email(
            new_email,
            _("Confirm your new e-mail address"),
            "change_email",
            user=user,
            confirm_url=external_url("auth.confirm_email_change", token=token),
        )
    cancel_token = make_token("email-cancel", {"uid": user.id, "fp": fp})
    mail.queue_email(
        user.email,
        _("A change of e-mail address was asked for"),
        "change_email_notice",
        user=user,
        new_email=new_email,
        cancel_url=external_url("auth.cancel_email_change", token=cancel_token),
        reset_url=external_url("auth.forgot_password"),
    )
    db.session.commit()


def _user_for_email_token(purpose: str, token: str) -> tuple[User | None, dict[str, Any]]:
    data = read_token(purpose, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if data is None:
        return None, {}
    user = db.session.get(User, data.get("uid"))
    if (
        user is None
        or not user.is_active
        or user.email_change_key is None
        or data.get("fp") != _email_change_fingerprint(user)
    ):
        return None, {}
    return user, data


def confirm_email_change(token: str) -> User | None:
    user, data = _user_for_email_token("email", token)
    if user is None or find_by_email(data.get("new", "")) is not None:
        return None
    user.email = data["new"]
    user.email_verified_at = utcnow()
    user.email_change_key = None
    user.rotate_session_token()
    db.session.commit()
    return user


def cancel_email_change(token: str) -> User | None:
    """The old address refuses the change. Whoever asked knew the password, so every session
    ends too; the page then advises a new password."""
    user, _data = _user_for_email_token("email-cancel", token)
    if user is None:
        return None
    user.email_change_key = None
    user.rotate_session_token()
    db.session.commit()
    return user


# Administration ----------------------------------------------------------------------------


def create_admin(email: str, name: str) -> tuple[User, str]:
    """A verified admin with a generated password, shown once to whoever runs the command."""
    email = normalize_email(email)
    if find_by_email(email) is not None:
        raise ValidationFailed(_("An account with this e-mail already exists."), field="email")
    password = secrets.token_urlsafe(15)
    user = User(
        name=name,
        email=email,
        password_hash=hash_password(password),
        role=Role.ADMIN,
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.commit()
    return user, password


def set_disabled(user: User, disabled: bool, by: User | None = None) -> None:
    user.disabled_at = utcnow() if disabled else None
    user.rotate_session_token()
    audit.record("account_disabled" if disabled else "account_enabled", actor=by, subject=user)
    db.session.commit()


def set_timezone(user: User, text: str) -> str:
    """Remember the zone pages show times in for this account; returns the IANA name."""
    from portal import places

    zone = places.canonical_timezone(text)
    if zone is None:
        raise ValidationFailed(
            _(
                "We do not know the time zone “%(text)s”. Try a city (Houston), an abbreviation "
                "(IST, ET, CT, PT) or a name like Asia/Kolkata.",
                text=text.strip()[:64],
            ),
            field="timezone",
        )
    user.timezone = zone
    db.session.commit()
    return zone
