"""The employers pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.employers.views import bp

__all__ = ["bp"]
