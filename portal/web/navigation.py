"""The header bar, the account menu and the footer for each role, and the unread badge.

Each area adds its pages here: at most four pages per role in the bar (the account menu is the
fifth item; a test holds every role to `MAX_NAV_ITEMS`), the rest in the account menu.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import g, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.models import Role, User
from portal.services.notifications import unread_count

# A navigation entry: its label (lazily translated), its endpoint, the roles that see it.
NavItem = tuple[object, str, set[Role]]

NAV_ITEMS: list[NavItem] = [
    (_l("Dashboard"), "main.dashboard", {Role.SEEKER, Role.EMPLOYER, Role.SCHOOL, Role.ADMIN}),
    (_l("Search jobs"), "search.jobs", {Role.SEEKER}),
    (_l("Your applications"), "applications.mine", {Role.SEEKER}),
    (_l("Your profile"), "seekers.overview", {Role.SEEKER}),
    (_l("Your jobs"), "jobs.employer_jobs", {Role.EMPLOYER}),
    (_l("Applicants"), "applications.overview", {Role.EMPLOYER}),
    (_l("Find candidates"), "search.candidates", {Role.EMPLOYER}),
    (_l("Your graduates"), "schools.graduates", {Role.SCHOOL}),
    (_l("Moderation"), "admin.moderation", {Role.ADMIN}),
    (_l("Credentials to check"), "seekers.credentials_to_check", {Role.ADMIN}),
    (_l("Users"), "admin.users", {Role.ADMIN}),
]
MAX_NAV_ITEMS = 4  # a test holds every role to it
# The account menu (a <details>, so it opens without JavaScript); "Log out" ends it.
ACCOUNT_ITEMS: list[NavItem] = [
    (_l("Notifications"), "applications.notifications", {Role.SEEKER, Role.EMPLOYER}),
    (_l("Jobs for you"), "search.jobs_for_you", {Role.SEEKER}),
    (_l("Saved searches"), "alerts.index", {Role.SEEKER, Role.EMPLOYER}),
    (_l("Organization"), "employers.organization", {Role.EMPLOYER}),
    (_l("E-mails we send you"), "emails.preferences", set(Role)),
    (_l("Account settings"), "auth.account", set(Role)),
]
# Every page's footer: the pages people look for before they trust a site.
FOOTER_ITEMS: list[tuple[object, str]] = [
    (_l("About"), "pages.about"),
    (_l("Help"), "pages.help"),
    (_l("Spotting a scam"), "pages.scams"),
    (_l("Privacy notice"), "pages.privacy"),
    (_l("Terms of use"), "pages.terms"),
    (_l("Contact"), "pages.contact"),
]


# The same labels and addresses for every page in one language under one mount point: built
# once per (list, role, language, script root) and kept, not translated and routed per request.
_BUILT: dict[tuple[object, ...], list[tuple[str, str]]] = {}


def _built(key: tuple[object, ...], build: Iterable[tuple[object, str]]) -> list[tuple[str, str]]:
    full = (*key, str(get_locale()), request.script_root)
    links = _BUILT.get(full)
    if links is None:
        links = [(str(label), url_for(endpoint)) for label, endpoint in build]
        _BUILT[full] = links
    return list(links)


def _links(items: list[NavItem]) -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    role = current_user.role
    return _built(
        (id(items), role),
        ((label, endpoint) for label, endpoint, roles in items if role in roles),
    )


def navigation() -> list[tuple[str, str]]:
    """(label, url) pairs of the header bar for the signed-in person's role, in the order they
    matter."""
    return _links(NAV_ITEMS)


def account_menu() -> list[tuple[str, str]]:
    """(label, url) pairs of the account menu for the signed-in person's role."""
    return _links(ACCOUNT_ITEMS)


def footer_links() -> list[tuple[str, str]]:
    """(label, url) pairs of the footer, the same for everyone."""
    return _built(("footer",), FOOTER_ITEMS)


def unread_notifications() -> int:
    """The count next to "Notifications" in the account menu (seekers and employers). The page
    layout asks for it; it is counted once per request, however many templates render: with the
    account when the request signs in (`remember_unread`), else here."""
    if "unread_notifications" not in g:
        user = current_user
        g.unread_notifications = unread_count(user) if _counts_unread(user) else 0
    count: int = g.unread_notifications
    return count


def remember_unread(user: User, count: int) -> None:
    """The unread count read with the account at the start of the request. Marking
    notifications read is a form that redirects, so the count cannot change before the page."""
    g.unread_notifications = count if _counts_unread(user) else 0


def _counts_unread(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in (Role.SEEKER, Role.EMPLOYER))
