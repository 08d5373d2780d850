"""The alerts pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.alerts.views import bp

__all__ = ["bp"]
