"""What the home page and each role's dashboard show. Each area adds its part here."""

from __future__ import annotations

from typing import Any

from portal.models import User


def home_context() -> dict[str, Any]:
    return {}


def dashboard_context(user: User) -> dict[str, Any]:
    return {"user": user}
