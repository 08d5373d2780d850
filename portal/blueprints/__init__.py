"""One blueprint per area of the product; `create_app` registers them in this order."""

from portal.blueprints.admin import bp as admin_bp
from portal.blueprints.alerts import bp as alerts_bp
from portal.blueprints.applications import bp as applications_bp
from portal.blueprints.auth import bp as auth_bp
from portal.blueprints.emails import bp as emails_bp
from portal.blueprints.employers import bp as employers_bp
from portal.blueprints.jobs import bp as jobs_bp
from portal.blueprints.main import bp as main_bp
from portal.blueprints.pages import bp as pages_bp
from portal.blueprints.schools import bp as schools_bp
from portal.blueprints.search import bp as search_bp
from portal.blueprints.seekers import bp as seekers_bp

BLUEPRINTS = [
    main_bp,
    pages_bp,
    auth_bp,
    admin_bp,
    seekers_bp,
    schools_bp,
    employers_bp,
    jobs_bp,
    search_bp,
    applications_bp,
    alerts_bp,
    emails_bp,
]
