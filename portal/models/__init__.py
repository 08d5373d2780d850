"""All models, imported here so Alembic and `db.create_all` see every table."""

from portal.models.base import utcnow
from portal.models.mail import MailOutbox
from portal.models.organization import (
    MemberRole,
    Organization,
    OrganizationMember,
    organization_of,
)
from portal.models.outbox import SearchOutbox
from portal.models.user import Role, User

__all__ = [
    "MailOutbox",
    "MemberRole",
    "Organization",
    "OrganizationMember",
    "organization_of",
    "Role",
    "SearchOutbox",
    "User",
    "utcnow",
]
