"""The seekers pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.seekers import steps, verification  # noqa: F401
from portal.blueprints.seekers.views import bp

__all__ = ["bp"]
