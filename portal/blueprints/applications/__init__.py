"""Applying, "My applications", invitations, messages, notifications, and the employer's
pipeline. Views parse the request, call `services.applications` / `messages` /
`notifications`, and render; the services decide who may do what (others' objects are 404).
Importing each route module registers its views on `bp`:

- `seeker`: applying, the confirmation, "My applications" with the thread, withdrawing.
- `invitations`: the employer invites; the seeker accepts (and applies) or declines.
- `pipeline`: the employer's applicants, stages, notes, ratings and messages.
- `notifications`: the notification list.
"""

from portal.blueprints.applications import invitations, notifications, pipeline, seeker  # noqa: F401
from portal.blueprints.applications.views import bp

__all__ = ["bp"]
