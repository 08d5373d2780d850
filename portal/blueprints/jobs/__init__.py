from flask import Blueprint

bp = Blueprint("jobs", __name__)

from portal.blueprints.jobs import views  # noqa: E402, F401
