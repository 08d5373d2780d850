"""All models, imported here so Alembic and `db.create_all` see every table."""

from portal.models.base import utcnow
from portal.models.mail import MailOutbox
from portal.models.outbox import SearchOutbox
from portal.models.user import Role, User

__all__ = ["MailOutbox", "Role", "SearchOutbox", "User", "utcnow"]
