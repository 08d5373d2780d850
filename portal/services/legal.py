"""The terms of use and the privacy notice are versioned: each change adds a version here (newest
last) and a line saying what changed. Sign-up records the terms version the person agreed to, so
we can always tell which text someone accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Version:
    number: str
    published_on: date
    changes: str


TERMS_VERSIONS: tuple[Version, ...] = (Version("1.0", date(2026, 11, 27), _l("First version.")),)
PRIVACY_VERSIONS: tuple[Version, ...] = (Version("1.0", date(2026, 11, 27), _l("First version.")),)


def current_terms() -> Version:
    return TERMS_VERSIONS[-1]


def current_privacy() -> Version:
    return PRIVACY_VERSIONS[-1]
