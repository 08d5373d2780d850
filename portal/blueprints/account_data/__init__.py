"""The account data pages. Importing each route module registers its views on `bp`."""

from portal.blueprints.account_data.views import bp

__all__ = ["bp"]
