from flask import Blueprint

bp = Blueprint("schools", __name__, url_prefix="/school")

from portal.blueprints.schools import claims, cohorts, placement, staff, views  # noqa: E402, F401
