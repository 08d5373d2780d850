"""Passwords, signed e-mail tokens, safe redirects and response headers."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, abort, current_app, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.routing import IntegerConverter, Map

from portal.text import has_control_characters

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["PASSWORD_HASH_TIME_COST"],
        memory_cost=cfg["PASSWORD_HASH_MEMORY_KIB"],
        parallelism=cfg["PASSWORD_HASH_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash(params: tuple[int, int, int]) -> str:
    return PasswordHasher(*params).hash("not-a-real-password")


def burn_password_check(password: str) -> None:
    """Spend the same time as a real check, so unknown e-mails cannot be told apart by timing."""
    cfg = current_app.config
    params = (
        cfg["PASSWORD_HASH_TIME_COST"],
        cfg["PASSWORD_HASH_MEMORY_KIB"],
        cfg["PASSWORD_HASH_PARALLELISM"],
    )
    verify_password(_dummy_hash(params), password)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("portal").joinpath("data/common_passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


# Words anyone would try first on this site: its name and what it is about.
SITE_WORDS = (
    "codermatch",
    "medicalcoder",
    "medicalcoders",
    "medicalcoding",
    "medicalbiller",
    "medicalbilling",
    "coder",
    "coding",
    "password",
)
# A password that is nothing but these words (and digits or symbols) keeps fewer than this many
# letters of its own.
MIN_OWN_LETTERS = 4


def _letters(text: str) -> str:
    return re.sub(r"[^\w]|[\d_]", "", text.lower())


def _personal_words(email: str, name: str) -> set[str]:
    """Parts of the name and the e-mail address (local part and domain labels)."""
    local, _at, domain = email.lower().partition("@")
    words = {*re.split(r"[\W_]+", name.lower()), *re.split(r"[\W_]+", local)}
    words |= {_letters(name), _letters(local), *domain.split(".")[:-1]}
    site = _letters(current_app.config.get("SITE_NAME", "")) if current_app else ""
    words |= {site, *SITE_WORDS}
    return {_letters(w) for w in words if len(_letters(w)) >= 3}


def _own_letters(password: str, words: set[str]) -> str:
    """The password's letters once every personal or site word is taken out (longest first)."""
    rest = _letters(password)
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return rest


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a new password is refused, in plain words, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _(
            "Use at least %(n)s characters. A short sentence works well.", n=MIN_PASSWORD_LENGTH
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(n)s characters.", n=MAX_PASSWORD_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords():
        return _("This password is too common. Try a short sentence only you would know.")
    if email and lowered == email.lower():
        return _("Do not use your e-mail address as your password.")
    if len(_own_letters(password, _personal_words(email, name))) < MIN_OWN_LETTERS:
        return _(
            "Do not build your password from your name, your e-mail address or the name of "
            "this site. Try a short sentence only you would know."
        )
    if len(set(lowered)) < 3:
        return _("This password is too easy to guess. Try a short sentence only you would know.")
    return None


# Signed e-mail tokens -----------------------------------------------------------------------
# A token carries a fingerprint of the state it acts on (the current e-mail, the password hash):
# once used, that state changes and the same link no longer verifies. Nothing is stored.


def fingerprint(*parts: Any) -> str:
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:24]


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"portal.{purpose}")


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict[str, Any] | None:
    """The payload of a valid, unexpired token for this purpose, else None."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    return data if isinstance(data, dict) else None


# Redirects and headers ------------------------------------------------------------------------


def is_safe_next(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


# Sent with every response unless the view set its own: (lower-case name, name, value).
SECURITY_HEADERS = tuple(
    (name.lower(), name, value)
    for name, value in (
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    )
)
HSTS = (
    "strict-transport-security",
    "Strict-Transport-Security",
    "max-age=31536000; includeSubDomains",
)
# Pages for a signed-in person may hold personal data: never keep them in shared caches.
PRIVATE = ("cache-control", "Cache-Control", "no-store")


def set_security_headers(response: Response) -> Response:
    """The headers above, each unless the response has it already (one look at the headers,
    not three per header as `setdefault` takes)."""
    headers = response.headers
    present = set(headers.keys(lower=True))
    wanted = list(SECURITY_HEADERS)
    if current_app.config.get("PORTAL_ENV") == "production":
        wanted.append(HSTS)
    if request.cookies.get(current_app.config.get("SESSION_COOKIE_NAME", "session")):
        wanted.append(PRIVATE)
    for lower, name, value in wanted:
        if lower not in present:
            headers.add(name, value)
    return response


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in an address: an id fits the database's integer; a longer number is a 404
    (it used to reach the query and fail there with a 500)."""

    def __init__(
        self,
        url_map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = 2**31 - 1,
        signed: bool = False,
    ) -> None:
        super().__init__(url_map, fixed_digits, min, max, signed)


def refuse_control_characters() -> None:
    """Addresses and query strings never carry control characters, and no form value carries a
    NUL (no keyboard types one; PostgreSQL cannot store it): such a request is a 400. Other
    control characters in form fields are cleaned by `portal.web.forms.Form`."""
    if has_control_characters(request.path) or any(
        has_control_characters(key) or has_control_characters(value)
        for key, value in request.args.items(multi=True)
    ):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and any(
        "\x00" in key or "\x00" in value for key, value in request.form.items(multi=True)
    ):
        abort(400)
    # Only a multipart body carries files: other requests need not have their body parsed.
    if request.mimetype == "multipart/form-data" and any(
        "\x00" in (storage.filename or "") for storage in request.files.values()
    ):
        abort(400)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(refuse_control_characters)
    app.after_request(set_security_headers)
