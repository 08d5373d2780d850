"""Applying, "My applications", invitations, messages, notifications, and the employer's
pipeline. Views parse the request, call `services.applications` / `messages` /
`notifications`, and render; the services decide who may do what (others' objects are 404).

- `seeker`: applying, the confirmation, "My applications" with the thread, withdrawing.
- `invitations`: the employer invites; the seeker accepts (and applies) or declines.
- `pipeline`: the employer's applicants, stages, notes, ratings and messages.
- `notifications`: the notification list.
- `present`: template globals for these pages.
"""

from flask import Blueprint

# Routes sit beside the pages they belong to (/jobs/<id>/apply, /applications, /employer/...).
bp = Blueprint("applications", __name__)

from portal.blueprints.applications import (  # noqa: E402, F401
    invitations,
    notifications,
    pipeline,
    present,
    seeker,
)
