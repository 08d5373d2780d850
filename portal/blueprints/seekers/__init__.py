from flask import Blueprint

bp = Blueprint("seekers", __name__, url_prefix="/profile")

from portal.blueprints.seekers import steps, verification, views  # noqa: E402, F401
