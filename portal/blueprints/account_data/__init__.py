from flask import Blueprint

bp = Blueprint("account_data", __name__, url_prefix="/account")

from portal.blueprints.account_data import views  # noqa: E402, F401
