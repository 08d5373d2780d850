"""Which statuses allow what: editing, closing, counting as finished; and their labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import JobStatus

EDITABLE = (
    JobStatus.DRAFT,
    JobStatus.PENDING_REVIEW,
    JobStatus.PUBLISHED,
    JobStatus.REJECTED,
)
CLOSABLE = (JobStatus.PUBLISHED, JobStatus.PENDING_REVIEW, JobStatus.EXPIRED)
FINISHED = (JobStatus.CLOSED, JobStatus.FILLED, JobStatus.EXPIRED)

STATUS_LABELS: dict[str, str] = {
    JobStatus.DRAFT: _l("Draft"),
    JobStatus.PENDING_REVIEW: _l("Waiting for review"),
    JobStatus.PUBLISHED: _l("Published"),
    JobStatus.REJECTED: _l("Not approved"),
    JobStatus.CLOSED: _l("Closed"),
    JobStatus.FILLED: _l("Filled"),
    JobStatus.EXPIRED: _l("Expired"),
}
