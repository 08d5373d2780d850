from flask import Blueprint

bp = Blueprint("emails", __name__, url_prefix="/emails")

from portal.blueprints.emails import views  # noqa: E402, F401
