"""What the seeker's and the employer's pages of this blueprint share."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.errors import NotFound
from portal.models import User

P = ParamSpec("P")
R = TypeVar("R")

# Said instead of what was flagged in a held message or invitation.
CHECKED_BEFORE_DELIVERY = _l("Our team checks this message before it is delivered.")


def acting_user() -> User:
    """The person behind this request, for the services' explicit `user` argument."""
    return cast(User, current_user._get_current_object())


def signed_in_user() -> User | None:
    """The signed-in person, or None for a visitor."""
    return acting_user() if current_user.is_authenticated else None


def or_404(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call a service; its NotFound is the 404 page (never a 403 that confirms a row exists)."""
    try:
        return func(*args, **kwargs)
    except NotFound:
        abort(404)
