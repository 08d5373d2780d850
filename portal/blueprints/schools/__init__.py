from flask import Blueprint

bp = Blueprint("schools", __name__, url_prefix="/school")

from portal.blueprints.schools import views  # noqa: E402, F401
