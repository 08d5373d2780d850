"""The search pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.search.views import bp

__all__ = ["bp"]
