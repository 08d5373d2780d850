"""The jobs pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.jobs import employer  # noqa: F401
from portal.blueprints.jobs.views import bp

__all__ = ["bp"]
