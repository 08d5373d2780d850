"""The admin pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.admin import audit, mail, moderation  # noqa: F401
from portal.blueprints.admin.views import bp

__all__ = ["bp"]
