"""The emails pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.emails.views import bp

__all__ = ["bp"]
