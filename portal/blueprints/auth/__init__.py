"""The auth pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.auth.views import bp

__all__ = ["bp"]
