from flask import Blueprint

bp = Blueprint("employers", __name__)

from portal.blueprints.employers import views  # noqa: E402, F401
