"""One blueprint per area of the product; `create_app` registers them in this order."""

from portal.blueprints.admin import bp as admin_bp
from portal.blueprints.auth import bp as auth_bp
from portal.blueprints.main import bp as main_bp

BLUEPRINTS = [main_bp, auth_bp, admin_bp]
