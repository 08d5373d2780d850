from flask import Blueprint

# Routes sit beside the pages they belong to (/jobs/<id>/apply, /applications, /employer/...).
bp = Blueprint("applications", __name__)

from portal.blueprints.applications import views  # noqa: E402, F401
