"""The main pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.main.views import bp

__all__ = ["bp"]
