"""Flask-Login wiring. The cookie holds the user's current session token, not the user id, so
rotating the token (logout, password change, disable) makes every earlier cookie worthless."""

from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa
from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import OrganizationMember, User
from portal.services.notifications import unread_count_column
from portal.web import navigation


def load_user(token: str) -> User | None:
    if not token:
        return None
    row = db.session.execute(_user_by_token(), {"token": token}).first()
    if row is None:
        return None
    user, unread = row
    if not user.is_active:
        return None
    navigation.remember_unread(user, unread)
    return user


@lru_cache(maxsize=1)
def _user_by_token() -> sa.Select[User, int]:
    """`load_user`'s select, built once: every signed-in request runs it, and building it cost
    more than running it. It brings what every signed-in page asks next, the account menu's
    unread count and an employer's organization: one statement where there were three."""
    return (
        sa.select(User, unread_count_column().label("unread"))
        .options(joinedload(User.membership).joinedload(OrganizationMember.organization))
        .where(User.session_token == sa.bindparam("token"))
    )


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer for a request that brings
    no session cookie (every visitor's page): that request's session starts empty either way."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask, login_manager: LoginManager) -> None:
    app.session_interface = CookieSessions()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
