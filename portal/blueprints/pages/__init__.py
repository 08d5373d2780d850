"""The pages pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.pages.views import bp

__all__ = ["bp"]
