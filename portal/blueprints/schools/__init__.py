"""The schools pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.schools import claims, cohorts, placement, staff  # noqa: F401
from portal.blueprints.schools.views import bp

__all__ = ["bp"]
