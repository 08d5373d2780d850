"""The applications blueprint and what its route modules share."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

# Routes sit beside the pages they belong to (/jobs/<id>/apply, /applications, /employer/...).
bp = Blueprint("applications", __name__)

# Said instead of what was flagged in a held message or invitation.
CHECKED_BEFORE_DELIVERY = _l("Our team checks this message before it is delivered.")
